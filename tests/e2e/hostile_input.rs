//! Hostile input (issue 9): edited templates, huge lists, terminal escapes,
//! invisible names and full devices each get a clear refusal with the right
//! exit code, never a panic, an abort or minutes of work.

use crate::common;

use std::process::{Output, Stdio};

use common::{
    DATA_ERR, DATE, IO_ERR, NO_INPUT, OK, append, assert_at, assert_code, batch, build_refused,
    build_text, check, edit, edit_first, entries, example, exit_code, fresh_export, line_of, mikit,
    stderr, stdout, template_file, templates_refused, write_file,
};

// Edited templates ------------------------------------------------------------

/// A line of the English kit that tests replace with their own text.
const DECISION_INTRO: &str = "text = \"Use the first row that is true for you. After a factory reset, use another phone or a computer: Method 1 or 2 first, Method 3 only when neither works.\"";

#[test]
fn a_date_format_that_cannot_print_a_date_is_refused_at_its_line() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let kit = template_file(&dir, "en", "recovery-kit");
    edit(&kit, "date_day = \"%-d %B %Y\"", "date_day = \"%#z\"");
    let err = templates_refused(&dir, DATA_ERR);
    assert_at(&err, &kit, line_of(&kit, "date_day"));
    assert!(err.contains("%#z"), "{err}");

    // In another language and document, after words.
    let dir = fresh_export(root.path(), "tpl2");
    let prep = template_file(&dir, "ru", "id-verification-prep");
    let text = std::fs::read_to_string(&prep).unwrap();
    let month = text
        .lines()
        .find(|l| l.starts_with("date_month"))
        .unwrap()
        .to_string();
    edit(&prep, &month, "date_month = \"%B %#z\"");
    let err = templates_refused(&dir, DATA_ERR);
    assert_at(&err, &prep, line_of(&prep, "date_month"));
}

#[test]
fn a_link_too_long_for_a_qr_code_is_refused_when_loaded() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let kit = template_file(&dir, "en", "recovery-kit");
    let long = format!("https://account.xiaomi.com/{}", "a".repeat(3000));
    edit(
        &kit,
        "url = \"https://account.xiaomi.com\"",
        &format!("url = \"{long}\""),
    );
    let err = templates_refused(&dir, DATA_ERR);
    assert!(err.contains("QR code"), "{err}");
    assert_at(&err, &kit, line_of(&kit, &long));

    // Under the character bound, over the code's bytes: Cyrillic is two bytes
    // a letter. In the prep sheet this time.
    let dir = fresh_export(root.path(), "tpl2");
    let prep = template_file(&dir, "en", "id-verification-prep");
    let cyrillic = format!("https://пример.рф/{}", "ж".repeat(1500));
    edit(
        &prep,
        "url = \"https://account.xiaomi.com\"",
        &format!("url = \"{cyrillic}\""),
    );
    let err = templates_refused(&dir, DATA_ERR);
    assert!(err.contains("QR code"), "{err}");
}

#[test]
fn huge_counts_in_a_template_are_refused_before_anything_is_allocated() {
    let root = tempfile::tempdir().unwrap();
    for (n, (stem, from, to)) in [
        ("id-verification-prep", "rows = 7", "rows = 4294967295"),
        ("recovery-kit", "lines = 1", "lines = 4294967295"),
        ("recovery-kit", "lines = 1", "lines = 41"),
    ]
    .into_iter()
    .enumerate()
    {
        let dir = fresh_export(root.path(), &format!("t{n}"));
        let path = template_file(&dir, "en", stem);
        edit(&path, from, to);
        let err = templates_refused(&dir, DATA_ERR);
        assert_at(&err, &path, line_of(&path, to));
        assert!(err.contains("at most"), "{err}");
    }
}

#[test]
fn too_many_blocks_items_or_characters_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let block = "\n[[block]]\ntype = \"heading\"\ntext = \"More\"\n";
    let items = format!(
        "\n[[block]]\ntype = \"checklist\"\nitems = [{}]\n",
        vec!["\"step\""; 101].join(", ")
    );
    let long = format!(
        "\n[[block]]\ntype = \"paragraph\"\ntext = \"{}\"\n",
        "word ".repeat(500)
    );
    for (n, (extra, what)) in [
        (block.repeat(201), "blocks"),
        (items, "items"),
        (long, "characters"),
    ]
    .into_iter()
    .enumerate()
    {
        let dir = fresh_export(root.path(), &format!("t{n}"));
        let path = template_file(&dir, "es", "recovery-kit");
        append(&path, &extra);
        let err = templates_refused(&dir, DATA_ERR);
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains(what), "{what}: {err}");
    }
}

