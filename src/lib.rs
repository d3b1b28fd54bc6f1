//! mikit: printable Xiaomi Account recovery kits and ID-verification prep sheets.
//!
//! details file -> `details` -> `content` (Document) -> `layout` (pages) ->
//! `render` (PDF bytes or text) -> `output` (files).

// Files and folders: the CLI's, not the browser's (no file system there).
pub mod api;
#[cfg(not(target_arch = "wasm32"))]
pub mod batch;
mod chars;
pub mod content;
pub mod details;
mod document;
pub mod error;
pub mod fonts;
pub mod input;
pub mod lang;
pub mod layout;
pub mod manifest_cells;
#[cfg(not(target_arch = "wasm32"))]
pub mod output;
mod pipeline;
#[cfg(not(target_arch = "wasm32"))]
mod platform;
pub mod problem;
pub mod render;
pub mod shape;
pub mod shop;
mod text_file;
pub mod units;

pub use error::{Error, ExitCode, Result};
#[cfg(not(target_arch = "wasm32"))]
pub use pipeline::warm_up;
pub use pipeline::{Settings, document, document_with, paper_for, pdf, pdf_objects};
pub use problem::{Problem, Severity};
