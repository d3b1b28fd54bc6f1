//! `mikit batch`: kits for every customer of a shop, on every core, in one run.
//!
//! Customers stream through in chunks: each customer of a chunk is named in
//! file order, then checked, rendered and written in parallel; the chunk's
//! manifest lines and merged pages follow in file order. Only one chunk is in
//! memory at a time, and a chunk is bounded in customers and in bytes.
//!
//! The folder never says more than is true: a customer's two files are
//! written together or not at all, their manifest row goes in after them,
//! and a chunk whose rows cannot be written takes its files away again.

mod manifest;
mod naming;
pub mod source;

use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::content::DocKind;
use crate::details::Parsed;
use crate::error::{Error, NextStep, Result};
use crate::layout::Paper;
use crate::output::{self, Plan, Staged};
use crate::problem::Problem;
use crate::render::{Objects, merge::Merge};
use manifest::{Manifest, Status};
use naming::Namer;
use source::{Customer, CustomerData, Source};

pub use source::thousands;

pub struct Options<'a> {
    pub input: &'a Path,
    /// The sheet, encoding and date order to read the input with.
    pub reading: source::Reading<'a>,
    pub out_dir: &'a Path,
    pub today: NaiveDate,
    pub paper: Option<Paper>,
    /// Templates, the default language and the shop.
    pub settings: crate::Settings<'a>,
    /// How to name files instead of by line number, e.g. `kit-{invoice}`.
    pub name: Option<&'a str>,
    pub merge: Option<&'a Path>,
    /// Files the run reads besides the customer list (the shop file, the
    /// templates), each with what it is: never to be written.
    pub reads: &'a [(&'a str, PathBuf)],
    pub jobs: usize,
    pub force: bool,
    /// Set from a signal handler: finish what is in hand, start nothing new.
    pub stop: &'a AtomicBool,
    /// Called with the number of customers finished so far, and the total.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
}

#[derive(Debug, Default)]
pub struct Summary {
    pub customers: usize,
    pub written: usize,
    pub failed: usize,
    pub not_done: usize,
    /// The run was stopped before it wrote anything.
    pub stopped_early: bool,
    /// The problems of failed customers, and warnings, each in the customer
    /// list: the first [`MAX_PROBLEMS`] of them.
    pub problems: Vec<Problem>,
    /// Problems beyond those kept in `problems`.
    pub problems_left_out: usize,
    /// Unfinished files of an earlier, killed run that this run removed.
    pub stale_removed: usize,
    pub manifest: PathBuf,
    pub merged: Option<(PathBuf, usize)>,
    /// How the customer list was read where mikit had to decide (its
    /// encoding, the order of day and month): said before the problems.
    pub notes: Vec<String>,
}

/// Problems kept for the closing report; manifest.csv has every customer.
pub const MAX_PROBLEMS: usize = 200;

/// Threads beyond this are refused: more than any machine mikit runs on
/// could use, and each holds a chunk of customers in memory.
pub const MAX_JOBS: usize = 256;

/// Customers per parallel step: enough to keep every core busy, few enough
/// that memory stays small.
const CHUNK_PER_THREAD: usize = 64;
/// Bytes of customer cells per step, whatever the number of threads.
const CHUNK_BYTES: usize = 32 * 1024 * 1024;

/// What a customer whose documents panicked is told, in the run's report
/// and the manifest.
const CRASHED: &str = "mikit failed inside while making this customer's documents (an internal \
                       error, not a mistake in the row); the other customers are not affected. \
                       Please report it";

/// The title of a merged PDF's Info dictionary.
const MERGED_TITLE: &str = "Xiaomi Account recovery kits";

/// What a worker hands back for one customer.
enum Outcome {
    Made {
        parsed: Parsed,
        files: Vec<String>,
        /// The documents as objects, kept only for a merged PDF.
        objects: Vec<Objects>,
    },
    Invalid(Parsed),
    /// The documents could not be made from valid details (e.g. too long
    /// to lay out): this customer fails, the run goes on.
    Unmade(Parsed, Error),
    NotDone,
    /// The files could not be written (a full disk): the run stops.
    Unwritten(Error),
    /// Making the documents panicked (a defect of mikit or of a library):
    /// this customer fails, the run goes on.
    Crashed,
}

