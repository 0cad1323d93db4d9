//! The client record, one module per kind, each holding its input type, its stored type,
//! its validation and its queries: the client and their status, the course and its sessions,
//! the interpersonal inventory and closeness circle, formulation versions, problem areas and
//! goals, the timeline, medication and prescriber, relapse warning signs, the safety plan. Words they share live in
//! [`vocabulary`]. A record kind may use the vocabulary and the client; no other import runs
//! between them in both directions.

pub mod areas;
pub mod boosters;
pub mod clients;
pub mod contacts;
pub mod counting;
pub mod course;
pub mod formulation;
pub mod inventory;
pub mod medication;
pub mod relapse;
pub mod safety;
pub mod timeline;
pub mod vocabulary;
