//! Small helpers shared by both APIs.

use std::collections::HashMap;

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Percent-encodes a query value (the same encoder the app uses, from the wire crate).
pub fn enc(s: &str) -> String {
    agentdeck_wire::netlify::encode_path_segment(s)
}

/// Rebuilds a query string from pairs, leaving out `skip`.
pub fn query_without(pairs: &[(String, String)], skip: &[&str]) -> String {
    pairs
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn to_map(pairs: &[(String, String)]) -> HashMap<String, String> {
    pairs.iter().cloned().collect()
}

/// `true`/`1` → true, `false`/`0` → false.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" | "" => Some(false),
        _ => None,
    }
}
