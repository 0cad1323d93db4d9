//! What happens in sessions: the session note (drafts, signing, amendments, the private process
//! note beside it) and the work-at-home tasks set and reviewed there.

pub mod notes;
pub mod tasks;
