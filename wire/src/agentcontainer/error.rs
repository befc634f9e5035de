//! The AgentContainer error body (`{"error": {"code", "message", ...}}`) and the error codes
//! local-api uses.

use super::common::JsonObject;
use serde::{Deserialize, Serialize};
use serde_json::Map;

/// Every AgentContainer error body: `{"error": {"code", "message", ...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// Any further details the server adds (`field`, `required`, ...).
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl ErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                extra: Map::new(),
            },
        }
    }
}

/// Error codes local-api uses (the reference documents the shape, not the codes).
pub mod error_code {
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const NOT_FOUND: &str = "not_found";
    pub const VALIDATION: &str = "validation_error";
    pub const INSUFFICIENT_CREDITS: &str = "insufficient_credits";
    pub const CONFLICT: &str = "conflict";
    pub const FORBIDDEN: &str = "forbidden";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const INTERNAL: &str = "internal_error";
}
