//! `mikit batch`: kits for every customer of a shop, on every core, in one run.
//!
//! Customers stream through in chunks: each customer of a chunk is named in
//! file order, then checked, rendered and written in parallel; the chunk's
//! manifest lines and merged pages follow in file order. Only one chunk is in
//! memory at a time.

mod manifest;
mod merge;
mod naming;
pub mod source;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::content::DocKind;
use crate::details::Parsed;
use crate::error::{Error, Result};
use crate::layout::Paper;
use crate::output;
use manifest::{Manifest, Status};
use merge::Merge;
use naming::Namer;
use source::{Customer, Source};

pub struct Options<'a> {
    pub input: &'a Path,
    pub out_dir: &'a Path,
    pub today: NaiveDate,
    pub paper: Option<Paper>,
    /// Templates, the default language and the shop.
    pub settings: crate::Settings<'a>,
    /// `--name`: how to name files instead of by line number.
    pub name: Option<&'a str>,
    pub merge: Option<&'a Path>,
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
    /// `file:line: field: message` for every failed customer, and warnings.
    pub problems: Vec<String>,
    pub manifest: PathBuf,
    pub merged: Option<(PathBuf, usize)>,
}

/// Customers per parallel step: enough to keep every core busy, few enough
/// that memory stays small.
const CHUNK_PER_THREAD: usize = 64;

/// What a worker hands back for one customer.
enum Outcome {
    Made {
        parsed: Parsed,
        files: Vec<String>,
        /// The documents as objects, kept only for a merged PDF.
        objects: Vec<lopdf::Document>,
    },
    Invalid(Parsed),
    NotDone,
}

pub fn run(opts: &Options<'_>) -> Result<Summary> {
    let survey = source::open(opts.input, opts.today)?;
    let origin = opts.input.display().to_string();
    let mut namer = Namer::new(opts.name, survey.last_line)?;
    output::ensure_dir(opts.out_dir)?;
    let manifest_path = opts.out_dir.join("manifest.csv");
    if !opts.force {
        refuse_earlier_run(opts.out_dir, &manifest_path, opts.merge)?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| Error::internal(format!("cannot start {} threads: {e}", opts.jobs)))?;
    // The merged file first: if its folder is wrong, nothing is left behind.
    let mut merge = opts
        .merge
        .map(|m| Merge::create(m, opts.force, opts.today))
        .transpose()?;
    let mut manifest = Manifest::create(&manifest_path, opts.force)?;

    let mut summary = Summary {
        customers: survey.customers,
        manifest: manifest_path.clone(),
        ..Default::default()
    };
    let customers: Box<dyn Iterator<Item = Customer>> = match survey.source {
        Source::Csv(csv) => Box::new(csv.customers()?),
        Source::Toml(list) => Box::new(list.into_iter()),
    };
    let chunk_size = CHUNK_PER_THREAD * opts.jobs.max(1);
    let mut customers = customers.peekable();
    let mut done = 0;
    while customers.peek().is_some() {
        let chunk: Vec<(Customer, String)> = customers
            .by_ref()
            .take(chunk_size)
            .map(|c| {
                // Named in file order, so `--name` duplicates are numbered the same way every run.
                let stem = namer.stem(c.line, |f| c.raw(f));
                (c, stem)
            })
            .collect();
        let lines: Vec<usize> = chunk.iter().map(|(c, _)| c.line).collect();
        let outcomes: Vec<Result<Outcome>> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|(c, stem)| work(c, &stem, opts, merge.is_some()))
                .collect()
        });
        for (line, outcome) in lines.into_iter().zip(outcomes) {
            match outcome? {
                Outcome::NotDone => {
                    summary.not_done += 1;
                    manifest.record(line, Status::NotDone, &[], "")?;
                }
                Outcome::Invalid(parsed) => {
                    summary.failed += 1;
                    summary
                        .problems
                        .extend(parsed.problems.iter().map(|p| p.render(&origin)));
                    let redacted: Vec<String> = parsed
                        .errors()
                        .map(|p| format!("{}: {}", p.field, p.redacted()))
                        .collect();
                    manifest.record(line, Status::Failed, &[], &redacted.join("; "))?;
                }
                Outcome::Made {
                    parsed,
                    files,
                    objects,
                } => {
                    if let Some(merge) = merge.as_mut() {
                        for doc in &objects {
                            merge.append(doc)?;
                        }
                    }
                    summary.written += 1;
                    summary
                        .problems
                        .extend(parsed.warnings().map(|p| p.render(&origin)));
                    let warnings: Vec<String> = parsed
                        .warnings()
                        .map(|p| format!("warning: {}: {}", p.field, p.redacted()))
                        .collect();
                    manifest.record(line, Status::Ok, &files, &warnings.join("; "))?;
                }
            }
            done += 1;
        }
        manifest.flush()?;
        (opts.progress)(done, summary.customers);
    }
    if let Some(merge) = merge {
        // An interrupted run's merged file would be missing customers, and one
        // without pages is no file to print: leave none.
        if summary.not_done == 0 && merge.pages() > 0 {
            let pages = merge.pages();
            summary.merged = Some((merge.finish()?, pages));
        }
    }
    Ok(summary)
}

/// Checks, renders and writes one customer's documents; runs on a worker thread.
fn work(customer: Customer, stem: &str, opts: &Options<'_>, keep_objects: bool) -> Result<Outcome> {
    if opts.stop.load(Ordering::Relaxed) {
        return Ok(Outcome::NotDone);
    }
    let parsed = customer.check(opts.today);
    if !parsed.is_valid() {
        return Ok(Outcome::Invalid(parsed));
    }
    let paper = crate::paper_for(&parsed.details, opts.paper);
    let mut files = Vec::new();
    let mut kept = Vec::new();
    for kind in DocKind::ALL {
        let doc = crate::document_with(kind, &parsed.details, opts.today, &opts.settings)?;
        let objects = crate::pdf_objects(&doc, paper, opts.today)?;
        let bytes = if keep_objects {
            let bytes = crate::render::pdf::to_bytes(objects.clone())?;
            kept.push(objects);
            bytes
        } else {
            crate::render::pdf::to_bytes(objects)?
        };
        let name = format!("{stem}-{}.pdf", kind.stem());
        output::write_atomic(&opts.out_dir.join(&name), &bytes, opts.force)?;
        files.push(name);
    }
    Ok(Outcome::Made {
        parsed,
        files,
        objects: kept,
    })
}

/// A folder that already holds a run's output is left alone unless --force.
fn refuse_earlier_run(dir: &Path, manifest: &Path, merge: Option<&Path>) -> Result<()> {
    let mut taken: Vec<String> = Vec::new();
    if manifest.exists() {
        taken.push(manifest.display().to_string());
    }
    if let Some(m) = merge.filter(|m| m.exists()) {
        taken.push(m.display().to_string());
    }
    let kits = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    DocKind::ALL
                        .iter()
                        .any(|k| name.ends_with(&format!("-{}.pdf", k.stem())))
                })
                .count()
        })
        .unwrap_or(0);
    if kits > 0 {
        taken.push(format!("{kits} kit PDFs in {}", dir.display()));
    }
    if taken.is_empty() {
        Ok(())
    } else {
        Err(Error::cant_create(format!(
            "{} already there from an earlier run; nothing was written. Use --force to replace them, or -o \
             for another folder",
            taken.join(", ")
        )))
    }
}
