//! Property tests of reading details files: whatever the owner types, mikit
//! answers with problems, never with a panic; and what is valid by
//! construction is read as valid.
//!
//! Library calls get hundreds of cases; runs of the real binary a few dozen,
//! to keep the whole file to seconds in a debug build.

use crate::common;

use std::path::Path;
use std::process::Output;

use chrono::NaiveDate;
use mikit::details::{self, Field, FieldKind, SCHEMA};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

use common::{
    DATA_ERR, DATE, NO_INPUT, OK, PDFS, cases, example_details, luhn_digit, mikit, read, run,
    stderr, stdout, template_toml, today, toml_string, write_file,
};

/// Cases for properties that only call the library.
fn library_cases(n: u32) -> Config {
    cases(n)
}

/// Cases for properties that run the binary: few, and no shrinking marathon.
fn binary_cases(n: u32) -> Config {
    Config {
        max_shrink_iters: 200,
        max_global_rejects: 4096,
        ..cases(n)
    }
}

// Building details files ---------------------------------------------------------

/// A value as it is written after `key = `.
#[derive(Debug, Clone)]
enum Value {
    /// A TOML basic string, escaped.
    Str(String),
    /// An array of TOML basic strings.
    List(Vec<String>),
    /// Written as is: a date literal or an integer.
    Raw(String),
}

/// Every field of the schema, in file order: (`section.key`, section, key, field).
fn fields() -> Vec<(String, &'static str, &'static str, Field)> {
    SCHEMA
        .iter()
        .flat_map(|s| {
            s.fields
                .iter()
                .map(move |(k, f)| (format!("{}.{k}", s.name), s.name, *k, *f))
        })
        .collect()
}

fn render(value: &Value) -> String {
    match value {
        Value::Str(s) => toml_string(s),
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|s| toml_string(s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Raw(raw) => raw.clone(),
    }
}

/// A details file with one value per field, one per line; and the line each
/// field is on.
fn details_file(values: &[Value]) -> (String, Vec<(String, usize)>) {
    let fields = fields();
    assert_eq!(values.len(), fields.len());
    let mut text = String::from("# made by tests/e2e/props.rs\n");
    let mut lines = Vec::new();
    let mut section = "";
    for ((path, sec, key, _), value) in fields.iter().zip(values) {
        if *sec != section {
            section = sec;
            text.push_str(&format!("\n[{sec}]\n"));
        }
        lines.push((path.clone(), text.matches('\n').count() + 1));
        text.push_str(&format!("{key} = {}\n", render(value)));
    }
    (text, lines)
}

// Strategies: anything at all ------------------------------------------------------

/// Any character, with the ones that break things over-represented.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => any::<char>(),
        3 => select(vec![
            '"', '\\', '\'', '\n', '\r', '\t', '\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}',
            '\u{a0}', '\u{ad}', '\u{200b}', '\u{202e}', '\u{2028}', '\u{feff}', '@', '+', '-',
            ' ', '.', '#', '*', '(', ')', '/', '[', ']', '=', '{', '}', ',', 'é', '王', '😀',
        ]),
        3 => prop::char::range('0', '9'),
        2 => prop::char::range('a', 'z'),
    ]
}

/// Any string: short, around the 300-character limit, or far over it.
fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => vec(nasty_char(), 0..24).prop_map(String::from_iter),
        2 => vec(nasty_char(), 280..320).prop_map(String::from_iter),
        1 => vec(nasty_char(), 1000..3000).prop_map(String::from_iter),
        3 => any::<String>(),
        2 => "[+0 ]{0,3}[0-9 ()./-]{0,20}",
        2 => "[0-9]{4}(-[0-9]{1,2}){0,3}",
    ]
}

fn nasty_value(field: Field) -> BoxedStrategy<Value> {
    match field.kind() {
        FieldKind::List => prop_oneof![
            3 => vec(nasty_string(), 0..4).prop_map(Value::List),
            1 => nasty_string().prop_map(Value::Str),
        ]
        .boxed(),
        _ => nasty_string().prop_map(Value::Str).boxed(),
    }
}

/// Every field filled with anything.
fn all_nasty() -> impl Strategy<Value = Vec<Value>> {
    fields()
        .into_iter()
        .map(|(_, _, _, f)| nasty_value(f))
        .collect::<Vec<_>>()
}

// Strategies: valid by construction -------------------------------------------------

