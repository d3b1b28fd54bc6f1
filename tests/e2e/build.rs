//! End-to-end tests of `mikit build`: the real binary, real files, and the
//! PDFs read back with poppler-utils, qpdf and lopdf.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, SystemTime};

use common::{
    A4, DATA_ERR, DATE, LETTER, PDFS, assert_code, assert_contains, assert_no_temp_files,
    assert_paper, assert_success, build, build_ok, build_on, build_refused, build_text, entries,
    example, find_tool, mikit, mikit_under_umask_000, mode, pdf_fonts, pdftotext, read, run,
    squash, stderr, stdout, tool, tool_output, word_boxes, write_file,
};

/// The owner's values from an example, as they must appear in print.
struct Owner {
    example: &'static str,
    name: &'static str,
    email: &'static str,
    phone: &'static str,
    region: &'static str,
    created: &'static str,
    imei: &'static [&'static str],
}

const PRIYA: Owner = Owner {
    example: "priya-nair",
    name: "Priya Nair",
    email: "priya.nair@example.com",
    phone: "+91 98765 43210",
    region: "India",
    created: "17 August 2020",
    imei: &["356938035643809", "356938035643817"],
};

const WANG: Owner = Owner {
    example: "wang-fang",
    name: "王芳",
    email: "wangfang88@example.cn",
    phone: "+86 138 0013 8000",
    region: "China",
    created: "May 2019",
    imei: &["861234567890127"],
};

const OWNERS: [&Owner; 2] = [&PRIYA, &WANG];

fn lopdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf loads the PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(!pages.is_empty(), "the PDF has no pages");
    doc.extract_text(&pages).expect("lopdf extracts the text")
}

// 1 ---------------------------------------------------------------------------

#[test]
fn examples_build_both_pdfs_with_owner_values_and_template_text() {
    let pdftotext_tool = tool("pdftotext");
    for owner in OWNERS {
        let dir = tempfile::tempdir().unwrap();
        let output = build_ok(&example(owner.example), dir.path(), &[]);
        assert_eq!(
            entries(dir.path()),
            {
                let mut v = PDFS.to_vec();
                v.sort();
                v
            },
            "{}: exactly the two PDFs are written",
            owner.example
        );
        for pdf in PDFS {
            assert_contains(&stderr(&output), pdf, "the build reports each file");
        }

        // lopdf: an independent reader of the same bytes.
        let kit_bytes = read(&dir.path().join("recovery-kit.pdf"));
        let lo = squash(&lopdf_text(&kit_bytes));
        assert_contains(&lo, owner.name, "lopdf text of the kit");
        assert_contains(&lo, "Method 3", "lopdf text of the kit");

        let Some(pdftotext_tool) = &pdftotext_tool else {
            continue;
        };
        for pdf in PDFS {
            let path = dir.path().join(pdf);
            let raw = pdftotext(pdftotext_tool, &path);
            let text = squash(&raw);
            let what = format!("{} {pdf}", owner.example);
            for value in [
                owner.name,
                owner.email,
                owner.phone,
                owner.region,
                owner.created,
            ]
            .iter()
            .chain(owner.imei)
            {
                assert_contains(&text, value, &what);
            }
            for phrase in [
                "Forgot password",
                "Can't verify identity",
                "account.xiaomi.com",
            ] {
                assert_contains(&text, phrase, &what);
            }
            // pdftotext ends every page with a form feed; each carries its own number.
            let pages: Vec<&str> = raw
                .split('\u{c}')
                .filter(|p| !p.trim().is_empty())
                .collect();
            assert!(!pages.is_empty(), "{what}: no pages of text");
            for (i, page) in pages.iter().enumerate() {
                let label = format!("Page {} of {}", i + 1, pages.len());
                assert_contains(&squash(page), &label, &what);
            }
        }
        let kit = squash(&pdftotext(
            pdftotext_tool,
            &dir.path().join("recovery-kit.pdf"),
        ));
        for phrase in [
            "Method 1",
            "Method 2",
            "Method 3",
            "Method 4",
            "Never pay for an unofficial unlock",
        ] {
            assert_contains(&kit, phrase, &format!("{} kit", owner.example));
        }
    }
}

