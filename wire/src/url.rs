//! The one percent-encoder of path segments, shared by the app (API URLs, in-app links) and
//! local-api (URLs in its answers).

/// Percent-encodes everything but RFC 3986 unreserved characters, as one path segment: `/`, `?`,
/// `#` and `%` cannot change the path, and a segment made only of dots (`.`, `..`) is encoded
/// too, so a browser or server does not collapse it into a parent directory.
pub fn encode_path_segment(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(|b| b == b'.') {
        return "%2E".repeat(s.len());
    }
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_segment_whatever_the_input() {
        assert_eq!(encode_path_segment("abc-1_2.3~"), "abc-1_2.3~");
        assert_eq!(encode_path_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
        assert_eq!(encode_path_segment(".."), "%2E%2E");
        assert_eq!(encode_path_segment("."), "%2E");
        assert_eq!(encode_path_segment("..a"), "..a");
        assert_eq!(encode_path_segment(""), "");
    }
}
