//! Measuring and wrapping text by real glyph widths.
//!
//! Break opportunities come from Unicode's line-breaking rules (UAX #14), so
//! Latin breaks at spaces and hyphens, CJK between characters but never before
//! closing punctuation. A word wider than the line (a long email address) is
//! broken between characters rather than allowed past the margin.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::geometry::Pt;
use crate::content::{Inline, Rich};
use crate::fonts::{FaceId, Fonts, Unprintable};

/// Stands in for a write-in blank while finding break opportunities.
const BLANK_CHAR: char = '\u{FFFC}';

/// Width of an inline write-in blank, unless the line is narrower.
const BLANK_WIDTH: Pt = Pt(110.0);

#[derive(Debug, Clone, Copy)]
struct Atom {
    ch: char,
    face: FaceId,
    synthetic_bold: bool,
    blank: bool,
    width: Pt,
}

/// A piece of a line in one face, or a write-in blank.
#[derive(Debug, Clone, PartialEq)]
pub struct Frag {
    pub x: Pt,
    pub width: Pt,
    pub face: FaceId,
    pub synthetic_bold: bool,
    /// Empty for a blank.
    pub text: String,
    pub blank: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub frags: Vec<Frag>,
    pub width: Pt,
}

/// Text in one style, the unit callers hand to `wrap`.
#[derive(Debug, Clone)]
pub struct Span<'a> {
    pub text: &'a str,
    pub bold: bool,
    pub blank: bool,
}

impl<'a> Span<'a> {
    pub fn plain(text: &'a str) -> Self {
        Span {
            text,
            bold: false,
            blank: false,
        }
    }
    pub fn bold(text: &'a str) -> Self {
        Span {
            text,
            bold: true,
            blank: false,
        }
    }
}

/// The spans of rich text; `bold` makes all of it bold.
pub fn spans(rich: &Rich, bold: bool) -> Vec<Span<'_>> {
    rich.0
        .iter()
        .map(|i| match i {
            Inline::Text(t) => Span {
                text: t,
                bold,
                blank: false,
            },
            Inline::Strong(t) | Inline::Value(t) => Span::bold(t),
            Inline::Blank => Span {
                text: "",
                bold,
                blank: true,
            },
        })
        .collect()
}

pub fn measure(text: &str, bold: bool, size: Pt, fonts: &Fonts) -> Result<Pt, Unprintable> {
    let atoms = atoms(
        &[Span {
            text,
            bold,
            blank: false,
        }],
        size,
        Pt(f32::MAX),
        fonts,
    )?;
    Ok(Pt(atoms.iter().map(|a| a.width.0).sum()))
}

