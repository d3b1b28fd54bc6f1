//! Font subsets: only the glyphs a document uses go into its PDF.

use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::ParsedFont;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::fonts::{Face, FaceId, Fonts};

/// A face cut down to the characters of one document, ready for printpdf.
pub struct Subset {
    pub face: FaceId,
    pub font: ParsedFont,
}

/// Subsets every face that `chars` uses.
pub fn subsets(chars: &BTreeMap<FaceId, BTreeSet<char>>, fonts: &Fonts) -> Result<Vec<Subset>> {
    chars
        .iter()
        .map(|(&face, chars)| {
            let face = fonts.face(face);
            Ok(Subset {
                face: face.id,
                font: subset_face(face, chars)?,
            })
        })
        .collect()
}

fn subset_face(face: &Face, chars: &BTreeSet<char>) -> Result<ParsedFont> {
    let fail =
        |what: &str| Error::internal(format!("cannot subset {}: {what}", face.postscript_name));
    let mut gids: Vec<u16> = chars.iter().filter_map(|&c| face.glyph(c)).collect();
    gids.sort_unstable();
    gids.dedup();
    // .notdef must come first, as the subsetter and every PDF reader expect.
    gids.insert(0, 0);
    let data = ReadScope::new(face.bytes)
        .read::<FontData<'_>>()
        .map_err(|e| fail(&e.to_string()))?;
    let provider = data.table_provider(0).map_err(|e| fail(&e.to_string()))?;
    let bytes = subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| fail(&format!("{e:?}")))?;
    let mut warnings = Vec::new();
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| fail("subset does not parse"))?;
    // The six-letter tag marks a subset (ISO 32000-1, 9.6.4); deriving it from
    // the glyph set keeps output reproducible.
    font.font_name = Some(format!("{}+{}", subset_tag(&gids), face.postscript_name));
    Ok(font)
}

fn subset_tag(gids: &[u16]) -> String {
    let mut hasher = Sha256::new();
    for g in gids {
        hasher.update(g.to_be_bytes());
    }
    hasher
        .finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}
