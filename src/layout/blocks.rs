//! Each block of a document becomes one or more chunks: pieces of a page with
//! their own items placed from their top-left corner. A chunk is split only
//! when it is taller than a page, between its lines (see `split`).

use super::LayoutError;
use super::geometry::Pt;
use super::page::Item;
use super::qr;
use super::style::*;
use super::wrapped;
use crate::document::{Block, Frame, Inline, Rich};
use crate::fonts::Fonts;
use crate::shape::{Direction, Frag, Line, Span, measure};

/// A piece of a page, kept whole unless it is taller than a page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Chunk {
    pub items: Vec<Item>,
    pub height: Pt,
    /// Space above it, dropped at the top of a page.
    pub gap_before: Pt,
    /// Must stand on the same page as the chunk after it (headings, the
    /// first and the last two rows of a table).
    pub keep_with_next: bool,
    /// Would rather stand with the chunk after it, when the whole run of
    /// such chunks fits on one page (the rows of the decision guide).
    pub hold_with_next: bool,
    /// Heights where it may be cut besides between its lines of text.
    pub cuts: Vec<Pt>,
    /// The table it is a row of.
    pub row: Option<Row>,
    /// The index of the document block it comes from.
    pub block: usize,
    /// The least space above it however tightly a document is set: a
    /// heading keeps its distance from the text before it.
    pub least_gap: Pt,
    /// Part of a group printed whole, at the top of the next page when the
    /// rest of this one is too short for it (the kit's identity sheet).
    pub float: bool,
}

impl Chunk {
    /// The space above it with the gaps scaled by `squeeze`.
    pub fn gap(&self, squeeze: f32) -> Pt {
        (self.gap_before * squeeze).max(self.least_gap.min(self.gap_before))
    }
}

/// A chunk's place in a table: a page that starts with a row other than
/// the first repeats the table's heading, marked as continued.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// Index into the document's continuation headers.
    pub table: usize,
    /// Not the table's first row, or the rest of a row cut by a page.
    pub continues: bool,
}

/// The table rule: no row alone at either end of a page. The first row
/// stays with the second, the last with the one before it.
fn keeps_rows_together(i: usize, rows: usize) -> bool {
    rows > 1 && (i == 0 || i + 2 == rows)
}

/// Where a run of text goes: its top-left corner and the width it wraps to.
#[derive(Debug, Clone, Copy)]
struct Area {
    x: Pt,
    y: Pt,
    width: Pt,
}

impl Area {
    fn new(x: Pt, y: Pt, width: Pt) -> Area {
        Area { x, y, width }
    }
}

pub(crate) struct Builder<'f> {
    pub fonts: &'f Fonts,
    pub width: Pt,
    /// Baseline-to-baseline distance as a multiple of the font size.
    pub leading: f32,
    /// The document's: lines start at the left or, mirrored, at the right.
    pub direction: Direction,
    /// Scales the padding above and below the text of a table's rows.
    pub row_padding: f32,
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
            Inline::Blank => Span::blank(bold),
        })
        .collect()
}

/// A fragment of a line placed with its line's start at `x` and its
/// baseline at `baseline`.
pub(super) fn place(frag: &Frag, x: Pt, baseline: Pt, size: Pt) -> Item {
    match frag {
        Frag::Blank { x: fx, width } => Item::Line {
            x1: x + *fx + Pt(2.0),
            y1: baseline + Pt(1.5),
            x2: x + *fx + *width - Pt(2.0),
            y2: baseline + Pt(1.5),
            width: HAIRLINE,
        },
        Frag::Text {
            x: fx,
            width,
            synthetic_bold,
            run,
        } => Item::Text {
            x: x + *fx,
            y: baseline,
            size: size * run.face.optical_scale(),
            width: *width,
            synthetic_bold: *synthetic_bold,
            run: run.clone(),
        },
    }
}

