//! Document + paper + fonts -> pages of positioned marks.

mod blocks;
mod bounds;
mod footer;
pub mod geometry;
mod page;
mod paginate;
mod style;
pub mod text;

pub use bounds::LayoutError;
pub use geometry::{Mm, PageFrame, Paper, Pt};
pub use page::{Item, Page};

use blocks::{Builder, Chunk, Row};

use crate::content::{Block, Document};
use crate::fonts::Fonts;

/// How tightly a document is set. The first is the design; the others pull
/// a document back from a page it would barely start.
#[derive(Debug, Clone, Copy)]
struct Density {
    /// Scales the space between blocks.
    gaps: f32,
    /// Baseline distance as a multiple of the font size.
    leading: f32,
}

const DENSITIES: [Density; 5] = [
    Density {
        gaps: 1.0,
        leading: style::LEADING,
    },
    Density {
        gaps: 0.75,
        leading: style::LEADING,
    },
    Density {
        gaps: 0.5,
        leading: style::LEADING,
    },
    Density {
        gaps: 0.6,
        leading: 1.27,
    },
    Density {
        gaps: 0.5,
        leading: style::TIGHT_LEADING,
    },
];

/// Only a last page filled less than this is worth a tighter setting.
const PULL_BACK_BELOW: f32 = 0.5;

/// The chunks of a document, and what a page continuing each table starts with.
pub(crate) struct Flow {
    chunks: Vec<Chunk>,
    continuations: Vec<Chunk>,
}

/// Lays out a document on pages of `paper`.
pub fn layout(doc: &Document, paper: Paper, fonts: &Fonts) -> Result<Vec<Page>, LayoutError> {
    let frame = PageFrame::new(paper);
    let mut chosen = None;
    for density in DENSITIES {
        let flow = flow(doc, &frame, fonts, density)?;
        let (bodies, last_fill) = paginate::paginate(&flow, &frame, density.gaps)?;
        let fewer = match &chosen {
            None => true,
            Some((best, _)) => bodies.len() < Vec::len(best),
        };
        if fewer {
            chosen = Some((bodies, last_fill));
        }
        let (best, fill) = chosen.as_ref().expect("chosen above");
        // A page printed for a few lines is paper wasted and a page easily
        // lost; a fuller one is left as designed.
        if best.len() < 2 || fill.0 > frame.body_height().0 * PULL_BACK_BELOW {
            break;
        }
    }
    let (bodies, _) = chosen.expect("at least one density");
    let total = bodies.len();
    bodies
        .into_iter()
        .enumerate()
        .map(|(i, mut items)| {
            bounds::check_body(&items, &frame, fonts, i + 1)?;
            items.extend(footer::footer(doc, i + 1, total, &frame, fonts)?);
            Ok(Page {
                width: frame.width,
                height: frame.height,
                items,
            })
        })
        .collect()
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
    };
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut continuations = Vec::new();
    let mut after_heading = false;
    let mut heading: Option<&str> = None;
    for block in &doc.blocks {
        let mut new = builder.chunks(block)?;
        let columns = match block {
            Block::Log { columns, .. } => Some(columns.as_slice()),
            _ => None,
        };
        if matches!(
            block,
            Block::Fields(_) | Block::Choices(_) | Block::Log { .. }
        ) {
            let table = continuations.len();
            continuations.push(builder.continuation(heading, doc.continued.as_deref(), columns)?);
            for (i, chunk) in new.iter_mut().enumerate() {
                chunk.row = Some(Row {
                    table,
                    continues: i > 0,
                });
            }
        }
        // A short paragraph right under a heading introduces what follows it:
        // keep the three together.
        if after_heading && let (Block::Paragraph(_), [only]) = (block, new.as_mut_slice()) {
            only.keep_with_next = only.height.0 < style::BODY.0 * density.leading * 3.5;
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
