//! The crate error, one variant per layer, and the exit codes of OUTPUTS.md.

use std::path::PathBuf;

/// Why a command could not be carried out. Only these stop a run: a bad plan,
/// bad arguments, or an output that cannot be written. A bad report never
/// does; it becomes a finding.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The plan files are broken (every problem listed).
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanErrors),
    /// The period cannot be used with this plan.
    #[error(transparent)]
    Period(#[from] crate::plan::PeriodError),
    /// No plan, or several plans, under `templates/`.
    #[error("{0}")]
    PlanChoice(String),
    /// An argument's value is wrong (names the argument and what is
    /// accepted): the run cannot be done, exit 1 like every bad argument
    /// (exit 2 is for a command line clap cannot parse).
    #[error("{0}")]
    Usage(String),
    /// An output could not be written.
    #[error("{}", crate::messages::output_failed(.path, .source))]
    Output {
        /// The file or folder that could not be written.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// The period's inbox folder does not exist (names the folders that do).
    #[error("{}", crate::messages::inbox_missing(.path, .existing))]
    InboxMissing {
        /// `inbox/<ky>/`.
        path: PathBuf,
        /// The period folders the inbox has.
        existing: Vec<String>,
    },
    /// Another run of the same period holds the lock.
    #[error("{0}")]
    Busy(String),
}

impl Error {
    /// The exit code this error maps to: every error that stops a command
    /// is "the run could not be done" (exit 1); exit 2 is clap's, for a
    /// command line it cannot parse.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::Failed
    }
}

/// Exit codes (OUTPUTS.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// 0: done, with or without findings.
    Done,
    /// 1: the run could not be done.
    Failed,
    /// 2: usage error.
    Usage,
    /// 3: `--strict` and there are error findings.
    StrictErrors,
}

impl From<ExitCode> for i32 {
    fn from(c: ExitCode) -> i32 {
        match c {
            ExitCode::Done => 0,
            ExitCode::Failed => 1,
            ExitCode::Usage => 2,
            ExitCode::StrictErrors => 3,
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(c: ExitCode) -> std::process::ExitCode {
        std::process::ExitCode::from(i32::from(c) as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_code_values() {
        assert_eq!(i32::from(ExitCode::Done), 0);
        assert_eq!(i32::from(ExitCode::Failed), 1);
        assert_eq!(i32::from(ExitCode::Usage), 2);
        assert_eq!(i32::from(ExitCode::StrictErrors), 3);
        assert_eq!(Error::Usage("x".into()).exit_code(), ExitCode::Failed);
    }
}
