//! The languages mikit prints in: every built-in template has the English
//! template's shape and its own words; `--lang`, a details file's
//! `[owner] language` and a CSV `language` column choose it; dates and page
//! labels print in it; and exported, edited templates are checked before any
//! PDF is made.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mikit::content::{
    BlockTemplate, Condition, DocKind, Lang, Template, TemplateSet, Token, tokens,
};

use common::{
    CANT_CREAT, DATA_ERR, NO_INPUT, PDFS, USAGE, assert_at, assert_code, assert_has, assert_lacks,
    assert_success, batch, build_ok, build_refused, edit, entries, example, export_templates,
    fresh_export, line_of, manifest, mikit, pdf_fonts, pdftotext, run, stderr, stdout,
    template_file, template_toml, templates_refused, today, tool, tree, without_whitespace,
    write_file,
};

/// The twelve files `mikit templates export DIR` writes, relative to DIR.
fn template_files() -> Vec<String> {
    let mut files: Vec<String> = Lang::ALL
        .iter()
        .flat_map(|lang| {
            DocKind::ALL
                .iter()
                .map(move |kind| format!("{}/{}.toml", lang.code(), kind.stem()))
        })
        .collect();
    files.sort();
    files
}

// Expectations per language ---------------------------------------------------

/// How DATE (2026-11-27) prints in each language.
fn made_on(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "27 November 2026",
        Lang::Es => "27 de noviembre de 2026",
        Lang::PtBr => "27 de novembro de 2026",
        Lang::Id => "27 November 2026",
        Lang::ZhCn => "2026年11月27日",
        Lang::Ru => "27 ноября 2026 г.",
        Lang::Fr => "27 novembre 2026",
        Lang::De => "27. November 2026",
        Lang::It => "27 novembre 2026",
        Lang::Pl => "27 listopada 2026",
        Lang::Tr => "27 Kasım 2026",
        Lang::Uk => "27 листопада 2026 р.",
        Lang::Vi => "ngày 27 tháng 11 năm 2026",
        Lang::Hi => "27 नवंबर 2026",
        Lang::Ar => "27 نوفمبر 2026",
        Lang::Th => "27 พฤศจิกายน 2569",
    }
}

/// The start of the first page's label in each language.
fn page_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Page 1 of",
        Lang::Es | Lang::PtBr => "Página 1 de",
        Lang::Id => "Halaman 1 dari",
        Lang::ZhCn => "第 1 页",
        Lang::Ru => "Страница 1 из",
        Lang::Fr => "Page 1 sur",
        Lang::De => "Seite 1 von",
        Lang::It => "Pagina 1 di",
        Lang::Pl => "Strona 1 z",
        Lang::Tr => "Sayfa 1 /",
        Lang::Uk => "Сторінка 1 з",
        Lang::Vi => "Trang 1/",
        Lang::Hi => "पृष्ठ 1 /",
        Lang::Ar => "الصفحة 1 من",
        Lang::Th => "หน้า 1 จาก",
    }
}

/// The owner's values from an example, as they must appear in print.
struct Owner {
    example: &'static str,
    name: &'static str,
    email: &'static str,
    phone: &'static str,
}

const OWNERS: [Owner; 2] = [
    Owner {
        example: "priya-nair",
        name: "Priya Nair",
        email: "priya.nair@example.com",
        phone: "+91 98765 43210",
    },
    Owner {
        example: "wang-fang",
        name: "王芳",
        email: "wangfang88@example.cn",
        phone: "+86 138 0013 8000",
    },
];

/// The title block of a template file: `block[0]`.
fn title_block(lang: Lang, kind: DocKind) -> toml::Table {
    let table = template_toml(lang.code(), kind.stem());
    let block = &table["block"].as_array().expect("block is an array")[0];
    assert_eq!(
        block["type"].as_str(),
        Some("title"),
        "{}/{}: block[0] is the title",
        lang.code(),
        kind.stem()
    );
    block.as_table().expect("a block is a table").clone()
}

/// The title's text, as printed: without `**` markers.
fn title_text(lang: Lang, kind: DocKind) -> String {
    title_block(lang, kind)["text"]
        .as_str()
        .expect("block[0].text is a string")
        .replace("**", "")
}

