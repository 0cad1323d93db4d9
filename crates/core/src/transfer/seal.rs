//! An export encrypted with a passphrase in the age format (scrypt), so the standard `age`
//! command-line tool opens it without Rapport: `age -d -o export.json export.json.age`.

use crate::error::{Error, Result};
use secrecy::{ExposeSecret, SecretString};
use std::io::{Read, Write};

/// The first line of every age file.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// The fewest characters an export passphrase may have: the file may travel, so it must stand
/// up to guessing on someone else's computer.
pub const EXPORT_PASSPHRASE_MIN: usize = 12;

/// Whether `bytes` are an age file (an encrypted export) rather than JSON.
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}

fn age_passphrase(passphrase: &SecretString) -> age::secrecy::SecretString {
    age::secrecy::SecretString::from(passphrase.expose_secret().to_owned())
}

/// Refuses a passphrase too short for a file that travels.
pub fn check_export_passphrase(passphrase: &SecretString) -> Result<()> {
    if passphrase.expose_secret().chars().count() < EXPORT_PASSPHRASE_MIN {
        return Err(Error::invalid(
            "passphrase",
            format!(
                "Use at least {EXPORT_PASSPHRASE_MIN} characters for an export's passphrase: the \
                 file may be copied anywhere, so it must resist guessing."
            ),
        ));
    }
    Ok(())
}

/// Encrypts `plain` with `passphrase`. The scrypt work factor is age's own choice for this
/// computer (about a second).
pub fn seal(plain: &[u8], passphrase: &SecretString) -> Result<Vec<u8>> {
    check_export_passphrase(passphrase)?;
    let encryptor = age::Encryptor::with_user_passphrase(age_passphrase(passphrase));
    let mut out = Vec::with_capacity(plain.len() + 256);
    let failed =
        |e: std::io::Error| Error::Internal { what: format!("encrypting the export: {e}") };
    let mut writer = encryptor.wrap_output(&mut out).map_err(failed)?;
    writer.write_all(plain).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}

/// Decrypts an age file made with a passphrase. A wrong passphrase, a file encrypted to a key
/// rather than a passphrase, or a damaged file is refused with what went wrong.
pub fn open_sealed(sealed: &[u8], passphrase: &SecretString) -> Result<Vec<u8>> {
    let unreadable = |why: String| Error::invalid("file", why);
    let decryptor = age::Decryptor::new(sealed)
        .map_err(|e| unreadable(format!("The file is not a readable age file ({e}).")))?;
    if !decryptor.is_scrypt() {
        return Err(unreadable(
            "The file is encrypted to a key, not with a passphrase; decrypt it with age first."
                .into(),
        ));
    }
    let identity = age::scrypt::Identity::new(age_passphrase(passphrase));
    let mut reader = decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(
        |e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                Error::invalid("passphrase", "That passphrase does not open this export.")
            }
            other => unreadable(format!("The file could not be decrypted ({other}).")),
        },
    )?;
    let mut plain = Vec::new();
    reader
        .read_to_end(&mut plain)
        .map_err(|e| unreadable(format!("The file is damaged or cut short ({e}).")))?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(p: &str) -> SecretString {
        SecretString::from(p.to_string())
    }

    #[test]
    fn a_sealed_export_opens_with_its_passphrase_only() {
        let plain = br#"{"format":"rapport-export"}"#;
        let sealed = seal(plain, &pass("juniper kettle harbour")).unwrap();
        assert!(is_sealed(&sealed) && !is_sealed(plain));
        assert!(!sealed.windows(6).any(|w| w == b"format"), "nothing readable");
        assert_eq!(open_sealed(&sealed, &pass("juniper kettle harbour")).unwrap(), plain);
        let wrong = open_sealed(&sealed, &pass("juniper kettle harbor")).unwrap_err();
        assert_eq!(wrong.field(), Some("passphrase"), "{wrong:?}");
        let cut = open_sealed(&sealed[..sealed.len() - 20], &pass("juniper kettle harbour"));
        assert_eq!(cut.unwrap_err().field(), Some("file"));
        let junk =
            open_sealed(b"age-encryption.org/v1\n-> nonsense", &pass("juniper kettle harbour"));
        assert_eq!(junk.unwrap_err().field(), Some("file"));
    }

    #[test]
    fn a_short_passphrase_is_refused_naming_the_limit() {
        let err = seal(b"{}", &pass("eleven char")).unwrap_err();
        assert_eq!(err.field(), Some("passphrase"));
        assert!(err.to_string().contains("12 characters"), "{err}");
        assert!(seal(b"{}", &pass("twelve chars")).is_ok());
    }
}
