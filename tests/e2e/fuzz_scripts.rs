//! Issue 17's fuzz test: details in every script the bundled fonts cover,
//! with long clusters, stacks of marks and mixed directions, through
//! `check`, `build` and `batch`. Whatever the values, nothing panics, no
//! shaped mark is drawn outside its line or the page, and nothing `check`
//! passes is refused by `build`.
//!
//! Deterministic (a fixed seed) and bounded: a fixed number of cases, a
//! few seconds in CI. `MIKIT_FUZZ_CASES=2000 cargo test --release --test
//! fuzz_scripts` runs more; a failure prints the details file to replay.

use crate::common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use mikit::content::{DocKind, Lang};
use mikit::fonts::FaceId;
use mikit::fonts::Fonts;
use mikit::layout::Item;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use common::{
    DATA_ERR, OK, batch, build, check, exit_code, manifest, stderr, today, toml_string, write_file,
};

/// The same cases on every machine and every run.
fn runner(default_cases: u32, seed: u8) -> TestRunner {
    let cases = std::env::var("MIKIT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default_cases);
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 64,
        ..Config::default()
    };
    TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
    )
}

fn range(a: char, b: char) -> Vec<char> {
    (a..=b).collect()
}

/// One script: its letters, the marks that sit on them, and its virama
/// (the mark that ties the next letter into a cluster), if it has one.
struct Script {
    letters: Vec<char>,
    marks: Vec<char>,
    virama: Option<char>,
}

fn scripts() -> Vec<Script> {
    let s = |letters: Vec<char>, marks: Vec<char>, virama: Option<char>| Script {
        letters,
        marks,
        virama,
    };
    let latin_marks = vec![
        '\u{300}', '\u{301}', '\u{302}', '\u{303}', '\u{308}', '\u{323}',
    ];
    vec![
        s(range('a', 'z'), latin_marks.clone(), None),
        s(range('α', 'ω'), latin_marks.clone(), None),
        s(range('а', 'я'), vec!['\u{301}', '\u{306}', '\u{308}'], None),
        s("王小明李娜あカ김철수".chars().collect(), Vec::new(), None),
        s(
            range('\u{627}', '\u{64A}'),
            range('\u{64B}', '\u{652}')
                .into_iter()
                .chain(['\u{670}'])
                .collect(),
            None,
        ),
        s(
            range('\u{5D0}', '\u{5EA}'),
            range('\u{5B0}', '\u{5BC}')
                .into_iter()
                .chain(['\u{591}'])
                .collect(),
            None,
        ),
        s(
            range('\u{915}', '\u{939}'),
            range('\u{93E}', '\u{94C}')
                .into_iter()
                .chain(['\u{901}', '\u{902}', '\u{93C}'])
                .collect(),
            Some('\u{94D}'),
        ),
        s(
            "কখগঘচছজঝটঠডঢণতথদধনপফবভমযরলশষসহ".chars().collect(),
            "ািীুূৃেৈোৌঁংঃ়".chars().collect(),
            Some('\u{9CD}'),
        ),
        s(
            "கஙசஞடணதநபமயரலவழளறன".chars().collect(),
            "ாிீுூெேைொோௌ".chars().collect(),
            Some('\u{BCD}'),
        ),
        s(
            range('\u{E01}', '\u{E2E}'),
            ['\u{E31}', '\u{E47}']
                .into_iter()
                .chain(range('\u{E34}', '\u{E3A}'))
                .chain(range('\u{E48}', '\u{E4E}'))
                .collect(),
            Some('\u{E3A}'),
        ),
    ]
}

/// A piece of a value in one script: a word with a few marks, a cluster of
/// letters tied by viramas (often longer than any real one), or a letter
/// under a stack of marks.
fn piece(script: usize) -> impl Strategy<Value = String> {
    let all = scripts();
    let sc = &all[script];
    let letters = sc.letters.clone();
    // A script without marks still gets the odd stray accent on a stack.
    let plain = sc.marks.is_empty();
    let marks = if plain {
        vec!['\u{301}']
    } else {
        sc.marks.clone()
    };
    let virama = sc.virama;
    let letter = select(letters);
    let mark = select(marks);
    let _ = &sc.letters;
    let word = vec(
        (
            letter.clone(),
            vec(mark.clone(), 0..if plain { 1 } else { 2 }),
        ),
        1..8,
    )
    .prop_map(|letters| {
        letters
            .into_iter()
            .map(|(l, m)| std::iter::once(l).chain(m).collect::<String>())
            .collect::<String>()
    });
    let cluster = move |letters: std::ops::Range<usize>| {
        vec(letter.clone(), letters).prop_map(move |letters| {
            let joiner = virama.map(String::from).unwrap_or_default();
            letters
                .iter()
                .map(char::to_string)
                .collect::<Vec<_>>()
                .join(&joiner)
        })
    };
    let stack = move |marks: std::ops::Range<usize>| {
        (select(sc_letters(script)), vec(mark.clone(), marks))
            .prop_map(|(l, m)| std::iter::once(l).chain(m).collect::<String>())
    };
    // Mostly what people write, so that most files reach build; the rest
    // past every bound.
    prop_oneof![
        6 => word,
        3 => cluster(1..5),
        1 => cluster(5..14),
        2 => stack(0..4),
        1 => stack(4..10),
    ]
}

