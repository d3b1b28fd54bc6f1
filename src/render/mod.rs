//! Laid-out pages to PDF bytes; documents to plain text. Only this module
//! knows PDF objects.

mod aliases;
mod edges;
mod fonts;
mod glyphs;
// One PDF of a whole batch: the CLI's, not the browser's.
#[cfg(not(target_arch = "wasm32"))]
pub mod merge;
mod objects;
mod page;
pub(crate) mod pdf;
mod spans;
pub mod text;
mod trailer;

pub use objects::{Objects, build};
pub use pdf::Meta;
