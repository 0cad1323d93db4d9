//! rapport-core: the domain and the encrypted storage of Rapport, with no knowledge of any
//! user interface. The desktop shell and the command-line tool are thin adapters over it.

pub mod areas;
pub mod audit;
pub mod backup;
pub mod check;
pub mod clients;
pub mod clock;
pub mod course;
pub mod db;
pub mod error;
pub mod formulation;
pub mod idle;
pub mod ids;
pub mod input;
pub mod inventory;
pub mod keys;
pub mod medication;
pub mod notes;
pub mod passphrase;
pub mod record;
pub mod recovery;
mod rows;
pub mod safety;
pub mod sample;
pub mod search;
pub mod settings;
pub mod tasks;
pub mod timeline;
pub mod today;
pub mod vault;

pub use error::{Error, Result};
pub use secrecy::SecretString;

/// The version of this build, as shown in the app and written into backups.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