fn sc_letters(script: usize) -> Vec<char> {
    scripts().swap_remove(script).letters
}

/// A value: pieces in any scripts, with digits and Latin between them (mixed
/// directions), joined by spaces or nothing.
fn value() -> impl Strategy<Value = String> {
    let n = scripts().len();
    let part = prop_oneof![
        8 => (0..n).prop_flat_map(piece),
        1 => select(vec!["+971 50 123 4567", "12", "Ali", "(2)", "·", "-"]).prop_map(String::from),
    ];
    vec((part, select(vec![" ", " ", ""])), 1..6).prop_map(|parts| {
        let text: String = parts.into_iter().map(|(p, s)| format!("{p}{s}")).collect();
        text.trim().to_string()
    })
}

#[derive(Debug, Clone)]
struct Case {
    name: String,
    store: String,
    receipt: String,
    lang: Lang,
    letter: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        value(),
        value(),
        value(),
        select(Lang::ALL.to_vec()),
        any::<bool>(),
    )
        .prop_map(|(name, store, receipt, lang, letter)| Case {
            name,
            store,
            receipt,
            lang,
            letter,
        })
}

impl Case {
    fn details_file(&self) -> String {
        format!(
            "[owner]\nname = {}\nlanguage = \"{}\"\n[account]\nregion = \"{}\"\n[device]\nstore = {}\nreceipt_location = {}\n",
            toml_string(&self.name),
            self.lang.code(),
            if self.letter { "US" } else { "IN" },
            toml_string(&self.store),
            toml_string(&self.receipt),
        )
    }
}

/// How far above and below its baseline a line may ink, in ems: the
/// tallest ascender and descender among the bundled fonts' designs,
/// measured here rather than taken from mikit.
fn band(fonts: &Fonts) -> (f32, f32) {
    let (mut above, mut below) = (0f32, 0f32);
    for id in FaceId::ALL {
        let face = fonts.face(id).shaper().expect("a bundled face");
        let em = face.units_per_em() as f32;
        above = above.max(f32::from(face.ascender()) / em);
        below = below.max(-f32::from(face.descender()) / em);
    }
    (above, below)
}

/// Every shaped text of every page keeps its ink (each glyph's outline
/// box, moved where the shaper put it) on the page and in its line's band,
/// measured independently of mikit's own fit check.
fn assert_ink_inside(pages: &[mikit::layout::Page], fonts: &Fonts) -> Result<(), String> {
    let (above, below) = band(fonts);
    for (n, page) in pages.iter().enumerate() {
        for item in &page.items {
            let Item::Text {
                x, y, size, run, ..
            } = item
            else {
                continue;
            };
            let text = &run.text;
            let outlines = fonts.face(run.face).shaper().expect("a bundled face");
            let scale = size.0 / f32::from(run.units_per_em);
            let mut pen = 0;
            for g in &run.glyphs {
                let at = pen + g.x_offset;
                pen += g.advance;
                let Some(b) = outlines.glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(g.id))
                else {
                    continue;
                };
                let left = x.0 + (at + i32::from(b.x_min)) as f32 * scale;
                let right = x.0 + (at + i32::from(b.x_max)) as f32 * scale;
                let top = y.0 - (g.y_offset + i32::from(b.y_max)) as f32 * scale;
                let bottom = y.0 - (g.y_offset + i32::from(b.y_min)) as f32 * scale;
                let on_page =
                    left >= 0.0 && right <= page.width.0 && top >= 0.0 && bottom <= page.height.0;
                let in_line =
                    top >= y.0 - above * size.0 - 1.0 && bottom <= y.0 + below * size.0 + 1.0;
                if !(on_page && in_line) {
                    return Err(format!(
                        "page {}: a glyph of {text:?} inks from ({left:.0}, {top:.0}) to \
                         ({right:.0}, {bottom:.0}), baseline {:.0}, size {:.0}",
                        n + 1,
                        y.0,
                        size.0
                    ));
                }
            }
        }
    }
    Ok(())
}

