//! Reading PDFs back: the external tools (poppler-utils, qpdf, zbar) and
//! what they say, and matching printed text.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{assert_success, run, stdout};

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
#[track_caller]
pub fn tool_output(tool: &Path, args: &[&std::ffi::OsStr]) -> String {
    let output = run(Command::new(tool).args(args));
    assert_success(&output, &format!("{} {args:?}", tool.display()));
    stdout(&output)
}

/// `pdftotext FILE -`: the text of every page, in reading order.
pub fn pdftotext(tool: &Path, pdf: &Path) -> String {
    tool_output(tool, &[pdf.as_os_str(), "-".as_ref()])
}

/// The value of `name="..."` in one line of pdftotext's -bbox output.
pub fn attr(line: &str, name: &str) -> Option<f64> {
    let key = format!(" {name}=\"");
    let start = line.find(&key)? + key.len();
    let len = line[start..].find('"')?;
    line[start..start + len].parse().ok()
}

/// One word of `pdftotext -bbox`, with the page it is on.
#[derive(Debug)]
pub struct WordBox {
    /// The page's number, from 1.
    pub page: usize,
    pub page_width: f64,
    pub page_height: f64,
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
    /// The word as printed (pdftotext's XML entities decoded).
    pub text: String,
}

/// Every word box of a PDF, from `pdftotext -bbox`, without the bidi marks
/// an Arabic kit draws where left-to-right text meets right-to-left text
/// (poppler counts a mark with the word it touches: "4567\u{200F}").
pub fn word_boxes(tool: &Path, pdf: &Path) -> Vec<WordBox> {
    let html = tool_output(tool, &["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()]);
    let must =
        |line: &str, name: &str| attr(line, name).unwrap_or_else(|| panic!("no {name} in {line}"));
    let mut page: Option<(usize, f64, f64)> = None;
    let mut words = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            let number = page.map_or(1, |(n, ..)| n + 1);
            page = Some((number, must(line, "width"), must(line, "height")));
        } else if line.starts_with("<word ") {
            let (page, page_width, page_height) = page.expect("<word> inside a <page>");
            let text = line
                .split_once('>')
                .and_then(|(_, rest)| rest.strip_suffix("</word>"))
                .unwrap_or_default()
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
                .chars()
                .filter(|&c| !is_bidi_mark(c))
                .collect();
            words.push(WordBox {
                page,
                page_width,
                page_height,
                x_min: must(line, "xMin"),
                x_max: must(line, "xMax"),
                y_min: must(line, "yMin"),
                y_max: must(line, "yMax"),
                text,
            });
        }
    }
    words
}

/// The number of pages of a PDF, from `pdfinfo`.
pub fn page_count(pdfinfo: &Path, pdf: &Path) -> usize {
    let info = tool_output(pdfinfo, &[pdf.as_os_str()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count for {} in:\n{info}", pdf.display()))
}

/// The size of every page, from `pdfinfo -f 1 -l 9999`.
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
pub const A4: (f64, f64) = (595.28, 841.89);
pub const LETTER: (f64, f64) = (612.0, 792.0);

/// Every page of `pdf` is `(w, h)` points, within half a point.
#[track_caller]
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

/// Every page of each of the `pdfs` in `dir` is `paper`.
#[track_caller]
pub fn assert_paper<P: AsRef<Path>>(
    pdfinfo: &Path,
    dir: &Path,
    pdfs: impl IntoIterator<Item = P>,
    paper: (f64, f64),
    what: &str,
) {
    for pdf in pdfs {
        assert_pages_are(pdfinfo, &dir.join(pdf), paper, what);
    }
}

/// One font of a PDF as `pdffonts` lists it.
#[derive(Debug)]
pub struct FontRow {
    pub name: String,
    pub embedded: bool,
    pub subset: bool,
    /// It has a ToUnicode map.
    pub unicode: bool,
}

impl FontRow {
    /// The name is a subset's: six capitals, `+`, the font's own name.
    pub fn has_subset_tag(&self) -> bool {
        self.name.split_once('+').is_some_and(|(tag, base)| {
            tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) && !base.is_empty()
        })
    }
}

/// Every font of a PDF, from `pdffonts`; there is at least one.
pub fn pdf_fonts(pdffonts: &Path, pdf: &Path) -> Vec<FontRow> {
    let listing = tool_output(pdffonts, &[pdf.as_os_str()]);
    let mut lines = listing.lines();
    let header = lines.next().expect("pdffonts header");
    assert!(header.starts_with("name"), "unexpected header: {header}");
    assert!(lines.next().expect("rule").starts_with("---"));
    let fonts: Vec<FontRow> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            // name type... encoding emb sub uni object-number generation; the
            // type has spaces ("CID TrueType"): read the rest from the right.
            let cols: Vec<&str> = line.split_whitespace().collect();
            let n = cols.len();
            assert!(n >= 8, "unexpected pdffonts row: {line}");
            FontRow {
                name: cols[0].to_string(),
                embedded: cols[n - 5] == "yes",
                subset: cols[n - 4] == "yes",
                unicode: cols[n - 3] == "yes",
            }
        })
        .collect();
    assert!(!fonts.is_empty(), "no fonts in:\n{listing}");
    fonts
}

// Matching printed text ------------------------------------------------------------

/// Every run of whitespace (line and page breaks included) as one space, so
/// that a phrase wrapped across lines is still found.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text without its whitespace and without the bidi marks pdftotext puts
/// around right-to-left lines and the left-to-right runs inside them, for
/// matching phrases that pdftotext may have broken across lines (CJK text
/// breaks without a space).
pub fn without_whitespace(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !is_bidi_mark(*c))
        .collect()
}

/// Whether `text` holds `needle`, whitespace ignored. Right to left,
/// readers rebuild the order of a line from its drawing and put the
/// punctuation next to a left-to-right run ("SMS،", "(Mi)") on either side
/// of it: there the words must still come in order.
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

/// `text` holds `needle` by [`has_text`].
#[track_caller]
pub fn assert_has(text: &str, needle: &str, what: &str) {
    assert!(
        has_text(text, needle),
        "{what}: expected {needle:?} (whitespace ignored) in:\n{text}"
    );
}

/// `text` does not hold `needle`, not even by [`has_text`]'s looser match.
#[track_caller]
pub fn assert_lacks(text: &str, needle: &str, what: &str) {
    assert!(
        !has_text(text, needle),
        "{what}: did not expect {needle:?} in:\n{text}"
    );
}

/// Arabic vowel signs and other combining marks: part of a word.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}')
}

fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
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