impl Summary {
    fn problem(&mut self, problem: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(problem);
        } else {
            self.problems_left_out += 1;
        }
    }
}

pub fn run(opts: &Options<'_>) -> Result<Summary> {
    let jobs = opts.jobs.clamp(1, MAX_JOBS);
    let Some(survey) = source::open_with(opts.input, opts.today, opts.stop, &opts.reading)? else {
        return Ok(Summary {
            stopped_early: true,
            ..Default::default()
        });
    };
    let origin = opts.input.display().to_string();
    let sheet = match &survey.source {
        Source::Sheet(s) => Some(s.name.clone()),
        _ => None,
    };
    // Where a customer's problem is: their line, or their sheet's cell.
    let place = |p: Problem| {
        let p = p.in_file(&origin);
        match &sheet {
            Some(name) => p.on_sheet(name.clone()),
            None => p,
        }
    };
    let mut namer = Namer::new(opts.name, survey.last_line)?;
    let manifest_path = opts.out_dir.join("manifest.csv");
    let mut plan = Plan::new(opts.force)
        .reads("the customer list", opts.input)
        .into_folder(opts.out_dir)
        .writes("the manifest", &manifest_path)
        .writes_named(opts.out_dir, "kit PDF", is_kit);
    for (what, path) in opts.reads {
        plan = plan.reads(what, path);
    }
    if let Some(m) = opts.merge {
        plan = plan.writes_chosen("the merged PDF", m);
    }
    let writing = plan.begin()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("{WORKER_NAME}-{i}"))
        .build()
        .map_err(|e| Error::internal(format!("cannot start {jobs} threads: {e}")))?;
    let mut merge = match opts.merge {
        Some(m) => {
            let staged = Staged::new(m)?;
            let fail = |e: std::io::Error| staged_fail(m, &e);
            Some(Merge::new(BufWriter::new(staged), MERGED_TITLE, opts.today).map_err(fail)?)
        }
        None => None,
    };
    let mut manifest = Manifest::create(&manifest_path, opts.force)?;

    let mut summary = Summary {
        customers: survey.customers,
        manifest: manifest_path.clone(),
        stale_removed: writing.stale_removed,
        notes: survey.notes,
        ..Default::default()
    };
    let customers: Box<dyn Iterator<Item = Result<Customer>>> = match survey.source {
        Source::Csv(csv) => Box::new(csv.customers()?),
        Source::Toml(list) => Box::new(list.into_iter().map(Ok)),
        Source::Sheet(sheet) => Box::new(sheet.customers.into_iter().map(Ok)),
    };
    let chunk_size = CHUNK_PER_THREAD * jobs;
    let mut customers = customers.peekable();
    let mut done = 0;
    while customers.peek().is_some() {
        let mut chunk: Vec<(Customer, String)> = Vec::new();
        let mut bytes = 0;
        while chunk.len() < chunk_size && bytes < CHUNK_BYTES {
            let Some(customer) = customers.next() else {
                break;
            };
            let c = customer?;
            bytes += c.size();
            // Named in file order, so duplicate names are numbered the same way every run.
            let stem = namer.stem(c.line, |f| c.raw(f));
            chunk.push((c, stem));
        }
        let lines: Vec<usize> = chunk.iter().map(|(c, _)| c.line).collect();
        let outcomes: Vec<Outcome> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|(c, stem)| work(c, &stem, opts, merge.is_some()))
                .collect()
        });
        let mut written_now: Vec<PathBuf> = Vec::new();
        let mut fatal: Option<Error> = None;
        for (line, outcome) in lines.into_iter().zip(outcomes) {
            match outcome {
                Outcome::NotDone => {
                    summary.not_done += 1;
                    manifest.record(line, Status::NotDone, &[], "");
                }
                Outcome::Unwritten(e) => {
                    summary.not_done += 1;
                    manifest.record(line, Status::NotDone, &[], "");
                    fatal.get_or_insert(e);
                }
                Outcome::Invalid(parsed) => {
                    summary.failed += 1;
                    for p in &parsed.problems {
                        summary.problem(place(p.clone()));
                    }
                    let cell = manifest::problems_cell(parsed.errors(), "");
                    manifest.record(line, Status::Failed, &[], &cell);
                }
                Outcome::Unmade(parsed, e) => {
                    summary.failed += 1;
                    for p in parsed.warnings() {
                        summary.problem(place(p.clone()));
                    }
                    // The customer's line: the layout's own positions mean nothing in their file.
                    summary.problem(place(Problem::error(line, 0, "", e.message)));
                    // The message may quote a value: the manifest says only what failed.
                    manifest.record(
                        line,
                        Status::Failed,
                        &[],
                        "the documents could not be laid out; see the run's messages",
                    );
                }
                Outcome::Crashed => {
                    summary.failed += 1;
                    summary
                        .problem(Problem::error(line, 0, "", CRASHED.to_string()).in_file(&origin));
                    manifest.record(line, Status::Failed, &[], CRASHED);
                }
                Outcome::Made {
                    parsed,
                    files,
                    objects,
                } => {
                    written_now.extend(files.iter().map(|f| opts.out_dir.join(f)));
                    if let Some(m) = merge.as_mut()
                        && fatal.is_none()
                    {
                        for doc in &objects {
                            if let Err(e) = m.append(doc) {
                                fatal.get_or_insert(staged_fail(
                                    opts.merge.unwrap_or(Path::new("")),
                                    &e,
                                ));
                                break;
                            }
                        }
                    }
                    summary.written += 1;
                    for p in parsed.warnings() {
                        summary.problem(place(p.clone()));
                    }
                    let cell = manifest::problems_cell(parsed.warnings(), "warning: ");
                    manifest.record(line, Status::Ok, &files, &cell);
                }
            }
            done += 1;
        }
        if let Err(e) = manifest.commit() {
            // Files the manifest cannot list do not stay.
            for path in &written_now {
                let _ = std::fs::remove_file(path);
            }
            return Err(stopped(e, &summary, written_now.len() / 2));
        }
        if let Some(e) = fatal {
            return Err(stopped(e, &summary, 0));
        }
        (opts.progress)(done, summary.customers);
    }
    if let Some(merge) = merge {
        // An interrupted run's merged file would be missing customers, and one
        // without pages is no file to print: leave none.
        if summary.not_done == 0 && merge.pages() > 0 {
            let pages = merge.pages();
            let path = opts.merge.unwrap_or(Path::new(""));
            let staged = merge
                .finish()
                .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
                .map_err(|e| staged_fail(path, &e))?;
            staged.commit(opts.force)?;
            summary.merged = Some((path.to_path_buf(), pages));
        }
    }
    drop(writing);
    Ok(summary)
}