/// The title line that holds `{today}`, filled with `date`, as printed.
fn made_on_line(lang: Lang, kind: DocKind, date: &str) -> String {
    let block = title_block(lang, kind);
    let line = block["lines"]
        .as_array()
        .expect("block[0].lines is an array")
        .iter()
        .filter_map(|l| l.as_str())
        .find(|l| l.contains("{today}"))
        .unwrap_or_else(|| {
            panic!(
                "{}/{}: no title line has {{today}}",
                lang.code(),
                kind.stem()
            )
        })
        .replace("**", "");
    // Only the words up to the date: what follows holds other placeholders.
    let (before, _) = line.split_once("{today}").expect("has {today}");
    format!("{before}{date}")
}

// 1. Parity -------------------------------------------------------------------

/// The placeholders of one template string, as a sorted multiset.
fn placeholders(s: &str, what: &str) -> Vec<String> {
    let mut keys: Vec<String> = tokens(s)
        .unwrap_or_else(|e| panic!("{what}: {e}"))
        .into_iter()
        .filter_map(|t| match t {
            Token::Value(key) => Some(format!("{key:?}")),
            _ => None,
        })
        .collect();
    keys.sort();
    keys
}

/// The conditions of a list's entries, e.g. `[-, account.id given, -]`.
fn conditions<'a>(list: impl Iterator<Item = Option<&'a Condition>>) -> String {
    let all: Vec<String> = list
        .map(|c| c.map_or("-".to_string(), |c| c.to_string()))
        .collect();
    format!("[{}]", all.join(", "))
}

/// What a block is made of, apart from its words: kinds, counts and the
/// conditions on the block and on each of its entries.
fn shape(block: &BlockTemplate, only_if: Option<&Condition>) -> String {
    let when = only_if.map_or(String::new(), |c| format!(" only_if={c}"));
    format!("{}{when}", entries_shape(block))
}

fn entries_shape(block: &BlockTemplate) -> String {
    let kind = block.kind_name();
    match block {
        BlockTemplate::Title { lines, link, .. } => {
            format!("{kind} lines={} link={}", lines.len(), link.is_some())
        }
        BlockTemplate::Checklist { numbered, items } => format!(
            "{kind} numbered={numbered} items={}",
            conditions(items.iter().map(|i| i.only_if.as_ref()))
        ),
        BlockTemplate::Fields { rows } => format!(
            "{kind} rows={}",
            conditions(rows.iter().map(|r| r.only_if.as_ref()))
        ),
        BlockTemplate::Choices { rows } => format!(
            "{kind} rows={}",
            conditions(rows.iter().map(|r| r.only_if.as_ref()))
        ),
        BlockTemplate::WriteBox { lines, .. } => format!("{kind} lines={lines}"),
        BlockTemplate::Callout { body, .. } => format!("{kind} body={}", body.len()),
        BlockTemplate::Shop { details, .. } => format!("{kind} details={}", details.len()),
        BlockTemplate::Link { body, .. } => format!("{kind} body={}", body.len()),
        BlockTemplate::Log { columns, rows } => {
            format!("{kind} columns={} rows={rows}", columns.len())
        }
        BlockTemplate::Heading { .. }
        | BlockTemplate::Subheading { .. }
        | BlockTemplate::Paragraph { .. } => kind.to_string(),
    }
}

/// Placeholders of every string of a template, in `strings()` order; the page
/// label (filled by the layout with {page} and {pages}) as itself.
fn placeholder_lists(t: &Template, what: &str) -> Vec<Vec<String>> {
    let page = t.document.page.as_str();
    t.strings()
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            if std::ptr::eq(s, page) {
                assert!(
                    s.contains("{page}") && s.contains("{pages}"),
                    "{what}: page label {s:?}"
                );
                vec!["{page}".to_string(), "{pages}".to_string()]
            } else {
                placeholders(s, &format!("{what}, string {i} {s:?}"))
            }
        })
        .collect()
}

