//! End-to-end tests of reading a details file: every validation rule through
//! the real binary, the file and stdin errors, `mikit init`, `mikit check`'s
//! report, and the command line itself.
//!
//! Every test runs mikit inside its own temporary folder with relative names
//! (`details.toml`, `out`), so that messages can be compared exactly and no
//! random temp-path characters can be mistaken for an echoed value.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{
    CANT_CREAT, DATA_ERR, DATE, NO_INPUT, PDFS, USAGE, assert_code, assert_contains,
    assert_success, entries, example, mikit, mode, pdfs_in, run, stderr, stdout,
};

/// The name every test gives its details file.
const FILE: &str = "details.toml";
/// The folder builds write into.
const OUT: &str = "out";

/// A temporary folder holding one details file.
struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A folder whose `details.toml` holds `contents`.
    fn with(contents: impl AsRef<[u8]>) -> Dir {
        let dir = Dir::new();
        std::fs::write(dir.path().join(FILE), contents).expect("write details file");
        dir
    }

    fn path(&self) -> &Path {
        self.tmp.path()
    }

    fn out(&self) -> PathBuf {
        self.path().join(OUT)
    }

    /// A mikit command run inside this folder.
    fn cmd(&self) -> Command {
        let mut cmd = mikit();
        cmd.current_dir(self.path());
        cmd
    }

    fn mikit(&self, args: &[&str]) -> Output {
        run(self.cmd().args(args))
    }

    /// `mikit build details.toml -o out --date DATE EXTRA...`
    fn build(&self, extra: &[&str]) -> Output {
        run(self
            .cmd()
            .args(["build", FILE, "-o", OUT, "--date", DATE])
            .args(extra))
    }

    /// `mikit build details.toml --date DATE --text`: the documents as text.
    fn text(&self) -> Output {
        self.build(&["--text"])
    }

    /// `mikit check details.toml --date DATE`
    fn check(&self) -> Output {
        run(self.cmd().args(["check", FILE, "--date", DATE]))
    }

    /// The PDFs in the output folder.
    fn pdfs(&self) -> Vec<String> {
        pdfs_in(&self.out())
    }
}

fn show(output: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        stdout(output),
        stderr(output)
    )
}

/// Runs a command with `input` on its standard input.
fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = input.to_vec();
    // mikit may stop reading early; a broken pipe is not the test's concern.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("wait for mikit");
    writer.join().expect("stdin writer");
    output
}

/// A details file that must be refused, by `build` (exit 65, no PDF) and by
/// `check` (exit 65), with a message at `line:col` naming `field`, which
/// contains every one of `needles`. Returns that message line.
#[track_caller]
fn assert_details_refused(
    contents: &str,
    line: usize,
    col: usize,
    field: &str,
    needles: &[&str],
) -> String {
    details_refused_at(contents, line, Some(col), field, needles)
}

/// Whether `message` is `details.toml:LINE:COL: FIELD: ...`; any column when
/// `col` is `None`.
fn is_at(message: &str, line: usize, col: Option<usize>, field: &str) -> bool {
    let Some(rest) = message.strip_prefix(&format!("{FILE}:{line}:")) else {
        return false;
    };
    let Some((column, rest)) = rest.split_once(": ") else {
        return false;
    };
    let column_ok = match col {
        Some(col) => column == col.to_string(),
        None => !column.is_empty() && column.bytes().all(|b| b.is_ascii_digit()),
    };
    column_ok && rest.starts_with(&format!("{field}: "))
}

/// [`assert_details_refused`], with the column left open when `col` is `None`.
#[track_caller]
fn details_refused_at(
    contents: &str,
    line: usize,
    col: Option<usize>,
    field: &str,
    needles: &[&str],
) -> String {
    let dir = Dir::with(contents);
    let prefix = format!(
        "{FILE}:{line}:{}: {field}: ",
        col.map_or("COL".to_string(), |c| c.to_string())
    );

    let built = dir.build(&[]);
    let err = stderr(&built);
    assert_code(&built, DATA_ERR, &format!("build of\n{contents}"));
    let message = err
        .lines()
        .find(|l| is_at(l, line, col, field))
        .unwrap_or_else(|| panic!("build: no line like {prefix:?} in:\n{err}"))
        .to_string();
    for needle in needles {
        assert_contains(&message, needle, "build's message");
    }
    assert_contains(&err, "nothing was written", "build's stderr");
    assert_eq!(
        dir.pdfs(),
        Vec::<String>::new(),
        "a PDF was written for\n{contents}"
    );

    let checked = dir.check();
    assert_code(&checked, DATA_ERR, &format!("check of\n{contents}"));
    assert!(
        stderr(&checked).lines().any(|l| l == message),
        "check does not report {message:?}:\n{}",
        show(&checked)
    );
    message
}

