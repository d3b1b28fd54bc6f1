//! One module per subcommand; each turns parsed arguments into work.

pub mod batch;
pub mod build;
pub mod check;
pub mod init;
pub mod templates;

use chrono::NaiveDate;
use mikit::content::{Lang, TemplateSet};
use mikit::error::{Error, Result};
use mikit::shop::Shop;

use crate::cli::DocArgs;

/// The shop, templates and default language that `--shop`, `--templates`
/// and `--lang` ask for, each checked before any document is made.
pub fn doc_settings(args: &DocArgs) -> Result<(Option<Shop>, &'static TemplateSet, Lang)> {
    let shop = args.shop.as_deref().map(Shop::load).transpose()?;
    let templates: &'static TemplateSet = match &args.templates {
        // One set per process, alive until it exits.
        Some(dir) => Box::leak(Box::new(TemplateSet::load(dir)?)),
        None => TemplateSet::builtin(),
    };
    let lang = match &args.lang {
        Some(code) => Lang::parse(code).map_err(|e| Error::usage(format!("--lang {code}: {e}")))?,
        None => Lang::En,
    };
    Ok((shop, templates, lang))
}

/// The date the documents are made on: `--date`, else SOURCE_DATE_EPOCH (for
/// reproducible builds), else today.
pub fn today(flag: Option<&str>) -> Result<NaiveDate> {
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

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub fn print_out(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::internal(format!(
            "cannot write to standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

/// Prints an error for a person: problem lists as they are (each line names
/// its file), a lone message after "mikit: error:". Colour only on a terminal
/// and never with NO_COLOR, which anstream decides.
pub fn report_error(message: &str) {
    let error = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Red.into()));
    let lines: Vec<&str> = message.lines().collect();
    if lines.len() == 1 {
        anstream::eprintln!("mikit: {error}error:{error:#} {message}");
        return;
    }
    for line in lines {
        report_line(line);
    }
}

/// One `file:line:col: ...` line, its warning marked.
pub fn report_line(line: &str) {
    let warning = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
    match line.split_once(": warning: ") {
        Some((at, rest)) => anstream::eprintln!("{at}: {warning}warning:{warning:#} {rest}"),
        None => anstream::eprintln!("{line}"),
    }
}