// 2 ---------------------------------------------------------------------------

#[test]
fn fonts_are_embedded_unicode_subsets() {
    let Some(pdffonts) = tool("pdffonts") else {
        return;
    };
    for owner in OWNERS {
        let dir = tempfile::tempdir().unwrap();
        build_ok(&example(owner.example), dir.path(), &[]);
        for pdf in PDFS {
            let rows = pdf_fonts(&pdffonts, &dir.path().join(pdf));
            let what = format!("{} {pdf}", owner.example);
            for row in &rows {
                assert!(row.embedded, "{what}: {} not embedded", row.name);
                assert!(row.subset, "{what}: {} not a subset", row.name);
                assert!(row.unicode, "{what}: {} has no ToUnicode", row.name);
                assert!(
                    row.has_subset_tag(),
                    "{what}: {} is not six capital letters, + and a name",
                    row.name
                );
            }
            if owner.example == "wang-fang" {
                assert!(
                    rows.iter()
                        .any(|r| r.name.ends_with("+DroidSansFallbackFull")),
                    "{what}: the CJK font DroidSansFallbackFull is not listed"
                );
            }
        }
    }
}

// 3 ---------------------------------------------------------------------------

#[test]
fn paper_size_follows_region_and_flag() {
    let Some(pdfinfo) = tool("pdfinfo") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let india = example("priya-nair");

    let out = tmp.path().join("default");
    build_ok(&india, &out, &[]);
    assert_paper(&pdfinfo, &out, PDFS, A4, "region IN, no --paper");

    let out = tmp.path().join("letter");
    build_ok(&india, &out, &["--paper", "letter"]);
    assert_paper(&pdfinfo, &out, PDFS, LETTER, "region IN, --paper letter");

    let us = write_file(
        tmp.path(),
        "us.toml",
        "[owner]\nname = \"Sam Carter\"\n\n[account]\nregion = \"US\"\n",
    );
    let out = tmp.path().join("us");
    build_ok(&us, &out, &[]);
    assert_paper(&pdfinfo, &out, PDFS, LETTER, "region US, no --paper");

    let out = tmp.path().join("us-a4");
    build_ok(&us, &out, &["--paper", "a4"]);
    assert_paper(&pdfinfo, &out, PDFS, A4, "region US, --paper a4");
}

// 4 ---------------------------------------------------------------------------

#[test]
fn builds_are_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let details = example("priya-nair");
    let dir = |name: &str| tmp.path().join(name);

    build_ok(&details, &dir("a"), &[]);
    build_ok(&details, &dir("b"), &[]);
    for pdf in PDFS {
        assert!(
            read(&dir("a").join(pdf)) == read(&dir("b").join(pdf)),
            "{pdf}: two runs with --date {DATE} differ"
        );
    }

    // SOURCE_DATE_EPOCH=1764201600 is 2025-11-27, not today.
    for name in ["sde1", "sde2"] {
        let output = run(mikit()
            .env("SOURCE_DATE_EPOCH", "1764201600")
            .arg("build")
            .arg(&details)
            .arg("-o")
            .arg(dir(name)));
        assert_success(&output, "mikit build with SOURCE_DATE_EPOCH");
    }
    assert_success(
        &build_on("2025-11-27", &details, &dir("dated"), &[]),
        "mikit build --date 2025-11-27",
    );
    for pdf in PDFS {
        let first = read(&dir("sde1").join(pdf));
        assert!(
            first == read(&dir("sde2").join(pdf)),
            "{pdf}: two runs with SOURCE_DATE_EPOCH differ"
        );
        assert!(
            first == read(&dir("dated").join(pdf)),
            "{pdf}: SOURCE_DATE_EPOCH=1764201600 does not give the same file as --date 2025-11-27"
        );
    }

    assert_success(
        &build_on("2026-11-28", &details, &dir("later"), &[]),
        "mikit build --date 2026-11-28",
    );
    for pdf in PDFS {
        assert!(
            read(&dir("a").join(pdf)) != read(&dir("later").join(pdf)),
            "{pdf}: a different --date gives the same bytes"
        );
    }
}

