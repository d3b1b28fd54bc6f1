//! Splitting a run of one direction into pieces of one script and one font.

use std::ops::Range;

use unicode_script::{Script, UnicodeScript};

use super::bidi::is_bidi_control;
use super::{FontSet, ShapeError};

/// A piece of text shaped in one go: one script, one font.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub range: Range<usize>,
    pub script: Script,
    pub font: usize,
}

/// Characters that steer but print nothing: left out of shaping.
pub(crate) fn is_invisible(c: char) -> bool {
    is_bidi_control(c) || c.is_control()
}

/// Joiners, variation selectors and the like: the shaper needs them (a ZWNJ
/// changes how Persian or Hindi letters join) but fonts often lack a glyph,
/// and the shaper hides them anyway, so they never decide the font.
fn takes_any_font(c: char) -> bool {
    is_invisible(c) || super::is_format_control(c)
}

/// Script items of `text[range]`, in logical order. Digits, punctuation and
/// marks take the script of what precedes them (else of what follows), so
/// "محمد: 12" is one Arabic item and a mark never leaves its base; text with
/// no script at all (an isolated phone number) gets the set's default font.
pub fn itemize(text: &str, range: Range<usize>, fonts: &FontSet) -> Result<Vec<Item>, ShapeError> {
    let slice = &text[range.clone()];
    let first_real = slice
        .chars()
        .map(|c| c.script())
        .find(|s| !is_neutral(*s))
        .unwrap_or(Script::Common);

    let mut items: Vec<Item> = Vec::new();
    let mut script = first_real;
    for (i, c) in slice.char_indices() {
        let at = range.start + i;
        let own = c.script();
        if !is_neutral(own) {
            script = own;
        }
        let current = items.last().filter(|it| it.range.end == at);
        let font = match current {
            Some(it) if takes_any_font(c) => it.font,
            Some(it) if own == Script::Inherited && fonts.get(it.font).covers(c) => it.font,
            _ if takes_any_font(c) => fonts
                .pick(script, ' ')
                .or((!fonts.fonts.is_empty()).then_some(0))
                .ok_or(ShapeError::NoFont { ch: c, at })?,
            _ => fonts
                .pick(script, c)
                .ok_or(ShapeError::NoFont { ch: c, at })?,
        };
        let end = at + c.len_utf8();
        match items.last_mut() {
            Some(it) if it.script == script && it.font == font => it.range.end = end,
            _ => items.push(Item {
                range: at..end,
                script,
                font,
            }),
        }
    }
    Ok(items)
}

fn is_neutral(s: Script) -> bool {
    matches!(s, Script::Common | Script::Inherited | Script::Unknown)
}