/// Whether an English string has words to translate: not a date format, an
/// address or placeholders alone.
fn has_words(s: &str) -> bool {
    if s.contains('%') || s.starts_with("http") {
        return false;
    }
    // Placeholders are not words; the page label's {page} is not one tokens()
    // knows, so they are dropped by hand.
    let mut words = String::new();
    let mut in_braces = false;
    for c in s.chars() {
        match c {
            '{' => in_braces = true,
            '}' => in_braces = false,
            _ if !in_braces => words.push(c),
            _ => {}
        }
    }
    words.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

#[test]
fn every_language_has_the_english_templates_shape() {
    let set = TemplateSet::builtin();
    let entries: Vec<_> = set.entries().collect();
    assert_eq!(entries.len(), Lang::ALL.len() * DocKind::ALL.len());
    for kind in DocKind::ALL {
        let english = set.get(Lang::En, kind);
        let shapes_of = |t: &Template| -> Vec<String> {
            t.blocks
                .iter()
                .zip(&t.only_if)
                .map(|(b, c)| shape(b, c.as_ref()))
                .collect()
        };
        let en_shapes = shapes_of(english);
        assert!(
            en_shapes
                .iter()
                .any(|s| s.contains(" missing") || s.contains(" given")),
            "en/{}: the parity check must see conditions: {en_shapes:#?}",
            kind.stem()
        );
        let en_kinds: Vec<&str> = english.blocks.iter().map(|b| b.kind_name()).collect();
        let en_strings = english.strings();
        let en_keys = placeholder_lists(english, &format!("en/{}", kind.stem()));
        assert!(
            en_keys.iter().any(|k| !k.is_empty()),
            "en/{}: no placeholders at all",
            kind.stem()
        );
        for lang in Lang::ALL {
            let what = format!("{}/{}", lang.code(), kind.stem());
            let t = set.get(lang, kind);
            assert_eq!(t.lang, lang, "{what}: the template's language");
            let kinds: Vec<&str> = t.blocks.iter().map(|b| b.kind_name()).collect();
            assert_eq!(kinds, en_kinds, "{what}: block kinds, in order");
            let shapes = shapes_of(t);
            assert_eq!(shapes, en_shapes, "{what}: blocks' shapes");
            let strings = t.strings();
            assert_eq!(strings.len(), en_strings.len(), "{what}: number of strings");
            let keys = placeholder_lists(t, &what);
            for (i, (k, en)) in keys.iter().zip(&en_keys).enumerate() {
                assert_eq!(
                    k, en,
                    "{what}: placeholders of string {i} {:?} (English {:?})",
                    strings[i], en_strings[i]
                );
            }
        }
    }
}

#[test]
fn every_other_language_has_its_own_words() {
    let set = TemplateSet::builtin();
    for kind in DocKind::ALL {
        let english = set.get(Lang::En, kind);
        let en_strings = english.strings();
        let en_title = title_text(Lang::En, kind);
        for lang in Lang::ALL.into_iter().filter(|&l| l != Lang::En) {
            let what = format!("{}/{}", lang.code(), kind.stem());
            let t = set.get(lang, kind);
            assert_ne!(
                t.document.title, english.document.title,
                "{what}: document.title is the English one"
            );
            let title = title_text(lang, kind);
            assert_ne!(title, en_title, "{what}: the title block is in English");
            assert_ne!(
                t.document.page, english.document.page,
                "{what}: the page label is in English"
            );
            let strings = t.strings();
            let worded: Vec<usize> = (0..en_strings.len())
                .filter(|&i| has_words(en_strings[i]))
                .collect();
            assert!(
                worded.len() > 20,
                "en/{}: too few strings: {}",
                kind.stem(),
                worded.len()
            );
            let same: Vec<&str> = worded
                .iter()
                .filter(|&&i| strings[i] == en_strings[i])
                .map(|&i| strings[i])
                .collect();
            let differ = worded.len() - same.len();
            assert!(
                differ * 10 >= worded.len() * 8,
                "{what}: only {differ} of {} strings differ from English; unchanged: {same:#?}",
                worded.len()
            );
        }
    }
}

// 2. Every language through the binary --------------------------------------

#[test]
fn every_language_builds_both_documents_for_both_examples() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let Some(pdffonts_tool) = tool("pdffonts") else {
        return;
    };
    for owner in &OWNERS {
        for lang in Lang::ALL {
            let dir = tempfile::tempdir().unwrap();
            build_ok(
                &example(owner.example),
                dir.path(),
                &["--lang", lang.code()],
            );
            let mut written = PDFS.to_vec();
            written.sort();
            assert_eq!(entries(dir.path()), written);
            for kind in DocKind::ALL {
                let what = format!("{} --lang {} {}", owner.example, lang.code(), kind.stem());
                let pdf = dir.path().join(format!("{}.pdf", kind.stem()));
                let text = pdftotext(&pdftotext_tool, &pdf);
                assert_has(&text, &title_text(lang, kind), &what);
                assert_has(&text, owner.name, &what);
                assert_has(&text, owner.email, &what);
                assert_has(&text, owner.phone, &what);
                assert_has(&text, &made_on_line(lang, kind, made_on(lang)), &what);
                assert_has(&text, page_label(lang), &what);
                if lang != Lang::En {
                    // Nothing fell back to English.
                    assert_lacks(&text, &title_text(Lang::En, kind), &what);
                    assert_lacks(&text, page_label(Lang::En), &what);
                    assert_lacks(&text, &made_on_line(Lang::En, kind, ""), &what);
                }

                let fonts = pdf_fonts(&pdffonts_tool, &pdf);
                for font in &fonts {
                    assert!(
                        font.embedded && font.subset && font.has_subset_tag(),
                        "{what}: font {} is not an embedded subset: {fonts:?}",
                        font.name
                    );
                }
                if lang == Lang::ZhCn {
                    assert!(
                        fonts
                            .iter()
                            .any(|f| f.name.ends_with("+DroidSansFallbackFull")),
                        "{what}: no DroidSansFallbackFull among {fonts:?}"
                    );
                }
            }
        }
    }
}

