//! How strong a passphrase is, and the bar a new one must clear. Estimated with zxcvbn,
//! which recognises common words, names, dates, keyboard walks and substitutions.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const MIN_CHARS: usize = 10;
pub const MAX_CHARS: usize = 1024;
/// zxcvbn's 0–4 scale: 3 is "safely unguessable" against offline attacks on slow hashes.
pub const MIN_SCORE: u8 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PassphraseStrength {
    /// 0 (very weak) to 4 (very strong).
    pub score: u8,
    pub acceptable: bool,
    /// What is wrong, in a sentence, when it is not acceptable.
    pub problem: Option<String>,
    pub suggestions: Vec<String>,
}

pub fn assess(passphrase: &str) -> PassphraseStrength {
    let chars = passphrase.chars().count();
    if passphrase.is_empty() {
        return PassphraseStrength {
            score: 0,
            acceptable: false,
            problem: Some("Enter a passphrase.".into()),
            suggestions: vec![],
        };
    }
    if chars > MAX_CHARS {
        return PassphraseStrength {
            score: 4,
            acceptable: false,
            problem: Some(format!("Use at most {MAX_CHARS} characters.")),
            suggestions: vec![],
        };
    }
    // zxcvbn's cost grows with length; beyond 100 characters the estimate is settled anyway.
    let sample: String = passphrase.chars().take(100).collect();
    let entropy = zxcvbn::zxcvbn(&sample, &["rapport", "therapy", "therapist", "client"]);
    let score = u8::from(entropy.score());
    let feedback = entropy.feedback();
    let mut suggestions: Vec<String> = feedback
        .map(|f| f.suggestions().iter().map(|s| s.to_string()).collect())
        .unwrap_or_default();
    let warning = feedback.and_then(|f| f.warning()).map(|w| w.to_string());
    let problem = if chars < MIN_CHARS {
        Some(format!("Use at least {MIN_CHARS} characters."))
    } else if score < MIN_SCORE {
        Some(warning.unwrap_or_else(|| "This passphrase would be too easy to guess.".into()))
    } else {
        None
    };
    if problem.is_some() && suggestions.is_empty() {
        suggestions.push("A few unrelated words make a strong, memorable passphrase.".into());
    }
    PassphraseStrength { score, acceptable: problem.is_none(), problem, suggestions }
}

/// Refuses absurd input (a pasted document) before any key derivation runs on it.
pub fn check_length(passphrase: &str, field: &'static str) -> Result<()> {
    if passphrase.chars().count() > MAX_CHARS {
        return Err(Error::Invalid {
            field: field.into(),
            reason: format!("A passphrase has at most {MAX_CHARS} characters."),
        });
    }
    Ok(())
}

/// Refuses a new passphrase that does not clear the bar; `field` names the form field.
pub fn require_acceptable(passphrase: &str, field: &'static str) -> Result<()> {
    let strength = assess(passphrase);
    match strength.problem {
        None => Ok(()),
        Some(problem) => Err(Error::Invalid { field: field.into(), reason: problem }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_and_short_are_refused() {
        assert!(!assess("").acceptable);
        assert!(!assess("short1!").acceptable);
        assert_eq!(assess("short1!").problem.unwrap(), "Use at least 10 characters.");
        assert!(!assess("password123").acceptable);
        assert!(!assess("aaaaaaaaaaaa").acceptable);
        assert!(!assess(&"x".repeat(MAX_CHARS + 1)).acceptable);
    }

    #[test]
    fn unrelated_words_are_accepted() {
        let s = assess("copper lantern orchard violet");
        assert!(s.acceptable, "{s:?}");
        assert!(s.score >= MIN_SCORE);
        assert!(require_acceptable("copper lantern orchard violet", "passphrase").is_ok());
    }

    #[test]
    fn refusal_names_the_field() {
        let err = require_acceptable("abc", "new_passphrase").unwrap_err();
        assert_eq!(err.field(), Some("new_passphrase"));
    }
}
