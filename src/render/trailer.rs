//! What every PDF mikit writes says about itself, made in one place for a
//! single document and a merged one alike: the Info dictionary (the
//! document, never its owner; the run's date, not the clock) and a trailer
//! /ID that is a digest of the content, so the same input gives the same bytes.

use chrono::NaiveDate;
use lopdf::{Dictionary, Object, StringFormat};
use sha2::{Digest, Sha256};

/// Stand-in for the trailer /ID until the bytes it is a digest of exist.
pub(crate) const ID_PLACEHOLDER: &str = "00000000000000000000000000000000";

/// A PDF date for the day the documents are made on, at midnight UTC.
pub(crate) fn pdf_date(date: NaiveDate) -> String {
    format!("D:{}000000Z", date.format("%Y%m%d"))
}

/// A PDF text string: UTF-16BE with BOM, the form for anything beyond ASCII.
fn text(s: &str) -> Object {
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(out, StringFormat::Hexadecimal)
}

/// The Info dictionary: title, subject (when there is one), creator and date.
pub fn info(title: &str, subject: Option<&str>, date: NaiveDate) -> Dictionary {
    let date = pdf_date(date);
    let mut info = Dictionary::new();
    info.set("Title", text(title));
    if let Some(subject) = subject {
        info.set("Subject", text(subject));
    }
    info.set(
        "Creator",
        text(concat!("mikit ", env!("CARGO_PKG_VERSION"))),
    );
    info.set("Producer", text("mikit with printpdf"));
    info.set(
        "CreationDate",
        Object::String(date.clone().into_bytes(), StringFormat::Literal),
    );
    info.set(
        "ModDate",
        Object::String(date.into_bytes(), StringFormat::Literal),
    );
    info
}

/// Puts `info` in as the document's Info dictionary, in place of printpdf's.
pub(crate) fn set_info(lo: &mut lopdf::Document, info: Dictionary) {
    let id = lo.add_object(Object::Dictionary(info));
    lo.trailer.set("Info", Object::Reference(id));
    // printpdf's own info dictionary is now unreferenced: drop it.
    lo.prune_objects();
}

/// The /ID of a file whose content hashed to `digest`.
pub(crate) fn file_id(digest: Sha256) -> String {
    digest
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Replaces the placeholder /ID with a digest of the document: the same
/// content gives the same ID, a different one a different ID.
pub(crate) fn stamp_id(bytes: &mut [u8]) {
    let mut digest = Sha256::new();
    digest.update(&*bytes);
    let id = file_id(digest);
    let needle = ID_PLACEHOLDER.as_bytes();
    // The trailer is at the end: look only there.
    let mut at = bytes.len().saturating_sub(1024);
    while let Some(pos) = bytes[at..].windows(needle.len()).position(|w| w == needle) {
        let start = at + pos;
        bytes[start..start + needle.len()].copy_from_slice(id.as_bytes());
        at = start + needle.len();
    }
}
