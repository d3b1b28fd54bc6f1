//! mikit's entry point: parse the command line, run it, turn errors into
//! messages and the exit code.

mod cli;
mod commands;

use clap::Parser;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(run())
}

/// The exit status: 0, or the sysexits.h code of what went wrong.
fn run() -> u8 {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let printed = err.print();
            // Help and version go to stdout with status 0; a usage mistake is
            // EX_USAGE (64), not clap's 2, so scripts can tell it from bad data.
            return if err.use_stderr() {
                mikit::ExitCode::Usage as u8
            } else {
                match printed {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        mikit::ExitCode::IoErr as u8
                    }
                    _ => 0,
                }
            };
        }
    };
    match commands::run(cli.command) {
        Ok(()) => 0,
        Err(err) => {
            commands::report_error(&err);
            err.code as u8
        }
    }
}
