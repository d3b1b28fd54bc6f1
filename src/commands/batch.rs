//! `mikit batch`: the command-line side of a shop's run: signals, progress
//! and the closing summary.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mikit::batch::{self, Options};
use mikit::error::{Error, ExitCode, Result};
use mikit::layout::Paper;
use mikit::problem::escape;

use crate::cli::BatchArgs;

/// Set by Ctrl-C or kill: the run finishes the customers in hand and stops.
static STOP: AtomicBool = AtomicBool::new(false);

/// A panic while one customer's documents are made is reported as that
/// customer's row; the panic's own message (a library's words, a source
/// line) would only print over the progress bar and the summary.
fn quiet_customer_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let customer = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with(batch::WORKER_NAME));
        if !customer {
            default(info);
        }
    }));
}

pub fn batch(args: &BatchArgs) -> Result<()> {
    // First, so that every phase after it can be interrupted.
    ctrlc::set_handler(|| STOP.store(true, Ordering::Relaxed))
        .map_err(|e| Error::internal(format!("cannot watch for Ctrl-C: {e}")))?;
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let jobs = match args.jobs {
        Some(0) => return Err(Error::usage("--jobs 0: give at least 1 thread")),
        Some(n) if n > batch::MAX_JOBS => {
            return Err(Error::usage(format!(
                "--jobs {n}: at most {} threads; this machine has {cores} cores, and more threads than \
                 cores only use more memory",
                batch::MAX_JOBS
            )));
        }
        Some(n) => n,
        None => cores.min(batch::MAX_JOBS),
    };
    let today = super::today(args.date.as_deref())?;
    let doc_settings = super::DocSettings::load(&args.docs)?;
    quiet_customer_panics();

    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} customers, {eta} left")
                .expect("progress template"),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let started = Instant::now();
    let summary = batch::run(&Options {
        input: &args.input,
        reading: batch::source::Reading {
            sheet: args.sheet.as_deref(),
            encoding: args.encoding.as_deref(),
            date_order: args.date_order.map(Into::into),
        },
        out_dir: &args.output,
        today,
        paper: args.paper.map(Paper::from),
        settings: doc_settings.settings(),
        name: args.name.as_deref(),
        merge: args.merge.as_deref(),
        reads: &super::doc_inputs(&args.docs),
        jobs,
        force: args.force,
        stop: &STOP,
        progress: &progress,
    });
    bar.finish_and_clear();
    let summary = summary?;
    if summary.stopped_early {
        super::say("interrupted before anything was written");
        return Err(Error::new(ExitCode::Interrupted, ""));
    }
    if summary.stale_removed > 0 {
        super::say(&format!(
            "removed {} left by an earlier run that was killed",
            mikit::input::count(summary.stale_removed, "unfinished file")
        ));
    }

    for note in &summary.notes {
        super::say(&escape(note));
    }
    for problem in &summary.problems {
        super::report_problem(problem);
    }
    if summary.problems_left_out > 0 {
        super::say(&format!(
            "and {} more problem{}; manifest.csv lists every customer",
            batch::thousands(summary.problems_left_out),
            if summary.problems_left_out == 1 {
                ""
            } else {
                "s"
            }
        ));
    }
    let mut closing = format!(
        "{} written, {} failed",
        mikit::input::count(summary.written, "kit"),
        mikit::input::count(summary.failed, "row")
    );
    if summary.failed > 0 {
        closing.push_str(&format!(" (see {})", summary.manifest.display()));
    }
    if summary.not_done > 0 {
        closing.push_str(&format!(", {} not done: interrupted", summary.not_done));
    }
    if let Some((path, pages)) = &summary.merged {
        closing.push_str(&format!(
            ", {} merged into {} ({pages} pages)",
            summary.written,
            path.display()
        ));
    }
    // The paths are the person's own, echoed: escaped like every message.
    super::say(&escape(&format!(
        "{closing} in {:.1} s",
        started.elapsed().as_secs_f64()
    )));
    // Everything is said: the errors carry only the exit code.
    if summary.not_done > 0 {
        return Err(Error::new(ExitCode::Interrupted, ""));
    }
    if summary.failed > 0 {
        return Err(Error::new(ExitCode::DataErr, ""));
    }
    Ok(())
}
