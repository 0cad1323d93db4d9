//! Storage plumbing, private to the core: the encrypted database and its one `open`, the data
//! key, the schema's migrations, moving typed records in and out of rows, stored names of
//! enums, integrity checks, and files written so that a crash never leaves half of one.

pub(crate) mod chain_key;
pub(crate) mod db;
pub(crate) mod files;
pub(crate) mod integrity;
pub(crate) mod key;
pub(crate) mod migrations;
pub(crate) mod rows;
pub(crate) mod search_index;
pub(crate) mod text;

#[cfg(test)]
mod guards;
