//! The QR code beside a title or a link: its modules as filled rectangles.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use qrcode::{Color, EcLevel, QrCode};

use super::geometry::Pt;
use super::page::Item;
use crate::shape::Direction;

/// Error correction: level M survives a crease or a coffee ring.
const LEVEL: EcLevel = EcLevel::M;

/// An address too long for a QR code a phone can scan from paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrError {
    pub bytes: usize,
}

impl std::fmt::Display for QrError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a {}-byte address does not fit a QR code that a phone can scan from paper; \
             use a shorter address (at most about 2,300 characters, better under 100)",
            self.bytes
        )
    }
}

/// Whether `url` fits the code drawn for it: what a template is checked
/// for when it is loaded, long before a code is drawn.
pub fn fits(url: &str) -> Result<(), QrError> {
    // The encoding step alone decides whether the data fits (it is where
    // `QrCode::with_error_correction_level` fails); drawing the code and
    // choosing its mask, ten times the work, cannot fail afterwards.
    qrcode::bits::encode_auto(url.as_bytes(), LEVEL)
        .map(|_| ())
        .map_err(|_| QrError { bytes: url.len() })
}

/// The dark modules of the code of `url`, `size` wide, as filled
/// rectangles, one per horizontal run. Every kit carries the same code, so
/// it is worked out once per process.
pub fn code(url: &str, size: Pt, direction: Direction) -> Result<Vec<Item>, QrError> {
    static CODES: OnceLock<Mutex<HashMap<String, Vec<Item>>>> = OnceLock::new();
    let key = format!("{}@{}@{url}", size.0, direction.is_rtl());
    let codes = CODES.get_or_init(Default::default);
    if let Some(items) = codes
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return Ok(items.clone());
    }
    let mut items = modules(url, size)?;
    if direction.is_rtl() {
        // A right-to-left page is mirrored as a whole, which would turn the
        // code into its mirror image: drawn mirrored here, it comes out
        // as scanners expect.
        for item in &mut items {
            item.mirrored(size);
        }
    }
    codes
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, items.clone());
    Ok(items)
}

fn modules(url: &str, size: Pt) -> Result<Vec<Item>, QrError> {
    let code = QrCode::with_error_correction_level(url, LEVEL)
        .map_err(|_| QrError { bytes: url.len() })?;
    let n = code.width();
    let colors = code.to_colors();
    // Four modules of quiet zone around the code, as scanners expect.
    let module = size * (1.0 / (n + 8) as f32);
    let origin = module * 4.0;
    let mut items = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == Color::Dark {
                    col += 1;
                }
                items.push(Item::Rect {
                    x: origin + module * start as f32,
                    y: origin + module * row as f32,
                    w: module * (col - start) as f32,
                    h: module,
                    stroke: None,
                });
            } else {
                col += 1;
            }
        }
    }
    Ok(items)
}
