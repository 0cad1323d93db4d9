//! The backup file: one self-describing container around an encrypted copy of the database.
//!
//! ```text
//! offset  size  field
//! 0       16    magic: 0x89 "RAPPORT BACKUP\n"
//! 16      4     format version (u32, little-endian)
//! 20      4     header length H (u32, little-endian, at most 1 MiB)
//! 24      H     header: JSON (vault id, created time, app and schema version, the key file,
//!               payload length and SHA-256)
//! 24+H    32    SHA-256 of bytes [0, 24+H): the unkeyed header hash
//! 56+H    32    HMAC-SHA256 of bytes [0, 56+H) under a key derived from the data key (zeros
//!               in a backup made without the key)
//! 88+H    P     payload: the SQLCipher database, encrypted with the vault's data key, then
//!               (format 2, made without the key) its write-ahead log of `wal_len` bytes
//! ```
//!
//! Everything up to the payload can be checked without any secret, so a file is refused as
//! "not a backup", "damaged or incomplete" or "made by a newer version" before a passphrase is
//! asked for. The keyed MAC then proves the header (and with it the key file and the payload
//! hash) was written by a holder of this vault's key. A backup made without the key (the
//! vault's files copied as they are, by a scheduled job that knows no secret) has no MAC: its
//! payload is proven instead, page by page, by SQLCipher's own MACs under the data key when it
//! is verified or restored.
//!
//! Format 1 is what versions before backups without the key wrote; both are read.

use crate::error::{Error, Result};
use crate::store::key::DataKey;
use crate::vault::keys::KeyFile;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const MAGIC: &[u8; 16] = b"\x89RAPPORT BACKUP\n";
pub const FORMAT_VERSION: u32 = 2;
/// The file name ending of every backup.
pub const EXTENSION: &str = "rapportbackup";
pub(crate) const HEADER_FORMAT: &str = "rapport-backup";
const MAX_HEADER: u32 = 1 << 20;
const FIXED: u64 = 24;
const HASH_LEN: u64 = 32;
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The header's JSON. Nothing in it is record content: the key file holds only sealed keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub vault_id: String,
    pub created: DateTime<Utc>,
    pub app_version: String,
    pub schema_version: i64,
    /// The vault is a generated sample practice.
    #[serde(default)]
    pub sample: bool,
    /// The vault's key file as it was when the backup was made (failure counters cleared).
    pub key_file: KeyFile,
    pub payload_len: u64,
    pub payload_sha256: String,
    /// Made from the vault's files without the key: no header MAC, not yet read back with the
    /// key.
    #[serde(default)]
    pub made_without_key: bool,
    /// The last `wal_len` bytes of the payload are the database's write-ahead log.
    #[serde(default)]
    pub wal_len: u64,
}

/// A backup whose structure, header hash and payload hash were checked (no secret needed).
#[derive(Debug, Clone)]
pub struct Inspected {
    pub path: PathBuf,
    pub header: Header,
    /// Bytes [0, 56+H): what the keyed MAC covers.
    authenticated: Vec<u8>,
    mac: [u8; 32],
    pub payload_offset: u64,
    pub file_len: u64,
}

impl Inspected {
    /// Whether the header was written by a holder of `key` (the vault's data key). Always
    /// false for a backup made without the key.
    pub fn mac_matches(&self, key: &DataKey) -> bool {
        if self.header.made_without_key {
            return false;
        }
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key.backup_mac_key().as_ref())
        else {
            return false;
        };
        mac.update(&self.authenticated);
        mac.verify_slice(&self.mac).is_ok()
    }

    /// Copies the payload (the encrypted database) to `to`, flushed to disk. A write-ahead
    /// log carried with it is folded into the copy with `key`, so `to` alone is the database.
    pub fn extract_payload(&self, to: &Path, key: &DataKey) -> Result<()> {
        let context = || format!("copying the database out of {}", self.path.display());
        let wal_len = self.header.wal_len.min(self.header.payload_len);
        let db_len = self.header.payload_len - wal_len;
        let mut src = File::open(&self.path).map_err(Error::io(context()))?;
        src.seek(SeekFrom::Start(self.payload_offset)).map_err(Error::io(context()))?;
        let mut wal_path = to.as_os_str().to_owned();
        wal_path.push("-wal");
        let wal_path = PathBuf::from(wal_path);
        for (path, len) in [(to, db_len), (wal_path.as_path(), wal_len)] {
            if len == 0 {
                continue;
            }
            let mut dst = File::create(path).map_err(Error::io(context()))?;
            crate::store::files::restrict_permissions(&dst).map_err(Error::io(context()))?;
            let copied =
                std::io::copy(&mut (&mut src).take(len), &mut dst).map_err(Error::io(context()))?;
            if copied != len {
                return Err(self.damaged("the file ended while its contents were read"));
            }
            dst.sync_all().map_err(Error::io(context()))?;
        }
        if wal_len > 0 {
            crate::store::db::fold_wal(to, key)
                .map_err(|e| self.damaged(&format!("its write-ahead log cannot be read ({e})")))?;
        }
        Ok(())
    }

    fn damaged(&self, what: &str) -> Error {
        Error::BackupDamaged { path: self.path.clone(), what: what.into() }
    }
}

