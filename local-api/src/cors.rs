//! CORS of both APIs and the upload storage origin.

use axum::http::{header, HeaderName};
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};

/// CORS for both APIs: any origin, any method, any request header (mirrored, so
/// `Authorization` is allowed), exposing the pagination and retry headers.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods(AllowMethods::mirror_request())
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([
            header::LINK,
            HeaderName::from_static("total"),
            header::RETRY_AFTER,
            header::CONTENT_LENGTH,
            HeaderName::from_static("x-request-id"),
        ])
        .max_age(std::time::Duration::from_secs(600))
}
