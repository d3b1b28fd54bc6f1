//! What the documents say, read back from the PDFs in every language: the
//! decision guide has no dead end, unconfirmed facts are hedged, blocks and
//! rows shown only for some owners appear exactly for them, region names and
//! months print in the document's language, and the kit fits its pages.

use crate::common;

use std::path::{Path, PathBuf};

use mikit::content::{BlockTemplate, DocKind, Lang, Template, TemplateSet};

use common::{
    DATA_ERR, assert_at, assert_has, assert_lacks, assert_success, build_ok, build_refused, edit,
    edit_first, example, fresh_export, line_of, mikit, page_count, pdftotext, run, template_file,
    templates_refused, tool, without_whitespace, write_file,
};

/// A details file with the account's email, ID and IMEI left out, in region GB.
const SPARSE: &str = "[owner]\nname = \"Ana Lima\"\n\n[account]\nphone = \"+44 7700 900123\"\nregion = \"GB\"\ncreated = \"2019-05\"\n\n[device]\nmodel = \"Redmi Note 13\"\n";

/// A built-in template, as mikit reads it.
fn builtin(lang: Lang, kind: DocKind) -> &'static Template {
    TemplateSet::builtin().get(lang, kind)
}

/// The index of the first English block for which `pick` is true; every
/// language has the same blocks in the same order.
fn english_block(kind: DocKind, what: &str, pick: impl Fn(&BlockTemplate) -> bool) -> usize {
    builtin(Lang::En, kind)
        .blocks
        .iter()
        .position(pick)
        .unwrap_or_else(|| panic!("en/{}: no block {what}", kind.stem()))
}

fn heading_is(text: &'static str) -> impl Fn(&BlockTemplate) -> bool {
    move |b| matches!(b, BlockTemplate::Heading { text: t } if t == text)
}

/// A template string as it prints: without `**` markers.
fn printed(s: &str) -> String {
    s.replace("**", "")
}

/// The words of a template string before its first placeholder, as printed.
fn lead(s: &str) -> String {
    printed(s.split('{').next().unwrap_or(s)).trim().to_string()
}

