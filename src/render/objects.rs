//! A document rendered to PDF objects but not yet to bytes: kept by a batch
//! that merges every customer's documents into one file. Only `render`
//! looks inside.

use crate::error::Result;

#[derive(Clone)]
pub struct Objects(pub(super) lopdf::Document);

impl Objects {
    /// The document's own PDF file.
    pub fn to_bytes(self) -> Result<Vec<u8>> {
        super::pdf::to_bytes(self.0)
    }

    pub fn page_count(&self) -> usize {
        self.0.get_pages().len()
    }
}

/// The PDF objects of laid-out pages.
pub fn build(
    pages: &[crate::layout::Page],
    meta: &super::pdf::Meta<'_>,
    fonts: &crate::fonts::Fonts,
) -> Result<Objects> {
    super::pdf::build(pages, meta, fonts).map(Objects)
}
