//! Font subsets: only the glyphs a document uses go into its PDF, and the
//! work of cutting and compressing them is shared by every document of a run.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use flate2::Compression;
use flate2::write::ZlibEncoder;
use printpdf::ParsedFont;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::fonts::{Face, FaceId, Fonts};

/// A face cut down to a set of glyphs, ready for printpdf, with its font
/// program already compressed.
pub struct Subset {
    pub face: FaceId,
    /// `TAG+PostScriptName`, as it appears in the PDF.
    pub name: String,
    pub font: ParsedFont,
    pub deflated: Vec<u8>,
    /// The face's glyph ids kept, in order: a glyph's id in the subset is
    /// its index here.
    pub gids: Vec<u16>,
}

impl Subset {
    /// The subset's id for the face's glyph `gid`; .notdef if it was not kept.
    pub fn glyph(&self, gid: u16) -> u16 {
        self.gids
            .binary_search(&gid)
            .ok()
            .and_then(|i| u16::try_from(i).ok())
            .unwrap_or(0)
    }
}

/// Subsets every face that `chars` uses. Each subset also carries the
/// characters of `alphabet` (the template's) that the face draws, so every
/// document from one template needs the same subsets unless its owner's
/// values bring new characters: those subsets are made once per run.
/// Shaped text brings its glyphs as ids (`glyphs`): joined forms and
/// ligatures have no character of their own.
pub fn subsets(
    chars: &BTreeMap<FaceId, BTreeSet<char>>,
    glyphs: &BTreeMap<FaceId, BTreeSet<u16>>,
    alphabet: &BTreeSet<char>,
    fonts: &Fonts,
) -> Result<Vec<Arc<Subset>>> {
    let faces: BTreeSet<FaceId> = chars.keys().chain(glyphs.keys()).copied().collect();
    faces
        .into_iter()
        .map(|face| {
            let shared = alphabet.iter().filter(|&&c| {
                fonts.face_for(c, false) == Some(face) || fonts.face_for(c, true) == Some(face)
            });
            let all: BTreeSet<char> = chars
                .get(&face)
                .into_iter()
                .flatten()
                .chain(shared)
                .copied()
                .collect();
            cached(fonts.face(face), &all, glyphs.get(&face))
        })
        .collect()
}

type Key = (FaceId, Vec<u16>);

fn cache() -> &'static Mutex<HashMap<Key, Arc<Subset>>> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Subset>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Past this many distinct subsets (a run full of unusual names), start afresh
/// rather than grow without bound.
const CACHE_LIMIT: usize = 256;

fn cached(
    face: &Face,
    chars: &BTreeSet<char>,
    glyphs: Option<&BTreeSet<u16>>,
) -> Result<Arc<Subset>> {
    let mut wanted: BTreeSet<u16> = chars.iter().filter_map(|&c| face.glyph(c)).collect();
    wanted.extend(glyphs.into_iter().flatten().copied());
    // .notdef must come first, as the subsetter and every PDF reader expect.
    let gids: Vec<u16> = std::iter::once(0)
        .chain(wanted.into_iter().filter(|&g| g != 0))
        .collect();
    let key = (face.id, gids);
    if let Some(hit) = cache().lock().expect("font cache").get(&key) {
        return Ok(hit.clone());
    }
    // Made outside the lock: two threads may both make it, with the same result.
    let made = Arc::new(make(face, &key.1)?);
    let mut map = cache().lock().expect("font cache");
    if map.len() >= CACHE_LIMIT {
        map.clear();
    }
    map.insert(key, made.clone());
    Ok(made)
}

fn make(face: &Face, gids: &[u16]) -> Result<Subset> {
    let fail =
        |what: &str| Error::internal(format!("cannot subset {}: {what}", face.postscript_name));
    let data = ReadScope::new(face.bytes)
        .read::<FontData<'_>>()
        .map_err(|e| fail(&e.to_string()))?;
    let provider = data.table_provider(0).map_err(|e| fail(&e.to_string()))?;
    let bytes = subset(&provider, gids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| fail(&format!("{e:?}")))?;
    let mut warnings = Vec::new();
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| fail("subset does not parse"))?;
    // The six-letter tag marks a subset (ISO 32000-1, 9.6.4); deriving it from
    // the glyph set keeps output reproducible.
    let name = format!(
        "{}+{}",
        subset_tag(face.postscript_name, gids),
        face.postscript_name
    );
    font.font_name = Some(name.clone());
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(&bytes)
        .and_then(|_| encoder.flush())
        .map_err(|e| fail(&e.to_string()))?;
    let deflated = encoder.finish().map_err(|e| fail(&e.to_string()))?;
    Ok(Subset {
        face: face.id,
        name,
        font,
        deflated,
        gids: gids.to_vec(),
    })
}

fn subset_tag(font: &str, gids: &[u16]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(font.as_bytes());
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