/// The text of a PDF with the running footer removed, so a sentence that
/// crosses a page break still reads as one.
fn body_text(pdftotext_tool: &Path, pdf: &Path, lang: Lang, kind: DocKind) -> String {
    let t = builtin(lang, kind);
    let raw = pdftotext(pdftotext_tool, pdf);
    let pages = raw.matches('\u{c}').count().max(1);
    let labels: Vec<String> = (1..=pages)
        .map(|n| {
            t.document
                .page
                .replace("{page}", &n.to_string())
                .replace("{pages}", &pages.to_string())
        })
        .collect();
    raw.lines()
        .filter(|l| {
            let l = without_whitespace(l);
            !l.contains(&without_whitespace(&t.document.footer))
                && !labels.iter().any(|p| l.contains(&without_whitespace(p)))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds both documents for `details` in `lang` into a new folder.
fn build_in(details: &Path, lang: Lang, extra: &[&str]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["--lang", lang.code()];
    args.extend_from_slice(extra);
    build_ok(details, dir.path(), &args);
    let kit = dir.path().join("recovery-kit.pdf");
    let prep = dir.path().join("id-verification-prep.pdf");
    (dir, kit, prep)
}

// The decision guide and the hedges -----------------------------------------

/// Every row of the decision guide leads somewhere that works for whoever
/// matches it and none of the rows above: Method 4 (which needs the current
/// password or the SMS code) comes first and asks for the password, so it is
/// no longer a row that only someone already served by Method 1 can use.
#[test]
fn every_row_of_the_decision_guide_leads_somewhere_in_every_language() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let choices = english_block(DocKind::Kit, "choices", |b| {
        matches!(b, BlockTemplate::Choices { .. })
    });
    let BlockTemplate::Choices { rows } = &builtin(Lang::En, DocKind::Kit).blocks[choices] else {
        unreachable!()
    };
    let methods: Vec<&str> = rows
        .iter()
        .map(|r| {
            ["Method 4", "Method 1", "Method 2", "Method 3"]
                .into_iter()
                .find(|m| r.then.contains(m))
                .expect("every row names a method")
        })
        .collect();
    assert_eq!(methods, ["Method 4", "Method 1", "Method 2", "Method 3"]);
    assert!(
        rows[0].when.contains("know the password") && rows[0].when.contains("signed in"),
        "the first row asks for what Method 4 needs: {}",
        rows[0].when
    );
    for lang in Lang::ALL {
        let (_dir, kit, _) = build_in(&example("priya-nair"), lang, &[]);
        let text = body_text(&pdftotext_tool, &kit, lang, DocKind::Kit);
        let BlockTemplate::Choices { rows } = &builtin(lang, DocKind::Kit).blocks[choices] else {
            panic!("{}: block {choices} is the decision guide", lang.code())
        };
        let what = format!("{} kit", lang.code());
        assert_has(&text, &printed(&rows[0].when), &what);
        // After a factory reset: another phone or a computer.
        let intro = &builtin(lang, DocKind::Kit).blocks[choices - 1];
        let BlockTemplate::Paragraph { text: intro } = intro else {
            panic!("{what}: a paragraph introduces the decision guide")
        };
        assert_has(&text, &printed(intro), &what);
    }
    let (_dir, kit, _) = build_in(&example("priya-nair"), Lang::En, &[]);
    let text = body_text(&pdftotext_tool, &kit, Lang::En, DocKind::Kit);
    assert_has(
        &text,
        "After a factory reset, use another phone or a computer: Method 1 or 2 first",
        "en kit",
    );
    assert_has(
        &text,
        "Put the SIM in a phone that works, or use a computer",
        "Method 1 after a reset",
    );
}

/// Statements Xiaomi has not confirmed are hedged, what Xiaomi's help centre
/// says is printed, and the safety points are in the kit.
#[test]
fn unconfirmed_facts_are_hedged() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let (_dir, kit, prep) = build_in(&example("priya-nair"), Lang::En, &[]);
    let kit = body_text(&pdftotext_tool, &kit, Lang::En, DocKind::Kit);
    let prep = body_text(&pdftotext_tool, &prep, Lang::En, DocKind::Prep);
    for text in [&kit, &prep] {
        assert_has(
            text,
            "reports of how long it takes differ, from 1 working day to 3 to 7 business days",
            "review time",
        );
        assert_has(
            text,
            "it may be called Can't verify identity or similar",
            "the form's link",
        );
        assert_has(
            text,
            "last reviewed against Xiaomi's help pages and public guides",
            "what was done",
        );
        assert_lacks(
            text,
            "checked against Xiaomi's screens",
            "nobody compared screens",
        );
        assert_lacks(text, "case number", "Xiaomi gives no case number");
        assert_lacks(text, "proves", "evidence helps show, it proves nothing");
        assert_has(
            text,
            "the support page of mi.com for your country",
            "a support route",
        );
        assert_lacks(
            text,
            "once signed in",
            "no step a locked-out owner cannot take",
        );
    }
    assert_has(&kit, "keep any reference number you get", "kit");
    assert_has(&prep, "any reference number you get", "prep sheet");
    assert_has(&prep, "Reference number", "the log's column");
    // Xiaomi's help centre on codes.
    for fact in [
        "At most 3 codes are sent in 24 hours (5 on the Chinese mainland): at the limit, wait a day",
        "on a dual-SIM phone the number may be in the other slot",
        "Codes may also come by WhatsApp",
        "Use Restore security info, Xiaomi's own route",
        "with its country code",
    ] {
        assert_has(&kit, fact, "help-centre facts");
    }
    assert_lacks(&kit, "Choose Phone number", "one field, not a choice");
    assert_lacks(
        &kit,
        "give it back first",
        "a recycled number often can't be",
    );
    // Method 2: a code, or a link.
    assert_has(
        &kit,
        "Type in the code from Xiaomi's email (or open its link).",
        "kit",
    );
    // Activation lock: sign out, no absolute claims, the Google account lock.
    assert_has(&kit, "Signing out of the Xiaomi Account in Settings", "kit");
    assert_lacks(&kit, "Removing the account", "kit");
    assert_lacks(&kit, "No code, tool or shop can bypass it", "kit");
    assert_has(&kit, "Never pay for an unofficial unlock", "kit");
    assert_has(&kit, "Xiaomi support may unlock a phone", "kit");
    assert_has(&kit, "Find device", "kit");
    assert_has(&kit, "That needs the Google account's password", "kit");
    assert_has(
        &kit,
        "Add both an email address and a phone number to the account, where Xiaomi lets you",
        "prevention",
    );
    assert_has(
        &kit,
        "Open Settings, then Xiaomi Account (older phones: Mi Account), then Security (it may be called Account security)",
        "HyperOS menu, as the guide names it",
    );
    // Staying safe.
    for point in [
        "Never tell anyone a code or a password",
        "Contact Xiaomi, and upload a photo ID, only through its help centre",
        "Don't factory-reset the phone to get round a forgotten password",
        "The screen-lock PIN is not the account password",
        "update the recovery number and email at once",
    ] {
        assert_has(&kit, point, "safety");
    }
}

/// Every language prints the hedged review time, the new section and the
/// checked month from the template, not words of its own.
#[test]
fn every_language_prints_the_new_section_and_the_checked_month() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let never = english_block(DocKind::Kit, "\"The code never arrives\"", |b| {
        heading_is("The code never arrives")(b)
    });
    let checked = |lang: Lang| match lang {
        Lang::En => "November 2026",
        Lang::Es => "noviembre de 2026",
        Lang::PtBr => "novembro de 2026",
        Lang::Id => "November 2026",
        Lang::ZhCn => "2026年11月",
        Lang::Ru => "ноябрь 2026 г.",
        Lang::Fr => "novembre 2026",
        Lang::De => "November 2026",
        Lang::It => "novembre 2026",
        Lang::Pl => "listopad 2026",
        Lang::Tr => "Kasım 2026",
        Lang::Uk => "листопад 2026 р.",
        Lang::Vi => "tháng 11 năm 2026",
        Lang::Hi => "नवंबर 2026",
        Lang::Ar => "نوفمبر 2026",
        Lang::Th => "พฤศจิกายน 2569",
    };
    for lang in Lang::ALL {
        let what = format!("{} kit", lang.code());
        let (_dir, kit, prep) = build_in(&example("priya-nair"), lang, &[]);
        let text = body_text(&pdftotext_tool, &kit, lang, DocKind::Kit);
        let t = builtin(lang, DocKind::Kit);
        let BlockTemplate::Heading { text: heading } = &t.blocks[never] else {
            panic!("{what}: block {never} is a heading")
        };
        assert_has(&text, heading, &what);
        let BlockTemplate::Checklist { items, .. } = &t.blocks[never + 1] else {
            panic!("{what}: a checklist follows \"The code never arrives\"")
        };
        assert_eq!(
            items.len(),
            4,
            "{what}: country code, SIM slot and WhatsApp; the daily limit; the other method or the help link; the old number"
        );
        for item in items {
            assert_has(&text, &lead(&item.text), &what);
        }
        assert_has(&text, checked(lang), &what);
        let prep = body_text(&pdftotext_tool, &prep, lang, DocKind::Prep);
        assert_has(&prep, checked(lang), &format!("{} prep", lang.code()));
    }
}

