//! Helpers shared by the end-to-end tests (tests/e2e/) and the reference
//! outputs (tests/reference.rs): running the real mikit binary, its exit
//! codes, and the files the tests write and read. By area, in their own
//! files and used from here as `common::NAME`: [`pdf`] reads PDFs back with
//! the external tools, [`kits`] reads a batch's output folder, and
//! [`templates`] exports and edits templates. The reference outputs use a
//! few of them, under `#[allow(dead_code)]`.

mod kits;
mod pdf;
mod templates;

// The reference outputs use none of these two.
#[allow(unused_imports)]
pub use kits::*;
pub use pdf::*;
#[allow(unused_imports)]
pub use templates::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;

/// The date every build is pinned to, so outputs are reproducible.
pub const DATE: &str = "2026-11-27";

/// [`DATE`], for calling the library.
pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(DATE, "%Y-%m-%d").expect("DATE is a date")
}

/// The two files a full build writes.
pub const PDFS: [&str; 2] = ["recovery-kit.pdf", "id-verification-prep.pdf"];

// Exit codes, as sysexits.h names them: what scripts around mikit rely on.
pub const OK: i32 = 0;
pub const USAGE: i32 = 64;
pub const DATA_ERR: i32 = 65;
pub const NO_INPUT: i32 = 66;
pub const CANT_CREAT: i32 = 73;
pub const IO_ERR: i32 = 74;
/// 128 + SIGINT: a run stopped by Ctrl-C or a kill.
pub const INTERRUPTED: i32 = 130;

// Examples ----------------------------------------------------------------------

/// A bundled example details file, e.g. `example("priya-nair")`.
pub fn example(stem: &str) -> PathBuf {
    example_file(&format!("{stem}.toml"))
}

/// A bundled example file by its full name, e.g. `example_file("shop.toml")`.
pub fn example_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// A bundled example details file read by the library, as of [`DATE`].
pub fn example_details(stem: &str) -> mikit::details::Details {
    let text = String::from_utf8(read(&example(stem))).expect("the example is UTF-8");
    mikit::details::parse(&text, today())
        .unwrap_or_else(|e| panic!("example {stem} is not valid: {e:?}"))
}

// Running mikit -----------------------------------------------------------------

/// The mikit binary, with SOURCE_DATE_EPOCH removed so that only the test
/// decides which date is printed.
pub fn mikit() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mikit"));
    cmd.env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// [`mikit`] under umask 000, where a file's mode is whatever mikit asked
/// for; the caller adds the arguments.
pub fn mikit_under_umask_000() -> Command {
    let mut cmd = Command::new("/bin/sh");
    cmd.args(["-c", "umask 000 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_mikit"))
        .env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// Runs a command to completion, capturing its output.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// `mikit build DETAILS -o OUT --date DATE EXTRA...`, whatever its outcome.
pub fn build(details: &Path, out: &Path, extra: &[&str]) -> Output {
    build_on(DATE, details, out, extra)
}

/// [`build`] with another date than [`DATE`].
pub fn build_on(date: &str, details: &Path, out: &Path, extra: &[&str]) -> Output {
    run(mikit()
        .arg("build")
        .arg(details)
        .arg("-o")
        .arg(out)
        .args(["--date", date])
        .args(extra))
}

/// Like [`build`], but the build must succeed.
#[track_caller]
pub fn build_ok(details: &Path, out: &Path, extra: &[&str]) -> Output {
    let output = build(details, out, extra);
    assert_success(&output, &format!("mikit build {}", details.display()));
    output
}

/// Like [`build`], but the build must be refused with `code`, without a
/// panic and with nothing written into `out`. Returns stderr.
#[track_caller]
pub fn build_refused(details: &Path, out: &Path, extra: &[&str], code: i32) -> String {
    let output = build(details, out, extra);
    let err = stderr(&output);
    let what = format!("mikit build {} {extra:?}", details.display());
    assert!(!err.contains("panicked"), "{what}: a panic: {err}");
    assert_code(&output, code, &what);
    assert!(
        entries(out).is_empty(),
        "{what}: nothing may be written, found {:?}",
        entries(out)
    );
    err
}

/// `mikit build DETAILS --text --date DATE EXTRA...`: the documents as text
/// on stdout, whatever the outcome.
pub fn build_text(details: &Path, extra: &[&str]) -> Output {
    run(mikit()
        .arg("build")
        .arg(details)
        .args(["--text", "--date", DATE])
        .args(extra))
}

/// `mikit check FILE --date DATE`, whatever its outcome.
pub fn check(file: &Path) -> Output {
    run(mikit().arg("check").arg(file).args(["--date", DATE]))
}

/// `mikit batch INPUT -o OUT --date DATE`, to add to and run or spawn.
pub fn batch_command(input: &Path, out: &Path) -> Command {
    let mut cmd = mikit();
    cmd.arg("batch")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(["--date", DATE]);
    cmd
}

/// `mikit batch INPUT -o OUT --date DATE EXTRA...`, whatever its outcome.
pub fn batch(input: &Path, out: &Path, extra: &[&str]) -> Output {
    run(batch_command(input, out).args(extra))
}

// What a run did ----------------------------------------------------------------

#[track_caller]
pub fn assert_success(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed with {}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        stdout(output),
        stderr(output),
    );
}

