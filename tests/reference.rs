//! Reference outputs: for five owners x every language x A4 and Letter, the
//! SHA-256 of both PDFs and their text as `pdftotext -layout` reads it
//! (lines, columns and page breaks as printed), checked in under
//! tests/reference/. Output moves only when a commit says why and re-blesses:
//!
//!     cargo test --test reference                  # fails when anything moved
//!     cargo test --test reference -- --bless       # accepts it, reports what moved
//!
//! When anything moved, either run writes a report to target/reference/report/:
//! summary.txt (which files, how), text.diff, and each page whose text
//! changed as a picture before and after (pdftoppm), side by side in
//! index.html. Pictures before are drawn from the blessed PDFs a passing run
//! keeps in target/reference/blessed/; where those are missing (a fresh
//! clone, a merge) `--base REV` builds mikit at REV to make them.
//!
//! Options: `--bless`, `--base REV`, `--only TEXT` (cases whose name holds
//! TEXT, e.g. `hi-a4` or `arabic/`), `--pages N|all` (most page pairs drawn,
//! 60 unless told). A harness of its own (`harness = false`): it takes
//! options and prints as it goes. The text is stored rather than its digest:
//! it says what moved, and a PDF whose bytes are unchanged cannot read
//! differently.

#[allow(dead_code)]
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use mikit::content::Lang;
use sha2::{Digest, Sha256};

/// The owners, each with every language and both papers. The shop box is
/// printed on some.
const OWNERS: [Owner; 5] = [
    Owner {
        name: "priya-nair",
        details: "examples/priya-nair.toml",
        shop: true,
    },
    Owner {
        name: "wang-fang",
        details: "examples/wang-fang.toml",
        shop: false,
    },
    // A name and nothing else: every value a write-in line.
    Owner {
        name: "sparse",
        details: "tests/reference/owners/sparse.toml",
        shop: false,
    },
    // Every field, long values, eight earlier numbers.
    Owner {
        name: "full",
        details: "tests/reference/owners/full.toml",
        shop: true,
    },
    // An Arabic name and store: right to left inside every language.
    Owner {
        name: "arabic",
        details: "tests/reference/owners/arabic.toml",
        shop: false,
    },
];

const PAPERS: [&str; 2] = ["a4", "letter"];
const DOCS: [&str; 2] = ["recovery-kit", "id-verification-prep"];
const SHOP: &str = "examples/shop.toml";

/// Where the references live, relative to the repository.
const DIGESTS: &str = "tests/reference/digests.txt";
const TEXTS: &str = "tests/reference/text";

/// Page pictures drawn unless `--pages` says otherwise: enough to see a
/// change, few enough to stay quick when every text moved.
const PAGES: usize = 60;

struct Owner {
    name: &'static str,
    details: &'static str,
    shop: bool,
}

/// One build: an owner in one language on one paper.
struct Case {
    owner: &'static Owner,
    lang: &'static str,
    paper: &'static str,
}

impl Case {
    /// `owner/lang-paper`, the folder of its two documents.
    fn name(&self) -> String {
        format!("{}/{}-{}", self.owner.name, self.lang, self.paper)
    }
}