#[test]
fn an_edited_checked_month_prints_everywhere_it_is_used() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let path = template_file(&dir, "ru", "recovery-kit");
    edit(&path, "checked = \"2026-11\"", "checked = \"2026-02\"");
    let out = root.path().join("out");
    build_ok(
        &example("priya-nair"),
        &out,
        &["--lang", "ru", "--templates", dir.to_str().unwrap()],
    );
    let text = pdftotext(&pdftotext_tool, &out.join("recovery-kit.pdf"));
    assert_has(&text, "февраль 2026 г.", "edited ru kit");
    assert_lacks(&text, "ноябрь 2026", "edited ru kit");
}

#[test]
fn a_bad_checked_month_is_refused_at_its_line() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let path = template_file(&dir, "en", "recovery-kit");
    edit(&path, "checked = \"2026-11\"", "checked = \"November\"");
    let err = templates_refused(&dir, DATA_ERR);
    assert_at(&err, &path, line_of(&path, "checked = \"November\""));
    assert!(err.contains("2026-11"), "the fix: {err}");
}

// Conditions --------------------------------------------------------------------

/// The CN-only paragraph's opening words in `lang`.
fn cn_note(lang: Lang) -> String {
    let t = builtin(lang, DocKind::Kit);
    let i = t
        .only_if
        .iter()
        .position(|c| {
            c.as_ref()
                .is_some_and(|c| c.to_string() == "account.region == CN")
        })
        .expect("the kit has a block for CN accounts");
    let BlockTemplate::Paragraph { text } = &t.blocks[i] else {
        panic!("{}: the CN block is a paragraph", lang.code())
    };
    lead(text)
}

