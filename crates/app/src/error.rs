//! The application's error type: what a use case can fail with, independent of HTTP or CLI.

use crate::ports::store::StoreError;
use jalin_domain::FieldErrors;
use jalin_domain::partner::Partner;
use serde::Serialize;

/// A partner that looks like the one being created.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateCandidate {
    pub partner: Partner,
    /// Why it looks the same (`same GeoNames id`, `similar name (0.91)`, …).
    pub reason: String,
}

/// One problem in one row of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based number of the record (data row) in the file.
    pub row: usize,
    /// The CSV column or JSON field concerned.
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}, column {}: {}", self.row, self.column, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    #[error("a partner like this already exists")]
    Duplicate(Vec<DuplicateCandidate>),
    #[error("conflict: {0}")]
    Conflict(String),
    /// A procedure step that may not happen now, with every reason and its article.
    #[error("refused: {}", .0.iter().map(|r| r.message_en.as_str()).collect::<Vec<_>>().join("; "))]
    Refused(Vec<jalin_domain::procedure::engine::Refusal>),
    /// A change a rule of the installation refuses, with a stable code
    /// (`last_administrator`, …) that clients and pages can rely on.
    #[error("refused ({code}): {message}")]
    Rule { code: &'static str, message: String },
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("authentication required")]
    Unauthorized,
    /// The record changed since the client read it (optimistic concurrency).
    #[error("the record was changed by someone else (now at version {current})")]
    VersionMismatch { current: i64 },
    #[error("the file was rejected: {} problem(s)", .0.len())]
    ImportRejected(Vec<RowError>),
    #[error("unreadable file: {0}")]
    BadFile(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::Invalid(FieldErrors::single(field, code, message))
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        Self::Invalid(e)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound("record".to_owned()),
            StoreError::Conflict(m) => Self::Conflict(m),
            StoreError::Other(e) => Self::Internal(e),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
