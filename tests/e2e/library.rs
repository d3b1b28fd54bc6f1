//! Tests of the library pipeline, in one process: what the binary's tests
//! cannot see (several documents made in one process, the laid-out pages).

use crate::common;

use mikit::content::{DocKind, Lang, Template, TemplateSet};
use mikit::details;
use mikit::fonts::Fonts;
use mikit::layout::{self, Item, PageFrame, Paper, Pt};

use common::{example_details, today};

#[test]
fn same_document_twice_in_one_process_is_byte_identical() {
    for name in ["priya-nair", "wang-fang"] {
        let d = example_details(name);
        for kind in DocKind::ALL {
            let doc = mikit::document(kind, &d, today()).unwrap();
            let a = mikit::pdf(&doc, Paper::A4, today()).unwrap();
            let b = mikit::pdf(&doc, Paper::A4, today()).unwrap();
            assert!(a == b, "{name} {kind:?}: two renders differ");
            let other_day = mikit::pdf(&doc, Paper::A4, today().succ_opt().unwrap()).unwrap();
            assert!(a != other_day, "the date must reach the bytes");
        }
    }
}

#[test]
fn every_character_of_every_template_is_in_the_fonts() {
    let fonts = Fonts::bundled();
    let set = TemplateSet::builtin();
    for (lang, kind) in set.entries() {
        for s in set.get(lang, kind).strings() {
            if let Err(e) = fonts.check(s) {
                panic!("{}/{}: {e} in {s:?}", lang.code(), kind.stem());
            }
        }
    }
}

#[test]
fn a_template_with_an_unknown_placeholder_is_refused() {
    let source = include_str!("../../templates/en/recovery-kit.toml")
        .replace("{account.email}", "{account.mail}");
    let err = Template::parse(&source, Lang::En).unwrap_err();
    assert!(err.contains("{account.mail}"), "{err}");
}

#[test]
fn a_template_with_an_unknown_block_type_is_refused() {
    let source = include_str!("../../templates/en/recovery-kit.toml")
        .replace("type = \"callout\"", "type = \"calout\"");
    let err = Template::parse(&source, Lang::En).unwrap_err();
    assert!(err.starts_with("line "), "{err}");
}

/// Advance width of a text item, measured the way the layout measures.
fn width(text: &str, size: Pt, face: mikit::fonts::FaceId) -> f32 {
    let f = Fonts::bundled().face(face);
    text.chars().map(|c| f.advance_em(c) * size.0).sum()
}

#[test]
fn extreme_values_stay_inside_the_margins_on_both_papers() {
    let long_word = format!("{}@example.com", "x".repeat(120));
    let source = format!(
        r#"
[owner]
name = "{name}"
[account]
email = "{long_word}"
previous_phones = ["+1 202 555 0101", "+1 202 555 0102", "+1 202 555 0103", "+1 202 555 0104"]
[device]
store = "{store}"
receipt_location = "{cjk}"
"#,
        name = "Wolfeschlegelsteinhausenbergerdorff Maximiliana Alexandrovna Konstantinopolskaya",
        store = "Shop 12, Ground Floor, ".repeat(8),
        cjk = "书房抽屉里的文件袋，".repeat(20),
    );
    let d = details::parse(&source, today()).unwrap();
    for paper in [Paper::A4, Paper::Letter] {
        let frame = PageFrame::new(paper);
        for kind in DocKind::ALL {
            let doc = mikit::document(kind, &d, today()).unwrap();
            let pages = layout::layout(&doc, paper, Fonts::bundled()).unwrap();
            for (n, page) in pages.iter().enumerate() {
                for item in &page.items {
                    match item {
                        Item::Text {
                            x, y, size, run, ..
                        } => {
                            let text = &run.text;
                            let right = x.0 + width(text, *size, run.face);
                            assert!(
                                x.0 >= frame.left.0 - 0.01,
                                "{kind:?} p{n}: {text:?} starts left of the margin"
                            );
                            assert!(
                                right <= frame.right.0 + 0.01,
                                "{kind:?} p{n}: {text:?} ends at {right} > {}",
                                frame.right.0
                            );
                            assert!(
                                y.0 > frame.top.0 && y.0 <= frame.footer_baseline.0 + 0.01,
                                "{kind:?} p{n}: {text:?} outside the page body"
                            );
                        }
                        Item::Line { x1, x2, .. } => {
                            assert!(x1.0 >= frame.left.0 - 0.01 && x2.0 <= frame.right.0 + 0.01);
                        }
                        Item::Rect { x, w, .. } => {
                            assert!(
                                x.0 >= frame.left.0 - 0.01 && x.0 + w.0 <= frame.right.0 + 0.01
                            );
                        }
                        Item::Link { .. } => {}
                    }
                }
            }
        }
    }
}