#[test]
fn the_cn_note_prints_only_for_cn_accounts() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    assert!(cn_note(Lang::En).contains("mainland China (CN) account"));
    for lang in Lang::ALL {
        let (_d1, cn, _) = build_in(&example("wang-fang"), lang, &[]);
        let (_d2, other, _) = build_in(&example("priya-nair"), lang, &[]);
        let cn = body_text(&pdftotext_tool, &cn, lang, DocKind::Kit);
        let other = body_text(&pdftotext_tool, &other, lang, DocKind::Kit);
        assert_has(&cn, &cn_note(lang), &format!("{} CN kit", lang.code()));
        assert_has(&cn, "+86 138 0013 8000", &format!("{} CN kit", lang.code()));
        assert_lacks(&other, &cn_note(lang), &format!("{} IN kit", lang.code()));
    }
}

#[test]
fn missing_values_bring_their_own_lines() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sparse = write_file(dir.path(), "sparse.toml", SPARSE);
    let (_d1, kit, prep) = build_in(&sparse, Lang::En, &[]);
    let kit = body_text(&pdftotext_tool, &kit, Lang::En, DocKind::Kit);
    let prep = body_text(&pdftotext_tool, &prep, Lang::En, DocKind::Prep);
    let (_d2, full_kit, full_prep) = build_in(&example("priya-nair"), Lang::En, &[]);
    let full_kit = body_text(&pdftotext_tool, &full_kit, Lang::En, DocKind::Kit);
    let full_prep = body_text(&pdftotext_tool, &full_prep, Lang::En, DocKind::Prep);

    // Method 2 for an account with no email on file.
    let no_mail = "Only for an account with an email address";
    assert_has(&kit, no_mail, "sparse kit");
    assert_lacks(
        &kit,
        "You need to be able to open the registered mailbox",
        "sparse kit",
    );
    assert_lacks(&full_kit, no_mail, "full kit");
    // The account ID: printed when known, named when not.
    assert_has(
        &full_kit,
        "your account ID 7390125846 works too",
        "full kit",
    );
    assert_has(&kit, "numeric account ID works too", "sparse kit");
    assert_lacks(&full_kit, "numeric account ID", "full kit");

    // The prep sheet: where to find each blank, and two IMEI lines.
    for hint in [
        "Account ID: usually shown in Settings, Xiaomi Account on a phone still signed in",
        "IMEI: type *#06# in the phone app's dialler",
        "No email on this account (common for mainland China accounts)?",
    ] {
        assert_has(&prep, hint, "sparse prep");
        assert_lacks(&full_prep, hint, "full prep");
    }
    assert_has(&prep, "IMEI 1", "sparse prep");
    assert_has(&prep, "IMEI 2 (dual-SIM phones)", "sparse prep");
    assert_lacks(&full_prep, "IMEI 1", "full prep");
    assert_has(&full_prep, "356938035643809", "full prep");
    assert_has(&full_prep, "Earlier phone numbers", "full prep");
    assert_lacks(
        &full_prep,
        "Any other earlier number",
        "one earlier-numbers row",
    );
    // Evidence: a photo ID helps show who the owner is.
    assert_has(&full_prep, "A photo ID of the account's owner", "full prep");
}

#[test]
fn a_condition_on_an_unknown_field_is_refused_at_its_line() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let path = template_file(&dir, "en", "recovery-kit");
    let bad = "only_if = \"account.region == CN and account.emial missing\"";
    edit(
        &path,
        "\nonly_if = \"account.region == CN\"\n",
        &format!("\n{bad}\n"),
    );
    let err = templates_refused(&dir, DATA_ERR);
    assert_at(&err, &path, line_of(&path, bad));
    assert!(err.contains("account.emial"), "the field: {err}");
    assert!(err.contains("account.email"), "the known fields: {err}");
}

