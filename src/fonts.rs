//! The bundled fonts: embedded into the binary, parsed once per process,
//! asked which face draws a character and how wide it is.

use std::collections::HashMap;
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::tables::cmap::Cmap;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable};
use allsorts::tag;
use unicode_script::{Script, UnicodeScript};

/// A face of the bundled set. Latin, Greek and Cyrillic come from Noto Sans;
/// Chinese and Japanese from Droid Sans Fallback; Korean from NanumSquare;
/// Arabic, Devanagari, Bengali, Tamil, Thai and Hebrew from the Noto Sans
/// face made for the script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    Regular,
    Bold,
    Cjk,
    Hangul,
    HangulBold,
    Arabic,
    ArabicBold,
    Devanagari,
    DevanagariBold,
    Bengali,
    BengaliBold,
    Tamil,
    TamilBold,
    Thai,
    ThaiBold,
    Hebrew,
    HebrewBold,
}

impl FaceId {
    pub const ALL: [FaceId; 17] = [
        FaceId::Regular,
        FaceId::Bold,
        FaceId::Cjk,
        FaceId::Hangul,
        FaceId::HangulBold,
        FaceId::Arabic,
        FaceId::ArabicBold,
        FaceId::Devanagari,
        FaceId::DevanagariBold,
        FaceId::Bengali,
        FaceId::BengaliBold,
        FaceId::Tamil,
        FaceId::TamilBold,
        FaceId::Thai,
        FaceId::ThaiBold,
        FaceId::Hebrew,
        FaceId::HebrewBold,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The heavy face of a pair (the CJK face has no bold: it is thickened).
    pub(crate) fn is_bold(self) -> bool {
        matches!(
            self,
            FaceId::Bold
                | FaceId::HangulBold
                | FaceId::ArabicBold
                | FaceId::DevanagariBold
                | FaceId::BengaliBold
                | FaceId::TamilBold
                | FaceId::ThaiBold
                | FaceId::HebrewBold
        )
    }

    /// Whether text in this face goes through the shaper: the faces of
    /// scripts whose letters join, reorder or stack.
    pub(crate) fn is_shaped(self) -> bool {
        self >= FaceId::Arabic
    }

    /// How much larger than the text around it this face is set, so that
    /// its letters read as large as Latin ones of the same size. A
    /// Devanagari or Bengali letter carries all its detail under a headline
    /// at 0.62 em, where a Latin one has a 0.54 em x-height and ascenders
    /// above it: at the same size it reads a size smaller. Thai (0.56 em),
    /// Tamil, Hebrew and the Latin-matched CJK faces are set as they are.
    pub fn optical_scale(self) -> f32 {
        match self {
            FaceId::Devanagari | FaceId::DevanagariBold | FaceId::Bengali | FaceId::BengaliBold => {
                1.08
            }
            _ => 1.0,
        }
    }

    /// The least distance from a line of this face's text to the next, as
    /// a multiple of the text's size, whatever the setting: marks above and
    /// below the letters of a shaped script need more than the 1.2 a tight
    /// setting gives Latin (Arabic's stacked marks the most). Measured by the
    /// layout check's "no line's ink touches the next line's".
    pub fn least_leading(self) -> f32 {
        match self {
            FaceId::Arabic | FaceId::ArabicBold => 1.35,
            face if face.is_shaped() => 1.3,
            _ => 0.0,
        }
    }
}

/// The faces made for one script, regular and bold, in the order tried for a
/// character Noto Sans lacks.
const SCRIPT_FACES: [(Script, FaceId, FaceId); 6] = [
    (Script::Arabic, FaceId::Arabic, FaceId::ArabicBold),
    (
        Script::Devanagari,
        FaceId::Devanagari,
        FaceId::DevanagariBold,
    ),
    (Script::Bengali, FaceId::Bengali, FaceId::BengaliBold),
    (Script::Tamil, FaceId::Tamil, FaceId::TamilBold),
    (Script::Thai, FaceId::Thai, FaceId::ThaiBold),
    (Script::Hebrew, FaceId::Hebrew, FaceId::HebrewBold),
];

struct Bundled {
    bytes: &'static [u8],
    postscript_name: &'static str,
}

/// A font file of `fonts/`, built into the binary. The browser build leaves
/// them out and is given each face when its text needs it (see `browser`):
/// a Latin-script kit should not download 6 MB of Chinese and Korean glyphs.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! font_file {
    ($name:literal) => {
        include_bytes!(concat!("../fonts/", $name))
    };
}
#[cfg(target_arch = "wasm32")]
macro_rules! font_file {
    ($name:literal) => {
        &[]
    };
}