fn staged_fail(path: &Path, e: &std::io::Error) -> Error {
    Error::cant_create(format!(
        "cannot write {}: {}",
        path.display(),
        output::reason(e)
    ))
}

/// The error that stopped a run part way, with what the folder now holds.
fn stopped(e: Error, summary: &Summary, taken_back: usize) -> Error {
    let written = summary.written - taken_back;
    Error::new(
        e.code,
        format!(
            "{}. The run stopped: {} written and listed in {}; every other customer has no files",
            e.message,
            crate::problem::count(written, "kit"),
            summary.manifest.display()
        ),
    )
    .with_next(NextStep::FreeSpaceAndReplace)
}

/// A customer's documents, made but not yet written.
type Made = Vec<(String, Vec<u8>, Option<Objects>)>;

/// What making a customer's documents came to, before anything is written.
enum Making {
    Made(Parsed, Made),
    Invalid(Parsed),
    Unmade(Parsed, Error),
}

/// Checks, renders and writes one customer's documents; runs on a worker
/// thread. Whatever the checking, shaping, layout or rendering of one
/// customer does, a panic included, it is that customer's failure alone:
/// the run goes on with the others and the manifest stays complete.
fn work(customer: Customer, stem: &str, opts: &Options<'_>, keep_objects: bool) -> Outcome {
    if opts.stop.load(Ordering::Relaxed) {
        return Outcome::NotDone;
    }
    // Nothing made here outlives a panic: the customer's values are
    // dropped with it, and the caches it may touch (shaped runs, shape
    // plans) are only ever filled with whole entries.
    let making = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        make(customer, stem, opts, keep_objects)
    }));
    let (parsed, made) = match making {
        Ok(Making::Made(parsed, made)) => (parsed, made),
        Ok(Making::Invalid(parsed)) => return Outcome::Invalid(parsed),
        Ok(Making::Unmade(parsed, e)) => return Outcome::Unmade(parsed, e),
        Err(_) => return Outcome::Crashed,
    };
    let paths: Vec<PathBuf> = made.iter().map(|(n, _, _)| opts.out_dir.join(n)).collect();
    let files: Vec<(&Path, &[u8])> = paths
        .iter()
        .zip(&made)
        .map(|(p, (_, b, _))| (p.as_path(), b.as_slice()))
        .collect();
    if let Err(e) = output::write_together(&files, opts.force) {
        return Outcome::Unwritten(e);
    }
    let (files, objects) = made
        .into_iter()
        .map(|(n, _, o)| (n, o))
        .unzip::<_, _, Vec<_>, Vec<_>>();
    Outcome::Made {
        parsed,
        files,
        objects: objects.into_iter().flatten().collect(),
    }
}