/// Places wrapped lines at (x, y) with baseline spacing `leading` times
/// `size`, a line holding a write-in blank at least [`WRITE_IN_PITCH`]
/// below the line above it, in every setting: a blank is for a hand. Returns
/// the height used. Two lines of which one holds a
/// shaped script keep at least that script's own leading (see
/// `FaceId::least_leading`) in every setting.
fn place_lines(items: &mut Vec<Item>, lines: &[Line], at: (Pt, Pt), size: Pt, leading: f32) -> Pt {
    let (x, y) = at;
    if lines.is_empty() {
        return Pt(0.0);
    }
    let least = |line: &Line| -> f32 {
        line.frags
            .iter()
            .filter_map(|f| match f {
                Frag::Text { run, .. } => Some(run.face.least_leading()),
                Frag::Blank { .. } => None,
            })
            .fold(leading, f32::max)
    };
    let ascent = size * ASCENT;
    let mut line_leading = least(&lines[0]);
    let mut baseline = y + ascent;
    // Above the first line, the line before the block: at least this
    // setting's leading from it, whatever script either holds.
    let mut step = size * leading;
    let mut last_has_blank = false;
    for (i, line) in lines.iter().enumerate() {
        last_has_blank = line.frags.iter().any(|f| matches!(f, Frag::Blank { .. }));
        if i > 0 {
            let below = least(line);
            step = size * line_leading.max(below);
            line_leading = below;
            baseline += step;
        }
        if last_has_blank {
            baseline += (WRITE_IN_PITCH - step).max(Pt(0.0));
        }
        items.extend(line.frags.iter().map(|f| place(f, x, baseline, size)));
    }
    // A blank on the last line keeps clear of a rule under its block: two
    // lines close together read as one.
    let below = if last_has_blank {
        BLANK_CLEARANCE
    } else {
        Pt(0.0)
    };
    baseline - y - ascent + size * line_leading + below
}

