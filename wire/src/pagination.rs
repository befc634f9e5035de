//! Page-number pagination as Netlify sends it: `Link` (RFC 8288) and `Total` headers.

/// What the `Link` and `Total` headers say about the page just read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    pub next: Option<u32>,
    pub prev: Option<u32>,
    pub first: Option<u32>,
    pub last: Option<u32>,
    /// Total number of items across all pages, from the `Total` header.
    pub total: Option<u64>,
}

impl PageLinks {
    /// Reads the `page` query parameter of each `rel` in a `Link` header. Malformed parts are skipped.
    pub fn parse(link: Option<&str>, total: Option<&str>) -> Self {
        let mut out = PageLinks {
            total: total.and_then(|t| t.trim().parse().ok()),
            ..Default::default()
        };
        for part in link.unwrap_or_default().split(',') {
            let mut pieces = part.split(';');
            let Some(url) = pieces.next().map(str::trim) else {
                continue;
            };
            let Some(url) = url.strip_prefix('<').and_then(|u| u.strip_suffix('>')) else {
                continue;
            };
            let Some(page) = query_param(url, "page").and_then(|p| p.parse().ok()) else {
                continue;
            };
            for attr in pieces {
                let attr = attr.trim();
                let Some(rel) = attr.strip_prefix("rel=") else {
                    continue;
                };
                for rel in rel.trim_matches('"').split_ascii_whitespace() {
                    match rel {
                        "next" => out.next = Some(page),
                        "prev" | "previous" => out.prev = Some(page),
                        "first" => out.first = Some(page),
                        "last" => out.last = Some(page),
                        _ => {}
                    }
                }
            }
        }
        out
    }

    /// Builds a `Link` header value for page `page` of `last_page` pages of `base_url`
    /// (which must not carry a `page` parameter yet).
    pub fn header(base_url: &str, page: u32, last_page: u32) -> String {
        let sep = if base_url.contains('?') { '&' } else { '?' };
        let mut parts = Vec::new();
        let mut push =
            |p: u32, rel: &str| parts.push(format!("<{base_url}{sep}page={p}>; rel=\"{rel}\""));
        if page < last_page {
            push(page + 1, "next");
        }
        if page > 1 {
            push(page - 1, "prev");
        }
        push(1, "first");
        push(last_page.max(1), "last");
        parts.join(", ")
    }
}

fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_github_style_link_headers() {
        let link = r#"<https://api.netlify.com/api/v1/agent_runners?site_id=s&page=3&per_page=10>; rel="next", <https://api.netlify.com/api/v1/agent_runners?site_id=s&page=1&per_page=10>; rel="prev", <https://x/?page=9>; rel="last""#;
        let p = PageLinks::parse(Some(link), Some(" 87 "));
        assert_eq!(
            p,
            PageLinks {
                next: Some(3),
                prev: Some(1),
                first: None,
                last: Some(9),
                total: Some(87)
            }
        );
    }

    #[test]
    fn tolerates_missing_and_malformed_headers() {
        assert_eq!(PageLinks::parse(None, None), PageLinks::default());
        let p = PageLinks::parse(
            Some("garbage, <no-page>; rel=next, <?page=x>; rel=next"),
            Some("many"),
        );
        assert_eq!(p, PageLinks::default());
    }

    #[test]
    fn writes_what_it_reads() {
        let h = PageLinks::header("http://h/api?site_id=a", 2, 5);
        let p = PageLinks::parse(Some(&h), Some("50"));
        assert_eq!(
            (p.next, p.prev, p.first, p.last, p.total),
            (Some(3), Some(1), Some(1), Some(5), Some(50))
        );
        let last = PageLinks::parse(Some(&PageLinks::header("http://h/api", 5, 5)), None);
        assert_eq!(last.next, None);
    }
}
