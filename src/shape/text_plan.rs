//! What a PDF reader should extract from shaped glyphs: a ToUnicode text per
//! glyph id and the clusters that need an /ActualText span.
//!
//! Readers disagree; this is the policy that extracted Arabic, Devanagari,
//! Thai and mixed lines correctly in poppler (and is krilla's, Typst's PDF
//! writer): each cluster's text on its first glyph, the first text seen for a
//! glyph id is its only one, and /ActualText just for clusters of several
//! glyphs or whose text the glyph's mapping does not carry. Whole-line
//! /ActualText reversed Arabic; per-glyph characters broke Devanagari.

use std::collections::HashMap;
use std::ops::Range;

use super::ShapedRun;
use super::itemize::is_invisible;

/// What the renderer writes for one run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunPlan {
    /// The ToUnicode text of each glyph, in the run's glyph order (printpdf's
    /// `Codepoint::cid`). The same glyph id always gets the same text, because
    /// a font has one ToUnicode entry per glyph and printpdf keeps the last
    /// text it was given. Empty means no entry.
    pub cids: Vec<String>,
    /// Glyph ranges to wrap in `/Span << /ActualText (text) >> BDC ... EMC`.
    pub actual_text: Vec<ActualText>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActualText {
    pub glyphs: Range<usize>,
    pub text: String,
}

/// Plans every run of a document at once, so that a glyph id's mapping is the
/// first text it was given anywhere, not the last. `runs` pairs each run with
/// the paragraph text its byte ranges point into; glyph ids are per font, so
/// runs of different fonts never share a mapping.
pub fn plan_runs(runs: &[(&str, &ShapedRun)]) -> Vec<RunPlan> {
    plan_runs_with(runs, &|_, _| None)
}

/// Like [`plan_runs`], with the fonts' character maps (`cmap(font, ch)`): a
/// glyph that is a character's own glyph (a vowel sign, a mark over a Thai
/// letter) maps to that character, so a cluster drawn in its text's order
/// needs no /ActualText. Readers differ on spans: poppler takes a span's
/// box from its first and last glyph, MuPDF hands its text out one
/// character per glyph, and both then read a mark drawn left of its base
/// as a gap.
pub fn plan_runs_with(
    runs: &[(&str, &ShapedRun)],
    cmap: &dyn Fn(usize, char) -> Option<u16>,
) -> Vec<RunPlan> {
    let mut first: HashMap<(usize, u16), String> = HashMap::new();
    // A glyph that is a character's own (its cmap glyph) means that character.
    for &(text, run) in runs {
        for cluster in run.clusters() {
            for g in &run.glyphs[cluster.glyphs.clone()] {
                let own = text[cluster.text.clone()]
                    .chars()
                    .find(|&c| !is_invisible(c) && cmap(run.font, c) == Some(g.id));
                if let Some(c) = own {
                    first
                        .entry((run.font, g.id))
                        .or_insert_with(|| c.to_string());
                }
            }
        }
    }
    // A ligature or a joined form means the first cluster it starts.
    for &(text, run) in runs {
        for cluster in run.clusters() {
            let g = run.glyphs[cluster.glyphs.start];
            first
                .entry((run.font, g.id))
                .or_insert_with(|| visible(&text[cluster.text.clone()]));
        }
    }
    runs.iter()
        .map(|&(text, run)| {
            let mut plan = RunPlan {
                cids: run
                    .glyphs
                    .iter()
                    .map(|g| first.get(&(run.font, g.id)).cloned().unwrap_or_default())
                    .collect(),
                actual_text: Vec::new(),
            };
            for cluster in run.clusters() {
                let wanted = visible(&text[cluster.text.clone()]);
                if needs_span(run, &cluster, &plan.cids, &wanted) {
                    plan.actual_text.push(ActualText {
                        glyphs: cluster.glyphs,
                        text: wanted,
                    });
                }
            }
            plan
        })
        .collect()
}

/// Whether a cluster's glyphs fail to tell its text by themselves. Glyphs
/// that spell it in drawing order need no span: "कु" is क then ु.
/// Reordered glyphs ("कि" draws ि first), joined or unmapped ones do; so
/// does a glyph raised or lowered off the line, and, right to left, a glyph
/// standing for several letters ("لا"), which poppler reverses with the line.
/// A mark nudged along the line (a Thai vowel under its letter) gets one
/// only when its box still ends where the cluster does: poppler reads a
/// span as the box from its first glyph to the end of its last, and a gap
/// after it as a space.
fn needs_span(run: &ShapedRun, cluster: &super::Cluster, cids: &[String], wanted: &str) -> bool {
    let cids = &cids[cluster.glyphs.clone()];
    let glyphs = &run.glyphs[cluster.glyphs.clone()];
    let must = cids.iter().any(String::is_empty)
        || cids.concat() != wanted
        || glyphs.iter().any(|g| g.y_offset != 0)
        || (run.direction.is_rtl() && cids.iter().any(|c| c.chars().count() > 1));
    let nudged = glyphs.iter().any(|g| g.x_offset != 0);
    must || (nudged && ends_with_cluster(glyphs, run.units_per_em))
}

/// Whether the last glyph drawn ends within a twentieth of an em of the
/// cluster's end.
fn ends_with_cluster(glyphs: &[super::Glyph], units_per_em: u16) -> bool {
    let Some(last) = glyphs.last() else {
        return true;
    };
    let total: i32 = glyphs.iter().map(|g| g.advance).sum();
    let before_last = total - last.advance;
    let end = before_last + last.x_offset + last.advance;
    (total - end).abs() * 20 <= i32::from(units_per_em)
}

/// The text a reader should get: without bidi controls, which only steer.
fn visible(s: &str) -> String {
    s.chars().filter(|&c| !is_invisible(c)).collect()
}
