//! Every owner's script, end to end: names in Arabic, Devanagari, Bengali,
//! Tamil and Thai go through `build`, `batch`, `check` and `--text`, print
//! shaped, and read back exactly in poppler (pdftotext) and in MuPDF
//! (PyMuPDF); right-to-left kits are mirrored; mixed lines keep each run's
//! order; Thai wraps between words.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    DATA_ERR, PDFS, assert_success, batch, build_ok, build_refused, build_text, check, has_text,
    mupdf_text, pdf_fonts, pdftotext, read, run, stderr, stdout, tool, word_boxes, write_file,
};

/// A name in each script the bundled fonts shape, and the language whose
/// kit they are tried in besides English.
const NAMES: [(&str, &str, &str); 5] = [
    ("Arabic", "محمد العلي", "ar"),
    ("Devanagari", "प्रिया शर्मा", "hi"),
    ("Bengali", "অর্পিতা দাস", "en"),
    ("Tamil", "கார்த்திக் சுப்ரமணியம்", "en"),
    ("Thai", "สมชาย ใจดี", "th"),
];

const PHONE: &str = "+971 50 123 4567";
const EMAIL: &str = "owner.name@example.com";

/// A details file in `dir` whose owner is `name`, with the same name as the
/// store, the email and phone above, and region AE.
fn details_with_name(dir: &Path, name: &str) -> PathBuf {
    write_file(
        dir,
        "details.toml",
        format!(
            "[owner]\nname = \"{name}\"\n\n[account]\nemail = \"{EMAIL}\"\nphone = \"{PHONE}\"\n\
             region = \"AE\"\n\n[device]\nstore = \"{name}\"\n"
        ),
    )
}

#[test]
fn names_in_five_scripts_read_back_exactly_in_poppler_and_mupdf() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    for (script, name, lang) in NAMES {
        for lang in ["en", lang] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("out");
            build_ok(
                &details_with_name(dir.path(), name),
                &out,
                &["--lang", lang],
            );
            for pdf in PDFS {
                let pdf = out.join(pdf);
                let what = format!("{script} name, {lang} {}", pdf.display());
                let poppler = pdftotext(&pdftotext_tool, &pdf);
                let mupdf = mupdf_text(&pdf);
                for (reader, text) in [("poppler", Some(poppler)), ("MuPDF", mupdf)] {
                    let Some(text) = text else { continue };
                    for value in [name, EMAIL, PHONE] {
                        assert!(
                            text.contains(value),
                            "{what}: {reader} does not read {value:?} back exactly:\n{text}"
                        );
                    }
                }
            }
        }
    }
}

/// Bengali and Tamil vowels drawn in two parts around their consonant
/// ("কৌ", "ஜெ") have more glyphs than letters. poppler reads them exactly;
/// MuPDF hands an /ActualText span out one letter per glyph and reads the
/// glyph left over as a gap, so it gets the letters in order but may put a
/// space or a line break inside the word (a limit of MuPDF, see the note in
/// src/shape/text_plan.rs).
#[test]
fn two_part_vowels_read_back_in_poppler_and_in_order_in_mupdf() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    for name in ["কৌশিক সেন", "সৌমিত্র চট্টোপাধ্যায়", "ஜெயலட்சுமி கோபால்"]
    {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        build_ok(
            &details_with_name(dir.path(), name),
            &out,
            &["--only", "kit"],
        );
        let pdf = out.join("recovery-kit.pdf");
        let text = pdftotext(&pdftotext_tool, &pdf);
        assert!(text.contains(name), "poppler: {name:?} in:\n{text}");
        if let Some(text) = mupdf_text(&pdf) {
            let letters = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            assert!(
                letters(&text).contains(&letters(name)),
                "MuPDF: the letters of {name:?} in order in:\n{text}"
            );
        }
    }
}