const BUNDLED: [Bundled; 17] = [
    Bundled {
        bytes: font_file!("NotoSans-Regular.ttf"),
        postscript_name: "NotoSans-Regular",
    },
    Bundled {
        bytes: font_file!("NotoSans-Bold.ttf"),
        postscript_name: "NotoSans-Bold",
    },
    Bundled {
        bytes: font_file!("DroidSansFallbackFull.ttf"),
        postscript_name: "DroidSansFallbackFull",
    },
    Bundled {
        bytes: font_file!("NanumSquareR.ttf"),
        postscript_name: "NanumSquareR",
    },
    Bundled {
        bytes: font_file!("NanumSquareB.ttf"),
        postscript_name: "NanumSquareB",
    },
    Bundled {
        bytes: font_file!("NotoSansArabic-Regular.ttf"),
        postscript_name: "NotoSansArabic-Regular",
    },
    Bundled {
        bytes: font_file!("NotoSansArabic-Bold.ttf"),
        postscript_name: "NotoSansArabic-Bold",
    },
    Bundled {
        bytes: font_file!("NotoSansDevanagari-Regular.ttf"),
        postscript_name: "NotoSansDevanagari-Regular",
    },
    Bundled {
        bytes: font_file!("NotoSansDevanagari-Bold.ttf"),
        postscript_name: "NotoSansDevanagari-Bold",
    },
    Bundled {
        bytes: font_file!("NotoSansBengali-Regular.ttf"),
        postscript_name: "NotoSansBengali-Regular",
    },
    Bundled {
        bytes: font_file!("NotoSansBengali-Bold.ttf"),
        postscript_name: "NotoSansBengali-Bold",
    },
    Bundled {
        bytes: font_file!("NotoSansTamil-Regular.ttf"),
        postscript_name: "NotoSansTamil-Regular",
    },
    Bundled {
        bytes: font_file!("NotoSansTamil-Bold.ttf"),
        postscript_name: "NotoSansTamil-Bold",
    },
    Bundled {
        bytes: font_file!("NotoSansThai-Regular.ttf"),
        postscript_name: "NotoSansThai-Regular",
    },
    Bundled {
        bytes: font_file!("NotoSansThai-Bold.ttf"),
        postscript_name: "NotoSansThai-Bold",
    },
    Bundled {
        bytes: font_file!("NotoSansHebrew-Regular.ttf"),
        postscript_name: "NotoSansHebrew-Regular",
    },
    Bundled {
        bytes: font_file!("NotoSansHebrew-Bold.ttf"),
        postscript_name: "NotoSansHebrew-Bold",
    },
];

/// The licences shipped with the fonts, printed by `mikit --font-licences`.
pub const LICENCES: &str = concat!(
    "Noto Sans, Noto Sans Arabic, Noto Sans Devanagari, Noto Sans Bengali, Noto Sans Tamil, \
     Noto Sans Thai, Noto Sans Hebrew (Regular, Bold): SIL Open Font License 1.1\n\n",
    include_str!("../fonts/LICENSE-NotoSans.txt"),
    "\n\nDroid Sans Fallback: Apache License 2.0\n\n",
    include_str!("../fonts/LICENSE-DroidSansFallback.txt"),
    "\n\nNanumSquare (Regular, Bold): SIL Open Font License 1.1\n\n",
    include_str!("../fonts/LICENSE-NanumSquare.txt"),
);

