//! One error type for the whole tool, carrying the exit code it maps to.

use std::fmt;

/// Exit codes from sysexits.h, so scripts can tell a typo from a full disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Usage = 64,
    DataErr = 65,
    NoInput = 66,
    Software = 70,
    CantCreate = 73,
}

#[derive(Debug)]
pub struct Error {
    pub code: ExitCode,
    /// One or more lines, each a complete sentence a person can act on.
    pub message: String,
}

impl Error {
    pub fn new(code: ExitCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
        }
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
