//! How strong a passphrase is, and the bar a new one must clear. Estimated with zxcvbn,
//! which recognises common words, names, dates, keyboard walks and substitutions.
//!
//! The key file that a passphrase seals travels on every backup disk, where guessing is
//! offline and unthrottled, so the bar is high: a new passphrase has at least [`MIN_CHARS`]
//! characters and zxcvbn rates it [`STRONG_SCORE`], or it is long ([`LONG_CHARS`] characters
//! or more) and rated at least [`LONG_SCORE`]. The window applies the same rule to advise while
//! the passphrase is typed (`ui/src/lib/passphrase.ts`, with these numbers from [`RULES`]); the
//! verdict here is the one that counts. Unlocking never applies it: a vault opens with the
//! passphrase it was sealed with, however weak that is by today's rule.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Fewer characters are refused whatever the rating. zxcvbn rates no 10-character string
/// above [`LONG_SCORE`], so the shortest passphrase that can pass is 11 characters long.
pub const MIN_CHARS: usize = 10;
/// From this length on, [`LONG_SCORE`] is enough.
pub const LONG_CHARS: usize = 20;
/// More characters are refused before any key derivation runs on them (a pasted document).
pub const MAX_CHARS: usize = 1024;
/// zxcvbn's 0–4 scale: 4 means more than 10¹⁰ guesses.
pub const STRONG_SCORE: u8 = 4;
/// The score a long passphrase needs: more than 10⁸ guesses, for a passphrase whose length
/// alone puts it out of reach of guessing character by character.
pub const LONG_SCORE: u8 = 3;
/// zxcvbn (the Rust port) rates only the first 100 characters; the window rates the same part.
pub const RATED_CHARS: usize = 100;
/// Words anyone attacking a Rapport key file would try first.
pub const OBVIOUS_WORDS: &[&str] = &["rapport", "therapy", "therapist", "client"];

/// The rule a new passphrase must meet, for the window to apply the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PassphraseRules {
    #[ts(type = "number")]
    pub min_chars: usize,
    #[ts(type = "number")]
    pub long_chars: usize,
    #[ts(type = "number")]
    pub max_chars: usize,
    pub strong_score: u8,
    pub long_score: u8,
    #[ts(type = "number")]
    pub rated_chars: usize,
    #[ts(type = "Array<string>")]
    pub obvious_words: &'static [&'static str],
}

pub const RULES: PassphraseRules = PassphraseRules {
    min_chars: MIN_CHARS,
    long_chars: LONG_CHARS,
    max_chars: MAX_CHARS,
    strong_score: STRONG_SCORE,
    long_score: LONG_SCORE,
    rated_chars: RATED_CHARS,
    obvious_words: OBVIOUS_WORDS,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PassphraseStrength {
    /// 0 (very weak) to 4 (very strong).
    pub score: u8,
    pub acceptable: bool,
    /// What to change, in a sentence, when it is not acceptable.
    pub problem: Option<String>,
}

/// Why zxcvbn finds a passphrase easy to guess, in the words the app uses. The window maps
/// the warnings of its own zxcvbn port onto the same kinds and sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weakness {
    Common,
    Word,
    Names,
    Dates,
    Keyboard,
    Repeats,
    Sequence,
}