// 5 ---------------------------------------------------------------------------

#[test]
fn pdfs_pass_qpdf_check_and_are_small() {
    let qpdf = tool("qpdf");
    for owner in OWNERS {
        let dir = tempfile::tempdir().unwrap();
        build_ok(&example(owner.example), dir.path(), &[]);
        for pdf in PDFS {
            let path = dir.path().join(pdf);
            let size = read(&path).len();
            assert!(
                size <= 100 * 1024,
                "{} {pdf} is {size} bytes, more than 100 KB",
                owner.example
            );
            if let Some(qpdf) = &qpdf {
                let report = tool_output(qpdf, &["--check".as_ref(), path.as_os_str()]);
                assert_contains(
                    &report,
                    "No syntax or stream encoding errors found",
                    &format!("qpdf --check {} {pdf}", owner.example),
                );
            }
        }
    }
}

/// The catalog of a PDF as qpdf shows it: `qpdf --show-object=trailer`, then
/// the object /Root names.
fn qpdf_catalog(qpdf: &Path, pdf: &Path) -> String {
    let trailer = tool_output(qpdf, &["--show-object=trailer".as_ref(), pdf.as_os_str()]);
    let root = trailer
        .split("/Root ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no /Root in the trailer of {}: {trailer}", pdf.display()));
    let show = format!("--show-object={root}");
    tool_output(qpdf, &[show.as_ref(), pdf.as_os_str()])
}

#[test]
fn each_pdf_declares_its_language_and_shows_its_title() {
    let Some(qpdf) = tool("qpdf") else {
        return;
    };
    for (lang, tag) in [
        ("en", "en"),
        ("es", "es"),
        ("pt-BR", "pt-BR"),
        ("id", "id"),
        ("zh-CN", "zh-CN"),
        ("ru", "ru"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        build_ok(&example("priya-nair"), dir.path(), &["--lang", lang]);
        for pdf in PDFS {
            let path = dir.path().join(pdf);
            let catalog = qpdf_catalog(&qpdf, &path);
            let what = format!("catalog of {pdf} in {lang}");
            assert_contains(&catalog, &format!("/Lang ({tag})"), &what);
            assert_contains(
                &catalog,
                "/ViewerPreferences << /DisplayDocTitle true >>",
                &what,
            );
            // lopdf, independently: the same two entries.
            let doc = lopdf::Document::load_mem(&read(&path)).expect("lopdf loads the PDF");
            let catalog = doc.catalog().expect("a catalog");
            assert_eq!(
                catalog.get(b"Lang").and_then(|l| l.as_str()).ok(),
                Some(tag.as_bytes()),
                "{what}"
            );
            let prefs = catalog
                .get(b"ViewerPreferences")
                .and_then(|p| p.as_dict())
                .expect("viewer preferences");
            assert!(
                matches!(
                    prefs.get(b"DisplayDocTitle"),
                    Ok(lopdf::Object::Boolean(true))
                ),
                "{what}"
            );
        }
    }
}

// 6 ---------------------------------------------------------------------------

#[test]
fn long_values_stay_inside_the_margins() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let store = "Shop 14B, Ground Floor, Phoenix Marketcity Shopping Centre, Whitefield Main \
                 Road, Mahadevapura, opposite the Brigade Metropolis entrance, next to the \
                 central atrium escalators, Bengaluru, Karnataka 560048";
    assert!((190..=210).contains(&store.chars().count()));
    let email = format!("{}@example.com", "a".repeat(70));
    let details = write_file(
        tmp.path(),
        "long.toml",
        format!(
            "[owner]\nname = \"Ananya Krishnamurthy\"\n\n[account]\nemail = \"{email}\"\n\n\
             [device]\nstore = \"{store}\"\n"
        ),
    );
    let margin = 15.0 * 72.0 / 25.4; // 15 mm in points, 42.52
    for paper in ["a4", "letter"] {
        let out = tmp.path().join(paper);
        build_ok(&details, &out, &["--paper", paper]);
        for pdf in PDFS {
            let path = out.join(pdf);
            let what = format!("{paper} {pdf}");
            let words = word_boxes(&pdftotext_tool, &path);
            assert!(
                words.len() > 100,
                "{what}: only {} words found",
                words.len()
            );
            assert!(
                words.iter().any(|w| w.text.contains("aaaaaaaaaa")),
                "{what}: the long email is not printed"
            );
            assert!(
                words.iter().any(|w| w.text.contains("Marketcity")),
                "{what}: the long store address is not printed"
            );
            for w in &words {
                assert!(
                    w.x_min >= margin && w.x_max <= w.page_width - margin,
                    "{what}: {:?} spans x {}..{} on a page {} wide, outside the 15 mm margins",
                    w.text,
                    w.x_min,
                    w.x_max,
                    w.page_width
                );
            }
            // Nothing was cut off: the values are whole once line breaks are removed.
            let joined: String = pdftotext(&pdftotext_tool, &path)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert_contains(&joined, &email, &what);
            let store_joined: String = store.chars().filter(|c| !c.is_whitespace()).collect();
            assert_contains(&joined, &store_joined, &what);
        }
    }
}

