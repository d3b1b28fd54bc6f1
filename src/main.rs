//! mikit's entry point: parse the command line, run it, turn errors into
//! messages and exit codes.

mod cli;
mod commands;

use clap::{CommandFactory, Parser};

use cli::{Cli, Command};

fn main() {
    if let Err(err) = run() {
        commands::report_error(&err.message);
        std::process::exit(err.code as i32);
    }
}

fn run() -> mikit::error::Result<()> {
    let cli = Cli::try_parse().unwrap_or_else(|err| {
        // Help and version go to stdout with status 0; a usage mistake is
        // EX_USAGE (64), not clap's 2, so scripts can tell it from bad data.
        let code = if err.use_stderr() {
            mikit::error::ExitCode::Usage as i32
        } else {
            0
        };
        let _ = err.print();
        std::process::exit(code);
    });
    match cli.command {
        Command::Build(args) => commands::build::build(&args),
        Command::Batch(args) => commands::batch::batch(&args),
        Command::Init(args) => commands::init::init(&args),
        Command::Templates { action } => commands::templates::templates(action.as_ref()),
        Command::Check(args) => commands::check::check(&args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "mikit", &mut out);
            commands::print_out(&out)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| {
                    mikit::error::Error::internal(format!("cannot make the man page: {e}"))
                })?;
            commands::print_out(&out)
        }
        Command::Licences => commands::print_out(mikit::fonts::LICENCES.as_bytes()),
    }
}
