//! Cursor pagination of the AgentContainer lists: `limit` (1..=100) and an opaque `cursor`,
//! answered with `pageInfo`.

use crate::agentcontainer::error::{AcError, AcResult};
use agentdeck_wire::agentcontainer::{Page, PageInfo};
use base64::Engine;

fn encode_cursor(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("o:{offset}"))
}

fn decode_cursor(c: &str) -> AcResult<usize> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(c)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix("o:").and_then(|n| n.parse().ok()))
        .ok_or_else(|| AcError::invalid("Invalid cursor"))
}

/// One page of `items` after `cursor`, `limit` (1..=100) defaulting to `default`.
pub fn paginate<T>(
    items: Vec<T>,
    limit: Option<u32>,
    default: u32,
    cursor: Option<&str>,
) -> AcResult<Page<T>> {
    let limit = limit.unwrap_or(default);
    if !(1..=100).contains(&limit) {
        return Err(AcError::invalid("limit must be between 1 and 100"));
    }
    let start = match cursor.filter(|c| !c.is_empty()) {
        Some(c) => decode_cursor(c)?,
        None => 0,
    };
    let total = items.len();
    let data: Vec<T> = items.into_iter().skip(start).take(limit as usize).collect();
    let end = start + data.len();
    let has_more = end < total;
    Ok(Page {
        data,
        page_info: PageInfo {
            has_more,
            next_cursor: has_more.then(|| encode_cursor(end)),
        },
    })
}