#[test]
fn script_fonts_are_embedded_as_subsets_and_the_pdf_is_valid_and_reproducible() {
    let (Some(pdffonts), Some(qpdf)) = (tool("pdffonts"), tool("qpdf")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let details = details_with_name(dir.path(), "प्रिया শর্মা கார்த்திக் สมชาย محمد");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_ok(&details, &a, &["--lang", "ar"]);
    build_ok(&details, &b, &["--lang", "ar"]);
    for pdf in PDFS {
        assert_eq!(read(&a.join(pdf)), read(&b.join(pdf)), "{pdf}: same bytes");
        let fonts = pdf_fonts(&pdffonts, &a.join(pdf));
        for family in [
            "NotoSansArabic",
            "NotoSansDevanagari",
            "NotoSansBengali",
            "NotoSansTamil",
            "NotoSansThai",
        ] {
            let font = fonts
                .iter()
                .find(|f| f.name.contains(family))
                .unwrap_or_else(|| panic!("{pdf}: no {family} in {fonts:?}"));
            assert!(font.has_subset_tag(), "{pdf}: subset tag: {font:?}");
            assert!(
                font.embedded && font.subset && font.unicode,
                "{pdf}: {font:?}"
            );
        }
        let check = run(Command::new(&qpdf).arg("--check").arg(a.join(pdf)));
        assert_success(&check, &format!("qpdf --check {pdf}"));
    }
}

#[test]
fn check_batch_and_text_accept_names_in_every_script() {
    let dir = tempfile::tempdir().unwrap();
    for (script, name, _) in NAMES {
        let details = details_with_name(dir.path(), name);
        assert_success(&check(&details), &format!("{script}: check"));
        let text = build_text(&details, &[]);
        assert_success(&text, script);
        assert!(
            stdout(&text).contains(name),
            "{script}: --text prints the name"
        );
    }
    let mut rows = String::from("name,email,phone,region,language\n");
    for (_, name, lang) in NAMES {
        rows.push_str(&format!("{name},{EMAIL},{PHONE},AE,{lang}\n"));
    }
    let csv = write_file(dir.path(), "customers.csv", rows);
    let out = dir.path().join("kits");
    let output = batch(&csv, &out, &[]);
    assert_success(&output, "batch of names in five scripts");
    let pdfs = pdfs_under(&out);
    assert_eq!(pdfs.len(), NAMES.len() * 2, "{}", stderr(&output));
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let all: String = pdfs.iter().map(|p| pdftotext(&pdftotext_tool, p)).collect();
    for (script, name, _) in NAMES {
        assert!(all.contains(name), "{script}: {name} in the batch's PDFs");
    }
}

/// Every PDF in `dir` and its folders.
fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            found.extend(pdfs_under(&path));
        } else if path.extension().is_some_and(|x| x == "pdf") {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_character_no_bundled_font_has_is_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    // Gujarati and Khmer: scripts mikit bundles no font for.
    for name in ["ભાવિન પટેલ", "សុខ ចាន់"] {
        let details = details_with_name(dir.path(), name);
        let out = dir.path().join("out");
        let err = build_refused(&details, &out, &[], DATA_ERR);
        assert!(err.contains("owner.name"), "{err}");
        assert!(err.contains("is not in any of mikit's fonts"), "{err}");
        assert!(!out.exists(), "nothing written for {name}");
    }
}

#[test]
fn a_phone_number_and_an_email_keep_their_order_in_an_arabic_kit() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_ok(
        &details_with_name(dir.path(), "محمد العلي"),
        &out,
        &["--lang", "ar"],
    );
    let pdf = out.join("recovery-kit.pdf");
    let text = pdftotext(&pdftotext_tool, &pdf);
    for value in [PHONE, EMAIL, "محمد العلي"] {
        assert!(has_text(&text, value), "{value:?} in:\n{text}");
        assert!(text.contains(value), "{value:?} exactly in:\n{text}");
    }
    // Drawn left to right wherever it is: "+971", "50", "123", "4567".
    let words = word_boxes(&pdftotext_tool, &pdf);
    let mut seen = 0;
    for plus in words.iter().filter(|w| w.text == "+971") {
        let x = |t: &str| {
            words
                .iter()
                .filter(|w| w.text == t && (w.y_min - plus.y_min).abs() < 1.0)
                .map(|w| w.x_min)
                .filter(|&x| x > plus.x_min)
                .fold(f64::MAX, f64::min)
        };
        assert!(
            x("50") < x("123") && x("123") < x("4567") && x("4567") < f64::MAX,
            "the groups of {PHONE} out of order at y {}",
            plus.y_min
        );
        seen += 1;
    }
    assert!(
        seen >= 3,
        "the phone number is printed at least three times"
    );
}

