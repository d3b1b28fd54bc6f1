//! Laid-out pages to PDF bytes; documents to plain text.

mod fonts;
pub mod pdf;
pub mod text;