/// A 15-digit IMEI whose last digit is its Luhn check digit.
fn imei() -> impl Strategy<Value = String> {
    vec(0u8..10, 14).prop_map(|payload| {
        let check = luhn_digit(&payload);
        payload
            .iter()
            .chain(std::iter::once(&check))
            .map(|d| char::from(b'0' + d))
            .collect()
    })
}

/// An IMEI as people copy it: plain, or grouped with dashes or spaces.
fn written_imei() -> impl Strategy<Value = (String, String)> {
    (imei(), 0..4usize).prop_map(|(digits, style)| {
        let written = match style {
            0 => digits.clone(),
            1 => format!("{}-{}", &digits[..6], &digits[6..]),
            2 => format!("{} {}", &digits[..8], &digits[8..]),
            _ => format!(
                "{}-{}-{}-{}",
                &digits[..2],
                &digits[2..8],
                &digits[8..14],
                &digits[14..]
            ),
        };
        (written, digits)
    })
}

/// A date from 1990 up to today, as YYYY, YYYY-MM or YYYY-MM-DD.
fn date_text() -> impl Strategy<Value = String> {
    (1990i32..=2026, 1u32..=12, 1u32..=31, 0..3usize).prop_filter_map(
        "a real day, not after today",
        |(y, m, d, precision)| {
            let day = NaiveDate::from_ymd_opt(y, m, d)?;
            let first = match precision {
                0 => NaiveDate::from_ymd_opt(y, 1, 1)?,
                1 => NaiveDate::from_ymd_opt(y, m, 1)?,
                _ => day,
            };
            (first <= today()).then(|| match precision {
                0 => format!("{y}"),
                1 => format!("{y}-{m:02}"),
                _ => format!("{y}-{m:02}-{d:02}"),
            })
        },
    )
}

fn date_value() -> impl Strategy<Value = Value> {
    (date_text(), any::<bool>()).prop_map(|(text, literal)| {
        if literal && text.len() == 10 {
            Value::Raw(text)
        } else {
            Value::Str(text)
        }
    })
}

const PHONES: [&str; 6] = [
    "+91 98765 43210",
    "+91 91234 56789",
    "+86 138 0013 8000",
    "+44 7911 123456",
    "+49 1512 3456789",
    "+1 202 555 0143",
];

const REGIONS: [&str; 12] = [
    "IN",
    "in",
    "India",
    "CN",
    "China",
    "US",
    "united states",
    "GB",
    "uk",
    "DE",
    "Germany",
    "IND",
];

fn text_matching(pattern: &'static str) -> BoxedStrategy<Value> {
    pattern.prop_map(Value::Str).boxed()
}

/// A valid value for `field` (empty included: a missing value is valid).
fn valid_value(field: Field) -> BoxedStrategy<Value> {
    let value = match field {
        Field::Name => select(vec![
            "Priya Nair",
            "王芳",
            "Lee Chen",
            "José Núñez",
            "Anne O'Neil",
        ])
        .prop_map(|s| Value::Str(s.into()))
        .boxed(),
        Field::Language => select(vec![
            "en", "es", "pt-BR", "pt_br", "id", "zh-CN", "zh", "RU",
        ])
        .prop_map(|s| Value::Str(s.into()))
        .boxed(),
        Field::Email => {
            text_matching("[a-z0-9][a-z0-9._+-]{0,11}@[a-z0-9]{1,10}\\.(com|in|cn|co\\.uk)")
        }
        Field::Phone => select(PHONES.to_vec())
            .prop_map(|s| Value::Str(s.into()))
            .boxed(),
        Field::PreviousPhones => vec(select(PHONES.to_vec()), 0..3)
            .prop_map(|v| Value::List(v.into_iter().map(String::from).collect()))
            .boxed(),
        Field::Region => select(REGIONS.to_vec())
            .prop_map(|s| Value::Str(s.into()))
            .boxed(),
        Field::Created | Field::Purchased => date_value().boxed(),
        Field::AccountId => prop_oneof![
            "[0-9]{1,15}".prop_map(Value::Str),
            (1u64..10_000_000_000).prop_map(|n| Value::Raw(n.to_string())),
        ]
        .boxed(),
        Field::Model => text_matching("(Redmi|Xiaomi|POCO) [A-Za-z0-9 ]{0,20}"),
        Field::Imei => prop_oneof![
            vec(written_imei(), 0..=2)
                .prop_map(|v| Value::List(v.into_iter().map(|(w, _)| w).collect())),
            written_imei().prop_map(|(w, _)| Value::Str(w)),
        ]
        .boxed(),
        Field::Serial | Field::Invoice => text_matching("[A-Z0-9][A-Z0-9/-]{0,19}"),
        Field::Store | Field::ReceiptLocation => text_matching("[A-Za-z0-9][A-Za-z0-9 ,.'-]{0,79}"),
    };
    let empty = match field.kind() {
        FieldKind::List => Value::List(Vec::new()),
        _ => Value::Str(String::new()),
    };
    prop_oneof![1 => Just(empty), 4 => value].boxed()
}

