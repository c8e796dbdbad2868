//! The store's one error type.

/// Why a store operation failed. The text never holds a password: PostgreSQL URLs are
/// redacted and driver messages are scrubbed of the URL's secrets before they land here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The `Database` setting is not usable.
    #[error("invalid Database setting: {0}")]
    InvalidDatabase(String),
    /// The database could not be opened or reached.
    #[error("cannot open the database {target}: {detail}")]
    Open {
        /// The setting, redacted.
        target: String,
        /// The driver's reason, scrubbed.
        detail: String,
    },
    /// The schema could not be brought up to date.
    #[error("cannot migrate the database {target}: {detail}")]
    Migrate {
        /// The setting, redacted.
        target: String,
        /// The driver's reason, scrubbed.
        detail: String,
    },
    /// A statement failed.
    #[error("database error while {op}: {detail}")]
    Query {
        /// What the store was doing.
        op: &'static str,
        /// The driver's reason, scrubbed.
        detail: String,
    },
    /// Stored data could not be read back.
    #[error("stored {what} is unreadable: {detail}")]
    Corrupt {
        /// Which data.
        what: &'static str,
        /// Why.
        detail: String,
    },
}
