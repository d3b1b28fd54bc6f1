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
use lopdf::{Dictionary, Object};
use printpdf::ParsedFont;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::fonts::{Face, FaceId, Fonts};

/// A page's font resources: the resource name and the subset it draws from.
pub(super) type PageFonts = BTreeMap<FaceId, (printpdf::FontId, Arc<Subset>)>;

/// A face cut down to a set of glyphs, with everything its PDF font objects
/// need that is the same in every document: the font program (compressed),
/// the descriptor and the widths. Made once per run and shared.
pub(crate) struct Subset {
    pub face: FaceId,
    /// `TAG+PostScriptName`, as it appears in the PDF.
    pub name: String,
    pub deflated: Vec<u8>,
    /// Size of the font program before compression (/Length1).
    pub program_len: usize,
    /// The face's glyph ids kept, in order: a glyph's id in the subset is
    /// its index here.
    pub gids: Vec<u16>,
    /// The /FontDescriptor, without its /FontFile2.
    pub descriptor: Dictionary,
    /// The /W array: the width of every glyph of the subset.
    pub widths: Vec<Object>,
    /// The character each subset glyph stands for when a document says
    /// nothing else (the lowest BMP character the face maps to it), for the
    /// ToUnicode map; `None` for glyphs no character reaches (joined forms).
    pub text: Vec<Option<char>>,
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

/// Subsets every face that `glyphs` draws from. Each subset also carries
/// the characters of `alphabet` (the template's) that the face draws, so
/// every document from one template needs the same subsets unless its
/// owner's values bring new glyphs: those subsets are made once per run.
/// Glyphs come as ids: joined forms and ligatures have no character.
pub(crate) fn subsets(
    glyphs: &BTreeMap<FaceId, BTreeSet<u16>>,
    alphabet: &BTreeSet<char>,
    fonts: &Fonts,
) -> Result<Vec<Arc<Subset>>> {
    glyphs
        .iter()
        .map(|(&face, glyphs)| {
            let shared: BTreeSet<char> = alphabet
                .iter()
                .filter(|&&c| {
                    fonts.face_for(c, false) == Some(face) || fonts.face_for(c, true) == Some(face)
                })
                .copied()
                .collect();
            cached(fonts.face(face), &shared, Some(glyphs))
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
    let font = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| fail("subset does not parse"))?;
    // The six-letter tag marks a subset (ISO 32000-1, 9.6.4); deriving it from
    // the glyph set keeps output reproducible.
    let name = format!(
        "{}+{}",
        subset_tag(face.postscript_name, gids),
        face.postscript_name
    );
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(&bytes)
        .and_then(|_| encoder.flush())
        .map_err(|e| fail(&e.to_string()))?;
    let deflated = encoder.finish().map_err(|e| fail(&e.to_string()))?;
    let widths = widths(&font, gids.len());
    Ok(Subset {
        face: face.id,
        descriptor: descriptor(&font, &name),
        name,
        deflated,
        program_len: bytes.len(),
        gids: gids.to_vec(),
        widths,
        text: default_text(&font, gids.len()),
    })
}

/// The /W array for glyphs 0..count: one run, each width in thousandths of
/// an em, truncated as printpdf does.
fn widths(font: &ParsedFont, count: usize) -> Vec<Object> {
    let upem = f32::from(font.pdf_font_metrics.units_per_em);
    let all = (0..count)
        .map(|gid| {
            let w = u16::try_from(gid)
                .ok()
                .and_then(|g| font.get_glyph_width(g))
                .map_or(0, |w| (f32::from(w) * 1000.0 / upem) as i64);
            Object::Integer(w)
        })
        .collect();
    vec![Object::Integer(0), Object::Array(all)]
}

/// The font descriptor as printpdf writes it (serialize.rs,
/// `add_subset_font_to_pdf`, without its `text_layout` feature): metrics in
/// thousandths of an em, flags and stem width from the face's tables.
fn descriptor(font: &ParsedFont, name: &str) -> Dictionary {
    let m = &font.pdf_font_metrics;
    let scale = if m.units_per_em == 0 {
        1.0
    } else {
        1000.0 / f32::from(m.units_per_em)
    };
    let scaled = |v: i64| Object::Integer((v as f32 * scale).round() as i64);
    let ascent = scaled(i64::from(font.font_metrics.ascent));
    let italic_angle = if m.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(m.caret_slope_run)
            .atan2(f32::from(m.caret_slope_rise))
            .to_degrees())
        .round() as i64
    };
    let flags = (1 << 5) | if italic_angle != 0 { 1 << 6 } else { 0 };
    let stem_v = if m.us_weight_class == 0 {
        80
    } else {
        50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64
    };
    Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(name.as_bytes().to_vec())),
        ("Ascent", ascent.clone()),
        ("Descent", scaled(i64::from(font.font_metrics.descent))),
        // Without `text_layout` printpdf has no cap height and writes the ascent.
        ("CapHeight", ascent),
        ("ItalicAngle", Object::Integer(italic_angle)),
        ("Flags", Object::Integer(flags)),
        ("StemV", Object::Integer(stem_v)),
        (
            "FontBBox",
            Object::Array(
                [m.x_min, m.y_min, m.x_max, m.y_max]
                    .into_iter()
                    .map(|v| scaled(i64::from(v)))
                    .collect(),
            ),
        ),
    ])
}

