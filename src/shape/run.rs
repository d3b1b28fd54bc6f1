//! Shaping one item: glyph ids, advances, offsets and the text each glyph came from.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rustybuzz::{BufferClusterLevel, BufferFlags, ShapePlan, UnicodeBuffer};
use unicode_script::Script;

use super::bidi::Direction;
use super::font::FontSet;
use super::itemize::is_invisible;
use crate::layout::Pt;

/// One positioned glyph. Advances and offsets are in font units; `cluster`
/// is the byte offset, in the paragraph's text, where its cluster starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    pub id: u16,
    pub advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
    pub cluster: usize,
}

/// Glyphs of one item in visual order (right to left runs come out reversed).
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedRun {
    pub range: Range<usize>,
    pub font: usize,
    pub direction: Direction,
    pub units_per_em: u16,
    pub glyphs: Vec<Glyph>,
}

/// The smallest unit text extraction can map: consecutive glyphs (in the run's
/// visual order) made from one piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub glyphs: Range<usize>,
    pub text: Range<usize>,
}

impl Glyph {
    pub fn advance_at(&self, size: Pt, units_per_em: u16) -> Pt {
        Pt(self.advance as f32 * size.0 / units_per_em as f32)
    }
}

impl ShapedRun {
    /// Total advance in font units.
    pub fn advance(&self) -> i32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }

    pub fn width(&self, size: Pt) -> Pt {
        Pt(self.advance() as f32 * size.0 / self.units_per_em as f32)
    }

    /// Clusters in visual order. A cluster's text runs from its start to the
    /// next larger cluster start of the run (or the run's end), so together
    /// they cover the run's text exactly once.
    pub fn clusters(&self) -> Vec<Cluster> {
        let mut starts: Vec<usize> = self.glyphs.iter().map(|g| g.cluster).collect();
        starts.sort_unstable();
        starts.dedup();
        let end_of = |start: usize| {
            let i = starts.partition_point(|&s| s <= start);
            starts.get(i).copied().unwrap_or(self.range.end)
        };
        let mut out: Vec<Cluster> = Vec::new();
        for (i, g) in self.glyphs.iter().enumerate() {
            match out.last_mut() {
                Some(c) if c.text.start == g.cluster => c.glyphs.end = i + 1,
                _ => out.push(Cluster {
                    glyphs: i..i + 1,
                    text: g.cluster..end_of(g.cluster),
                }),
            }
        }
        out
    }
}

/// Shapes `text[range]` with one font, one script and one direction. Bidi
/// controls and other invisible characters are left out, so they neither
/// print nor reach the extracted text; the text around the item is given as
/// context so Arabic letters join across the item's edges.
pub fn shape_run(
    text: &str,
    range: Range<usize>,
    fonts: &FontSet,
    font_index: usize,
    script: Script,
    direction: Direction,
) -> ShapedRun {
    let face = &fonts.get(font_index).face;
    shape_with(text, range, face, font_index, script, direction, |s, d| {
        fonts.plan(font_index, s, d)
    })
}

/// Like [`shape_run`] with one face outside a `FontSet`, its shape plans
/// kept for the whole process under `font_index`: the layout's faces are
/// the bundled ones, parsed once.
pub fn shape_face(
    text: &str,
    range: Range<usize>,
    face: &rustybuzz::Face<'_>,
    font_index: usize,
    script: Script,
    direction: Direction,
) -> ShapedRun {
    shape_with(text, range, face, font_index, script, direction, |s, d| {
        process_plan(face, font_index, s, d)
    })
}

type PlanKey = (usize, rustybuzz::Script, rustybuzz::Direction);

/// Building a plan costs more than shaping a line; a run has at most a few
/// dozen (faces x scripts x directions), kept for every document after.
fn process_plan(
    face: &rustybuzz::Face<'_>,
    font_index: usize,
    script: rustybuzz::Script,
    direction: rustybuzz::Direction,
) -> Arc<ShapePlan> {
    static PLANS: OnceLock<Mutex<HashMap<PlanKey, Arc<ShapePlan>>>> = OnceLock::new();
    let plans = PLANS.get_or_init(Default::default);
    let key = (font_index, script, direction);
    if let Some(plan) = plans
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return plan.clone();
    }
    let plan = Arc::new(ShapePlan::new(face, direction, Some(script), None, &[]));
    plans
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, plan.clone());
    plan
}

fn shape_with(
    text: &str,
    range: Range<usize>,
    face: &rustybuzz::Face<'_>,
    font_index: usize,
    script: Script,
    direction: Direction,
    plan: impl FnOnce(rustybuzz::Script, rustybuzz::Direction) -> Arc<ShapePlan>,
) -> ShapedRun {
    let mut buffer = UnicodeBuffer::new();
    buffer.set_cluster_level(BufferClusterLevel::MonotoneGraphemes);
    buffer.set_direction(if direction.is_rtl() {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    if let Some(s) = rustybuzz::Script::from_iso15924_tag(rustybuzz::ttf_parser::Tag::from_bytes(
        &tag_bytes(script),
    )) {
        buffer.set_script(s);
    }
    let mut flags = BufferFlags::empty();
    if range.start == 0 {
        flags |= BufferFlags::BEGINNING_OF_TEXT;
    }
    if range.end == text.len() {
        flags |= BufferFlags::END_OF_TEXT;
    }
    buffer.set_flags(flags);
    buffer.set_pre_context(&text[..range.start]);
    for (i, c) in text[range.clone()].char_indices() {
        if !is_invisible(c) {
            buffer.add(c, (range.start + i) as u32);
        }
    }
    // After the characters: adding one clears the post-context.
    buffer.set_post_context(&text[range.end..]);
    // Settles the script when ours has no OpenType tag, so the plan's matches.
    buffer.guess_segment_properties();
    let plan = plan(buffer.script(), buffer.direction());
    let shaped = rustybuzz::shape_with_plan(face, &plan, buffer);
    let glyphs = shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, pos)| Glyph {
            // Fonts have at most 65535 glyphs; ids come from the font's own tables.
            id: info.glyph_id as u16,
            advance: pos.x_advance,
            x_offset: pos.x_offset,
            y_offset: pos.y_offset,
            cluster: info.cluster as usize,
        })
        .collect();
    ShapedRun {
        range,
        font: font_index,
        direction,
        units_per_em: face.units_per_em() as u16,
        glyphs,
    }
}

/// ISO 15924 code, e.g. "Arab", as the 4 bytes of an OpenType script tag.
fn tag_bytes(script: Script) -> [u8; 4] {
    let mut tag = *b"Zyyy";
    for (t, b) in tag.iter_mut().zip(script.short_name().bytes()) {
        *t = b;
    }
    tag
}
