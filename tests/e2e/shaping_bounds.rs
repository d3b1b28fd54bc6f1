//! Issue 17, first three classes: a value the shaper cannot take (a cluster
//! of hundreds of letters, a letter under dozens of marks) is refused by
//! `check` with exit 65 naming its field, wherever it is written (a details
//! file, a shop file, a customer row, an edited template); nothing is drawn
//! outside its line; and whatever `build` refuses about a details file,
//! `check` refuses first.

use crate::common;

use std::path::{Path, PathBuf};

use common::*;

/// A details file `d.toml` in `dir` that holds only the owner's name.
fn details_with_only_name(dir: &Path, name: &str) -> PathBuf {
    // TOML basic strings take any character but " and \ as written.
    write_file(dir, "d.toml", format!("[owner]\nname = \"{name}\"\n"))
}

/// `check` refuses with 65 at owner.name, `build` refuses the same way, no
/// panic, nothing written.
fn assert_refused_everywhere(name: &str, why: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let file = details_with_only_name(tmp.path(), name);
    let checked = check(&file);
    let said = stderr(&checked);
    assert_eq!(exit_code(&checked), DATA_ERR, "check {why}: {said}");
    assert!(
        said.contains("owner.name:"),
        "check {why} names the field: {said}"
    );
    assert!(!said.contains("panicked"), "{said}");
    let said = build_refused(&file, &tmp.path().join("out"), &[], DATA_ERR);
    assert!(
        said.contains("owner.name:"),
        "build {why} names the field: {said}"
    );
}

// A value can crash the program --------------------------------------------------

#[test]
fn clusters_the_indic_shaper_cannot_take_are_refused_at_check() {
    // The reproductions: 129 Devanagari, 150 Bengali and 150 Tamil
    // consonant-virama pairs made rustybuzz panic (exit 101) in build.
    assert_refused_everywhere(&"क्".repeat(129), "129 × क्");
    assert_refused_everywhere(&"ক্".repeat(150), "150 × ক্");
    assert_refused_everywhere(&"க்".repeat(150), "150 × க்");
    // Variants: a chain inside a longer name, one letter past the bound, a
    // Bengali chain with its vowel sign, a virama chain of mixed letters.
    assert_refused_everywhere(
        &format!("Priya {}", "स्".repeat(300)),
        "a chain after a name",
    );
    assert_refused_everywhere(&format!("{}क", "क्".repeat(6)), "seven joined letters");
    assert_refused_everywhere(&format!("{}কা", "ক্".repeat(40)), "a chain and a vowel");
    assert_refused_everywhere(&"क्ष्त्र्".repeat(40), "mixed letters");
}

#[test]
fn real_conjuncts_still_print() {
    let tmp = tempfile::tempdir().unwrap();
    // Sanskrit's longest conjunct and everyday names in the three scripts.
    let file = details_with_only_name(tmp.path(), "र्त्स्न्य प्रिया श्रीं মৌমিতা বন্দ্যোপাধ্যায় க்ஷ்மா");
    let checked = check(&file);
    assert_success(&checked, "check");
    build_ok(&file, &tmp.path().join("out"), &[]);
}

#[test]
fn a_shop_name_that_cannot_be_shaped_is_refused_before_any_kit() {
    let tmp = tempfile::tempdir().unwrap();
    let shop = write_file(
        tmp.path(),
        "shop.toml",
        format!("name = \"{}\"\n", "க்".repeat(150)),
    );
    let out = tmp.path().join("out");
    let built = build(
        &example("priya-nair"),
        &out,
        &["--shop", shop.to_str().unwrap()],
    );
    assert_eq!(exit_code(&built), DATA_ERR, "{}", stderr(&built));
    assert!(
        stderr(&built).contains("shop.toml:1:8: name:"),
        "{}",
        stderr(&built)
    );
    let customers = write_file(tmp.path(), "c.csv", "name\nAnna\nBoris\n");
    let ran = batch(&customers, &out, &["--shop", shop.to_str().unwrap()]);
    assert_eq!(exit_code(&ran), DATA_ERR, "{}", stderr(&ran));
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));
}

#[test]
fn an_edited_template_that_cannot_be_shaped_is_refused_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    // The first paragraph's words replaced by a virama chain, then a stack.
    for (bad, why) in [
        ("क्".repeat(200), "a chain"),
        (format!("ก{}", "\u{0E48}".repeat(30)), "a stack"),
    ] {
        let dir = fresh_export(tmp.path(), why);
        edit_first(
            &template_file(&dir, "hi", "recovery-kit"),
            "type = \"paragraph\"\ntext = \"",
            &format!("type = \"paragraph\"\ntext = \"{bad}"),
        );
        let said = build_refused(
            &example("priya-nair"),
            &tmp.path().join("out"),
            &["--templates", dir.to_str().unwrap(), "--lang", "hi"],
            DATA_ERR,
        );
        assert!(said.contains("hi/recovery-kit.toml:"), "{why}: {said}");
        assert!(said.contains(".text:"), "{why} names the value: {said}");
    }
}

