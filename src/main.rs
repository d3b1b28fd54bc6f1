//! mikit's entry point: parse the command line, run it, turn errors into
//! messages and exit codes.

mod cli;
mod commands;

use clap::{CommandFactory, Parser};

use cli::{Cli, Command};

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => commands::build::build(&args),
        Command::Init(args) => commands::init::init(&args),
        Command::Check(args) => commands::check::check(&args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "mikit", &mut std::io::stdout());
            Ok(())
        }
        Command::Man => clap_mangen::Man::new(Cli::command())
            .render(&mut std::io::stdout())
            .map_err(|e| mikit::error::Error::internal(format!("cannot print the man page: {e}"))),
        Command::Licences => {
            print!("{}", mikit::fonts::LICENCES);
            Ok(())
        }
    };
    if let Err(err) = result {
        commands::report_error(&err.message);
        std::process::exit(err.code as i32);
    }
}