fn all_valid() -> impl Strategy<Value = Vec<Value>> {
    fields()
        .into_iter()
        .map(|(_, _, _, f)| valid_value(f))
        .collect::<Vec<_>>()
}

/// Valid values with one field replaced by anything: most files get deep into
/// the checks of that one field, and many are valid.
fn one_nasty() -> impl Strategy<Value = Vec<Value>> {
    let n = fields().len();
    (all_valid(), 0..n, nasty_string(), vec(nasty_string(), 0..4)).prop_map(
        |(mut values, i, text, list)| {
            values[i] = match fields()[i].3.kind() {
                FieldKind::List => Value::List(list),
                _ => Value::Str(text),
            };
            values
        },
    )
}

/// Text made of TOML and details-file fragments: reaches the TOML parser's
/// corners and mikit's handling of what it returns.
fn toml_soup() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        6 => select(vec![
            "[owner]\n", "[account]\n", "[device]\n", "[[owner]]\n", "[owner.name]\n",
            "name", "email", "phone", "previous_phones", "region", "created", "id", "model",
            "imei", "serial", "purchased", "store", "invoice", "receipt_location", "password",
            "pin", "emial", " = ", "=", "\"", "'", "\"\"\"", "'''", "[", "]", "{", "}", ",", ".",
            "\n", "\r\n", " ", "\t", "#", "\\", "\\u0007", "\\u0000", "\\uD800", "\\U0010FFFF",
            "\\n", "2020-08-17", "2020-08-17T10:00:00Z", "10:00:00", "1979-05-27 07:32:00",
            "2027-01-01", "356938035643809", "+91 98765 43210", "7390125846", "1_000", "0x1F",
            "-1", "+5", "inf", "nan", "true", "1e5", "é", "王", "😀", "\u{0}", "\u{feff}",
            "\u{202e}",
        ])
        .prop_map(String::from),
        1 => vec(nasty_char(), 0..6).prop_map(String::from_iter),
    ];
    vec(token, 0..60).prop_map(|tokens| tokens.concat())
}

// Checks on what the library returns ---------------------------------------------------

/// What must hold of any read, whatever the input.
fn assert_sane(text: &str, parsed: &details::Parsed) -> Result<(), TestCaseError> {
    let lines = text.split('\n').count();
    for pair in parsed.problems.windows(2) {
        prop_assert!(
            (pair[0].line, pair[0].column) <= (pair[1].line, pair[1].column),
            "problems out of order: {:?}",
            parsed.problems
        );
    }
    for p in &parsed.problems {
        prop_assert!(p.line >= 1 && p.line <= lines, "line {} of {lines}", p.line);
        prop_assert!(!p.message.is_empty(), "an empty message: {p:?}");
    }
    let accepted = details::parse(text, today());
    prop_assert_eq!(accepted.is_ok(), parsed.is_valid());
    Ok(())
}

/// Every problem of a read of a [`details_file`] is at the line of the field
/// it is about (`lines`).
fn assert_at_their_fields(
    parsed: &details::Parsed,
    lines: &[(String, usize)],
    text: &str,
) -> Result<(), TestCaseError> {
    for p in &parsed.problems {
        let line = lines
            .iter()
            .find(|(path, _)| *path == p.field)
            .map(|(_, l)| *l);
        prop_assert_eq!(
            line,
            Some(p.line),
            "{:?} is not at its field's line in\n{}",
            p,
            text
        );
    }
    Ok(())
}

