//! The key file `vault.keys` and the envelope around the data key.
//!
//! The database is encrypted with a random 32-byte data key that never changes. The key file
//! holds two sealed copies of it (XChaCha20-Poly1305): one under a key derived from the
//! passphrase, one under a key derived from the recovery key, each with its own Argon2id
//! parameters and salt. The header fields are bound to each seal as associated data, so a
//! failed tag means exactly "this secret does not open this vault".
//!
//! Invariants: the file is JSON, self-describing (`format`, `version`); it is always replaced
//! atomically and mirrored to `vault.keys.bak`, so at every instant at least one readable copy
//! holds the data key.

use crate::error::{Error, Result};
use crate::store::files::write_atomic;
use crate::store::key::DataKey;
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::Path;
use zeroize::{Zeroize, Zeroizing};

pub const KEY_FILE: &str = "vault.keys";
pub const KEY_FILE_BAK: &str = "vault.keys.bak";
const FORMAT: &str = "rapport-vault-keys";
const FORMAT_VERSION: u32 = 1;

/// OWASP's floor for Argon2id; a key file asking for less is treated as damaged.
const MIN_MEMORY_KIB: u32 = 19 * 1024;
const MIN_ITERATIONS: u32 = 2;
/// A ceiling, so a crafted key file cannot make unlocking allocate unbounded memory.
const MAX_MEMORY_KIB: u32 = 2 * 1024 * 1024;
const MAX_ITERATIONS: u32 = 64;

/// Which secret a sealed copy of the data key answers to. Its serde name is part of the
/// associated data, so these names never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Passphrase,
    Recovery,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub algorithm: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
    #[serde(with = "hex")]
    pub salt: Vec<u8>,
}

impl KdfParams {
    /// The defaults for a passphrase: 64 MiB, 3 passes, 4 lanes, 32-byte salt.
    pub fn for_passphrase(rng: &mut (impl RngCore + CryptoRng)) -> Self {
        Self::new(64 * 1024, 3, 4, rng)
    }

    /// The recovery key already carries 160 random bits, so the floor is plenty.
    pub fn for_recovery_key(rng: &mut (impl RngCore + CryptoRng)) -> Self {
        Self::new(MIN_MEMORY_KIB, MIN_ITERATIONS, 1, rng)
    }

    fn new(memory_kib: u32, iterations: u32, lanes: u32, rng: &mut impl RngCore) -> Self {
        let mut salt = vec![0u8; 32];
        rng.fill_bytes(&mut salt);
        KdfParams { algorithm: "argon2id".into(), memory_kib, iterations, lanes, salt }
    }

    fn validate(&self) -> std::result::Result<(), String> {
        if self.algorithm != "argon2id" {
            return Err(format!("unknown key derivation '{}'", self.algorithm));
        }
        if !(MIN_MEMORY_KIB..=MAX_MEMORY_KIB).contains(&self.memory_kib)
            || !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&self.iterations)
            || !(1..=16).contains(&self.lanes)
        {
            return Err("key derivation parameters out of range".into());
        }
        if !(16..=64).contains(&self.salt.len()) {
            return Err("salt length out of range".into());
        }
        Ok(())
    }

    fn derive(&self, secret: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        let params = Params::new(self.memory_kib, self.iterations, self.lanes, Some(32))
            .map_err(|e| Error::Damaged { what: format!("key derivation parameters: {e}") })?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(secret, &self.salt, out.as_mut())
            .map_err(|e| Error::Damaged { what: format!("key derivation: {e}") })?;
        Ok(out)
    }
}

/// One sealed copy of the data key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedKey {
    pub kdf: KdfParams,
    #[serde(with = "hex")]
    pub nonce: Vec<u8>,
    #[serde(with = "hex")]
    pub ciphertext: Vec<u8>,
}

impl SealedKey {
    pub fn seal(
        data_key: &DataKey,
        secret: &[u8],
        kdf: KdfParams,
        purpose: Purpose,
        vault_id: &str,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<Self> {
        let wrapping = kdf.derive(secret)?;
        let cipher = XChaCha20Poly1305::new(wrapping.as_ref().into());
        let mut nonce = vec![0u8; 24];
        rng.fill_bytes(&mut nonce);
        let aad = associated_data(vault_id, purpose, &kdf);
        let ciphertext = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: data_key.bytes(), aad: &aad })
            .map_err(|_| Error::Damaged { what: "sealing the data key failed".into() })?;
        Ok(SealedKey { kdf, nonce, ciphertext })
    }

    /// `Ok(None)` when the secret is not the one this copy was sealed with.
    pub fn open(&self, secret: &[u8], purpose: Purpose, vault_id: &str) -> Result<Option<DataKey>> {
        let wrapping = self.kdf.derive(secret)?;
        let cipher = XChaCha20Poly1305::new(wrapping.as_ref().into());
        let aad = associated_data(vault_id, purpose, &self.kdf);
        let Ok(mut plain) = cipher
            .decrypt(XNonce::from_slice(&self.nonce), Payload { msg: &self.ciphertext, aad: &aad })
        else {
            return Ok(None);
        };
        let mut key = Zeroizing::new([0u8; 32]);
        let ok = plain.len() == 32;
        if ok {
            key.copy_from_slice(&plain);
        }
        plain.zeroize();
        Ok(ok.then_some(DataKey::from_bytes(key)))
    }

    fn validate(&self) -> std::result::Result<(), String> {
        self.kdf.validate()?;
        if self.nonce.len() != 24 || self.ciphertext.len() != 32 + 16 {
            return Err("sealed key has the wrong length".into());
        }
        Ok(())
    }
}