/// Writes a container at `to`: the header for `payload` (the encrypted database file, then
/// its write-ahead log if any), then the payload itself. `key` signs the header; a backup made
/// without the key has none. The caller renames it into place after `sync_all`.
pub fn write(
    to: &mut File,
    header: &Header,
    key: Option<&DataKey>,
    payload: &mut [File],
) -> std::io::Result<()> {
    let json = serde_json::to_vec(header).map_err(std::io::Error::other)?;
    let mut head = Vec::with_capacity(json.len() + 88);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    head.extend_from_slice(&(json.len() as u32).to_le_bytes());
    head.extend_from_slice(&json);
    let hash: [u8; 32] = Sha256::digest(&head).into();
    head.extend_from_slice(&hash);
    match key {
        Some(key) => {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.backup_mac_key().as_ref())
                .map_err(std::io::Error::other)?;
            mac.update(&head);
            head.extend_from_slice(&mac.finalize().into_bytes());
        }
        None => head.extend_from_slice(&[0u8; 32]),
    }
    to.write_all(&head)?;
    let mut copied = 0;
    for part in payload {
        part.seek(SeekFrom::Start(0))?;
        copied += std::io::copy(part, to)?;
    }
    if copied != header.payload_len {
        return Err(std::io::Error::other("the database copy changed while it was written"));
    }
    Ok(())
}

/// SHA-256 and length of whole files one after the other, read in blocks.
pub fn hash_files(files: &mut [File]) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut len = 0;
    for file in files {
        file.seek(SeekFrom::Start(0))?;
        len += feed(&mut hasher, file)?;
    }
    Ok((hex::encode(hasher.finalize()), len))
}

fn hash_reader(reader: impl Read) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let len = feed(&mut hasher, reader)?;
    Ok((hex::encode(hasher.finalize()), len))
}

fn feed(hasher: &mut Sha256, reader: impl Read) -> std::io::Result<u64> {
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let mut buf = vec![0u8; 1 << 20];
    let mut len = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        len += n as u64;
    }
    Ok(len)
}