#[cfg_attr(target_arch = "wasm32", derive(Clone))]
pub struct Face {
    pub id: FaceId,
    pub bytes: &'static [u8],
    pub postscript_name: &'static str,
    pub units_per_em: u16,
    /// Glyph ids of the Basic Multilingual Plane, indexed by code point: the
    /// layout asks for every character of every document.
    bmp: Vec<u16>,
    /// Glyph ids of characters beyond the BMP.
    astral: HashMap<u32, u16>,
    advances: Vec<u16>,
    /// The face as the shaper reads it, made on first use: only documents
    /// with text in a shaped script need it.
    shaper: OnceLock<Option<rustybuzz::Face<'static>>>,
    /// Each glyph's outline box, read on first use: ttf-parser outlines a
    /// glyph to find it, and the fit check asks for every shaped glyph of
    /// every page.
    ink_boxes: OnceLock<Vec<OnceLock<Option<rustybuzz::ttf_parser::Rect>>>>,
}

impl Face {
    fn parse(id: FaceId, bundled: &Bundled) -> Face {
        // The fonts are part of the binary and tested, so a parse failure is a
        // build defect, not a user error.
        let data = ReadScope::new(bundled.bytes)
            .read::<FontData<'_>>()
            .expect("bundled font parses");
        let provider = data.table_provider(0).expect("bundled font has a face");
        let table = |t| provider.read_table_data(t).expect("bundled font table");
        let head_data = table(tag::HEAD);
        let head = ReadScope::new(&head_data)
            .read::<HeadTable>()
            .expect("head");
        let maxp_data = table(tag::MAXP);
        let maxp = ReadScope::new(&maxp_data)
            .read::<MaxpTable>()
            .expect("maxp");
        let hhea_data = table(tag::HHEA);
        let hhea = ReadScope::new(&hhea_data)
            .read::<HheaTable>()
            .expect("hhea");
        let hmtx_data = table(tag::HMTX);
        let hmtx = ReadScope::new(&hmtx_data)
            .read_dep::<HmtxTable<'_>>((
                usize::from(maxp.num_glyphs),
                usize::from(hhea.num_h_metrics),
            ))
            .expect("hmtx");
        let advances = (0..maxp.num_glyphs)
            .map(|gid| hmtx.horizontal_advance(gid).unwrap_or(0))
            .collect();
        let cmap_data = table(tag::CMAP);
        let cmap = ReadScope::new(&cmap_data).read::<Cmap<'_>>().expect("cmap");
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap)
            .ok()
            .flatten()
            .expect("unicode cmap");
        let mut bmp = vec![0u16; 0x10000];
        let mut astral = HashMap::new();
        subtable
            .mappings_fn(|cp, gid| match usize::try_from(cp) {
                Ok(i) if i < bmp.len() => bmp[i] = gid,
                _ => {
                    astral.insert(cp, gid);
                }
            })
            .expect("cmap mappings");
        Face {
            id,
            bytes: bundled.bytes,
            postscript_name: bundled.postscript_name,
            units_per_em: head.units_per_em,
            bmp,
            astral,
            advances,
            shaper: OnceLock::new(),
            ink_boxes: OnceLock::new(),
        }
    }

    /// The face for rustybuzz; `None` only for a face the browser has not
    /// provided yet, which draws nothing.
    pub fn shaper(&self) -> Option<&rustybuzz::Face<'static>> {
        self.shaper
            .get_or_init(|| rustybuzz::Face::from_slice(self.bytes, 0))
            .as_ref()
    }

    /// The box a glyph's outline covers, in font units; `None` for a glyph
    /// with no outline (a space) or a face without outlines.
    pub fn ink_box(&self, gid: u16) -> Option<rustybuzz::ttf_parser::Rect> {
        let outlines = self.shaper()?;
        let boxes = self.ink_boxes.get_or_init(|| {
            (0..outlines.number_of_glyphs())
                .map(|_| OnceLock::new())
                .collect()
        });
        *boxes
            .get(usize::from(gid))?
            .get_or_init(|| outlines.glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(gid)))
    }

    /// Advance width of a glyph in font units.
    pub fn glyph_advance(&self, gid: u16) -> u16 {
        self.advances.get(usize::from(gid)).copied().unwrap_or(0)
    }

    pub fn glyph(&self, ch: char) -> Option<u16> {
        let gid = match self.bmp.get(ch as usize) {
            Some(&gid) => gid,
            None => self.astral.get(&(ch as u32)).copied().unwrap_or(0),
        };
        (gid != 0).then_some(gid)
    }

    /// Advance width of a character in em units (1.0 = the font size).
    pub fn advance_em(&self, ch: char) -> f32 {
        let gid = self.glyph(ch).unwrap_or(0);
        let units = self.advances.get(usize::from(gid)).copied().unwrap_or(0);
        f32::from(units) / f32::from(self.units_per_em)
    }
}

