//! The command line, as clap definitions.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "mikit",
    version,
    about = "Print a Xiaomi Account recovery kit and an ID-verification prep sheet",
    long_about = "Turns a small file of a phone owner's Xiaomi Account details into two printable \
                  PDFs: a recovery kit (the four ways to recover a forgotten password, activation-lock \
                  help, a prevention checklist) and a prep sheet for Xiaomi's identity-verification form.\n\n\
                  mikit works offline and never prints a password.",
    after_help = "Example:\n  mikit build examples/priya-nair.toml -o kits/"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make the recovery kit and the ID-verification prep sheet from a details file
    #[command(after_help = "Examples:\n  \
        mikit build details.toml                 # ./recovery-kit.pdf and ./id-verification-prep.pdf\n  \
        mikit build details.toml -o kits/        # into kits/, created if missing\n  \
        mikit build details.toml --paper letter --date 2026-01-15\n  \
        mikit build details.toml --only kit\n  \
        mikit build details.toml --text          # preview as text; writes nothing")]
    Build(BuildArgs),
    /// Make kits for every customer of a shop, from a workbook, a CSV export or a TOML list
    #[command(after_help = "Examples:\n  \
        mikit batch customers.csv -o kits/ --shop shop.toml\n  \
        mikit batch customers.csv -o kits/ --merge kits/all.pdf     # plus one PDF to print\n  \
        mikit batch customers.csv -o kits/ --name '{invoice}'        # files named by invoice\n  \
        mikit batch customers.xlsx -o kits/ --sheet Customers       # a workbook's sheet\n  \
        mikit batch export.csv -o kits/ --encoding windows-1251 --date-order dmy\n\n\
        Columns (header row, any order, all optional): name, email, phone, previous_phones, region,\n\
        created, account_id, model, imei, serial, purchased, store, invoice, receipt_location.\n\
        Several phones or IMEIs in one cell: separate them with ';' or a line break.\n\n\
        CSV from Excel in any encoding it writes: UTF-8, UTF-16 (\"Unicode text\", tabs) and the PC's\n\
        code page, detected or named with --encoding. Dates are YYYY-MM-DD; 12/05/2019 and 12.05.2019\n\
        need --date-order unless the file's own dates show the order.\n\n\
        Exit status: 0 when every customer got a kit, 65 when any row failed (see manifest.csv),\n\
        130 when interrupted.")]
    Batch(BatchArgs),
    /// Write a details file to fill in, every field explained
    #[command(after_help = "Examples:\n  \
        mikit init                    # writes ./details.toml\n  \
        mikit init anna.toml\n\n\
        Then fill it in and run `mikit check anna.toml`.")]
    Init(InitArgs),
    /// Check a details file: what is set, what is missing and what that costs
    #[command(after_help = "Examples:\n  \
        mikit check details.toml\n  \
        mikit check - < details.toml\n\n\
        Exit status: 0 when every value is valid (missing ones are fine), 65 when any is not.")]
    Check(CheckArgs),
    /// List the built-in documents and languages, or export them for editing
    #[command(after_help = "Examples:\n  \
        mikit templates                      # what there is\n  \
        mikit templates export my-templates  # editable copies\n  \
        mikit build details.toml --templates my-templates")]
    Templates {
        #[command(subcommand)]
        action: Option<TemplatesAction>,
    },
    /// Print shell completions for bash, zsh or fish
    #[command(
        after_help = "Example:\n  mikit completions bash > ~/.local/share/bash-completion/completions/mikit"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print mikit's man page (roff)
    #[command(after_help = "Example:\n  mikit man > mikit.1 && man ./mikit.1")]
    Man,
    /// Print the licences of the fonts built into mikit
    #[command(after_help = "Example:\n  mikit licences | less")]
    Licences,
}

#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The customer list: a workbook (.xlsx, .ods, .xls), a CSV export (comma, semicolon or tab)
    /// or a TOML file of [[customer]] tables
    pub input: PathBuf,
    /// The workbook's sheet to read [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The CSV file's encoding, e.g. windows-1252, windows-1251, gbk, utf-16le, or a code page
    /// number (1251, 936) [default: from its byte-order mark, else detected]
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// How to read dates such as 12/05/2019: dmy (day first) or mdy (month first) [default: as
    /// the file's own dates show; YYYY-MM-DD always works]
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrderArg>,
    /// Folder to write the PDFs and manifest.csv into, created if missing
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Also write one PDF with every customer's documents in order, each starting on an odd page
    #[arg(long, value_name = "FILE")]
    pub merge: Option<PathBuf>,
    /// Name files by columns instead of line numbers, e.g. '{invoice}' (sanitised, made unique)
    #[arg(long, value_name = "PATTERN")]
    pub name: Option<String>,
    /// Threads to use [default: all cores]
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Paper size [default: from each customer's region]
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
    /// The date printed on the documents (YYYY-MM-DD) [default: $SOURCE_DATE_EPOCH, else today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Replace the output of an earlier run
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub docs: DocArgs,
}

/// What the documents say and in which language: shared by build and batch.
#[derive(Debug, clap::Args)]
pub struct DocArgs {
    /// Language for owners who chose none
    #[arg(long, value_name = "CODE", help = lang_help())]
    pub lang: Option<String>,
    /// Use edited templates from DIR (written by `mikit templates export DIR`)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The shop preparing the kits (name, address, phone, email, note), printed on each
    #[arg(long, value_name = "SHOP.toml")]
    pub shop: Option<PathBuf>,
}

/// `--lang`'s help, from the one list of languages mikit has.
fn lang_help() -> String {
    format!(
        "Language for owners who chose none: {} [default: en]",
        mikit::lang::Lang::list()
    )
}

#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Write the built-in templates into DIR/<language>/<document>.toml
    Export {
        /// The folder to write into; existing files are never replaced
        dir: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to write the details file (`-`: standard output); never replaces an existing file
    #[arg(default_value = "details.toml")]
    pub file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The details file (TOML); `-` reads standard input
    pub file: PathBuf,
    /// The date that counts as today for "in the future" checks (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The details file (TOML); `-` reads standard input
    pub file: PathBuf,
    /// Folder to write the PDFs into, created if missing
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
    /// Paper size [default: letter for US, CA, MX, PH and other Letter countries, else a4]
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
    /// The date printed on the documents (YYYY-MM-DD) [default: $SOURCE_DATE_EPOCH, else today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Make only one of the two documents
    #[arg(long, value_enum)]
    pub only: Option<OnlyArg>,
    /// Print the documents as plain text on standard output instead of writing PDFs
    #[arg(long)]
    pub text: bool,
    /// Replace PDFs that already exist
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub docs: DocArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

impl From<PaperArg> for mikit::layout::Paper {
    fn from(p: PaperArg) -> Self {
        match p {
            PaperArg::A4 => mikit::layout::Paper::A4,
            PaperArg::Letter => mikit::layout::Paper::Letter,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DateOrderArg {
    /// 12/05/2019 is 12 May 2019
    Dmy,
    /// 12/05/2019 is 5 December 2019
    Mdy,
}

impl From<DateOrderArg> for mikit::details::date::DateOrder {
    fn from(o: DateOrderArg) -> Self {
        match o {
            DateOrderArg::Dmy => mikit::details::date::DateOrder::Dmy,
            DateOrderArg::Mdy => mikit::details::date::DateOrder::Mdy,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnlyArg {
    /// recovery-kit.pdf
    Kit,
    /// id-verification-prep.pdf
    Prep,
}