// 7 ---------------------------------------------------------------------------

#[test]
fn chinese_name_and_store_are_printed() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    build_ok(&example("wang-fang"), dir.path(), &["--only", "kit"]);
    let text = pdftotext(&pdftotext_tool, &dir.path().join("recovery-kit.pdf"));
    assert_contains(&text, "王芳", "wang-fang kit");
    assert_contains(&text, "小米之家", "wang-fang kit");
}

// 8 ---------------------------------------------------------------------------

#[test]
fn a_name_no_bundled_font_prints_is_refused_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    // Gujarati: a script mikit has no font for (Arabic, Hindi, Thai... print).
    let details = write_file(
        tmp.path(),
        "gujarati.toml",
        "# An owner whose name no bundled font has\n\n[owner]\nname = \"ભાવિન\"\n",
    );
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let err = build_refused(&details, &out, &[], DATA_ERR);
    assert_contains(&err, "owner.name", "stderr");
    assert_contains(&err, &format!("{}:4:", details.display()), "stderr");
}

// 9 ---------------------------------------------------------------------------

#[test]
fn existing_files_are_not_overwritten_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let details = example("priya-nair");
    build_ok(&details, &out, &[]);

    // An old mtime, so that any rewrite shows.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    let mut before = Vec::new();
    for pdf in PDFS {
        let path = out.join(pdf);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        before.push((
            read(&path),
            std::fs::metadata(&path).unwrap().modified().unwrap(),
        ));
    }

    // A different date, so that overwritten files would have different bytes.
    let output = build_on("2026-11-28", &details, &out, &[]);
    let err = stderr(&output);
    assert!(
        !output.status.success(),
        "the second build succeeded:\n{err}"
    );
    assert_contains(&err, "--force", "stderr");
    for (pdf, (bytes, mtime)) in PDFS.iter().zip(&before) {
        let path = out.join(pdf);
        assert!(read(&path) == *bytes, "{pdf} was changed");
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            *mtime,
            "{pdf} was touched"
        );
    }

    assert_success(
        &build_on("2026-11-28", &details, &out, &["--force"]),
        "mikit build --force",
    );
    for (pdf, (bytes, _)) in PDFS.iter().zip(&before) {
        assert!(
            read(&out.join(pdf)) != *bytes,
            "--force did not replace {pdf}"
        );
    }
}

// 10 --------------------------------------------------------------------------