/// What must hold of the values of a valid read.
fn assert_clean_values(parsed: &details::Parsed) -> Result<(), TestCaseError> {
    for (path, _, _, field) in fields() {
        if let Some(value) = parsed.details.value(field) {
            let items: Vec<&str> = match field.kind() {
                FieldKind::List => value.split(", ").collect(),
                _ => vec![value.as_str()],
            };
            for item in items {
                prop_assert!(
                    item.chars().count() <= 300,
                    "{path} holds {} characters",
                    item.chars().count()
                );
                prop_assert!(
                    !item.chars().any(char::is_control),
                    "{path} holds a control character: {item:?}"
                );
                prop_assert!(
                    item == item.trim() && !item.is_empty(),
                    "{path} is not trimmed: {item:?}"
                );
            }
        }
    }
    Ok(())
}

// Checks on what the binary does --------------------------------------------------------

/// `mikit ARGS... details.toml` run inside `dir`, with `contents` in
/// details.toml.
fn run_in(dir: &Path, contents: &[u8], args: &[&str]) -> Output {
    write_file(dir, "details.toml", contents);
    run(mikit().current_dir(dir).args(args).arg("details.toml"))
}

/// [`run_in`] a folder of its own, removed afterwards.
fn run_on(contents: &[u8], args: &[&str]) -> Output {
    let tmp = tempfile::tempdir().expect("temp dir");
    run_in(tmp.path(), contents, args)
}

/// The run ended by itself (no signal) and without a panic.
fn assert_no_panic(output: &Output, what: &str) -> Result<(), TestCaseError> {
    let err = stderr(output);
    prop_assert!(
        output.status.code() != Some(101) && !err.contains("panicked"),
        "{what} panicked: {}\nstderr:\n{err}",
        output.status
    );
    prop_assert!(
        output.status.code().is_some(),
        "{what} was killed: {}",
        output.status
    );
    Ok(())
}

// The properties -------------------------------------------------------------------------

#[test]
fn luhn_helper_matches_a_known_imei() {
    let payload: Vec<u8> = "35693803564380".bytes().map(|b| b - b'0').collect();
    assert_eq!(luhn_digit(&payload), 9, "356938035643809 is a valid IMEI");
    let payload: Vec<u8> = "35693803564381".bytes().map(|b| b - b'0').collect();
    assert_eq!(luhn_digit(&payload), 7, "356938035643817 is a valid IMEI");
}

proptest! {
    #![proptest_config(library_cases(200))]

    /// Any string in every field, properly escaped: a read reports problems at
    /// the right lines and never panics, and the file is always valid TOML.
    #[test]
    fn anything_in_every_field_is_read_without_panic(values in all_nasty()) {
        let (text, lines) = details_file(&values);
        let parsed = details::read(&text, today());
        assert_sane(&text, &parsed)?;
        for p in &parsed.problems {
            prop_assert!(
                !p.message.contains("not valid TOML"),
                "escaped strings made invalid TOML: {}\n{text}",
                p.message
            );
        }
        assert_at_their_fields(&parsed, &lines, &text)?;
        if parsed.is_valid() {
            assert_clean_values(&parsed)?;
        }
    }

    /// One field with anything, the rest valid: the same, and a problem is
    /// only ever about that one field.
    #[test]
    fn anything_in_one_field_is_the_only_problem(values in one_nasty()) {
        let (text, lines) = details_file(&values);
        let parsed = details::read(&text, today());
        assert_sane(&text, &parsed)?;
        let nasty: Vec<&str> = parsed.errors().map(|p| p.field.as_str()).collect();
        prop_assert!(
            nasty.windows(2).all(|w| w[0] == w[1]),
            "errors in more than one field: {:?}\n{}",
            parsed.problems,
            text
        );
        assert_at_their_fields(&parsed, &lines, &text)?;
        if parsed.is_valid() {
            assert_clean_values(&parsed)?;
        }
    }

    /// Valid by construction: Luhn-valid IMEIs, dates up to today, known phone
    /// numbers and regions. No error, and the values come back normalised.
    #[test]
    fn valid_by_construction_is_read_as_valid(values in all_valid()) {
        let (text, _) = details_file(&values);
        let parsed = details::read(&text, today());
        prop_assert!(
            parsed.is_valid(),
            "a valid file was refused: {:?}\n{}",
            parsed.errors().collect::<Vec<_>>(),
            text
        );
        assert_sane(&text, &parsed)?;
        assert_clean_values(&parsed)?;
        for imei in &parsed.details.imei {
            prop_assert!(imei.len() == 15 && imei.bytes().all(|b| b.is_ascii_digit()), "{}", imei);
        }
    }

    #[test]
    fn luhn_valid_imeis_are_accepted_in_any_grouping(
        imeis in vec(written_imei(), 1..=2),
    ) {
        let written: Vec<String> = imeis.iter().map(|(w, _)| toml_string(w)).collect();
        let text = format!("[device]\nimei = [{}]\n", written.join(", "));
        let parsed = details::read(&text, today());
        prop_assert!(parsed.is_valid(), "{:?}\n{}", parsed.problems, text);
        let digits: Vec<String> = imeis.into_iter().map(|(_, d)| d).collect();
        prop_assert_eq!(&parsed.details.imei, &digits);
    }

    #[test]
    fn one_wrong_imei_digit_is_refused(
        (written, digits) in written_imei(),
        at in 0..15usize,
        bump in 1u8..10,
    ) {
        // Changing one digit always breaks the Luhn check.
        let mut bytes = digits.into_bytes();
        bytes[at] = b'0' + (bytes[at] - b'0' + bump) % 10;
        let wrong = String::from_utf8(bytes).unwrap();
        let text = format!("[device]\nimei = [{}]\n", toml_string(&wrong));
        let parsed = details::read(&text, today());
        prop_assert!(!parsed.is_valid(), "{} (from {}) was accepted", wrong, written);
        prop_assert!(parsed.errors().all(|p| p.field == "device.imei" && p.line == 2));
    }

    #[test]
    fn dates_up_to_today_are_accepted(created in date_text(), purchased in date_value()) {
        let text = format!(
            "[account]\ncreated = {}\n[device]\npurchased = {}\n",
            toml_string(&created),
            render(&purchased)
        );
        let parsed = details::read(&text, today());
        prop_assert!(parsed.is_valid(), "{:?}\n{}", parsed.problems, text);
        prop_assert!(parsed.details.created.is_some() && parsed.details.purchased.is_some());
    }
}