#[test]
fn a_template_file_too_big_or_unreadable_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let kit = template_file(&dir, "id", "recovery-kit");
    append(&kit, &format!("# {}\n", "x".repeat(300 * 1024)));
    let err = templates_refused(&dir, DATA_ERR);
    assert!(err.contains(&kit.display().to_string()), "{err}");
    assert!(err.contains("KB"), "{err}");

    // There but not readable (a folder where the file should be: refused
    // even for root): EX_NOINPUT, not bad data.
    let dir = fresh_export(root.path(), "tpl2");
    let prep = template_file(&dir, "zh-CN", "id-verification-prep");
    std::fs::remove_file(&prep).unwrap();
    std::fs::create_dir(&prep).unwrap();
    let err = templates_refused(&dir, NO_INPUT);
    assert!(err.contains(&prep.display().to_string()), "{err}");
}

#[test]
fn characters_the_fonts_cannot_print_are_refused_at_load_with_file_and_line() {
    let root = tempfile::tempdir().unwrap();
    // Gujarati and Khmer: scripts no bundled font has (Arabic and Hindi print);
    // and one after an escape and a letter of two bytes, which once put the
    // position inside that letter of the source and panicked.
    for (n, words) in [
        "નમસ્તે",
        "សួស្តី",
        "\u{E000} private",
        "🙂 smile",
        "é\\\\é\u{E000}",
    ]
    .into_iter()
    .enumerate()
    {
        let dir = fresh_export(root.path(), &format!("t{n}"));
        let kit = template_file(&dir, "en", "recovery-kit");
        let from = DECISION_INTRO;
        edit(&kit, from, &format!("text = \"{words}\""));
        let err = templates_refused(&dir, DATA_ERR);
        assert_at(&err, &kit, line_of(&kit, words));
        // Advice for whoever edits the template, not for an owner.
        assert!(!err.contains("write it by hand"), "{err}");
        assert!(!err.contains("this value"), "{err}");
    }
}

#[test]
fn a_bad_placeholder_is_reported_at_its_own_line() {
    let root = tempfile::tempdir().unwrap();
    for (n, bad) in ["{}", "{{owner.name}}", "{owner.nme}"]
        .into_iter()
        .enumerate()
    {
        let dir = fresh_export(root.path(), &format!("t{n}"));
        let kit = template_file(&dir, "en", "recovery-kit");
        // The same text earlier in a comment must not mislead the search,
        // and a placeholder on the second line of a multi-line string is on
        // that line.
        edit_first(
            &kit,
            "[[block]]",
            &format!("# an example: {bad}\n[[block]]"),
        );
        let from = DECISION_INTRO;
        edit(
            &kit,
            from,
            &format!("text = \"\"\"\nRead the rows.\nThen {bad} this.\"\"\""),
        );
        let err = templates_refused(&dir, DATA_ERR);
        assert_at(&err, &kit, line_of(&kit, &format!("Then {bad}")));
    }
}

#[test]
fn placeholders_inside_strong_words_are_checked_and_filled() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let kit = template_file(&dir, "en", "recovery-kit");
    let from = DECISION_INTRO;
    edit(
        &kit,
        from,
        "text = \"Kit of **{owner.name}, phone {account.phone}**.\"",
    );
    let output = build_text(
        &example("priya-nair"),
        &["--only", "kit", "--templates", dir.to_str().unwrap()],
    );
    assert_code(&output, OK, "build --text with the edited template");
    let text = stdout(&output);
    assert!(text.contains("Kit of Priya Nair, phone +91"), "{text}");
    assert!(!text.contains("{owner.name}"), "{text}");

    edit(&kit, "**{owner.name},", "**{owner.nme},");
    let err = templates_refused(&dir, DATA_ERR);
    assert!(err.contains("{owner.nme}"), "{err}");
    assert_at(&err, &kit, line_of(&kit, "**{owner.nme},"));
}

