//! Helpers shared by the end-to-end tests: running the real mikit binary,
//! finding the external PDF tools, and reading their output.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The date every build is pinned to, so outputs are reproducible.
pub const DATE: &str = "2026-11-27";

/// The two files a full build writes.
#[allow(dead_code)]
pub const PDFS: [&str; 2] = ["recovery-kit.pdf", "id-verification-prep.pdf"];

/// A bundled example details file, e.g. `example("priya-nair")`.
#[allow(dead_code)]
pub fn example(stem: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{stem}.toml"))
}

/// The mikit binary, with SOURCE_DATE_EPOCH removed so that only the test
/// decides which date is printed.
pub fn mikit() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mikit"));
    cmd.env_remove("SOURCE_DATE_EPOCH");
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
pub fn build_ok(details: &Path, out: &Path, extra: &[&str]) -> Output {
    let output = build(details, out, extra);
    assert_success(&output, &format!("mikit build {}", details.display()));
    output
}

pub fn assert_success(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed with {}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Writes a details file into `dir` and returns its path.
pub fn write_details(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

/// The names of the entries of `dir`, sorted; empty when it does not exist.
#[allow(dead_code)]
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

pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// An external tool on PATH. `None` (the caller skips its test) only when the
/// tool is missing and CI is not "true"; on CI a missing tool is a failure.
pub fn tool(name: &str) -> Option<PathBuf> {
    find_tool(
        name,
        std::env::var_os("PATH"),
        std::env::var("CI").is_ok_and(|v| v == "true"),
    )
}

/// [`tool`] with its inputs made explicit, so the decision can be tested.
pub fn find_tool(name: &str, path: Option<OsString>, ci: bool) -> Option<PathBuf> {
    let found = path.and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| is_executable(p))
    });
    match found {
        Some(p) => Some(p),
        None if ci => panic!(
            "{name} is not on PATH, and CI=true: install it (pdftotext, pdffonts, pdfinfo and \
             pdftoppm come with poppler-utils; qpdf with qpdf; zbarimg with zbar-tools) instead \
             of skipping the tests that need it"
        ),
        None => {
            eprintln!(
                "skipping: {name} is not on PATH (install poppler-utils / qpdf to run this test)"
            );
            None
        }
    }
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Runs an external tool, which must succeed, and returns its stdout.
pub fn tool_output(tool: &Path, args: &[&std::ffi::OsStr]) -> String {
    let output = run(Command::new(tool).args(args));
    assert_success(&output, &format!("{} {args:?}", tool.display()));
    stdout(&output)
}

/// `pdftotext FILE -`: the text of every page, in reading order.
pub fn pdftotext(tool: &Path, pdf: &Path) -> String {
    tool_output(tool, &[pdf.as_os_str(), "-".as_ref()])
}

/// The text MuPDF extracts, through PyMuPDF (`pip install "pymupdf>=1.25,<1.27"`,
/// as .ci/run does): Debian's mutool 1.21 ignores /ActualText, which Indic
/// text needs. `None` (the caller skips) only when PyMuPDF is missing and CI
/// is not "true"; on CI a missing PyMuPDF is a failure.
#[allow(dead_code)]
pub fn mupdf_text(pdf: &Path) -> Option<String> {
    let probe = Command::new("python3")
        .args(["-c", "import pymupdf"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "PyMuPDF is not installed, and CI=true: `python3 -m pip install \
                 \"pymupdf>=1.25,<1.27\"` instead of skipping the tests that read PDFs with MuPDF"
            );
        }
        eprintln!("skipping the MuPDF half: PyMuPDF is not installed");
        return None;
    }
    let output = run(Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, pymupdf\n\
         for page in pymupdf.open(sys.argv[1]): sys.stdout.write(page.get_text())",
        )
        .arg(pdf));
    assert_success(&output, "PyMuPDF get_text");
    Some(stdout(&output))
}

/// The value of `name="..."` in one line of pdftotext's -bbox output.
pub fn attr(line: &str, name: &str) -> Option<f64> {
    let key = format!(" {name}=\"");
    let start = line.find(&key)? + key.len();
    let len = line[start..].find('"')?;
    line[start..start + len].parse().ok()
}

/// One word of `pdftotext -bbox`, with the width of the page it is on.
#[derive(Debug)]
pub struct WordBox {
    pub page_width: f64,
    pub x_min: f64,
    pub x_max: f64,
    #[allow(dead_code)]
    pub y_min: f64,
    pub text: String,
}

/// Every word box of a PDF, from `pdftotext -bbox`, without the bidi marks
/// an Arabic kit draws where left-to-right text meets right-to-left text
/// (poppler counts a mark with the word it touches: "4567\u{200F}").
pub fn word_boxes(tool: &Path, pdf: &Path) -> Vec<WordBox> {
    let html = tool_output(tool, &["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()]);
    let mut page_width = None;
    let mut words = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page_width = Some(attr(line, "width").expect("<page> has a width"));
        } else if line.starts_with("<word ") {
            let text = line
                .split_once('>')
                .and_then(|(_, rest)| rest.strip_suffix("</word>"))
                .unwrap_or_default()
                .chars()
                .filter(|&c| !is_bidi_mark(c))
                .collect();
            words.push(WordBox {
                page_width: page_width.expect("<word> inside a <page>"),
                x_min: attr(line, "xMin").expect("<word> has xMin"),
                x_max: attr(line, "xMax").expect("<word> has xMax"),
                y_min: attr(line, "yMin").expect("<word> has yMin"),
                text,
            });
        }
    }
    words
}

