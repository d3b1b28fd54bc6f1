//! Fonts as the shaper sees them, and which one prints a given script.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use rustybuzz::ShapePlan;
use unicode_script::Script;

use super::ShapeError;

/// One parsed font and the scripts it is the preferred face for.
pub struct Font<'a> {
    pub(crate) face: rustybuzz::Face<'a>,
    scripts: Vec<Script>,
}

impl<'a> Font<'a> {
    /// `scripts` are those this font should win for even when an earlier font
    /// of the set also covers them (Noto Sans has Latin digits, but an Arabic
    /// run's digits should come from Noto Sans Arabic to match its weight).
    pub fn new(bytes: &'a [u8], scripts: &[Script]) -> Result<Self, ShapeError> {
        let face = rustybuzz::Face::from_slice(bytes, 0).ok_or(ShapeError::BadFont)?;
        Ok(Font {
            face,
            scripts: scripts.to_vec(),
        })
    }

    pub fn units_per_em(&self) -> u16 {
        self.face.units_per_em() as u16
    }

    pub fn covers(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    pub fn is_for(&self, script: Script) -> bool {
        self.scripts.contains(&script)
    }
}

/// Fonts in order of preference; the first is the default for text with no
/// script of its own (digits, punctuation, an isolated phone number).
pub struct FontSet<'a> {
    pub fonts: Vec<Font<'a>>,
    /// Building a shape plan (the font's lookups for a script and direction)
    /// costs more than shaping a short line, so each is built once.
    plans: Mutex<HashMap<PlanKey, Arc<ShapePlan>>>,
}

type PlanKey = (usize, rustybuzz::Script, rustybuzz::Direction);

impl<'a> FontSet<'a> {
    pub fn new(fonts: Vec<Font<'a>>) -> Self {
        FontSet {
            fonts,
            plans: Mutex::new(HashMap::new()),
        }
    }

    /// The plan for shaping with font `index`; the lock is held only to look
    /// up or insert, so parallel batches shape concurrently.
    pub(crate) fn plan(
        &self,
        index: usize,
        script: rustybuzz::Script,
        direction: rustybuzz::Direction,
    ) -> Arc<ShapePlan> {
        let key = (index, script, direction);
        let cached = self
            .plans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned();
        cached.unwrap_or_else(|| {
            let plan = Arc::new(ShapePlan::new(
                &self.fonts[index].face,
                direction,
                Some(script),
                None,
                &[],
            ));
            self.plans
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key, plan.clone());
            plan
        })
    }

    pub fn get(&self, index: usize) -> &Font<'a> {
        &self.fonts[index]
    }

    /// The font for `c` in a run of `script`: a font made for the script if it
    /// has the glyph, else the first font that has it.
    pub fn pick(&self, script: Script, c: char) -> Option<usize> {
        self.fonts
            .iter()
            .position(|f| f.is_for(script) && f.covers(c))
            .or_else(|| self.fonts.iter().position(|f| f.covers(c)))
    }
}
