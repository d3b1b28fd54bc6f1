//! Chunks -> pages. Fills pages top to bottom, keeps together what must
//! stand together, repeats a table's heading on the page it continues on,
//! and cuts between its lines a chunk taller than a page.

use super::blocks::Chunk;
use super::geometry::{PageFrame, Pt};
use super::page::Item;
use super::style::{ASCENT, CUT_DESCENT};
use super::{Flow, LayoutError};

/// Below this, two heights are the same.
const EPS: f32 = 0.01;

/// A chunk cut at a height is solid there when a cut would go through
/// something that cannot be parted: a line of text, a tick box, a QR code.
/// Stroked boxes taller than this are frames, and are cut with their content.
const FRAME_MIN_HEIGHT: f32 = 30.0;

/// Space between the text and the edge that closes a frame where it is cut.
const FRAME_PAD: f32 = 6.0;

/// Where one chunk of a block landed: what a layout check reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// The index of its block in the document.
    pub block: usize,
    /// 0-based.
    pub page: usize,
    pub top: Pt,
    pub bottom: Pt,
    /// The space left above it; zero at the top of a page.
    pub gap: Pt,
    /// A table's heading repeated on the page it continues on.
    pub repeated: bool,
}

/// A flow set on pages.
pub(super) struct Paginated {
    /// Each page's items.
    pub bodies: Vec<Vec<Item>>,
    /// How far down the last page the body reaches.
    pub fill: Pt,
    /// Where each chunk went.
    pub placed: Vec<Placed>,
    /// A sheet that should print whole was cut: waiting for a page would
    /// have made the document longer.
    pub sheet_cut: bool,
}

/// Sets `flow` on pages; `squeeze` scales the gaps between chunks. A sheet
/// printed whole waits for the next page when this one is too short for
/// it, unless that makes the document a page longer (and it is not
/// `kept_whole`): then it is set where it falls, cut between its rows like
/// any table.
pub(super) fn paginate(
    flow: &Flow,
    frame: &PageFrame,
    squeeze: f32,
    kept_whole: bool,
) -> Result<Paginated, LayoutError> {
    let (whole, waited) = paginate_with(flow, frame, squeeze, true)?;
    if !waited || kept_whole {
        return Ok(whole);
    }
    let (cut, _) = paginate_with(flow, frame, squeeze, false)?;
    Ok(if cut.bodies.len() < whole.bodies.len() {
        Paginated {
            sheet_cut: true,
            ..cut
        }
    } else {
        whole
    })
}

/// [`paginate`], with sheets kept whole (`floats`) or not; says whether a
/// sheet waited for a page.
fn paginate_with(
    flow: &Flow,
    frame: &PageFrame,
    squeeze: f32,
    floats: bool,
) -> Result<(Paginated, bool), LayoutError> {
    let mut waited = false;
    let chunks = &flow.chunks;
    let body = frame.body_height();
    let mut pages = Pages {
        pages: vec![Vec::new()],
        y: frame.top,
        fresh: true,
        frame,
        flow,
        placed: Vec::new(),
        deferred: None,
        squeeze,
    };
    let mut next = 0;
    let mut carry: Option<Chunk> = None;
    loop {
        let chunk = match carry.take() {
            Some(c) => c,
            None => match chunks.get(next) {
                Some(c) => {
                    next += 1;
                    c.clone()
                }
                None if pages.deferred.is_some() => {
                    pages.new_page(None);
                    break;
                }
                None => break,
            },
        };
        let gap = if pages.fresh {
            Pt(0.0)
        } else {
            chunk.gap(squeeze)
        };
        let room = frame.body_bottom - pages.y;
        if floats && chunk.float && (next < 2 || !chunks[next - 2].float) && !pages.fresh {
            // A sheet printed whole that this page has no room for waits
            // for the top of the next one; what follows fills this one.
            let end = (next..chunks.len())
                .find(|&i| !chunks[i].float)
                .unwrap_or(chunks.len());
            let whole = chunks[next..end]
                .iter()
                .fold(chunk.height, |h, c| h + c.gap(squeeze) + c.height);
            if (gap + whole).0 > room.0 + EPS && whole.0 <= body.0 + EPS {
                pages.deferred = Some(next - 1..end);
                waited = true;
                next = end;
                continue;
            }
        }
        let needed = gap + group_height(&chunk, &chunks[next..], squeeze, body);
        if needed.0 > room.0 + EPS {
            let alone_too_tall = (gap + chunk.height).0 > room.0 + EPS;
            if alone_too_tall && (pages.fresh || chunk.height.0 > body.0 + EPS) {
                // Taller than what is left of a page it will never fit on:
                // fill this page and go on on the next.
                if let Some(at) = best_cut(&chunk, room - gap - Pt(FRAME_PAD), pages.fresh) {
                    let (head, tail) = split(&chunk, at);
                    pages.place(&head, gap);
                    pages.new_page(Some(&tail));
                    carry = Some(tail);
                    continue;
                }
            }
            if !pages.fresh {
                pages.new_page(Some(&chunk));
                carry = Some(chunk);
                continue;
            }
            // On an empty page and still too tall, with nowhere to cut: it
            // is placed, and the bounds check refuses the page.
        }
        pages.place(&chunk, gap);
    }
    let fill = pages.y - frame.top;
    let paginated = Paginated {
        bodies: pages.pages,
        fill,
        placed: pages.placed,
        sheet_cut: false,
    };
    Ok((paginated, waited))
}