/// The run ended with exit code `code`.
#[track_caller]
pub fn assert_code(output: &Output, code: i32, what: &str) {
    assert_eq!(
        exit_code(output),
        code,
        "{what}: unexpected exit code\nstdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

/// The exit code of a finished process; a death by signal fails the test.
#[track_caller]
pub fn exit_code(output: &Output) -> i32 {
    output.status.code().unwrap_or_else(|| {
        panic!(
            "killed by a signal ({})\nstderr:\n{}",
            output.status,
            stderr(output)
        )
    })
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `haystack` holds `needle`, exactly.
#[track_caller]
pub fn assert_contains(haystack: &str, needle: &str, what: &str) {
    assert!(
        haystack.contains(needle),
        "{what}: expected to find {needle:?} in:\n{haystack}"
    );
}

// Files -------------------------------------------------------------------------

/// Writes a file into `dir` and returns its path.
pub fn write_file(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The names of the entries of `dir`, sorted; empty when it does not exist.
pub fn entries(dir: &Path) -> Vec<String> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = read
        .map(|e| {
            e.expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Everything under `dir`, by path relative to it, to compare before and
/// after: a file with its bytes; a symlink, FIFO or device (never followed
/// or read) with none.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("directory entry").path();
            let meta = path.symlink_metadata().expect("metadata");
            let rel = path.strip_prefix(dir).expect("under dir").to_path_buf();
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() {
                out.insert(rel, read(&path));
            } else {
                out.insert(rel, Vec::new());
            }
        }
    }
    out
}

/// The permission bits of a file (not followed if a symlink), e.g. 0o600.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    path.symlink_metadata()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

// Values ------------------------------------------------------------------------

/// `s` as a TOML basic string on one line: quotes and backslashes escaped,
/// and every character TOML does not allow raw in a basic string written
/// as \uXXXX.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{0}'..='\u{1f}' | '\u{7f}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The Luhn check digit for the digits before it (values 0 to 9).
pub fn luhn_digit(payload: &[u8]) -> u8 {
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            // Counting from the check digit, every second digit is doubled.
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// A valid IMEI: 14 digits from `body` and the Luhn check digit.
pub fn luhn_imei(body: u64) -> String {
    let digits = format!("{:014}", body % 100_000_000_000_000);
    let payload: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
    format!("{digits}{}", luhn_digit(&payload))
}

/// `n` cases for a property that calls the library only: no file of
/// failures left behind in the tree.
pub fn cases(n: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: n,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}