impl Weakness {
    fn of(warning: zxcvbn::feedback::Warning) -> Weakness {
        use zxcvbn::feedback::Warning as W;
        match warning {
            W::ThisIsATop10Password
            | W::ThisIsATop100Password
            | W::ThisIsACommonPassword
            | W::ThisIsSimilarToACommonlyUsedPassword => Weakness::Common,
            W::AWordByItselfIsEasyToGuess => Weakness::Word,
            W::NamesAndSurnamesByThemselvesAreEasyToGuess
            | W::CommonNamesAndSurnamesAreEasyToGuess => Weakness::Names,
            W::DatesAreOftenEasyToGuess | W::RecentYearsAreEasyToGuess => Weakness::Dates,
            W::StraightRowsOfKeysAreEasyToGuess | W::ShortKeyboardPatternsAreEasyToGuess => {
                Weakness::Keyboard
            }
            W::RepeatsLikeAaaAreEasyToGuess | W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
                Weakness::Repeats
            }
            W::SequencesLikeAbcAreEasyToGuess => Weakness::Sequence,
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Weakness::Common => "it is, or is close to, a password many people use",
            Weakness::Word => "a single word on its own is found quickly",
            Weakness::Names => "names are among the first things tried",
            Weakness::Dates => "dates and years are among the first things tried",
            Weakness::Keyboard => "keys that sit side by side are among the first things tried",
            Weakness::Repeats => "repeating a character or a group of them adds little",
            Weakness::Sequence => "runs like abc or 4321 are among the first things tried",
        }
    }
}

/// The rule itself, on what zxcvbn found: `chars` characters, rated `score`, weak because of
/// `weakness` when zxcvbn said why.
fn judge(chars: usize, score: u8, weakness: Option<Weakness>) -> PassphraseStrength {
    let problem = if chars == 0 {
        Some("Enter a passphrase.".to_string())
    } else if chars > MAX_CHARS {
        Some(format!("Use at most {MAX_CHARS} characters."))
    } else if chars < MIN_CHARS {
        Some(format!("Use at least {MIN_CHARS} characters."))
    } else if score >= STRONG_SCORE || (chars >= LONG_CHARS && score >= LONG_SCORE) {
        None
    } else if chars < LONG_CHARS {
        Some(match weakness {
            Some(w) => format!(
                "Make it longer ({LONG_CHARS} characters or more) or harder to guess: {}.",
                w.reason()
            ),
            None => format!("Make it longer ({LONG_CHARS} characters or more) or harder to guess."),
        })
    } else {
        Some(match weakness {
            Some(w) => format!("Make it harder to guess: {}.", w.reason()),
            None => "Make it harder to guess, for example with a word that has nothing to do \
                     with the others."
                .to_string(),
        })
    };
    PassphraseStrength { score, acceptable: problem.is_none(), problem }
}

