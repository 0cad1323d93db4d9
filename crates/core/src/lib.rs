//! rapport-core: the domain and the encrypted storage of Rapport, with no knowledge of any
//! user interface. The desktop shell and the command-line tool are thin adapters over it.

pub mod audit;
pub mod check;
pub mod clock;
pub mod db;
pub mod error;
pub mod idle;
pub mod keys;
pub mod passphrase;
pub mod recovery;
pub mod settings;
pub mod vault;

pub use error::{Error, Result};
pub use secrecy::SecretString;

/// The version of this build, as shown in the app and written into backups.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