/// A details file that `check` accepts (exit 0) and `build --text` builds;
/// returns the text of the documents.
#[track_caller]
fn assert_accepted(contents: &str) -> String {
    let dir = Dir::with(contents);
    let checked = dir.check();
    assert_success(&checked, &format!("check of\n{contents}"));
    let built = dir.text();
    assert_success(&built, &format!("build --text of\n{contents}"));
    stdout(&built)
}

// Email ------------------------------------------------------------------------

#[test]
fn email_without_at_is_refused() {
    assert_details_refused(
        "[owner]\nname = \"Jane Doe\"\n[account]\nemail = \"jane.example.com\"\n",
        4,
        9,
        "account.email",
        &["\"jane.example.com\" is not an email address", "no @"],
    );
}

#[test]
fn email_with_two_ats_is_refused() {
    assert_details_refused(
        "[account]\nemail = \"jane@doe@example.com\"\n",
        2,
        9,
        "account.email",
        &["not an email address", "more than one @"],
    );
}

#[test]
fn email_with_a_space_is_refused() {
    assert_details_refused(
        "[account]\nemail = \"jane doe@example.com\"\n",
        2,
        9,
        "account.email",
        &["not an email address", "space"],
    );
}

#[test]
fn email_domain_without_dot_is_refused() {
    assert_details_refused(
        "[account]\nemail = \"jane@examplecom\"\n",
        2,
        9,
        "account.email",
        &["not an email address", "example.com"],
    );
}

// Phone ------------------------------------------------------------------------

#[test]
fn phone_without_country_code_or_region_asks_for_the_country_code() {
    assert_details_refused(
        "[account]\nphone = \"98765 43210\"\n",
        2,
        9,
        "account.phone",
        &["no country code", "account.region"],
    );
}

#[test]
fn phone_without_plus_takes_the_country_from_the_region() {
    let text = assert_accepted("[account]\nphone = \"98765 43210\"\nregion = \"IN\"\n");
    assert_contains(&text, "+91 98765 43210", "build --text");
}

#[test]
fn phone_of_impossible_length_is_refused() {
    assert_details_refused(
        "[account]\nphone = \"+91 98765 4321099\"\n",
        2,
        9,
        "account.phone",
        &["+91 98765 4321099", "digits after the country code +91"],
    );
}

#[test]
fn phone_from_another_country_than_the_region_is_only_a_warning() {
    let dir = Dir::with("[account]\nphone = \"+44 7911 123456\"\nregion = \"IN\"\n");
    let checked = dir.check();
    assert_success(&checked, "check");
    let warning = format!("{FILE}:2:9: warning: account.phone: ");
    assert_contains(&stderr(&checked), &warning, "check's stderr");
    assert_contains(&stdout(&checked), "1 warning", "check's stdout");

    let built = dir.build(&[]);
    assert_success(&built, "build");
    assert_contains(&stderr(&built), &warning, "build's stderr");
    assert_contains(&stderr(&built), "India", "build's stderr");
    let mut want = PDFS.to_vec();
    want.sort();
    assert_eq!(dir.pdfs(), want);
}

#[test]
fn chinese_region_with_an_indian_number_warns_about_plus_86() {
    let dir = Dir::with("[account]\nregion = \"CN\"\nphone = \"+91 98765 43210\"\n");
    let checked = dir.check();
    assert_success(&checked, "check");
    let err = stderr(&checked);
    let line = err
        .lines()
        .find(|l| l.starts_with(&format!("{FILE}:3:9: warning: account.phone: ")))
        .unwrap_or_else(|| panic!("no warning at 3:9:\n{err}"));
    assert_contains(line, "+86", "the warning");
}

#[test]
fn phone_with_00_prefix_is_read_as_international() {
    let text = assert_accepted("[account]\nphone = \"0091 98765 43210\"\n");
    assert_contains(&text, "+91 98765 43210", "build --text");
}

// Previous phones --------------------------------------------------------------

