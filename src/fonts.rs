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
/// Chinese and Japanese from Droid Sans Fallback; Korean from NanumSquare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    Regular,
    Bold,
    Cjk,
    Hangul,
    HangulBold,
}

impl FaceId {
    pub const ALL: [FaceId; 5] = [
        FaceId::Regular,
        FaceId::Bold,
        FaceId::Cjk,
        FaceId::Hangul,
        FaceId::HangulBold,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

struct Bundled {
    bytes: &'static [u8],
    postscript_name: &'static str,
}

const BUNDLED: [Bundled; 5] = [
    Bundled {
        bytes: include_bytes!("../fonts/NotoSans-Regular.ttf"),
        postscript_name: "NotoSans-Regular",
    },
    Bundled {
        bytes: include_bytes!("../fonts/NotoSans-Bold.ttf"),
        postscript_name: "NotoSans-Bold",
    },
    Bundled {
        bytes: include_bytes!("../fonts/DroidSansFallbackFull.ttf"),
        postscript_name: "DroidSansFallbackFull",
    },
    Bundled {
        bytes: include_bytes!("../fonts/NanumSquareR.ttf"),
        postscript_name: "NanumSquareR",
    },
    Bundled {
        bytes: include_bytes!("../fonts/NanumSquareB.ttf"),
        postscript_name: "NanumSquareB",
    },
];

/// The licences shipped with the fonts, printed by `mikit --font-licences`.
pub const LICENCES: &str = concat!(
    "Noto Sans (Regular, Bold): SIL Open Font License 1.1\n\n",
    include_str!("../fonts/LICENSE-NotoSans.txt"),
    "\n\nDroid Sans Fallback: Apache License 2.0\n\n",
    include_str!("../fonts/LICENSE-DroidSansFallback.txt"),
    "\n\nNanumSquare (Regular, Bold): SIL Open Font License 1.1\n\n",
    include_str!("../fonts/LICENSE-NanumSquare.txt"),
);

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
        }
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

pub struct Fonts {
    faces: [Face; 5],
}

/// Why a piece of text cannot be printed faithfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unprintable {
    /// The script needs glyph shaping (joining, reordering) that mikit does not do.
    NeedsShaping { ch: char, script: String },
    /// No bundled font has a glyph for the character.
    NoGlyph { ch: char },
}

impl std::fmt::Display for Unprintable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unprintable::NeedsShaping { ch, script } => write!(
                f,
                "{script} text (\"{ch}\") cannot be printed correctly yet: its letters need joining \
                 and reordering that mikit does not do; write this value in Latin letters"
            ),
            Unprintable::NoGlyph { ch } => write!(
                f,
                "\"{ch}\" (U+{:04X}) is not in any of mikit's fonts; replace it or leave the \
                 value out and write it by hand on the printed kit",
                *ch as u32
            ),
        }
    }
}

/// Scripts whose letters change shape or order with their neighbours: printed
/// without a shaping engine they come out as wrong, disconnected letters.
fn needs_shaping(script: Script) -> bool {
    matches!(
        script,
        Script::Arabic
            | Script::Hebrew
            | Script::Syriac
            | Script::Thaana
            | Script::Nko
            | Script::Devanagari
            | Script::Bengali
            | Script::Gurmukhi
            | Script::Gujarati
            | Script::Oriya
            | Script::Tamil
            | Script::Telugu
            | Script::Kannada
            | Script::Malayalam
            | Script::Sinhala
            | Script::Thai
            | Script::Lao
            | Script::Tibetan
            | Script::Myanmar
            | Script::Khmer
            | Script::Mongolian
            | Script::Javanese
            | Script::Balinese
    )
}

impl Fonts {
    /// The bundled fonts, parsed on first use and shared by every document of the run.
    pub fn bundled() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts {
            faces: FaceId::ALL.map(|id| Face::parse(id, &BUNDLED[id.index()])),
        })
    }

    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id.index()]
    }

    /// The face that draws `ch` in the wanted weight: Noto Sans when it has the
    /// glyph, else the CJK face (which has no bold; the renderer thickens it),
    /// with Korean taken from NanumSquare first so a word never mixes designs.
    pub fn face_for(&self, ch: char, bold: bool) -> Option<FaceId> {
        let (noto, hangul) = if bold {
            (FaceId::Bold, FaceId::HangulBold)
        } else {
            (FaceId::Regular, FaceId::Hangul)
        };
        if self.face(noto).glyph(ch).is_some() {
            return Some(noto);
        }
        let order = if ch.script() == Script::Hangul {
            [hangul, FaceId::Cjk]
        } else {
            [FaceId::Cjk, hangul]
        };
        order
            .into_iter()
            .find(|&id| self.face(id).glyph(ch).is_some())
    }

    /// Checks that every character of `text` prints as itself.
    pub fn check(&self, text: &str) -> Result<(), Unprintable> {
        for ch in text.chars() {
            if ch.is_whitespace() {
                continue;
            }
            let script = ch.script();
            if needs_shaping(script) {
                return Err(Unprintable::NeedsShaping {
                    ch,
                    script: script.full_name().to_string(),
                });
            }
            if self.face_for(ch, false).is_none() || self.face_for(ch, true).is_none() {
                return Err(Unprintable::NoGlyph { ch });
            }
        }
        Ok(())
    }
}
