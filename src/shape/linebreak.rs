//! Phase 3, line break: where a line may end, and which of those places
//! make the lines. Unicode's line-breaking rules (UAX #14) give Latin its
//! breaks at spaces and hyphens and CJK its breaks between characters but
//! never before closing punctuation; a dictionary gives Thai its words. An
//! owner's value (a phone number, an IMEI, a date) is one unit: it moves
//! whole to the next line when it fits on one, because "+91 ⏎ 91234 56789"
//! reads as two numbers. A value wider than a line breaks at the most
//! sensible points it has: between list items, then at spaces, then after
//! "@" or before a dot, and only then between characters. A word wider than
//! the line is cut between whole characters (grapheme clusters) rather than
//! allowed past the margin.

use unicode_segmentation::UnicodeSegmentation;

use super::breaks::{break_opportunities, uax14};
use super::collect::{Atom, width};
use crate::chars::needs_dictionary;
use crate::units::Pt;

/// Bold Thai words up to this share of the line are kept on one line.
const SHORT_STRONG: f32 = 0.35;

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
    // In Thai and its neighbours, bold words short enough to share a line
    // (an on-screen name such as "เปลี่ยนรหัสผ่าน") are not parted: the
    // dictionary would split the name where a reader sees one word.
    let strong_widths = {
        let mut w: Vec<(f32, bool)> = Vec::new();
        // Only shaped text holds scripts broken by a dictionary.
        for a in atoms.iter().filter(|a| shaped && a.strong != 0) {
            let id = a.strong as usize;
            if w.len() < id {
                w.resize(id, (0.0, false));
            }
            w[id - 1].0 += a.width.0;
            w[id - 1].1 |= needs_dictionary(a.ch);
        }
        w
    };
    let inside_short_strong = |i: usize| {
        i > 0
            && i < atoms.len()
            && atoms[i].strong != 0
            && atoms[i - 1].strong == atoms[i].strong
            && strong_widths
                .get(atoms[i].strong as usize - 1)
                .is_some_and(|&(w, dictionary)| dictionary && w <= max.0 * SHORT_STRONG)
    };
    // Shaped text: Thai and its neighbours break by a dictionary, and
    // never inside a grapheme cluster or a shaped one.
    let raw: Vec<(usize, bool)> = if shaped {
        break_opportunities(&text)
    } else {
        uax14(&text)
    }
    .into_iter()
    .map(|b| (b.at, b.mandatory))
    .collect();
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
                || !(blank
                    || joined
                    || inside_value(i)
                    || inside_number(i)
                    || inside_address(i)
                    || after_one_letter_word(atoms, i)
                    || before_labelled_value(atoms, i, max)
                    // No line starts with the dot between items ("Priya
                    // Nair · Phone: ..."): it ends the line before.
                    || atoms.get(i).is_some_and(|a| a.ch == '·')
                    || inside_short_strong(i))
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

/// Whether a break at `i` would part a label from the value it names
/// ("Owner: ⏎ Priya Nair", "kept ⏎ at: Steel cupboard"): the line breaks
/// before the label instead, and the label goes down with its value. A
/// label is the one or two words before a colon right before a value;
/// bound only when it fits on a line with its value (a value longer than
/// that is broken inside anyway).
fn before_labelled_value(atoms: &[Atom], i: usize, max: Pt) -> bool {
    /// A label's word is short; past this it is a sentence's last word.
    const WORD: usize = 16;
    let colon = |j: usize| atoms.get(j).is_some_and(|a| matches!(a.ch, ':' | '：'));
    let letter = |j: usize| {
        atoms
            .get(j)
            .is_some_and(|a| a.ch.is_alphabetic() && a.value == 0)
    };
    let Some(first) = atoms.get(i) else {
        return false;
    };
    let value = if first.value != 0 {
        // Right before the value, after "label: ".
        (i >= 2 && atoms[i - 1].ch == ' ' && colon(i - 2)).then_some(i)
    } else if i >= 2 && atoms[i - 1].ch == ' ' && letter(i - 2) {
        // Between a label's two words: the word from `i` ends in a colon
        // followed by the value.
        let word = atoms[i..]
            .iter()
            .take(WORD)
            .position(|a| !a.ch.is_alphabetic());
        word.map(|n| i + n)
            .filter(|&at| {
                colon(at)
                    && atoms.get(at + 1).is_some_and(|a| a.ch == ' ')
                    && atoms.get(at + 2).is_some_and(|a| a.value != 0)
            })
            .map(|at| at + 2)
    } else {
        None
    };
    let Some(start) = value else {
        return false;
    };
    let id = atoms[start].value;
    let mut end = atoms[start..]
        .iter()
        .position(|a| a.value != id)
        .map_or(atoms.len(), |n| start + n);
    // With what may not start the next line: "), " or " · " after it.
    while atoms
        .get(end)
        .is_some_and(|a| a.value == 0 && !a.blank && !a.ch.is_alphanumeric())
    {
        end += 1;
    }
    // The label from its first word: all of it is bound, or none.
    let word_start = |mut j: usize| {
        while j > 0 && letter(j - 1) {
            j -= 1;
        }
        j
    };
    let last = if first.value != 0 {
        word_start(i - 2)
    } else {
        i
    };
    let from = if last >= 2 && atoms[last - 1].ch == ' ' && letter(last - 2) {
        word_start(last - 2)
    } else {
        last
    };
    width(&atoms[from..end]).0 <= max.0
}

/// Whether a line would end on a word of one letter ("и", "w", "з", "a"):
/// typesetters of Russian, Ukrainian and Polish bind such a word to the next
/// one, and a lone "a" at a line's end reads badly in any language.
fn after_one_letter_word(atoms: &[Atom], i: usize) -> bool {
    let word = |a: &Atom| a.ch.is_alphabetic() && !needs_dictionary(a.ch) && a.value == 0;
    let space = |j: usize| atoms.get(j).is_some_and(|a| a.ch == ' ');
    i >= 2
        && space(i - 1)
        && word(&atoms[i - 2])
        && (i == 2
            || !atoms[i - 3].ch.is_alphanumeric()
                && atoms[i - 3].ch != '\''
                && atoms[i - 3].ch != '’')
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

/// Lines as the atoms they hold, in order: each as long as fits.
pub(super) fn greedy(atoms: &[Atom], max: Pt, shaped: bool) -> Vec<Vec<Atom>> {
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

/// Like [`greedy`], then narrows the measure as far as it goes without
/// adding a line, so a title's last line does not hold one word alone. Long
/// text is a paragraph, not a title: left as it is.
pub(super) fn balanced(atoms: &[Atom], max: Pt, shaped: bool) -> Vec<Vec<Atom>> {
    let lines = greedy(atoms, max, shaped);
    if lines.len() < 2 || lines.len() > 6 {
        return lines;
    }
    let (mut lo, mut hi) = (max.0 * 0.5, max.0);
    let mut best = lines;
    for _ in 0..12 {
        let mid = (lo + hi) * 0.5;
        let tried = greedy(atoms, Pt(mid), shaped);
        if tried.len() == best.len() && tried.iter().all(|l| line_width(l) <= mid + 0.01) {
            best = tried;
            hi = mid;
        } else {
            lo = mid;
        }
    }
    best
}

fn line_width(atoms: &[Atom]) -> f32 {
    width(atoms).0 - trailing_space_width(atoms)
}

fn trailing_space_width(segment: &[Atom]) -> f32 {
    segment
        .iter()
        .rev()
        .take_while(|a| a.ch.is_whitespace())
        .map(|a| a.width.0)
        .sum()
}
