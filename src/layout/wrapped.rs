//! Lines already wrapped on this thread. A document is set at several
//! densities and blank pitches before one is kept, and a shop's customers
//! share most of their documents' text; none of that moves a line break
//! (spacing changes the room between lines, not their width), so each text
//! is shaped and broken once.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use crate::fonts::{Fonts, Unprintable};
use crate::shape::{Direction, Line, Span, wrap, wrap_balanced};
use crate::units::Pt;

/// Past this many texts the memory is emptied: a batch's values are
/// different for every customer, its template's sentences the same.
const MOST: usize = 4096;

thread_local! {
    static WRAPPED: RefCell<FxHashMap<Key, Vec<Line>>> = RefCell::new(FxHashMap::default());
}

/// Everything a wrap depends on.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    spans: Vec<(Box<str>, [bool; 3])>,
    size: u32,
    width: u32,
    balanced: bool,
    /// Which set of fonts: each lives as long as the program (the bundled
    /// faces, or each set the page has been given), so no two share an address.
    fonts: usize,
    rtl: bool,
}

/// `spans` broken into lines no wider than `max`; `balanced` evens the
/// lines out (titles).
pub(super) fn lines(
    spans: &[Span<'_>],
    (size, max): (Pt, Pt),
    balanced: bool,
    (fonts, direction): (&Fonts, Direction),
) -> Result<Vec<Line>, Unprintable> {
    let key = Key {
        spans: spans
            .iter()
            .map(|s| (s.text.into(), [s.bold, s.blank, s.value]))
            .collect(),
        size: size.0.to_bits(),
        width: max.0.to_bits(),
        balanced,
        fonts: std::ptr::from_ref(fonts) as usize,
        rtl: direction.is_rtl(),
    };
    if let Some(lines) = WRAPPED.with_borrow(|w| w.get(&key).cloned()) {
        return Ok(lines);
    }
    let lines = if balanced {
        wrap_balanced(spans, size, max, fonts, direction)?
    } else {
        wrap(spans, size, max, fonts, direction)?
    };
    WRAPPED.with_borrow_mut(|w| {
        if w.len() >= MOST {
            w.clear();
        }
        w.insert(key, lines.clone());
    });
    Ok(lines)
}
