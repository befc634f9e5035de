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
}

pub type AcResult<T> = Result<T, AcError>;

impl AcError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        AcError {
            status,
            code,
            message: message.into(),
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
        (self.status, Json(ErrorBody::new(self.code, self.message))).into_response()
    }
}
