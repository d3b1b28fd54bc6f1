//! Document + paper + fonts -> pages of positioned marks.

mod blocks;
pub mod geometry;
mod page;
mod style;
pub mod text;

pub use geometry::{Mm, PageFrame, Paper, Pt};
pub use page::{Item, Page};

use blocks::{Builder, Chunk};
use text::{Span, wrap};

use crate::content::{Block, Document};
use crate::fonts::{Fonts, Unprintable};

/// Lays out a document on pages of `paper`.
pub fn layout(doc: &Document, paper: Paper, fonts: &Fonts) -> Result<Vec<Page>, Unprintable> {
    let frame = PageFrame::new(paper);
    let builder = Builder {
        fonts,
        width: frame.content_width(),
    };
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut after_heading = false;
    for block in &doc.blocks {
        let new = builder.chunks(block)?;
        // A short paragraph right under a heading introduces what follows it:
        // keep the three together.
        if after_heading && let (Block::Paragraph(_), [only]) = (block, new.as_slice()) {
            let mut intro = only.clone();
            intro.keep_with_next = intro.height.0 < style::BODY.0 * style::LEADING * 3.5;
            chunks.push(intro);
        } else {
            chunks.extend(new);
        }
        after_heading = matches!(block, Block::Heading(_));
    }
    let bodies = paginate(&chunks, &frame);
    let total = bodies.len();
    bodies
        .into_iter()
        .enumerate()
        .map(|(i, mut items)| {
            items.extend(footer(doc, i + 1, total, &frame, fonts)?);
            Ok(Page {
                width: frame.width,
                height: frame.height,
                items,
            })
        })
        .collect()
}

/// Fills pages top to bottom. When the last page would carry only a few
/// lines, the space between blocks is tightened to pull them back: a page
/// printed for one paragraph is paper wasted and a page easily lost.
fn paginate(chunks: &[Chunk], frame: &PageFrame) -> Vec<Vec<Item>> {
    let (pages, last_fill) = paginate_with(chunks, frame, 1.0);
    if pages.len() < 2 || last_fill > frame.body_height() * 0.25 {
        return pages;
    }
    for squeeze in [0.75, 0.5] {
        let (tighter, _) = paginate_with(chunks, frame, squeeze);
        if tighter.len() < pages.len() {
            return tighter;
        }
    }
    pages
}

/// Pages of items, and how far down the last page the body reaches.
/// `squeeze` scales the gaps between chunks.
fn paginate_with(chunks: &[Chunk], frame: &PageFrame, squeeze: f32) -> (Vec<Vec<Item>>, Pt) {
    let mut pages: Vec<Vec<Item>> = vec![Vec::new()];
    let mut y = frame.top;
    let mut at_top = true;
    let gap_of = |chunk: &Chunk, at_top: bool| {
        if at_top {
            Pt(0.0)
        } else {
            chunk.gap_before * squeeze
        }
    };
    for (i, chunk) in chunks.iter().enumerate() {
        // The chunk plus everything that must stay with it.
        let mut needed = gap_of(chunk, at_top) + chunk.height;
        let mut j = i;
        while chunks[j].keep_with_next && j + 1 < chunks.len() {
            j += 1;
            needed += chunks[j].gap_before * squeeze + chunks[j].height;
        }
        if !at_top && y + needed > frame.body_bottom {
            pages.push(Vec::new());
            y = frame.top;
            at_top = true;
        }
        y += gap_of(chunk, at_top);
        let page = pages.last_mut().expect("at least one page");
        page.extend(chunk.items.iter().map(|item| item.shifted(frame.left, y)));
        y += chunk.height;
        at_top = false;
    }
    (pages, y - frame.top)
}

fn footer(
    doc: &Document,
    page: usize,
    total: usize,
    frame: &PageFrame,
    fonts: &Fonts,
) -> Result<Vec<Item>, Unprintable> {
    let size = style::SMALL;
    let y = frame.footer_baseline;
    let right_text = doc
        .page_label
        .replace("{pages}", &total.to_string())
        .replace("{page}", &page.to_string());
    // Laid out like any text, so a page label in Chinese takes the CJK face.
    let right = wrap(&[Span::plain(&right_text)], size, Pt(f32::MAX), fonts)?
        .into_iter()
        .next()
        .unwrap_or_default();
    let right_w = right.width;
    let mut left_text = doc.footer.clone();
    if let Some(owner) = &doc.owner {
        left_text.push_str("  ·  ");
        left_text.push_str(owner);
    }
    // A long name is cut to one line rather than run into the page number.
    let room = frame.content_width() - right_w - Pt(18.0);
    let first_line = wrap(&[Span::plain(&left_text)], size, room, fonts)?
        .into_iter()
        .next()
        .unwrap_or_default();
    let mut items = vec![Item::Line {
        x1: frame.left,
        y1: y - Pt(13.0),
        x2: frame.right,
        y2: y - Pt(13.0),
        width: style::HAIRLINE,
    }];
    let left = first_line.frags.into_iter().map(|f| (frame.left, f));
    let right = right.frags.into_iter().map(|f| (frame.right - right_w, f));
    for (origin, frag) in left.chain(right) {
        items.push(Item::Text {
            x: origin + frag.x,
            y,
            size,
            face: frag.face,
            text: frag.text,
            synthetic_bold: frag.synthetic_bold,
        });
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(height: f32, keep_with_next: bool, mark: &str) -> Chunk {
        Chunk {
            items: vec![Item::Text {
                x: Pt(0.0),
                y: Pt(0.0),
                size: Pt(10.0),
                face: crate::fonts::FaceId::Regular,
                text: mark.to_string(),
                synthetic_bold: false,
            }],
            height: Pt(height),
            gap_before: Pt(10.0),
            keep_with_next,
        }
    }

    fn marks(page: &[Item]) -> Vec<String> {
        page.iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.clone()),
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
        let (pages, _) = paginate_with(&chunks, &frame, 1.0);
        assert_eq!(marks(&pages[0]), ["paragraph"]);
        assert_eq!(marks(&pages[1]), ["heading", "first step"]);
    }

    #[test]
    fn a_nearly_empty_last_page_is_pulled_back() {
        let frame = PageFrame::new(Paper::A4);
        let body = frame.body_height().0;
        // Twenty chunks whose gaps alone push the last one over the edge.
        let each = (body - 19.0 * 10.0) / 20.0 + 1.0;
        let chunks: Vec<Chunk> = (0..20)
            .map(|i| chunk(each, false, &i.to_string()))
            .collect();
        assert_eq!(paginate_with(&chunks, &frame, 1.0).0.len(), 2);
        assert_eq!(paginate(&chunks, &frame).len(), 1);
    }
}