#[test]
fn placeholders_in_pdf_metadata_or_literal_text_are_refused() {
    let root = tempfile::tempdir().unwrap();
    for (n, (stem, key)) in [
        ("recovery-kit", "title = \"Xiaomi Account recovery kit\""),
        ("id-verification-prep", "subject = \"What to gather"),
        ("recovery-kit", "footer = \"Xiaomi Account recovery kit\""),
        ("recovery-kit", "label = \"account.xiaomi.com\""),
    ]
    .into_iter()
    .enumerate()
    {
        let dir = fresh_export(root.path(), &format!("t{n}"));
        let path = template_file(&dir, "en", stem);
        let (k, v) = key.split_once(" = \"").unwrap();
        let edited = format!("{k} = \"{{owner.name}} {v}");
        edit(&path, key, &edited);
        let err = templates_refused(&dir, DATA_ERR);
        assert_at(&err, &path, line_of(&path, &edited));
        if k == "title" || k == "subject" {
            assert!(err.contains("owner's details"), "{err}");
        }
    }
}

#[test]
fn control_and_invisible_characters_in_a_template_are_refused() {
    let root = tempfile::tempdir().unwrap();
    for (n, c) in ["\\u001b[31m", "\\u200b", "\\u3164"]
        .into_iter()
        .enumerate()
    {
        let dir = fresh_export(root.path(), &format!("t{n}"));
        let kit = template_file(&dir, "en", "recovery-kit");
        edit(
            &kit,
            "footer = \"Xiaomi Account recovery kit\"",
            &format!("footer = \"Xiaomi{c} kit\""),
        );
        let err = templates_refused(&dir, DATA_ERR);
        assert_at(&err, &kit, line_of(&kit, "footer"));
        assert!(!err.contains('\u{1b}'), "{err:?}");
    }
}

// Linear work, bounded lists -----------------------------------------------------

/// `mikit check` of a details file `d.toml` holding `contents`.
fn check_contents(contents: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    check(&write_file(dir.path(), "d.toml", contents))
}

#[test]
fn a_hundred_thousand_imeis_are_one_clear_error() {
    // Short items: under the file-size bound, so the list bound is what answers.
    let items: Vec<String> = (0..100_000).map(|i| (i % 10).to_string()).collect();
    let output = check_contents(&format!("[device]\nimei = [{}]\n", items.join(",")));
    assert_eq!(exit_code(&output), DATA_ERR);
    let err = stderr(&output);
    assert!(
        err.contains("d.toml:2:8: device.imei: 100000 IMEIs"),
        "{err}"
    );
    assert!(err.lines().count() < 5, "{err}");
}

#[test]
fn a_three_megabyte_details_file_is_refused_at_once() {
    let items: Vec<String> = (0..200_000)
        .map(|i| format!("\"+91 91234 {:05}\"", i % 100_000))
        .collect();
    let text = format!("[account]\nprevious_phones = [\n{}]\n", items.join(",\n"));
    assert!(text.len() > 3_000_000);
    let output = check_contents(&text);
    assert_eq!(exit_code(&output), DATA_ERR);
    assert!(stderr(&output).contains("KB"), "{}", stderr(&output));
}

#[test]
fn too_many_previous_phones_under_the_size_bound_are_one_error() {
    let items: Vec<String> = (0..20_000)
        .map(|i| format!("\"+91 91234 {:05}\"", i % 100_000))
        .collect();
    let output = check_contents(&format!(
        "[account]\nregion = \"IN\"\nprevious_phones = [\n{}]\n",
        items.join(",\n")
    ));
    assert_eq!(exit_code(&output), DATA_ERR);
    let err = stderr(&output);
    assert!(
        err.contains("account.previous_phones: 20000 items; at most 500"),
        "{err}"
    );
}

#[test]
fn a_flood_of_unknown_keys_prints_a_screenful_not_a_flood() {
    let keys: Vec<String> = (0..50_000).map(|i| format!("k{i} = 1")).collect();
    let output = check_contents(&format!("[owner]\n{}\n", keys.join("\n")));
    assert_eq!(exit_code(&output), DATA_ERR);
    let err = stderr(&output);
    assert!(err.lines().count() < 110, "{} lines", err.lines().count());
    assert!(err.contains("more problems not shown"), "{err}");
    // Positions stay right in a long file.
    assert!(err.contains("d.toml:2:1: owner.k0:"), "{err}");
    assert!(err.contains("d.toml:12:1: owner.k10:"), "{err}");
}

// Nothing from the input reaches the terminal as code ------------------------

#[test]
fn terminal_escapes_in_keys_are_shown_escaped() {
    // TOML escapes: the keys hold the characters themselves.
    for text in [
        "[owner]\n\"\\u001b]0;x\\u0007\" = 1\n",
        "[\"\\u001b[2J\"]\nname = \"Ann\"\n",
        "[account]\n\"\\u009b31m\\u202e\" = \"x\"\n",
    ] {
        let output = check_contents(text);
        assert_eq!(exit_code(&output), DATA_ERR);
        let all = format!("{}{}", stderr(&output), stdout(&output));
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(!all.contains(c), "{c:?} reached the terminal: {all:?}");
        }
        assert!(all.contains("\\u{"), "{all}");
    }
}

