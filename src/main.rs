//! mikit's entry point: parse the command line, run it, turn errors into
//! messages and exit codes.

mod cli;

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use clap::Parser;

use cli::{BuildArgs, Cli, Command, OnlyArg, PaperArg};
use mikit::content::DocKind;
use mikit::error::{Error, Result};
use mikit::layout::Paper;

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(&args),
        Command::Licences => {
            print!("{}", mikit::fonts::LICENCES);
            Ok(())
        }
    };
    if let Err(err) = result {
        eprintln!("mikit: {err}");
        std::process::exit(err.code as i32);
    }
}

fn build(args: &BuildArgs) -> Result<()> {
    let today = today(args.date.as_deref())?;
    let details = mikit::input::read_details(&args.file, today)?;
    let kinds: Vec<DocKind> = match args.only {
        None => DocKind::ALL.to_vec(),
        Some(OnlyArg::Kit) => vec![DocKind::Kit],
        Some(OnlyArg::Prep) => vec![DocKind::Prep],
    };
    let docs = kinds
        .iter()
        .map(|&k| mikit::document(k, &details, today))
        .collect::<Result<Vec<_>>>()?;
    if args.text {
        let mut out = std::io::stdout().lock();
        for doc in &docs {
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = writeln!(out, "{}", mikit::render::text::render(doc));
        }
        return Ok(());
    }
    let paper = mikit::paper_for(
        &details,
        args.paper.map(|p| match p {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }),
    );
    let targets: Vec<_> = docs
        .iter()
        .map(|d| args.output.join(format!("{}.pdf", d.stem)))
        .collect();
    // Every PDF is made before the first is written: a failure leaves nothing behind.
    let pdfs = docs
        .iter()
        .map(|d| mikit::pdf(d, paper, today))
        .collect::<Result<Vec<_>>>()?;
    mikit::output::check_free(&targets, args.force)?;
    mikit::output::ensure_dir(&args.output)?;
    for (path, bytes) in targets.iter().zip(&pdfs) {
        mikit::output::write_atomic(path, bytes, args.force)?;
        eprintln!(
            "wrote {} ({} KB, {})",
            display(path),
            bytes.len().div_ceil(1024),
            paper.name()
        );
    }
    Ok(())
}

fn display(path: &Path) -> String {
    path.strip_prefix("./")
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The date printed on the documents: `--date`, else SOURCE_DATE_EPOCH (for
/// reproducible builds), else today.
fn today(flag: Option<&str>) -> Result<NaiveDate> {
    if let Some(text) = flag {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            Error::usage(format!(
                "--date {text}: write the date as YYYY-MM-DD, e.g. 2026-01-15"
            ))
        });
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().map_err(|_| {
            Error::usage(format!(
                "SOURCE_DATE_EPOCH={epoch} is not a number of seconds"
            ))
        })?;
        return chrono::DateTime::from_timestamp(seconds, 0)
            .map(|t| t.date_naive())
            .ok_or_else(|| Error::usage(format!("SOURCE_DATE_EPOCH={epoch} is out of range")));
    }
    Ok(chrono::Local::now().date_naive())
}
