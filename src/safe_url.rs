//! Which URLs agentdeck uses, one rule set for the whole app (pure, natively tested):
//!
//! - links and images from server data: [`http_url`] (http or https), and for links in rendered
//!   markdown [`link_url`] (also `mailto:`). Never `javascript:`, `data:`, a path into the app
//!   (`/x`, `//host`, `/\host`) or anything else a hostile string could smuggle in;
//! - API base URLs the user types: [`api_base_url`], https, or plain http only to this computer
//!   (127.0.0.0/8, `[::1]`, `localhost`), so a token never travels unencrypted over a network;
//! - presigned upload URLs the servers hand out: [`upload_url`], the same transport rule as the
//!   API (the bytes are the user's files).
//!
//! Every rule reads the URL the way a browser would and refuses what it cannot read plainly:
//! browsers strip leading and trailing controls and spaces and drop tabs and newlines anywhere
//! (so `java\tscript:` would run as `javascript:`) and read `\` as `/` in http(s) URLs; here the
//! ends are trimmed the same way, and a control character, a space or a backslash left inside
//! refuses the URL. So does a user name or password (`https://github.com@evil.example`), which
//! only serves to disguise where a link goes.

use std::net::{Ipv4Addr, Ipv6Addr};

/// `Some(url)` when `raw` is an absolute http or https URL with a valid host, trimmed.
pub fn http_url(raw: &str) -> Option<&str> {
    parse(raw).ok().map(|p| p.url)
}

/// Like [`http_url`], and also `mailto:` addresses: what a link in rendered markdown may be.
pub fn link_url(raw: &str) -> Option<&str> {
    if let Some(url) = http_url(raw) {
        return Some(url);
    }
    let url = clean(raw).ok()?;
    let (scheme, rest) = url.split_once(':')?;
    (scheme.eq_ignore_ascii_case("mailto") && !rest.is_empty()).then_some(url)
}

/// `Some(url)` when `raw` may receive a file: https, or http to this computer (a development
/// server's storage). The query (the signature) is kept as it is.
pub fn upload_url(raw: &str) -> Option<&str> {
    let p = parse(raw).ok()?;
    (p.https || p.host.is_loopback()).then_some(p.url)
}

/// Why a URL cannot be used, in words for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    Empty,
    /// Not `http(s)://host...`: another scheme, a relative path, a malformed host or port.
    NotHttp,
    /// A control character, space or backslash inside.
    BadCharacters,
    /// `user:password@` before the host.
    UserInfo,
    /// Plain `http://` to a host that is not this computer.
    PlainHttp,
    /// A base URL with `?` or `#` (paths are appended to it).
    QueryOrFragment,
}

impl UrlProblem {
    /// A sentence saying what is wrong and what to type instead.
    pub fn message(self) -> &'static str {
        match self {
            UrlProblem::Empty => "Enter the API base URL.",
            UrlProblem::NotHttp => {
                "The base URL must start with https:// followed by a host name, e.g. \
                 https://api.netlify.com/api/v1."
            }
            UrlProblem::BadCharacters => {
                "The base URL must not contain spaces, backslashes or control characters."
            }
            UrlProblem::UserInfo => {
                "The base URL must not contain a user name or password (the part before @)."
            }
            UrlProblem::PlainHttp => {
                "Use https:// for this host: plain http:// is only allowed to this computer \
                 (localhost, 127.0.0.1, [::1]), so the secret never travels unencrypted."
            }
            UrlProblem::QueryOrFragment => "The base URL must not contain ? or #.",
        }
    }
}

/// The API base URL the user typed, trimmed and without trailing slashes, when it may carry a
/// secret: https, or plain http to this computer; no user name, query or fragment.
pub fn api_base_url(raw: &str) -> Result<String, UrlProblem> {
    let p = parse(raw)?;
    if !(p.https || p.host.is_loopback()) {
        return Err(UrlProblem::PlainHttp);
    }
    if p.url.contains(['?', '#']) {
        return Err(UrlProblem::QueryOrFragment);
    }
    Ok(p.url.trim_end_matches('/').to_string())
}

/// The host of an http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Host<'a> {
    Name(&'a str),
    V4(Ipv4Addr),
    V6(Ipv6Addr),
}

impl Host<'_> {
    /// This computer: `localhost`, 127.0.0.0/8 or `::1`. Other spellings a browser would also
    /// read as loopback (`127.1`, `0x7f.0.0.1`) are not recognised, which only makes the rule
    /// stricter.
    fn is_loopback(&self) -> bool {
        match self {
            Host::Name(n) => n.eq_ignore_ascii_case("localhost"),
            Host::V4(ip) => ip.is_loopback(),
            Host::V6(ip) => ip.is_loopback(),
        }
    }
}

