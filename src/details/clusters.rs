//! Bounds on what one letter may carry, checked before any text reaches the
//! shaper: a letter with dozens of marks stacked on it, or hundreds of
//! letters tied into one cluster by virama signs, is no one's name, and the
//! shaper was never made for it (rustybuzz's Indic shaper panics on a
//! cluster of more than 255 glyphs; marks stack into a column through the
//! lines above). Real words stay far inside these bounds in every script
//! the fonts cover.

use unicode_normalization::char::{canonical_combining_class, is_combining_mark};

/// Marks (accents, vowel signs, tone marks) on one letter: Vietnamese and
/// Hebrew with full pointing use two or three, Thai a vowel and a tone mark.
pub const MAX_MARKS: usize = 4;
/// Letters tied into one cluster by virama signs (a conjunct): Sanskrit's
/// longest, such as र्त्स्न्य, join five.
pub const MAX_JOINED: usize = 6;

/// Unicode's canonical combining class of the virama (halant, pulli, hasanta):
/// a mark that ties the next letter into its cluster.
const VIRAMA: u8 = 9;

/// Why a value's letters cannot be shaped as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stack {
    /// More than [`MAX_MARKS`] marks on one letter.
    Marks { count: usize, mark: char },
    /// More than [`MAX_JOINED`] letters in one cluster.
    Joined { count: usize, virama: char },
    /// A mark with no letter before it to sit on.
    Bare { mark: char },
}

impl std::fmt::Display for Stack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stack::Marks { count, mark } => write!(
                f,
                "has {count} marks (accents, vowel signs or tone marks such as U+{:04X}) stacked \
                 on one letter; a letter carries at most {MAX_MARKS}, so retype the value",
                *mark as u32
            ),
            Stack::Joined { count, virama } => write!(
                f,
                "ties {count} letters into one cluster with virama signs (U+{:04X}); a real \
                 conjunct joins at most {MAX_JOINED}, so retype the value",
                *virama as u32
            ),
            Stack::Bare { mark } => write!(
                f,
                "has a mark (U+{:04X}) with no letter before it to sit on; retype the value",
                *mark as u32
            ),
        }
    }
}

/// Checks every letter of `text` against the bounds. Linear in its length.
pub fn check(text: &str) -> Result<(), Stack> {
    // Marks on the current letter, letters in the current cluster.
    let (mut marks, mut joined) = (0usize, 0usize);
    let mut tied: Option<char> = None;
    let mut letter = false;
    for c in text.chars() {
        if is_combining_mark(c) {
            if !letter {
                return Err(Stack::Bare { mark: c });
            }
            marks += 1;
            if marks > MAX_MARKS {
                return Err(Stack::Marks {
                    count: count_marks(text, c),
                    mark: c,
                });
            }
            tied = (canonical_combining_class(c) == VIRAMA).then_some(c);
            continue;
        }
        letter = !c.is_whitespace();
        marks = 0;
        match tied.take() {
            Some(virama) if letter => {
                joined += 1;
                if joined > MAX_JOINED {
                    return Err(Stack::Joined {
                        count: count_joined(text),
                        virama,
                    });
                }
            }
            _ => joined = 1,
        }
    }
    Ok(())
}

/// The longest run of marks in `text` that holds `mark`: what the message
/// reports (the check stops at the first mark past the bound).
fn count_marks(text: &str, mark: char) -> usize {
    let mut best = 0;
    let (mut run, mut has) = (0, false);
    for c in text.chars() {
        if is_combining_mark(c) {
            run += 1;
            has |= c == mark;
        } else {
            (run, has) = (0, false);
        }
        if has {
            best = best.max(run);
        }
    }
    best
}

/// The most letters any cluster of `text` ties together.
fn count_joined(text: &str) -> usize {
    let (mut best, mut joined, mut tied) = (0, 0, false);
    for c in text.chars() {
        if is_combining_mark(c) {
            tied = canonical_combining_class(c) == VIRAMA;
            continue;
        }
        if c.is_whitespace() {
            (joined, tied) = (0, false);
            continue;
        }
        joined = if tied { joined + 1 } else { 1 };
        tied = false;
        best = best.max(joined);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_words_pass() {
        for word in [
            "Priya Nair",
            "प्रिया नायर",
            "र्त्स्न्य",
            "श्रीं",
            "মৌমিতা বন্দ্যোপাধ্যায়",
            "பிரியா க்ஷ்",
            "مُحَمَّد",
            "שָׁלוֹם בְּרֵאשִׁית",
            "สมชาย ใจดี น้ำ กั้",
            "Nguye\u{302}\u{303}n",
            "王小明",
        ] {
            assert_eq!(check(word), Ok(()), "{word}");
        }
    }

    #[test]
    fn stacks_and_chains_are_refused() {
        let arabic = format!("Ali م{}", "\u{064B}".repeat(20));
        assert_eq!(
            check(&arabic),
            Err(Stack::Marks {
                count: 20,
                mark: '\u{064B}'
            })
        );
        let thai = format!("ก{}", "\u{0E48}".repeat(40));
        assert!(matches!(check(&thai), Err(Stack::Marks { count: 40, .. })));
        let latin = format!("e{}", "\u{0301}".repeat(5));
        assert!(matches!(check(&latin), Err(Stack::Marks { count: 5, .. })));
        let halants = format!("क{}", "\u{094D}".repeat(299));
        assert!(matches!(
            check(&halants),
            Err(Stack::Marks { count: 299, .. })
        ));
        let chain = "क्".repeat(129);
        assert_eq!(
            check(&chain),
            Err(Stack::Joined {
                count: 129,
                virama: '\u{094D}'
            })
        );
        assert!(matches!(check(&"ক্".repeat(150)), Err(Stack::Joined { .. })));
        assert!(matches!(check(&"க்".repeat(150)), Err(Stack::Joined { .. })));
        // Spaces end a cluster: many short conjuncts are fine.
        assert_eq!(check(&"क्ष ".repeat(60)), Ok(()));
        assert_eq!(check("\u{0301}abc"), Err(Stack::Bare { mark: '\u{0301}' }));
        assert!(matches!(check("a \u{0301}"), Err(Stack::Bare { .. })));
        let message = check(&arabic).unwrap_err().to_string();
        assert!(message.contains("20 marks"), "{message}");
    }
}
