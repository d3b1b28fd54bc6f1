//! Second names for a font's glyphs: CIDs after the subset's own that draw
//! one of its glyphs with another /W width or another ToUnicode text.
//! /ActualText spans need them (see `spans`); a document without spans has
//! none, and its fonts are written as before (CIDToGIDMap /Identity).

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, Stream};

use super::fonts::Subset;
use crate::fonts::FaceId;

/// What an alias draws and how it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Alias {
    /// The subset's glyph id.
    pub glyph: u16,
    /// Its /W width, in thousandths of an em.
    pub width: i64,
    /// Its ToUnicode text; empty for none.
    pub text: String,
}

/// A document's aliases, per face, in the order they were first drawn.
#[derive(Debug, Default)]
pub(super) struct Aliases(BTreeMap<FaceId, Vec<Alias>>);

impl Aliases {
    /// The CID that draws `alias` in `subset`, made on first use. (A
    /// document has a few dozen; were CIDs to run out, .notdef.)
    pub fn cid(&mut self, subset: &Subset, alias: Alias) -> u16 {
        let list = self.0.entry(subset.face).or_default();
        let at = match list.iter().position(|a| *a == alias) {
            Some(at) => at,
            None => {
                list.push(alias);
                list.len() - 1
            }
        };
        u16::try_from(subset.gids.len() + at).unwrap_or(0)
    }

    pub fn of(&self, face: FaceId) -> &[Alias] {
        self.0.get(&face).map_or(&[], Vec::as_slice)
    }
}

/// The /W array of `subset` with its `aliases`' widths after its own.
pub(super) fn widths(subset: &Subset, aliases: &[Alias]) -> Vec<Object> {
    let mut widths = subset.widths.clone();
    if let Some(Object::Array(all)) = widths.last_mut() {
        all.extend(aliases.iter().map(|a| Object::Integer(a.width)));
    }
    widths
}

/// /CIDToGIDMap: /Identity without aliases; with them, a stream that maps
/// the subset's own CIDs to themselves and each alias to its glyph.
pub(super) fn cid_to_gid_map(
    lo: &mut lopdf::Document,
    subset: &Subset,
    aliases: &[Alias],
) -> Object {
    if aliases.is_empty() {
        return Object::Name(b"Identity".to_vec());
    }
    let own = (0..subset.gids.len()).map(|g| g as u16);
    let map: Vec<u8> = own
        .chain(aliases.iter().map(|a| a.glyph))
        .flat_map(u16::to_be_bytes)
        .collect();
    Object::Reference(lo.add_object(Stream::new(Dictionary::new(), map)))
}

/// The ToUnicode entries of `aliases`, as (CID, text).
pub(super) fn texts(subset: &Subset, aliases: &[Alias]) -> Vec<(u16, String)> {
    aliases
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.text.is_empty())
        .map(|(i, a)| ((subset.gids.len() + i) as u16, a.text.clone()))
        .collect()
}