/// For each subset glyph, the lowest character the subset's own cmap maps
/// to it: a function of the subset alone, so every document sharing the
/// subset can share its ToUnicode map too.
fn default_text(font: &ParsedFont, count: usize) -> Vec<Option<char>> {
    let mut text = vec![None; count];
    for (&cp, &gid) in &font.codepoint_to_glyph {
        if let Some(slot @ None) = text.get_mut(usize::from(gid)) {
            *slot = char::from_u32(cp);
        }
    }
    text
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

/// Per subset glyph, the text a document gives it where that differs from
/// the subset's own (`Subset::text`); an empty text maps to nothing.
pub(crate) type Overlay = Vec<(u16, String)>;

type UnicodeKey = (String, Overlay);

fn unicode_cache() -> &'static Mutex<HashMap<UnicodeKey, Arc<Vec<u8>>>> {
    static CACHE: OnceLock<Mutex<HashMap<UnicodeKey, Arc<Vec<u8>>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The subset's ToUnicode CMap with a document's `overlay`, deflated: made
/// once per run for every document whose glyphs read as the subset's own
/// characters (all Latin, Cyrillic and CJK text), and once per distinct
/// overlay for shaped text.
pub(crate) fn to_unicode(subset: &Subset, overlay: Overlay) -> Result<Arc<Vec<u8>>> {
    let key = (subset.name.clone(), overlay);
    if let Some(hit) = unicode_cache().lock().expect("cmap cache").get(&key) {
        return Ok(hit.clone());
    }
    let mut mappings: BTreeMap<u32, Vec<u32>> = subset
        .text
        .iter()
        .enumerate()
        .filter_map(|(gid, c)| Some((gid as u32, vec![u32::from((*c)?)])))
        .collect();
    for (gid, text) in &key.1 {
        mappings.insert(u32::from(*gid), text.chars().map(u32::from).collect());
    }
    let cmap = printpdf::cmap::ToUnicodeCMap { mappings }.to_cmap_string(fonts_name(subset));
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    let made = encoder
        .write_all(cmap.as_bytes())
        .and_then(|_| encoder.finish())
        .map(Arc::new)
        .map_err(|e| Error::internal(format!("cannot compress a ToUnicode map: {e}")))?;
    let mut map = unicode_cache().lock().expect("cmap cache");
    if map.len() >= CACHE_LIMIT {
        map.clear();
    }
    map.insert(key, made.clone());
    Ok(made)
}

/// The PostScript name after the subset tag: what the CMap calls itself.
fn fonts_name(subset: &Subset) -> &str {
    subset
        .name
        .split_once('+')
        .map_or(subset.name.as_str(), |(_, n)| n)
}