#[test]
fn files_are_private_and_no_temp_files_remain() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let output = run(mikit_under_umask_000()
        .arg("build")
        .arg(example("priya-nair"))
        .arg("-o")
        .arg(&out)
        .args(["--date", DATE]));
    assert_success(&output, "mikit build under umask 000");
    // And once more with --force, which replaces the files.
    build_ok(&example("priya-nair"), &out, &["--force"]);
    for pdf in PDFS {
        let mode = mode(&out.join(pdf));
        assert_eq!(mode, 0o600, "{pdf} has mode {mode:o}");
    }
    assert_no_temp_files(&out);
    let names = entries(&out);
    assert_eq!(names.len(), 2, "unexpected files: {names:?}");
}

// 11 --------------------------------------------------------------------------

#[test]
fn only_kit_and_text_preview() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("kit");
    build_ok(&example("priya-nair"), &out, &["--only", "kit"]);
    assert_eq!(entries(&out), vec!["recovery-kit.pdf".to_string()]);

    let work = tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let output = run(mikit()
        .current_dir(&work)
        .arg("build")
        .arg(example("priya-nair"))
        .args(["-o", "out", "--text", "--date", DATE]));
    assert_success(&output, "mikit build --text");
    let text = stdout(&output);
    assert_contains(&text, "Method 2", "--text output");
    assert_contains(&text, PRIYA.email, "--text output");
    // Both documents.
    assert_contains(
        &text,
        "Xiaomi Account (Mi Account) recovery kit",
        "--text output",
    );
    assert_contains(&text, "Identity-verification prep sheet", "--text output");
    assert_eq!(entries(&work), Vec::<String>::new(), "--text wrote files");
}

// 12 --------------------------------------------------------------------------

#[test]
fn missing_values_become_write_in_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let details = write_file(
        tmp.path(),
        "name-only.toml",
        "[owner]\nname = \"Ravi Menon\"\n",
    );
    let out = tmp.path().join("out");
    build_ok(&details, &out, &[]);

    let output = build_text(&details, &[]);
    assert_success(&output, "mikit build --text");
    let text = stdout(&output);
    assert_contains(&text, "Ravi Menon", "--text output");
    let email_row = text
        .lines()
        .find(|l| l.starts_with("Registered email"))
        .unwrap_or_else(|| panic!("no Registered email row in:\n{text}"));
    assert!(
        email_row.contains("________"),
        "missing email shows as {email_row:?}"
    );

    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    for pdf in PDFS {
        let text = pdftotext(&pdftotext_tool, &out.join(pdf));
        assert_contains(&text, "Ravi Menon", pdf);
        // "None of these" is the template's own wording; any other None is a leak.
        let rest = text.replace("None of these", "");
        for bad in ["None", "null", "Some(", "undefined"] {
            assert!(!rest.contains(bad), "{pdf} prints {bad:?}:\n{text}");
        }
    }
}

// 13 --------------------------------------------------------------------------

#[test]
fn metadata_holds_no_personal_data() {
    let Some(pdfinfo) = tool("pdfinfo") else {
        return;
    };
    for owner in OWNERS {
        let dir = tempfile::tempdir().unwrap();
        build_ok(&example(owner.example), dir.path(), &[]);
        for pdf in PDFS {
            let info = tool_output(&pdfinfo, &[dir.path().join(pdf).as_os_str()]);
            let field = |name: &str| {
                info.lines()
                    .find_map(|l| l.strip_prefix(&format!("{name}:")))
                    .map(|v| v.trim().to_string())
            };
            let title = field("Title").unwrap_or_default();
            assert_contains(&title, "Xiaomi Account", &format!("{pdf} Title"));
            for name in ["Title", "Subject", "Author", "Keywords"] {
                let Some(value) = field(name) else { continue };
                for personal in [owner.name, owner.email, owner.phone] {
                    assert!(
                        !value.contains(personal),
                        "{} {pdf}: {name} {value:?} holds {personal:?}",
                        owner.example
                    );
                }
            }
        }
    }
}

// 14 --------------------------------------------------------------------------

