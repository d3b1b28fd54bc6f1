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
    /// Print the licences of the fonts built into mikit
    Licences,
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
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnlyArg {
    /// recovery-kit.pdf
    Kit,
    /// id-verification-prep.pdf
    Prep,
}
