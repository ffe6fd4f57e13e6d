//! The library's typed errors and the exit code each maps to, in one place.

use uuid::Uuid;

/// Exit codes scripts can rely on (documented in the README).
pub mod exit {
    pub const OK: i32 = 0;
    /// Something unexpected inside accord.
    pub const INTERNAL: i32 = 1;
    /// The command line could not be parsed (clap's own code).
    pub const USAGE: i32 = 2;
    /// Input was refused: a bad date, an unknown actor, a malformed file, a rule broken.
    pub const INVALID: i32 = 3;
    /// What was asked for does not exist (an initiative, an event, a state).
    pub const NOT_FOUND: i32 = 4;
    /// A stream's version was not the one expected: someone else appended first.
    pub const CONFLICT: i32 = 5;
    /// Nothing was appended because every event was already recorded, or because the
    /// act may already be recorded (a date range that contains it) and no choice was given.
    pub const DUPLICATE: i32 = 6;
    /// The store could not be opened, read or written.
    pub const STORE: i32 = 7;
    /// `verify` found the log or the projections damaged.
    pub const INTEGRITY: i32 = 8;
}

/// Every error the library reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input refused, with what is wrong and how to fix it.
    #[error("{message}")]
    Invalid {
        message: String,
        hint: Option<String>,
    },

    /// An input file is malformed at a place.
    #[error("{file}:{line}:{column}: {message}")]
    InputFile {
        file: String,
        line: usize,
        column: usize,
        message: String,
        hint: Option<String>,
    },

    /// What was asked for does not exist.
    #[error("{what} not found{}", .hint.as_ref().map(|h| format!(": {h}")).unwrap_or_default())]
    NotFound { what: String, hint: Option<String> },

    /// A stream was not at the version the caller expected.
    #[error(
        "concurrency conflict on stream `{stream}`: expected {expected}, but it is at version {actual}"
    )]
    Conflict {
        stream: String,
        expected: String,
        actual: i64,
    },

    /// The same event id was given again with different content.
    #[error("event {id} is already recorded with different content")]
    IdClash { id: Uuid },

    /// The act may already be recorded: same kind, actors and subject, and one date
    /// contains the other. The caller must choose (add a source, or a new event).
    #[error(
        "this act may already be recorded as event {existing} ({summary}, dated {date}); nothing was appended"
    )]
    MaybeRecorded {
        existing: Uuid,
        summary: String,
        date: String,
    },

    /// The store could not be reached or used.
    #[error("{0}")]
    Store(String),

    /// `verify` found damage.
    #[error("{0}")]
    Integrity(String),

    /// An error about one event of a batch (its index in the batch).
    #[error("event {} of the batch: {inner}", .index + 1)]
    InEvent {
        index: usize,
        id: Uuid,
        inner: Box<Error>,
    },
}

impl Error {
    /// A refusal with a hint on how to fix it.
    pub fn invalid(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Invalid {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// Ties an error to one event of a batch.
    pub fn in_event(self, index: usize, id: Uuid) -> Self {
        match self {
            e @ (Error::Store(_) | Error::InEvent { .. }) => e,
            inner => Error::InEvent {
                index,
                id,
                inner: Box::new(inner),
            },
        }
    }

    /// The error without its batch position.
    pub fn innermost(&self) -> &Error {
        match self {
            Error::InEvent { inner, .. } => inner.innermost(),
            e => e,
        }
    }

    /// The exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid { .. } | Error::InputFile { .. } | Error::IdClash { .. } => {
                exit::INVALID
            }
            Error::NotFound { .. } => exit::NOT_FOUND,
            Error::Conflict { .. } => exit::CONFLICT,
            Error::MaybeRecorded { .. } => exit::DUPLICATE,
            Error::Store(_) => exit::STORE,
            Error::Integrity(_) => exit::INTEGRITY,
            Error::InEvent { inner, .. } => inner.exit_code(),
        }
    }

    /// How to fix it, when known.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Invalid { hint, .. } | Error::InputFile { hint, .. } => hint.clone(),
            Error::NotFound { .. } => None,
            Error::Conflict { .. } => {
                Some("read the stream again and retry; another writer appended first".into())
            }
            Error::IdClash { .. } => Some(
                "an event id cannot be reused; give the new event a new id, or record a correction"
                    .into(),
            ),
            Error::MaybeRecorded { .. } => Some(
                "give --add-source to add this article as a source of that event, or --new-event to record a separate act"
                    .into(),
            ),
            Error::Store(_) | Error::Integrity(_) => None,
            Error::InEvent { inner, .. } => inner.hint(),
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        match cannot_write(&e) {
            Some(message) => Error::Store(message),
            None => Error::Store(format!("database error: {e}")),
        }
    }
}

/// A database error that means the store cannot be written (a full disk, a
/// read-only file, a role without the privilege), said plainly with what to do.
pub(crate) fn cannot_write(e: &sqlx::Error) -> Option<String> {
    let sqlx::Error::Database(db) = e else {
        return None;
    };
    let code = db.code().unwrap_or_default();
    let fix = if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        sqlite_fix(code.parse().ok()?)?
    } else {
        match code.as_ref() {
            "42501" => {
                "the database role lacks the privilege: connect as a role that may write accord's tables (GRANT INSERT, UPDATE, DELETE), or use this role only to read"
            }
            "53100" => {
                "the database server's disk is full: free space on the server, then run the command again"
            }
            "25006" => {
                "the database is read-only (a standby, or default_transaction_read_only): connect to the primary"
            }
            _ => return None,
        }
    };
    Some(not_written(db.message(), fix))
}

/// What to do about a SQLite result code that means the store cannot be written.
fn sqlite_fix(extended_code: i32) -> Option<&'static str> {
    // SQLite's primary result code is the low byte of the extended one.
    Some(match extended_code & 0xff {
        13 => {
            "the disk is full, or the file may grow no larger: free space on the disk (or raise the file-size limit), then run the command again"
        }
        10 => {
            "a write to the disk failed: the disk may be full, the file too large for a limit, or the device failing; free space and check the disk, then run the command again"
        }
        8 => {
            "the store is read-only for this user: fix the permissions (the store file, its -wal and -shm files and its folder must be writable), or work on a copy"
        }
        _ => return None,
    })
}

fn not_written(message: &str, fix: &str) -> String {
    format!(
        "the store cannot be written: {message} ({fix}); the failed transaction was rolled back, so the store is as it was before it"
    )
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, message) = &e
            && let Some(fix) = sqlite_fix(f.extended_code)
        {
            let message = message.clone().unwrap_or_else(|| f.to_string());
            return Error::Store(not_written(&message, fix));
        }
        Error::Store(format!("database error: {e}"))
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Error::Store(format!("could not migrate the store: {e}"))
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