#[test]
fn previous_phones_report_the_bad_entry_at_its_column() {
    let contents =
        "[account]\nprevious_phones = [\"+91 91234 56789\", \"+91 12\", \"+44 7911 123456\"]\n";
    //               column of the second entry's opening quote:  ^ 39
    let message =
        assert_details_refused(contents, 2, 39, "account.previous_phones", &["\"+91 12\""]);
    assert!(!message.contains("91234"), "{message}");
    let dir = Dir::with(contents);
    let err = stderr(&dir.build(&[]));
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("previous_phones"))
            .count(),
        1,
        "only the bad entry is reported:\n{err}"
    );
    assert_contains(&err, "1 error in", "build's stderr");
}

// Region -----------------------------------------------------------------------

#[test]
fn misspelt_region_lists_the_closest_countries() {
    assert_details_refused(
        "[account]\nregion = \"Indai\"\n",
        2,
        10,
        "account.region",
        &["\"Indai\" is not a country", "Closest:", "India (IN)"],
    );
}

#[test]
fn region_codes_and_names_are_accepted_in_any_case() {
    for (region, name) in [
        ("in", "India"),
        ("India", "India"),
        ("united states", "United States"),
    ] {
        let text = assert_accepted(&format!("[account]\nregion = \"{region}\"\n"));
        assert_contains(&text, name, &format!("build --text with region {region:?}"));
    }
}

// Dates ------------------------------------------------------------------------

#[test]
fn ambiguous_date_shows_the_accepted_forms() {
    assert_details_refused(
        "[account]\ncreated = \"12/05/2019\"\n",
        2,
        11,
        "account.created",
        &["\"12/05/2019\"", "YYYY-MM-DD", "YYYY-MM", "YYYY"],
    );
    assert_details_refused(
        "[device]\npurchased = \"12/05/2019\"\n",
        2,
        13,
        "device.purchased",
        &["YYYY-MM-DD"],
    );
}

#[test]
fn impossible_date_is_refused() {
    assert_details_refused(
        "[device]\npurchased = \"2020-02-30\"\n",
        2,
        13,
        "device.purchased",
        &["\"2020-02-30\"", "not a real date"],
    );
}

#[test]
fn future_date_is_refused() {
    assert_details_refused(
        "[account]\ncreated = \"2027-01-01\"\n",
        2,
        11,
        "account.created",
        &["2027-01-01", "future", DATE],
    );
    // The same as a TOML date literal.
    assert_details_refused(
        "[device]\npurchased = 2027-01-01\n",
        2,
        13,
        "device.purchased",
        &["future"],
    );
}

#[test]
fn toml_date_literal_is_accepted() {
    let text = assert_accepted("[account]\ncreated = 2020-08-17\n");
    assert_contains(&text, "17 August 2020", "build --text");
}

#[test]
fn year_and_month_dates_keep_their_precision() {
    let text =
        assert_accepted("[account]\ncreated = \"2019\"\n[device]\npurchased = \"2019-05\"\n");
    let created = text
        .lines()
        .find(|l| l.starts_with("Account created"))
        .unwrap_or_else(|| panic!("no 'Account created' line in:\n{text}"));
    assert_eq!(created.split_whitespace().last(), Some("2019"), "{created}");
    assert!(!created.contains("January"), "{created}");
    let bought = text
        .lines()
        .find(|l| l.starts_with("Bought on"))
        .unwrap_or_else(|| panic!("no 'Bought on' line in:\n{text}"));
    assert!(bought.trim_end().ends_with(" May 2019"), "{bought}");
    assert!(!bought.contains("1 May"), "{bought}");
}

// Account ID -------------------------------------------------------------------

#[test]
fn account_id_with_anything_but_digits_is_refused() {
    for id in ["73901-25846", "abc"] {
        assert_details_refused(
            &format!("[account]\nid = \"{id}\"\n"),
            2,
            6,
            "account.id",
            &[&format!("\"{id}\" is not an account ID"), "digits"],
        );
    }
}

#[test]
fn account_id_of_digits_is_accepted_quoted_or_not() {
    for line in ["id = \"7390125846\"", "id = 7390125846"] {
        let text = assert_accepted(&format!("[account]\n{line}\n"));
        assert_contains(&text, "7390125846", &format!("build --text with {line}"));
    }
}

// IMEI -------------------------------------------------------------------------

#[test]
fn imei_of_14_digits_is_refused_pointing_at_star_hash_06() {
    assert_details_refused(
        "[device]\nimei = [\"35693803564380\"]\n",
        2,
        9,
        "device.imei",
        &["\"35693803564380\"", "15 digits", "*#06#"],
    );
}

#[test]
fn imei_with_a_wrong_check_digit_is_refused() {
    assert_details_refused(
        "[device]\nimei = [\"356938035643808\"]\n",
        2,
        9,
        "device.imei",
        &["\"356938035643808\"", "check", "*#06#"],
    );
}

