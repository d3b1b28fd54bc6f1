//! /ActualText spans: a cluster whose glyphs cannot tell its text by
//! themselves, drawn so that poppler and MuPDF both read the span's text
//! where its glyphs are, and the word go on after it.
//!
//! poppler reads a span as one box, from where its first glyph starts to
//! where its last one ends, and a gap on either side as a space. MuPDF
//! hands the span's text out one character per glyph drawn (and one per
//! further character of a glyph's ToUnicode text, dropping the glyphs left
//! without one), and reads the word as going on where the last glyph ends.
//! Both take a glyph's end from its /W width. So the glyphs go from the
//! leftmost; the last one, when it ends short of the cluster (a mark over
//! its letter), is drawn as an alias as wide as what is left of the
//! cluster; and a glyph with more than one character of ToUnicode text is
//! drawn as an alias that reads one (see `readings` for which).

use std::collections::BTreeMap;

use printpdf::{Codepoint, DictItem, Op, TextItem};

use super::aliases::{Alias, Aliases};
use super::glyphs::Pen;
use crate::shape::ActualText;

/// How a span's glyphs are drawn: in what order, how far the cluster
/// reaches, which glyph is stretched to reach it, and what each reads.
struct Drawn {
    order: Vec<usize>,
    right: i32,
    stretch: Option<usize>,
    readings: Vec<Option<String>>,
}

fn drawn(pen: &Pen<'_>, span: &ActualText) -> Drawn {
    let run = pen.run;
    let start = |j: usize| pen.pens[j] + run.glyphs[j].x_offset;
    let mut order: Vec<usize> = span.glyphs.clone().collect();
    order.sort_by_key(|&j| start(j));
    let right = span
        .glyphs
        .clone()
        .map(|j| (start(j) + pen.width(j)).max(pen.pens[j] + run.glyphs[j].advance))
        .max()
        .unwrap_or(0);
    let stretch = order
        .last()
        .copied()
        .filter(|&j| right > start(j) + pen.width(j));
    let texts: Vec<&str> = order.iter().map(|&j| run.glyph_text(j)).collect();
    let runes: Vec<char> = span.text.chars().collect();
    let readings = readings(&texts, &runes, stretch.is_some());
    Drawn {
        order,
        right,
        stretch,
        readings,
    }
}

/// The character MuPDF takes the first glyph drawn of `span` for (its
/// direction decides the span's); `None` for a glyph without text.
pub(super) fn first_read(pen: &Pen<'_>, span: &ActualText) -> Option<char> {
    let drawn = drawn(pen, span);
    let (&j, reading) = drawn.order.iter().zip(&drawn.readings).next()?;
    reading
        .as_deref()
        .unwrap_or(pen.run.glyph_text(j))
        .chars()
        .next()
}

/// The ops of `span`: its marked-content sequence and its glyphs.
pub(super) fn span_ops(ops: &mut Vec<Op>, pen: &Pen<'_>, span: &ActualText, aliases: &mut Aliases) {
    let run = pen.run;
    let thousandths = |units: i32| units as f32 * 1000.0 / f32::from(run.units_per_em);
    let drawn = drawn(pen, span);
    ops.push(actual_text(&span.text));
    for (&j, reading) in drawn.order.iter().zip(drawn.readings) {
        let g = run.glyphs[j];
        let mut codepoint = pen.codepoint(j, 0.0);
        if let Some(text) = reading {
            let width = if drawn.stretch == Some(j) {
                thousandths(drawn.right - pen.pens[j] - g.x_offset).round() as i64
            } else {
                // The same arithmetic as printpdf's /W entry.
                thousandths(pen.width(j)) as i64
            };
            let alias = Alias {
                glyph: codepoint.gid,
                width,
                text,
            };
            codepoint = Codepoint {
                gid: aliases.cid(pen.subset, alias),
                ..codepoint
            };
        }
        ops.push(pen.at(pen.pens[j], g.x_offset, g.y_offset));
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![codepoint])],
        });
    }
    ops.push(Op::EndMarkedContent);
}

/// `/Span << /ActualText <FEFF...> >> BDC`: the text a reader should take
/// for the glyphs up to the matching EMC.
fn actual_text(text: &str) -> Op {
    let mut data = vec![0xFE, 0xFF];
    data.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut map = BTreeMap::new();
    map.insert(
        "ActualText".to_string(),
        DictItem::String {
            data,
            literal: false,
        },
    );
    Op::BeginMarkedContentWithProperties {
        tag: "Span".to_string(),
        properties: DictItem::Dict { map },
    }
}

