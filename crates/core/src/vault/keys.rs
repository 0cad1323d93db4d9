//! The key file `vault.keys` and the envelope around the data key.
//!
//! The database is encrypted with a random 32-byte data key. The key file holds two sealed
//! copies of it (XChaCha20-Poly1305): one under a key derived from the passphrase, one under a
//! key derived from the recovery key, each with its own Argon2id parameters and salt. The
//! file's own format version, the vault id, the purpose and every KDF parameter are bound to
//! each seal as associated data, so a failed tag means exactly "this secret does not open this
//! vault", and a file of an older format keeps opening after the format moves on.
//!
//! Beside the seals the file carries facts that need no secret to read and give none away: a
//! fingerprint of the data key (which key opens the database, so a restore can tell an older
//! key from the current one), the schema version of the database, and the head of the keyed
//! audit chain (so a database swapped for an older copy is noticed at unlock).
//!
//! Invariants: the file is JSON, self-describing (`format`, `version`); it is always replaced
//! atomically and mirrored to `vault.keys.bak`, so at every instant at least one readable copy
//! holds the data key. While the key is being changed a third file, `vault.keys.next`, holds
//! the new key's seals until the database is re-encrypted under it (see `Vault::change_key`).

use crate::error::{Error, Result};
use crate::store::files::write_atomic;
use crate::store::key::DataKey;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use rand::{CryptoRng, RngCore};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::Path;
use zeroize::{Zeroize, Zeroizing};

pub const KEY_FILE: &str = "vault.keys";
pub const KEY_FILE_BAK: &str = "vault.keys.bak";
/// The new key's seals while the data key is being changed.
pub const KEY_FILE_NEXT: &str = "vault.keys.next";
/// The re-encrypted database while a change of key makes and checks it.
pub(crate) const REKEYED_DB: &str = ".vault.db.rekey";
const FORMAT: &str = "rapport-vault-keys";
/// 1: the first format. 2: the associated data binds the file's own version (in version 1 it
/// bound the constant, which was 1), and the file may carry the key fingerprint, the schema
/// version and the audit head. Both open.
pub const FORMAT_VERSION: u32 = 2;

/// The passphrase cost of a new seal: 384 MiB, 3 passes, 4 lanes, about 1 s on a two-core
/// laptop (docs/PERFORMANCE.md). The key file travels on every backup disk, where guessing is
/// offline and unthrottled; this is what each guess costs there.
pub const PASSPHRASE_MEMORY_KIB: u32 = 384 * 1024;
pub const PASSPHRASE_ITERATIONS: u32 = 3;
pub const PASSPHRASE_LANES: u32 = 4;

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
    /// The defaults for a passphrase (see [`PASSPHRASE_MEMORY_KIB`]), with a 32-byte salt.
    pub fn for_passphrase(rng: &mut (impl RngCore + CryptoRng)) -> Self {
        Self::new(PASSPHRASE_MEMORY_KIB, PASSPHRASE_ITERATIONS, PASSPHRASE_LANES, rng)
    }

    /// The cost for re-sealing under a new passphrase: the larger of this seal's cost and the
    /// defaults, in memory and in passes, with a fresh salt. An old vault catches up at its
    /// next passphrase change; a stronger one never weakens.
    pub fn reseal_cost(&self, rng: &mut (impl RngCore + CryptoRng)) -> Self {
        Self::new(
            self.memory_kib.max(PASSPHRASE_MEMORY_KIB),
            self.iterations.max(PASSPHRASE_ITERATIONS),
            self.lanes.max(PASSPHRASE_LANES),
            rng,
        )
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
        // Argon2's working memory holds values derived from the secret: it is ours, so it is
        // wiped when this returns rather than handed back to the allocator as it is.
        let mut memory = WipedBlocks(vec![Block::default(); argon.params().block_count()]);
        argon
            .hash_password_into_with_memory(secret, &self.salt, out.as_mut(), &mut memory.0)
            .map_err(|e| Error::Damaged { what: format!("key derivation: {e}") })?;
        Ok(out)
    }
}

