//! Which URLs from server data may become links or images: only http(s), never `javascript:`,
//! `data:` or anything else a hostile string could smuggle in.

/// `Some(url)` when `raw` is an absolute http or https URL, trimmed; `None` otherwise.
pub fn http_url(raw: &str) -> Option<&str> {
    let url = raw.trim();
    let (scheme, rest) = url.split_once(':')?;
    let ok = (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        && rest.starts_with("//")
        && rest.len() > 2
        && !url.chars().any(|c| c.is_control() || c == ' ');
    ok.then_some(url)
}

#[cfg(test)]
mod tests {
    use super::http_url;

    #[test]
    fn keeps_only_http_and_https() {
        assert_eq!(
            http_url(" https://github.com/o/r/pull/2 "),
            Some("https://github.com/o/r/pull/2")
        );
        assert_eq!(http_url("HTTP://example.com"), Some("HTTP://example.com"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "//evil.example/x",
            "/relative",
            "https:",
            "https://",
            "https://a b",
            "https://a\nb",
            "vbscript:x",
            "",
        ] {
            assert_eq!(http_url(bad), None, "{bad:?}");
        }
    }
}
