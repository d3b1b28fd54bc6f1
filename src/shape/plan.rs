//! What a PDF reader should extract from shaped glyphs: a ToUnicode text per
//! glyph id and the clusters that need an /ActualText span, decided for a
//! whole document once its pages are laid out, and kept with the glyphs.
//!
//! Readers disagree. The policy here read names in Arabic, Devanagari,
//! Bengali, Tamil and Thai back exactly in poppler and in MuPDF 1.28: a
//! glyph that is a character's own glyph maps to that character, any other
//! to the text of the first cluster it starts; the first text seen for a
//! glyph id is its only one; /ActualText only where a cluster's glyphs do
//! not spell its text. Right-to-left text is read the way both readers
//! reverse it: from glyphs in visual order, character by character.
//!
//! One limit is MuPDF's: inside a span it gives each glyph one character and
//! takes a glyph left without one for a gap. A Bengali or Tamil vowel drawn
//! in two parts around its consonant ("কৌ", "ஜெ") has more glyphs than
//! characters, so MuPDF reads its letters in order but may break the word
//! there; poppler reads it exactly.

use std::sync::Arc;

use super::glyphs::{ActualText, Cluster, Extraction, Glyph, GlyphRun, Plan};
use crate::chars::is_steering_control;
use crate::fonts::{FaceId, Fonts};
use rustc_hash::FxHashMap;

/// Plans the shaped runs among `runs` (a document's, in the order they are
/// drawn) and keeps each plan with its glyphs. Runs that need no plan
/// ([`Extraction::OneToOne`]) are left as they are.
pub fn plan<'a>(runs: impl IntoIterator<Item = &'a mut Arc<GlyphRun>>, fonts: &Fonts) {
    let mut shaped: Vec<&mut Arc<GlyphRun>> = runs
        .into_iter()
        .filter(|r| matches!(r.extraction, Extraction::Shaped(_)))
        .collect();
    let cmap = |face: FaceId, c: char| fonts.face(face).glyph(c);
    let plans = {
        let views: Vec<&GlyphRun> = shaped.iter().map(|r| &***r).collect();
        plan_runs_with(&views, &cmap)
    };
    for (run, plan) in shaped.iter_mut().zip(plans) {
        Arc::make_mut(run).extraction = Extraction::Shaped(plan);
    }
}

