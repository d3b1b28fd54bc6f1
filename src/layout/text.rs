//! Measuring and wrapping text by real glyph widths.
//!
//! Break opportunities come from Unicode's line-breaking rules (UAX #14), so
//! Latin breaks at spaces and hyphens, CJK between characters but never before
//! closing punctuation. An owner's value (a phone number, an IMEI, a date) is
//! one unit: it moves whole to the next line when it fits on one, because
//! "+91 ⏎ 91234 56789" reads as two numbers. A value wider than a line breaks
//! at the most sensible points it has: between list items, then at spaces,
//! then after "@" or before a dot, and only then between characters. A word
//! wider than the line is cut between whole characters (grapheme clusters)
//! rather than allowed past the margin.

use std::sync::Arc;

use unicode_bidi::ParagraphBidiInfo;
use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

use super::geometry::Pt;
use crate::content::{Inline, Rich};
use crate::fonts::{FaceId, Fonts, Unprintable, needs_shaping};
use crate::shape::{
    Direction, ShapedRun, break_opportunities, is_format_control, needs_dictionary, shape_face,
};

/// Stands in for a write-in blank while finding break opportunities.
const BLANK_CHAR: char = '\u{FFFC}';

/// Width of an inline write-in blank, unless the line is narrower.
const BLANK_WIDTH: Pt = Pt(110.0);

/// What shortens a name that does not fit.
pub const ELLIPSIS: char = '…';

#[derive(Debug, Clone, Copy)]
struct Atom {
    ch: char,
    face: FaceId,
    synthetic_bold: bool,
    blank: bool,
    width: Pt,
    /// Which of the owner's values it belongs to (1, 2, ...), 0 for none.
    value: u32,
    /// Byte offset in the paragraph's text (used by shaped paragraphs).
    at: usize,
    /// A character after the first of a shaped cluster: its width is the
    /// cluster's first character's, and no line may start with it.
    joined: bool,
}

/// A piece of a line in one face, or a write-in blank. `x` is measured from
/// the line's start edge: the left for left-to-right text, the right (as the
/// page is mirrored at the end) for right-to-left.
#[derive(Debug, Clone, PartialEq)]
pub struct Frag {
    pub x: Pt,
    pub width: Pt,
    pub face: FaceId,
    pub synthetic_bold: bool,
    /// Empty for a blank.
    pub text: String,
    pub blank: bool,
    /// Glyphs in visual order, for text that was shaped; cluster offsets
    /// point into `text`.
    pub glyphs: Option<Arc<ShapedRun>>,
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
}

/// The spans of rich text; `bold` makes all of it bold.
pub fn spans(rich: &Rich, bold: bool) -> Vec<Span<'_>> {
    rich.0
        .iter()
        .map(|i| match i {
            Inline::Text(t) => Span {
                bold,
                ..Span::plain(t)
            },
            Inline::Strong(t) => Span::bold(t),
            Inline::Value(t) => Span::value(t),
            Inline::Blank => Span {
                bold,
                blank: true,
                ..Span::plain("")
            },
        })
        .collect()
}

pub fn measure(text: &str, bold: bool, size: Pt, fonts: &Fonts) -> Result<Pt, Unprintable> {
    let span = if bold {
        Span::bold(text)
    } else {
        Span::plain(text)
    };
    let para = prepare(&[span], size, Pt(f32::MAX), fonts, Direction::Ltr)?;
    Ok(width(&para.atoms))
}

/// A paragraph's atoms, and its text when it is shaped.
struct Prepared {
    atoms: Vec<Atom>,
    shaped: Option<Shaped>,
}

/// What drawing a shaped paragraph's lines needs again.
struct Shaped {
    text: String,
    direction: Direction,
    size: Pt,
}