proptest! {
    #![proptest_config(library_cases(600))]

    /// Any string as the whole file, straight into the library.
    #[test]
    fn any_string_as_the_whole_file_is_read_without_panic(text in any::<String>()) {
        let parsed = details::read(&text, today());
        assert_sane(&text, &parsed)?;
    }

    /// TOML-like soup as the whole file, straight into the library.
    #[test]
    fn toml_soup_as_the_whole_file_is_read_without_panic(text in toml_soup()) {
        let parsed = details::read(&text, today());
        assert_sane(&text, &parsed)?;
        if parsed.is_valid() {
            assert_clean_values(&parsed)?;
        }
    }
}

proptest! {
    #![proptest_config(library_cases(300))]

    /// Every problem renders as one line: a value echoed in a message must not
    /// split it, or the next line would not start with `file:line:col:`.
    #[test]
    fn every_problem_renders_as_one_line(values in prop_oneof![all_nasty(), one_nasty()]) {
        let (text, _) = details_file(&values);
        let parsed = details::read(&text, today());
        for p in &parsed.problems {
            let line = p.render("details.toml");
            prop_assert!(
                !line.chars().any(char::is_control),
                "a control character in {:?}",
                line
            );
        }
    }
}

proptest! {
    #![proptest_config(binary_cases(30))]

    /// Anything in every field, through `mikit check`: exit 0 or 65 as the
    /// library says, never a panic.
    #[test]
    fn check_never_panics_on_any_field_values(
        values in prop_oneof![all_nasty(), one_nasty()],
    ) {
        let (text, _) = details_file(&values);
        let output = run_on(text.as_bytes(), &["check", "--date", DATE]);
        assert_no_panic(&output, "mikit check")?;
        let valid = details::read(&text, today()).is_valid();
        prop_assert_eq!(
            output.status.code(),
            Some(if valid { OK } else { DATA_ERR }),
            "library says valid={}; stdout:\n{}\nstderr:\n{}\n{}",
            valid,
            stdout(&output),
            stderr(&output),
            text
        );
    }

    /// Whatever `check` accepts, `build` builds: check says "ready for
    /// `mikit build`", and odd but valid values must lay out.
    #[test]
    fn what_check_accepts_build_makes(values in prop_oneof![1 => one_nasty(), 2 => all_valid()]) {
        let (text, _) = details_file(&values);
        prop_assume!(details::read(&text, today()).is_valid());
        let tmp = tempfile::tempdir().expect("temp dir");
        let checked = run_in(tmp.path(), text.as_bytes(), &["check", "--date", DATE]);
        assert_no_panic(&checked, "mikit check")?;
        prop_assert_eq!(checked.status.code(), Some(OK), "stderr:\n{}\n{}", stderr(&checked), text);
        prop_assert!(
            stdout(&checked).contains("ready for `mikit build`"),
            "check does not say so:\n{}",
            stdout(&checked)
        );
        let output = run_in(tmp.path(), text.as_bytes(), &["build", "--text", "--date", DATE]);
        assert_no_panic(&output, "mikit build --text")?;
        prop_assert_eq!(
            output.status.code(),
            Some(OK),
            "stderr:\n{}\n{}",
            stderr(&output),
            text
        );
    }

    /// Arbitrary bytes as the whole file, through `mikit check`.
    #[test]
    fn check_never_panics_on_any_bytes(
        bytes in prop_oneof![
            vec(any::<u8>(), 0..2000),
            toml_soup().prop_map(String::into_bytes),
        ],
    ) {
        let output = run_on(&bytes, &["check", "--date", DATE]);
        assert_no_panic(&output, "mikit check")?;
        prop_assert!(
            matches!(output.status.code(), Some(OK | DATA_ERR | NO_INPUT)),
            "exit {:?}; stderr:\n{}",
            output.status.code(),
            stderr(&output)
        );
    }
}

