//! The AgentContainer error type: renders `{"error": {"code", "message"}}` with the status.

use agentdeck_wire::agentcontainer::{error_code, ErrorBody};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug)]
pub struct AcError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// The request field a validation error is about (sent as `error.field`).
    pub field: Option<&'static str>,
}

pub type AcResult<T> = Result<T, AcError>;

impl AcError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        AcError {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            error_code::UNAUTHORIZED,
            "Missing or invalid API key",
        )
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            error_code::NOT_FOUND,
            format!("{what} not found"),
        )
    }
    pub fn invalid(m: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, error_code::VALIDATION, m)
    }
    /// A validation error about one request field (`error.field`), so clients can show the
    /// message next to it.
    pub fn invalid_field(field: &'static str, m: impl Into<String>) -> Self {
        AcError {
            field: Some(field),
            ..Self::invalid(m)
        }
    }
    pub fn credits() -> Self {
        Self::new(
            StatusCode::PAYMENT_REQUIRED,
            error_code::INSUFFICIENT_CREDITS,
            "Insufficient platform credits to dispatch the task",
        )
    }
}

impl IntoResponse for AcError {
    fn into_response(self) -> Response {
        let mut body = ErrorBody::new(self.code, self.message);
        if let Some(field) = self.field {
            body.error.extra.insert("field".into(), field.into());
        }
        (self.status, Json(body)).into_response()
    }
}