#[test]
fn body_never_reaches_into_the_footer() {
    let d = example_details("wang-fang");
    let frame = PageFrame::new(Paper::Letter);
    for kind in DocKind::ALL {
        let doc = mikit::document(kind, &d, today()).unwrap();
        let pages = layout::layout(&doc, Paper::Letter, Fonts::bundled()).unwrap();
        for page in &pages {
            let footer_rule = frame.footer_baseline.0 - 13.0;
            for item in &page.items {
                if let Item::Text { y, run, .. } = item {
                    let text = &run.text;
                    let in_footer = (y.0 - frame.footer_baseline.0).abs() < 0.01;
                    assert!(
                        in_footer || y.0 < footer_rule,
                        "{text:?} at {} overlaps the footer",
                        y.0
                    );
                }
            }
        }
    }
}

// Problems stay typed (issue 9) ---------------------------------------------------

#[test]
fn a_template_problem_is_typed_with_its_line_column_and_field() {
    let source = include_str!("../../templates/en/recovery-kit.toml").replacen(
        "date_day = \"%-d %B %Y\"",
        "date_day = \"%#z\"",
        1,
    );
    let problems = Template::read(&source, Lang::En).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    let line = source
        .lines()
        .position(|l| l.starts_with("date_day"))
        .unwrap()
        + 1;
    assert_eq!((p.line, p.column), (line, 12));
    assert_eq!(p.field, "document.date_day");
    assert!(p.is_error());
}

#[test]
fn the_library_never_names_a_command_or_a_flag() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nobody.toml");
    let err = match mikit::input::read_details(&missing, today()) {
        Err(e) => e,
        Ok(_) => panic!("a missing file was read"),
    };
    assert_eq!(err.code, mikit::ExitCode::NoInput);
    assert!(!err.to_string().contains("mikit "), "{err}");
    assert_eq!(
        err.next,
        Some(mikit::error::NextStep::CreateDetails(
            missing.display().to_string()
        ))
    );
    let err = match TemplateSet::load(&dir.path().join("no-such-templates")) {
        Err(e) => e,
        Ok(_) => panic!("a missing folder was loaded"),
    };
    assert!(!err.to_string().contains("mikit "), "{err}");
    assert!(matches!(
        err.next,
        Some(mikit::error::NextStep::ExportTemplates(_))
    ));
}

#[test]
fn details_problems_carry_their_file_and_render_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.toml");
    std::fs::write(
        &path,
        "[owner]\n\"\\u001b[2J\" = 1\n[account]\nemail = \"nope\"\n",
    )
    .unwrap();
    let err = match mikit::input::read_details(&path, today()) {
        Err(e) => e,
        Ok(_) => panic!("bad details were accepted"),
    };
    assert_eq!(err.code, mikit::ExitCode::DataErr);
    let lines: Vec<(usize, &str)> = err
        .problems
        .iter()
        .map(|p| (p.line, p.field.as_str()))
        .collect();
    assert_eq!(lines, [(2, "owner.\u{1b}[2J"), (4, "account.email")]);
    assert!(
        err.problems
            .iter()
            .all(|p| p.file.as_deref() == Some(path.to_str().unwrap()))
    );
    let shown = err.to_string();
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(shown.contains("owner.\\u{1B}[2J"), "{shown}");
}

