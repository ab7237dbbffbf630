//! HTTP errors. Every API failure is a JSON body `{error, message, fields?, duplicates?}`
//! with a fitting status; causes of 500s are logged, never sent to the client. Browsers get
//! a redirect to the sign-in page or an HTML error page instead ([`refuse`]).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jalin_app::AppError;
use jalin_app::error::DuplicateCandidate;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable code: `validation_failed`, `not_found`, `duplicate`, `conflict`,
    /// `version_mismatch`, `bad_request`, `internal`, or a rule's own code
    /// (`last_administrator`).
    pub error: String,
    pub message: String,
    /// One message per invalid field (for `validation_failed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// The stable code of each invalid field's first problem (`required`, `in_future`,
    /// `unknown_reference`, …; for `validation_failed` from a use case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codes: Option<BTreeMap<String, String>>,
    /// Existing partners that look the same (for `duplicate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<Vec<DuplicateCandidate>>,
    /// Why a procedure step was refused, each with its article (for `refused`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasons: Option<Vec<jalin_domain::procedure::engine::Refusal>>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
    /// Seconds for the `Retry-After` header (throttled requests).
    pub retry_after: Option<i64>,
}

impl ApiError {
    pub fn new(status: StatusCode, error: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                error: error.to_owned(),
                message: message.into(),
                fields: None,
                codes: None,
                duplicates: None,
                reasons: None,
            },
            retry_after: None,
        }
    }

    pub fn validation(fields: BTreeMap<String, String>) -> Self {
        let summary: Vec<String> = fields.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            format!("invalid input: {}", summary.join("; ")),
        );
        e.body.fields = Some(fields);
        e
    }

    /// An application error of a request whose version came in `If-Match`: a stale version
    /// is 412 Precondition Failed (RFC 9110, 13.1.1); everything else as usual.
    pub fn precondition(e: AppError) -> Self {
        let stale = matches!(e, AppError::VersionMismatch { .. });
        let mut error = Self::from(e);
        if stale {
            error.status = StatusCode::PRECONDITION_FAILED;
        }
        error
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("{what} not found"))
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound(what) => Self::not_found(&what),
            AppError::Invalid(errors) => {
                let mut fields: BTreeMap<String, String> = BTreeMap::new();
                let mut codes: BTreeMap<String, String> = BTreeMap::new();
                for e in errors.0 {
                    let key = if e.field.is_empty() {
                        "(body)".to_owned()
                    } else {
                        e.field
                    };
                    codes.entry(key.clone()).or_insert(e.code);
                    fields
                        .entry(key)
                        .and_modify(|m| {
                            m.push_str("; ");
                            m.push_str(&e.message);
                        })
                        .or_insert(e.message);
                }
                let mut e = Self::validation(fields);
                e.body.codes = Some(codes);
                e
            }
            AppError::Duplicate(candidates) => {
                let mut e = Self::new(
                    StatusCode::CONFLICT,
                    "duplicate",
                    "a partner like this is already registered; use it, or confirm that this one is different",
                );
                e.body.duplicates = Some(candidates);
                e
            }
            AppError::Conflict(m) => Self::new(StatusCode::CONFLICT, "conflict", m),
            AppError::Refused(reasons) => {
                let summary: Vec<String> = reasons
                    .iter()
                    .map(|r| format!("{} ({})", r.message_en, r.article))
                    .collect();
                let mut e = Self::new(StatusCode::CONFLICT, "refused", summary.join("; "));
                e.body.reasons = Some(reasons);
                e
            }
            AppError::Rule { code, message } => Self::new(StatusCode::CONFLICT, code, message),
            AppError::Forbidden(m) => Self::new(StatusCode::FORBIDDEN, "forbidden", m),
            AppError::Unauthorized => {
                Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "sign in or send an API token")
            }
            // The version came in the body (`expected_version`) or a concurrent change won:
            // the request conflicts with the record's state. Handlers whose version came in
            // an `If-Match` header answer 412 instead ([`ApiError::precondition`]).
            AppError::VersionMismatch { current } => Self::new(
                StatusCode::CONFLICT,
                "version_mismatch",
                format!("the record was changed by someone else; it is now at version {current}: reload and retry"),
            ),
            AppError::ImportRejected(rows) => {
                let fields = rows
                    .into_iter()
                    .map(|r| (format!("row {} / {}", r.row, r.column), r.message))
                    .collect();
                Self::validation(fields)
            }
            AppError::BadFile(m) => Self::new(StatusCode::BAD_REQUEST, "bad_request", m),
            AppError::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "an internal error occurred; it has been logged",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        let headers = response.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"jalin\""),
            );
        }
        if let Some(seconds) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&seconds.to_string())
        {
            headers.insert(header::RETRY_AFTER, v);
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path == "/healthz" || path == "/readyz"
}

/// An error in the form the route's client understands: JSON for the API, a redirect to
/// the sign-in page or a short HTML page for browsers.
pub fn refuse(path: &str, error: ApiError) -> Response {
    if is_api(path) {
        return error.into_response();
    }
    if error.status == StatusCode::UNAUTHORIZED {
        let next = crate::url::query_value(path);
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    crate::pages::error_page(error.status, &error.body.message)
}