#[test]
fn imei_with_dash_or_space_is_accepted_and_printed_as_digits() {
    for imei in ["356938-035643809", "35693803 5643809"] {
        let text = assert_accepted(&format!("[device]\nimei = [\"{imei}\"]\n"));
        assert_contains(
            &text,
            "356938035643809",
            &format!("build --text with {imei:?}"),
        );
    }
}

#[test]
fn a_single_imei_string_instead_of_a_list_is_accepted() {
    let text = assert_accepted("[device]\nimei = \"356938035643809\"\n");
    assert_contains(&text, "356938035643809", "build --text");
}

#[test]
fn three_imeis_are_refused() {
    // At the list or at the third IMEI: either shows where to look.
    details_refused_at(
        "[device]\nimei = [\"356938035643809\", \"356938035643817\", \"490154203237518\"]\n",
        2,
        None,
        "device.imei",
        &["IMEI", "one or two"],
    );
}

// Secrets ----------------------------------------------------------------------

#[test]
fn password_like_keys_are_refused_anywhere_without_echoing_the_value() {
    let cases = [
        (
            "[owner]\nname = \"Jane Doe\"\npin = \"1234\"\n",
            3,
            "owner.pin",
            "1234",
        ),
        (
            "[device]\nsecret = \"xyzzy-7\"\n",
            2,
            "device.secret",
            "xyzzy-7",
        ),
        (
            "password = \"hunter2\"\n[owner]\nname = \"Jane Doe\"\n",
            1,
            "password",
            "hunter2",
        ),
    ];
    for (contents, line, field, secret) in cases {
        let message = assert_details_refused(
            contents,
            line,
            1,
            field,
            &["never stores or prints passwords"],
        );
        assert!(!message.contains(secret), "{message}");
        let dir = Dir::with(contents);
        for output in [dir.build(&[]), dir.check(), dir.text()] {
            assert!(
                !stderr(&output).contains(secret) && !stdout(&output).contains(secret),
                "the secret {secret:?} of\n{contents}\nis echoed:\n{}",
                show(&output)
            );
        }
    }
}

#[test]
fn a_malformed_password_line_does_not_echo_the_value_either() {
    for contents in [
        "[owner]\npassword = hunter2\n",
        "[owner]\npassword = \"hunter2\n",
        "[owner]\npin = 1234x9\n",
    ] {
        let dir = Dir::with(contents);
        for output in [dir.build(&[]), dir.check()] {
            assert_code(&output, DATA_ERR, contents);
            for secret in ["hunter2", "1234x9"] {
                assert!(
                    !stderr(&output).contains(secret) && !stdout(&output).contains(secret),
                    "{contents}: {}",
                    show(&output)
                );
            }
        }
    }
}

// Unknown keys and sections ----------------------------------------------------

#[test]
fn misspelt_key_gets_a_suggestion() {
    assert_details_refused(
        "[account]\nregion = \"IN\"\nemial = \"jane@example.com\"\n",
        3,
        1,
        "account.emial",
        &["did you mean email?"],
    );
}

#[test]
fn known_key_in_the_wrong_section_says_where_it_belongs() {
    assert_details_refused(
        "[account]\nmodel = \"Redmi Note 12\"\n",
        2,
        1,
        "account.model",
        &["belongs under [device]"],
    );
}

#[test]
fn misspelt_section_gets_a_suggestion() {
    assert_details_refused(
        "[owner]\nname = \"Jane Doe\"\n[acount]\nemail = \"jane@example.com\"\n",
        3,
        2,
        "acount",
        &["did you mean account?"],
    );
}

// Length and control characters ------------------------------------------------

#[test]
fn over_long_value_is_refused() {
    let long = "a".repeat(301);
    assert_details_refused(
        &format!("[device]\nstore = \"{long}\"\n"),
        2,
        9,
        "device.store",
        &["301 characters", "300"],
    );
    // 300 is the limit, not one less.
    assert_accepted(&format!("[device]\nstore = \"{}\"\n", "a".repeat(300)));
}

#[test]
fn control_character_is_refused() {
    assert_details_refused(
        "[device]\nstore = \"Mobile\\u0007 Hub\"\n",
        2,
        9,
        "device.store",
        &["control character", "U+0007"],
    );
}