/// What a run found for one document (`owner/lang-paper/doc`).
#[derive(Clone)]
struct Output {
    pdf: PathBuf,
    digest: String,
    /// `None` when pdftotext is missing (outside CI only).
    text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Moved {
    /// Different bytes, the same text.
    Bytes,
    /// The text changed (and so the bytes).
    Text,
    New,
    Gone,
}

struct Options {
    bless: bool,
    base: Option<String>,
    only: Vec<String>,
    pages: usize,
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(o)) => o,
        Ok(None) => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("reference: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("reference: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The options; `None` when there is nothing to run (`--list`, `--ignored`).
/// Flags meant for other test binaries of `cargo test -- ...` are ignored,
/// and a bare word is a filter, as for them.
fn parse(args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut o = Options {
        bless: false,
        base: None,
        only: Vec::new(),
        pages: PAGES,
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--bless" => o.bless = true,
            "--base" => o.base = Some(value("--base")?),
            "--only" => o.only.push(value("--only")?),
            "--pages" => {
                let v = value("--pages")?;
                o.pages = if v == "all" {
                    usize::MAX
                } else {
                    v.parse()
                        .map_err(|_| format!("--pages takes a number or \"all\", not {v:?}"))?
                };
            }
            "--list" => {
                println!("reference_outputs: test");
                return Ok(None);
            }
            "--ignored" => return Ok(None),
            // libtest's flags with a value.
            "--test-threads" | "--format" | "--skip" | "--color" | "-Z" | "--logfile" => {
                args.next();
            }
            flag if flag.starts_with('-') => {}
            filter => o.only.push(filter.to_string()),
        }
    }
    Ok(Some(o))
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// target/reference/, next to the tests' own scratch folder.
fn work() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/tmp has a parent")
        .join("reference")
}

fn cases(only: &[String]) -> Vec<Case> {
    let mut cases = Vec::new();
    for owner in &OWNERS {
        for lang in Lang::ALL {
            for paper in PAPERS {
                let case = Case {
                    owner,
                    lang: lang.code(),
                    paper,
                };
                if DOCS
                    .iter()
                    .any(|d| in_scope(only, &format!("{}/{d}", case.name())))
                {
                    cases.push(case);
                }
            }
        }
    }
    cases
}

/// Whether `--only` (or a filter) asks for document `key`.
fn in_scope(only: &[String], key: &str) -> bool {
    only.is_empty() || only.iter().any(|o| key.contains(o.as_str()))
}

/// Checks (or blesses) every case; true when nothing moved or it was blessed.
fn run(options: &Options) -> Result<bool, String> {
    let started = Instant::now();
    let cases = cases(&options.only);
    if cases.is_empty() {
        println!("reference: no case matches {:?}", options.only);
        return Ok(true);
    }
    let pdftotext = if options.bless {
        // Blessing writes the text: the tool is required, as on CI.
        common::find_tool("pdftotext", std::env::var_os("PATH"), true)
    } else {
        common::tool("pdftotext")
    };
    let work = work();
    let new_dir = work.join("new");
    remove_dir(&new_dir)?;
    let mikit = PathBuf::from(env!("CARGO_BIN_EXE_mikit"));
    let outputs = build_all(&mikit, &cases, &new_dir, pdftotext.as_deref())?;
    let mut digests = read_digests()?;

    let mut moved: BTreeMap<String, Moved> = BTreeMap::new();
    for (key, out) in outputs.iter().filter(|(k, _)| in_scope(&options.only, k)) {
        let kind = match digests.get(key) {
            None => Some(Moved::New),
            Some(d)
                if *d == out.digest && out.text.as_ref().is_none_or(|t| *t == old_text(key)) =>
            {
                None
            }
            Some(_) if out.text.as_ref().is_some_and(|t| *t != old_text(key)) => Some(Moved::Text),
            Some(_) => Some(Moved::Bytes),
        };
        if let Some(kind) = kind {
            moved.insert(key.clone(), kind);
        }
    }
    for key in digests
        .keys()
        .filter(|k| in_scope(&options.only, k) && !outputs.contains_key(*k))
    {
        moved.insert(key.clone(), Moved::Gone);
    }
    let blessed = work.join("blessed");
    println!(
        "reference: {} cases, {} PDFs in {:.1} s; {} moved",
        cases.len(),
        outputs.len(),
        started.elapsed().as_secs_f32(),
        moved.len()
    );
    if moved.is_empty() {
        keep_blessed(
            &outputs,
            &blessed,
            options.only.is_empty().then_some(&digests),
        )?;
        return Ok(true);
    }

    let report = work.join("report");
    let befores = befores(&moved, &digests, &blessed, options, &cases, &work)?;
    write_report(&report, &moved, &outputs, &digests, &befores, options)?;

    if !options.bless {
        eprintln!(
            "\nreference outputs moved (report: {}):\n{}\nIf the change is intended, say why in the \
             commit and run:\n    cargo test --test reference -- --bless\n",
            report.display(),
            summary_lines(&moved, &digests, &outputs).join("\n")
        );
        return Ok(false);
    }
    for (key, kind) in &moved {
        let text_path = repo().join(TEXTS).join(format!("{key}.txt"));
        match kind {
            Moved::Gone => {
                digests.remove(key);
                remove_file(&text_path)?;
            }
            _ => {
                let out = &outputs[key];
                digests.insert(key.clone(), out.digest.clone());
                let text = out.text.as_deref().expect("blessing needs pdftotext");
                write_file(&text_path, text.as_bytes())?;
            }
        }
    }
    write_digests(&digests)?;
    keep_blessed(&outputs, &blessed, Some(&digests))?;
    println!(
        "reference: blessed {} files; what moved: {}",
        moved.len(),
        report.display()
    );
    Ok(true)
}

/// Builds every case's two documents with `mikit` into `dir` and reads them
/// back, on every core.
fn build_all(
    mikit: &Path,
    cases: &[Case],
    dir: &Path,
    pdftotext: Option<&Path>,
) -> Result<BTreeMap<String, Output>, String> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(BTreeMap::new());
    let failure = Mutex::new(None);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    match build_case(mikit, case, dir, pdftotext) {
                        Ok(outs) => results.lock().expect("results").extend(outs),
                        Err(e) => {
                            *failure.lock().expect("failure") = Some(e);
                            return;
                        }
                    }
                }
            });
        }
    });
    match failure.into_inner().expect("failure") {
        Some(e) => Err(e),
        None => Ok(results.into_inner().expect("results")),
    }
}