#[test]
fn a_condition_on_an_unknown_region_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let dir = fresh_export(root.path(), "tpl");
    let path = template_file(&dir, "ru", "id-verification-prep");
    // The first of the rows shown when the IMEI is missing.
    edit_first(
        &path,
        "only_if = \"device.imei missing\"",
        "only_if = \"account.region == ZZ\"",
    );
    let err = templates_refused(&dir, DATA_ERR);
    assert_at(&err, &path, line_of(&path, "account.region == ZZ"));
    assert!(err.contains("\"ZZ\" is not a region code"), "{err}");
}

// Region names and months in the document's language ---------------------------

#[test]
fn region_names_and_months_print_in_the_documents_language() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sparse = write_file(dir.path(), "sparse.toml", SPARSE);
    for (lang, region, created) in [
        (Lang::En, "United Kingdom", "May 2019"),
        (Lang::Es, "Reino Unido", "mayo de 2019"),
        (Lang::PtBr, "Reino Unido", "maio de 2019"),
        (Lang::Id, "Inggris Raya", "Mei 2019"),
        (Lang::ZhCn, "英国", "2019年5月"),
        (Lang::Ru, "Великобритания", "май 2019 г."),
        (Lang::Fr, "Royaume-Uni", "mai 2019"),
        (Lang::De, "Vereinigtes Königreich", "Mai 2019"),
        (Lang::It, "Regno Unito", "maggio 2019"),
        (Lang::Pl, "Wielka Brytania", "maj 2019"),
        (Lang::Tr, "Birleşik Krallık", "Mayıs 2019"),
        (Lang::Uk, "Велика Британія", "травень 2019 р."),
        (Lang::Vi, "Vương quốc Anh", "tháng 5 năm 2019"),
        (Lang::Hi, "यूनाइटेड किंगडम", "मई 2019"),
        (Lang::Ar, "المملكة المتحدة", "مايو 2019"),
        // Thai years count in the Buddhist era: 2019 is 2562.
        (Lang::Th, "สหราชอาณาจักร", "พฤษภาคม 2562"),
    ] {
        let (_d, kit, prep) = build_in(&sparse, lang, &[]);
        for (pdf, kind) in [(kit, DocKind::Kit), (prep, DocKind::Prep)] {
            let what = format!("{} {}", lang.code(), kind.stem());
            let text = body_text(&pdftotext_tool, &pdf, lang, kind);
            assert_has(&text, region, &what);
            assert_has(&text, created, &what);
            if lang != Lang::En {
                assert_lacks(&text, "United Kingdom", &what);
            }
        }
    }
}

// The shop file ---------------------------------------------------------------------

#[test]
fn a_shop_file_may_hold_its_keys_in_a_shop_table() {
    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shop = write_file(
        dir.path(),
        "shop.toml",
        "[shop]\nname = \"Kedai Ponsel Maju\"\nphone = \"+62 21 5550 1234\"\n",
    );
    let (_d, kit, _) = build_in(
        &example("priya-nair"),
        Lang::En,
        &["--shop", shop.to_str().unwrap()],
    );
    let text = pdftotext(&pdftotext_tool, &kit);
    assert_has(&text, "Kedai Ponsel Maju", "kit with a [shop] table");
    assert_has(&text, "+62 21 5550 1234", "kit with a [shop] table");

    let mixed = write_file(
        dir.path(),
        "mixed.toml",
        "note = \"Free help\"\n[shop]\nname = \"Kedai Ponsel Maju\"\n",
    );
    let err = build_refused(
        &example("priya-nair"),
        &dir.path().join("out"),
        &["--shop", mixed.to_str().unwrap()],
        DATA_ERR,
    );
    assert!(err.contains("mixed.toml:2:"), "the [shop] line: {err}");
    assert!(err.contains("inside [shop]"), "how to fix it: {err}");
}

// Length --------------------------------------------------------------------------