// 3. Precedence ---------------------------------------------------------------

/// Which language's kit or prep-sheet title a PDF shows; exactly one must.
fn language_of(pdftotext_tool: &Path, pdf: &Path, kind: DocKind) -> Lang {
    let text = without_whitespace(&pdftotext(pdftotext_tool, pdf));
    let found: Vec<Lang> = Lang::ALL
        .into_iter()
        .filter(|&l| text.contains(&without_whitespace(&title_text(l, kind))))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{}: the titles of {found:?} in:\n{text}",
        pdf.display()
    );
    found[0]
}

#[test]
fn a_details_files_language_wins_over_the_lang_flag() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let details = write_file(
        dir.path(),
        "details.toml",
        "[owner]\nname = \"Ana García\"\nlanguage = \"es\"\n\n[account]\nemail = \"ana@example.com\"\n",
    );
    let out = dir.path().join("out");
    build_ok(&details, &out, &["--lang", "ru"]);
    for kind in DocKind::ALL {
        let pdf = out.join(format!("{}.pdf", kind.stem()));
        assert_eq!(language_of(&pdftotext_tool, &pdf, kind), Lang::Es);
        let text = pdftotext(&pdftotext_tool, &pdf);
        assert_has(&text, made_on(Lang::Es), kind.stem());
        assert_has(&text, page_label(Lang::Es), kind.stem());
    }
}

/// manifest.csv of a batch in which every row is "ok": each row's line and
/// its files.
fn manifest_files(dir: &Path) -> BTreeMap<usize, Vec<String>> {
    manifest(dir)
        .into_iter()
        .map(|row| {
            assert_eq!(row.status, "ok", "manifest row {row:?}");
            (row.line, row.files)
        })
        .collect()
}