proptest! {
    #![proptest_config(binary_cases(15))]

    /// Whatever `check` accepts, `build` writes as PDFs: odd but valid values
    /// must fit the pages.
    #[test]
    fn what_check_accepts_build_writes_as_pdf(values in one_nasty()) {
        let (text, _) = details_file(&values);
        prop_assume!(details::read(&text, today()).is_valid());
        let tmp = tempfile::tempdir().expect("temp dir");
        let output = run_in(tmp.path(), text.as_bytes(), &["build", "-o", "out", "--date", DATE]);
        assert_no_panic(&output, "mikit build")?;
        prop_assert_eq!(
            output.status.code(),
            Some(OK),
            "stderr:\n{}\n{}",
            stderr(&output),
            text
        );
        for pdf in PDFS {
            let bytes = read(&tmp.path().join("out").join(pdf));
            prop_assert!(
                bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF"),
                "{} is not a whole PDF ({} bytes)\n{}",
                pdf,
                bytes.len(),
                text
            );
        }
    }
}

// Edited templates ------------------------------------------------------------

/// One change a shop's editor (or an attacker) could make to a template.
#[derive(Debug, Clone)]
enum Edit {
    /// The n-th string value becomes this.
    Text(prop::sample::Index, String),
    /// The n-th whole number becomes this.
    Number(prop::sample::Index, i64),
    /// The n-th value of any kind becomes a value of another kind.
    Kind(prop::sample::Index, u8),
    /// The n-th key is renamed.
    Key(prop::sample::Index, String),
}

/// Strings a template's words could be edited into: placeholders good and
/// bad, strong markers, date codes, scripts the fonts lack, and anything.
fn template_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z ,.]{0,30}",
        1 => nasty_string(),
        2 => select(vec![
            "{owner.name}", "{}", "{{owner.name}}", "{account.phone", "**", "**{today}**",
            "{page}", "{pages}", "%#z", "%-d %B %Y", "%Q", "%", "مرحبا", "नमस्ते", "\u{3164}",
            "{shop.name}", "}", "**{owner.nme}**", "%:z", "%s", "%C%y",
        ])
        .prop_map(String::from),
    ];
    vec(piece, 1..4).prop_map(|parts| parts.concat())
}

fn template_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => (any::<prop::sample::Index>(), template_text()).prop_map(|(i, s)| Edit::Text(i, s)),
        2 => (
            any::<prop::sample::Index>(),
            prop_oneof![Just(0i64), Just(-1), Just(41), Just(4_294_967_295), any::<i64>()]
        )
            .prop_map(|(i, n)| Edit::Number(i, n)),
        1 => (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, k)| Edit::Kind(i, k)),
        1 => (any::<prop::sample::Index>(), "[a-z_]{1,8}").prop_map(|(i, k)| Edit::Key(i, k)),
    ]
}