/// With ordinary details and a shop box, the kit fits three pages and the prep
/// sheet two, on A4 and Letter, in every language.
#[test]
fn ordinary_kits_fit_three_pages_and_prep_sheets_two() {
    let Some(pdfinfo) = tool("pdfinfo") else {
        return;
    };
    let mut over = Vec::new();
    for owner in ["priya-nair", "wang-fang"] {
        for lang in Lang::ALL {
            for paper in ["a4", "letter"] {
                let (_d, kit, prep) = build_in(
                    &example(owner),
                    lang,
                    &[
                        "--paper",
                        paper,
                        "--shop",
                        example("shop").to_str().unwrap(),
                    ],
                );
                let (k, p) = (page_count(&pdfinfo, &kit), page_count(&pdfinfo, &prep));
                if k > 3 || p > 2 {
                    over.push(format!(
                        "{owner} {} {paper}: kit {k}, prep {p}",
                        lang.code()
                    ));
                }
            }
        }
    }
    assert!(over.is_empty(), "too long:\n{}", over.join("\n"));
}

// Sixteen languages say the same thing ------------------------------------------

/// Codes, addresses and names a translation must carry exactly as English does.
const CODES: [&str; 10] = [
    "*#06#",
    "g.co/recover",
    "account.xiaomi.com",
    "xiaomi.com",
    "mi.com",
    "+86",
    "WhatsApp",
    "Bitwarden",
    "1Password",
    "HyperOS",
];

/// What a template string must keep in every language: its placeholders,
/// codes, numbers (any script's digits read as their values) and bold runs.
#[derive(Debug, PartialEq)]
struct Facts {
    placeholders: Vec<String>,
    codes: Vec<&'static str>,
    numbers: Vec<u64>,
    bold_markers: usize,
}

fn facts(text: &str) -> Facts {
    let mut placeholders = Vec::new();
    let mut rest = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '{'
            && let Some(end) = text[i..].find('}')
        {
            placeholders.push(text[i..i + end + 1].to_string());
            while chars.peek().is_some_and(|&(j, _)| j <= i + end) {
                chars.next();
            }
            rest.push(' ');
            continue;
        }
        rest.push(c);
    }
    placeholders.sort();
    let mut codes: Vec<&'static str> = CODES
        .iter()
        .flat_map(|code| {
            rest.match_indices(code)
                .filter(|(i, _)| {
                    let before = rest[..*i].chars().next_back();
                    let after = rest[i + code.len()..].chars().next();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '.')
                        && !after.is_some_and(char::is_alphanumeric)
                })
                .map(|_| *code)
        })
        .collect();
    codes.sort();
    let mut numbers = Vec::new();
    let mut digits: Option<u64> = None;
    for c in rest.chars().chain([' ']) {
        match decimal_digit(c) {
            Some(d) => digits = Some(digits.unwrap_or(0).saturating_mul(10) + u64::from(d)),
            None => numbers.extend(digits.take()),
        }
    }
    numbers.sort();
    Facts {
        placeholders,
        codes,
        numbers,
        bold_markers: text.matches("**").count(),
    }
}

/// A decimal digit of the scripts the templates use.
fn decimal_digit(c: char) -> Option<u32> {
    [
        '0', '\u{660}', '\u{6F0}', '\u{966}', '\u{9E6}', '\u{BE6}', '\u{E50}',
    ]
    .iter()
    .find_map(|&zero| (c as u32).checked_sub(zero as u32).filter(|d| *d < 10))
}

/// Where a template's `# source:` and `# unconfirmed:` comments stand: the
/// block, the string line they precede within it, and which kind.
fn markers(source: &str) -> Vec<(usize, usize, &'static str)> {
    let (mut block, mut item, mut out) = (0, 0, Vec::new());
    for line in source.lines().map(str::trim) {
        if line == "[[block]]" {
            (block, item) = (block + 1, 0);
        } else if line.starts_with("# source:") {
            out.push((block, item, "source"));
        } else if line.starts_with("# unconfirmed:") {
            out.push((block, item, "unconfirmed"));
        } else if !line.starts_with('#') && line.contains('"') {
            item += 1;
        }
    }
    out
}