/// Atoms measured as they will print: by each character's advance, or for a
/// paragraph with text that joins, reorders or runs right to left (and every
/// paragraph of a right-to-left document) by the shaper's advances.
fn prepare(
    spans: &[Span<'_>],
    size: Pt,
    max: Pt,
    fonts: &Fonts,
    direction: Direction,
) -> Result<Prepared, Unprintable> {
    let mut atoms = atoms(spans, size, max, fonts)?;
    let wanted = direction.is_rtl()
        || atoms
            .iter()
            .any(|a| a.face.is_shaped() || needs_shaping(a.ch));
    if !wanted {
        return Ok(Prepared {
            atoms,
            shaped: None,
        });
    }
    atoms = isolate_values(atoms);
    let mut text = String::with_capacity(atoms.len() * 2);
    for atom in &mut atoms {
        atom.at = text.len();
        text.push(atom.ch);
    }
    let bidi = ParagraphBidiInfo::new(&text, Some(direction.level()));
    // Logical shaping, one piece per face and embedding level: widths for
    // breaking lines. Lines are shaped again in visual order when drawn.
    let mut start = 0;
    while start < atoms.len() {
        let mut end = start + 1;
        let same = |a: &Atom, b: &Atom| {
            !a.blank
                && !b.blank
                && a.ch != '\n'
                && b.ch != '\n'
                && a.face == b.face
                && bidi.levels[a.at] == bidi.levels[b.at]
        };
        while end < atoms.len() && same(&atoms[start], &atoms[end]) {
            end += 1;
        }
        if !atoms[start].blank && atoms[start].ch != '\n' {
            let range = atoms[start].at..atoms[end - 1].at + atoms[end - 1].ch.len_utf8();
            let run = shape_piece(
                &text,
                range,
                atoms[start].face,
                Direction::of_level(bidi.levels[atoms[start].at]),
                fonts,
            );
            let scale = size.0 / f32::from(run.units_per_em);
            for atom in &mut atoms[start..end] {
                atom.width = Pt(0.0);
                atom.joined = true;
            }
            for atom in atoms[start..end]
                .iter_mut()
                .filter(|a| is_format_control(a.ch))
            {
                // Dropped by the shaper, and no part of a cluster.
                atom.joined = false;
            }
            for g in &run.glyphs {
                // Atoms are in byte order within the piece.
                let k = atoms[start..end].partition_point(|a| a.at < g.cluster);
                if let Some(atom) = atoms[start..end].get_mut(k) {
                    atom.width += Pt(g.advance as f32 * scale);
                    atom.joined = false;
                }
            }
        }
        start = end;
    }
    Ok(Prepared {
        atoms,
        shaped: Some(Shaped {
            text,
            direction,
            size,
        }),
    })
}

/// Puts each of the owner's values in a bidi isolate (FSI ... PDI): it keeps
/// its own direction whatever surrounds it, so "+971 50 123 4567" or an
/// email stays left to right in an Arabic sentence and an Arabic name stays
/// whole in an English one. The marks belong to no value, so a line may
/// still break before one.
fn isolate_values(atoms: Vec<Atom>) -> Vec<Atom> {
    const FSI: char = '\u{2068}';
    const PDI: char = '\u{2069}';
    let mark = |ch: char, next_to: &Atom| Atom {
        ch,
        blank: false,
        width: Pt(0.0),
        value: 0,
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

/// Shapes `text[range]`, all in one face and direction. A document is set
/// more than once when a tighter setting may save a page, and a batch sets
/// the same template words for every customer: the runs are kept per thread.
fn shape_piece(
    text: &str,
    range: std::ops::Range<usize>,
    face: FaceId,
    direction: Direction,
    fonts: &Fonts,
) -> ShapedRun {
    use std::cell::RefCell;
    use std::collections::HashMap;
    type Key = (String, usize, usize, FaceId, bool);
    /// Past this many runs (a run of unusual texts), start afresh.
    const LIMIT: usize = 20_000;
    thread_local! {
        static RUNS: RefCell<HashMap<Key, ShapedRun>> = RefCell::new(HashMap::new());
    }
    let key = (
        text.to_string(),
        range.start,
        range.end,
        face,
        direction.is_rtl(),
    );
    if let Some(hit) = RUNS.with_borrow(|runs| runs.get(&key).cloned()) {
        return hit;
    }
    let run = shape_uncached(text, range, face, direction, fonts);
    RUNS.with_borrow_mut(|runs| {
        if runs.len() >= LIMIT {
            runs.clear();
        }
        runs.insert(key, run.clone());
    });
    run
}

fn shape_uncached(
    text: &str,
    range: std::ops::Range<usize>,
    face: FaceId,
    direction: Direction,
    fonts: &Fonts,
) -> ShapedRun {
    let script = text[range.clone()]
        .chars()
        .map(|c| c.script())
        .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
        .unwrap_or(Script::Common);
    match fonts.face(face).shaper() {
        Some(shaper) => shape_face(text, range, shaper, face.index(), script, direction),
        // A face the browser has not provided draws nothing (and is never
        // chosen for a character, having none).
        None => ShapedRun {
            range,
            font: face.index(),
            direction,
            units_per_em: 1000,
            glyphs: Vec::new(),
        },
    }
}

fn width(atoms: &[Atom]) -> Pt {
    Pt(atoms.iter().map(|a| a.width.0).sum())
}

fn atoms(spans: &[Span<'_>], size: Pt, max: Pt, fonts: &Fonts) -> Result<Vec<Atom>, Unprintable> {
    let mut out = Vec::new();
    let mut values = 0;
    for span in spans {
        if span.blank {
            out.push(Atom {
                ch: BLANK_CHAR,
                face: FaceId::Regular,
                synthetic_bold: false,
                blank: true,
                // Narrow enough to share a line with the word before it.
                width: BLANK_WIDTH.min(max * 0.55),
                value: 0,
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
                size * fonts.face(face).advance_em(ch)
            };
            let synthetic_bold = span.bold && face == FaceId::Cjk;
            out.push(Atom {
                ch,
                face,
                synthetic_bold,
                blank: false,
                width,
                value,
                at: 0,
                joined: false,
            });
        }
    }
    Ok(out)
}

/// Characters of no script of their own: digits, punctuation, spaces, marks.
fn is_neutral(ch: char) -> bool {
    matches!(ch.script(), Script::Common | Script::Inherited)
}

/// Where a line may start: atom index, and whether the line must end there.
type Break = (usize, bool);

/// The break opportunities of a run of atoms, values and blanks accounted for.
fn opportunities(atoms: &[Atom], max: Pt, shaped: bool) -> Vec<Break> {
    let text: String = atoms.iter().map(|a| a.ch).collect();
    // Byte offset in `text` -> atom index.
    let mut index_of = vec![0usize; text.len() + 1];
    for (i, (b, _)) in text.char_indices().enumerate() {
        index_of[b] = i;
    }
    index_of[text.len()] = atoms.len();
    let inside_value = |i: usize| {
        i > 0 && i < atoms.len() && atoms[i].value != 0 && atoms[i - 1].value == atoms[i].value
    };
    // Digits grouped by spaces are one number ("+91 80 4123 4567", "10 000"),
    // wherever they are written.
    let inside_number = |i: usize| {
        i >= 2
            && i < atoms.len()
            && atoms[i - 1].ch == ' '
            && atoms[i - 2].ch.is_ascii_digit()
            && atoms[i].ch.is_ascii_digit()
    };
    // An address written in the text ("help@sangeetha-mobiles.example") is
    // not a hyphenated word: no break after its hyphens.
    let inside_address = |i: usize| {
        if i == 0 || atoms[i - 1].ch != '-' {
            return false;
        }
        let word = |a: &&Atom| !a.ch.is_whitespace() && !a.blank;
        // An address is short: looking no further keeps the work linear.
        let before = atoms[..i].iter().rev().take_while(word).take(64);
        let after = atoms[i..].iter().take_while(word).take(64);
        before.chain(after).any(|a| a.ch == '@' || a.ch == '/')
    };
    // Shaped text: Thai and its neighbours break by a dictionary, and
    // never inside a grapheme cluster or a shaped one.
    let raw: Vec<(usize, bool)> = if shaped {
        break_opportunities(&text)
            .into_iter()
            .map(|b| (b.at, b.mandatory))
            .collect()
    } else {
        linebreaks(&text)
            .map(|(byte, op)| (byte, op == BreakOpportunity::Mandatory))
            .collect()
    };
    let mut out: Vec<Break> = raw
        .iter()
        .copied()
        .map(|(byte, mandatory)| (index_of[byte], mandatory))
        .filter(|&(i, mandatory)| {
            // A blank stays with the word before it ("number ____"), so it
            // never sits alone on a line.
            let blank = i < atoms.len() && atoms[i].blank;
            let joined = i < atoms.len() && atoms[i].joined;
            mandatory
                || !(blank || joined || inside_value(i) || inside_number(i) || inside_address(i))
        })
        .collect();
    // Values too wide for any line get breaks of their own; in Thai and its
    // neighbours a word's end counts as a space.
    let mut word_end = vec![false; atoms.len() + 1];
    if shaped {
        for &(byte, _) in &raw {
            let i = index_of[byte];
            let dictionary = |a: Option<&Atom>| a.is_some_and(|a| needs_dictionary(a.ch));
            if dictionary(atoms.get(i)) || (i > 0 && dictionary(atoms.get(i - 1))) {
                word_end[i] = true;
            }
        }
    }
    let mut start = 0;
    while start < atoms.len() {
        let id = atoms[start].value;
        let mut end = start + 1;
        while end < atoms.len() && atoms[end].value == id {
            end += 1;
        }
        if id != 0 {
            let mut inner = Vec::new();
            value_breaks(atoms, (start, end), max, 0, &word_end, &mut inner);
            out.extend(inner.into_iter().map(|i| (i, false)));
        }
        start = end;
    }
    out.sort_by_key(|&(i, mandatory)| (i, !mandatory));
    out.dedup_by_key(|b| b.0);
    out
}

/// Breaks inside the value `atoms[start..end]` when it is wider than `max`,
/// from the most natural kind (`level` 0) to the least; a piece that fits
/// is never broken further.
fn value_breaks(
    atoms: &[Atom],
    (start, end): (usize, usize),
    max: Pt,
    level: u8,
    word_end: &[bool],
    out: &mut Vec<usize>,
) {
    if width(&atoms[start..end]).0 <= max.0 || level > 2 {
        return;
    }
    let ch = |i: usize| atoms[i].ch;
    let is_cut = |i: usize| match level {
        // After a list separator: "+91 ..., ⏎ +91 ...".
        0 => {
            (ch(i - 1) == ' ' && i >= 2 && matches!(ch(i - 2), ',' | ';'))
                || matches!(ch(i - 1), '，' | '、' | '；')
        }
        // After a space, or between two Thai words.
        1 => (ch(i - 1).is_whitespace() && !ch(i).is_whitespace()) || word_end[i],
        // An address: after "@" or "/", before a dot; never after a hyphen,
        // which would read as a word hyphenated.
        _ => {
            (matches!(ch(i - 1), '@' | '/') || ch(i) == '.') && ch(i - 1) != '-' && ch(i - 1) != '.'
        }
    };
    let mut piece = start;
    for i in start + 1..end {
        if !atoms[i].joined && is_cut(i) {
            out.push(i);
            value_breaks(atoms, (piece, i), max, level + 1, word_end, out);
            piece = i;
        }
    }
    value_breaks(atoms, (piece, end), max, level + 1, word_end, out);
}

/// Breaks styled text into lines no wider than `max`, in a paragraph of
/// the document's `direction`.
pub fn wrap(
    spans: &[Span<'_>],
    size: Pt,
    max: Pt,
    fonts: &Fonts,
    direction: Direction,
) -> Result<Vec<Line>, Unprintable> {
    let para = prepare(spans, size, max, fonts, direction)?;
    let lines = break_lines(&para.atoms, max, para.shaped.is_some());
    Ok(finish_all(lines, &para, fonts))
}

/// Wraps like [`wrap`], then narrows the measure as far as it goes without
/// adding a line, so a title's last line does not hold one word alone.
pub fn wrap_balanced(
    spans: &[Span<'_>],
    size: Pt,
    max: Pt,
    fonts: &Fonts,
    direction: Direction,
) -> Result<Vec<Line>, Unprintable> {
    let para = prepare(spans, size, max, fonts, direction)?;
    let shaped = para.shaped.is_some();
    let lines = break_lines(&para.atoms, max, shaped);
    // Long text is a paragraph, not a title: left as it is.
    if lines.len() < 2 || lines.len() > 6 {
        return Ok(finish_all(lines, &para, fonts));
    }
    let (mut lo, mut hi) = (max.0 * 0.5, max.0);
    let mut best = lines;
    for _ in 0..12 {
        let mid = (lo + hi) * 0.5;
        let tried = break_lines(&para.atoms, Pt(mid), shaped);
        if tried.len() == best.len() && tried.iter().all(|l| line_width(l) <= mid + 0.01) {
            best = tried;
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(finish_all(best, &para, fonts))
}

fn line_width(atoms: &[Atom]) -> f32 {
    width(atoms).0 - trailing_space_width(atoms)
}

fn finish_all(lines: Vec<Vec<Atom>>, para: &Prepared, fonts: &Fonts) -> Vec<Line> {
    match &para.shaped {
        None => lines.into_iter().map(finish).collect(),
        Some(shaped) => {
            let bidi = ParagraphBidiInfo::new(&shaped.text, Some(shaped.direction.level()));
            lines
                .into_iter()
                .map(|atoms| finish_shaped(atoms, shaped, &bidi, fonts))
                .collect()
        }
    }
}

/// A shaped line: its pieces in visual order (UAX #9 per line), each piece
/// one face at one embedding level, shaped again with the paragraph around
/// it as context so letters join across a change of weight.
fn finish_shaped(
    mut atoms: Vec<Atom>,
    shaped: &Shaped,
    bidi: &ParagraphBidiInfo<'_>,
    fonts: &Fonts,
) -> Line {
    while atoms.last().is_some_and(|a| a.ch.is_whitespace()) {
        atoms.pop();
    }
    let (Some(first), Some(last)) = (atoms.first(), atoms.last()) else {
        return Line::default();
    };
    let text = &shaped.text;
    let range = first.at..last.at + last.ch.len_utf8();
    let (levels, runs) = bidi.visual_runs(range);
    let mut line = Line::default();
    let mut x = Pt(0.0);
    for run in runs {
        let direction = Direction::of_level(levels[run.start]);
        let lo = atoms.partition_point(|a| a.at < run.start);
        let hi = atoms.partition_point(|a| a.at < run.end);
        let mut pieces: Vec<&[Atom]> = atoms[lo..hi]
            .chunk_by(|a, b| {
                !a.blank && !b.blank && a.face == b.face && a.synthetic_bold == b.synthetic_bold
            })
            .collect();
        if direction.is_rtl() {
            pieces.reverse();
        }
        for piece in pieces {
            let head = piece[0];
            if head.blank {
                line.frags.push(Frag {
                    x,
                    width: head.width,
                    face: head.face,
                    synthetic_bold: false,
                    text: String::new(),
                    blank: true,
                    glyphs: None,
                });
                x += head.width;
                continue;
            }
            let end = piece[piece.len() - 1].at + piece[piece.len() - 1].ch.len_utf8();
            let mut run = shape_piece(text, head.at..end, head.face, direction, fonts);
            if run.glyphs.is_empty() {
                continue;
            }
            // Offsets from here on point into the piece's own text.
            for g in &mut run.glyphs {
                g.cluster -= head.at;
            }
            run.range = 0..end - head.at;
            let w = run.width(shaped.size);
            line.frags.push(Frag {
                x,
                width: w,
                face: head.face,
                synthetic_bold: head.synthetic_bold,
                text: text[head.at..end].to_string(),
                blank: false,
                glyphs: Some(Arc::new(run)),
            });
            x += w;
        }
    }
    line.width = x;
    if shaped.direction.is_rtl() {
        // Measured from the right edge: the page is mirrored at the end.
        for frag in &mut line.frags {
            frag.x = line.width - frag.x - frag.width;
        }
    }
    line
}

/// Which atoms start a grapheme cluster: where a word may be cut.
fn cluster_starts(atoms: &[Atom]) -> Vec<bool> {
    let text: String = atoms.iter().map(|a| a.ch).collect();
    let mut cluster_start = vec![false; atoms.len() + 1];
    let mut starts = text.char_indices().map(|(b, _)| b).enumerate().peekable();
    for (b, _) in text.grapheme_indices(true) {
        while let Some(&(i, cb)) = starts.peek() {
            starts.next();
            if cb == b {
                cluster_start[i] = true;
                break;
            }
        }
    }
    cluster_start
}

/// Lines as the atoms they hold, in order.
fn break_lines(atoms: &[Atom], max: Pt, shaped: bool) -> Vec<Vec<Atom>> {
    // Needed only for a word wider than the line, so found only then.
    let mut cluster_start: Option<Vec<bool>> = None;
    let mut lines = Vec::new();
    let mut current: Vec<Atom> = Vec::new();
    let mut current_width = Pt(0.0);
    let mut start = 0;
    for (end, mandatory) in opportunities(atoms, max, shaped) {
        let segment = &atoms[start..end];
        let full: f32 = width(segment).0;
        let trimmed: f32 = full - trailing_space_width(segment);
        if !current.is_empty() && current_width.0 + trimmed > max.0 {
            lines.push(std::mem::take(&mut current));
            current_width = Pt(0.0);
        }
        if current.is_empty() && trimmed > max.0 {
            // Too wide for any line: cut between characters, never right
            // after a hyphen (it would read as a hyphenated word).
            let cluster_start = cluster_start.get_or_insert_with(|| cluster_starts(atoms));
            for (k, atom) in segment.iter().enumerate() {
                let at = start + k;
                let after_hyphen = at > 0 && atoms[at - 1].ch == '-';
                let may_cut = cluster_start[at] && !atom.joined && !atom.blank && !after_hyphen;
                if !current.is_empty()
                    && current_width.0 + atom.width.0 > max.0
                    && !atom.ch.is_whitespace()
                    && may_cut
                {
                    lines.push(std::mem::take(&mut current));
                    current_width = Pt(0.0);
                }
                current.push(*atom);
                current_width += atom.width;
            }
        } else {
            current.extend_from_slice(segment);
            current_width += Pt(full);
        }
        start = end;
        if mandatory {
            lines.push(std::mem::take(&mut current));
            current_width = Pt(0.0);
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    lines
}

/// `text` cut at a character boundary and ended with "…" so that it is no
/// wider than `max`; whole when it fits. A cut never leaves a hyphen, a
/// space or other punctuation dangling before the ellipsis.
pub fn shorten(
    text: &str,
    bold: bool,
    size: Pt,
    max: Pt,
    fonts: &Fonts,
) -> Result<String, Unprintable> {
    if measure(text, bold, size, fonts)?.0 <= max.0 {
        return Ok(text.to_string());
    }
    let mut used = measure(&ELLIPSIS.to_string(), bold, size, fonts)?;
    let mut kept = 0;
    for (b, g) in text.grapheme_indices(true) {
        let w = measure(g, bold, size, fonts)?;
        if used.0 + w.0 > max.0 {
            break;
        }
        used += w;
        kept = b + g.len();
    }
    let cut = text[..kept].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '‐' | '–' | '—' | ',' | '.' | '·' | '/' | '(')
    });
    Ok(format!("{cut}{ELLIPSIS}"))
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
                glyphs: None,
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
        let lines = wrap(
            &[Span::plain(text)],
            Pt(10.0),
            Pt(120.0),
            fonts,
            Direction::Ltr,
        )
        .unwrap();
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
        let lines = wrap(
            &[Span::plain(email)],
            Pt(10.0),
            Pt(100.0),
            fonts,
            Direction::Ltr,
        )
        .unwrap();
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
        let lines = wrap(
            &[Span::plain(text)],
            Pt(10.0),
            Pt(62.0),
            fonts,
            Direction::Ltr,
        )
        .unwrap();
        assert!(lines.len() > 3);
        for l in texts(&lines) {
            assert!(!l.starts_with('，') && !l.starts_with('。'), "{l}");
        }
        assert_eq!(texts(&lines).concat(), text);
    }

    fn value_paragraph() -> (Vec<Inline>, Vec<&'static str>) {
        let values = vec![
            "+91 91234 56789",
            "356938035643809",
            "15 января 2027 г.",
            "SM-23-118842",
            "Priyadarshini Venkataraman",
            "27 de noviembre de 2027",
            "priya.nair@example.com",
        ];
        let mut inlines = Vec::new();
        for (i, v) in values.iter().enumerate() {
            inlines.push(Inline::Text(
                ["Call the number ", " or type ", ", then by ", " with "][i % 4].into(),
            ));
            inlines.push(Inline::Value(v.to_string()));
        }
        inlines.push(Inline::Text(" and keep it safe.".into()));
        (inlines, values)
    }

    #[test]
    fn a_value_that_fits_a_line_is_never_broken_at_any_width() {
        let fonts = Fonts::bundled();
        let (inlines, values) = value_paragraph();
        let rich = Rich(inlines);
        let mut widths_tried = 0;
        for width in (40..=520).step_by(3) {
            let max = Pt(width as f32);
            let lines = wrap(&spans(&rich, false), Pt(10.0), max, fonts, Direction::Ltr).unwrap();
            let texts = texts(&lines);
            for v in &values {
                let w = measure(v, true, Pt(10.0), fonts).unwrap();
                if w.0 <= max.0 {
                    assert!(
                        texts.iter().any(|l| l.contains(v)),
                        "\"{v}\" ({} pt) broken at width {width}: {texts:#?}",
                        w.0
                    );
                }
            }
            for l in &lines {
                assert!(l.width.0 <= max.0 + 0.01, "{width}: {l:?}");
            }
            widths_tried += 1;
        }
        assert!(widths_tried > 100);
    }

    #[test]
    fn a_value_longer_than_a_line_breaks_at_sensible_points() {
        let fonts = Fonts::bundled();
        let email = "priyadarshini.venkataraman-nair@subdomain.example-company.com";
        let rich = Rich(vec![Inline::Value(email.into())]);
        for width in [90.0, 120.0, 160.0, 200.0, 260.0] {
            let lines = wrap(
                &spans(&rich, false),
                Pt(10.0),
                Pt(width),
                fonts,
                Direction::Ltr,
            )
            .unwrap();
            let texts = texts(&lines);
            assert_eq!(texts.concat(), email);
            for (i, l) in texts.iter().enumerate() {
                assert!(!l.ends_with('-'), "{width}: a hyphen ends {texts:?}");
                assert!(!l.ends_with('.'), "{width}: a dot ends {texts:?}");
                // Below 120 pt even the pieces do not fit: cut anywhere else.
                if i > 0 && width >= 120.0 {
                    assert!(
                        texts[i - 1].ends_with('@') || l.starts_with('.'),
                        "{width}: broken elsewhere than after @ or before a dot: {texts:?}"
                    );
                }
            }
        }
        // A list breaks between its items, each item whole.
        let phones: Vec<String> = (0..12).map(|i| format!("+91 98{i:03} 4{i:04}")).collect();
        let list = phones.join(", ");
        let rich = Rich(vec![Inline::Value(list.clone())]);
        let lines = wrap(
            &spans(&rich, false),
            Pt(10.0),
            Pt(300.0),
            fonts,
            Direction::Ltr,
        )
        .unwrap();
        let texts = texts(&lines);
        assert!(texts.len() > 2);
        for p in &phones {
            assert!(
                texts.iter().any(|l| l.contains(p.as_str())),
                "{p} broken: {texts:?}"
            );
        }
    }

    #[test]
    fn numbers_in_plain_text_stay_whole_and_a_blank_keeps_its_word() {
        let fonts = Fonts::bundled();
        let rich = Rich(vec![
            Inline::Text("Call us on +91 80 4123 4567 or write the invoice number".into()),
            Inline::Blank,
            Inline::Text(".".into()),
        ]);
        for width in (120..=400).step_by(7) {
            let lines = wrap(
                &spans(&rich, false),
                Pt(10.0),
                Pt(width as f32),
                fonts,
                Direction::Ltr,
            )
            .unwrap();
            let texts = texts(&lines);
            assert!(
                texts.iter().any(|l| l.contains("+91 80 4123 4567")),
                "{width}: {texts:?}"
            );
            let last = lines.last().unwrap();
            assert!(
                !(last.frags.first().is_some_and(|f| f.blank)),
                "{width}: the blank starts its own line: {texts:?}"
            );
        }
    }

    #[test]
    fn an_address_in_plain_text_is_not_broken_after_a_hyphen() {
        let fonts = Fonts::bundled();
        let text = "Write to help@sangeetha-mobiles.example or see https://example.com/a-b-c today";
        for width in (60..=400).step_by(4) {
            let lines = wrap(
                &[Span::plain(text)],
                Pt(10.0),
                Pt(width as f32),
                fonts,
                Direction::Ltr,
            )
            .unwrap();
            for l in texts(&lines) {
                assert!(!l.ends_with('-'), "{width}: {:?}", texts(&lines));
            }
        }
    }

    #[test]
    fn a_title_does_not_leave_one_word_on_its_last_line() {
        let fonts = Fonts::bundled();
        for (title, width) in [
            ("Kit de recuperación de la Cuenta Xiaomi (Cuenta Mi)", 330.0),
            (
                "Xiaomi Account (Mi Account) recovery kit for everyone",
                300.0,
            ),
            (
                "Комплект восстановления аккаунта Xiaomi (Mi Account)",
                380.0,
            ),
        ] {
            let greedy = wrap(
                &[Span::bold(title)],
                Pt(18.0),
                Pt(width),
                fonts,
                Direction::Ltr,
            )
            .unwrap();
            let balanced = wrap_balanced(
                &[Span::bold(title)],
                Pt(18.0),
                Pt(width),
                fonts,
                Direction::Ltr,
            )
            .unwrap();
            assert_eq!(greedy.len(), balanced.len(), "{title}");
            let last = texts(&balanced).pop().unwrap();
            assert!(last.trim().contains(' '), "{title}: last line {last:?}");
            assert_eq!(texts(&balanced).join(" "), title);
        }
    }

    #[test]
    fn shortening_ends_with_an_ellipsis_at_a_character_boundary() {
        let fonts = Fonts::bundled();
        let name = "Anna-Lena Müller-Lüdenscheidt von Hohenzollern-Sigmaringen";
        assert_eq!(
            shorten(name, false, Pt(9.5), Pt(1000.0), fonts).unwrap(),
            name
        );
        for width in (30..200).step_by(3) {
            let short = shorten(name, false, Pt(9.5), Pt(width as f32), fonts).unwrap();
            assert!(short.ends_with(ELLIPSIS), "{short}");
            let kept = short.trim_end_matches(ELLIPSIS);
            assert!(name.starts_with(kept), "{short}");
            assert!(!kept.ends_with(['-', ' ']), "{width}: {short}");
            assert!(measure(&short, false, Pt(9.5), fonts).unwrap().0 <= width as f32);
        }
        // "é" written as e and a combining accent is never parted.
        let composed = "Rene\u{301}e Zoë Castellanos-Villalobos";
        for width in (20..120).step_by(2) {
            let short = shorten(composed, false, Pt(9.5), Pt(width as f32), fonts).unwrap();
            assert!(!short.contains("Rene…"), "{short}");
        }
    }

    #[test]
    fn missing_glyph_is_an_error() {
        let fonts = Fonts::bundled();
        assert!(
            wrap(
                &[Span::plain("\u{10FFFD}")],
                Pt(10.0),
                Pt(100.0),
                fonts,
                Direction::Ltr
            )
            .is_err()
        );
    }
}