impl Builder<'_> {
    /// [`place_lines`] at this builder's leading.
    fn place_lines(&self, items: &mut Vec<Item>, lines: &[Line], at: (Pt, Pt), size: Pt) -> Pt {
        place_lines(items, lines, at, size, self.leading)
    }

    fn wrap(&self, spans: &[Span<'_>], size: Pt, width: Pt) -> Result<Vec<Line>, LayoutError> {
        let with = (self.fonts, self.direction);
        Ok(wrapped::lines(spans, (size, width), false, with)?)
    }

    /// Rich text wrapped into `width` at (x, y); returns the height used.
    fn rich(
        &self,
        items: &mut Vec<Item>,
        rich: &Rich,
        bold: bool,
        size: Pt,
        at: Area,
    ) -> Result<Pt, LayoutError> {
        let Area { x, y, width } = at;
        let lines = self.wrap(&spans(rich, bold), size, width)?;
        Ok(self.place_lines(items, &lines, (x, y), size))
    }

    fn plain(
        &self,
        items: &mut Vec<Item>,
        text: &str,
        bold: bool,
        size: Pt,
        at: Area,
    ) -> Result<Pt, LayoutError> {
        let Area { x, y, width } = at;
        let span = if bold {
            Span::bold(text)
        } else {
            Span::plain(text)
        };
        let lines = self.wrap(&[span], size, width)?;
        Ok(self.place_lines(items, &lines, (x, y), size))
    }

    /// A title or heading: bold, its lines balanced so the last one does
    /// not hold a word alone.
    fn title_text(
        &self,
        items: &mut Vec<Item>,
        text: &str,
        size: Pt,
        at: Area,
    ) -> Result<Pt, LayoutError> {
        let Area { x, y, width } = at;
        let with = (self.fonts, self.direction);
        let lines = wrapped::lines(&[Span::bold(text)], (size, width), true, with)?;
        Ok(self.place_lines(items, &lines, (x, y), size))
    }

    /// What a page that continues a table starts with: the table's heading
    /// followed by the template's word for "continued", and a log's column
    /// titles.
    pub(crate) fn continuation(
        &self,
        heading: Option<&str>,
        continued: Option<&str>,
        columns: Option<&[String]>,
    ) -> Result<Chunk, LayoutError> {
        let mut items = Vec::new();
        let mut y = Pt(0.0);
        let text = match (heading, continued) {
            // "账号信息一览（续）": full-width brackets bring their own space.
            (Some(h), Some(c)) if c.starts_with(|ch: char| ch >= '\u{3000}') => {
                Some(format!("{h}{c}"))
            }
            (Some(h), Some(c)) => Some(format!("{h} {c}")),
            (Some(h), None) => Some(h.to_string()),
            (None, Some(c)) => Some(c.to_string()),
            (None, None) => None,
        };
        if let Some(text) = text {
            y = self.heading_into(&mut items, &text)?;
        }
        if let Some(columns) = columns {
            let header = self.log_header(columns)?;
            items.extend(header.items.iter().map(|i| i.shifted(Pt(0.0), y)));
            y += header.height;
        }
        // Placed under a sheet that waited for the page, it keeps a
        // heading's room above it.
        Ok(Chunk {
            items,
            height: y,
            gap_before: HEADING_GAP,
            least_gap: HEADING_GAP_LEAST,
            ..Default::default()
        })
    }

    /// A heading and its rule; returns the height used.
    fn heading_into(&self, items: &mut Vec<Item>, text: &str) -> Result<Pt, LayoutError> {
        let w = self.width;
        let zero = Pt(0.0);
        let mut y = self.title_text(items, text, HEADING, Area::new(zero, zero, w))?;
        y += Pt(1.0);
        items.push(hline(zero, w, y, RULE));
        Ok(y + Pt(5.0))
    }

    pub fn chunks(&self, block: &Block) -> Result<Vec<Chunk>, LayoutError> {
        let w = self.width;
        let zero = Pt(0.0);
        match block {
            Block::Title { text, lines, link } => self.title(text, lines, link.as_ref()),
            Block::Heading(text) => {
                let mut items = Vec::new();
                let height = self.heading_into(&mut items, text)?;
                Ok(vec![Chunk {
                    items,
                    height,
                    gap_before: HEADING_GAP,
                    least_gap: HEADING_GAP_LEAST,
                    keep_with_next: true,
                    ..Default::default()
                }])
            }
            Block::Subheading(text) => {
                let mut items = Vec::new();
                let h = self.title_text(&mut items, text, BODY, Area::new(zero, zero, w))?;
                Ok(vec![Chunk {
                    items,
                    height: h,
                    gap_before: BLOCK_GAP,
                    keep_with_next: true,
                    ..Default::default()
                }])
            }
            Block::Paragraph(rich) => {
                let mut items = Vec::new();
                let h = self.rich(&mut items, rich, false, BODY, Area::new(zero, zero, w))?;
                Ok(vec![Chunk {
                    items,
                    height: h,
                    gap_before: BLOCK_GAP,
                    ..Default::default()
                }])
            }
            Block::Checklist {
                numbered,
                items: entries,
            } => entries
                .iter()
                .enumerate()
                .map(|(i, entry)| {
                    let mut chunk = self.check_item(entry, numbered.then_some(i + 1), i == 0)?;
                    // The last step never stands alone at the top of a page.
                    chunk.keep_with_next = entries.len() > 1 && i + 2 == entries.len();
                    Ok(chunk)
                })
                .collect(),
            Block::Fields(rows) => {
                let n = rows.len();
                let label_w = (w * 0.3).min(Pt(140.0));
                let value_x = label_w + GUTTER;
                rows.iter()
                    .enumerate()
                    .map(|(i, row)| {
                        let mut items = Vec::new();
                        // A row to write in keeps its height for a hand.
                        let pad = if row.value.has_blank() {
                            1.0
                        } else {
                            self.row_padding
                        };
                        let top = Pt(3.0) * pad;
                        let lh = self.plain(
                            &mut items,
                            &row.label,
                            false,
                            BODY,
                            Area::new(zero, top, label_w),
                        )?;
                        let vh = if row.value.is_only_blank() {
                            // Room to write by hand, the line to write on:
                            // what gives first in a tighter setting, down
                            // to the 7 mm a hand needs.
                            if self.leading < LEADING {
                                WRITE_IN_TIGHT
                            } else {
                                WRITE_IN_HEIGHT
                            }
                        } else {
                            self.rich(
                                &mut items,
                                &row.value,
                                true,
                                BODY,
                                Area::new(value_x, top, w - value_x),
                            )?
                        };
                        let height = top + lh.max(vh) + Pt(2.0) * pad;
                        items.push(hline(zero, w, height, HAIRLINE));
                        Ok(Chunk {
                            items,
                            height,
                            gap_before: if i == 0 { BLOCK_GAP } else { zero },
                            keep_with_next: keeps_rows_together(i, n),
                            ..Default::default()
                        })
                    })
                    .collect()
            }
            Block::Choices(rows) => {
                let left_w = w * 0.5;
                // 3 mm between a condition and its arrow (text touching
                // the arrow reads as one line), taken from the shorter
                // column on the right.
                let arrow_x = left_w + GUTTER;
                let right_x = arrow_x + Pt(13.0);
                rows.iter()
                    .enumerate()
                    .map(|(i, (when, then))| {
                        let mut items = Vec::new();
                        let pad = if when.has_blank() || then.has_blank() {
                            1.0
                        } else {
                            self.row_padding
                        };
                        let top = Pt(4.5) * pad;
                        let lh =
                            self.rich(&mut items, when, false, BODY, Area::new(zero, top, left_w))?;
                        let rh = self.rich(
                            &mut items,
                            then,
                            false,
                            BODY,
                            Area::new(right_x, top, w - right_x),
                        )?;
                        // An arrow drawn, not typed: it needs no glyph.
                        let ay = top + BODY * 0.6;
                        items.push(Item::Line {
                            x1: arrow_x,
                            y1: ay,
                            x2: right_x - Pt(4.0),
                            y2: ay,
                            width: RULE,
                        });
                        items.push(Item::Line {
                            x1: right_x - Pt(7.0),
                            y1: ay - Pt(2.5),
                            x2: right_x - Pt(4.0),
                            y2: ay,
                            width: RULE,
                        });
                        items.push(Item::Line {
                            x1: right_x - Pt(7.0),
                            y1: ay + Pt(2.5),
                            x2: right_x - Pt(4.0),
                            y2: ay,
                            width: RULE,
                        });
                        let height = top + lh.max(rh) + Pt(3.5) * pad;
                        if i == 0 {
                            items.push(hline(zero, w, zero, HAIRLINE));
                        }
                        items.push(hline(zero, w, height, HAIRLINE));
                        Ok(Chunk {
                            items,
                            height,
                            gap_before: if i == 0 { BLOCK_GAP } else { zero },
                            keep_with_next: keeps_rows_together(i, rows.len()),
                            // The guide is read as a whole: split only
                            // when it is longer than a page.
                            hold_with_next: i + 1 < rows.len(),
                            ..Default::default()
                        })
                    })
                    .collect()
            }
            Block::WriteBox { label, hint, lines } => {
                let mut items = Vec::new();
                let mut y = self.title_text(&mut items, label, BODY, Area::new(zero, zero, w))?;
                y += self.rich(&mut items, hint, false, SMALL, Area::new(zero, y, w))?;
                y += Pt(3.0);
                let lines = (*lines).max(1);
                let h = WRITE_IN_HEIGHT * lines as f32 + Pt(6.0);
                // A box longer than a page may be cut between its lines.
                let cuts = (1..lines).map(|l| y + WRITE_IN_HEIGHT * l as f32).collect();
                items.push(Item::Rect {
                    x: zero,
                    y,
                    w,
                    h,
                    stroke: Some(RULE),
                });
                Ok(vec![Chunk {
                    items,
                    height: y + h,
                    gap_before: BLOCK_GAP * 2.0,
                    cuts,
                    ..Default::default()
                }])
            }
            Block::Callout { title, body, frame } => {
                let pad = Pt(10.0);
                let inner = w - pad * 2.0;
                let mut items = Vec::new();
                let mut y = pad;
                y += self.title_text(&mut items, title, CALLOUT_TITLE, Area::new(pad, y, inner))?;
                for para in body {
                    y += Pt(2.0);
                    y += self.rich(&mut items, para, false, BODY, Area::new(pad, y, inner))?;
                }
                y += pad - Pt(2.0);
                items.push(Item::Rect {
                    x: zero,
                    y: zero,
                    w,
                    h: y,
                    stroke: Some(match frame {
                        Frame::Heavy => FRAME,
                        Frame::Light => RULE,
                    }),
                });
                Ok(vec![Chunk {
                    items,
                    height: y,
                    gap_before: BLOCK_GAP * 2.0,
                    ..Default::default()
                }])
            }
            Block::Link { url, label, body } => self.link(url, label, body),
            Block::Log { columns, rows } => self.log(columns, *rows),
        }
    }

    fn title(
        &self,
        text: &str,
        lines: &[Rich],
        link: Option<&(String, String)>,
    ) -> Result<Vec<Chunk>, LayoutError> {
        let w = self.width;
        let zero = Pt(0.0);
        let mut items = Vec::new();
        // The QR code and its address take the top-right corner.
        let mut text_w = w;
        let mut link_h = zero;
        if let Some((url, label)) = link {
            let label_w = measure(label, true, SMALL, self.fonts)?;
            let column = QR_CORNER.max(label_w);
            text_w = w - column - Pt(14.0);
            let qr_x = w - column + (column - QR_CORNER) * 0.5;
            items.extend(
                qr::code(url, QR_CORNER, self.direction)?
                    .iter()
                    .map(|i| i.shifted(qr_x, zero)),
            );
            items.push(Item::Link {
                x: qr_x,
                y: zero,
                w: QR_CORNER,
                h: QR_CORNER,
                url: url.clone(),
            });
            let label_x = w - column + (column - label_w) * 0.5;
            // The code's own 4-module quiet zone, and a little more for the
            // caption's accents: a scanner needs the white.
            let label_y = QR_CORNER + QR_CAPTION_GAP;
            let lh = self.plain(
                &mut items,
                label,
                true,
                SMALL,
                Area::new(label_x, label_y, label_w + Pt(1.0)),
            )?;
            items.push(Item::Link {
                x: label_x,
                y: label_y,
                w: label_w,
                h: lh,
                url: url.clone(),
            });
            link_h = label_y + lh;
        }
        let mut y = self.title_text(&mut items, text, TITLE, Area::new(zero, zero, text_w))?;
        y += Pt(4.0);
        for line in lines {
            y += self.rich(
                &mut items,
                line,
                false,
                TITLE_LINE,
                Area::new(zero, y, text_w),
            )?;
        }
        y = y.max(link_h) + Pt(6.0);
        items.push(hline(zero, w, y, FRAME));
        Ok(vec![Chunk {
            items,
            height: y + FRAME,
            ..Default::default()
        }])
    }

    fn check_item(
        &self,
        entry: &Rich,
        number: Option<usize>,
        first: bool,
    ) -> Result<Chunk, LayoutError> {
        let top = Pt(1.0);
        let text_x = CHECKBOX + Pt(7.0) + if number.is_some() { Pt(15.0) } else { Pt(0.0) };
        let mut text = Vec::new();
        let h = self.rich(
            &mut text,
            entry,
            false,
            BODY,
            Area::new(text_x, top, self.width - text_x),
        )?;
        // The box and the number sit on the first line, however far down a
        // write-in blank has put it; drawn before the text, read before it.
        let baseline = text
            .iter()
            .filter_map(|i| match i {
                Item::Text { y, .. } => Some(y.0),
                _ => None,
            })
            .reduce(f32::min)
            .map_or(top + BODY * ASCENT, Pt);
        let mut items = vec![Item::Rect {
            x: Pt(0.0),
            y: baseline - CHECKBOX + Pt(1.0),
            w: CHECKBOX,
            h: CHECKBOX,
            stroke: Some(RULE),
        }];
        if let Some(n) = number {
            // Set as text, so a right-to-left document shows "1." its way.
            self.plain(
                &mut items,
                &format!("{n}."),
                true,
                BODY,
                Area::new(CHECKBOX + Pt(7.0), baseline - BODY * ASCENT, Pt(40.0)),
            )?;
        }
        items.extend(text);
        Ok(Chunk {
            items,
            height: top + h,
            gap_before: if first { BLOCK_GAP } else { ITEM_GAP },
            ..Default::default()
        })
    }

    fn link(&self, url: &str, label: &str, body: &[Rich]) -> Result<Vec<Chunk>, LayoutError> {
        let mut items = qr::code(url, QR_SIZE, self.direction)?;
        let x = QR_SIZE + Pt(14.0);
        let width = self.width - x;
        let mut y = Pt(6.0);
        let label_top = y;
        let lh = self.plain(&mut items, label, true, LINK_LABEL, Area::new(x, y, width))?;
        y += lh + Pt(2.0);
        let label_w = measure(label, true, LINK_LABEL, self.fonts)?.min(width);
        items.push(Item::Link {
            x,
            y: label_top,
            w: label_w,
            h: lh,
            url: url.to_string(),
        });
        items.push(Item::Link {
            x: Pt(0.0),
            y: Pt(0.0),
            w: QR_SIZE,
            h: QR_SIZE,
            url: url.to_string(),
        });
        for para in body {
            y += self.rich(&mut items, para, false, BODY, Area::new(x, y, width))? + Pt(3.0);
        }
        Ok(vec![Chunk {
            items,
            height: y.max(QR_SIZE),
            gap_before: HEADING_GAP,
            ..Default::default()
        }])
    }

    /// The three column edges of a log table, left to right, and its right edge.
    fn log_columns(&self) -> [Pt; 4] {
        let w = self.width;
        // The middle column takes what the outer ones leave.
        [Pt(0.0), w * 0.2, w - w * 0.26, w]
    }

    /// A log's column titles in a ruled box open at the bottom.
    fn log_header(&self, columns: &[String]) -> Result<Chunk, LayoutError> {
        let xs = self.log_columns();
        let mut items = Vec::new();
        let pad = Pt(4.0);
        let mut h = Pt(0.0);
        for (i, title) in columns.iter().take(3).enumerate() {
            let cw = xs[i + 1] - xs[i] - pad * 2.0;
            h = h.max(self.plain(
                &mut items,
                title,
                true,
                SMALL,
                Area::new(xs[i] + pad, pad, cw),
            )?);
        }
        let h = h + pad * 2.0;
        items.push(hline(xs[0], xs[3], Pt(0.0), RULE));
        items.push(hline(xs[0], xs[3], h, RULE));
        items.extend(
            xs.iter()
                .enumerate()
                .map(|(i, &x)| vline(x, Pt(0.0), h, i % 3 == 0)),
        );
        Ok(Chunk {
            items,
            height: h,
            ..Default::default()
        })
    }

    /// A table of empty rows to fill by hand, one chunk per row so it can
    /// continue on the next page under its repeated column titles.
    fn log(&self, columns: &[String], rows: u32) -> Result<Vec<Chunk>, LayoutError> {
        let xs = self.log_columns();
        let mut header = self.log_header(columns)?;
        header.gap_before = BLOCK_GAP;
        header.keep_with_next = true;
        let rows = rows.max(1) as usize;
        let mut chunks = vec![header];
        for r in 0..rows {
            let last = r + 1 == rows;
            let mut items: Vec<Item> = xs
                .iter()
                .enumerate()
                .map(|(i, &x)| vline(x, Pt(0.0), WRITE_IN_HEIGHT, i % 3 == 0))
                .collect();
            let rule = if last { RULE } else { HAIRLINE };
            items.push(hline(xs[0], xs[3], WRITE_IN_HEIGHT, rule));
            chunks.push(Chunk {
                items,
                height: WRITE_IN_HEIGHT,
                keep_with_next: keeps_rows_together(r, rows),
                ..Default::default()
            });
        }
        Ok(chunks)
    }
}

/// A vertical rule: the table's outer edges heavier than its inner ones.
fn vline(x: Pt, y1: Pt, y2: Pt, outer: bool) -> Item {
    let width = if outer { RULE } else { HAIRLINE };
    Item::Line {
        x1: x,
        y1,
        x2: x,
        y2,
        width,
    }
}

fn hline(x1: Pt, x2: Pt, y: Pt, width: Pt) -> Item {
    Item::Line {
        x1,
        y1: y,
        x2,
        y2: y,
        width,
    }
}