#[test]
fn a_csv_language_column_wins_over_the_lang_flag_and_empty_cells_fall_back() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let csv = write_file(
        dir.path(),
        "customers.csv",
        "name,email,language\nAna Garcia,ana@example.com,es\nIvan Petrov,ivan@example.com,\n",
    );
    let out = dir.path().join("kits");
    let output = batch(&csv, &out, &["--lang", "ru"]);
    assert_success(&output, "mikit batch customers.csv --lang ru");
    let files = manifest_files(&out);
    assert_eq!(files.keys().copied().collect::<Vec<_>>(), [2, 3]);
    for (line, want) in [(2, Lang::Es), (3, Lang::Ru)] {
        for kind in DocKind::ALL {
            let name = files[&line]
                .iter()
                .find(|f| f.ends_with(&format!("{}.pdf", kind.stem())))
                .unwrap_or_else(|| panic!("line {line}: no {} in {files:?}", kind.stem()));
            let pdf = out.join(name);
            assert_eq!(
                language_of(&pdftotext_tool, &pdf, kind),
                want,
                "line {line}: {name}"
            );
            assert_has(
                &pdftotext(&pdftotext_tool, &pdf),
                made_on(want),
                &format!("line {line}: {name}"),
            );
        }
    }
}

// 4. Errors -------------------------------------------------------------------

#[test]
fn an_unknown_lang_flag_is_a_usage_error_listing_the_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let err = build_refused(&example("priya-nair"), &out, &["--lang", "nl"], USAGE);
    assert!(err.contains("\"nl\""), "{err}");
    assert!(err.contains(&Lang::list()), "{err}");
    assert!(err.contains("hi, ar, th"), "{err}");
}

#[test]
fn an_unknown_language_in_a_details_file_is_a_data_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let details = write_file(
        dir.path(),
        "details.toml",
        "[owner]\nname = \"Ana García\"\nlanguage = \"klingon\"\n",
    );
    let out = dir.path().join("out");
    let err = build_refused(&details, &out, &["--lang", "ru"], DATA_ERR);
    assert!(err.contains("owner.language"), "{err}");
    assert!(err.contains("klingon"), "{err}");
    assert!(
        err.contains("details.toml:3:"),
        "the line of the value: {err}"
    );
    assert!(err.contains(&Lang::list()), "{err}");
}

#[test]
fn lang_codes_are_accepted_leniently() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    for (code, want) in [("pt_br", Lang::PtBr), ("zh", Lang::ZhCn)] {
        let dir = tempfile::tempdir().unwrap();
        build_ok(
            &example("priya-nair"),
            dir.path(),
            &["--lang", code, "--only", "kit"],
        );
        assert_eq!(entries(dir.path()), ["recovery-kit.pdf"]);
        let pdf = dir.path().join("recovery-kit.pdf");
        assert_eq!(
            language_of(&pdftotext_tool, &pdf, DocKind::Kit),
            want,
            "--lang {code}"
        );
    }
}

// 5. Templates ----------------------------------------------------------------

#[test]
fn templates_lists_the_documents_and_languages() {
    let output = run(mikit().arg("templates"));
    assert_success(&output, "mikit templates");
    let out = stdout(&output);
    for kind in DocKind::ALL {
        assert!(out.contains(kind.stem()), "{}: {out}", kind.stem());
    }
    for lang in Lang::ALL {
        assert!(
            out.lines()
                .any(|l| l.split_whitespace().next() == Some(lang.code())),
            "{} on a line of its own: {out}",
            lang.code()
        );
    }
}

/// The English kit's template in an exported folder.
fn en_kit(dir: &Path) -> PathBuf {
    template_file(dir, "en", "recovery-kit")
}

#[test]
fn export_writes_every_template_once_and_never_over_existing_files() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let written = tree(&dir);
    assert_eq!(
        written
            .keys()
            .map(|p| p.to_string_lossy().into_owned())
            .collect::<Vec<_>>(),
        template_files(),
        "the files export writes"
    );
    // Each is the built-in template, which parses and is in its language.
    for lang in Lang::ALL {
        for kind in DocKind::ALL {
            let rel = format!("{}/{}.toml", lang.code(), kind.stem());
            let source = String::from_utf8(written[Path::new(&rel)].clone()).unwrap();
            let t = Template::parse(&source, lang).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(
                t.document.title,
                TemplateSet::builtin().get(lang, kind).document.title,
                "{rel}"
            );
        }
    }

    // A shop's edit must survive a second export.
    edit(
        &en_kit(&dir),
        "type = \"title\"",
        "type = \"title\" # edited",
    );
    let before = tree(&dir);
    assert_code(&export_templates(&dir), CANT_CREAT, "a second export");
    assert_eq!(tree(&dir), before, "a refused export changed the folder");
}