#[test]
fn invisible_format_characters_are_refused() {
    for (escape, code) in [
        ("\\u202E", "U+202E"),
        ("\\u200B", "U+200B"),
        ("\\uFEFF", "U+FEFF"),
    ] {
        assert_details_refused(
            &format!("[owner]\nname = \"Jane{escape}Doe\"\n"),
            2,
            8,
            "owner.name",
            &["invisible", code],
        );
    }
}

#[test]
fn control_characters_in_dates_are_refused_on_one_line() {
    for (escape, code) in [
        ("\\n", "U+000A"),
        ("\\u0007", "U+0007"),
        ("\\u001B", "U+001B"),
    ] {
        let contents = format!("[account]\ncreated = \"2019{escape}05\"\n");
        let message = assert_details_refused(&contents, 2, 11, "account.created", &[]);
        // A newline is whitespace elsewhere; here it must at least not split the message.
        if code != "U+000A" {
            assert_contains(&message, code, "the message");
        }
        let dir = Dir::with(&contents);
        for output in [dir.build(&[]), dir.check()] {
            let err = stderr(&output);
            assert_eq!(err.lines().count(), 2, "one problem, one summary:\n{err}");
            assert!(
                !output.stderr.iter().any(|&b| b == 0x07 || b == 0x1b),
                "a raw control character reaches stderr:\n{err:?}"
            );
        }
        // Forced colour lets escapes through to a terminal: the value's must not.
        let forced = run(dir
            .cmd()
            .env("CLICOLOR_FORCE", "1")
            .env_remove("NO_COLOR")
            .args(["check", FILE, "--date", DATE]));
        assert!(
            !forced.stderr.contains(&0x07),
            "BEL reaches a terminal: {:?}",
            stderr(&forced)
        );
    }
}

// Positions --------------------------------------------------------------------

#[test]
fn columns_count_characters_and_crlf_lines_count_once() {
    // "王" is three bytes but one column: the second entry is at column 29.
    assert_details_refused(
        "[account]\nprevious_phones = [\"+86 王\", \"+91 12\"]\n",
        2,
        29,
        "account.previous_phones",
        &["\"+91 12\""],
    );
    // Windows line ends.
    assert_details_refused(
        "[owner]\r\nname = \"Lee Chen\"\r\n[account]\r\nemail = \"x\"\r\n",
        4,
        9,
        "account.email",
        &["no @"],
    );
}

#[test]
fn byte_order_mark_does_not_shift_columns() {
    assert_details_refused(
        "\u{feff}[acount]\nemail = \"jane@example.com\"\n",
        1,
        2,
        "acount",
        &["did you mean account?"],
    );
}

// Many problems at once --------------------------------------------------------

#[test]
fn every_problem_is_reported_in_one_run_sorted_by_line() {
    // The phone is checked last (it waits for the region), yet is reported first.
    let contents = "[account]\n\
                    region = \"IN\"\n\
                    phone = \"+91 98765 4321099\"\n\
                    email = \"jane.example.com\"\n\
                    [device]\n\
                    model = \"Redmi Note 12\"\n\
                    purchased = \"2020-02-30\"\n";
    let dir = Dir::with(contents);
    for output in [dir.build(&[]), dir.check()] {
        assert_code(&output, DATA_ERR, "build or check");
        let err = stderr(&output);
        let wanted = [
            format!("{FILE}:3:9: account.phone: "),
            format!("{FILE}:4:9: account.email: "),
            format!("{FILE}:7:13: device.purchased: "),
        ];
        let at: Vec<usize> = wanted
            .iter()
            .map(|w| {
                err.find(w.as_str())
                    .unwrap_or_else(|| panic!("{w:?} missing from:\n{err}"))
            })
            .collect();
        assert!(
            at.windows(2).all(|w| w[0] < w[1]),
            "not sorted by line:\n{err}"
        );
        assert_contains(&err, "3 errors", "stderr");
    }
    assert_eq!(dir.pdfs(), Vec::<String>::new());
}

// Malformed TOML ---------------------------------------------------------------

#[test]
fn malformed_toml_gets_a_position_and_no_debug_output() {
    let dir = Dir::with("[owner]\nname = \"unterminated\n[account]\nregion = \"IN\"\n");
    for output in [dir.build(&[]), dir.check()] {
        assert_code(&output, DATA_ERR, "build or check");
        let err = stderr(&output);
        let line = err
            .lines()
            .find(|l| l.contains("not valid TOML"))
            .unwrap_or_else(|| panic!("no 'not valid TOML' in:\n{err}"));
        assert!(line.starts_with(&format!("{FILE}:2:")), "{line}");
        let column = line.split(':').nth(2).unwrap();
        assert!(column.parse::<usize>().is_ok_and(|c| c > 0), "{line}");
        for debug in ["Error {", "Span", "panicked", "RUST_BACKTRACE"] {
            assert!(!err.contains(debug), "{debug:?} in:\n{err}");
        }
    }
    assert_eq!(dir.pdfs(), Vec::<String>::new());
}

