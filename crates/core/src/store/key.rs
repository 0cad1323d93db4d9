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

    /// `<before>x'<64 hex digits>'<after>`, built in a buffer sized once, so no copy of the key
    /// is left behind by a reallocation; wiped when dropped.
    pub(crate) fn pragma(&self, before: &str, after: &str) -> Zeroizing<String> {
        let mut hex = Zeroizing::new([0u8; 64]);
        hex::encode_to_slice(self.0.as_ref(), hex.as_mut()).expect("64 bytes for 32");
        // SQLCipher silently treats a malformed raw key as a passphrase; refuse to go on.
        assert!(hex.iter().all(u8::is_ascii_hexdigit));
        let mut out = Zeroizing::new(String::with_capacity(before.len() + 67 + after.len()));
        let capacity = out.capacity();
        out.push_str(before);
        out.push_str("x'");
        out.push_str(std::str::from_utf8(hex.as_ref()).expect("hex is ASCII"));
        out.push('\'');
        out.push_str(after);
        debug_assert_eq!(out.capacity(), capacity, "the key was copied by a reallocation");
        out
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

    /// A public name for this key: 16 bytes of an HMAC under it, in hex. Two fingerprints
    /// are equal exactly when the keys are; one tells nothing about the key.
    pub(crate) fn fingerprint(&self) -> String {
        hex::encode(&self.derive(b"rapport data key fingerprint v1")[..16])
    }

    /// The key of the audit chain's MACs.
    pub(crate) fn audit_key(&self) -> Zeroizing<[u8; 32]> {
        self.derive(b"rapport audit chain key v1")
    }

    fn derive(&self, label: &[u8]) -> Zeroizing<[u8; 32]> {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(self.bytes())
            .expect("HMAC takes a key of any length");
        mac.update(label);
        Zeroizing::new(mac.finalize().into_bytes().into())
    }

    /// A key for authenticating backup headers, derived from the data key so that any holder
    /// of the vault (whatever its passphrase today) can check a backup of it.
    pub(crate) fn backup_mac_key(&self) -> Zeroizing<[u8; 32]> {
        self.derive(b"rapport backup header key v1")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn raw_key_literal_is_exactly_64_hex_digits() {
        let key = DataKey::generate(&mut StdRng::seed_from_u64(1));
        let lit = key.pragma("", "");
        assert!(lit.starts_with("x'") && lit.ends_with('\''));
        assert_eq!(lit.len(), 64 + 3);
        let pragma = key.pragma("PRAGMA key = \"", "\";");
        assert_eq!(pragma.len(), 14 + 64 + 3 + 2);
    }

    #[test]
    fn fingerprints_tell_keys_apart_and_derived_keys_differ() {
        let mut rng = StdRng::seed_from_u64(1);
        let a = DataKey::generate(&mut rng);
        let b = DataKey::generate(&mut rng);
        assert_eq!(a.fingerprint(), a.duplicate().fingerprint());
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint().len(), 32);
        assert_ne!(*a.audit_key(), *a.backup_mac_key());
        assert!(!a.fingerprint().contains(&hex::encode(&a.bytes()[..4])));
    }
}