#[test]
fn a_shop_file_reports_typed_problems() {
    let problems = mikit::shop::parse("name = \"A\"\nphone = \"12\"\nfax = \"1\"\n").unwrap_err();
    let at: Vec<(usize, usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.column, p.field.as_str()))
        .collect();
    assert_eq!(at, [(2, 9, "phone"), (3, 1, "fax")]);
}

#[test]
fn a_document_made_by_hand_with_a_link_too_long_for_a_qr_code_is_an_error() {
    let mut doc = mikit::document(DocKind::Kit, &example_details("priya-nair"), today()).unwrap();
    doc.blocks.push(mikit::content::Block::Link {
        url: format!("https://example.com/{}", "a".repeat(5000)),
        label: "example.com".into(),
        body: Vec::new(),
    });
    let err = mikit::pdf(&doc, Paper::A4, today()).unwrap_err();
    assert_eq!(err.code, mikit::ExitCode::DataErr);
    assert!(err.message.contains("QR code"), "{err}");
}

/// A batch run through the library, into `out`, with `name` and `force`.
fn batch_run(
    input: &std::path::Path,
    out: &std::path::Path,
    name: Option<&str>,
    force: bool,
) -> mikit::Result<mikit::batch::Summary> {
    let stop = std::sync::atomic::AtomicBool::new(false);
    mikit::batch::run(&mikit::batch::Options {
        reading: Default::default(),
        input,
        out_dir: out,
        today: today(),
        paper: None,
        settings: mikit::Settings::default(),
        name,
        merge: None,
        reads: &[],
        jobs: 1,
        force,
        stop: &stop,
        progress: &|_, _| {},
    })
}

/// The words of the command line that the library must leave to it.
fn assert_no_cli_words(text: &str) {
    for word in ["--force", "--name", "mikit init", "-o ", "with -o"] {
        assert!(!text.contains(word), "{word:?} in {text:?}");
    }
}

fn assert_error_has_no_cli_words(err: &mikit::Error) {
    assert_no_cli_words(&err.to_string());
    assert_no_cli_words(&err.message);
    for p in &err.problems {
        assert_no_cli_words(&p.render(""));
        assert_no_cli_words(&p.redacted());
    }
}