fn build_case(
    mikit: &Path,
    case: &Case,
    dir: &Path,
    pdftotext: Option<&Path>,
) -> Result<Vec<(String, Output)>, String> {
    let out_dir = dir.join(case.name());
    let mut cmd = Command::new(mikit);
    cmd.env_remove("SOURCE_DATE_EPOCH")
        .current_dir(repo())
        .arg("build")
        .arg(case.owner.details)
        .arg("-o")
        .arg(&out_dir)
        .args(["--date", common::DATE, "--lang", case.lang, "--paper"])
        .arg(case.paper)
        .arg("--force");
    if case.owner.shop {
        cmd.args(["--shop", SHOP]);
    }
    let output = cmd
        .output()
        .map_err(|e| format!("cannot run {}: {e}", mikit.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{}: mikit build failed ({}):\n{}",
            case.name(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    DOCS.iter()
        .map(|doc| {
            let pdf = out_dir.join(format!("{doc}.pdf"));
            let bytes = std::fs::read(&pdf).map_err(|e| format!("{}: {e}", pdf.display()))?;
            let text = pdftotext
                .map(|tool| text_of(tool, &pdf, None))
                .transpose()?;
            let out = Output {
                digest: hex(&Sha256::digest(&bytes)),
                pdf,
                text,
            };
            Ok((format!("{}/{doc}", case.name()), out))
        })
        .collect()
}

/// `pdftotext -layout`, of one page or all.
fn text_of(tool: &Path, pdf: &Path, page: Option<usize>) -> Result<String, String> {
    let mut cmd = Command::new(tool);
    cmd.arg("-layout");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", tool.display()))?;
    if !out.status.success() {
        return Err(format!(
            "pdftotext {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("pdftotext {}: {e}", pdf.display()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `key -> digest` from tests/reference/digests.txt.
fn read_digests() -> Result<BTreeMap<String, String>, String> {
    let path = repo().join(DIGESTS);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            l.split_once("  ")
                .map(|(k, d)| (k.to_string(), d.trim().to_string()))
                .ok_or(format!("{DIGESTS}:{}: not \"key  digest\"", i + 1))
        })
        .collect()
}

fn write_digests(digests: &BTreeMap<String, String>) -> Result<(), String> {
    let mut text = String::from(
        "# SHA-256 of each reference PDF, owner/language-paper/document; their text is in\n\
         # text/. Written by `cargo test --test reference -- --bless` (see tests/reference.rs).\n",
    );
    for (key, digest) in digests {
        text.push_str(&format!("{key}  {digest}\n"));
    }
    write_file(&repo().join(DIGESTS), text.as_bytes())
}

/// The blessed text of `key`, empty when there is none.
fn old_text(key: &str) -> String {
    std::fs::read_to_string(repo().join(TEXTS).join(format!("{key}.txt"))).unwrap_or_default()
}

/// Keeps the PDFs that match the references in `blessed/` by digest, for the
/// pictures before of a later change; with `digests`, drops the rest.
fn keep_blessed(
    outputs: &BTreeMap<String, Output>,
    blessed: &Path,
    digests: Option<&BTreeMap<String, String>>,
) -> Result<(), String> {
    std::fs::create_dir_all(blessed).map_err(|e| format!("{}: {e}", blessed.display()))?;
    for out in outputs.values() {
        let kept = blessed.join(format!("{}.pdf", out.digest));
        if !kept.exists() {
            std::fs::copy(&out.pdf, &kept).map_err(|e| format!("{}: {e}", kept.display()))?;
        }
    }
    if let Some(digests) = digests {
        let wanted: BTreeSet<String> = digests.values().map(|d| format!("{d}.pdf")).collect();
        for entry in std::fs::read_dir(blessed).map_err(|e| e.to_string())? {
            let entry = entry.map_err(|e| e.to_string())?;
            if !wanted.contains(&*entry.file_name().to_string_lossy()) {
                remove_file(&entry.path())?;
            }
        }
    }
    Ok(())
}

/// The blessed PDF of each moved document, where one can be had: kept by an
/// earlier run, or made by mikit as it was at `--base`.
fn befores(
    moved: &BTreeMap<String, Moved>,
    digests: &BTreeMap<String, String>,
    blessed: &Path,
    options: &Options,
    cases: &[Case],
    work: &Path,
) -> Result<BTreeMap<String, PathBuf>, String> {
    let wanted = |key: &str| matches!(moved.get(key), Some(Moved::Text | Moved::Bytes));
    let mut found = BTreeMap::new();
    let mut missing = Vec::new();
    for (key, digest) in digests.iter().filter(|(k, _)| wanted(k)) {
        let kept = blessed.join(format!("{digest}.pdf"));
        if kept.exists() {
            found.insert(key.clone(), kept);
        } else {
            missing.push(key.clone());
        }
    }
    let Some(rev) = &options.base else {
        return Ok(found);
    };
    if missing.is_empty() {
        return Ok(found);
    }
    let base_cases: Vec<&Case> = cases
        .iter()
        .filter(|c| {
            missing
                .iter()
                .any(|k| k.starts_with(&format!("{}/", c.name())))
        })
        .collect();
    let mikit = build_base(rev, work)?;
    println!(
        "reference: making {} cases with mikit at {rev}",
        base_cases.len()
    );
    let out_dir = work.join("base").join("out");
    remove_dir(&out_dir)?;
    let base_cases: Vec<Case> = base_cases
        .into_iter()
        .map(|c| Case {
            owner: c.owner,
            lang: c.lang,
            paper: c.paper,
        })
        .collect();
    let made = build_all(&mikit, &base_cases, &out_dir, None)?;
    std::fs::create_dir_all(blessed).map_err(|e| format!("{}: {e}", blessed.display()))?;
    for key in &missing {
        let Some(out) = made.get(key) else { continue };
        if digests.get(key) != Some(&out.digest) {
            println!("reference: {key}: mikit at {rev} does not make the blessed PDF");
            continue;
        }
        let kept = blessed.join(format!("{}.pdf", out.digest));
        std::fs::copy(&out.pdf, &kept).map_err(|e| format!("{}: {e}", kept.display()))?;
        found.insert(key.clone(), kept);
    }
    Ok(found)
}

/// Builds mikit as it was at `rev` (its own target folder, kept for the
/// next time) and returns the binary.
fn build_base(rev: &str, work: &Path) -> Result<PathBuf, String> {
    let base = work.join("base");
    let src = base.join("src");
    remove_dir(&src)?;
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    println!("reference: building mikit at {rev} in {}", base.display());
    let archive = Command::new("git")
        .arg("-C")
        .arg(repo())
        .args(["archive", "--format=tar", rev])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !archive.status.success() {
        return Err(format!(
            "git archive {rev}: {}",
            String::from_utf8_lossy(&archive.stderr)
        ));
    }
    let tar = base.join("src.tar");
    write_file(&tar, &archive.stdout)?;
    check_status(
        Command::new("tar").arg("-xf").arg(&tar).arg("-C").arg(&src),
        "tar",
    )?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    check_status(
        Command::new(cargo)
            .args(["build", "--locked", "-p", "mikit", "--bin", "mikit"])
            .arg("--manifest-path")
            .arg(src.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(base.join("target")),
        "cargo build",
    )?;
    Ok(base.join("target").join("debug").join("mikit"))
}

fn check_status(cmd: &mut Command, what: &str) -> Result<(), String> {
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed: {status}"))
    }
}

fn summary_lines(
    moved: &BTreeMap<String, Moved>,
    digests: &BTreeMap<String, String>,
    outputs: &BTreeMap<String, Output>,
) -> Vec<String> {
    let mut by_kind: BTreeMap<Moved, Vec<&str>> = BTreeMap::new();
    for (key, kind) in moved {
        by_kind.entry(*kind).or_default().push(key);
    }
    let mut lines = Vec::new();
    for (kind, keys) in by_kind {
        let what = match kind {
            Moved::Bytes => "bytes changed, text the same",
            Moved::Text => "text changed",
            Moved::New => "new (no reference yet)",
            Moved::Gone => "no longer made",
        };
        lines.push(format!("  {} {what}:", keys.len()));
        for key in keys {
            let digests = match (digests.get(key), outputs.get(key)) {
                (Some(old), Some(new)) => format!("  {} -> {}", &old[..12], &new.digest[..12]),
                _ => String::new(),
            };
            lines.push(format!("    {key}{digests}"));
        }
    }
    lines
}

/// The report of what moved: summary.txt, text.diff, pages/ and index.html.
fn write_report(
    report: &Path,
    moved: &BTreeMap<String, Moved>,
    outputs: &BTreeMap<String, Output>,
    digests: &BTreeMap<String, String>,
    befores: &BTreeMap<String, PathBuf>,
    options: &Options,
) -> Result<(), String> {
    remove_dir(report)?;
    std::fs::create_dir_all(report.join("pages")).map_err(|e| e.to_string())?;
    let new_texts = report.join("after");
    let mut diff = String::new();
    let mut pairs: Vec<(String, usize)> = Vec::new();
    for (key, kind) in moved {
        if !matches!(kind, Moved::Text | Moved::New) {
            continue;
        }
        let Some(after) = outputs[key].text.as_deref() else {
            continue;
        };
        let after_path = new_texts.join(format!("{key}.txt"));
        write_file(&after_path, after.as_bytes())?;
        let before_path = repo().join(TEXTS).join(format!("{key}.txt"));
        let before_path = if before_path.exists() {
            before_path
        } else {
            PathBuf::from("/dev/null")
        };
        let out = Command::new("diff")
            .args(["-u", "--label", &format!("before/{key}.txt")])
            .args(["--label", &format!("after/{key}.txt")])
            .arg(&before_path)
            .arg(&after_path)
            .output()
            .map_err(|e| format!("cannot run diff: {e}"))?;
        diff.push_str(&String::from_utf8_lossy(&out.stdout));
        let before = old_text(key);
        let (old_pages, new_pages): (Vec<&str>, Vec<&str>) = (
            before.split('\u{c}').collect(),
            after.split('\u{c}').collect(),
        );
        for p in 0..old_pages.len().max(new_pages.len()) {
            // The text after the last page break is empty in both.
            if old_pages.get(p) != new_pages.get(p) && p + 1 < new_pages.len().max(old_pages.len())
            {
                pairs.push((key.clone(), p + 1));
            }
        }
    }
    write_file(&report.join("text.diff"), diff.as_bytes())?;

    let mut drawn = Vec::new();
    let mut not_drawn = 0;
    let mut no_before = BTreeSet::new();
    for (key, page) in &pairs {
        if drawn.len() >= options.pages {
            not_drawn += 1;
            continue;
        }
        let stem = format!("{}-p{page}", key.replace('/', "_"));
        let after = draw(
            &outputs[key].pdf,
            *page,
            &report.join("pages"),
            &format!("{stem}-after"),
        )?;
        let before = match befores.get(key) {
            Some(pdf) => draw(pdf, *page, &report.join("pages"), &format!("{stem}-before"))?,
            None => {
                no_before.insert(key.clone());
                None
            }
        };
        drawn.push((key.clone(), *page, before, after));
    }

    let mut summary = format!(
        "What moved ({} files), against {DIGESTS}:\n{}\n\n",
        moved.len(),
        summary_lines(moved, digests, outputs).join("\n")
    );
    summary.push_str(&format!(
        "Text: text.diff (pdftotext -layout; a form feed ends each page).\n\
         Pages whose text changed: {}, drawn before and after in pages/ ({} drawn{}); \
         side by side in index.html.\n",
        pairs.len(),
        drawn.len(),
        if not_drawn > 0 {
            format!(", {not_drawn} more with --pages all or --only")
        } else {
            String::new()
        }
    ));
    if !no_before.is_empty() {
        let rev = last_blessing();
        summary.push_str(&format!(
            "\nNo picture before for {} files: their blessed PDFs are not in \
             target/reference/blessed/ (a passing run keeps them). To make them from the \
             commit that blessed them:\n    cargo test --test reference -- --base {rev}{}\n",
            no_before.len(),
            if options.bless { " --bless" } else { "" }
        ));
    }
    write_file(&report.join("summary.txt"), summary.as_bytes())?;
    write_file(
        &report.join("index.html"),
        index_html(&summary, &drawn).as_bytes(),
    )?;
    Ok(())
}

/// The commit that last changed the digests, for `--base`.
fn last_blessing() -> String {
    Command::new("git")
        .arg("-C")
        .arg(repo())
        .args(["log", "-1", "--format=%h", "--", DIGESTS])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "REV".to_string())
}

/// Page `page` of `pdf` as `dir/stem.png`, or `None` when it has no such page.
fn draw(pdf: &Path, page: usize, dir: &Path, stem: &str) -> Result<Option<String>, String> {
    let Some(tool) = common::tool("pdftoppm") else {
        return Ok(None);
    };
    let p = page.to_string();
    let out = Command::new(tool)
        .args(["-r", "60", "-png", "-singlefile", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg(dir.join(stem))
        .output()
        .map_err(|e| format!("cannot run pdftoppm: {e}"))?;
    let png = format!("{stem}.png");
    Ok((out.status.success() && dir.join(&png).exists()).then_some(png))
}

type Drawn = (String, usize, Option<String>, Option<String>);

fn index_html(summary: &str, drawn: &[Drawn]) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let img = |png: &Option<String>| match png {
        Some(p) => format!("<img src=\"pages/{}\">", esc(p)),
        None => "<p>(none)</p>".to_string(),
    };
    let mut html = format!(
        "<!doctype html><meta charset=utf-8><title>Reference outputs: what moved</title>\
         <style>body{{font:14px sans-serif}} img{{border:1px solid #999;max-width:100%}} \
         td{{vertical-align:top;width:50%}}</style>\
         <pre>{}</pre><p><a href=\"text.diff\">text.diff</a></p><table>",
        esc(summary)
    );
    for (key, page, before, after) in drawn {
        html.push_str(&format!(
            "<tr><th colspan=2>{} page {page}</th></tr><tr><td>before<br>{}</td>\
             <td>after<br>{}</td></tr>",
            esc(key),
            img(before),
            img(after)
        ));
    }
    html.push_str("</table>\n");
    html
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn remove_file(path: &Path) -> Result<(), String> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("{}: {e}", path.display()))
        }
        _ => Ok(()),
    }
}

fn remove_dir(path: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("{}: {e}", path.display()))
        }
        _ => Ok(()),
    }
}
