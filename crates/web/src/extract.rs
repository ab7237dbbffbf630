//! Extractors that turn malformed requests into the API's JSON errors instead of axum's
//! plain-text rejections.

use crate::error::ApiError;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// Query-string parameters; a value of the wrong type is a 422 naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(q) => Ok(Self(q.0)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                let text = e.body_text();
                let detail = text.trim_start_matches("Failed to deserialize query string: ");
                let (field, message) = match detail.split_once(": ") {
                    Some((f, m)) if !f.contains(' ') => (f.to_owned(), m.to_owned()),
                    _ => ("(query)".to_owned(), detail.to_owned()),
                };
                // The stable code of the problem: a number outside its range (see
                // `api::in_range`), or a value that cannot be read at all.
                let code = if message.starts_with(crate::api::OUT_OF_RANGE) {
                    "out_of_range"
                } else {
                    "invalid"
                };
                let mut e = ApiError::validation(BTreeMap::from([(field.clone(), message)]));
                e.body.codes = Some(BTreeMap::from([(field, code.to_owned())]));
                Err(e)
            }
            Err(other) => Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_request", other.body_text())),
        }
    }
}

/// A JSON body; JSON that does not fit the schema is a 422, unreadable JSON a 400.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(j) => Ok(Self(j.0)),
            Err(JsonRejection::JsonDataError(e)) => {
                let text = e.body_text();
                let detail = text.trim_start_matches("Failed to deserialize the JSON body into the target type: ");
                let (field, message) = match detail.split_once(": ") {
                    Some((f, m)) if !f.contains(' ') => (f.to_owned(), m.to_owned()),
                    _ => ("(body)".to_owned(), detail.to_owned()),
                };
                Err(ApiError::validation(BTreeMap::from([(field, message)])))
            }
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            )),
            Err(other) => Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_request", other.body_text())),
        }
    }
}
