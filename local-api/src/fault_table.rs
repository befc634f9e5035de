//! The fault table: fault specs, the global fault, and each API's error body. Kept apart from
//! the middleware (module `faults`) so that the shared state can hold the table without
//! depending on the middleware.
//!
//! A fault spec is `;`-separated: `status=500`, `status=429;retry_after=1`, `latency_ms=300`,
//! `truncate` (body cut in half), `malformed` (body replaced by invalid JSON), `drop_after=3`
//! (an event stream closes after 3 events), `html` (a proxy's HTML error page instead of the
//! answer, with `status` or 502). Parts combine: `latency_ms=200;status=503`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

pub const FAULT_HEADER: &str = "x-local-api-fault";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultSpec {
    pub status: Option<u16>,
    pub retry_after: Option<u64>,
    pub latency_ms: Option<u64>,
    pub truncate: bool,
    pub malformed: bool,
    pub drop_after: Option<u32>,
    #[serde(default)]
    pub html: bool,
}

impl FaultSpec {
    pub fn parse(s: &str) -> Result<FaultSpec, String> {
        let mut f = FaultSpec::default();
        for part in s.split([';', ',']).map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .map(|(k, v)| (k.trim(), Some(v.trim())))
                .unwrap_or((part, None));
            let num = |v: Option<&str>| -> Result<u64, String> {
                v.ok_or(format!("{k} needs a value"))?
                    .parse()
                    .map_err(|_| format!("bad number in {part}"))
            };
            match k {
                "status" => f.status = Some(num(v)? as u16),
                "retry_after" => f.retry_after = Some(num(v)?),
                "latency_ms" | "latency" => f.latency_ms = Some(num(v)?),
                "truncate" => f.truncate = true,
                "malformed" => f.malformed = true,
                "html" => f.html = true,
                "drop_after" => f.drop_after = Some(num(v)? as u32),
                _ => return Err(format!("unknown fault {k}")),
            }
        }
        Ok(f)
    }
}

/// A fault applied to every matching request until cleared or used up.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GlobalFault {
    /// The spec text, e.g. `status=500`.
    pub spec: String,
    /// Applies to this many requests, then clears itself; `None` = until cleared.
    #[serde(default)]
    pub count: Option<u32>,
    /// Only requests whose path contains this text.
    #[serde(default)]
    pub path_contains: Option<String>,
    /// `netlify`, `agentcontainer` or absent for both.
    #[serde(default)]
    pub api: Option<String>,
    /// Only requests with this HTTP method (any case), e.g. `DELETE` to fail a stop while
    /// the page's polling GETs of the same path go through.
    #[serde(default)]
    pub method: Option<String>,
}

#[derive(Default)]
pub struct Faults {
    global: Mutex<Option<(GlobalFault, FaultSpec)>>,
}

impl Faults {
    pub fn set(&self, g: GlobalFault) -> Result<FaultSpec, String> {
        let spec = FaultSpec::parse(&g.spec)?;
        *self.global.lock().unwrap() = Some((g, spec.clone()));
        Ok(spec)
    }

    pub fn clear(&self) {
        *self.global.lock().unwrap() = None;
    }

    pub fn current(&self) -> Option<GlobalFault> {
        self.global.lock().unwrap().as_ref().map(|(g, _)| g.clone())
    }

    /// The global fault for a request, if it matches (a counted fault counts down).
    pub fn take(&self, api: Api, method: &str, path: &str) -> Option<FaultSpec> {
        let mut guard = self.global.lock().unwrap();
        let (g, spec) = guard.as_mut()?;
        if g.method
            .as_deref()
            .is_some_and(|m| !m.eq_ignore_ascii_case(method))
        {
            return None;
        }
        if g.path_contains
            .as_deref()
            .is_some_and(|p| !path.contains(p))
        {
            return None;
        }
        if g.api.as_deref().is_some_and(|a| a != api.name()) {
            return None;
        }
        let spec = spec.clone();
        if let Some(n) = g.count.as_mut() {
            *n = n.saturating_sub(1);
            if *n == 0 {
                *guard = None;
            }
        }
        Some(spec)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Netlify,
    AgentContainer,
}

impl Api {
    pub fn name(self) -> &'static str {
        match self {
            Api::Netlify => "netlify",
            Api::AgentContainer => "agentcontainer",
        }
    }

    /// The error body of this API for a status and message.
    pub fn error_response(self, status: StatusCode, message: &str) -> Response {
        let body = match self {
            Api::Netlify => serde_json::json!({ "error": message }),
            Api::AgentContainer => {
                let code = match status.as_u16() {
                    401 => "unauthorized",
                    402 => "insufficient_credits",
                    403 => "forbidden",
                    404 => "not_found",
                    409 => "conflict",
                    422 => "validation_error",
                    429 => "rate_limited",
                    _ => "internal_error",
                };
                serde_json::json!({ "error": { "code": code, "message": message } })
            }
        };
        (status, axum::Json(body)).into_response()
    }
}

/// Marker put into request extensions: close an event stream after this many events.
#[derive(Debug, Clone, Copy)]
pub struct DropAfter(pub u32);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_specs() {
        let f = FaultSpec::parse("status=429;retry_after=2").unwrap();
        assert_eq!((f.status, f.retry_after), (Some(429), Some(2)));
        let f = FaultSpec::parse("latency_ms=300; truncate").unwrap();
        assert_eq!(f.latency_ms, Some(300));
        assert!(f.truncate);
        assert_eq!(
            FaultSpec::parse("drop_after=3").unwrap().drop_after,
            Some(3)
        );
        assert!(FaultSpec::parse("explode").is_err());
        assert!(FaultSpec::parse("status=abc").is_err());
    }
}
