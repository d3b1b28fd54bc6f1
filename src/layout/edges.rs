//! Where right-to-left text meets left-to-right text on a line of a
//! right-to-left page. Readers rebuild such a line from its glyphs, each in
//! its own way, and both lose the space where the direction changes. What
//! is marked here (on the run before a change, in drawing order, and on
//! every left-to-right run) is drawn by `render::glyphs` and `render::edges`:
//!
//! * poppler orders a line by the class of its characters: a left-to-right
//!   stretch takes the spaces and the digits and most punctuation on either
//!   side of it, so "يطبع mikit كلمات" reads "يطبع  mikitكلمات" and
//!   "الهاتف: Redmi" "الهاتفRedmi :", and leaves a mark at its end out. A
//!   right-to-left mark on each side of the stretch (`rtl_mark_at`), and a
//!   left-to-right one after a mark that ends it (`ltr_mark`), hold it to
//!   its own characters.
//! * MuPDF gives a space or a comma the direction of the glyph drawn before
//!   it, and reverses each right-to-left stretch of a line where it stands:
//!   the spaces and commas that end a right-to-left run before Latin text go
//!   to its other end, and its last word meets the Latin ("الهاتفPriya").
//!   A new text object before them (`fresh_from`) leaves them in between;
//!   so does one before a left-to-right run that starts with such a glyph.
//! * MuPDF never adds a space nor breaks a line where the direction
//!   changes, so a label and its value in the next column read as one word:
//!   a space drawn between them (`space_after`) parts them.

use std::sync::Arc;

use unicode_bidi::{BidiClass, bidi_class};

use super::geometry::Pt;
use super::page::Item;
use crate::chars::{is_steering_control, takes_direction_before};
use crate::shape::{Edges, GlyphRun};

/// A text item as placed: where it starts, its width, its run.
struct Placed {
    item: usize,
    x: Pt,
    y: Pt,
    width: Pt,
    run: Arc<GlyphRun>,
}

/// Marks the runs of a right-to-left page's `items` (in drawing order)
/// where a run of the other direction follows on their line.
pub(super) fn mark(items: &mut [Item]) {
    let placed: Vec<Placed> = items
        .iter()
        .enumerate()
        .filter_map(|(item, i)| match i {
            Item::Text {
                x, y, width, run, ..
            } => Some(Placed {
                item,
                x: *x,
                y: *y,
                width: *width,
                run: run.clone(),
            }),
            _ => None,
        })
        .collect();
    let mut edges: Vec<Edges> = placed.iter().map(|p| alone(&p.run)).collect();
    for k in 1..placed.len() {
        let (a, b) = (&placed[k - 1], &placed[k]);
        if !same_line(a, b) || a.run.direction == b.run.direction {
            continue;
        }
        let gap = (b.x - a.x - a.width).0;
        let rtl = a.run.direction.is_rtl();
        // The neutral end of the right-to-left text before b, which may
        // take in whole runs of punctuation ("،" then ")").
        let mut neutral = false;
        if rtl {
            let mut at = k - 1;
            while at > 0
                && trailing(&placed[at].run) == placed[at].run.glyphs.len()
                && same_line(&placed[at - 1], &placed[at])
                && placed[at - 1].run.direction.is_rtl()
            {
                at -= 1;
            }
            let run = &placed[at].run;
            let from = run.glyphs.len() - trailing(run);
            if from < run.glyphs.len() {
                edges[at].fresh_from = Some(from);
                neutral = true;
            } else if at < k - 1 {
                edges[at + 1].fresh_from = Some(0);
                neutral = true;
            }
        } else {
            neutral = b
                .run
                .glyphs
                .first()
                .is_some_and(|g| inherits(&b.run, g.cluster));
        }
        let edge = &mut edges[k - 1];
        // The mark goes where the left-to-right text begins or ends, before
        // any gap: the spaces then go with the right-to-left text.
        if gap > -0.01 {
            edge.rtl_mark_at = Some(if rtl { b.x - a.x } else { a.width }.0);
        }
        // Where the runs touch ("و7") there is no space to keep.
        edge.space_after = gap.abs() >= 0.01 && !neutral;
    }
    for (p, e) in placed.iter().zip(edges) {
        if e != Edges::default()
            && let Item::Text { run, .. } = &mut items[p.item]
        {
            Arc::make_mut(run).edges = e;
        }
    }
}

/// What a left-to-right run needs wherever it stands: a text object of its
/// own, as it may start with a glyph that takes the direction of the one
/// drawn before (the "ि" of "प्रि", which MuPDF would count with the Arabic
/// before it); and a left-to-right mark after a mark that ends it
/// ("बेंगलुरु"), which poppler would move to the other end.
fn alone(run: &GlyphRun) -> Edges {
    if run.direction.is_rtl() {
        return Edges::default();
    }
    let last = run.text.chars().rev().find(|&c| !is_steering_control(c));
    Edges {
        fresh_from: Some(0),
        ltr_mark: last.is_some_and(|c| bidi_class(c) == BidiClass::NSM),
        ..Edges::default()
    }
}

fn same_line(a: &Placed, b: &Placed) -> bool {
    (a.y - b.y).0.abs() < 0.5
}

/// How many glyphs at the end of `run` MuPDF gives the direction of the
/// glyph before them.
fn trailing(run: &GlyphRun) -> usize {
    run.glyphs
        .iter()
        .rev()
        .take_while(|g| inherits(run, g.cluster))
        .count()
}

/// Whether MuPDF gives the character at `at` in `run`'s text the direction
/// of the glyph drawn before it.
fn inherits(run: &GlyphRun, at: usize) -> bool {
    let mut chars = run.text[at..].chars();
    chars
        .find(|&c| !is_steering_control(c))
        .is_some_and(takes_direction_before)
}