// File errors ------------------------------------------------------------------

/// One line on stderr, and nothing on stdout.
#[track_caller]
fn assert_one_line(output: &Output, code_wanted: i32, needles: &[&str]) {
    assert_code(output, code_wanted, "one line");
    let err = stderr(output);
    assert_eq!(err.lines().count(), 1, "not a single line:\n{err}");
    for needle in needles {
        assert_contains(&err, needle, "stderr");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn missing_file_exits_66_with_one_line() {
    let dir = Dir::new();
    for output in [
        dir.mikit(&["build", "nope.toml", "-o", OUT, "--date", DATE]),
        dir.mikit(&["check", "nope.toml"]),
    ] {
        assert_one_line(&output, NO_INPUT, &["nope.toml", "no such file"]);
    }
    assert_eq!(dir.pdfs(), Vec::<String>::new());
}

#[test]
fn a_folder_instead_of_a_file_exits_66() {
    let dir = Dir::new();
    std::fs::create_dir(dir.path().join("kits")).unwrap();
    for output in [
        dir.mikit(&["build", "kits", "-o", OUT, "--date", DATE]),
        dir.mikit(&["check", "kits"]),
    ] {
        assert_one_line(&output, NO_INPUT, &["kits", "folder"]);
    }
}

#[test]
fn empty_file_exits_65_pointing_at_mikit_init() {
    for contents in ["", "  \n\n\t\n"] {
        let dir = Dir::with(contents);
        for output in [dir.build(&[]), dir.check()] {
            assert_one_line(&output, DATA_ERR, &[FILE, "empty", "mikit init"]);
        }
        assert_eq!(dir.pdfs(), Vec::<String>::new());
    }
}

#[test]
fn non_utf8_file_exits_65_mentioning_utf8() {
    let dir = Dir::with(b"[owner]\nname = \"Ren\xe9e\"\n");
    for output in [dir.build(&[]), dir.check()] {
        assert_one_line(&output, DATA_ERR, &[FILE, "UTF-8"]);
    }
    assert_eq!(dir.pdfs(), Vec::<String>::new());
}

// Standard input ---------------------------------------------------------------

#[test]
fn check_reads_standard_input() {
    let dir = Dir::new();
    let output = run_with_stdin(
        dir.cmd().args(["check", "-", "--date", DATE]),
        &common::read(&example("priya-nair")),
    );
    assert_success(&output, "mikit check -");
    assert_contains(&stdout(&output), "<stdin>: 14 of 14 values set", "stdout");
}

#[test]
fn build_text_reads_standard_input() {
    let dir = Dir::new();
    let output = run_with_stdin(
        dir.cmd().args(["build", "-", "--text", "--date", DATE]),
        &common::read(&example("priya-nair")),
    );
    assert_success(&output, "mikit build - --text");
    let text = stdout(&output);
    assert_contains(&text, "Priya Nair", "stdout");
    assert_contains(&text, "+91 98765 43210", "stdout");
    assert_eq!(
        entries(dir.path()),
        Vec::<String>::new(),
        "--text writes nothing"
    );
}

#[test]
fn problems_in_standard_input_name_stdin() {
    let dir = Dir::new();
    let input = b"[account]\nemail = \"jane.example.com\"\n";
    for args in [
        &["check", "-", "--date", DATE][..],
        &["build", "-", "--text", "--date", DATE][..],
        &["build", "-", "-o", OUT, "--date", DATE][..],
    ] {
        let output = run_with_stdin(dir.cmd().args(args), input);
        assert_code(&output, DATA_ERR, &format!("{args:?}"));
        assert_contains(
            &stderr(&output),
            "<stdin>:2:9: account.email: ",
            &format!("{args:?}"),
        );
    }
    let empty = run_with_stdin(dir.cmd().args(["check", "-"]), b"");
    assert_one_line(&empty, DATA_ERR, &["<stdin>", "empty"]);
    assert_eq!(dir.pdfs(), Vec::<String>::new());
}

#[test]
fn non_utf8_standard_input_names_stdin() {
    let dir = Dir::new();
    let output = run_with_stdin(dir.cmd().args(["check", "-"]), b"name = \"\xff\"\n");
    assert_one_line(&output, DATA_ERR, &["<stdin>", "UTF-8"]);
}

// mikit init -------------------------------------------------------------------

#[test]
fn init_writes_a_private_template_that_checks_and_builds() {
    let dir = Dir::new();
    let output = dir.mikit(&["init"]);
    assert_success(&output, "mikit init");
    let path = dir.path().join("details.toml");
    assert_eq!(
        mode(&path),
        0o600,
        "details.toml has mode {:o}",
        mode(&path)
    );

    let checked = dir.check();
    assert_success(&checked, "check");
    assert_contains(&stdout(&checked), "0 of 14 values set", "check");

    let built = dir.build(&[]);
    assert_success(&built, "build");
    let mut want = PDFS.to_vec();
    want.sort();
    assert_eq!(dir.pdfs(), want);
}

#[test]
fn init_never_replaces_a_file() {
    let dir = Dir::new();
    assert_success(&dir.mikit(&["init"]), "init");
    let path = dir.path().join("details.toml");
    // The owner has started filling it in.
    let filled =
        std::fs::read_to_string(&path)
            .unwrap()
            .replacen("name = \"\"", "name = \"Jane Doe\"", 1);
    std::fs::write(&path, &filled).unwrap();

    let again = dir.mikit(&["init"]);
    assert_one_line(&again, CANT_CREAT, &["details.toml", "already exists"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), filled);

    let named = dir.mikit(&["init", "details.toml"]);
    assert_code(&named, CANT_CREAT, "init details.toml");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), filled);
}