fn associated_data(vault_id: &str, purpose: Purpose, kdf: &KdfParams) -> Vec<u8> {
    format!(
        "{FORMAT}|{FORMAT_VERSION}|{vault_id}|{}|{}|{}|{}|{}|{}",
        crate::store::text::name(&purpose),
        kdf.algorithm,
        kdf.memory_kib,
        kdf.iterations,
        kdf.lanes,
        hex::encode(&kdf.salt)
    )
    .into_bytes()
}

/// The contents of `vault.keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFile {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub created: DateTime<Utc>,
    pub passphrase: SealedKey,
    pub recovery: SealedKey,
    /// Failed unlock attempts since the last success; drives the growing delay.
    #[serde(default)]
    pub failed_unlocks: u32,
    #[serde(default)]
    pub last_failed_unlock: Option<DateTime<Utc>>,
    /// Failures not yet written to the audit trail (it lives inside the encrypted database,
    /// which a failed attempt cannot open).
    #[serde(default)]
    pub unaudited_failures: u32,
}

impl KeyFile {
    pub fn new(
        vault_id: String,
        created: DateTime<Utc>,
        passphrase: SealedKey,
        recovery: SealedKey,
    ) -> Self {
        KeyFile {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            vault_id,
            created,
            passphrase,
            recovery,
            failed_unlocks: 0,
            last_failed_unlock: None,
            unaudited_failures: 0,
        }
    }

    pub fn parse(bytes: &[u8]) -> std::result::Result<Self, String> {
        let file: KeyFile =
            serde_json::from_slice(bytes).map_err(|e| format!("unreadable key file ({e})"))?;
        if file.format != FORMAT {
            return Err("not a Rapport key file".into());
        }
        if file.version > FORMAT_VERSION {
            return Err(format!("key file format {} is newer than this version", file.version));
        }
        if file.vault_id.is_empty() || file.vault_id.len() > 64 {
            return Err("vault id missing".into());
        }
        file.passphrase.validate()?;
        file.recovery.validate()?;
        Ok(file)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("key file serialises");
        bytes.push(b'\n');
        bytes
    }

    /// How long the next attempt must wait, given the failures so far.
    pub fn retry_after(&self, now: DateTime<Utc>) -> Option<std::time::Duration> {
        let delay = unlock_delay(self.failed_unlocks);
        let last = self.last_failed_unlock?;
        if delay.is_zero() {
            return None;
        }
        let elapsed = (now - last).to_std().unwrap_or_default();
        // A clock that went backwards does not shorten the wait below the full delay.
        let remaining = if now < last { delay } else { delay.saturating_sub(elapsed) };
        (!remaining.is_zero()).then_some(remaining)
    }
}

/// No delay for the first three failures, then 2, 4, 8 ... seconds, at most five minutes.
pub fn unlock_delay(failed: u32) -> std::time::Duration {
    if failed < 3 {
        return std::time::Duration::ZERO;
    }
    let secs = 1u64.checked_shl(failed - 2).unwrap_or(u64::MAX).min(300);
    std::time::Duration::from_secs(secs)
}

/// Where a loaded key file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    Primary,
    /// `vault.keys` was missing or unreadable and the `.bak` copy was used.
    Backup,
}

/// Reads `vault.keys`, falling back to `vault.keys.bak`. `Ok(None)` when neither exists.
pub fn load(dir: &Path) -> Result<Option<(KeyFile, KeySource)>> {
    let primary = read_candidate(&dir.join(KEY_FILE))?;
    if let Some(Ok(file)) = primary {
        return Ok(Some((file, KeySource::Primary)));
    }
    let backup = read_candidate(&dir.join(KEY_FILE_BAK))?;
    match (primary, backup) {
        (_, Some(Ok(file))) => Ok(Some((file, KeySource::Backup))),
        (None, None) => Ok(None),
        (Some(Err(reason)), _) | (None, Some(Err(reason))) => Err(Error::Damaged {
            what: format!("the key file {KEY_FILE} is unreadable and has no good copy: {reason}"),
        }),
        (Some(Ok(_)), _) => unreachable!("handled above"),
    }
}

