//! Phase 1, collect: styled spans become atoms, one per character (or
//! write-in blank), each with the face that prints it and its advance in
//! that face. Font fallback happens here, once per character.

use crate::chars::{is_format_control, is_neutral};
use crate::fonts::{FaceId, Fonts, Unprintable};
use crate::units::Pt;

use super::bidi::{FSI, PDI};

/// Stands in for a write-in blank while finding break opportunities.
pub(super) const BLANK_CHAR: char = '\u{FFFC}';

/// Width of an inline write-in blank, unless the line is narrower: 46 mm,
/// room for a phone number with its country code in handwriting.
const BLANK_WIDTH: Pt = Pt(134.0);

/// Text in one style, the unit callers hand to the engine.
#[derive(Debug, Clone)]
pub struct Span<'a> {
    pub text: &'a str,
    pub bold: bool,
    pub blank: bool,
    /// One of the owner's values: kept on one line when it fits.
    pub value: bool,
}

impl<'a> Span<'a> {
    pub fn plain(text: &'a str) -> Self {
        Span {
            text,
            bold: false,
            blank: false,
            value: false,
        }
    }
    pub fn bold(text: &'a str) -> Self {
        Span {
            bold: true,
            ..Span::plain(text)
        }
    }
    pub fn value(text: &'a str) -> Self {
        Span {
            value: true,
            ..Span::bold(text)
        }
    }
    /// A line to write a missing value on by hand.
    pub fn blank(bold: bool) -> Self {
        Span {
            bold,
            blank: true,
            ..Span::plain("")
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Atom {
    pub ch: char,
    pub face: FaceId,
    pub synthetic_bold: bool,
    pub blank: bool,
    pub width: Pt,
    /// Which of the owner's values it belongs to (1, 2, ...), 0 for none.
    pub value: u32,
    /// Which run of bold words it belongs to (1, 2, ...), 0 for none: a
    /// short one in Thai (an on-screen name) is kept on one line.
    pub strong: u32,
    /// Byte offset in the paragraph's text (used by shaped paragraphs).
    pub at: usize,
    /// A character after the first of a shaped cluster: its width is the
    /// cluster's first character's, and no line may start with it.
    pub joined: bool,
}

pub(super) fn width(atoms: &[Atom]) -> Pt {
    Pt(atoms.iter().map(|a| a.width.0).sum())
}

/// The atoms of `spans` at `size`, measured by each character's advance; a
/// blank is narrower than `max`.
pub(super) fn atoms(
    spans: &[Span<'_>],
    size: Pt,
    max: Pt,
    fonts: &Fonts,
) -> Result<Vec<Atom>, Unprintable> {
    let mut out = Vec::new();
    let mut values = 0;
    let mut strongs = 0;
    for span in spans {
        if span.blank {
            out.push(Atom {
                ch: BLANK_CHAR,
                face: FaceId::Regular,
                synthetic_bold: false,
                blank: true,
                // Narrow enough to share a line with the word before it.
                width: BLANK_WIDTH.min(max * 0.6),
                value: 0,
                strong: 0,
                at: 0,
                joined: false,
            });
            continue;
        }
        let value = if span.value {
            values += 1;
            values
        } else {
            0
        };
        let strong = if span.bold && !span.value {
            strongs += 1;
            strongs
        } else {
            0
        };
        for ch in span.text.chars() {
            let ch = if ch == '\t' { ' ' } else { ch };
            // Only a face of the span's own weight: a bold value after
            // Hindi text starts bold.
            let previous = out
                .last()
                .filter(|a: &&Atom| {
                    !a.blank && a.ch != '\n' && a.face.is_shaped() && a.face.is_bold() == span.bold
                })
                .map(|a| a.face);
            let invisible = ch == '\n' || is_format_control(ch);
            let face = match previous {
                // Marks, digits and punctuation inside Arabic or Hindi text
                // stay in its face when it has them: a cluster or a word is
                // shaped in one font.
                Some(p) if invisible || (is_neutral(ch) && fonts.face(p).glyph(ch).is_some()) => p,
                _ if invisible => FaceId::Regular,
                _ => fonts
                    .face_for(ch, span.bold)
                    .ok_or(Unprintable::NoGlyph { ch })?,
            };
            let width = if invisible {
                Pt(0.0)
            } else {
                size * face.optical_scale() * fonts.face(face).advance_em(ch)
            };
            let synthetic_bold = span.bold && face == FaceId::Cjk;
            out.push(Atom {
                ch,
                face,
                synthetic_bold,
                blank: false,
                width,
                value,
                strong,
                at: 0,
                joined: false,
            });
        }
    }
    Ok(out)
}

/// Puts each of the owner's values in a bidi isolate (FSI ... PDI): it keeps
/// its own direction whatever surrounds it, so "+971 50 123 4567" or an
/// email stays left to right in an Arabic sentence and an Arabic name stays
/// whole in an English one. The marks belong to no value, so a line may
/// still break before one.
pub(super) fn isolate_values(atoms: Vec<Atom>) -> Vec<Atom> {
    let mark = |ch: char, next_to: &Atom| Atom {
        ch,
        blank: false,
        width: Pt(0.0),
        value: 0,
        strong: 0,
        at: 0,
        joined: false,
        ..*next_to
    };
    let mut out = Vec::with_capacity(atoms.len() + 8);
    for (i, atom) in atoms.iter().enumerate() {
        let starts = atom.value != 0 && (i == 0 || atoms[i - 1].value != atom.value);
        if starts {
            out.push(mark(FSI, atom));
        }
        out.push(*atom);
        let ends = atom.value != 0 && atoms.get(i + 1).is_none_or(|n| n.value != atom.value);
        if ends {
            out.push(mark(PDI, atom));
        }
    }
    out
}