fn atoms(spans: &[Span<'_>], size: Pt, max: Pt, fonts: &Fonts) -> Result<Vec<Atom>, Unprintable> {
    let mut out = Vec::new();
    for span in spans {
        if span.blank {
            out.push(Atom {
                ch: BLANK_CHAR,
                face: FaceId::Regular,
                synthetic_bold: false,
                blank: true,
                width: BLANK_WIDTH.min(max),
            });
            continue;
        }
        for ch in span.text.chars() {
            let ch = if ch == '\t' { ' ' } else { ch };
            let face = if ch == '\n' {
                FaceId::Regular
            } else {
                fonts
                    .face_for(ch, span.bold)
                    .ok_or(Unprintable::NoGlyph { ch })?
            };
            let width = if ch == '\n' {
                Pt(0.0)
            } else {
                size * fonts.face(face).advance_em(ch)
            };
            let synthetic_bold = span.bold && face == FaceId::Cjk;
            out.push(Atom {
                ch,
                face,
                synthetic_bold,
                blank: false,
                width,
            });
        }
    }
    Ok(out)
}

/// Breaks styled text into lines no wider than `max`.
pub fn wrap(
    spans: &[Span<'_>],
    size: Pt,
    max: Pt,
    fonts: &Fonts,
) -> Result<Vec<Line>, Unprintable> {
    let atoms = atoms(spans, size, max, fonts)?;
    let text: String = atoms.iter().map(|a| a.ch).collect();
    // Byte offset in `text` -> atom index.
    let mut index_of = vec![0usize; text.len() + 1];
    for (i, (b, _)) in text.char_indices().enumerate() {
        index_of[b] = i;
    }
    index_of[text.len()] = atoms.len();

    let mut lines = Vec::new();
    let mut current: Vec<Atom> = Vec::new();
    let mut current_width = Pt(0.0);
    let mut start = 0;
    for (byte, opportunity) in linebreaks(&text) {
        let end = index_of[byte];
        let segment = &atoms[start..end];
        start = end;
        let full: f32 = segment.iter().map(|a| a.width.0).sum();
        let trimmed: f32 = full - trailing_space_width(segment);
        if !current.is_empty() && current_width.0 + trimmed > max.0 {
            lines.push(finish(std::mem::take(&mut current)));
            current_width = Pt(0.0);
        }
        if current.is_empty() && trimmed > max.0 {
            // Too wide for any line: break between characters.
            for atom in segment {
                if !current.is_empty()
                    && current_width.0 + atom.width.0 > max.0
                    && !atom.ch.is_whitespace()
                {
                    lines.push(finish(std::mem::take(&mut current)));
                    current_width = Pt(0.0);
                }
                current.push(*atom);
                current_width += atom.width;
            }
        } else {
            current.extend_from_slice(segment);
            current_width += Pt(full);
        }
        if opportunity == BreakOpportunity::Mandatory {
            lines.push(finish(std::mem::take(&mut current)));
            current_width = Pt(0.0);
        }
    }
    if !current.is_empty() {
        lines.push(finish(current));
    }
    if lines.is_empty() {
        lines.push(Line::default());
    }
    Ok(lines)
}

fn trailing_space_width(segment: &[Atom]) -> f32 {
    segment
        .iter()
        .rev()
        .take_while(|a| a.ch.is_whitespace())
        .map(|a| a.width.0)
        .sum()
}

/// Turns a line's atoms into positioned fragments, dropping trailing spaces.
fn finish(mut atoms: Vec<Atom>) -> Line {
    while atoms.last().is_some_and(|a| a.ch.is_whitespace()) {
        atoms.pop();
    }
    let mut line = Line::default();
    let mut x = Pt(0.0);
    for atom in atoms {
        let continues = line.frags.last().is_some_and(|f: &Frag| {
            !f.blank
                && !atom.blank
                && f.face == atom.face
                && f.synthetic_bold == atom.synthetic_bold
        });
        if continues {
            let frag = line.frags.last_mut().expect("checked");
            frag.text.push(atom.ch);
            frag.width += atom.width;
        } else {
            line.frags.push(Frag {
                x,
                width: atom.width,
                face: atom.face,
                synthetic_bold: atom.synthetic_bold,
                text: if atom.blank {
                    String::new()
                } else {
                    atom.ch.to_string()
                },
                blank: atom.blank,
            });
        }
        x += atom.width;
    }
    line.width = x;
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.frags.iter().map(|f| f.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_within_width() {
        let fonts = Fonts::bundled();
        let text = "The quick brown fox jumps over the lazy dog again and again";
        let lines = wrap(&[Span::plain(text)], Pt(10.0), Pt(120.0), fonts).unwrap();
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.width.0 <= 120.0, "{l:?}");
        }
        assert_eq!(texts(&lines).join(" "), text);
    }

    #[test]
    fn long_unbroken_word_breaks_inside() {
        let fonts = Fonts::bundled();
        let email = "averyveryveryveryverylongname.with.many.parts@subdomain.example-company.com";
        let lines = wrap(&[Span::plain(email)], Pt(10.0), Pt(100.0), fonts).unwrap();
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width.0 <= 100.0, "{l:?}");
        }
        assert_eq!(texts(&lines).concat(), email);
    }

    #[test]
    fn cjk_breaks_between_characters_not_before_closing_punctuation() {
        let fonts = Fonts::bundled();
        let text = "小米账号恢复工具包，请妥善保管。小米账号恢复工具包，请妥善保管。";
        let lines = wrap(&[Span::plain(text)], Pt(10.0), Pt(62.0), fonts).unwrap();
        assert!(lines.len() > 3);
        for l in texts(&lines) {
            assert!(!l.starts_with('，') && !l.starts_with('。'), "{l}");
        }
        assert_eq!(texts(&lines).concat(), text);
    }

    #[test]
    fn missing_glyph_is_an_error() {
        let fonts = Fonts::bundled();
        assert!(wrap(&[Span::plain("\u{10FFFD}")], Pt(10.0), Pt(100.0), fonts).is_err());
    }
}