/// Checks and renders one customer's documents.
fn make(customer: Customer, stem: &str, opts: &Options<'_>, keep_objects: bool) -> Making {
    let parsed = customer.check(opts.today);
    if !parsed.is_valid() {
        return Making::Invalid(parsed);
    }
    test_panic(&parsed);
    let paper = crate::paper_for(&parsed.details, opts.paper);
    let mut made = Vec::new();
    for kind in DocKind::ALL {
        let rendered = crate::document_with(kind, &parsed.details, opts.today, &opts.settings)
            .and_then(|doc| crate::pdf_objects(&doc, paper, opts.today))
            .and_then(|objects| {
                if keep_objects {
                    Ok((objects.clone().to_bytes()?, Some(objects)))
                } else {
                    Ok((objects.to_bytes()?, None))
                }
            });
        match rendered {
            Ok((bytes, objects)) => {
                made.push((format!("{stem}-{}.pdf", kind.stem()), bytes, objects))
            }
            Err(e) => return Making::Unmade(parsed, e),
        }
    }
    Making::Made(parsed, made)
}

/// The name of the threads that make customers' documents, so that the
/// command line can keep a panic in one of them from printing over the
/// run's own report of it.
pub const WORKER_NAME: &str = "mikit-customer";

/// In test builds only (never in a release build): a customer whose name is
/// `$MIKIT_TEST_PANIC_NAME` panics where their documents are made, as a
/// dependency might, to prove that one customer never ends the run.
#[cfg(debug_assertions)]
fn test_panic(parsed: &Parsed) {
    if let Some(name) = std::env::var_os("MIKIT_TEST_PANIC_NAME")
        && parsed.details.name.as_deref() == name.to_str()
    {
        panic!("test-only panic while making a customer's documents");
    }
}

#[cfg(not(debug_assertions))]
fn test_panic(_: &Parsed) {}

/// Whether `name` (in lower case) is a customer's file: what a run names
/// as it goes, in its folder.
fn is_kit(name: &str) -> bool {
    DocKind::ALL
        .iter()
        .any(|k| name.ends_with(&format!("-{}.pdf", k.stem())))
}

impl Customer {
    /// Roughly the bytes this customer holds, for bounding a chunk.
    fn size(&self) -> usize {
        match &self.data {
            CustomerData::Cells(cells) => cells.iter().map(|(_, v)| v.len() + 16).sum(),
            CustomerData::Checked(_) => 4096,
        }
    }
}
