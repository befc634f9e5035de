//! Page-number pagination of the Netlify lists: `page` / `per_page`, `Link` and `Total`.

use crate::netlify::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::util::query_without;
use agentdeck_wire::netlify::MAX_PER_PAGE;
use agentdeck_wire::pagination::PageLinks;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Reads `page` / `per_page` (default 1 / 100, `per_page` capped at 100).
pub fn page_params(q: &[(String, String)]) -> ApiResult<(u32, u32)> {
    let get = |k: &str| {
        q.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let page = match get("page") {
        Some(v) => v
            .parse::<u32>()
            .map_err(|_| ApiError::bad_request("page must be a positive integer"))?
            .max(1),
        None => 1,
    };
    let per_page = match get("per_page") {
        Some(v) => v
            .parse::<u32>()
            .map_err(|_| ApiError::bad_request("per_page must be a positive integer"))?
            .clamp(1, MAX_PER_PAGE),
        None => MAX_PER_PAGE,
    };
    Ok((page, per_page))
}

/// One page of `items` with `Link` and `Total` headers built on `path` and the query minus `page`.
pub fn paged_response<T: serde::Serialize>(
    st: &AppState,
    path: &str,
    q: &[(String, String)],
    items: Vec<T>,
    page: u32,
    per_page: u32,
) -> Response {
    let total = items.len();
    let last_page = total.div_ceil(per_page as usize).max(1) as u32;
    let query = query_without(q, &["page"]);
    let base = if query.is_empty() {
        format!("{}{}", st.urls.netlify_origin, path)
    } else {
        format!("{}{}?{}", st.urls.netlify_origin, path, query)
    };
    let start = ((page - 1) as usize).saturating_mul(per_page as usize);
    let slice: Vec<T> = items
        .into_iter()
        .skip(start)
        .take(per_page as usize)
        .collect();
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&PageLinks::header(&base, page, last_page)) {
        headers.insert("link", v);
    }
    headers.insert("total", HeaderValue::from(total as u64));
    (headers, Json(slice)).into_response()
}
