//! Document + paper + fonts -> pages of positioned marks.

mod blocks;
mod bounds;
mod edges;
mod footer;
mod geometry;
pub(crate) mod ink;
mod page;
mod paginate;
pub(crate) mod qr;
mod style;
mod wrapped;

pub use bounds::LayoutError;
pub use geometry::{Mm, PageFrame, Paper, Pt};
pub use page::{Item, Page};
pub use paginate::Placed;

use blocks::{Builder, Chunk, Row};

use crate::document::{Block, Document};
use crate::fonts::Fonts;

/// How tightly a document is set. The first is the design; the others pull
/// a document back from a page it would barely start.
#[derive(Debug, Clone, Copy)]
struct Density {
    /// Scales the space between blocks.
    gaps: f32,
    /// Baseline distance as a multiple of the font size.
    leading: f32,
    /// Headings keep their least space above them (3.5 mm); only the last
    /// resort gives it up, for a document that would otherwise take a page
    /// more.
    heading_room: bool,
    /// Scales the space between the items of a list, on top of `gaps`.
    items: f32,
    /// Scales the padding of a table's rows of text.
    rows: f32,
}

/// A [`Density`] from its fields in order: a table reads better in rows.
const fn setting(gaps: f32, leading: f32, heading_room: bool, items: f32, rows: f32) -> Density {
    Density {
        gaps,
        leading,
        heading_room,
        items,
        rows,
    }
}

/// From the design to the last resort. What gives first: the space between
/// blocks, then the leading, then the space between a list's items (a tick
/// box still starts each), then the padding of table rows of text (rows to
/// write in keep theirs), and last a heading's full room.
const DENSITIES: [Density; 8] = [
    //      gaps, leading, heading room, list items, table rows
    setting(1.0, style::LEADING, true, 1.0, 1.0),
    setting(0.75, style::LEADING, true, 1.0, 1.0),
    setting(0.5, style::LEADING, true, 1.0, 1.0),
    setting(0.6, 1.27, true, 1.0, 1.0),
    setting(0.5, style::TIGHT_LEADING, true, 1.0, 1.0),
    setting(0.5, style::TIGHT_LEADING, true, 0.0, 1.0),
    setting(0.5, style::TIGHT_LEADING, true, 0.0, 0.5),
    setting(0.5, style::TIGHT_LEADING, false, 0.0, 0.5),
];

/// Only a last page filled less than this is worth a tighter setting.
const PULL_BACK_BELOW: f32 = 0.8;

/// Past this many pages a page saved is not worth setting a document again.
const PULL_BACK_PAGES: usize = 5;

/// The chunks of a document, and what a page continuing each table starts with.
pub(crate) struct Flow {
    chunks: Vec<Chunk>,
    continuations: Vec<Chunk>,
}

/// Lays out a document on pages of `paper`.
pub fn layout(doc: &Document, paper: Paper, fonts: &Fonts) -> Result<Vec<Page>, LayoutError> {
    layout_mapped(doc, paper, fonts).map(|(pages, _)| pages)
}

/// What a layout keeps even where giving it up would save a page. Mikit
/// keeps none of them at that price ([`Keep::default`]); the layout check
/// asks for them to prove that a document which gives one up saves a page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keep {
    /// The identity sheet whole on one page.
    pub sheet: bool,
    /// A heading's least room above it (no last-resort setting).
    pub heading_room: bool,
}

/// [`layout`], with where each block's chunks landed: what the layout
/// checks read (a heading with its first items, a table on one page).
pub fn layout_mapped(
    doc: &Document,
    paper: Paper,
    fonts: &Fonts,
) -> Result<(Vec<Page>, Vec<Placed>), LayoutError> {
    layout_keeping(doc, paper, fonts, Keep::default())
}

/// How many pages `doc` takes at the tightest setting, every rule that may
/// be given up for a page given up: what the layout check holds a
/// document over its page count against.
pub fn fewest_pages(doc: &Document, paper: Paper, fonts: &Fonts) -> Result<usize, LayoutError> {
    let frame = PageFrame::new(paper);
    let keep = Keep::default();
    let tightest = set_at(doc, &frame, fonts, keep, tightest(keep))?;
    Ok(tightest.bodies.len())
}