#[test]
fn template_has_no_live_values_and_explains_the_imei() {
    let dir = Dir::new();
    assert_success(&dir.mikit(&["init", "anna.toml"]), "init anna.toml");
    let text = std::fs::read_to_string(dir.path().join("anna.toml")).unwrap();
    assert_contains(&text, "*#06#", "the template");

    let table: toml::Table = toml::from_str(&text).expect("the template is TOML");
    let mut keys = Vec::new();
    for (section, value) in &table {
        let toml::Value::Table(fields) = value else {
            panic!("top-level {section} is not a section");
        };
        for (key, value) in fields {
            let empty = match value {
                toml::Value::String(s) => s.is_empty(),
                toml::Value::Array(a) => a.is_empty(),
                _ => false,
            };
            assert!(empty, "{section}.{key} has a live value: {value}");
            keys.push(format!("{section}.{key}"));
        }
    }
    let mut schema: Vec<String> = mikit::details::SCHEMA
        .iter()
        .flat_map(|s| s.fields.iter().map(|(k, _)| format!("{}.{k}", s.name)))
        .collect();
    keys.sort();
    schema.sort();
    assert_eq!(keys, schema, "the template has every field, and only those");
}

// mikit check's report ---------------------------------------------------------

#[test]
fn check_of_the_example_counts_values_without_echoing_them() {
    let path = example("priya-nair");
    let output = run(mikit().args(["check".as_ref(), path.as_os_str()]));
    assert_success(&output, "mikit check");
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert_contains(&all, "14 of 14 values set", "check");
    for value in [
        "priya.nair@example.com",
        "priya.nair",
        "+91 98765 43210",
        "98765",
        "Priya Nair",
        "7390125846",
        "356938035643809",
    ] {
        assert!(!all.contains(value), "check echoes {value:?}:\n{all}");
    }
}

#[test]
fn check_lists_missing_values_and_what_they_cost() {
    let dir = Dir::with("[owner]\nname = \"Jane Doe\"\n");
    let output = dir.check();
    assert_success(&output, "mikit check");
    let out = stdout(&output);
    assert_contains(&out, "1 of 14 values set", "check");
    let phone = out
        .lines()
        .find(|l| l.contains("account.phone"))
        .unwrap_or_else(|| panic!("account.phone is not listed:\n{out}"));
    assert_contains(phone, "missing", "the account.phone line");
    assert_contains(phone, "Method 1", "the account.phone line");
    for field in ["account.email", "device.imei", "device.receipt_location"] {
        assert!(
            out.lines()
                .any(|l| l.contains("missing") && l.contains(field)),
            "{field} is not listed as missing:\n{out}"
        );
    }
    assert!(
        !out.lines().any(|l| l.contains("missing owner.name")),
        "{out}"
    );
}

// The command line -------------------------------------------------------------

#[test]
fn every_help_has_an_example() {
    for args in [
        &["--help"][..],
        &["build", "--help"][..],
        &["check", "--help"][..],
        &["init", "--help"][..],
    ] {
        let output = run(mikit().args(args));
        assert_success(&output, &format!("{args:?}"));
        assert_contains(&stdout(&output), "Example", &format!("mikit {args:?}"));
    }
}