/// `mikit batch INPUT -o OUT --date DATE EXTRA...`, whatever its outcome.
#[allow(dead_code)]
pub fn batch(input: &Path, out: &Path, extra: &[&str]) -> Output {
    run(mikit()
        .arg("batch")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(["--date", DATE])
        .args(extra))
}

/// A bundled example file by its full name, e.g. `example_file("shop.toml")`.
#[allow(dead_code)]
pub fn example_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// The exit code of a finished process; a death by signal fails the test.
#[allow(dead_code)]
pub fn exit_code(output: &Output) -> i32 {
    output.status.code().unwrap_or_else(|| {
        panic!(
            "killed by a signal ({})\nstderr:\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// A valid IMEI: 14 digits from `body` and the Luhn check digit.
#[allow(dead_code)]
pub fn luhn_imei(body: u64) -> String {
    let digits = format!("{:014}", body % 100_000_000_000_000);
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            // Counting from the check digit, every second digit is doubled.
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    format!("{digits}{}", (10 - sum % 10) % 10)
}

/// The number of pages of a PDF, from `pdfinfo`.
#[allow(dead_code)]
pub fn page_count(pdfinfo: &Path, pdf: &Path) -> usize {
    let info = tool_output(pdfinfo, &[pdf.as_os_str()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count for {} in:\n{info}", pdf.display()))
}

/// `text` with every whitespace character removed, for matching phrases that
/// pdftotext may have broken across lines (CJK text breaks without a space).
#[allow(dead_code)]
/// Text without its whitespace and without the bidi marks pdftotext puts
/// around right-to-left lines and the left-to-right runs inside them.
pub fn without_whitespace(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !is_bidi_mark(*c))
        .collect()
}

/// Whether `text` holds `needle`, whitespace ignored. Right to left,
/// readers rebuild the order of a line from its drawing and put the
/// punctuation next to a left-to-right run ("SMS،", "(Mi)") on either side
/// of it: there the words must still come in order.
#[allow(dead_code)]
pub fn has_text(text: &str, needle: &str) -> bool {
    if without_whitespace(text).contains(&without_whitespace(needle)) {
        return true;
    }
    let rtl = |c: char| matches!(c, '\u{0590}'..='\u{08FF}');
    let words = |t: &str| -> String {
        t.chars()
            .filter(|&c| c.is_alphanumeric() || is_combining_mark(c))
            .collect()
    };
    needle.chars().any(rtl) && words(text).contains(&words(needle))
}

/// Arabic vowel signs and other combining marks: part of a word.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}')
}

fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `mikit templates export DIR`, whatever its outcome.
#[allow(dead_code)]
pub fn export_templates(dir: &Path) -> Output {
    run(mikit().args(["templates", "export"]).arg(dir))
}

/// The size of every page, from `pdfinfo -f 1 -l 9999`.
#[allow(dead_code)]
pub fn page_sizes(pdfinfo: &Path, pdf: &Path) -> Vec<(f64, f64)> {
    let info = tool_output(
        pdfinfo,
        &[
            "-f".as_ref(),
            "1".as_ref(),
            "-l".as_ref(),
            "9999".as_ref(),
            pdf.as_os_str(),
        ],
    );
    let sizes: Vec<(f64, f64)> = info
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
        .map(|l| {
            let dims: Vec<&str> = l
                .split_once("size:")
                .unwrap()
                .1
                .split_whitespace()
                .collect();
            // "595.276 x 841.89 pts (A4)"
            assert_eq!(dims.get(1), Some(&"x"), "unexpected size line: {l}");
            (dims[0].parse().unwrap(), dims[2].parse().unwrap())
        })
        .collect();
    assert!(!sizes.is_empty(), "no page sizes in:\n{info}");
    sizes
}

/// Page sizes in points, as pdfinfo reports them.
#[allow(dead_code)]
pub const A4: (f64, f64) = (595.28, 841.89);
#[allow(dead_code)]
pub const LETTER: (f64, f64) = (612.0, 792.0);

/// Every page of `pdf` is `(w, h)` points, within half a point.
#[allow(dead_code)]
pub fn assert_pages_are(pdfinfo: &Path, pdf: &Path, (w, h): (f64, f64), what: &str) {
    for (i, (pw, ph)) in page_sizes(pdfinfo, pdf).into_iter().enumerate() {
        assert!(
            (pw - w).abs() < 0.5 && (ph - h).abs() < 0.5,
            "{what}: {} page {} is {pw} x {ph} pts, expected {w} x {h}",
            pdf.display(),
            i + 1
        );
    }
}