/// Argon2's blocks, zeroed when dropped.
struct WipedBlocks(Vec<Block>);

impl Drop for WipedBlocks {
    fn drop(&mut self) {
        for block in &mut self.0 {
            block.zeroize();
        }
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
        bound: &Bound<'_>,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<Self> {
        let wrapping = kdf.derive(secret)?;
        let cipher = XChaCha20Poly1305::new(wrapping.as_ref().into());
        let mut nonce = vec![0u8; 24];
        rng.fill_bytes(&mut nonce);
        let aad = associated_data(bound, purpose, &kdf);
        let ciphertext = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: data_key.bytes(), aad: &aad })
            .map_err(|_| Error::Damaged { what: "sealing the data key failed".into() })?;
        Ok(SealedKey { kdf, nonce, ciphertext })
    }

    /// `Ok(None)` when the secret is not the one this copy was sealed with.
    pub fn open(
        &self,
        secret: &[u8],
        purpose: Purpose,
        bound: &Bound<'_>,
    ) -> Result<Option<DataKey>> {
        let wrapping = self.kdf.derive(secret)?;
        let cipher = XChaCha20Poly1305::new(wrapping.as_ref().into());
        let aad = associated_data(bound, purpose, &self.kdf);
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

/// What every seal of a key file is bound to besides its own parameters: the file's format
/// version and the vault id.
#[derive(Debug, Clone, Copy)]
pub struct Bound<'a> {
    pub version: u32,
    pub vault_id: &'a str,
}

