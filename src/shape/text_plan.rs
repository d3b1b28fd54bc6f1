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
    let mut first: HashMap<(usize, u16), String> = HashMap::new();
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
                let carried = &plan.cids[cluster.glyphs.start];
                if cluster.glyphs.len() > 1 || *carried != wanted {
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

/// The text a reader should get: without bidi controls, which only steer.
fn visible(s: &str) -> String {
    s.chars().filter(|&c| !is_invisible(c)).collect()
}