struct Pages<'a> {
    pages: Vec<Vec<Item>>,
    y: Pt,
    /// Nothing on the page yet but a repeated table heading.
    fresh: bool,
    frame: &'a PageFrame,
    flow: &'a Flow,
    placed: Vec<Placed>,
    /// The chunks of a sheet waiting for the top of the next page.
    deferred: Option<std::ops::Range<usize>>,
    squeeze: f32,
}

impl Pages<'_> {
    fn place(&mut self, chunk: &Chunk, gap: Pt) {
        self.place_as(chunk, gap, (chunk.block, false));
    }

    /// Places `chunk` as part of `block`, `repeated` when it is a table's
    /// heading shown again.
    fn place_as(&mut self, chunk: &Chunk, gap: Pt, (block, repeated): (usize, bool)) {
        self.y += gap;
        let (x, y) = (self.frame.left, self.y);
        let page = self.pages.last_mut().expect("at least one page");
        page.extend(chunk.items.iter().map(|item| item.shifted(x, y)));
        self.placed.push(Placed {
            block,
            page: self.pages.len() - 1,
            top: y,
            bottom: y + chunk.height,
            gap,
            repeated,
        });
        self.y += chunk.height;
        self.fresh = false;
    }

    /// Starts a page: with the sheet waiting for it, then, for `next`, its
    /// table's heading if it continues one.
    fn new_page(&mut self, next: Option<&Chunk>) {
        self.pages.push(Vec::new());
        self.y = self.frame.top;
        let flow = self.flow;
        let sheet = self.deferred.take();
        for (i, chunk) in sheet
            .iter()
            .flat_map(|r| &flow.chunks[r.clone()])
            .enumerate()
        {
            let gap = if i == 0 {
                Pt(0.0)
            } else {
                chunk.gap(self.squeeze)
            };
            self.place(chunk, gap);
        }
        if let Some(next) = next
            && let Some(row) = next.row.filter(|r| r.continues)
        {
            let gap = if sheet.is_some() {
                flow.continuations[row.table].gap(self.squeeze)
            } else {
                Pt(0.0)
            };
            self.place_as(&flow.continuations[row.table], gap, (next.block, true));
        }
        self.fresh = sheet.is_none();
    }
}

/// The height of a chunk with those that must stand on its page: the run of
/// rows it would rather not leave when that fits on a page, else only what
/// it must keep.
fn group_height(chunk: &Chunk, rest: &[Chunk], squeeze: f32, body: Pt) -> Pt {
    // Past a page's height the sum no longer matters: stopping there keeps
    // the work linear whatever a template holds.
    let run = |link: fn(&Chunk) -> bool| {
        let mut height = chunk.height;
        let mut prev = chunk;
        for c in rest {
            if !link(prev) || height.0 > body.0 + EPS {
                break;
            }
            height += c.gap(squeeze) + c.height;
            prev = c;
        }
        height
    };
    let held = run(|c| c.keep_with_next || c.hold_with_next);
    if held.0 <= body.0 + EPS {
        return held;
    }
    let kept = run(|c| c.keep_with_next);
    if kept.0 <= body.0 + EPS {
        return kept;
    }
    // What must stay together is longer than a page and will be cut: a
    // heading or a first row then needs only the start of what follows.
    match rest.first() {
        Some(next) if chunk.keep_with_next => {
            chunk.height + next.gap(squeeze) + next.height.min(Pt(START_OF_NEXT))
        }
        _ => chunk.height,
    }
}

