//! Read models across the whole practice: the client list, the Today view and search. They
//! read every record kind and change none.

pub mod clients;
pub mod outcomes;
pub mod search;
pub mod today;
