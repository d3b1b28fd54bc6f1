//! A paragraph: bidi levels once, then lines measured by shaped advances and
//! shaped again, in visual order, for drawing.

use std::ops::Range;

use unicode_bidi::{Level, ParagraphBidiInfo};

use super::bidi::Direction;
use super::breaks::{Break, break_opportunities, grapheme_boundaries};
use super::itemize::itemize;
use super::run::{ShapedRun, shape_run};
use super::{FontSet, ShapeError};
use crate::layout::Pt;

pub struct Paragraph<'t> {
    text: &'t str,
    direction: Direction,
    bidi: ParagraphBidiInfo<'t>,
    breaks: Vec<Break>,
}

/// One line's runs from left to right, ready to draw one after the other.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedLine {
    pub range: Range<usize>,
    pub runs: Vec<ShapedRun>,
}

impl ShapedLine {
    pub fn width(&self, size: Pt) -> Pt {
        self.runs.iter().fold(Pt(0.0), |w, r| w + r.width(size))
    }
}

impl<'t> Paragraph<'t> {
    /// `direction` is the document's: it decides the order of neutral text
    /// and of runs of both directions; each run keeps its own.
    pub fn new(text: &'t str, direction: Direction) -> Self {
        Paragraph {
            text,
            direction,
            bidi: ParagraphBidiInfo::new(text, Some(direction.level())),
            breaks: break_opportunities(text),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    pub fn direction(&self) -> Direction {
        self.direction
    }

    pub fn breaks(&self) -> &[Break] {
        &self.breaks
    }

    /// The resolved embedding level of the character at byte `at`.
    pub fn level_at(&self, at: usize) -> Level {
        self.bidi.levels[at]
    }

    /// Runs of `range` in logical order, for measuring.
    pub fn shape_logical(
        &self,
        range: Range<usize>,
        fonts: &FontSet,
    ) -> Result<Vec<ShapedRun>, ShapeError> {
        let mut out = Vec::new();
        for run in self.level_runs(range) {
            let dir = Direction::of_level(self.bidi.levels[run.start]);
            for item in itemize(self.text, run, fonts)? {
                push_visible(
                    &mut out,
                    shape_run(self.text, item.range, fonts, item.font, item.script, dir),
                );
            }
        }
        Ok(out)
    }

    /// The line `range` shaped in visual order (UAX #9 rules L1-L2 per line).
    pub fn line(&self, range: Range<usize>, fonts: &FontSet) -> Result<ShapedLine, ShapeError> {
        let mut runs = Vec::new();
        if range.is_empty() {
            return Ok(ShapedLine { range, runs });
        }
        let (levels, visual) = self.bidi.visual_runs(range.clone());
        for run in visual {
            let dir = Direction::of_level(levels[run.start]);
            let mut items = itemize(self.text, run, fonts)?;
            if dir.is_rtl() {
                items.reverse();
            }
            for item in items {
                push_visible(
                    &mut runs,
                    shape_run(self.text, item.range, fonts, item.font, item.script, dir),
                );
            }
        }
        Ok(ShapedLine { range, runs })
    }

    /// Greedy line breaking at break opportunities, measured with shaped
    /// advances; a word wider than the line is cut between grapheme clusters.
    /// Lines come back without their trailing spaces and line feeds.
    pub fn wrap(
        &self,
        fonts: &FontSet,
        size: Pt,
        max_width: Pt,
    ) -> Result<Vec<Range<usize>>, ShapeError> {
        let text = self.text;
        // before[b]: width of all clusters starting before byte b.
        let mut before = vec![0.0f32; text.len() + 1];
        for run in self.shape_logical(0..text.len(), fonts)? {
            let scale = size.0 / run.units_per_em as f32;
            for g in &run.glyphs {
                before[g.cluster + 1] += g.advance as f32 * scale;
            }
        }
        for b in 1..before.len() {
            before[b] += before[b - 1];
        }
        let trimmed = |start: usize, end: usize| start + text[start..end].trim_end().len();
        let fits = |start: usize, end: usize| {
            before[trimmed(start, end)] - before[start] <= max_width.0 + 0.001
        };
        let graphemes = grapheme_boundaries(text);

        let mut lines = Vec::new();
        let mut start = 0;
        let mut next = 0; // index into self.breaks
        while start < text.len() {
            while next < self.breaks.len() && self.breaks[next].at <= start {
                next += 1;
            }
            let mut end = None;
            let mut i = next;
            while let Some(b) = self.breaks.get(i) {
                if !fits(start, b.at) {
                    break;
                }
                end = Some(b.at);
                if b.mandatory {
                    break;
                }
                i += 1;
            }
            let end = match end {
                Some(e) => e,
                None => {
                    // Nothing fits: take as many whole grapheme clusters as do,
                    // at least one, up to the next opportunity.
                    let limit = self.breaks.get(next).map_or(text.len(), |b| b.at);
                    let first = graphemes.partition_point(|&g| g <= start);
                    let mut e = graphemes.get(first).copied().unwrap_or(text.len());
                    for &g in &graphemes[first..] {
                        if g > limit || !fits(start, g) {
                            break;
                        }
                        e = g;
                    }
                    e
                }
            };
            lines.push(start..trimmed(start, end));
            start = end;
        }
        Ok(lines)
    }

    /// Maximal ranges of one embedding level within `range`, in logical order.
    fn level_runs(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let mut runs: Vec<Range<usize>> = Vec::new();
        for (i, c) in self.text[range.clone()].char_indices() {
            let at = range.start + i;
            let end = at + c.len_utf8();
            match runs.last_mut() {
                Some(r) if self.bidi.levels[r.start] == self.bidi.levels[at] => r.end = end,
                _ => runs.push(at..end),
            }
        }
        runs
    }
}

/// A run of bidi controls only (the isolate marks around a value) has no
/// glyphs; keeping it would give layout and render an empty run to place.
fn push_visible(runs: &mut Vec<ShapedRun>, run: ShapedRun) {
    if !run.glyphs.is_empty() {
        runs.push(run);
    }
}