/// check, then (when check passes) both documents laid out and rendered.
fn check_then_build(text: &str) -> Result<(), String> {
    let parsed = mikit::details::read(text, today());
    if !parsed.is_valid() {
        return Ok(());
    }
    let details = parsed.details;
    let paper = mikit::paper_for(&details, None);
    let fonts = Fonts::bundled();
    for kind in DocKind::ALL {
        let doc = mikit::document(kind, &details, today())
            .map_err(|e| format!("check passed, build refused the {}: {e}", kind.stem()))?;
        let pages = mikit::layout::layout(&doc, paper, fonts)
            .map_err(|e| format!("check passed, build refused the {}: {e}", kind.stem()))?;
        assert_ink_inside(&pages, fonts)?;
        mikit::pdf_objects(&doc, paper, today())
            .map_err(|e| format!("check passed, build refused the {}: {e}", kind.stem()))?;
    }
    Ok(())
}

#[test]
fn check_and_build_agree_and_nothing_panics_in_any_script() {
    let mut runner = runner(24, 17);
    let passed = std::cell::Cell::new(0usize);
    let result = runner.run(&case(), |case| {
        let text = case.details_file();
        let outcome = catch_unwind(AssertUnwindSafe(|| check_then_build(&text)));
        match outcome {
            Ok(Ok(())) => {
                if mikit::details::read(&text, today()).is_valid() {
                    passed.set(passed.get() + 1);
                }
                Ok(())
            }
            Ok(Err(e)) => Err(TestCaseError::fail(format!(
                "{e}\n--- details file ---\n{text}"
            ))),
            Err(_) => Err(TestCaseError::fail(format!(
                "panicked\n--- details file ---\n{text}"
            ))),
        }
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // The generator must reach build, not only check's refusals.
    let passed = passed.get();
    eprintln!(
        "{passed} of {} generated files passed check and were built",
        runner.config().cases
    );
    assert!(passed >= 3, "only {passed} generated files passed check");
}

/// Clusters and stacks around the bounds, in every script with a virama
/// or marks: each either passes check and builds, or is refused by check.
#[test]
fn the_bounds_themselves_hold_in_every_script() {
    for sc in scripts() {
        for n in 0..10 {
            let letter = sc.letters[n % sc.letters.len()];
            let mut values = Vec::new();
            if let Some(v) = sc.virama {
                let joined: Vec<String> = (0..n + 1)
                    .map(|i| sc.letters[(i * 7) % sc.letters.len()].to_string())
                    .collect();
                values.push(joined.join(&v.to_string()));
            }
            for &mark in sc.marks.iter().take(4) {
                values.push(
                    std::iter::once(letter)
                        .chain(std::iter::repeat_n(mark, n))
                        .collect(),
                );
            }
            for value in values {
                let text = format!("[owner]\nname = {}\n", toml_string(&value));
                match catch_unwind(AssertUnwindSafe(|| check_then_build(&text))) {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => panic!("{e}\n{text}"),
                    Err(_) => panic!("panicked on\n{text}"),
                }
            }
        }
    }
}

/// The real binary over generated details: check's exit code decides
/// build's, and a batch of the same customers fails only their rows.
#[test]
fn the_commands_agree_over_generated_files() {
    let tmp = tempfile::tempdir().unwrap();
    let mut runner = runner(4, 18);
    let mut rows = Vec::new();
    for _ in 0..runner.config().cases {
        let case = case().new_tree(&mut runner).unwrap().current();
        let file = write_file(tmp.path(), "d.toml", case.details_file());
        let checked = check(&file);
        let out = tmp.path().join("out");
        let built = build(&file, &out, &["--force"]);
        for (what, output) in [("check", &checked), ("build", &built)] {
            assert!(
                !stderr(output).contains("panicked"),
                "{what}: {}",
                stderr(output)
            );
        }
        assert_eq!(
            exit_code(&checked),
            exit_code(&built),
            "check and build disagree on\n{}\ncheck: {}\nbuild: {}",
            case.details_file(),
            stderr(&checked),
            stderr(&built)
        );
        rows.push(case);
    }
    // The same customers, and more, as one shop's spreadsheet.
    for _ in 0..12 {
        rows.push(case().new_tree(&mut runner).unwrap().current());
    }
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["name", "store", "receipt_location", "language"])
        .unwrap();
    for c in &rows {
        csv.write_record([&c.name, &c.store, &c.receipt, c.lang.code()])
            .unwrap();
    }
    let input = write_file(tmp.path(), "c.csv", csv.into_inner().unwrap());
    let out = tmp.path().join("batch");
    let ran = batch(&input, &out, &[]);
    let said = stderr(&ran);
    assert!(matches!(exit_code(&ran), OK | DATA_ERR), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(!said.contains("could not be laid out"), "{said}");
    assert!(!said.contains("mikit failed inside"), "{said}");
    assert_eq!(
        manifest(&out).len(),
        rows.len(),
        "every customer in the manifest"
    );
}
