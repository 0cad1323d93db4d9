//! The audit chain's key on a connection. Each link of the chain (see `audit`) is an
//! HMAC-SHA256 under a key derived from the data key when the chain was first keyed, kept in
//! the encrypted database (`audit_chain_key`) so a change of data key does not break the
//! chain. It is handed to the connection as the SQL function [`LINK_FUNCTION`], so the
//! audit code keys its entries without carrying the key around; it lives as long as the
//! connection.

use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};
use sha2::Sha256;
use zeroize::Zeroizing;

/// `rapport_audit_link(prev, at, event, object_type, object_id, outcome)`: the keyed link.
pub(crate) const LINK_FUNCTION: &str = "rapport_audit_link";

/// Stores the chain's key in a database that has none yet (`derived` comes from its data
/// key), then gives it to the connection.
pub(crate) fn keep_and_install(conn: &Connection, derived: Zeroizing<[u8; 32]>) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO audit_chain_key (id, key) VALUES (1, ?1)",
        [derived.as_slice()],
    )?;
    install_stored(conn, derived)
}

/// Gives the connection the chain's key kept in its database, or `derived` when it keeps
/// none (a read-only copy of an older schema).
pub(crate) fn install_stored(conn: &Connection, derived: Zeroizing<[u8; 32]>) -> Result<()> {
    let stored: Option<Vec<u8>> = conn
        .query_row("SELECT key FROM audit_chain_key WHERE id = 1", [], |r| r.get(0))
        .optional()
        .ok()
        .flatten();
    let key = match stored {
        Some(mut bytes) => {
            let mut key = Zeroizing::new([0u8; 32]);
            if bytes.len() == 32 {
                key.copy_from_slice(&bytes);
            }
            zeroize::Zeroize::zeroize(&mut bytes);
            key
        }
        None => derived,
    };
    install(conn, key)
}

/// Gives `conn` the audit chain's key, for [`append`] and [`verify_chain`]. The key lives as
/// long as the connection.
pub(crate) fn install(conn: &Connection, key: Zeroizing<[u8; 32]>) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        LINK_FUNCTION,
        6,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |ctx| {
            let parts: Vec<Option<String>> =
                (0..6).map(|i| ctx.get::<Option<String>>(i)).collect::<rusqlite::Result<_>>()?;
            Ok(keyed_link(&key, &parts))
        },
    )?;
    Ok(())
}

fn keyed_link(key: &[u8; 32], parts: &[Option<String>]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes a key of any length");
    for part in parts.iter().map(|p| p.as_deref().unwrap_or("").as_bytes()) {
        mac.update(&(part.len() as u64).to_le_bytes());
        mac.update(part);
    }
    hex::encode(mac.finalize().into_bytes())
}
