//! The data key: 32 random bytes that SQLCipher encrypts the database with. It exists on disk
//! only sealed (see `vault::keys`) and in memory only in a zeroizing buffer.

use rand::{CryptoRng, RngCore};
use zeroize::Zeroizing;

/// The 32-byte key SQLCipher encrypts the database with. Wiped from memory when dropped.
pub struct DataKey(Zeroizing<[u8; 32]>);

impl DataKey {
    pub fn generate(rng: &mut (impl RngCore + CryptoRng)) -> Self {
        let mut key = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(key.as_mut());
        DataKey(key)
    }

    /// The key as SQLCipher's raw-key literal, `x'<64 hex digits>'`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode(self.0.as_ref()));
        // SQLCipher silently treats a malformed raw key as a passphrase; refuse to go on.
        assert!(hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
        Zeroizing::new(format!("x'{}'", hex.as_str()))
    }

    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; 32]>) -> Self {
        DataKey(bytes)
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A second copy, for work that outlives the borrow of the vault (finishing a backup).
    pub(crate) fn duplicate(&self) -> DataKey {
        DataKey(Zeroizing::new(*self.0))
    }

    /// A key for authenticating backup headers, derived from the data key so that any holder
    /// of the vault (whatever its passphrase today) can check a backup of it.
    pub(crate) fn backup_mac_key(&self) -> Zeroizing<[u8; 32]> {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(self.bytes())
            .expect("HMAC takes a key of any length");
        mac.update(b"rapport backup header key v1");
        Zeroizing::new(mac.finalize().into_bytes().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn sqlcipher_literal_is_exactly_64_hex_digits() {
        let key = DataKey::generate(&mut StdRng::seed_from_u64(1));
        let lit = key.sqlcipher_literal();
        assert!(lit.starts_with("x'") && lit.ends_with('\''));
        assert_eq!(lit.len(), 64 + 3);
    }
}
