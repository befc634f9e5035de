//! URL building: the base URL joined with percent-encoded path segments, and a query string.
//!
//! Ids come from the server or from the page URL, so they are untrusted: each one is encoded as a
//! single path segment (`/`, `?`, `#`, `%` and dot-segments cannot change the path), and an empty
//! id is refused instead of silently hitting a different endpoint.

use super::error::{ApiError, Service};
use crate::safe_url::api_base_url;

/// Percent-encodes everything but RFC 3986 unreserved characters; `.` and `..` as whole segments
/// are encoded too so the browser does not collapse them (wire's one encoder does both).
pub fn encode_segment(s: &str) -> String {
    encode(s)
}

/// Percent-encodes a query name or value (unreserved characters kept, everything else `%XX`).
pub fn encode_query_component(s: &str) -> String {
    encode(s)
}

fn encode(s: &str) -> String {
    agentdeck_wire::url::encode_path_segment(s)
}

/// `base` + `/seg` for each segment. `base` must pass [`api_base_url`] (https, or http to this
/// computer only); a trailing slash is ignored.
pub fn endpoint(service: Service, base: &str, segments: &[&str]) -> Result<String, ApiError> {
    let base = api_base_url(base).map_err(|problem| {
        ApiError::invalid(
            service,
            format!(
                "The {} base URL cannot be used: {} Check it on the Connections page.",
                service.name(),
                problem.message()
            ),
        )
    })?;
    let mut url = base;
    for seg in segments {
        if seg.is_empty() {
            return Err(ApiError::invalid(
                service,
                "An id needed for this request is missing.",
            ));
        }
        url.push('/');
        url.push_str(&encode_segment(seg));
    }
    Ok(url)
}

/// Appends `?k=v&...` (pairs with empty values are skipped).
pub fn with_query<K: AsRef<str>, V: AsRef<str>>(mut url: String, pairs: &[(K, V)]) -> String {
    let mut sep = if url.contains('?') { '&' } else { '?' };
    for (k, v) in pairs {
        if v.as_ref().is_empty() {
            continue;
        }
        url.push(sep);
        url.push_str(&encode_query_component(k.as_ref()));
        url.push('=');
        url.push_str(&encode_query_component(v.as_ref()));
        sep = '&';
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: Service = Service::Netlify;

    #[test]
    fn joins_and_encodes_segments() {
        let url = endpoint(
            N,
            "https://api.netlify.com/api/v1/",
            &["agent_runners", "a/b?c#d%e", "sessions"],
        )
        .unwrap();
        assert_eq!(
            url,
            "https://api.netlify.com/api/v1/agent_runners/a%2Fb%3Fc%23d%25e/sessions"
        );
    }

    #[test]
    fn dot_segments_cannot_escape() {
        let url = endpoint(
            N,
            "http://127.0.0.1:1/api/v1",
            &["agent_runners", "..", "."],
        )
        .unwrap();
        assert_eq!(url, "http://127.0.0.1:1/api/v1/agent_runners/%2E%2E/%2E");
        assert_eq!(encode_segment("a.b"), "a.b");
        assert_eq!(encode_segment("é"), "%C3%A9");
    }

    #[test]
    fn empty_ids_and_bad_bases_are_refused() {
        assert!(endpoint(N, "https://x/api/v1", &["agent_runners", ""]).is_err());
        assert!(endpoint(N, "javascript:alert(1)", &["a"]).is_err());
        assert!(endpoint(N, "ftp://x", &["a"]).is_err());
        assert!(endpoint(N, "https://x/?q", &["a"]).is_err());
        assert!(endpoint(N, " HTTPS://x/api/v1 ", &["a"]).is_ok());
        // Plain http only to this computer: a token never travels unencrypted.
        let e = endpoint(N, "http://api.example/api/v1", &["a"]).unwrap_err();
        assert!(e.user_message().contains("https://"), "{e}");
        assert!(endpoint(N, "http://localhost:1/api/v1", &["a"]).is_ok());
    }

    #[test]
    fn query_strings() {
        let url = with_query(
            "https://x/a".to_string(),
            &[("site_id", "s 1&x=y"), ("title", ""), ("page", "2")],
        );
        assert_eq!(url, "https://x/a?site_id=s%201%26x%3Dy&page=2");
        let url = with_query(url, &[("per_page", "10")]);
        assert!(url.ends_with("&per_page=10"));
        let none: [(&str, &str); 0] = [];
        assert_eq!(with_query("https://x".into(), &none), "https://x");
    }
}
