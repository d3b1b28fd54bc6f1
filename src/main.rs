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
            // Help and version go to stdout with status 0; a usage mistake is
            // EX_USAGE (64), not clap's 2, so scripts can tell it from bad data.
            return if err.use_stderr() {
                usage_error(err);
                mikit::ExitCode::Usage as u8
            } else {
                let printed = err.print();
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

/// Prints clap's complaint about the command line. clap quotes the
/// arguments it complains about as they were typed: the same complaint is
/// made again about the arguments escaped like every message of mikit's
/// own, so that a file name cannot drive the terminal; should escaping
/// change the complaint, clap's words are printed without any control
/// character at all.
fn usage_error(err: clap::Error) {
    let escaped = std::env::args_os().map(|arg| {
        std::ffi::OsString::from(mikit::problem::escape(&arg.to_string_lossy()).into_owned())
    });
    match cli::Cli::try_parse_from(escaped) {
        Err(again) if again.use_stderr() && again.kind() == err.kind() => {
            let _ = again.print();
        }
        _ => {
            // Rendered as plain text, clap's styling and anything else
            // a terminal would act on is left out.
            let text = err.render().to_string();
            for line in text.trim_end().lines() {
                commands::say(&mikit::problem::escape(line));
            }
        }
    }
}