#[test]
fn the_batch_path_never_names_a_flag_and_keeps_problems_typed() {
    use mikit::error::{NextStep, Setting};
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("customers.csv");
    std::fs::write(
        &input,
        "name,email,phone,region,imei,invoice\n\
         Anna Kowalska,anna@example.com,+48 601 234 567,PL,355260181590838,A-1\n\
         Bad Row,not-an-email,+48 601 234 568,PL,355260181590839,A-2\n",
    )
    .unwrap();
    let out = dir.path().join("kits");

    // A run with one bad customer: its problems come back typed, in the list.
    let summary = batch_run(&input, &out, None, false).unwrap();
    assert_eq!((summary.written, summary.failed), (1, 1));
    assert!(!summary.problems.is_empty());
    for p in &summary.problems {
        assert_eq!(p.file.as_deref(), Some(input.to_str().unwrap()));
        assert_no_cli_words(&p.render(""));
    }
    let bad = summary
        .problems
        .iter()
        .find(|p| p.is_error())
        .expect("the bad customer's error");
    assert_eq!((bad.line, bad.field.as_str()), (3, "email"));
    let manifest = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    assert!(!manifest.contains("not-an-email"), "{manifest}");

    // Again without replacing: refused, the way out left to the command line.
    let err = batch_run(&input, &out, None, false).unwrap_err();
    assert_eq!(err.code, mikit::ExitCode::CantCreate);
    assert_eq!(err.next, Some(NextStep::ReplaceOrElsewhere));
    assert_error_has_no_cli_words(&err);

    // A file-name pattern naming no column: the setting is typed, not a flag.
    let other = dir.path().join("other");
    for pattern in ["{nope}", "kit-{invoice"] {
        let err = batch_run(&input, &other, Some(pattern), false).unwrap_err();
        assert_eq!(err.code, mikit::ExitCode::Usage);
        assert_eq!(err.setting, Some(Setting::FileNames(pattern.into())));
        assert_error_has_no_cli_words(&err);
    }

    // The customer list inside the output folder, as one of its files.
    let inside = out.join("manifest.csv");
    std::fs::copy(&input, &inside).unwrap();
    let err = batch_run(&inside, &out, None, true).unwrap_err();
    assert_eq!(err.code, mikit::ExitCode::Usage);
    assert!(matches!(err.next, Some(NextStep::MoveOrElsewhere(_))));
    assert_error_has_no_cli_words(&err);

    // Another run holding the folder.
    let held = mikit::output::FolderLock::acquire(&out).unwrap();
    let err = batch_run(&input, &out, None, true).unwrap_err();
    drop(held);
    assert_eq!(err.next, Some(NextStep::WaitOrElsewhere));
    assert_error_has_no_cli_words(&err);

    // Files already there, for a single build.
    let taken = [out.join("manifest.csv")];
    let err = mikit::output::check_free(&taken, false).unwrap_err();
    assert_eq!(err.next, Some(NextStep::ReplaceOrElsewhere));
    assert_error_has_no_cli_words(&err);
}

#[test]
fn a_toml_customer_list_reports_typed_positioned_problems() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kits");

    // A syntax error: one typed problem at its line and column, in the list.
    let input = dir.path().join("list.toml");
    std::fs::write(
        &input,
        "[[customer]]\n[customer.owner]\nname = = \"Anna\"\n",
    )
    .unwrap();
    let err = batch_run(&input, &out, None, false).unwrap_err();
    assert_eq!(err.code, mikit::ExitCode::DataErr);
    assert_eq!(err.problems.len(), 1, "{err}");
    let p = &err.problems[0];
    assert_eq!(p.file.as_deref(), Some(input.to_str().unwrap()));
    assert_eq!(p.line, 3, "{err}");
    assert!(p.column > 0, "{err}");
    assert!(p.message.contains("not valid TOML"), "{err}");
    assert_error_has_no_cli_words(&err);

    // Bad values of the second customer: at their own lines.
    std::fs::write(
        &input,
        "[[customer]]\n[customer.owner]\nname = \"Anna Kowalska\"\n\
         [customer.account]\nemail = \"anna@example.com\"\nphone = \"+48 601 234 567\"\n\
         [customer.device]\nimei = [\"355260181590838\"]\n\n\
         [[customer]]\n[customer.owner]\nname = \"Bad\"\n\
         [customer.account]\nemail = \"nope\"\n",
    )
    .unwrap();
    let summary = batch_run(&input, &out, None, false).unwrap();
    assert_eq!(summary.failed, 1, "{:?}", summary.problems);
    let bad: Vec<(usize, &str)> = summary
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| (p.line, p.field.as_str()))
        .collect();
    assert!(bad.contains(&(14, "account.email")), "{bad:?}");

    // Too many customers: refused whole, with the limit and where it was passed.
    let many = "[[customer]]\n".repeat(mikit::batch::source::MAX_TOML_CUSTOMERS + 1);
    std::fs::write(&input, many).unwrap();
    let err = batch_run(&input, &dir.path().join("many"), None, false).unwrap_err();
    assert_eq!(err.code, mikit::ExitCode::DataErr);
    let text = err.to_string();
    assert!(text.contains("at most 10,000 customers"), "{text}");
    assert!(text.contains(":10001:"), "{text}");
    assert!(!dir.path().join("many").exists());
}