/// Of a chunk too long for a page, what must stand under the heading or
/// row before it: about two lines.
const START_OF_NEXT: f32 = 32.0;

/// The vertical extent of an item that a cut must not pass through.
fn solid(item: &Item) -> Option<(f32, f32)> {
    match item {
        Item::Text { y, size, .. } => Some((y.0 - size.0 * ASCENT, y.0 + size.0 * CUT_DESCENT)),
        Item::Rect { y, h, stroke, .. } if stroke.is_none() || h.0 < FRAME_MIN_HEIGHT => {
            Some((y.0, y.0 + h.0))
        }
        _ => None,
    }
}

/// The lowest height, at most `room`, where `chunk` may be cut: at the top
/// of one of its lines of text, or at one of its own cuts. Unless the page
/// is empty, at least two lines stay above the cut.
fn best_cut(chunk: &Chunk, room: Pt, fresh: bool) -> Option<Pt> {
    let solids: Vec<(f32, f32)> = chunk.items.iter().filter_map(solid).collect();
    let first_baseline = chunk
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { y, .. } => Some(y.0),
            _ => None,
        })
        .fold(f32::MAX, f32::min);
    let mut cuts: Vec<f32> = chunk
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { y, size, .. } => Some(y.0 - size.0 * ASCENT),
            _ => None,
        })
        .filter(|&c| c > first_baseline)
        .chain(chunk.cuts.iter().map(|c| c.0))
        .filter(|&c| c > EPS && c < chunk.height.0 - EPS)
        .filter(|&c| !solids.iter().any(|&(a, b)| a + EPS < c && c < b - EPS))
        .collect();
    cuts.sort_by(f32::total_cmp);
    cuts.dedup_by(|a, b| (*a - *b).abs() < EPS);
    let fitting = cuts.iter().filter(|&&c| c <= room.0 + EPS).count();
    let needed = if fresh { 1 } else { 2 };
    (fitting >= needed).then(|| Pt(cuts[fitting - 1]))
}

/// A chunk cut at height `at`: what goes above, and the rest, whose items
/// start again from the top. Frames and rules running across the cut are
/// cut with it.
fn split(chunk: &Chunk, at: Pt) -> (Chunk, Chunk) {
    let mut head = Chunk {
        height: at,
        gap_before: chunk.gap_before,
        cuts: chunk.cuts.iter().copied().filter(|c| c.0 < at.0).collect(),
        row: chunk.row,
        block: chunk.block,
        ..Default::default()
    };
    let mut tail = Chunk {
        height: chunk.height - at,
        keep_with_next: chunk.keep_with_next,
        hold_with_next: chunk.hold_with_next,
        cuts: chunk
            .cuts
            .iter()
            .filter(|c| c.0 > at.0)
            .map(|&c| c - at)
            .collect(),
        row: chunk.row.map(|mut r| {
            r.continues = true;
            r
        }),
        block: chunk.block,
        ..Default::default()
    };
    // A frame cut in two is closed on both sides with room to breathe.
    let cuts_a_frame = chunk.items.iter().any(|i| {
        matches!(i, Item::Rect { y, h, stroke: Some(_), .. }
            if h.0 >= FRAME_MIN_HEIGHT && y.0 < at.0 && y.0 + h.0 > at.0)
    });
    let pad = Pt(if cuts_a_frame { FRAME_PAD } else { 0.0 });
    head.height += pad;
    tail.height += pad;
    for c in &mut tail.cuts {
        *c += pad;
    }
    let up = pad - at;
    for item in &chunk.items {
        match *item {
            Item::Text { y, .. } => {
                if y.0 < at.0 {
                    head.items.push(item.clone());
                } else {
                    tail.items.push(item.shifted(Pt(0.0), up));
                }
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                let (top, bottom) = (y1.min(y2), y1.max(y2));
                if (bottom - top).0 < FRAME_MIN_HEIGHT {
                    // A rule or an arrow: whole, on the side of its middle.
                    if (top.0 + bottom.0) * 0.5 <= at.0 {
                        head.items.push(item.clone());
                    } else {
                        tail.items.push(item.shifted(Pt(0.0), up));
                    }
                } else {
                    // A table's vertical edge, cut in two.
                    if top.0 < at.0 {
                        head.items.push(Item::Line {
                            x1,
                            y1: top,
                            x2,
                            y2: if bottom.0 > at.0 { at + pad } else { bottom },
                            width,
                        });
                    }
                    if bottom.0 > at.0 {
                        tail.items.push(Item::Line {
                            x1,
                            y1: if top.0 < at.0 { Pt(0.0) } else { top + up },
                            x2,
                            y2: bottom + up,
                            width,
                        });
                    }
                }
            }
            Item::Rect { y, h, .. } | Item::Link { y, h, .. } => {
                let cut_through = solid(item).is_none() || matches!(item, Item::Link { .. });
                if !cut_through || y.0 + h.0 <= at.0 || y.0 >= at.0 {
                    if y.0 < at.0 {
                        head.items.push(item.clone());
                    } else {
                        tail.items.push(item.shifted(Pt(0.0), up));
                    }
                    continue;
                }
                let mut above = item.clone();
                let mut below = item.clone();
                if let Item::Rect { h, .. } | Item::Link { h, .. } = &mut above {
                    *h = at - y + pad;
                }
                if let Item::Rect { y: by, h: bh, .. } | Item::Link { y: by, h: bh, .. } =
                    &mut below
                {
                    *bh = y + h - at + pad;
                    *by = Pt(0.0);
                }
                head.items.push(above);
                tail.items.push(below);
            }
        }
    }
    (head, tail)
}