/// Walks two parsed templates side by side: the same keys, list lengths,
/// block types, conditions and links, and the same facts in every string.
fn same_shape(path: &str, en: &toml::Value, other: &toml::Value, differences: &mut Vec<String>) {
    use toml::Value;
    match (en, other) {
        (Value::Table(a), Value::Table(b)) => {
            let keys = |t: &toml::Table| t.keys().cloned().collect::<Vec<_>>();
            if keys(a) != keys(b) {
                differences.push(format!("{path}: keys {:?}, not {:?}", keys(b), keys(a)));
                return;
            }
            for (key, value) in a {
                // A template's dates print in its own language's way, and
                // each language is reviewed in its own month.
                let own = matches!(
                    key.as_str(),
                    "date_day" | "date_month" | "date_year" | "checked"
                );
                if !own {
                    same_shape(&format!("{path}.{key}"), value, &b[key], differences);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same_shape(&format!("{path}[{i}]"), x, y, differences);
            }
        }
        (Value::String(a), Value::String(b)) => {
            let verbatim = [".type", ".only_if", ".url"]
                .iter()
                .any(|k| path.ends_with(k));
            if verbatim && a != b {
                differences.push(format!("{path}: {b:?}, not {a:?}"));
            } else if facts(a) != facts(b) {
                differences.push(format!("{path}: {:?}, not {:?}", facts(b), facts(a)));
            }
        }
        (a, b) if a == b => {}
        (a, b) => differences.push(format!("{path}: {b}, not {a}")),
    }
}

#[test]
fn every_language_says_what_english_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut differences = Vec::new();
    for kind in [DocKind::Kit, DocKind::Prep] {
        let file = format!("{}.toml", kind.stem());
        let en_source = std::fs::read_to_string(root.join("en").join(&file)).unwrap();
        let en: toml::Value = toml::from_str(&en_source).unwrap();
        let en_markers = markers(&en_source);
        assert!(
            en_markers.len() >= 10,
            "en/{file}: the English statements carry their sources"
        );
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            let source = std::fs::read_to_string(root.join(lang.code()).join(&file)).unwrap();
            let other: toml::Value = toml::from_str(&source).unwrap();
            let mut found = Vec::new();
            same_shape("", &en, &other, &mut found);
            if markers(&source) != en_markers {
                found.push(format!(
                    "source/unconfirmed comments: {:?}, not {:?}",
                    markers(&source),
                    en_markers
                ));
            }
            differences.extend(
                found
                    .into_iter()
                    .map(|d| format!("{}/{file}{d}", lang.code())),
            );
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences from English:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

#[test]
fn the_parity_check_sees_a_lost_fact() {
    assert_ne!(facts("wait 24 hours"), facts("wait a day"));
    assert_ne!(facts("dial *#06#"), facts("dial the code"));
    assert_ne!(facts("Call {account.phone}"), facts("Call +86"));
    assert_ne!(facts("**Settings**"), facts("Settings"));
    assert_eq!(facts("3 से 7"), facts("३ से ७"));
    assert_eq!(
        facts("at account.xiaomi.com"),
        facts("en account.xiaomi.com")
    );
    assert_ne!(facts("at account.xiaomi.com"), facts("at mi.com"));
    assert_eq!(
        markers("[[block]]\n# source: a\ntext = \"x\"\n"),
        vec![(1, 0, "source")]
    );
}

/// A calling code printed twice ("+86 +86 138…") is a template that wrote the
/// code before a phone placeholder that prints it.
#[test]
fn no_calling_code_is_printed_twice() {
    for lang in Lang::ALL {
        for owner in ["priya-nair", "wang-fang"] {
            let out = run(mikit()
                .args([
                    "build",
                    "--text",
                    "--date",
                    "2026-12-02",
                    "--lang",
                    lang.code(),
                ])
                .arg(example(owner)));
            assert_success(&out, &format!("{} {owner}", lang.code()));
            let text = common::stdout(&out);
            let words: Vec<&str> = text.split_whitespace().collect();
            for pair in words.windows(2) {
                let code = |w: &str| {
                    w.strip_prefix('+')
                        .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
                        .map(str::to_string)
                };
                assert!(
                    code(pair[0]).is_none() || code(pair[0]) != code(pair[1]),
                    "{} {owner}: \"{} {}\" prints the calling code twice",
                    lang.code(),
                    pair[0],
                    pair[1]
                );
            }
        }
    }
}