// Marks stack outside their line ----------------------------------------------------

#[test]
fn stacks_of_marks_are_refused_at_check_in_every_script() {
    // The reproductions.
    assert_refused_everywhere(&format!("Ali م{}", "\u{064B}".repeat(20)), "20 × U+064B");
    assert_refused_everywhere(&format!("Ali م{}", "\u{064B}".repeat(299)), "299 × U+064B");
    assert_refused_everywhere(&format!("ก{}", "\u{0E48}".repeat(40)), "40 × U+0E48");
    // Variants: Hebrew points, Devanagari candrabindus, Bengali, Tamil,
    // Latin accents (shaped in an Arabic kit), a stack of five, and three
    // Thai tone marks, which stay under the bound of marks but stack above
    // the line.
    assert_refused_everywhere(&format!("ש{}", "\u{05B8}".repeat(12)), "Hebrew points");
    assert_refused_everywhere(&format!("क{}", "\u{0901}".repeat(9)), "candrabindus");
    assert_refused_everywhere(&format!("ক{}", "\u{09BC}".repeat(9)), "Bengali nuktas");
    assert_refused_everywhere(&format!("க{}", "\u{0BCD}".repeat(9)), "Tamil pulli");
    assert_refused_everywhere(&format!("Zoe{}", "\u{0301}".repeat(30)), "Latin accents");
    assert_refused_everywhere(&format!("ก{}", "\u{0E4D}".repeat(5)), "five marks");
    assert_refused_everywhere(&format!("ก{}", "\u{0E48}".repeat(3)), "three tone marks");
    assert_refused_everywhere("\u{0301}Anna", "a mark with no letter");
}

#[test]
fn nothing_is_drawn_outside_the_page_with_the_most_marks_allowed() {
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // Two marks on a letter in each shaped script, and fully vowelled Arabic.
    let name = "مُحَمَّد شَّ نَّ · สมชาย น้ำ กั้ · שָׁלוֹם · कँँ";
    let file = details_with_only_name(tmp.path(), name);
    assert_success(&check(&file), "check");
    for lang in ["en", "ar", "th", "hi"] {
        let out = tmp.path().join(lang);
        build_ok(&file, &out, &["--lang", lang]);
        for pdf in PDFS {
            for w in word_boxes(&pdftotext, &out.join(pdf)) {
                assert!(
                    w.y_min >= 0.0 && w.y_max <= w.page_height,
                    "{lang} {pdf}: a word outside the page: {w:?}"
                );
            }
        }
    }
}

// check and build agree -------------------------------------------------------------

#[test]
fn what_build_refused_after_check_passed_is_refused_by_check() {
    // The reproductions: check said "valid", build refused with "does not
    // fit inside the page's margins".
    assert_refused_everywhere(&"क्".repeat(60), "60 × क्");
    assert_refused_everywhere(&format!("क{}", "\u{094D}".repeat(299)), "क + 299 viramas");
    assert_refused_everywhere(&format!("क{}", "\u{093C}".repeat(299)), "क + 299 nuktas");
    // Variants in other fields and files.
    let tmp = tempfile::tempdir().unwrap();
    for field in ["device.store", "device.receipt_location", "device.model"] {
        let (section, key) = field.split_once('.').unwrap();
        let file = write_file(
            tmp.path(),
            "f.toml",
            format!("[{section}]\n{key} = \"{}\"\n", "ক্".repeat(40)),
        );
        let checked = check(&file);
        assert_eq!(
            exit_code(&checked),
            DATA_ERR,
            "{field}: {}",
            stderr(&checked)
        );
        assert!(
            stderr(&checked).contains(&format!("{field}:")),
            "{}",
            stderr(&checked)
        );
    }
}

#[test]
fn a_customer_that_cannot_be_shaped_is_that_rows_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let rows: String = (0..6)
        .map(|i| {
            if i == 3 {
                format!("{}\n", "क्".repeat(129))
            } else {
                format!("Customer {i}\n")
            }
        })
        .collect();
    let input = write_file(tmp.path(), "c.csv", format!("name\n{rows}"));
    let out = tmp.path().join("out");
    let ran = batch(&input, &out, &[]);
    assert_eq!(exit_code(&ran), DATA_ERR, "{}", stderr(&ran));
    assert!(stderr(&ran).contains("c.csv:5: name:"), "{}", stderr(&ran));
    assert!(
        stderr(&ran).contains("5 kits written, 1 row failed"),
        "{}",
        stderr(&ran)
    );
    assert_eq!(entries(&out).len(), 5 * 2 + 1, "{:?}", entries(&out));
}