pub fn assess(passphrase: &str) -> PassphraseStrength {
    let chars = passphrase.chars().count();
    // zxcvbn's cost grows with length; it rates the first RATED_CHARS characters only.
    let sample: String = passphrase.chars().take(RATED_CHARS).collect();
    let entropy = zxcvbn::zxcvbn(&sample, OBVIOUS_WORDS);
    let weakness = entropy.feedback().and_then(|f| f.warning()).map(Weakness::of);
    judge(chars, u8::from(entropy.score()), weakness)
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

    fn score(passphrase: &str) -> u8 {
        u8::from(zxcvbn::zxcvbn(passphrase, OBVIOUS_WORDS).score())
    }

    /// A passphrase of exactly `MAX_CHARS` characters (or one more) that zxcvbn rates 4.
    fn of_length(chars: usize) -> String {
        "copper lantern orchard violet ".repeat(40).chars().take(chars).collect()
    }

    /// The rule at its edges, on real strings. The window's own zxcvbn port must reach the same
    /// verdict on the same strings: `ui/src/lib/passphrase.test.ts` holds this table too, so
    /// keep the two alike. The scores are asserted first, so an upgrade of zxcvbn that moves
    /// one of these strings to another score is noticed here rather than hidden.
    const EDGES: &[(&str, u8, Option<&str>)] = &[
        // 9 and 10 characters: the length comes first; no 10-character string rates 4.
        ("Xq7#mK2$v", 3, Some("Use at least 10 characters.")),
        ("Xq7#mK2$vL", 3, Some("Make it longer (20 characters or more) or harder to guess.")),
        // 11 characters, rated 3 and 4.
        ("tulip4brook", 3, Some("Make it longer (20 characters or more) or harder to guess.")),
        ("Xq7#mK2$vLp", 4, None),
        // 19 and 20 characters rated 3: long enough only from 20 on.
        (
            "sunflowerbutterfly1",
            3,
            Some("Make it longer (20 characters or more) or harder to guess."),
        ),
        ("sunflowerbutterfly12", 3, None),
        // 19 characters rated 4.
        ("bluebirdsingsloudly", 4, None),
        // Long but weak, and what zxcvbn says about it, in our words.
        (
            "iloveyouiloveyou1234",
            1,
            Some("Make it harder to guess: repeating a character or a group of them adds little."),
        ),
        (
            "abcdefghijklmnopqrstu",
            0,
            Some(
                "Make it harder to guess: runs like abc or 4321 are among the first things tried.",
            ),
        ),
        // Short and weak.
        (
            "password123",
            0,
            Some(
                "Make it longer (20 characters or more) or harder to guess: it is, or is close \
                 to, a password many people use.",
            ),
        ),
        (
            "01/02/1985",
            1,
            Some(
                "Make it longer (20 characters or more) or harder to guess: dates and years are \
                 among the first things tried.",
            ),
        ),
        (
            "zxcvbnm,./asdf",
            2,
            Some(
                "Make it longer (20 characters or more) or harder to guess: keys that sit side \
                 by side are among the first things tried.",
            ),
        ),
        (
            "basketball",
            0,
            Some(
                "Make it longer (20 characters or more) or harder to guess: a single word on its \
                 own is found quickly.",
            ),
        ),
        ("grandmother", 1, Some("Make it longer (20 characters or more) or harder to guess.")),
        // The passphrases the tests and the sample practice use.
        ("copper lantern orchard violet", 4, None),
        ("sample practice with fictional clients only", 4, None),
    ];

    #[test]
    fn passphrase_rule_at_its_edges() {
        for &(passphrase, expected_score, problem) in EDGES {
            assert_eq!(score(passphrase), expected_score, "zxcvbn's score for {passphrase:?}");
            let strength = assess(passphrase);
            assert_eq!(strength.problem.as_deref(), problem, "{passphrase:?}");
            assert_eq!(strength.acceptable, problem.is_none(), "{passphrase:?}");
            assert_eq!(strength.score, expected_score);
        }
    }

    #[test]
    fn passphrase_lengths_at_the_limits() {
        assert_eq!(assess("").problem.as_deref(), Some("Enter a passphrase."));
        assert_eq!(of_length(MAX_CHARS).chars().count(), MAX_CHARS);
        assert_eq!(score(&of_length(MAX_CHARS)), 4);
        assert!(assess(&of_length(MAX_CHARS)).acceptable);
        let too_long = assess(&of_length(MAX_CHARS + 1));
        assert_eq!(too_long.problem.as_deref(), Some("Use at most 1024 characters."));
        assert!(!too_long.acceptable);
        assert!(check_length(&of_length(MAX_CHARS), "passphrase").is_ok());
        let err = check_length(&of_length(MAX_CHARS + 1), "passphrase").unwrap_err();
        assert_eq!(err.field(), Some("passphrase"));
        // Characters, not bytes: ten accented letters are ten characters.
        assert_ne!(assess("éàüöçñøåßœ").problem.as_deref(), Some("Use at least 10 characters."));
        assert_eq!(assess("éàüöçñøåß").problem.as_deref(), Some("Use at least 10 characters."));
        assert_eq!(assess("🙂🙂🙂🙂🙂").problem.as_deref(), Some("Use at least 10 characters."));
    }

    #[test]
    fn passphrase_rule_words_the_app_itself() {
        // The app's own words count as known ones: "therapist" alone rates 0 here.
        assert_eq!(score("therapist"), 0);
        assert!(!assess("rapport2024!").acceptable);
    }

    #[test]
    fn passphrase_refusal_names_the_field() {
        let err = require_acceptable("abc", "new_passphrase").unwrap_err();
        assert_eq!(err.field(), Some("new_passphrase"));
        assert_eq!(err.to_string(), "Use at least 10 characters.");
        assert!(require_acceptable("copper lantern orchard violet", "passphrase").is_ok());
    }
}
