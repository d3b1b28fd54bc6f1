//! Laid-out pages to PDF bytes; documents to plain text. Only this module
//! knows PDF objects.

mod fonts;
pub mod merge;
mod objects;
pub(crate) mod pdf;
pub mod text;
mod trailer;

pub use objects::{Objects, build};
pub use pdf::Meta;
