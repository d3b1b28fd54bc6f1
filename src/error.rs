//! One error type for the whole tool, carrying the exit code it maps to.

use std::fmt;

use crate::problem::{Problem, escape};

/// Exit codes from sysexits.h, so scripts can tell a typo from a full disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Usage = 64,
    DataErr = 65,
    NoInput = 66,
    Software = 70,
    CantCreate = 73,
    /// Writing to standard output (or an open file) failed: a full disk, a
    /// closed device.
    IoErr = 74,
    /// Ctrl-C or a kill: 128 + SIGINT, what shells report.
    Interrupted = 130,
}

#[derive(Debug)]
pub struct Error {
    pub code: ExitCode,
    /// A complete sentence a person can act on; with `problems`, the summary
    /// that follows them ("2 errors in x.toml"). See [`Error::sentence`].
    pub message: String,
    /// The run stopped before it wrote anything, which the sentence says.
    pub nothing_written: bool,
    /// Each problem found, located, for the command line to print.
    pub problems: Vec<Problem>,
    /// What the person can do next, in the command line's words.
    pub next: Option<NextStep>,
    /// The setting the message is about, which the command line names in
    /// its own words (a flag) before the message.
    pub setting: Option<Setting>,
}

/// A way out that only the command line can phrase, since only it knows its
/// commands and flags: the library never names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// Make a details file to fill in at this path.
    CreateDetails(String),
    /// Export the built-in templates into this folder.
    ExportTemplates(String),
    /// Replace what is already there.
    Replace,
    /// Replace what is already there, or write into another folder.
    ReplaceOrElsewhere,
    /// Wait for the other run writing there, or write into another folder.
    WaitOrElsewhere,
    /// Move the input out of this folder, or write into another folder.
    MoveOrElsewhere(String),
    /// Free some space, then run again replacing what the last run wrote.
    FreeSpaceAndReplace,
}

/// A setting of a run that only the command line can name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    /// How a batch names its files, e.g. `kit-{invoice}`.
    FileNames(String),
}

impl Error {
    pub fn new(code: ExitCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            problems: Vec::new(),
            next: None,
            setting: None,
            nothing_written: false,
        }
    }
    /// Problems found in the input, and the summary line printed after them.
    pub fn problems(code: ExitCode, problems: Vec<Problem>, summary: impl Into<String>) -> Self {
        Error {
            problems,
            ..Self::new(code, summary)
        }
    }
    /// Marks an error that stopped the run before anything was written.
    pub fn nothing_written(mut self) -> Self {
        self.nothing_written = true;
        self
    }
    /// The message as a person reads it: with "nothing was written" when
    /// that is so, said here once for every error.
    pub fn sentence(&self) -> String {
        match (self.nothing_written, self.message.ends_with('.')) {
            (false, _) => self.message.clone(),
            (true, true) => format!("{} Nothing was written", self.message),
            (true, false) => format!("{}; nothing was written", self.message),
        }
    }
    pub fn with_next(mut self, next: NextStep) -> Self {
        self.next = Some(next);
        self
    }
    pub fn about(mut self, setting: Setting) -> Self {
        self.setting = Some(setting);
        self
    }
    pub fn io(message: impl Into<String>) -> Self {
        Self::new(ExitCode::IoErr, message)
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Usage, message)
    }
    pub fn data(message: impl Into<String>) -> Self {
        Self::new(ExitCode::DataErr, message)
    }
    pub fn no_input(message: impl Into<String>) -> Self {
        Self::new(ExitCode::NoInput, message)
    }
    pub fn cant_create(message: impl Into<String>) -> Self {
        Self::new(ExitCode::CantCreate, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Software, message)
    }
}

/// Every problem on its own line, then the message, escaped like the command
/// line prints them (library users get the same text).
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{}", problem.render(""))?;
        }
        f.write_str(&escape(&self.sentence()))
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
