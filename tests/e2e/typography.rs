//! Typography read back from the printed PDFs: values never broken across
//! lines, the footer's shortened name, tables that keep their rows together
//! and say when they continue, nothing outside the margins, and kits that fit
//! three pages.

use crate::common;

use std::path::{Path, PathBuf};

use common::{
    PDFS, WordBox, append, build_ok, example, example_file, fresh_export, page_count, pdftotext,
    squash, template_file, template_toml, today, tool, tool_output, word_boxes, write_file,
};

const LANGS: [&str; 6] = ["en", "es", "pt-BR", "id", "zh-CN", "ru"];

/// Page margins of the layout: 18 mm at the sides, 16 mm at the top, and
/// the footer's rule 15 mm + 16 pt above the bottom edge.
const SIDE: f64 = 18.0 * 72.0 / 25.4;
const TOP: f64 = 16.0 * 72.0 / 25.4;
const BOTTOM: f64 = 15.0 * 72.0 / 25.4;
const FOOTER_RULE_ABOVE_BOTTOM: f64 = BOTTOM + 16.0;

struct Tools {
    pdftotext: PathBuf,
    pdfinfo: PathBuf,
}

fn tools() -> Option<Tools> {
    Some(Tools {
        pdftotext: tool("pdftotext")?,
        pdfinfo: tool("pdfinfo")?,
    })
}

/// Every word lies inside the side and top margins, and above the footer's
/// rule unless it is the footer, which stays above the bottom margin.
fn assert_inside_margins(words: &[WordBox], what: &str) {
    assert!(!words.is_empty(), "{what}: no words");
    for w in words {
        let rule = w.page_height - FOOTER_RULE_ABOVE_BOTTOM;
        let ok_x = w.x_min >= SIDE - 1.0 && w.x_max <= w.page_width - SIDE + 1.0;
        // pdftotext's boxes use the font's full ascent, a little above the
        // layout's own.
        let ok_top = w.y_min >= TOP - 4.0;
        let in_body = w.y_max <= rule;
        let in_footer = w.y_min >= rule && w.y_max <= w.page_height - BOTTOM + 1.0;
        assert!(
            ok_x && ok_top && (in_body || in_footer),
            "{what}: \"{}\" on page {} at x {:.1}..{:.1}, y {:.1}..{:.1} is outside the margins \
             of a {:.0} x {:.0} page",
            w.text,
            w.page,
            w.x_min,
            w.x_max,
            w.y_min,
            w.y_max,
            w.page_width,
            w.page_height
        );
    }
}

/// Text in reading order, each line with its spaces collapsed.
fn lines(pdftotext_tool: &Path, pdf: &Path) -> Vec<String> {
    pdftotext(pdftotext_tool, pdf).lines().map(squash).collect()
}