#[test]
fn an_arabic_kit_runs_right_to_left_and_an_english_one_left_to_right() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let details = details_with_name(dir.path(), "محمد العلي");
    for (lang, rtl) in [("ar", true), ("en", false)] {
        let out = dir.path().join(lang);
        build_ok(&details, &out, &["--lang", lang, "--only", "kit"]);
        let words = word_boxes(&pdftotext_tool, &out.join("recovery-kit.pdf"));
        let page = words[0].page_width;
        // The QR code's address sits in the top corner at the line's end:
        // the right for English, the left for Arabic.
        let qr = words
            .iter()
            .find(|w| w.text == "account.xiaomi.com")
            .expect("the QR code's address");
        let centre = (qr.x_min + qr.x_max) / 2.0;
        assert_eq!(centre < page / 2.0, rtl, "{lang}: QR address at {centre}");
        // Every page label ("Page 1 of 3", "الصفحة 1 من 3") at the end edge.
        // pdftotext -bbox lists right-to-left words with their letters in
        // drawing order.
        let is = |w: &common::WordBox, word: &str| {
            w.text == word || w.text.chars().rev().collect::<String>() == word
        };
        let label = if rtl { "الصفحة" } else { "Page" };
        let labels: Vec<_> = words.iter().filter(|w| is(w, label)).collect();
        assert_eq!(labels.len(), 3, "{lang}: a label per page");
        for w in labels {
            assert_eq!(
                w.x_min < page / 2.0,
                rtl,
                "{lang}: page label at {}",
                w.x_min
            );
        }
        // The owner's name in the footer: at the start edge.
        let names: Vec<_> = words.iter().filter(|w| is(w, "العلي")).collect();
        assert!(!names.is_empty());
        let footer = names.last().unwrap();
        assert_eq!(
            footer.x_min > page / 2.0,
            rtl,
            "{lang}: footer name at {}",
            footer.x_min
        );
    }
}

#[test]
fn thai_wraps_between_words_never_inside_one() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    // Thai words written as Thai is, without spaces: a line may end only
    // where one ends.
    let words = [
        "ร้าน",
        "โทรศัพท์",
        "มือถือ",
        "สมชาย",
        "ใจดี",
        "สาขา",
        "ถนน",
        "สุขุมวิท",
        "กรุงเทพ",
        "มหานคร",
        "ประเทศ",
        "ไทย",
        "ชั้น",
        "สอง",
        "ห้อง",
        "ยี่สิบ",
    ];
    let store: String = words.concat();
    let mut boundaries = vec![0usize];
    for w in words {
        boundaries.push(boundaries.last().unwrap() + w.chars().count());
    }
    let dir = tempfile::tempdir().unwrap();
    let details = write_file(
        dir.path(),
        "details.toml",
        format!("[owner]\nname = \"สมชาย ใจดี\"\n\n[device]\nstore = \"{store}\"\n"),
    );
    let out = dir.path().join("out");
    build_ok(&details, &out, &["--lang", "th", "--only", "kit"]);
    let text = pdftotext(&pdftotext_tool, &out.join("recovery-kit.pdf"));
    // The value's lines, in order: those made only of its letters.
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && store.contains(*l) && l.chars().count() > 3)
        .collect();
    assert!(lines.len() >= 2, "the store name wraps:\n{text}");
    assert_eq!(lines.concat(), store, "no letter lost or repeated:\n{text}");
    let mut at = 0;
    for line in &lines[..lines.len() - 1] {
        at += line.chars().count();
        assert!(
            boundaries.contains(&at),
            "a line ends inside a word: {line:?} in {lines:?}"
        );
    }
}
