//! Copying text out of an Arabic and a Hindi kit: every word of each
//! document's own text (what `build --text` prints) comes out whole from its
//! PDF in poppler (pdftotext) and in MuPDF (PyMuPDF), in both documents, for
//! the bundled example and for an owner written in the kit's script (and a
//! Hindi owner in an Arabic kit).
//!
//! Words are compared, not sentences: right to left, both readers rebuild a
//! line's order from its glyphs, poppler putting punctuation next to a Latin
//! run on either side of it and MuPDF keeping runs in the order they are
//! drawn. So each word is compared without the punctuation at its ends, and
//! one that joins the two directions with no space ("و7") may come out with
//! its two parts either way round. A word split in two ("أُع دّ"), or two
//! words joined where the direction changes ("mikitكلمات"), fails.

use crate::common;

use std::collections::HashMap;
use std::path::Path;

use common::{
    DATE, PDFS, assert_success, build_ok, example, mikit, mupdf_text, pdftotext, run, stdout, tool,
    write_file,
};
use unicode_normalization::UnicodeNormalization;

/// Each document's text, as `--text` prints it for `lang`.
fn own_text(details: &Path, lang: &str, only: &str) -> String {
    let output = run(mikit()
        .args([
            "build", "--text", "--date", DATE, "--lang", lang, "--only", only,
        ])
        .arg(details));
    assert_success(&output, &format!("--text {lang} {only}"));
    stdout(&output)
}

/// The words of one line of `--text`, without its plain-text furniture:
/// underlines, checkboxes, arrows, table rules, write-in blanks, and link
/// targets (the PDF prints the label, the address is only the link's).
fn sentence_words(line: &str) -> Vec<String> {
    let trimmed = line.trim();
    if !trimmed.is_empty() && trimmed.chars().all(|c| c == '=' || c == '-') {
        return Vec::new();
    }
    let mut line = line.to_string();
    while let (Some(open), Some(close)) = (line.find("<http"), line.find('>')) {
        if close < open {
            break;
        }
        line.replace_range(open..=close, " ");
    }
    for furniture in ["[ ]", "!!", "->", "|", "____"] {
        line = line.replace(furniture, " ");
    }
    words(&line)
}

/// Words as readers' text is compared: NFC, bidi marks dropped, split at
/// whitespace, without punctuation at either end.
fn words(text: &str) -> Vec<String> {
    let text: String = text.nfc().filter(|&c| !is_bidi_mark(c)).collect();
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && !is_mark(c))
                .to_string()
        })
        .filter(|w| !w.is_empty())
        .map(|w| key(&w))
        .collect()
}

/// A word as compared: itself, or for one that joins right-to-left letters
/// to digits or Latin with no space ("و7"), its parts of each direction in
/// a fixed order, which readers do not agree on.
fn key(word: &str) -> String {
    let rtl = |c: char| matches!(c, '\u{0590}'..='\u{08FF}');
    if !(word.chars().any(rtl) && word.chars().any(|c| !rtl(c) && c.is_alphanumeric())) {
        return word.to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut last = None;
    for c in word.chars() {
        let side = rtl(c) || (is_mark(c) && last == Some(true));
        if last != Some(side) {
            parts.push(String::new());
        }
        parts.last_mut().expect("a part").push(c);
        last = Some(side);
    }
    parts.sort();
    parts.join("\u{2194}")
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The sentences of `own` with the words `extracted` lacks, each word
/// found at most as often as it was extracted.
fn missing(own: &str, extracted: &str) -> Vec<String> {
    let mut found: HashMap<String, usize> = HashMap::new();
    for w in words(extracted) {
        *found.entry(w).or_default() += 1;
    }
    let mut out = Vec::new();
    for line in own.lines() {
        let lost: Vec<String> = sentence_words(line)
            .into_iter()
            .filter(|w| match found.get_mut(w) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect();
        if !lost.is_empty() {
            out.push(format!("[{}] in \"{}\"", lost.join(" | "), line.trim()));
        }
    }
    out
}

/// The bundled example with its owner's name and shop in another script.
fn owner_in(dir: &Path, name: &str, store: &str) -> std::path::PathBuf {
    let example = std::fs::read_to_string(example("priya-nair")).unwrap();
    let details = example
        .replace("Priya Nair", name)
        .replace("Sangeetha Mobiles, MG Road, Bengaluru", store);
    assert_ne!(
        details, example,
        "the example's owner and shop are replaced"
    );
    write_file(dir, &format!("{name}.toml"), &details)
}

#[test]
fn every_word_of_an_arabic_and_a_hindi_kit_copies_out_whole_in_poppler_and_mupdf() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let arabic = owner_in(dir.path(), "محمد العلي", "متجر الهواتف، شارع الملك فهد");
    let hindi = owner_in(dir.path(), "प्रिया शर्मा", "संगीता मोबाइल्स, एमजी रोड");
    // The Hindi owner in an Arabic kit too: left-to-right runs that end in
    // a vowel sign.
    let cases = [
        ("ar", example("priya-nair")),
        ("ar", arabic),
        ("ar", hindi.clone()),
        ("hi", example("priya-nair")),
        ("hi", hindi),
    ];
    let mut failures = Vec::new();
    for (n, (lang, details)) in cases.iter().enumerate() {
        let out = dir.path().join(format!("out{n}"));
        build_ok(details, &out, &["--lang", lang]);
        for (pdf, only) in PDFS.iter().zip(["kit", "prep"]) {
            let own = own_text(details, lang, only);
            assert!(
                words(&own).len() > 200,
                "{lang} {pdf}: a document's worth of words"
            );
            let pdf_path = out.join(pdf);
            let readers = [
                ("poppler", Some(pdftotext(&pdftotext_tool, &pdf_path))),
                ("MuPDF", mupdf_text(&pdf_path)),
            ];
            for (reader, text) in readers {
                let Some(text) = text else { continue };
                for lost in missing(&own, &text) {
                    failures.push(format!(
                        "{lang} {} {pdf}, {reader}: {lost}",
                        details.display()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} sentences lose words:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_comparison_finds_split_and_joined_words() {
    let own = "أُعدّ من أجل Priya Nair\nولا يطبع mikit كلمات المرور أبدًا.\nبين 3 و7 أيام";
    assert!(
        missing(
            own,
            "Priya Nair أجل من أُعدّ\nولا يطبع  mikit كلمات المرور أبدًا\n3 بين 7و أيام"
        )
        .is_empty()
    );
    let split = missing(
        own,
        "أُع دّ من أجل Priya Nair\nولا يطبع mikit كلمات المرور أبدًا.\nبين 3 و7 أيام",
    );
    assert_eq!(split.len(), 1, "{split:?}");
    let joined = missing(
        own,
        "أُعدّ من أجل Priya Nair\nولا يطبع mikitكلمات المرور أبدًا.\nبين 3 و7 أيام",
    );
    assert_eq!(joined.len(), 1, "{joined:?}");
    assert!(joined[0].contains("mikit") && joined[0].contains("كلمات"));
}