/// [`layout_mapped`], keeping what `keep` names whatever it costs.
pub fn layout_keeping(
    doc: &Document,
    paper: Paper,
    fonts: &Fonts,
    keep: Keep,
) -> Result<(Vec<Page>, Vec<Placed>), LayoutError> {
    let frame = PageFrame::new(paper);
    let chosen = set(doc, &frame, fonts, keep)?;
    // Room left under a closing log becomes more rows to write in, not
    // white paper: set once more, as tightly as before.
    let chosen = match log_rows_to_add(doc, &frame, &chosen.bodies, &chosen.placed) {
        Some(longer) => match set_at(&longer, &frame, fonts, keep, chosen.density)? {
            more if more.bodies.len() == chosen.bodies.len() => more,
            _ => chosen,
        },
        None => chosen,
    };
    let Set { bodies, placed, .. } = chosen;
    let total = bodies.len();
    let mut pages = bodies
        .into_iter()
        .enumerate()
        .map(|(i, mut items)| {
            bounds::check_body(&items, &frame, i + 1, fonts)?;
            items.extend(footer::footer(doc, i + 1, total, &frame, fonts)?);
            if doc.lang.direction().is_rtl() {
                // Laid out from the start edge; a right-to-left page starts
                // at the right.
                for item in &mut items {
                    item.mirrored(frame.width);
                }
                edges::mark(&mut items);
            }
            Ok(Page {
                width: frame.width,
                height: frame.height,
                items,
            })
        })
        .collect::<Result<Vec<Page>, LayoutError>>()?;
    // What a reader extracts from the shaped text, now that the document's
    // glyphs are all known, in the order they are drawn.
    crate::shape::plan::plan(
        pages
            .iter_mut()
            .flat_map(|p| &mut p.items)
            .filter_map(|i| match i {
                Item::Text { run, .. } => Some(run),
                _ => None,
            }),
        fonts,
    );
    Ok((pages, placed))
}

/// A document set on pages, and how tightly (an index into [`DENSITIES`]).
struct Set {
    bodies: Vec<Vec<Item>>,
    placed: Vec<Placed>,
    density: usize,
    /// The identity sheet was cut to save a page.
    sheet_cut: bool,
}

/// The document set on pages: as designed, pulled back from a last page it
/// would barely start, or tighter to print its identity sheet whole.
fn set(doc: &Document, frame: &PageFrame, fonts: &Fonts, keep: Keep) -> Result<Set, LayoutError> {
    let chosen = pulled_back(doc, frame, fonts, keep)?;
    if !chosen.sheet_cut {
        return Ok(chosen);
    }
    // A sheet cut to save a page: a tighter setting may print it whole on
    // as many pages. What an owner copies into a support form on one sheet
    // matters more than a heading's full room above it, so the last resort
    // is tried too.
    for density in chosen.density + 1..=tightest(keep) {
        let tighter = set_at(doc, frame, fonts, keep, density)?;
        if !tighter.sheet_cut && tighter.bodies.len() <= chosen.bodies.len() {
            return Ok(tighter);
        }
    }
    Ok(chosen)
}

