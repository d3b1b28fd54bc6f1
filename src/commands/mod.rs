//! One module per subcommand; each turns parsed arguments into work.

pub mod batch;
pub mod build;
pub mod check;
pub mod init;
pub mod templates;

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::CommandFactory;
use mikit::content::{Lang, TemplateSet};
use mikit::error::{Error, NextStep, Result, Setting};
use mikit::problem::{Problem, escape};
use mikit::shop::Shop;

use crate::cli::{Cli, Command, DocArgs};

/// The shop, templates and default language that `--shop`, `--templates`
/// and `--lang` ask for.
pub struct DocSettings {
    shop: Option<Shop>,
    /// Edited templates; the built-in ones when `None`.
    templates: Option<TemplateSet>,
    lang: Lang,
}

impl DocSettings {
    /// Each setting read and checked before any document is made.
    pub fn load(args: &DocArgs) -> Result<DocSettings> {
        let shop = args.shop.as_deref().map(Shop::load).transpose()?;
        let templates = args
            .templates
            .as_deref()
            .map(TemplateSet::load)
            .transpose()?;
        let lang = match &args.lang {
            Some(code) => {
                Lang::parse(code).map_err(|e| Error::usage(format!("--lang {code}: {e}")))?
            }
            None => Lang::En,
        };
        Ok(DocSettings {
            shop,
            templates,
            lang,
        })
    }

    /// The settings every document of the run shares.
    pub fn settings(&self) -> mikit::Settings<'_> {
        mikit::Settings {
            templates: match &self.templates {
                Some(edited) => edited,
                None => TemplateSet::builtin(),
            },
            lang: self.lang,
            shop: self.shop.as_ref(),
        }
    }
}

/// The files `--shop` and `--templates` make a run read: never to be written.
pub fn doc_inputs(args: &DocArgs) -> Vec<(&'static str, PathBuf)> {
    let mut out: Vec<(&'static str, PathBuf)> = Vec::new();
    if let Some(shop) = &args.shop {
        out.push(("the shop file", shop.clone()));
    }
    if let Some(dir) = &args.templates {
        out.extend(
            TemplateSet::files(dir)
                .into_iter()
                .map(|path| ("the template", path)),
        );
    }
    out
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

/// Runs a command; the error it ends with, if any, carries the exit code.
pub fn run(command: Command) -> Result<()> {
    match command {
        Command::Build(args) => build::build(&args),
        Command::Batch(args) => batch::batch(&args),
        Command::Init(args) => init::init(&args),
        Command::Templates { action } => templates::templates(action.as_ref()),
        Command::Check(args) => check::check(&args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "mikit", &mut out);
            print_out(&out)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Error::internal(format!("cannot make the man page: {e}")))?;
            print_out(&out)
        }
        Command::Licences => print_out(mikit::fonts::LICENCES.as_bytes()),
    }
}

/// Writes to standard output; a reader that went away (`| head`) is not an
/// error, anything else (a full disk) is EX_IOERR: what was asked for was
/// not delivered.
pub fn print_out(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io(format!("cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
}

/// A line for the person at the terminal on standard error. A standard error
/// that cannot be written (closed, full) has no one to tell, so it is not
/// reported: unlike `eprintln!`, this never panics.
pub fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(anstream::stderr(), "{line}");
}

/// Prints an error for a person: each problem at its place, then the
/// message after "mikit: error:". Everything from the input is escaped on
/// the way (in `Problem::render_with` and here). Colour only on a terminal
/// and never with NO_COLOR, which anstream decides.
pub fn report_error(err: &Error) {
    for problem in &err.problems {
        report_problem(problem);
    }
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Red.into()));
    let mut message = match &err.setting {
        Some(setting) => format!("{}: {}", setting_words(setting), err.sentence()),
        None => err.sentence(),
    };
    if let Some(next) = &err.next {
        message.push_str("; ");
        message.push_str(&next_step(next));
    }
    // An empty message: everything was said already (a batch's summary
    // before its exit code 65 or 130).
    let mut lines = message.lines();
    if let Some(first) = lines.next().filter(|l| !l.is_empty()) {
        say(&format!("mikit: {style}error:{style:#} {}", escape(first)));
    }
    // A message of several lines is a list, each line its own.
    for line in lines {
        say(&escape(line));
    }
}

/// A setting as this command line takes it: the flag and its value.
fn setting_words(setting: &Setting) -> String {
    match setting {
        // Escaped as Rust would: `\u{1b}`, the value still readable.
        Setting::FileNames(pattern) => format!(
            "--name {}",
            pattern
                .chars()
                .flat_map(char::escape_debug)
                .collect::<String>()
        ),
    }
}

/// What the person can do next, in this command line's words.
fn next_step(next: &NextStep) -> String {
    match next {
        NextStep::CreateDetails(path) if path == "<stdin>" => {
            "run `mikit init` to get a details file to fill in".to_string()
        }
        NextStep::CreateDetails(path) => format!("run `mikit init {path}` to create it"),
        NextStep::ExportTemplates(dir) => {
            format!("`mikit templates export {dir}` writes the templates there")
        }
        NextStep::Replace => "use --force to replace".to_string(),
        NextStep::ReplaceOrElsewhere => {
            "use --force to replace, or -o to write elsewhere".to_string()
        }
        NextStep::WaitOrElsewhere => {
            "wait for it to finish, or use -o for another folder".to_string()
        }
        NextStep::MoveOrElsewhere(dir) => {
            format!("move it out of {dir} or write elsewhere with -o")
        }
        NextStep::FreeSpaceAndReplace => "free some space and run again with --force".to_string(),
    }
}

/// One problem, its warning marked.
pub fn report_problem(problem: &Problem) {
    let warning = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
    say(&problem.render_with("", |label| format!("{warning}{label}{warning:#}")));
}
