//! Shaping one piece of a paragraph with rustybuzz: glyph ids, advances,
//! offsets and the text each glyph came from. Shape plans are kept for the
//! process, shaped pieces per thread.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rustc_hash::FxHashMap;
use rustybuzz::{BufferClusterLevel, BufferFlags, ShapePlan, UnicodeBuffer};
use unicode_script::{Script, UnicodeScript};

use super::bidi::Direction;
use super::glyphs::Glyph;
use crate::chars::is_steering_control;
use crate::fonts::{FaceId, Fonts};

/// Glyphs of a piece, their clusters byte offsets into the paragraph.
#[derive(Debug, Clone)]
pub(super) struct Shaped {
    pub glyphs: Vec<Glyph>,
    pub units_per_em: u16,
}

/// How many characters either side of a piece the shaper looks at (HarfBuzz's
/// context length, which rustybuzz keeps): all of the paragraph a piece's
/// glyphs can depend on.
const CONTEXT: usize = 5;

/// A piece as the shaper sees it: its text, the context around it, its face
/// and direction. Pieces with equal keys shape alike wherever they stand.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    before: String,
    text: String,
    after: String,
    face: FaceId,
    rtl: bool,
}

/// Past this many pieces (a run of unusual texts), the cache starts afresh.
const LIMIT: usize = 20_000;

/// Shapes `text[range]`, all in one face and direction, with the text around
/// it as context so letters join across the edge of a piece. A document is
/// set more than once when a tighter setting may save a page, and a batch
/// sets the same template words for every customer: pieces are kept per
/// thread.
pub(super) fn shape(
    text: &str,
    range: Range<usize>,
    face: FaceId,
    direction: Direction,
    fonts: &Fonts,
) -> Shaped {
    thread_local! {
        static PIECES: RefCell<FxHashMap<Key, Shaped>> = RefCell::new(FxHashMap::default());
    }
    let before: String = {
        let mut chars: Vec<char> = text[..range.start].chars().rev().take(CONTEXT).collect();
        chars.reverse();
        chars.into_iter().collect()
    };
    let key = Key {
        before,
        text: text[range.clone()].to_string(),
        after: text[range.end..].chars().take(CONTEXT).collect(),
        face,
        rtl: direction.is_rtl(),
    };
    let at = |mut shaped: Shaped, offset: isize| {
        for g in &mut shaped.glyphs {
            g.cluster = g.cluster.wrapping_add_signed(offset);
        }
        shaped
    };
    if let Some(hit) = PIECES.with_borrow(|pieces| pieces.get(&key).cloned()) {
        return at(hit, range.start as isize);
    }
    let shaped = shape_uncached(text, range.clone(), face, direction, fonts);
    PIECES.with_borrow_mut(|pieces| {
        if pieces.len() >= LIMIT {
            pieces.clear();
        }
        // Kept relative to the piece, which may stand elsewhere next time.
        pieces.insert(key, at(shaped.clone(), -(range.start as isize)));
    });
    shaped
}

fn shape_uncached(
    text: &str,
    range: Range<usize>,
    face: FaceId,
    direction: Direction,
    fonts: &Fonts,
) -> Shaped {
    let script = text[range.clone()]
        .chars()
        .map(|c| c.script())
        .find(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
        .unwrap_or(Script::Common);
    match fonts.face(face).shaper() {
        Some(shaper) => shape_with(text, range, shaper, face, script, direction),
        // A face the browser has not provided draws nothing (and is never
        // chosen for a character, having none).
        None => Shaped {
            glyphs: Vec::new(),
            units_per_em: 1000,
        },
    }
}

type PlanKey = (FaceId, rustybuzz::Script, rustybuzz::Direction);

/// Building a plan costs more than shaping a line; a run has at most a few
/// dozen (faces x scripts x directions), kept for every document after.
fn plan(
    face: &rustybuzz::Face<'_>,
    id: FaceId,
    script: rustybuzz::Script,
    direction: rustybuzz::Direction,
) -> Arc<ShapePlan> {
    static PLANS: OnceLock<Mutex<HashMap<PlanKey, Arc<ShapePlan>>>> = OnceLock::new();
    let plans = PLANS.get_or_init(Default::default);
    let key = (id, script, direction);
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

/// Shapes `text[range]` with one face, one script and one direction. Bidi
/// controls and other steering characters are left out, so they neither
/// print nor reach the extracted text.
fn shape_with(
    text: &str,
    range: Range<usize>,
    face: &rustybuzz::Face<'_>,
    id: FaceId,
    script: Script,
    direction: Direction,
) -> Shaped {
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
        if !is_steering_control(c) {
            buffer.add(c, (range.start + i) as u32);
        }
    }
    // After the characters: adding one clears the post-context.
    buffer.set_post_context(&text[range.end..]);
    // Settles the script when ours has no OpenType tag, so the plan's matches.
    buffer.guess_segment_properties();
    let plan = plan(face, id, buffer.script(), buffer.direction());
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
    Shaped {
        glyphs,
        units_per_em: face.units_per_em() as u16,
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