/// The document as designed, or pulled back from a last page it would
/// barely start.
fn pulled_back(
    doc: &Document,
    frame: &PageFrame,
    fonts: &Fonts,
    keep: Keep,
) -> Result<Set, LayoutError> {
    let at = |density: usize| set_at(doc, frame, fonts, keep, density);
    let first = flow(doc, frame, fonts, DENSITIES[0])?;
    let paginate::Paginated {
        bodies,
        fill,
        placed,
        sheet_cut,
    } = paginate::paginate(&first, frame, DENSITIES[0].gaps, keep.sheet)?;
    let designed = bodies.len();
    let as_designed = Set {
        bodies,
        placed,
        density: 0,
        sheet_cut,
    };
    // A page printed for a few lines is paper wasted and a page easily
    // lost; a fuller one is left as designed.
    let worth_a_try = (2..=PULL_BACK_PAGES).contains(&designed)
        && fill.0 <= frame.body_height().0 * PULL_BACK_BELOW
        && could_save_a_page(doc, &first, frame, designed);
    if !worth_a_try {
        return Ok(as_designed);
    }
    // The tightest setting first: when even it saves no page, none will.
    let tightest = tightest(keep);
    let tight = at(tightest)?;
    if tight.bodies.len() >= designed {
        return Ok(as_designed);
    }
    // The loosest setting that saves the page.
    for density in 1..tightest {
        let looser = at(density)?;
        if looser.bodies.len() < designed {
            return Ok(looser);
        }
    }
    Ok(tight)
}

/// The document set at one density.
fn set_at(
    doc: &Document,
    frame: &PageFrame,
    fonts: &Fonts,
    keep: Keep,
    density: usize,
) -> Result<Set, LayoutError> {
    let setting = DENSITIES[density];
    let flow = flow(doc, frame, fonts, setting)?;
    let p = paginate::paginate(&flow, frame, setting.gaps, keep.sheet)?;
    Ok(Set {
        bodies: p.bodies,
        placed: p.placed,
        density,
        sheet_cut: p.sheet_cut,
    })
}

/// The tightest setting that keeps what `keep` names (an index into
/// [`DENSITIES`]).
fn tightest(keep: Keep) -> usize {
    if keep.heading_room {
        DENSITIES.iter().take_while(|d| d.heading_room).count() - 1
    } else {
        DENSITIES.len() - 1
    }
}

/// The most rows a log grows by to fill its page.
const MAX_ADDED_ROWS: u32 = 40;

/// The document with more rows in its closing log when the log ends the
/// document and room is left under it on the last page; `None` otherwise.
fn log_rows_to_add(
    doc: &Document,
    frame: &PageFrame,
    bodies: &[Vec<Item>],
    placed: &[Placed],
) -> Option<Document> {
    let last = doc.blocks.len().checked_sub(1)?;
    let Block::Log { columns, rows } = &doc.blocks[last] else {
        return None;
    };
    let end = placed.last().filter(|p| p.block == last)?;
    if end.page + 1 != bodies.len() {
        return None;
    }
    let room = frame.body_bottom - end.bottom;
    // A rule's width of slack, so the grown log never tips onto a new page.
    let more = ((room.0 - 1.0) / style::WRITE_IN_HEIGHT.0).floor();
    if more < 1.0 {
        return None;
    }
    let mut longer = doc.clone();
    longer.blocks[last] = Block::Log {
        columns: columns.clone(),
        rows: rows + (more as u32).min(MAX_ADDED_ROWS),
    };
    Some(longer)
}

/// The blocks an owner copies from, printed as one sheet: the first details
/// table followed by a box to write in (the kit's account at a glance and
/// its password box), with the heading above the table.
fn sheet(doc: &Document) -> std::ops::Range<usize> {
    let blocks = &doc.blocks;
    let Some(fields) = (0..blocks.len().saturating_sub(1)).find(|&b| {
        matches!(blocks[b], Block::Fields(_)) && matches!(blocks[b + 1], Block::WriteBox { .. })
    }) else {
        return 0..0;
    };
    let start = match fields.checked_sub(1).map(|b| &blocks[b]) {
        Some(Block::Heading(_)) => fields - 1,
        _ => fields,
    };
    start..fields + 2
}