/// Calls `change` on the `target`-th value (depth first) that `keep` picks;
/// returns how many values `keep` picked.
fn visit(
    value: &mut toml::Value,
    keep: &dyn Fn(&toml::Value) -> bool,
    target: usize,
    seen: &mut usize,
    change: &mut dyn FnMut(&mut toml::Value),
) {
    if keep(value) {
        if *seen == target {
            change(value);
        }
        *seen += 1;
    }
    match value {
        toml::Value::Table(t) => t
            .iter_mut()
            .for_each(|(_, v)| visit(v, keep, target, seen, change)),
        toml::Value::Array(a) => a
            .iter_mut()
            .for_each(|v| visit(v, keep, target, seen, change)),
        _ => {}
    }
}

/// Changes one value that `keep` picks, chosen by `i`.
fn change_one(
    tree: &mut toml::Value,
    i: &prop::sample::Index,
    keep: &dyn Fn(&toml::Value) -> bool,
    change: &mut dyn FnMut(&mut toml::Value),
) {
    let mut count = 0;
    visit(tree, keep, usize::MAX, &mut count, &mut |_| {});
    if count > 0 {
        visit(tree, keep, i.index(count), &mut 0, change);
    }
}

fn apply(tree: &mut toml::Value, edit: &Edit) {
    match edit {
        Edit::Text(i, s) => change_one(tree, i, &|v| v.is_str(), &mut |v| {
            *v = toml::Value::String(s.clone())
        }),
        Edit::Number(i, n) => change_one(tree, i, &|v| v.is_integer(), &mut |v| {
            *v = toml::Value::Integer(*n)
        }),
        Edit::Kind(i, k) => change_one(tree, i, &|v| !v.is_table(), &mut |v| {
            *v = match k % 4 {
                0 => toml::Value::Integer(i64::from(*k)),
                1 => toml::Value::Boolean(true),
                2 => toml::Value::Array(vec![toml::Value::String("x".into()); *k as usize]),
                _ => toml::Value::String(String::new()),
            }
        }),
        Edit::Key(i, name) => change_one(
            tree,
            i,
            &|v| v.as_table().is_some_and(|t| !t.is_empty()),
            &mut |v| {
                let table = v.as_table_mut().expect("picked a table");
                let key = table.keys().nth(i.index(table.len())).cloned();
                if let Some(key) = key {
                    let value = table.remove(&key).expect("there");
                    table.insert(name.clone(), value);
                }
            },
        ),
    }
}

proptest! {
    #![proptest_config(library_cases(128))]

    /// Whatever is edited in a template, loading it answers with problems or
    /// a template that makes a document and a text preview, and then a PDF
    /// or a data error that names the document and what of it cannot be
    /// laid out: never a panic, an internal error, an abort or a huge
    /// allocation.
    #[test]
    fn any_edit_of_a_template_is_loaded_or_refused_without_panic(
        edits in vec(template_edit(), 1..4),
        lang in select(mikit::lang::Lang::ALL.to_vec()),
        kind in select(mikit::content::DocKind::ALL.to_vec()),
    ) {
        use mikit::content::{Context, Template};
        let mut tree = toml::Value::Table(template_toml(lang.code(), kind.stem()));
        for e in &edits {
            apply(&mut tree, e);
        }
        let text = toml::to_string(&tree).expect("a tree serialises");
        let template = match Template::parse(&text, lang) {
            Ok(template) => template,
            Err(problems) => {
                prop_assert!(!problems.trim().is_empty(), "refused without a word");
                return Ok(());
            }
        };
        let details = example_details("priya-nair");
        let ctx = Context { details: &details, today: today(), shop: None };
        let doc = match mikit::content::build(kind, &template, &ctx) {
            Ok(doc) => doc,
            Err(err) => {
                return Err(TestCaseError::fail(format!(
                    "a loaded template makes no document: {err}"
                )));
            }
        };
        let preview = mikit::render::text::render(&doc);
        prop_assert!(!preview.trim().is_empty(), "an empty text preview");
        match mikit::pdf(&doc, mikit::layout::Paper::A4, today()) {
            Ok(bytes) => prop_assert!(
                bytes.starts_with(b"%PDF-"),
                "not a PDF: {:?}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(16)])
            ),
            Err(err) => {
                prop_assert_eq!(
                    err.code,
                    mikit::ExitCode::DataErr,
                    "not a problem of the template: {}",
                    err
                );
                prop_assert!(
                    err.message.starts_with(&format!("{}: ", doc.stem))
                        && err.message.len() > doc.stem.len() + 2,
                    "the problem is not named for the document: {:?}",
                    err.message
                );
            }
        }
    }
}
