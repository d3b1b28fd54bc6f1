//! Fonts on demand: the page fetches a font file only when the text needs it,
//! and the library checks it is the very file the CLI embeds.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

include!(concat!(env!("OUT_DIR"), "/font_digests.rs"));

/// The font files, by name in `fonts/` (and in the page's `fonts/`), with
/// their SHA-256, in `FaceId::ALL` order (web/build.rs reads them from the
/// library's font table; a count that differs does not compile).
pub(crate) const FILES: [(&str, [u8; 32]); mikit::fonts::FaceId::ALL.len()] = FONT_DIGESTS;

/// Every character the documents may print: the templates' own (in the
/// language the details ask for, else `lang`) and every text of the details
/// and shop files, escapes decoded.
pub(crate) fn chars_to_print(details: &str, lang: &str, shop: &str) -> Vec<char> {
    let lang = crate::effective_lang(details, lang);
    let templates = mikit::content::TemplateSet::builtin();
    let mut chars: Vec<char> = mikit::content::DocKind::ALL
        .iter()
        .flat_map(|&kind| templates.get(lang, kind).alphabet.iter().copied())
        .collect();
    for text in [details, shop] {
        match text.parse::<toml::Table>() {
            Ok(table) => strings(&toml::Value::Table(table), &mut chars),
            // Not TOML: it will not print, but its characters are what the
            // problem report quotes.
            Err(_) => chars.extend(text.chars()),
        }
    }
    chars.sort_unstable();
    chars.dedup();
    chars
}

fn strings(value: &toml::Value, out: &mut Vec<char>) {
    match value {
        toml::Value::String(s) => out.extend(s.chars()),
        toml::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        toml::Value::Table(table) => {
            for (key, v) in table {
                out.extend(key.chars());
                strings(v, out);
            }
        }
        other => out.extend(other.to_string().chars()),
    }
}

/// The font files to fetch and hand to `provide_font` before `check` or
/// `make` on this text; call again after providing them until it is empty.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn fonts_needed(details: &str, lang: &str, shop: &str) -> Vec<String> {
    files_for(chars_to_print(details, lang, shop))
}

/// The font files still to provide before `chars` can be drawn as the CLI
/// draws them.
#[cfg(target_arch = "wasm32")]
pub(crate) fn files_for(chars: impl IntoIterator<Item = char>) -> Vec<String> {
    mikit::fonts::browser::wanted(chars)
        .into_iter()
        .filter_map(|id| mikit::fonts::FaceId::ALL.iter().position(|&f| f == id))
        .map(|i| FILES[i].0.to_string())
        .collect()
}

/// Takes a font file the page fetched; refuses anything but the exact file.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn provide_font(file: &str, bytes: Vec<u8>) -> Result<(), JsError> {
    use sha2::{Digest, Sha256};
    let i = FILES
        .iter()
        .position(|(name, _)| *name == file)
        .ok_or_else(|| JsError::new(&format!("{file}: not one of mikit's fonts")))?;
    if Sha256::digest(&bytes).as_slice() != FILES[i].1 {
        return Err(JsError::new(&format!(
            "fonts/{file} is damaged or not the one this page was built with \
             ({} bytes); copy the page's folder again",
            bytes.len()
        )));
    }
    mikit::fonts::browser::provide(mikit::fonts::FaceId::ALL[i], bytes);
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use mikit::fonts::{FaceId, Fonts};
    use sha2::{Digest, Sha256};

    use super::FILES;

    /// Each file the page may fetch is the one the CLI embeds for that face:
    /// same name, same bytes.
    #[test]
    fn files_are_the_clis_faces_in_order() {
        for (id, (file, digest)) in FaceId::ALL.iter().zip(FILES) {
            let face = Fonts::bundled().face(*id);
            assert_eq!(file, format!("{}.ttf", face.postscript_name), "{id:?}");
            assert_eq!(
                Sha256::digest(face.bytes).as_slice(),
                digest,
                "{id:?}: {file}"
            );
        }
    }
}