#[test]
fn a_refused_export_suggests_only_options_that_exist() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let again = export_templates(&dir);
    assert_code(&again, CANT_CREAT, "a second export");
    let err = stderr(&again);
    assert!(!err.contains("--force"), "{err}");
    assert!(!err.contains("-o "), "{err}");
}

#[test]
fn an_edited_title_is_printed() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    edit(
        &en_kit(&dir),
        "text = \"Xiaomi Account (Mi Account) recovery kit\"",
        "text = \"Our shop's recovery kit\"",
    );
    let out = root.path().join("out");
    build_ok(
        &example("priya-nair"),
        &out,
        &["--templates", dir.to_str().unwrap()],
    );
    let text = pdftotext(&pdftotext_tool, &out.join("recovery-kit.pdf"));
    assert_has(&text, "Our shop's recovery kit", "edited kit");
    assert_lacks(
        &text,
        "Xiaomi Account (Mi Account) recovery kit",
        "edited kit",
    );
    assert_has(&text, "Priya Nair", "edited kit");
    // The other document is untouched.
    let prep = pdftotext(&pdftotext_tool, &out.join("id-verification-prep.pdf"));
    assert_has(&prep, &title_text(Lang::En, DocKind::Prep), "prep sheet");
}

const MAIL_LINE: &str =
    "You need to be able to open the registered mailbox {account.email}, on any phone or computer.";
const MAIL_TYPO: &str =
    "You need to be able to open the registered mailbox {account.mail}, on any phone or computer.";

#[test]
fn an_unknown_placeholder_is_refused_naming_the_file() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    edit(&en_kit(&dir), MAIL_LINE, MAIL_TYPO);
    let err = templates_refused(&dir, DATA_ERR);
    assert!(
        err.contains(&en_kit(&dir).display().to_string()),
        "the file: {err}"
    );
    assert!(err.contains("{account.mail}"), "the placeholder: {err}");
    assert!(err.contains("no PDF was made"), "{err}");
}

#[test]
fn an_unknown_placeholder_is_refused_at_its_line() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    edit(&en_kit(&dir), MAIL_LINE, MAIL_TYPO);
    let err = templates_refused(&dir, DATA_ERR);
    assert_at(
        &err,
        &en_kit(&dir),
        line_of(&en_kit(&dir), "{account.mail}"),
    );
}

#[test]
fn a_toml_syntax_error_is_refused_at_its_line() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let path = en_kit(&dir);
    edit(
        &path,
        "text = \"Which method do I use?\"",
        "text = \"Which method do I use?",
    );
    let err = templates_refused(&dir, DATA_ERR);
    assert_at(&err, &path, line_of(&path, "Which method do I use?"));
}

#[test]
fn a_deleted_block_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let path = en_kit(&dir);
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find("[[block]]\ntype = \"callout\"")
        .expect("the kit has a callout block");
    let end = start
        + 1
        + text[start + 1..]
            .find("[[block]]")
            .expect("a block follows");
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let err = templates_refused(&dir, DATA_ERR);
    assert!(err.contains(&path.display().to_string()), "the file: {err}");
    assert!(err.contains("callout"), "the block: {err}");
}

#[test]
fn a_bad_date_format_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let path = template_file(&dir, "es", "recovery-kit");
    edit(&path, "date_day = \"%-d de %B de %Y\"", "date_day = \"%Q\"");
    let err = templates_refused(&dir, DATA_ERR);
    assert!(err.contains(&path.display().to_string()), "the file: {err}");
    assert!(err.contains("date_day"), "the key: {err}");
}

#[test]
fn a_missing_template_file_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let path = template_file(&dir, "ru", "id-verification-prep");
    std::fs::remove_file(&path).unwrap();
    let err = templates_refused(&dir, DATA_ERR);
    assert!(err.contains(&path.display().to_string()), "the file: {err}");
}