/// Plans every run of a document at once, so that a glyph id's mapping is the
/// first text it was given anywhere, not the last; glyph ids are per font,
/// so runs of different fonts never share a mapping. With the fonts'
/// character maps (`cmap(font, ch)`): a
/// glyph that is a character's own glyph (a vowel sign, a mark over a Thai
/// letter) maps to that character, so a cluster drawn in its text's order
/// needs no /ActualText. Readers differ on spans: poppler takes a span's
/// box from its first and last glyph, MuPDF hands its text out one
/// character per glyph, and both then read a mark drawn left of its base
/// as a gap.
pub fn plan_runs_with(runs: &[&GlyphRun], cmap: &dyn Fn(FaceId, char) -> Option<u16>) -> Vec<Plan> {
    let mut first: FxHashMap<(FaceId, u16), String> = FxHashMap::default();
    // A glyph that is a character's own (its cmap glyph) means that character.
    for &run in runs {
        let text = run.text.as_str();
        for cluster in run.clusters() {
            for g in &run.glyphs[cluster.glyphs.clone()] {
                let own = text[cluster.text.clone()]
                    .chars()
                    .find(|&c| !is_steering_control(c) && cmap(run.face, c) == Some(g.id));
                if let Some(c) = own {
                    first
                        .entry((run.face, g.id))
                        .or_insert_with(|| c.to_string());
                }
            }
        }
    }
    // A glyph between glyphs that spell the start and the end of their
    // cluster means what is left in the middle: the "्य" of "ध्या".
    for &run in runs {
        let text = run.text.as_str();
        for cluster in run.clusters() {
            let glyphs = &run.glyphs[cluster.glyphs.clone()];
            let known: Vec<Option<&String>> = glyphs
                .iter()
                .map(|g| first.get(&(run.face, g.id)))
                .collect();
            let mut unknown = known.iter().enumerate().filter(|(_, k)| k.is_none());
            let (Some((at, _)), None) = (unknown.next(), unknown.next()) else {
                continue;
            };
            let concat = |ks: &[Option<&String>]| -> String {
                ks.iter().flatten().map(|s| s.as_str()).collect()
            };
            let (before, after) = (concat(&known[..at]), concat(&known[at + 1..]));
            let wanted = visible(&text[cluster.text.clone()]);
            if run.direction.is_rtl() {
                continue;
            }
            if let Some(middle) = wanted
                .strip_prefix(before.as_str())
                .and_then(|rest| rest.strip_suffix(after.as_str()))
                .filter(|m| !m.is_empty())
            {
                let id = glyphs[at].id;
                first
                    .entry((run.face, id))
                    .or_insert_with(|| middle.to_string());
            }
        }
    }
    // A ligature or a joined form means the first cluster it starts;
    // right to left, its letters in the order readers reverse them to.
    for &run in runs {
        let text = run.text.as_str();
        for cluster in run.clusters() {
            let g = run.glyphs[cluster.glyphs.start];
            first.entry((run.face, g.id)).or_insert_with(|| {
                let t = visible(&text[cluster.text.clone()]);
                if run.direction.is_rtl() {
                    t.chars().rev().collect()
                } else {
                    t
                }
            });
        }
    }
    runs.iter()
        .map(|&run| {
            let text = run.text.as_str();
            let mut plan = Plan {
                texts: run
                    .glyphs
                    .iter()
                    .map(|g| first.get(&(run.face, g.id)).cloned().unwrap_or_default())
                    .collect(),
                actual_text: Vec::new(),
            };
            for cluster in run.clusters() {
                let wanted = visible(&text[cluster.text.clone()]);
                if run.direction.is_rtl() {
                    // Readers reverse a right-to-left line character by
                    // character, marks included: one glyph per letter reads
                    // right, a ligature carries its letters reversed, and a
                    // letter with a mark gets a span of its text reversed.
                    let texts = &plan.texts[cluster.glyphs.clone()];
                    let read: String = texts.concat().chars().rev().collect();
                    if cluster.glyphs.len() > 1 || read != wanted {
                        plan.actual_text.push(ActualText {
                            glyphs: cluster.glyphs,
                            text: wanted.chars().rev().collect(),
                        });
                    }
                    continue;
                }
                if needs_span(run, &cluster, &plan.texts, &wanted) {
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

/// Whether a left-to-right cluster's glyphs fail to tell its text by
/// themselves. Glyphs that spell it in drawing order need no span: "कु" is
/// क then ु. Reordered glyphs ("कि" draws ि first), joined or unmapped ones
/// do; so does a glyph raised or lowered off the line. A mark nudged along
/// the line (a Thai vowel under its letter, the "े" of "दे") gets one when
/// its box ends near the cluster's end: poppler takes a glyph that starts
/// within a tenth of an em of the last one's end for the same letter drawn
/// twice, and a gap past three hundredths of an em for a space, which
/// splits "दे|श" and "डु|अल" — unless the mark ends more than a fifth of an
/// em back, where poppler sets it apart and joins the word again.
fn needs_span(run: &GlyphRun, cluster: &Cluster, texts: &[String], wanted: &str) -> bool {
    let texts = &texts[cluster.glyphs.clone()];
    let glyphs = &run.glyphs[cluster.glyphs.clone()];
    let must = texts.iter().any(String::is_empty)
        || texts.concat() != wanted
        || glyphs.iter().any(|g| g.y_offset != 0);
    let nudged = glyphs.iter().any(|g| g.x_offset != 0);
    must || (nudged && ends_with_cluster(glyphs, run.units_per_em))
}

/// Whether the last glyph drawn ends within a quarter of an em of the
/// cluster's end.
fn ends_with_cluster(glyphs: &[Glyph], units_per_em: u16) -> bool {
    let Some(last) = glyphs.last() else {
        return true;
    };
    let total: i32 = glyphs.iter().map(|g| g.advance).sum();
    let before_last = total - last.advance;
    let end = before_last + last.x_offset + last.advance;
    (total - end).abs() * 4 <= i32::from(units_per_em)
}

/// The text a reader should get: without bidi controls, which only steer.
fn visible(s: &str) -> String {
    s.chars().filter(|&c| !is_steering_control(c)).collect()
}