/// Whether the tightest setting might take a page off: a cheap bound on its
/// height, so a document that cannot shrink is set only once.
fn could_save_a_page(doc: &Document, designed: &Flow, frame: &PageFrame, pages: usize) -> bool {
    let tightest = DENSITIES[DENSITIES.len() - 1];
    let lines = tightest.leading / DENSITIES[0].leading;
    // Only lines of text shrink, and gaps at the top of a page are dropped:
    // this is less than the tightest setting can reach.
    let least: f32 = designed
        .chunks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let list_item = matches!(doc.blocks[c.block], Block::Checklist { .. })
                && i > 0
                && designed.chunks[i - 1].block == c.block;
            let items = if list_item { tightest.items } else { 1.0 };
            c.gap(tightest.gaps).0 * items + c.height.0 * lines
        })
        .sum::<f32>()
        - style::HEADING_GAP.0 * tightest.gaps * pages as f32;
    least <= frame.body_height().0 * (pages - 1) as f32
}

/// Every block as chunks, tables marked as such.
fn flow(
    doc: &Document,
    frame: &PageFrame,
    fonts: &Fonts,
    density: Density,
) -> Result<Flow, LayoutError> {
    let builder = Builder {
        fonts,
        width: frame.content_width(),
        leading: density.leading,
        direction: doc.lang.direction(),
        row_padding: density.rows,
    };
    let sheet = sheet(doc);
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut continuations = Vec::new();
    let mut after_heading = false;
    let mut heading: Option<&str> = None;
    for (index, block) in doc.blocks.iter().enumerate() {
        let mut new = builder.chunks(block)?;
        for chunk in &mut new {
            chunk.block = index;
            if !density.heading_room {
                chunk.least_gap = Pt(0.0);
            }
        }
        if matches!(block, Block::Checklist { .. }) {
            for item in new.iter_mut().skip(1) {
                item.gap_before = item.gap_before * density.items;
            }
        }
        let columns = match block {
            Block::Log { columns, .. } => Some(columns.as_slice()),
            _ => None,
        };
        if matches!(
            block,
            Block::Fields(_)
                | Block::Choices(_)
                | Block::Log { .. }
                | Block::Checklist { numbered: true, .. }
        ) {
            let table = continuations.len();
            let continued = doc.continued.as_deref();
            let mut header = builder.continuation(heading, continued, columns)?;
            // A heading that would fill a good part of every page it is
            // repeated on is left out.
            if header.height.0 > frame.body_height().0 / 4.0 {
                header = builder.continuation(None, continued, columns)?;
            }
            if !density.heading_room {
                header.least_gap = Pt(0.0);
            }
            continuations.push(header);
            for (i, chunk) in new.iter_mut().enumerate() {
                chunk.row = Some(Row {
                    table,
                    continues: i > 0,
                });
            }
        }
        // A short paragraph right under a heading introduces what follows it:
        // keep the three together.
        // A longer one would rather not be parted from the first item either.
        if after_heading && let (Block::Paragraph(_), [only]) = (block, new.as_mut_slice()) {
            only.keep_with_next = only.height.0 < style::BODY.0 * density.leading * 3.5;
            only.hold_with_next = true;
        }
        // A heading keeps two of its items on its page, not one: the first
        // item of a list straight under it stays with the second.
        if after_heading && let [first, _, ..] = new.as_mut_slice() {
            first.keep_with_next = true;
        }
        if sheet.contains(&index) {
            for chunk in &mut new {
                chunk.float = true;
            }
        }
        chunks.extend(new);
        after_heading = matches!(block, Block::Heading(_));
        match block {
            Block::Heading(text) => heading = Some(text),
            Block::Title { .. } => heading = None,
            _ => {}
        }
    }
    Ok(Flow {
        chunks,
        continuations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Inline, Rich, Row as FieldRow};
    use crate::lang::Lang;

    fn document(blocks: Vec<Block>) -> Document {
        Document {
            stem: "recovery-kit",
            title: "Kit".into(),
            subject: "Kit".into(),
            footer: "Recovery kit".into(),
            owner: Some("Priya Nair".into()),
            page_label: "Page {page} of {pages}".into(),
            continued: Some("(continued)".into()),
            lang: Lang::En,
            alphabet: Default::default(),
            blocks,
        }
    }

    fn texts(page: &Page) -> Vec<&str> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { run, .. } => Some(run.text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn body_lines(page: &Page) -> usize {
        page.items
            .iter()
            .filter(|i| matches!(i, Item::Line { y1, y2, .. } if y1 == y2))
            .count()
    }

    #[test]
    fn a_nearly_empty_last_page_is_pulled_back_and_a_full_one_is_not() {
        let frame = PageFrame::new(Paper::Letter);
        let fonts = Fonts::bundled();
        let text = "Keep this sheet private, with the phone's purchase receipt. It holds \
                    personal details that help prove the account is yours.";
        let mut pulled = 0;
        for n in 20..60 {
            let mut blocks = Vec::new();
            for i in 0..n {
                if i % 4 == 0 {
                    blocks.push(Block::Heading(format!("Section {i}")));
                }
                blocks.push(Block::Paragraph(Rich(vec![Inline::Text(text.into())])));
            }
            let doc = document(blocks);
            let designed = flow(&doc, &frame, fonts, DENSITIES[0]).unwrap();
            let paginate::Paginated {
                bodies: designed,
                fill,
                ..
            } = paginate::paginate(&designed, &frame, 1.0, false).unwrap();
            let pages = layout(&doc, Paper::Letter, fonts).unwrap();
            assert!(pages.len() <= designed.len());
            if pages.len() < designed.len() {
                pulled += 1;
                assert!(fill.0 <= frame.body_height().0 * PULL_BACK_BELOW, "{n}");
            }
            // Body text is never set below 10 pt, however tight.
            for page in &pages {
                for item in &page.items {
                    if let Item::Text { size, y, .. } = item
                        && y.0 < frame.body_bottom.0
                    {
                        assert!(size.0 >= 10.0);
                    }
                }
            }
        }
        assert!(pulled > 0, "no document was pulled back");
    }

    #[test]
    fn a_long_log_repeats_its_heading_and_column_titles_on_every_page() {
        let doc = document(vec![
            Block::Heading("Request log".into()),
            Block::Log {
                columns: vec!["Date".into(), "What happened".into(), "Reference".into()],
                rows: 90,
            },
        ]);
        for paper in [Paper::A4, Paper::Letter] {
            let pages = layout(&doc, paper, Fonts::bundled()).unwrap();
            assert!(pages.len() >= 3, "{} pages", pages.len());
            for (i, page) in pages.iter().enumerate() {
                let t = texts(page);
                let expected = if i == 0 {
                    "Request log"
                } else {
                    "Request log (continued)"
                };
                assert_eq!(t[0], expected, "page {}", i + 1);
                assert_eq!(&t[1..4], ["Date", "What happened", "Reference"]);
                // Two rules of the column titles, the footer's, and at
                // least two rows.
                assert!(body_lines(page) >= 5, "page {}", i + 1);
            }
        }
    }

    #[test]
    fn a_row_taller_than_a_page_continues_and_nothing_leaves_the_margins() {
        let phones: Vec<String> = (0..600).map(|i| format!("+91 98{i:03} 4{i:04}")).collect();
        let rows = vec![
            FieldRow {
                label: "Owner".into(),
                value: Rich(vec![Inline::Value("Priya Nair".into())]),
            },
            FieldRow {
                label: "Earlier phone numbers".into(),
                value: Rich(vec![Inline::Value(phones.join(", "))]),
            },
            FieldRow {
                label: "Region".into(),
                value: Rich(vec![Inline::Value("India".into())]),
            },
        ];
        let doc = document(vec![
            Block::Heading("Your account".into()),
            Block::Fields(rows),
        ]);
        let pages = layout(&doc, Paper::Letter, Fonts::bundled()).unwrap();
        assert!(pages.len() >= 3);
        let all: Vec<String> = pages
            .iter()
            .flat_map(|p| texts(p).into_iter().map(str::to_string).collect::<Vec<_>>())
            .collect();
        for phone in &phones {
            assert!(
                all.iter().any(|t| t.contains(phone.as_str())),
                "{phone} lost"
            );
        }
        for page in &pages[1..] {
            assert_eq!(texts(page)[0], "Your account (continued)");
        }
    }
}