/// An http(s) URL read the way a browser would, or why not.
struct Parsed<'a> {
    /// The whole URL, trimmed.
    url: &'a str,
    https: bool,
    host: Host<'a>,
}

fn parse(raw: &str) -> Result<Parsed<'_>, UrlProblem> {
    let url = clean(raw)?;
    let (scheme, rest) = url.split_once(':').ok_or(UrlProblem::NotHttp)?;
    let https = if scheme.eq_ignore_ascii_case("https") {
        true
    } else if scheme.eq_ignore_ascii_case("http") {
        false
    } else {
        return Err(UrlProblem::NotHttp);
    };
    let after = rest.strip_prefix("//").ok_or(UrlProblem::NotHttp)?;
    let authority = after.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(UrlProblem::UserInfo);
    }
    let (host, port) = split_host_port(authority).ok_or(UrlProblem::NotHttp)?;
    if let Some(port) = port {
        let ok = (1..=5).contains(&port.len())
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65_535).contains(&p));
        if !ok {
            return Err(UrlProblem::NotHttp);
        }
    }
    Ok(Parsed { url, https, host })
}

/// `host` and the optional port of an authority (`[v6]:port`, `name:port`).
fn split_host_port(authority: &str) -> Option<(Host<'_>, Option<&str>)> {
    if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6.split_once(']')?;
        let ip: Ipv6Addr = inside.parse().ok()?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        return Some((Host::V6(ip), port));
    }
    let (name, port) = match authority.split_once(':') {
        Some((n, p)) => (n, Some(p)),
        None => (authority, None),
    };
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        return Some((Host::V4(ip), port));
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    (name.len() <= 253 && name.split('.').all(label_ok)).then_some((Host::Name(name), port))
}