/// `value` appears, and every time whole on one line: were it broken, the
/// text with lines joined would hold it more often than the lines do.
fn assert_unbroken(lines: &[String], value: &str, what: &str) {
    let in_lines: usize = lines.iter().map(|l| l.matches(value).count()).sum();
    let joined = lines.join(" ");
    let anywhere = joined.matches(value).count();
    assert!(in_lines > 0, "{what}: \"{value}\" is not printed");
    assert_eq!(
        in_lines,
        anywhere,
        "{what}: \"{value}\" is broken across lines:\n{}",
        lines
            .iter()
            .filter(|l| !l.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn document_key(t: &toml::Table, key: &str) -> Option<String> {
    t["document"].get(key)?.as_str().map(str::to_string)
}

/// A date as the template of `lang` prints a day.
fn day(lang: &str, date: chrono::NaiveDate) -> String {
    let format = document_key(&template_toml(lang, "recovery-kit"), "date_day").unwrap();
    let locale = match lang {
        "en" => chrono::Locale::en_GB,
        "es" => chrono::Locale::es_ES,
        "pt-BR" => chrono::Locale::pt_BR,
        "id" => chrono::Locale::id_ID,
        "zh-CN" => chrono::Locale::zh_CN,
        _ => chrono::Locale::ru_RU,
    };
    date.and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .format_localized(&format, locale)
        .to_string()
}

/// Builds only the kit of `details` into `out`, with the example shop and
/// `extra`; returns the kit.
fn kit_with_shop(details: &Path, out: &Path, extra: &[&str]) -> PathBuf {
    let shop = example_file("shop.toml");
    let mut args = vec!["--only", "kit", "--shop", shop.to_str().unwrap()];
    args.extend_from_slice(extra);
    build_ok(details, out, &args);
    out.join("recovery-kit.pdf")
}

/// The example owner with another name, store and receipt place, and more
/// earlier numbers: longer values push the words around them to other lines.
fn owner(dir: &Path, name: &str, store: &str, previous: usize) -> PathBuf {
    let phones: Vec<String> = (0..previous.max(1))
        .map(|i| format!("\"+91 91234 {:05}\"", 56789 + i))
        .collect();
    let source = std::fs::read_to_string(example("priya-nair")).unwrap();
    for line in [
        "name = \"Priya Nair\"",
        "previous_phones = [\"+91 91234 56789\"]",
        "store = \"Sangeetha Mobiles, MG Road, Bengaluru\"",
    ] {
        assert!(source.contains(line), "the example no longer has {line}");
    }
    let source = source
        .replace("name = \"Priya Nair\"", &format!("name = \"{name}\""))
        .replace(
            "previous_phones = [\"+91 91234 56789\"]",
            &format!("previous_phones = [{}]", phones.join(", ")),
        )
        .replace(
            "store = \"Sangeetha Mobiles, MG Road, Bengaluru\"",
            &format!("store = \"{store}\""),
        );
    write_file(dir, &format!("owner-{previous}.toml"), &source)
}

#[test]
fn values_are_never_broken_across_lines_in_any_language() {
    let Some(t) = tools() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let owners = [
        ("Priya Nair", "Sangeetha Mobiles, MG Road, Bengaluru"),
        (
            "Priyadarshini Venkataraman",
            "Sangeetha Mobiles Private Limited, 41 Mahatma Gandhi Road, Bengaluru",
        ),
        (
            "Anantharaman Subramaniam Chidambaram",
            "Poorvika Mobiles, Brigade Road",
        ),
        (
            "Li Na",
            "Reliance Digital, Phoenix Marketcity, Whitefield, Bengaluru 560048",
        ),
    ];
    let today = today();
    let review = chrono::NaiveDate::from_ymd_opt(2027, 11, 27).unwrap();
    let bought = chrono::NaiveDate::from_ymd_opt(2023, 11, 4).unwrap();
    let mut checked = 0;
    for (i, (name, store)) in owners.iter().enumerate() {
        let details = owner(tmp.path(), name, store, 1 + i);
        for (j, lang) in LANGS.iter().enumerate() {
            let out = tmp.path().join(format!("{i}-{lang}"));
            let paper = if (i + j) % 2 == 0 { "letter" } else { "a4" };
            let shop = example_file("shop.toml");
            build_ok(
                &details,
                &out,
                &[
                    "--lang",
                    lang,
                    "--paper",
                    paper,
                    "--shop",
                    shop.to_str().unwrap(),
                ],
            );
            let mut values: Vec<String> = [
                *name,
                *store,
                "+91 98765 43210",
                "priya.nair@example.com",
                "356938035643809",
                "356938035643817",
                "41873/K9X2M7",
                "SM-23-118842",
                "7390125846",
                "Redmi Note 12",
                "Steel cupboard, top shelf, document box",
            ]
            .map(String::from)
            .into();
            values.extend((0..=i).map(|k| format!("+91 91234 {:05}", 56789 + k)));
            values.extend([day(lang, today), day(lang, review), day(lang, bought)]);
            for pdf in PDFS {
                let lines = lines(&t.pdftotext, &out.join(pdf));
                for value in &values {
                    // Not every value is in both documents.
                    if lines.iter().any(|l| l.contains(value.as_str())) {
                        assert_unbroken(&lines, value, &format!("{lang} {paper} {name}: {pdf}"));
                        checked += 1;
                    }
                }
                // The values the owner most needs are in both.
                for value in ["+91 98765 43210", "356938035643809"] {
                    assert_unbroken(&lines, value, &format!("{lang} {paper} {name}: {pdf}"));
                }
            }
        }
    }
    assert!(checked > 400, "only {checked} values checked");
}

#[test]
fn a_long_owner_name_is_shortened_in_the_footer_with_an_ellipsis() {
    let Some(t) = tools() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let names = [
        "Priyadarshini Lakshmi-Venkataraman Nair-Subramaniam Chidambaram-Ramaswamy Iyer",
        "Maria-Fernanda de los Ángeles Castellanos-Villalobos y Hernández-Quintero",
        "Александра Владимировна Константинопольская-Преображенская-Никифорова",
    ];
    for (i, name) in names.iter().enumerate() {
        let details = owner(tmp.path(), name, "Sangeetha Mobiles", 1);
        for lang in ["en", "ru"] {
            let out = tmp.path().join(format!("{i}-{lang}"));
            build_ok(&details, &out, &["--lang", lang, "--paper", "letter"]);
            let pdf = out.join("recovery-kit.pdf");
            let pages = page_count(&t.pdfinfo, &pdf);
            let words = word_boxes(&t.pdftotext, &pdf);
            for page in 1..=pages {
                // The footer: the words below the last rule of the page.
                let footer: Vec<&WordBox> = words
                    .iter()
                    .filter(|w| {
                        w.page == page && w.y_min >= w.page_height - FOOTER_RULE_ABOVE_BOTTOM
                    })
                    .collect();
                let text: Vec<&str> = footer.iter().map(|w| w.text.as_str()).collect();
                let text = text.join(" ");
                let short = footer
                    .iter()
                    .find(|w| w.text.ends_with('…'))
                    .unwrap_or_else(|| panic!("{lang} {name}: page {page} footer {text:?}"));
                let kept = short.text.trim_end_matches('…');
                assert!(
                    !kept.is_empty() && !kept.ends_with(['-', '‐', ',']),
                    "{lang}: cut badly: {text:?}"
                );
                // What is printed of the name is the name's beginning.
                let name_words: Vec<&str> = name.split(' ').collect();
                let first = name_words[0];
                let start = text.find(first).unwrap_or_else(|| panic!("{text:?}"));
                let printed = text[start..].split('…').next().unwrap().to_string();
                assert!(
                    name.starts_with(&printed),
                    "{printed:?} is not how {name:?} begins"
                );
                assert!(
                    text.contains(&pages.to_string()),
                    "page number lost: {text:?}"
                );
                for w in &footer {
                    assert!(w.x_max <= w.page_width - SIDE + 1.0, "{text:?}");
                }
                let number = footer.last().unwrap();
                assert!(
                    number.x_min > short.x_max,
                    "the name runs into the page number"
                );
            }
        }
    }
}

/// The labels of each "fields" table of a template, in order.
fn field_tables(t: &toml::Table) -> Vec<Vec<String>> {
    t["block"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"].as_str() == Some("fields"))
        .map(|b| {
            b["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["label"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn a_table_never_leaves_one_row_alone_on_a_page() {
    let Some(t) = tools() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let tables = field_tables(&template_toml("en", "recovery-kit"));
    assert!(!tables.is_empty());
    let mut splits = 0;
    // The identity sheet prints whole while it fits a page: only an owner
    // with hundreds of earlier numbers makes it longer than one (and with
    // over 400, their row alone is longer than a page: cut between lines).
    for previous in (1..=40).step_by(3).chain([150, 220, 300]) {
        let details = owner(tmp.path(), "Priya Nair", "Sangeetha Mobiles", previous);
        for paper in ["a4", "letter"] {
            let out = tmp.path().join(format!("{previous}-{paper}"));
            let pdf = kit_with_shop(&details, &out, &["--paper", paper]);
            let pages = page_count(&t.pdfinfo, &pdf);
            for labels in &tables {
                let mut per_page = Vec::new();
                for page in 1..=pages {
                    let n = page.to_string();
                    let text = tool_output(
                        &t.pdftotext,
                        &[
                            "-layout".as_ref(),
                            "-f".as_ref(),
                            n.as_ref(),
                            "-l".as_ref(),
                            n.as_ref(),
                            pdf.as_os_str(),
                            "-".as_ref(),
                        ],
                    );
                    let rows = text
                        .lines()
                        .map(str::trim_start)
                        .filter(|l| {
                            labels.iter().any(|label| {
                                l.strip_prefix(label.as_str())
                                    .is_some_and(|rest| rest.is_empty() || rest.starts_with("  "))
                            })
                        })
                        .count();
                    if rows > 0 {
                        per_page.push(rows);
                    }
                }
                assert!(
                    per_page.iter().all(|&n| n >= 2),
                    "{paper}, {previous} earlier numbers: rows per page {per_page:?} of {labels:?}"
                );
                splits += usize::from(per_page.len() > 1);
            }
        }
    }
    assert!(
        splits > 0,
        "no table ever crossed a page: the test proves nothing"
    );
}

fn many_phones(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("+91 98{:03} 4{:04}", i % 1000, i))
        .collect()
}

#[test]
fn three_hundred_earlier_numbers_all_print_inside_the_margins() {
    let Some(t) = tools() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let phones = many_phones(300);
    let list: Vec<String> = phones.iter().map(|p| format!("\"{p}\"")).collect();
    let source = std::fs::read_to_string(example("priya-nair")).unwrap();
    let earlier = "previous_phones = [\"+91 91234 56789\"]";
    assert!(
        source.contains(earlier),
        "the example no longer has {earlier}"
    );
    let source = source.replace(earlier, &format!("previous_phones = [{}]", list.join(", ")));
    let details = write_file(tmp.path(), "many.toml", &source);
    let kit = template_toml("en", "recovery-kit");
    let continued = document_key(&kit, "continued").expect("[document] continued");
    for paper in ["a4", "letter"] {
        let out = tmp.path().join(paper);
        build_ok(&details, &out, &["--paper", paper]);
        for pdf in PDFS {
            let pdf = out.join(pdf);
            let what = format!("{paper} {}", pdf.display());
            assert_inside_margins(&word_boxes(&t.pdftotext, &pdf), &what);
            let lines = lines(&t.pdftotext, &pdf);
            for p in &phones {
                assert_unbroken(&lines, p, &what);
            }
            // The table that runs over says so on the next page.
            let pages = page_count(&t.pdfinfo, &pdf);
            assert!(pages > 2, "{what}: {pages} pages");
            let text = pdftotext(&t.pdftotext, &pdf);
            assert!(
                text.contains(&continued),
                "{what}: no \"{continued}\" heading:\n{text}"
            );
        }
        // The kit's first table continues under its own heading.
        let pdf = out.join("recovery-kit.pdf");
        let heading = kit["block"]
            .as_array()
            .unwrap()
            .iter()
            .take_while(|b| b["type"].as_str() != Some("fields"))
            .filter(|b| b["type"].as_str() == Some("heading"))
            .last()
            .map(|b| b["text"].as_str().unwrap().to_string())
            .unwrap();
        let page2 = tool_output(
            &t.pdftotext,
            &[
                "-f".as_ref(),
                "2".as_ref(),
                "-l".as_ref(),
                "2".as_ref(),
                pdf.as_os_str(),
                "-".as_ref(),
            ],
        );
        let first = page2.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert_eq!(first.trim(), format!("{heading} {continued}"), "{paper}");
    }
}

#[test]
fn a_huge_paragraph_from_an_edited_template_stays_inside_the_margins() {
    let Some(t) = tools() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = fresh_export(tmp.path(), "t");
    let words_in: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
    // A template value is at most 2,000 characters: many long blocks and
    // items, appended after the template's last block (any template takes them).
    let mut source = String::new();
    let (paragraphs, items) = words_in.split_at(2400);
    for chunk in paragraphs.chunks(300) {
        source.push_str(&format!(
            "\n[[block]]\ntype = \"paragraph\"\ntext = \"{}\"\n",
            chunk.join(" ")
        ));
    }
    let items: Vec<String> = items
        .chunks(300)
        .map(|c| format!("\"{}\"", c.join(" ")))
        .collect();
    source.push_str(&format!(
        "\n[[block]]\ntype = \"checklist\"\nitems = [{}]\n",
        items.join(", ")
    ));
    append(&template_file(&dir, "en", "recovery-kit"), &source);
    let out = tmp.path().join("out");
    build_ok(
        &example("priya-nair"),
        &out,
        &["--only", "kit", "--templates", dir.to_str().unwrap()],
    );
    let pdf = out.join("recovery-kit.pdf");
    let words = word_boxes(&t.pdftotext, &pdf);
    assert_inside_margins(&words, "huge paragraph");
    let printed: std::collections::HashSet<&str> = words.iter().map(|w| w.text.as_str()).collect();
    for w in &words_in {
        assert!(printed.contains(w.as_str()), "{w} is not printed");
    }
    assert!(page_count(&t.pdfinfo, &pdf) > 4);
}

#[test]
fn kits_fit_three_pages_in_every_language_on_a4_and_letter_with_a_shop() {
    let Some(t) = tools() else { return };
    let tmp = tempfile::tempdir().unwrap();
    for details in ["priya-nair", "wang-fang"] {
        for lang in LANGS {
            for paper in ["a4", "letter"] {
                let out = tmp.path().join(format!("{details}-{lang}-{paper}"));
                let pdf =
                    kit_with_shop(&example(details), &out, &["--lang", lang, "--paper", paper]);
                let pages = page_count(&t.pdfinfo, &pdf);
                assert!(pages <= 3, "{details} {lang} {paper}: {pages} pages");
                assert_inside_margins(
                    &word_boxes(&t.pdftotext, &pdf),
                    &format!("{details} {lang} {paper}"),
                );
            }
        }
    }
}
