//! Laid-out pages to PDF bytes; documents to plain text. Only this module
//! knows PDF objects.

mod aliases;
mod edges;
mod fonts;
mod glyphs;
// One PDF of a whole batch, written into any `Write`: the command line's
// file and the page's memory alike.
pub mod merge;
mod objects;
mod page;
pub(crate) mod pdf;
mod spans;
pub mod text;
mod trailer;

pub use objects::{Objects, build};
pub use pdf::Meta;