#[cfg_attr(target_arch = "wasm32", derive(Clone))]
pub struct Fonts {
    /// Each face is parsed when first asked for: a Latin kit needs two of
    /// the seventeen, and parsing them all was most of a one-kit run.
    #[cfg(not(target_arch = "wasm32"))]
    faces: [OnceLock<Face>; 17],
    #[cfg(target_arch = "wasm32")]
    faces: [Face; 17],
}

/// Why a piece of text cannot be printed faithfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unprintable {
    /// No bundled font has a glyph for the character.
    NoGlyph { ch: char },
}

impl std::fmt::Display for Unprintable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unprintable::NoGlyph { ch } => write!(
                f,
                "\"{ch}\" (U+{:04X}) is not in any of mikit's fonts; replace it or leave the \
                 value out and write it by hand on the printed kit",
                *ch as u32
            ),
        }
    }
}

/// The faces that may draw `ch`, in the order they are tried: Noto Sans, the
/// faces made for the character's scripts, then the CJK face, with Korean
/// taken from NanumSquare first so a word never mixes designs.
fn candidates(ch: char, bold: bool) -> impl Iterator<Item = FaceId> {
    let pick = move |(_, regular, heavy): &(Script, FaceId, FaceId)| {
        if bold { *heavy } else { *regular }
    };
    let (noto, hangul) = if bold {
        (FaceId::Bold, FaceId::HangulBold)
    } else {
        (FaceId::Regular, FaceId::Hangul)
    };
    // The scripts a character is used with: its own, or for a mark or
    // punctuation shared by some scripts (the danda, Arabic vowel signs)
    // those; never all of them, so Chinese text never asks for Arabic.
    let scripts = ch.script_extension();
    let specific = !(scripts.is_common() || scripts.is_inherited() || scripts.is_empty());
    let script_faces = SCRIPT_FACES
        .iter()
        .filter(move |f| specific && scripts.contains_script(f.0))
        .map(pick);
    let east = if ch.script() == Script::Hangul {
        [hangul, FaceId::Cjk]
    } else {
        [FaceId::Cjk, hangul]
    };
    std::iter::once(noto).chain(script_faces).chain(east)
}