/// Per glyph of a span, in drawing order: the text of the alias to draw it
/// as, or `None` to draw the glyph itself, whose ToUnicode text is
/// `texts[i]`. The span reads `runes`; the last glyph is an alias anyway
/// when it is `stretched`.
///
/// MuPDF 1.26 first matches the glyphs' own characters (a glyph's whole
/// ToUnicode text) against the span's text from either end, and hands the
/// rest out one per glyph and per further character. Where the glyphs have
/// more characters than the span, or a match at the start stops short of
/// the last glyph, glyphs are left without a character and dropped with
/// their width; a match at the end has the rest of the text told twice.
/// Glyphs that avoid all three keep their text; otherwise each reads one
/// character, and the first and the last one that does not match.
fn readings(texts: &[&str], runes: &[char], stretched: bool) -> Vec<Option<String>> {
    let n = texts.len();
    let own = |i: usize| (stretched && i + 1 == n).then(|| texts[i].to_string());
    // One character per glyph, or one for a glyph without text.
    let chars: Vec<char> = texts
        .iter()
        .flat_map(|t| {
            let first = t.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
            std::iter::once(first).chain(t.chars().skip(1))
        })
        .collect();
    if reads_right(&chars, runes) {
        return (0..n).map(own).collect();
    }
    let mut out: Vec<Option<String>> = (0..n)
        .map(|i| {
            own(i).or_else(|| {
                (texts[i].chars().count() > 1).then(|| texts[i].chars().take(1).collect())
            })
        })
        .collect();
    let first =
        |out: &[Option<String>], i: usize| out[i].as_deref().unwrap_or(texts[i]).chars().next();
    // Another character of the glyph's own text, or of the span's.
    let other = |i: usize, not: char| -> String {
        texts[i]
            .chars()
            .chain(runes.iter().copied())
            .find(|&c| c != not)
            .map(String::from)
            .unwrap_or_default()
    };
    let one: Vec<char> = (0..n)
        .map(|i| first(&out, i).unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if !reads_right(&one, runes) {
        if one.first() == runes.first() {
            out[0] = Some(other(0, runes[0]));
        }
        if let Some(&end) = runes.last()
            && n > 1
            && first(&out, n - 1) == Some(end)
        {
            out[n - 1] = Some(other(n - 1, end));
        }
    }
    out
}

/// Whether MuPDF 1.26 gives each glyph of a span one of its `runes`,
/// `chars` being the glyphs' own characters: all of them match the span's
/// start, or none matches either end and there are enough runes.
fn reads_right(chars: &[char], runes: &[char]) -> bool {
    let prefix = chars.iter().zip(runes).take_while(|(c, r)| c == r).count();
    prefix == chars.len()
        || (prefix == 0 && chars.len() <= runes.len() && chars.last() != runes.last())
}

#[cfg(test)]
mod tests {
    use super::readings;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn glyphs_that_spell_the_span_keep_their_text() {
        // "أُ" right to left: the mark drawn first, then the alef.
        assert_eq!(readings(&["ُ", "أ"], &chars("ُأ"), false), [None, None]);
        // A stretched mark reads as itself.
        assert_eq!(
            readings(&["د", "ّ"], &chars("دّ"), true),
            [None, Some("ّ".to_string())]
        );
    }

    #[test]
    fn a_ligature_reads_one_character_and_no_end_matches_alone() {
        // "खि": the vowel's variant (read "खि" elsewhere) drawn first.
        assert_eq!(
            readings(&["खि", "ख"], &chars("खि"), false),
            [Some("ि".to_string()), None]
        );
        // "च्छी": the conjunct, then the vowel, spell the span.
        assert_eq!(readings(&["च्छ", "ी"], &chars("च्छी"), false), [None, None]);
        // A first glyph that matches alone, a last one that matches the end.
        assert_eq!(
            readings(&["a", "x"], &chars("ab"), false),
            [Some("b".to_string()), None]
        );
        assert_eq!(
            readings(&["x", "b"], &chars("ab"), false),
            [None, Some("a".to_string())]
        );
    }
}
