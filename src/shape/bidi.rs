//! Direction: one setting per document, and isolation of owners' values.

use unicode_bidi::Level;

/// The base direction of a document (and so of each of its paragraphs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

impl Direction {
    pub fn is_rtl(self) -> bool {
        self == Direction::Rtl
    }

    pub(crate) fn level(self) -> Level {
        match self {
            Direction::Ltr => Level::ltr(),
            Direction::Rtl => Level::rtl(),
        }
    }

    pub(crate) fn of_level(level: Level) -> Direction {
        if level.is_rtl() {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }
}

/// First-strong isolate and its end: what [`isolate`] puts around a value.
pub(crate) const FSI: char = '\u{2068}';
pub(crate) const PDI: char = '\u{2069}';

/// Wraps an owner's value so it keeps its own direction inside a sentence of
/// the other one. First-strong isolation: an Arabic name stays right to left
/// in an English line, and "+971 50 123 4567" or an email, having no
/// right-to-left letter, stays left to right in an Arabic line instead of
/// having its digit groups reordered (UAX #9, rule N1).
pub fn isolate(value: &str) -> String {
    let mut s = String::with_capacity(value.len() + 6);
    s.push(FSI);
    s.push_str(value);
    s.push(PDI);
    s
}