#[test]
fn version_is_printed() {
    let output = run(mikit().arg("--version"));
    assert_success(&output, "mikit --version");
    assert_eq!(
        stdout(&output).trim(),
        format!("mikit {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn bash_completions_are_printed() {
    let output = run(mikit().args(["completions", "bash"]));
    assert_success(&output, "mikit completions bash");
    let out = stdout(&output);
    assert_contains(&out, "mikit", "completions");
    assert_contains(&out, "complete", "completions");
}

#[test]
fn man_page_is_roff() {
    let output = run(mikit().arg("man"));
    assert_success(&output, "mikit man");
    let out = stdout(&output);
    assert!(
        out.starts_with(".TH") || out.starts_with(".ie"),
        "not a roff header: {:?}",
        &out[..out.len().min(80)]
    );
    assert_contains(&out, ".TH mikit 1", "the man page");
}

/// Runs mikit with its standard output a pipe whose reading end is already
/// closed: what `mikit ... | head -1` meets once head has its line.
fn run_into_closed_pipe(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let mut cmd = mikit();
    cmd.args(args).stdout(writer);
    run(&mut cmd)
}

#[test]
fn build_text_into_a_closed_pipe_is_quiet() {
    let path = example("priya-nair");
    let path = path.to_str().expect("UTF-8 path");
    let output = run_into_closed_pipe(&["build", path, "--text", "--date", DATE]);
    assert_success(&output, "mikit build --text into a closed pipe");
    assert_eq!(stderr(&output), "");
}

#[test]
fn output_into_a_closed_pipe_is_not_a_panic() {
    let path = example("priya-nair");
    let path = path.to_str().expect("UTF-8 path");
    for args in [
        &["check", path][..],
        &["completions", "bash"][..],
        &["licences"][..],
        &["man"][..],
    ] {
        let output = run_into_closed_pipe(args);
        let err = stderr(&output);
        assert!(
            output.status.code() != Some(101) && !err.contains("panicked"),
            "mikit {args:?} panics: {}",
            show(&output)
        );
        // Like `build --text`: a reader that has seen enough is not an error.
        assert_success(&output, &format!("mikit {args:?}"));
    }
}

#[test]
fn no_color_means_no_escape_codes() {
    let dir = Dir::with(
        "[account]\nemail = \"jane.example.com\"\nphone = \"+44 7911 123456\"\nregion = \"IN\"\n",
    );
    let runs = |env: &[(&str, &str)]| -> Vec<Output> {
        let with = |args: &[&str]| {
            let mut cmd = dir.cmd();
            cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
            for (k, v) in env {
                cmd.env(k, v);
            }
            run(cmd.args(args))
        };
        vec![
            with(&["check", FILE, "--date", DATE]),
            with(&["build", FILE, "-o", OUT, "--date", DATE]),
            with(&["check", "nope.toml"]),
            with(&["build", "--bogus"]),
        ]
    };
    // Forced colour shows that these messages are coloured at all, so that
    // the absence of escapes below means something.
    for output in runs(&[("CLICOLOR_FORCE", "1")]) {
        assert!(
            output.stderr.contains(&0x1b),
            "no colour even when forced: {}",
            show(&output)
        );
    }
    for env in [
        &[("NO_COLOR", "1")][..],
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")][..],
    ] {
        for output in runs(env) {
            assert!(!output.status.success(), "{}", show(&output));
            assert!(
                !output.stderr.contains(&0x1b) && !output.stdout.contains(&0x1b),
                "{env:?}: ESC in {}",
                show(&output)
            );
        }
    }
}

#[test]
fn usage_errors_exit_64() {
    let dir = Dir::with("[owner]\nname = \"Jane Doe\"\n");
    for args in [
        &["--bogus"][..],
        &["build", FILE, "--bogus"][..],
        &["build"][..],
        &["frobnicate"][..],
        &["build", FILE, "--paper", "a5"][..],
        &["build", FILE, "--date", "2026/11/27"][..],
        &["check", FILE, "--date", "yesterday"][..],
        &["completions", "tcsh"][..],
    ] {
        let output = dir.mikit(args);
        assert_code(&output, USAGE, &format!("mikit {args:?}"));
        assert!(!stderr(&output).is_empty(), "mikit {args:?} says nothing");
    }
    assert_eq!(dir.pdfs(), Vec::<String>::new());
}
