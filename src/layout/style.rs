//! The typographic scale. Sizes are chosen for paper read years later, in a
//! hurry: body text never below 9.5 pt, lines never thinner than 0.5 pt.

use super::geometry::Pt;

pub(crate) const BODY: Pt = Pt(10.0);
pub(crate) const SMALL: Pt = Pt(9.5);
pub(crate) const TITLE: Pt = Pt(18.0);
pub(crate) const TITLE_LINE: Pt = Pt(11.0);
pub(crate) const HEADING: Pt = Pt(14.0);
pub(crate) const CALLOUT_TITLE: Pt = Pt(11.5);
pub(crate) const LINK_LABEL: Pt = Pt(14.0);

/// How far above its baseline a line's tallest letters reach, as a multiple
/// of the font size: where a line of text starts.
pub(crate) const ASCENT: f32 = 0.93;
/// How far below its baseline descenders (g, p, y) reach: what must stay
/// inside the margins.
pub(crate) const DESCENT: f32 = 0.22;
/// How far below its baseline a line of text is solid for a page cut: its
/// descenders and the marks under them.
pub(crate) const CUT_DESCENT: f32 = 0.25;

/// Baseline-to-baseline distance as a multiple of the font size.
pub(crate) const LEADING: f32 = 1.35;
/// The closest a document is set to save a page: single spacing, as a word
/// processor sets it.
pub(crate) const TIGHT_LEADING: f32 = 1.2;

pub(crate) const HAIRLINE: Pt = Pt(0.5);
pub(crate) const RULE: Pt = Pt(0.75);
pub(crate) const FRAME: Pt = Pt(1.5);

pub(crate) const BLOCK_GAP: Pt = Pt(6.0);
pub(crate) const HEADING_GAP: Pt = Pt(14.0);
/// What a heading keeps above it in the tightest setting: 3.5 mm.
pub(crate) const HEADING_GAP_LEAST: Pt = Pt(10.0);
pub(crate) const ITEM_GAP: Pt = Pt(3.5);

/// The least space between two columns of text: 3 mm.
pub(crate) const GUTTER: Pt = Pt(8.6);

pub(crate) const CHECKBOX: Pt = Pt(9.0);
pub(crate) const WRITE_IN_HEIGHT: Pt = Pt(22.0);
/// A details row left to write in, in a tighter setting: with the row's
/// own padding 7.8 mm.
pub(crate) const WRITE_IN_TIGHT: Pt = Pt(17.0);
/// From the line above to a line with a blank in it: 7 mm, the least a
/// hand needs.
pub(crate) const WRITE_IN_PITCH: Pt = Pt(19.9);
/// More room under a line that ends in a blank, above whatever follows.
pub(crate) const BLANK_CLEARANCE: Pt = Pt(3.0);
pub(crate) const QR_SIZE: Pt = Pt(92.0);
/// The QR code beside a title: about 24 mm, scannable from a sheet on a table.
pub(crate) const QR_CORNER: Pt = Pt(68.0);
/// Between the corner's code and its printed address, beyond the code's own
/// quiet zone: the font's accents reach above its letters.
pub(crate) const QR_CAPTION_GAP: Pt = Pt(1.5);