/// Checks everything that needs no secret: magic, format version, header hash, header fields,
/// length and payload hash. Each kind of failure has its own error.
pub fn inspect(path: &Path) -> Result<Inspected> {
    let not_backup =
        |reason: &str| Error::NotABackup { path: path.to_path_buf(), reason: reason.into() };
    let damaged = |what: String| Error::BackupDamaged { path: path.to_path_buf(), what };
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NotFound { what: "The backup file" });
        }
        Err(e) => return Err(Error::io(format!("reading {}", path.display()))(e)),
    };
    let meta = file.metadata().map_err(Error::io(format!("reading {}", path.display())))?;
    if meta.is_dir() {
        return Err(not_backup("it is a folder"));
    }
    let file_len = meta.len();
    let io = Error::io(format!("reading {}", path.display()));

    let mut start = [0u8; FIXED as usize];
    let got = read_up_to(&mut file, &mut start).map_err(io)?;
    if got >= 16 && &start[..16] == SQLITE_HEADER {
        return Err(not_backup("it is a plain, unencrypted SQLite database"));
    }
    if got < MAGIC.len() || &start[..16] != MAGIC {
        if MAGIC.starts_with(&start[..got]) && got > 0 {
            return Err(damaged("the file ends inside its first bytes".into()));
        }
        return Err(not_backup("it does not begin the way every Rapport backup does"));
    }
    if got < FIXED as usize {
        return Err(damaged("the file ends inside its header".into()));
    }
    let version = u32::from_le_bytes(start[16..20].try_into().expect("4 bytes"));
    if version > FORMAT_VERSION {
        return Err(Error::NewerBackup {
            path: path.to_path_buf(),
            made_by: format!("backup format {version}; this version reads up to {FORMAT_VERSION}"),
        });
    }
    if version == 0 {
        return Err(damaged("its format number is zero".into()));
    }
    let header_len = u32::from_le_bytes(start[20..24].try_into().expect("4 bytes"));
    if header_len == 0 || header_len > MAX_HEADER {
        return Err(damaged(format!("its header length ({header_len} bytes) is impossible")));
    }
    let payload_offset = FIXED + u64::from(header_len) + 2 * HASH_LEN; // at most ~1 MiB
    if file_len < payload_offset {
        return Err(damaged(format!(
            "the file ends inside its header ({file_len} bytes; the header alone needs \
             {payload_offset})"
        )));
    }
    let mut rest = vec![0u8; (payload_offset - FIXED) as usize];
    file.read_exact(&mut rest).map_err(Error::io(format!("reading {}", path.display())))?;
    let json_end = header_len as usize;
    let mut authenticated = Vec::with_capacity(payload_offset as usize);
    authenticated.extend_from_slice(&start);
    authenticated.extend_from_slice(&rest[..json_end]);
    let stored_hash = &rest[json_end..json_end + 32];
    let hash: [u8; 32] = Sha256::digest(&authenticated).into();
    if hash.as_slice() != stored_hash {
        return Err(damaged("its header does not match its checksum".into()));
    }
    authenticated.extend_from_slice(stored_hash);
    let mac: [u8; 32] = rest[json_end + 32..json_end + 64].try_into().expect("32 bytes");

    let header: Header = serde_json::from_slice(&rest[..json_end])
        .map_err(|e| damaged(format!("its header cannot be read ({e})")))?;
    if header.format != HEADER_FORMAT {
        return Err(not_backup("its header names another format"));
    }
    KeyFile::parse(&header.key_file.to_bytes())
        .map_err(|e| damaged(format!("the key copy inside it is unusable ({e})")))?;
    let supported = crate::store::migrations::SCHEMA_VERSION;
    if header.schema_version > supported {
        return Err(Error::NewerBackup {
            path: path.to_path_buf(),
            made_by: format!(
                "Rapport {} (schema {}; this version understands up to {supported})",
                header.app_version, header.schema_version
            ),
        });
    }
    let Some(expected) = payload_offset.checked_add(header.payload_len) else {
        return Err(damaged(format!("its payload length ({}) is impossible", header.payload_len)));
    };
    if header.wal_len > header.payload_len {
        return Err(damaged("its log is longer than its contents".into()));
    }
    if file_len < expected {
        return Err(damaged(format!(
            "it is incomplete: {} bytes are missing from its end (was the copy interrupted?)",
            expected - file_len
        )));
    }
    if file_len > expected {
        return Err(damaged(format!(
            "it has {} unexpected bytes after its end",
            file_len - expected
        )));
    }
    let (sha, len) = file
        .seek(SeekFrom::Start(payload_offset))
        .and_then(|_| hash_reader((&mut file).take(header.payload_len)))
        .map_err(Error::io(format!("reading {}", path.display())))?;
    if len != header.payload_len || sha != header.payload_sha256 {
        return Err(damaged("its contents do not match their checksum".into()));
    }
    Ok(Inspected { path: path.to_path_buf(), header, authenticated, mac, payload_offset, file_len })
}

/// The vault id in a backup's header, read without checking the rest (for rotation, which
/// only removes files that are this vault's own backups).
pub fn peek_vault_id(path: &Path) -> Option<String> {
    let mut file = File::open(path).ok()?;
    let mut start = [0u8; FIXED as usize];
    if read_up_to(&mut file, &mut start).ok()? < FIXED as usize || &start[..16] != MAGIC {
        return None;
    }
    let len = u32::from_le_bytes(start[20..24].try_into().ok()?);
    if len == 0 || len > MAX_HEADER {
        return None;
    }
    let mut json = vec![0u8; len as usize];
    file.read_exact(&mut json).ok()?;
    let header: Header = serde_json::from_slice(&json).ok()?;
    Some(header.vault_id)
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}