#[test]
fn unknown_key_gets_a_suggestion_and_position() {
    let tmp = tempfile::tempdir().unwrap();
    let details = write_file(
        tmp.path(),
        "typo.toml",
        "[owner]\nname = \"Lee Chen\"\n\n[account]\nregion = \"GB\"\n  emial = \"x@y.com\"\n",
    );
    let err = build_refused(&details, &tmp.path().join("out"), &[], DATA_ERR);
    assert_contains(&err, "did you mean email", "stderr");
    assert_contains(&err, &format!("{}:6:3:", details.display()), "stderr");
}

// 15 --------------------------------------------------------------------------

#[test]
fn password_keys_are_refused_without_echoing_them() {
    let tmp = tempfile::tempdir().unwrap();
    let details = write_file(
        tmp.path(),
        "secret.toml",
        "[owner]\nname = \"Lee Chen\"\n\n[account]\npassword = \"hunter2\"\n",
    );
    let out = tmp.path().join("out");
    let output = build(&details, &out, &[]);
    let err = stderr(&output);
    assert_code(&output, DATA_ERR, "a password key");
    assert_contains(&err, "never stores or prints passwords", "stderr");
    assert!(
        !err.contains("hunter2"),
        "stderr echoes the password:\n{err}"
    );
    assert!(
        !stdout(&output).contains("hunter2"),
        "stdout echoes the password"
    );
    assert!(entries(&out).is_empty(), "nothing may be written");
}

// The helper the other tests rely on to skip or fail ---------------------------

#[test]
fn tool_helper_skips_only_outside_ci() {
    let bin = tempfile::tempdir().unwrap();
    let path = Some(bin.path().as_os_str().to_os_string());
    let fake = |name: &str, mode: u32| {
        let p = bin.path().join(name);
        std::fs::write(&p, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        p
    };
    let present = fake("present-tool", 0o755);
    fake("not-executable", 0o644);

    // Found: returned whatever CI says.
    assert_eq!(
        find_tool("present-tool", path.clone(), false),
        Some(present.clone())
    );
    assert_eq!(find_tool("present-tool", path.clone(), true), Some(present));
    // Missing outside CI: skip.
    assert_eq!(find_tool("absent-tool", path.clone(), false), None);
    assert_eq!(find_tool("not-executable", path.clone(), false), None);
    assert_eq!(find_tool("absent-tool", None, false), None);
    // Missing on CI: fail.
    for name in ["absent-tool", "not-executable"] {
        let p = path.clone();
        let on_ci = std::panic::catch_unwind(|| find_tool(name, p, true));
        assert!(
            on_ci.is_err(),
            "{name}: a missing tool on CI must fail the test"
        );
    }
}

// The QR code -------------------------------------------------------------------

/// The printed QR code really opens the official site: rendered at print-like
/// resolution and read back with a barcode scanner.
#[test]
fn qr_code_scans_to_the_official_site() {
    let (Some(pdftoppm), Some(zbarimg)) = (tool("pdftoppm"), tool("zbarimg")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    build_ok(&example("priya-nair"), dir.path(), &[]);
    for doc in ["recovery-kit", "id-verification-prep"] {
        let prefix = dir.path().join(format!("{doc}-page"));
        let rendered = std::process::Command::new(&pdftoppm)
            .args(["-r", "150", "-png", "-f", "1", "-l", "1"])
            .arg(dir.path().join(format!("{doc}.pdf")))
            .arg(&prefix)
            .status()
            .expect("run pdftoppm");
        assert!(rendered.success());
        let png = dir.path().join(format!("{doc}-page-1.png"));
        let scanned = std::process::Command::new(&zbarimg)
            .args(["-q", "--raw"])
            .arg(&png)
            .output()
            .expect("run zbarimg");
        let found = String::from_utf8_lossy(&scanned.stdout);
        assert_eq!(
            found.trim(),
            "https://account.xiaomi.com",
            "{doc}: scanned {found:?}"
        );
    }
}