#[cfg(test)]
mod tests {
    use super::super::blocks::Row;
    use super::*;
    use crate::fonts::FaceId;
    use crate::layout::Paper;
    use crate::shape::GlyphRun;

    fn text(y: f32, mark: &str) -> Item {
        Item::Text {
            x: Pt(0.0),
            y: Pt(y),
            size: Pt(10.0),
            synthetic_bold: false,
            width: Pt(20.0),
            run: std::sync::Arc::new(GlyphRun {
                face: FaceId::Regular,
                text: mark.to_string(),
                glyphs: Vec::new(),
                direction: Default::default(),
                units_per_em: 1000,
                extraction: Default::default(),
                edges: Default::default(),
            }),
        }
    }

    fn chunk(height: f32, keep_with_next: bool, mark: &str) -> Chunk {
        Chunk {
            items: vec![text(9.3, mark)],
            height: Pt(height),
            gap_before: Pt(10.0),
            keep_with_next,
            ..Default::default()
        }
    }

    fn flow(chunks: Vec<Chunk>) -> Flow {
        Flow {
            chunks,
            continuations: vec![Chunk {
                items: vec![text(9.3, "continued")],
                height: Pt(20.0),
                ..Default::default()
            }],
        }
    }

    fn marks(page: &[Item]) -> Vec<String> {
        page.iter()
            .filter_map(|i| match i {
                Item::Text { run, .. } => Some(run.text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_heading_never_ends_a_page() {
        let frame = PageFrame::new(Paper::A4);
        let body = frame.body_height().0;
        // A paragraph that leaves room for the heading but not for what follows it.
        let chunks = vec![
            chunk(body - 60.0, false, "paragraph"),
            chunk(20.0, true, "heading"),
            chunk(80.0, false, "first step"),
        ];
        let pages = paginate(&flow(chunks), &frame, 1.0, false).unwrap().bodies;
        assert_eq!(marks(&pages[0]), ["paragraph"]);
        assert_eq!(marks(&pages[1]), ["heading", "first step"]);
    }

    fn table(rows: usize, height: f32) -> Vec<Chunk> {
        (0..rows)
            .map(|i| Chunk {
                gap_before: Pt(0.0),
                keep_with_next: rows > 1 && (i == 0 || i + 2 == rows),
                row: Some(Row {
                    table: 0,
                    continues: i > 0,
                }),
                ..chunk(height, false, &format!("row {i}"))
            })
            .collect()
    }

    #[test]
    fn no_table_row_stands_alone_and_a_continued_table_repeats_its_heading() {
        let frame = PageFrame::new(Paper::A4);
        let body = frame.body_height().0;
        for rows in 2..12 {
            for room_rows in 0..rows + 2 {
                // A paragraph leaving room for `room_rows` rows of 20 pt.
                let lead = body - 20.0 * room_rows as f32 - 10.5;
                let mut chunks = vec![chunk(lead, false, "lead")];
                chunks.extend(table(rows, 20.0));
                let pages = paginate(&flow(chunks), &frame, 1.0, false).unwrap().bodies;
                for (p, page) in pages.iter().enumerate() {
                    let on_page: Vec<String> = marks(page)
                        .into_iter()
                        .filter(|m| m.starts_with("row"))
                        .collect();
                    assert!(
                        on_page.len() != 1,
                        "{rows} rows, room for {room_rows}: page {p} has {on_page:?}"
                    );
                    let continues = on_page.first().is_some_and(|m| m != "row 0");
                    assert_eq!(
                        marks(page).first().map(String::as_str) == Some("continued"),
                        continues,
                        "{rows} rows, room for {room_rows}: page {p} has {:?}",
                        marks(page)
                    );
                }
            }
        }
    }

    fn sheet(rows: usize, height: f32) -> Vec<Chunk> {
        (0..rows)
            .map(|i| Chunk {
                gap_before: Pt(0.0),
                float: true,
                ..chunk(height, i == 0 || i + 2 == rows, &format!("sheet {i}"))
            })
            .collect()
    }

    /// An A4 page two thirds full, then a sheet of half a page: the frame,
    /// the body's height and those chunks.
    fn lead_and_sheet() -> (PageFrame, f32, Vec<Chunk>) {
        let frame = PageFrame::new(Paper::A4);
        let body = frame.body_height().0;
        let mut chunks = vec![chunk(body * 0.66, false, "lead")];
        chunks.extend(sheet(5, body * 0.1));
        (frame, body, chunks)
    }

    #[test]
    fn a_sheet_with_no_room_left_waits_for_the_next_page_and_what_follows_fills_this_one() {
        // A third of a page left; a sheet of half a page; then text.
        let (frame, body, mut chunks) = lead_and_sheet();
        chunks.extend((0..6).map(|i| chunk(body * 0.1, false, &format!("after {i}"))));
        let pages = paginate(&flow(chunks), &frame, 1.0, false).unwrap().bodies;
        assert_eq!(marks(&pages[0]), ["lead", "after 0", "after 1"]);
        assert_eq!(
            marks(&pages[1])[..6],
            [
                "sheet 0", "sheet 1", "sheet 2", "sheet 3", "sheet 4", "after 2"
            ]
        );
        assert_eq!(pages.len(), 2);
    }

    #[test]
    fn a_sheet_is_cut_like_a_table_when_waiting_would_take_a_page_more() {
        // Nothing follows the sheet to fill the page it leaves: waiting
        // would print a third page.
        let (frame, body, mut chunks) = lead_and_sheet();
        chunks.push(chunk(body * 0.7, false, "long"));
        let waited = paginate_with(&flow(chunks.clone()), &frame, 1.0, true).unwrap();
        assert!(waited.1 && waited.0.bodies.len() == 3);
        let pages = paginate(&flow(chunks), &frame, 1.0, false).unwrap().bodies;
        assert_eq!(
            pages.len(),
            2,
            "{:?}",
            pages.iter().map(|p| marks(p)).collect::<Vec<_>>()
        );
        assert!(marks(&pages[0]).contains(&"sheet 0".to_string()));
    }

    #[test]
    fn a_row_taller_than_a_page_is_cut_between_its_lines() {
        let frame = PageFrame::new(Paper::Letter);
        let leading = 13.5;
        let lines = 300;
        let row = Chunk {
            items: (0..lines)
                .map(|l| text(3.0 + 9.3 + leading * l as f32, &format!("line {l}")))
                .collect(),
            height: Pt(3.0 + leading * lines as f32 + 2.0),
            row: Some(Row {
                table: 0,
                continues: false,
            }),
            ..Default::default()
        };
        let chunks = vec![chunk(100.0, false, "lead"), row];
        let pages = paginate(&flow(chunks), &frame, 1.0, false).unwrap().bodies;
        assert!(pages.len() >= 6, "{} pages", pages.len());
        let mut seen = Vec::new();
        for (p, page) in pages.iter().enumerate() {
            for item in page {
                if let Item::Text { y, run, .. } = item {
                    let text = &run.text;
                    assert!(y.0 - 9.3 >= frame.top.0 - 0.01, "page {p}: {text} at {y:?}");
                    assert!(
                        y.0 + 2.5 <= frame.body_bottom.0,
                        "page {p}: {text} at {y:?}"
                    );
                    seen.push(text.clone());
                }
            }
            if p > 0 {
                assert_eq!(marks(page)[0], "continued", "page {p}");
            }
        }
        for l in 0..lines {
            assert!(seen.contains(&format!("line {l}")), "line {l} lost");
        }
    }
}