#[test]
fn names_that_print_nothing_are_refused() {
    for invisible in [
        "\u{3164}",
        "\u{034F}",
        "\u{115F}",
        "\u{1160}",
        "\u{FFA0}",
        "\u{2800}",
        "\u{E0041}",
        "\u{FE0F}",
        "\u{17B4}",
        "\u{2061}",
    ] {
        for name in [invisible.to_string(), format!("Ann{invisible}Lee")] {
            let output = check_contents(&format!("[owner]\nname = \"{name}\"\n"));
            assert_eq!(exit_code(&output), DATA_ERR, "{name:?}");
            let err = stderr(&output);
            assert!(err.contains("owner.name"), "{name:?}: {err}");
            assert!(!err.contains(invisible), "{name:?} echoed raw: {err}");
        }
    }
}

// Exit codes ---------------------------------------------------------------------

/// Runs mikit with standard output on /dev/full.
fn to_full_device(args: &[&str]) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    mikit()
        .args(args)
        .stdout(Stdio::from(full))
        .output()
        .unwrap()
}

#[test]
fn writing_to_a_full_device_is_an_io_error() {
    let details = example("priya-nair");
    let details = details.to_str().unwrap();
    for args in [
        vec!["build", details, "--text", "--date", DATE],
        vec!["templates"],
        vec!["man"],
        vec!["check", details, "--date", DATE],
        vec!["licences"],
        vec!["completions", "bash"],
        vec!["--help"],
    ] {
        let output = to_full_device(&args);
        assert_eq!(exit_code(&output), IO_ERR, "{args:?}: {}", stderr(&output));
        assert!(!stderr(&output).contains("panicked"), "{args:?}");
    }
}

#[test]
fn a_full_standard_error_is_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = mikit()
        .arg("build")
        .arg(example("priya-nair"))
        .arg("-o")
        .arg(dir.path())
        .args(["--date", DATE])
        .stderr(Stdio::from(full))
        .output()
        .unwrap();
    assert_code(&output, OK, "build with stderr on /dev/full");
    assert_eq!(entries(dir.path()).len(), 2);
}

#[test]
fn escapes_in_a_shop_file_a_csv_header_or_a_file_name_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let shop = write_file(
        dir.path(),
        "shop.toml",
        "name = \"A shop\"\n\"\\u001b]0;x\\u0007\" = \"1\"\n",
    );
    let err = build_refused(
        &example("priya-nair"),
        &dir.path().join("out"),
        &["--shop", shop.to_str().unwrap()],
        DATA_ERR,
    );
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("shop.toml:2:1:"), "{err}");

    let csv = write_file(dir.path(), "c.csv", "name,\u{1b}[2J\u{7}\nAnn Lee,x\n");
    let output = batch(&csv, &dir.path().join("kits"), &[]);
    let all = format!("{}{}", stderr(&output), stdout(&output));
    assert!(!all.contains('\u{1b}'), "{all:?}");
    assert!(!all.contains('\u{7}'), "{all:?}");

    let named = write_file(dir.path(), "a\u{1b}[31mb.toml", "[owner]\nname = \"Ann\"\n");
    let output = check(&named);
    assert_code(&output, OK, "check of a file named with an escape");
    let all = format!("{}{}", stderr(&output), stdout(&output));
    assert!(!all.contains('\u{1b}'), "{all:?}");
    assert!(all.contains("a\\u{1B}[31mb.toml"), "{all}");
}

#[test]
fn a_huge_unknown_key_is_echoed_short() {
    for text in [
        format!("[owner]\n\"{}\" = 1\n", "k".repeat(500_000)),
        format!("[\"{}\"]\nname = \"Ann\"\n", "é".repeat(200_000)),
    ] {
        let output = check_contents(&text);
        assert_eq!(exit_code(&output), DATA_ERR);
        let err = stderr(&output);
        assert!(
            err.lines().all(|l| l.chars().count() < 400),
            "a line of {} characters",
            err.lines().map(|l| l.chars().count()).max().unwrap_or(0)
        );
        assert!(
            err.contains("characters long"),
            "{}",
            &err[..300.min(err.len())]
        );
    }
}