impl Fonts {
    /// The bundled fonts, parsed on first use and shared by every document of the run.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn bundled() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts {
            faces: FaceId::ALL.map(|_| OnceLock::new()),
        })
    }

    /// The faces the page has provided so far; the others draw nothing.
    #[cfg(target_arch = "wasm32")]
    pub fn bundled() -> &'static Fonts {
        browser::current()
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn face(&self, id: FaceId) -> &Face {
        self.faces[id.index()].get_or_init(|| Face::parse(id, &BUNDLED[id.index()]))
    }

    #[cfg(target_arch = "wasm32")]
    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id.index()]
    }

    /// The face that draws `ch` in the wanted weight: the first of
    /// `candidates` with a glyph for it. Only the CJK face has no bold; the
    /// renderer thickens it.
    pub(crate) fn face_for(&self, ch: char, bold: bool) -> Option<FaceId> {
        // Noto Sans comes first and draws most characters: try it before
        // looking up the character's scripts for the other candidates.
        let noto = if bold { FaceId::Bold } else { FaceId::Regular };
        if self.face(noto).glyph(ch).is_some() {
            return Some(noto);
        }
        candidates(ch, bold).find(|&id| self.face(id).glyph(ch).is_some())
    }

    /// Checks that every character of `text` prints as itself.
    pub fn check(&self, text: &str) -> Result<(), Unprintable> {
        for ch in text.chars() {
            if ch.is_whitespace() || crate::chars::is_format_control(ch) {
                continue;
            }
            if self.face_for(ch, false).is_none() || self.face_for(ch, true).is_none() {
                return Err(Unprintable::NoGlyph { ch });
            }
        }
        Ok(())
    }
}

/// The browser build: the page fetches a font file only when the text needs it
/// and hands its bytes over here. Until then the face has no glyphs, so the
/// choice of face for every character is the one the native build makes as
/// soon as the faces it would pick are provided.
#[cfg(target_arch = "wasm32")]
pub mod browser {
    use std::cell::Cell;
    use std::collections::BTreeSet;
    use std::sync::OnceLock;

    use super::{BUNDLED, Face, FaceId, Fonts, candidates};

    impl Face {
        fn empty(id: FaceId) -> Face {
            Face {
                id,
                bytes: &[],
                postscript_name: BUNDLED[id.index()].postscript_name,
                units_per_em: 1000,
                bmp: Vec::new(),
                astral: Default::default(),
                advances: Vec::new(),
                shaper: OnceLock::new(),
                ink_boxes: OnceLock::new(),
            }
        }
    }

    thread_local! {
        // wasm32-unknown-unknown runs one thread. Each provided face makes a
        // new set, and earlier sets stay alive for anyone still holding them:
        // at most five faces, so at most six sets, ever.
        static CURRENT: Cell<&'static Fonts> =
            Cell::new(Box::leak(Box::new(Fonts { faces: FaceId::ALL.map(Face::empty) })));
    }

    pub(super) fn current() -> &'static Fonts {
        CURRENT.with(Cell::get)
    }

    /// Whether the page has provided the face yet.
    pub(crate) fn is_provided(id: FaceId) -> bool {
        !current().face(id).bytes.is_empty()
    }

    /// The faces to provide before `chars` can be checked and printed as the
    /// native build would: for each character Noto Sans lacks, the fallbacks
    /// in `Fonts::face_for`'s order up to the first one missing or drawing it.
    /// Asked again once those are provided, it ends with nothing to add.
    pub fn wanted(chars: impl IntoIterator<Item = char>) -> BTreeSet<FaceId> {
        let fonts = current();
        let mut wanted = BTreeSet::new();
        for ch in chars
            .into_iter()
            .filter(|c| !c.is_whitespace() && !c.is_control())
        {
            for bold in [false, true] {
                for id in candidates(ch, bold) {
                    if !is_provided(id) {
                        wanted.insert(id);
                        break;
                    }
                    if fonts.face(id).glyph(ch).is_some() {
                        break;
                    }
                }
            }
        }
        wanted
    }

    /// Takes the bytes of one of the bundled font files. The caller checks
    /// they are that file (the parser trusts them as the native build trusts
    /// its own binary).
    pub fn provide(id: FaceId, bytes: Vec<u8>) {
        if is_provided(id) {
            return;
        }
        let bundled = super::Bundled {
            bytes: Box::leak(bytes.into_boxed_slice()),
            postscript_name: BUNDLED[id.index()].postscript_name,
        };
        let mut fonts = current().clone();
        fonts.faces[id.index()] = Face::parse(id, &bundled);
        CURRENT.with(|c| c.set(Box::leak(Box::new(fonts))));
    }
}