fn read_candidate(path: &Path) -> Result<Option<std::result::Result<KeyFile, String>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(KeyFile::parse(&bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(format!("reading {}", path.display()))(e)),
    }
}

/// Writes the key file and then its `.bak` mirror, each atomically.
pub fn store(dir: &Path, file: &KeyFile) -> Result<()> {
    let bytes = file.to_bytes();
    write_atomic(&dir.join(KEY_FILE), &bytes)?;
    write_atomic(&dir.join(KEY_FILE_BAK), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn cheap_kdf(rng: &mut StdRng) -> KdfParams {
        KdfParams::for_recovery_key(rng)
    }

    #[test]
    fn purposes_keep_the_names_every_key_file_was_sealed_with() {
        assert_eq!(crate::store::text::name(&Purpose::Passphrase), "passphrase");
        assert_eq!(crate::store::text::name(&Purpose::Recovery), "recovery");
    }

    #[test]
    fn seal_and_open_round_trip() {
        let mut rng = StdRng::seed_from_u64(7);
        let key = DataKey::generate(&mut rng);
        let sealed = SealedKey::seal(
            &key,
            b"secret",
            cheap_kdf(&mut rng),
            Purpose::Passphrase,
            "v1",
            &mut rng,
        )
        .unwrap();
        let opened = sealed.open(b"secret", Purpose::Passphrase, "v1").unwrap().unwrap();
        assert_eq!(opened.bytes(), key.bytes());
        assert!(sealed.open(b"Secret", Purpose::Passphrase, "v1").unwrap().is_none());
        // The same secret under another purpose or vault id does not open it either.
        assert!(sealed.open(b"secret", Purpose::Recovery, "v1").unwrap().is_none());
        assert!(sealed.open(b"secret", Purpose::Passphrase, "v2").unwrap().is_none());
    }

    #[test]
    fn tampered_parameters_do_not_open() {
        let mut rng = StdRng::seed_from_u64(8);
        let key = DataKey::generate(&mut rng);
        let mut sealed =
            SealedKey::seal(&key, b"pw", cheap_kdf(&mut rng), Purpose::Passphrase, "v", &mut rng)
                .unwrap();
        sealed.ciphertext[0] ^= 1;
        assert!(sealed.open(b"pw", Purpose::Passphrase, "v").unwrap().is_none());
    }

    #[test]
    fn delay_grows_and_is_capped() {
        assert_eq!(unlock_delay(0).as_secs(), 0);
        assert_eq!(unlock_delay(2).as_secs(), 0);
        assert_eq!(unlock_delay(3).as_secs(), 2);
        assert_eq!(unlock_delay(4).as_secs(), 4);
        assert_eq!(unlock_delay(5).as_secs(), 8);
        assert_eq!(unlock_delay(11).as_secs(), 300);
        assert_eq!(unlock_delay(u32::MAX).as_secs(), 300);
    }

    #[test]
    fn retry_after_counts_down_from_last_failure() {
        let mut rng = StdRng::seed_from_u64(2);
        let key = DataKey::generate(&mut rng);
        let s =
            SealedKey::seal(&key, b"a", cheap_kdf(&mut rng), Purpose::Passphrase, "v", &mut rng)
                .unwrap();
        let t0 = DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z").unwrap().to_utc();
        let mut file = KeyFile::new("v".into(), t0, s.clone(), s);
        file.failed_unlocks = 4;
        file.last_failed_unlock = Some(t0);
        assert_eq!(file.retry_after(t0).unwrap().as_secs(), 4);
        assert_eq!(file.retry_after(t0 + chrono::Duration::seconds(3)).unwrap().as_secs(), 1);
        assert!(file.retry_after(t0 + chrono::Duration::seconds(4)).is_none());
        // Clock moved backwards: the full delay applies.
        assert_eq!(file.retry_after(t0 - chrono::Duration::seconds(100)).unwrap().as_secs(), 4);
    }

    #[test]
    fn parse_rejects_foreign_and_weak_files() {
        assert!(KeyFile::parse(b"{}").is_err());
        assert!(KeyFile::parse(b"SQLite format 3\0").is_err());
        let mut rng = StdRng::seed_from_u64(3);
        let key = DataKey::generate(&mut rng);
        let s =
            SealedKey::seal(&key, b"a", cheap_kdf(&mut rng), Purpose::Passphrase, "v", &mut rng)
                .unwrap();
        let mut file = KeyFile::new("v".into(), Utc::now(), s.clone(), s);
        assert!(KeyFile::parse(&file.to_bytes()).is_ok());
        file.passphrase.kdf.memory_kib = 1024;
        assert!(KeyFile::parse(&file.to_bytes()).unwrap_err().contains("out of range"));
    }
}
