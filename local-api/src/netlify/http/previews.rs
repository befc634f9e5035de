//! Deploy previews (`/__preview/{deploy_id}/...`): the sample site with a session's changes,
//! really served. Also a tiny stand-in page for pull request links (`/__github/...`).

use crate::netlify::domain::diffs::preview_files;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

pub async fn root(State(st): State<AppState>, Path(deploy): Path<String>) -> Response {
    serve(&st, &deploy, "")
}

pub async fn file(
    State(st): State<AppState>,
    Path((deploy, path)): Path<(String, String)>,
) -> Response {
    serve(&st, &deploy, &path)
}

fn serve(st: &AppState, deploy_id: &str, path: &str) -> Response {
    let Some(files) = preview_files(st, deploy_id) else {
        return (StatusCode::NOT_FOUND, Html("<h1>Deploy not found</h1>")).into_response();
    };
    let path = path.trim_start_matches('/');
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    match files.get(&path) {
        Some(bytes) => {
            let mime = mime_guess::from_path(&path)
                .first_or_octet_stream()
                .to_string();
            let mut body = bytes.clone();
            // Absolute links of the sample site point at the preview root.
            if mime.starts_with("text/html") {
                let prefix = format!("/__preview/{deploy_id}/");
                let s = String::from_utf8_lossy(&body)
                    .replace("href=\"/", &format!("href=\"{prefix}"))
                    .replace("src=\"/", &format!("src=\"{prefix}"));
                body = s.into_bytes();
            }
            if mime.starts_with("text/javascript") || mime.starts_with("application/javascript") {
                let s = String::from_utf8_lossy(&body)
                    .replace("fetch('/", &format!("fetch('/__preview/{deploy_id}/"));
                body = s.into_bytes();
            }
            ([(header::CONTENT_TYPE, mime)], body).into_response()
        }
        None => (
            StatusCode::NOT_FOUND,
            Html("<h1>Page not found</h1><p>This deploy preview has no such file.</p>"),
        )
            .into_response(),
    }
}

pub async fn pull_request_page(
    Path((owner, repo, n)): Path<(String, String, u64)>,
) -> Html<String> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    Html(format!(
        "<!doctype html><title>Pull request #{n}</title><h1>{}/{} pull request #{n}</h1><p>This is a stand-in page served by local-api.</p>",
        esc(&owner),
        esc(&repo)
    ))
}

/// `/__screenshot/{deploy}.svg`: a drawn "screenshot" of a deploy preview (its title and
/// headline in a browser frame), for `latest_session_deploy_screenshot_url`.
pub async fn screenshot(State(st): State<AppState>, Path(file): Path<String>) -> Response {
    let deploy_id = file.strip_suffix(".svg").unwrap_or(&file);
    let Some(files) = preview_files(&st, deploy_id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let index = files
        .get("index.html")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let between = |a: &str, b: &str| -> String {
        index
            .split_once(a)
            .and_then(|(_, rest)| rest.split_once(b))
            .map(|(x, _)| x.trim().to_string())
            .unwrap_or_default()
    };
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let dark = index.contains("theme-toggle");
    let (bg, fg) = if dark {
        ("#1d1712", "#f3e9dc")
    } else {
        ("#fffaf3", "#2b2118")
    };
    let svg = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='640' height='400' viewBox='0 0 640 400'>\
<rect width='640' height='400' rx='8' fill='#d9d4cf'/><circle cx='20' cy='16' r='5' fill='#ff5f57'/><circle cx='36' cy='16' r='5' fill='#febc2e'/><circle cx='52' cy='16' r='5' fill='#28c840'/>\
<rect x='0' y='32' width='640' height='368' fill='{bg}'/>\
<text x='32' y='80' font-family='sans-serif' font-size='14' fill='#8a5a2b'>{}</text>\
<text x='32' y='140' font-family='sans-serif' font-size='26' font-weight='bold' fill='{fg}'>{}</text>\
<text x='32' y='180' font-family='sans-serif' font-size='14' fill='{fg}'>Deploy preview {}</text></svg>",
        esc(&between("<title>", "</title>")),
        esc(&between("<h1>", "</h1>")),
        esc(deploy_id)
    );
    ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
}
