//! Which URLs from server data may become links or images: only http(s) (and, for links in
//! markdown, `mailto:`), never `javascript:`, `data:`, a relative path into the app, or anything
//! else a hostile string could smuggle in. One rule set for the whole app.
//!
//! Browsers strip leading and trailing controls and spaces and drop tabs and newlines anywhere
//! before parsing a URL (so `java\tscript:` would run as `javascript:`); the same trimming is
//! done here, and what is left must not contain a control character or a space at all.

/// `Some(url)` when `raw` is an absolute http or https URL with something after `//`, trimmed.
pub fn http_url(raw: &str) -> Option<&str> {
    let url = clean(raw)?;
    let (scheme, rest) = url.split_once(':')?;
    let ok = (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        && rest.starts_with("//")
        && rest.len() > 2;
    ok.then_some(url)
}

/// Like [`http_url`], and also `mailto:` addresses: what a link in rendered markdown may be.
pub fn link_url(raw: &str) -> Option<&str> {
    if let Some(url) = http_url(raw) {
        return Some(url);
    }
    let url = clean(raw)?;
    let (scheme, rest) = url.split_once(':')?;
    (scheme.eq_ignore_ascii_case("mailto") && !rest.is_empty()).then_some(url)
}

/// The URL with leading/trailing controls and spaces trimmed, or `None` when a control
/// character or space is left inside it (where a browser would drop or encode it).
fn clean(raw: &str) -> Option<&str> {
    let url = raw.trim_matches(|c: char| c <= ' ');
    (!url.is_empty() && !url.chars().any(|c| c.is_control() || c == ' ')).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::{http_url, link_url};

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

    #[test]
    fn links_also_take_mailto_and_nothing_else() {
        assert_eq!(link_url("https://x.dev/a?b#c"), Some("https://x.dev/a?b#c"));
        assert_eq!(link_url("  HTTP://x"), Some("HTTP://x"));
        assert_eq!(link_url("mailto:a@b.c"), Some("mailto:a@b.c"));
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "/relative",
            "//evil.example/x",
            "#frag",
            "mailto:",
            "",
        ] {
            assert_eq!(link_url(bad), None, "{bad:?}");
        }
    }
}