/// The URL with leading/trailing controls and spaces trimmed; refused when a control
/// character, a space or a backslash is left inside (where a browser would drop, encode or
/// reinterpret it).
fn clean(raw: &str) -> Result<&str, UrlProblem> {
    let url = raw.trim_matches(|c: char| c <= ' ');
    if url.is_empty() {
        return Err(UrlProblem::Empty);
    }
    if url.chars().any(|c| c.is_control() || c == ' ' || c == '\\') {
        return Err(UrlProblem::BadCharacters);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile or broken URLs no rule accepts.
    const NEVER: &[&str] = &[
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "\u{1}javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "vbscript:x",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "//evil.example/x",
        "/\\evil.example/x",
        "\\\\evil.example",
        "https:\\\\evil.example",
        "https:/\\evil.example",
        "https://evil.example\\@github.com",
        "/relative",
        "relative/path",
        "#frag",
        "?q=1",
        "https:",
        "https://",
        "https:///path",
        "https:evil.example",
        "https://a b",
        "https://a\nb",
        "https://a\u{7f}b",
        "https://user:pass@github.com/x",
        "https://github.com@evil.example/",
        "https://@evil.example",
        "https://evil..example",
        "https://.evil.example",
        "https://ev%69l.example",
        "https://évil.example",
        "https://host:0/",
        "https://host:65536/",
        "https://host:80x/",
        "https://host:/",
        "https://[::1/",
        "https://[evil.example]/",
        "https://[::1]x/",
        "",
        "   ",
    ];

    #[test]
    fn links_keep_only_http_and_https() {
        assert_eq!(
            http_url(" https://github.com/o/r/pull/2 "),
            Some("https://github.com/o/r/pull/2")
        );
        assert_eq!(http_url("HTTP://example.com"), Some("HTTP://example.com"));
        assert_eq!(
            http_url("HtTpS://Example.COM:8443/a?b=c#d"),
            Some("HtTpS://Example.COM:8443/a?b=c#d")
        );
        assert_eq!(http_url("http://10.0.0.1/x"), Some("http://10.0.0.1/x"));
        assert_eq!(
            http_url("https://[2001:db8::1]:443/"),
            Some("https://[2001:db8::1]:443/")
        );
        assert_eq!(
            http_url("https://deploy-preview-1--site.netlify.app"),
            Some("https://deploy-preview-1--site.netlify.app")
        );
        // An `@` after the host is part of the path, not a user name.
        assert_eq!(http_url("https://x.dev/a@b"), Some("https://x.dev/a@b"));
        for bad in NEVER {
            assert_eq!(http_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn markdown_links_also_take_mailto_and_nothing_else() {
        assert_eq!(link_url("https://x.dev/a?b#c"), Some("https://x.dev/a?b#c"));
        assert_eq!(link_url("  HTTP://x"), Some("HTTP://x"));
        assert_eq!(link_url("mailto:a@b.c"), Some("mailto:a@b.c"));
        assert_eq!(link_url("MAILTO:a@b.c"), Some("MAILTO:a@b.c"));
        assert_eq!(link_url("mailto:"), None);
        for bad in NEVER {
            assert_eq!(link_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn api_base_urls_are_https_or_this_computer() {
        let ok = |s: &str| api_base_url(s).unwrap();
        assert_eq!(
            ok("https://api.netlify.com/api/v1/"),
            "https://api.netlify.com/api/v1"
        );
        assert_eq!(
            ok(" HTTPS://agentcontainer.co/api/v1 "),
            "HTTPS://agentcontainer.co/api/v1"
        );
        assert_eq!(
            ok("http://127.0.0.1:8081/api/v1"),
            "http://127.0.0.1:8081/api/v1"
        );
        assert_eq!(ok("http://127.5.6.7/api/v1"), "http://127.5.6.7/api/v1");
        assert_eq!(
            ok("http://localhost:8081/api/v1"),
            "http://localhost:8081/api/v1"
        );
        assert_eq!(ok("HTTP://LOCALHOST/api"), "HTTP://LOCALHOST/api");
        assert_eq!(ok("http://[::1]:8082/api/v1"), "http://[::1]:8082/api/v1");
        assert_eq!(
            ok("http://[0:0:0:0:0:0:0:1]/api"),
            "http://[0:0:0:0:0:0:0:1]/api"
        );

        let err = |s: &str| api_base_url(s).unwrap_err();
        assert_eq!(err("http://api.netlify.com/api/v1"), UrlProblem::PlainHttp);
        assert_eq!(err("http://127.0.0.1.evil.com/api"), UrlProblem::PlainHttp);
        assert_eq!(err("http://localhost.evil.com/api"), UrlProblem::PlainHttp);
        assert_eq!(err("http://10.0.0.1/api"), UrlProblem::PlainHttp);
        assert_eq!(err("http://[::2]/api"), UrlProblem::PlainHttp);
        assert_eq!(err("http://[::ffff:127.0.0.1]/api"), UrlProblem::PlainHttp);
        assert_eq!(err("http://128.0.0.1/api"), UrlProblem::PlainHttp);
        assert_eq!(
            err("https://user:pass@api.netlify.com/api/v1"),
            UrlProblem::UserInfo
        );
        assert_eq!(err("http://user@127.0.0.1/api"), UrlProblem::UserInfo);
        assert_eq!(err("https://x/api?q=1"), UrlProblem::QueryOrFragment);
        assert_eq!(err("https://x/api#f"), UrlProblem::QueryOrFragment);
        assert_eq!(err(""), UrlProblem::Empty);
        assert_eq!(err("api.netlify.com"), UrlProblem::NotHttp);
        assert_eq!(err("javascript:alert(1)"), UrlProblem::NotHttp);
        assert_eq!(err("https://a b"), UrlProblem::BadCharacters);
        assert_eq!(err("https://x/\u{0}y"), UrlProblem::BadCharacters);
        // Controls at the ends are trimmed, as a browser does.
        assert_eq!(ok("https://x/\u{0}"), "https://x");
        assert_eq!(err("/\\evil.example"), UrlProblem::BadCharacters);
        for bad in NEVER {
            assert!(api_base_url(bad).is_err(), "{bad:?}");
        }
        // Every problem has words for the form.
        assert!(UrlProblem::PlainHttp.message().contains("https://"));
    }

    #[test]
    fn upload_urls_follow_the_api_rule() {
        let signed = "https://bucket.s3.amazonaws.com/k?X-Amz-Signature=abc&X-Amz-Expires=60";
        assert_eq!(upload_url(signed), Some(signed));
        assert_eq!(
            upload_url("http://127.0.0.1:8083/storage/u1?sig=x"),
            Some("http://127.0.0.1:8083/storage/u1?sig=x")
        );
        assert_eq!(upload_url("http://[::1]:9/u"), Some("http://[::1]:9/u"));
        assert_eq!(upload_url("http://storage.example/u1"), None);
        assert_eq!(upload_url("http://127.0.0.1.evil.com/u1"), None);
        assert_eq!(upload_url("https://user:pw@storage.example/u1"), None);
        for bad in NEVER {
            assert_eq!(upload_url(bad), None, "{bad:?}");
        }
    }
}