fn associated_data(bound: &Bound<'_>, purpose: Purpose, kdf: &KdfParams) -> Vec<u8> {
    format!(
        "{FORMAT}|{}|{}|{}|{}|{}|{}|{}|{}",
        bound.version,
        bound.vault_id,
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
    /// [`DataKey::fingerprint`] of the key the seals hold: tells two keys apart without
    /// revealing either. Absent in files written before it existed, until the next unlock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_fingerprint: Option<String>,
    /// The database's schema version when the file was last written by an unlocked vault, so
    /// a backup made without the key can name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<i64>,
    /// The newest audit entry the database held when the file was last written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<crate::audit::AuditHead>,
}

impl KeyFile {
    /// A new key file (in the current format) holding `data_key` under both secrets.
    pub fn seal_new(
        vault_id: String,
        created: DateTime<Utc>,
        data_key: &DataKey,
        passphrase: (&[u8], KdfParams),
        recovery: &[u8],
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<Self> {
        let bound = Bound { version: FORMAT_VERSION, vault_id: &vault_id };
        let (secret, kdf) = passphrase;
        let passphrase = SealedKey::seal(data_key, secret, kdf, Purpose::Passphrase, &bound, rng)?;
        let recovery = SealedKey::seal(
            data_key,
            recovery,
            KdfParams::for_recovery_key(rng),
            Purpose::Recovery,
            &bound,
            rng,
        )?;
        Ok(KeyFile {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            vault_id,
            created,
            passphrase,
            recovery,
            failed_unlocks: 0,
            last_failed_unlock: None,
            unaudited_failures: 0,
            key_fingerprint: Some(data_key.fingerprint()),
            schema_version: None,
            audit_head: None,
        })
    }

    fn bound(&self) -> Bound<'_> {
        Bound { version: self.version, vault_id: &self.vault_id }
    }

    /// `Ok(None)` when `secret` is not this file's passphrase.
    pub fn open_with_passphrase(&self, secret: &[u8]) -> Result<Option<DataKey>> {
        self.passphrase.open(secret, Purpose::Passphrase, &self.bound())
    }

    /// `Ok(None)` when `secret` is not this file's recovery key.
    pub fn open_with_recovery_key(&self, secret: &[u8]) -> Result<Option<DataKey>> {
        self.recovery.open(secret, Purpose::Recovery, &self.bound())
    }

    /// Seals `data_key` under a new passphrase at the larger of the current and default costs.
    pub fn reseal_passphrase(
        &mut self,
        data_key: &DataKey,
        new: &[u8],
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<()> {
        let kdf = self.passphrase.kdf.reseal_cost(rng);
        self.passphrase =
            SealedKey::seal(data_key, new, kdf, Purpose::Passphrase, &self.bound(), rng)?;
        Ok(())
    }

    /// Seals `data_key` under a new recovery key.
    pub fn reseal_recovery(
        &mut self,
        data_key: &DataKey,
        recovery: &[u8],
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<()> {
        let kdf = KdfParams::for_recovery_key(rng);
        self.recovery =
            SealedKey::seal(data_key, recovery, kdf, Purpose::Recovery, &self.bound(), rng)?;
        Ok(())
    }

    /// The same file with the failure counters cleared: what a backup or a restore carries.
    pub fn without_failures(&self) -> KeyFile {
        KeyFile {
            failed_unlocks: 0,
            last_failed_unlock: None,
            unaudited_failures: 0,
            ..self.clone()
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

/// At unlock, when a change of key was interrupted: `vault.keys.next` is kept (and put in
/// place) only if its key opens the database, and removed otherwise; the key file and data
/// key to unlock with are returned. `open_next` opens the new key file with the secret given.
pub(super) fn settle_key_change(
    root: &Path,
    db_path: &Path,
    current: KeyFile,
    key: DataKey,
    open_next: impl FnOnce(&KeyFile) -> Result<Option<DataKey>>,
) -> Result<(KeyFile, DataKey)> {
    let next_path = root.join(KEY_FILE_NEXT);
    let Ok(bytes) = fs::read(&next_path) else {
        return Ok((current, key));
    };
    let _ = fs::remove_file(root.join(REKEYED_DB));
    if opens(db_path, &key) {
        let _ = fs::remove_file(&next_path);
        return Ok((current, key));
    }
    let next = KeyFile::parse(&bytes).ok().filter(|n| n.vault_id == current.vault_id);
    if let Some(next) = next
        && let Some(new_key) = open_next(&next)?
        && opens(db_path, &new_key)
    {
        store(root, &next)?;
        let _ = fs::remove_file(&next_path);
        return Ok((next, new_key));
    }
    // Neither opens it: leave everything as found for the damage to be seen at open.
    Ok((current, key))
}

/// Whether `key` opens the database at `path`, read on a connection of its own (read-write,
/// so that a WAL left by a crash can be read; the caller holds the folder's claim).
pub(crate) fn opens(path: &Path, key: &DataKey) -> bool {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(conn) = Connection::open_with_flags(path, flags) else {
        return false;
    };
    conn.execute_batch(&key.pragma("PRAGMA key = \"", "\";")).is_ok()
        && conn.execute_batch("PRAGMA cipher_compatibility = 4;").is_ok()
        && conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn cheap_kdf(rng: &mut StdRng) -> KdfParams {
        KdfParams::for_recovery_key(rng)
    }

    fn bound(vault_id: &str) -> Bound<'_> {
        Bound { version: FORMAT_VERSION, vault_id }
    }

    fn cheap_file(rng: &mut StdRng, key: &DataKey) -> KeyFile {
        let kdf = cheap_kdf(rng);
        KeyFile::seal_new("v".into(), Utc::now(), key, (b"a", kdf), b"r", rng).unwrap()
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
            &bound("v1"),
            &mut rng,
        )
        .unwrap();
        let opened = sealed.open(b"secret", Purpose::Passphrase, &bound("v1")).unwrap().unwrap();
        assert_eq!(opened.bytes(), key.bytes());
        assert!(sealed.open(b"Secret", Purpose::Passphrase, &bound("v1")).unwrap().is_none());
        // The same secret under another purpose, vault id or format version does not open it.
        assert!(sealed.open(b"secret", Purpose::Recovery, &bound("v1")).unwrap().is_none());
        assert!(sealed.open(b"secret", Purpose::Passphrase, &bound("v2")).unwrap().is_none());
        let older = Bound { version: 1, vault_id: "v1" };
        assert!(sealed.open(b"secret", Purpose::Passphrase, &older).unwrap().is_none());
    }

    #[test]
    fn tampered_parameters_do_not_open() {
        let mut rng = StdRng::seed_from_u64(8);
        let key = DataKey::generate(&mut rng);
        let kdf = cheap_kdf(&mut rng);
        let mut sealed =
            SealedKey::seal(&key, b"pw", kdf, Purpose::Passphrase, &bound("v"), &mut rng).unwrap();
        sealed.ciphertext[0] ^= 1;
        assert!(sealed.open(b"pw", Purpose::Passphrase, &bound("v")).unwrap().is_none());
    }

    #[test]
    fn a_key_file_of_the_first_format_still_opens() {
        let mut rng = StdRng::seed_from_u64(9);
        let key = DataKey::generate(&mut rng);
        // Version 1 bound the constant 1 into its seals; a file of that version is sealed
        // with its own version and must keep opening after the constant moved on.
        let mut file = cheap_file(&mut rng, &key);
        file.version = 1;
        file.reseal_passphrase(&key, b"old passphrase", &mut rng).unwrap();
        file.reseal_recovery(&key, b"old recovery", &mut rng).unwrap();
        let parsed = KeyFile::parse(&file.to_bytes()).unwrap();
        assert_eq!(parsed.version, 1);
        let opened = parsed.open_with_passphrase(b"old passphrase").unwrap().unwrap();
        assert_eq!(opened.bytes(), key.bytes());
        assert!(parsed.open_with_recovery_key(b"old recovery").unwrap().is_some());
        // The version is bound: the same seals under a file claiming version 2 do not open.
        let mut relabelled = parsed.clone();
        relabelled.version = 2;
        assert!(relabelled.open_with_passphrase(b"old passphrase").unwrap().is_none());
        // A file of a newer version than this build is refused, not misread.
        let mut newer = parsed;
        newer.version = FORMAT_VERSION + 1;
        assert!(KeyFile::parse(&newer.to_bytes()).unwrap_err().contains("newer"));
    }

    #[test]
    fn a_new_seal_costs_at_least_the_default_and_never_less_than_before() {
        let mut rng = StdRng::seed_from_u64(10);
        let floor = KdfParams::for_recovery_key(&mut rng);
        let raised = floor.reseal_cost(&mut rng);
        assert_eq!(
            (raised.memory_kib, raised.iterations, raised.lanes),
            (PASSPHRASE_MEMORY_KIB, PASSPHRASE_ITERATIONS, PASSPHRASE_LANES)
        );
        assert_ne!(raised.salt, floor.salt, "a fresh salt");
        let default = KdfParams::for_passphrase(&mut rng);
        assert_eq!(default.reseal_cost(&mut rng).memory_kib, PASSPHRASE_MEMORY_KIB);
        let mut stronger = default.clone();
        stronger.memory_kib = PASSPHRASE_MEMORY_KIB + 1024;
        stronger.iterations = PASSPHRASE_ITERATIONS + 1;
        let kept = stronger.reseal_cost(&mut rng);
        assert_eq!((kept.memory_kib, kept.iterations), (stronger.memory_kib, stronger.iterations));
        // The defaults sit inside what a key file may ask for.
        assert!(default.validate().is_ok());
        let mut over = default;
        over.memory_kib = MAX_MEMORY_KIB + 1;
        assert!(over.validate().is_err());
        over.memory_kib = MAX_MEMORY_KIB;
        assert!(over.validate().is_ok());
        over.memory_kib = MIN_MEMORY_KIB - 1;
        assert!(over.validate().is_err());
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
        let t0 = DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z").unwrap().to_utc();
        let mut file = cheap_file(&mut rng, &key);
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
        let mut file = cheap_file(&mut rng, &key);
        assert!(KeyFile::parse(&file.to_bytes()).is_ok());
        file.passphrase.kdf.memory_kib = 1024;
        assert!(KeyFile::parse(&file.to_bytes()).unwrap_err().contains("out of range"));
    }
}
