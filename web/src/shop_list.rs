//! What the page's worker calls to make a shop's whole list (see `batch`):
//! a run it steps through a few customers at a time, then the merged PDF and
//! a ZIP of every PDF with manifest.csv.

use std::io::Write;

use wasm_bindgen::prelude::*;

use mikit::content::Lang;
use mikit::layout::Paper;

use crate::batch::{self, Run};

/// A shop's list being made.
#[wasm_bindgen]
pub struct ShopRun {
    run: Option<Run>,
    /// Every character the kits may print: the fonts to fetch first.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    chars: Vec<char>,
}

#[wasm_bindgen]
impl ShopRun {
    /// Reads and checks the whole list (`name` says CSV or TOML by its
    /// ending) before any kit is made, as `mikit batch` does. `shop` is a
    /// shop file's text (empty: none); `lang`, `paper` and `date` are
    /// `--lang`, `--paper` and `--date`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        name: &str,
        list: &[u8],
        shop: &str,
        lang: &str,
        paper: &str,
        date: &str,
    ) -> Result<ShopRun, JsError> {
        let today = crate::parse_date(date)?;
        let lang = Lang::parse(lang.trim()).unwrap_or_default();
        let paper = match paper.trim() {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        };
        let shop = if shop.trim().is_empty() {
            None
        } else {
            let parsed = mikit::shop::parse(shop).map_err(|problems| {
                let lines: Vec<String> = problems.iter().map(|p| p.render("shop")).collect();
                JsError::new(&lines.join("\n"))
            })?;
            Some(parsed)
        };
        let list_text = String::from_utf8_lossy(list);
        let read = batch::read(name, list, today).map_err(|refused| {
            let mut lines = refused.problems;
            lines.push(refused.message);
            JsError::new(&lines.join("\n"))
        })?;
        let chars = Run::chars(&list_text, shop_text(&shop).as_str(), &read, lang)
            .into_iter()
            .collect();
        Ok(ShopRun {
            run: Some(Run::new(name, read, today, lang, paper, shop)),
            chars,
        })
    }

    /// Customers in the list.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> usize {
        self.run.as_ref().map_or(0, Run::total)
    }

    /// Customers finished so far.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> usize {
        self.run.as_ref().map_or(0, Run::finished)
    }

    /// The font files to fetch and hand to `provide_font` before the first
    /// step; ask again until it is empty.
    #[cfg(target_arch = "wasm32")]
    pub fn fonts_needed(&self) -> Vec<String> {
        crate::fonts::files_for(self.chars.iter().copied())
    }

    /// Makes the next `n` customers' kits; false once every one is done.
    pub fn step(&mut self, n: usize) -> bool {
        self.run.as_mut().is_some_and(|run| run.step(n))
    }

    /// The run's files; the run is over.
    pub fn finish(&mut self) -> Result<ShopDone, JsError> {
        let run = self
            .run
            .take()
            .ok_or_else(|| JsError::new("the run is already finished"))?;
        let done = run.finish();
        Ok(ShopDone {
            zip: zip(&done.files).map_err(|e| JsError::new(&format!("kits.zip: {e}")))?,
            pages: done.merged.as_ref().map_or(0, |(_, pages)| *pages),
            merged: done.merged.map(|(bytes, _)| bytes).unwrap_or_default(),
            written: done.written,
            failed: done.failed,
            problems: serde_json::to_string(&done.problems).expect("plain data serialises"),
            problems_left_out: done.problems_left_out,
        })
    }
}

/// The shop's text as it prints: what its characters need from the fonts.
fn shop_text(shop: &Option<mikit::shop::Shop>) -> String {
    shop.as_ref()
        .map(|s| {
            [
                Some(s.name.clone()),
                s.address.clone(),
                s.phone.clone(),
                s.email.clone(),
                s.note.clone(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n")
        })
        .unwrap_or_default()
}

/// What a finished run made.
#[wasm_bindgen]
pub struct ShopDone {
    merged: Vec<u8>,
    pages: usize,
    zip: Vec<u8>,
    written: usize,
    failed: usize,
    problems: String,
    problems_left_out: usize,
}

#[wasm_bindgen]
impl ShopDone {
    /// Every kit and prep sheet in one PDF, each starting on an odd page;
    /// empty when no kit was made.
    #[wasm_bindgen(getter)]
    pub fn merged(&self) -> Vec<u8> {
        self.merged.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Every customer's PDFs and manifest.csv.
    #[wasm_bindgen(getter)]
    pub fn zip(&self) -> Vec<u8> {
        self.zip.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn written(&self) -> usize {
        self.written
    }

    #[wasm_bindgen(getter)]
    pub fn failed(&self) -> usize {
        self.failed
    }

    /// The problems as the CLI prints them, a JSON list of lines.
    #[wasm_bindgen(getter)]
    pub fn problems(&self) -> String {
        self.problems.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn problems_left_out(&self) -> usize {
        self.problems_left_out
    }
}

/// A ZIP of `files`, stored as they are (PDFs are compressed already), with
/// a fixed date: the same list makes the same archive.
fn zip(files: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o600);
    for (name, bytes) in files {
        out.start_file(name.as_str(), options)?;
        out.write_all(bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zip_holds_every_file_and_is_reproducible() {
        let files = vec![
            ("0002-recovery-kit.pdf".to_string(), b"%PDF-1.7 a".to_vec()),
            (
                "manifest.csv".to_string(),
                b"line,status,files,error\n".to_vec(),
            ),
        ];
        let one = zip(&files).unwrap();
        assert_eq!(one, zip(&files).unwrap());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(one)).unwrap();
        assert_eq!(archive.len(), 2);
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("manifest.csv").unwrap(), &mut text)
            .unwrap();
        assert_eq!(text, "line,status,files,error\n");
    }
}
