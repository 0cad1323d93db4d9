//! The recovery key: 160 random bits written as 32 base-32 characters in eight groups of four,
//! e.g. `ABCD-EFGH-...`. Typing is forgiving: case, spaces and dashes do not matter, and the
//! digits 0, 1 and 8 (absent from the alphabet) are read as O, I and B.

use crate::clock::Clock;
use crate::error::{Error, Result};
use rand::{CryptoRng, RngCore};
use zeroize::Zeroizing;

const BYTES: usize = 20;
const CHARS: usize = 32;

pub struct RecoveryKey(Zeroizing<String>);

impl RecoveryKey {
    pub fn generate(rng: &mut (impl RngCore + CryptoRng)) -> Self {
        let mut raw = Zeroizing::new([0u8; BYTES]);
        rng.fill_bytes(raw.as_mut());
        RecoveryKey(Zeroizing::new(data_encoding::BASE32_NOPAD.encode(raw.as_ref())))
    }

    /// Reads a key as a person typed it.
    pub fn parse(typed: &str) -> Result<Self> {
        let mut normal = Zeroizing::new(String::with_capacity(CHARS));
        for c in typed.chars() {
            match c {
                ' ' | '-' | '\t' | '\n' | '\r' => {}
                '0' => normal.push('O'),
                '1' => normal.push('I'),
                '8' => normal.push('B'),
                c if c.is_ascii_alphabetic() || ('2'..='7').contains(&c) => {
                    normal.push(c.to_ascii_uppercase())
                }
                _ => {
                    return Err(Error::invalid(
                        "recovery_key",
                        "A recovery key has only letters, the digits 2–7 and dashes.",
                    ));
                }
            }
        }
        if normal.len() != CHARS {
            return Err(Error::invalid(
                "recovery_key",
                format!("A recovery key has {CHARS} characters; this has {}.", normal.len()),
            ));
        }
        Ok(RecoveryKey(normal))
    }

    /// The canonical form that is fed to the key derivation.
    pub(crate) fn secret_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Grouped for reading aloud and writing down: eight groups of four.
    pub fn display(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(CHARS + 7));
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(****)")
    }
}

/// Refuses to write the recovery key to `path` when it is on the disk that holds the vault at
/// `vault_root` (or inside the vault folder, or where the disk cannot be told).
pub fn refuse_vault_disk(path: &std::path::Path, vault_root: &std::path::Path) -> Result<()> {
    use crate::store::files::device_of;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let inside = match (std::fs::canonicalize(folder), std::fs::canonicalize(vault_root)) {
        (Ok(f), Ok(v)) => f.starts_with(v),
        _ => folder.starts_with(vault_root),
    };
    let vault_disk = device_of(vault_root);
    let same_disk = vault_disk.is_some() && device_of(folder) == vault_disk;
    if inside || same_disk {
        return Err(Error::RefusedLocation {
            path: path.to_path_buf(),
            reason: "The recovery key cannot be saved on the disk that holds the vault: \
                     together with the vault's key file it would open every record for \
                     whoever has this computer. Print it, or save it to a USB stick that you \
                     keep somewhere else."
                .into(),
        });
    }
    Ok(())
}

/// The emergency sheet for `key`: the key itself, the vault it opens, the day it was made (in
/// the practitioner's time zone, by `clock`) and what to do with it, as plain text to print or
/// keep on paper.
pub fn emergency_sheet(key: &RecoveryKey, vault_id: &str, clock: &dyn Clock) -> Zeroizing<String> {
    let key = key.display();
    let made = clock.now().with_timezone(&chrono::Local).format("%Y-%m-%d");
    Zeroizing::new(format!(
        "Rapport - recovery key\n\
         ======================\n\n\
         Recovery key:  {key}\n\
         Vault:         {vault_id}\n\
         Created:       {made}\n\n\
         This key opens your Rapport vault if the passphrase is forgotten. Anyone holding it\n\
         and a copy of the vault can read the records, so keep it somewhere safe and apart\n\
         from the computer: a locked drawer, a safe, or a sealed envelope with your will.\n\
         Creating a new recovery key in Settings makes this one stop working.\n",
        key = key.as_str()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;

    #[test]
    fn the_recovery_key_is_never_saved_on_the_vault_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = tmp.path().join("vault");
        std::fs::create_dir(&vault).unwrap();
        // Inside the vault folder, and anywhere else on the same disk.
        for path in [vault.join("Rapport recovery key.txt"), tmp.path().join("key.txt")] {
            let err = refuse_vault_disk(&path, &vault).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::RefusedLocation);
            assert!(err.to_string().contains("disk that holds the vault"), "{err}");
            assert!(err.to_string().contains("Print it"), "{err}");
        }
        // Another disk (a memory-backed one stands in for a USB stick) is allowed.
        let other = std::path::Path::new("/dev/shm");
        if crate::store::files::device_of(other).is_some()
            && crate::store::files::device_of(other) != crate::store::files::device_of(&vault)
        {
            assert!(refuse_vault_disk(&other.join("key.txt"), &vault).is_ok());
        } else {
            assert!(std::env::var_os("RAPPORT_TESTS_ALLOW_SKIP").is_some(), "no second disk");
        }
    }

    #[test]
    fn the_emergency_sheet_is_dated_by_the_clock() {
        use chrono::TimeZone;
        let key = RecoveryKey::generate(&mut rand::rngs::StdRng::seed_from_u64(3));
        // 09:00 UTC is the same calendar day in every time zone from UTC-9 to UTC+14.
        let clock = crate::clock::ManualClock::new(
            chrono::Utc.with_ymd_and_hms(2031, 3, 14, 9, 0, 0).unwrap(),
        );
        let sheet = emergency_sheet(&key, "vault-id-1", &clock);
        assert!(
            sheet.contains(&format!("Recovery key:  {}\n", key.display().as_str())),
            "{}",
            *sheet
        );
        assert!(sheet.contains("Vault:         vault-id-1\n"), "{}", *sheet);
        assert!(sheet.contains("Created:       2031-03-14\n"), "{}", *sheet);
    }

    #[test]
    fn display_is_grouped() {
        let key = RecoveryKey::generate(&mut rand::rngs::StdRng::seed_from_u64(4));
        let shown = key.display();
        assert_eq!(shown.len(), 39);
        assert_eq!(shown.split('-').count(), 8);
        assert!(shown.split('-').all(|g| g.len() == 4));
    }

    #[test]
    fn typing_is_forgiving() {
        let key = RecoveryKey::generate(&mut rand::rngs::StdRng::seed_from_u64(5));
        let shown = key.display().to_string();
        let sloppy = shown.to_lowercase().replace('-', " ").replace('o', "0");
        let parsed = RecoveryKey::parse(&sloppy).unwrap();
        assert_eq!(parsed.secret_bytes(), key.secret_bytes());
    }

    #[test]
    fn wrong_length_and_characters_are_explained() {
        let e = RecoveryKey::parse("ABCD-EFGH").unwrap_err();
        assert!(e.to_string().contains("32 characters"), "{e}");
        let e = RecoveryKey::parse("ABCD-EFGH-!").unwrap_err();
        assert!(e.to_string().contains("only letters"), "{e}");
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(seed in any::<u64>()) {
            let key = RecoveryKey::generate(&mut rand::rngs::StdRng::seed_from_u64(seed));
            let parsed = RecoveryKey::parse(&key.display()).unwrap();
            prop_assert_eq!(parsed.secret_bytes(), key.secret_bytes());
        }

        #[test]
        fn parse_never_panics(s in ".{0,80}") {
            let _ = RecoveryKey::parse(&s);
        }
    }
}