#[test]
fn a_missing_templates_folder_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let err = templates_refused(&root.path().join("no-such-templates"), NO_INPUT);
    assert!(err.contains("no-such-templates"), "{err}");
}

#[test]
fn batch_checks_the_templates_before_any_kit() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    edit(&en_kit(&dir), MAIL_LINE, MAIL_TYPO);
    let csv = write_file(
        root.path(),
        "customers.csv",
        "name,email\nAna Garcia,ana@example.com\n",
    );
    let out = root.path().join("kits");
    let output = batch(&csv, &out, &["--templates", dir.to_str().unwrap()]);
    let err = stderr(&output);
    assert_code(&output, DATA_ERR, "batch --templates");
    assert!(err.contains(&en_kit(&dir).display().to_string()), "{err}");
    assert!(
        entries(&out).iter().all(|f| !f.ends_with(".pdf")),
        "no PDF may be written: {:?}",
        entries(&out)
    );
}

// 6. Dates per language, in one process --------------------------------------

/// The label of the fields row that shows `{account.created}`.
fn created_label(t: &Template) -> &str {
    t.blocks
        .iter()
        .find_map(|b| match b {
            BlockTemplate::Fields { rows } => rows
                .iter()
                .find(|r| r.value.trim() == "{account.created}")
                .map(|r| r.label.as_str()),
            _ => None,
        })
        .expect("a fields row shows {account.created}")
}

/// How a `created` date must print in a language.
type Expected = fn(Lang) -> &'static str;

#[test]
fn partial_dates_print_in_each_language() {
    let cases: [(&str, Expected); 2] = [
        ("2019-05", |lang| match lang {
            Lang::En => "May 2019",
            Lang::Es => "mayo de 2019",
            Lang::PtBr => "maio de 2019",
            Lang::Id => "Mei 2019",
            Lang::ZhCn => "2019年5月",
            Lang::Ru => "май 2019 г.",
            Lang::Fr => "mai 2019",
            Lang::De => "Mai 2019",
            Lang::It => "maggio 2019",
            Lang::Pl => "maj 2019",
            Lang::Tr => "Mayıs 2019",
            Lang::Uk => "травень 2019 р.",
            Lang::Vi => "tháng 5 năm 2019",
            Lang::Hi => "मई 2019",
            Lang::Ar => "مايو 2019",
            Lang::Th => "พฤษภาคม 2562",
        }),
        ("2019", |lang| match lang {
            Lang::Ru => "2019 г.",
            Lang::Uk => "2019 р.",
            Lang::Vi => "năm 2019",
            Lang::ZhCn => "2019年",
            // The Buddhist era: 2019 + 543.
            Lang::Th => "2562",
            _ => "2019",
        }),
    ];
    for (created, expected) in cases {
        let source = format!(
            "[owner]\nname = \"Ana García\"\n\n[account]\nemail = \"ana@example.com\"\ncreated = \"{created}\"\n"
        );
        let details = mikit::details::parse(&source, today())
            .unwrap_or_else(|e| panic!("created = {created:?}: {e:?}"));
        for lang in Lang::ALL {
            let settings = mikit::Settings {
                templates: TemplateSet::builtin(),
                lang,
                shop: None,
            };
            let want = expected(lang);
            for kind in DocKind::ALL {
                let what = format!("created = {created:?}, {} {}", lang.code(), kind.stem());
                let doc = mikit::document_with(kind, &details, today(), &settings)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(doc.lang, lang, "{what}");
                let text = mikit::render::text::render(&doc);
                assert!(text.contains(want), "{what}: expected {want:?} in:\n{text}");
                // The account's row shows exactly that date, nothing more.
                let label = created_label(TemplateSet::builtin().get(lang, kind));
                let values: Vec<&str> = text
                    .lines()
                    .filter_map(|l| l.strip_prefix(label))
                    .filter(|rest| rest.starts_with("  "))
                    .map(str::trim)
                    .collect();
                assert!(!values.is_empty(), "{what}: no {label:?} row in:\n{text}");
                for value in values {
                    assert_eq!(value, want, "{what}: the {label:?} row");
                }
            }
        }
    }
}
