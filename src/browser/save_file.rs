//! Saving a file to the user's disk: a `Blob` of the bytes, a temporary `<a download>` link
//! clicked once, the Blob URL revoked a little later. The name is reduced to a safe file name
//! first ([`safe_filename`], pure and natively tested).
//!
//! ```text
//! browser::save_bytes("report.md", &bytes, "text/markdown")?;
//! browser::save_text("changes.patch", &patch, "text/x-diff")?;
//! ```

/// The name a file gets when nothing useful is left of the one asked for.
pub const FALLBACK_NAME: &str = "download";

/// How long the Blob URL stays valid after the click (the browser needs it until the download
/// has started).
const REVOKE_AFTER_MS: i32 = 10_000;

/// The last path component of `name`, without control characters and leading dots, at most 200
/// characters; `None` if nothing useful is left.
pub fn safe_filename(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    (!cleaned.is_empty()).then(|| cleaned.chars().take(200).collect())
}

/// Offers `bytes` to the user as a download named `name` (made safe with [`safe_filename`];
/// [`FALLBACK_NAME`] if nothing is left) of type `mime` (e.g. `application/octet-stream`).
/// The error says in a word what failed ("blob", "url", "no document", "link").
pub fn save_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "blob".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "url".to_string())?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "no document".to_string())?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "link".to_string())?
        .dyn_into()
        .map_err(|_| "link".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(&safe_filename(name).unwrap_or_else(|| FALLBACK_NAME.into()));
    anchor.set_rel("noopener");
    anchor.click();
    // Revoke after the click has been handled.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            revoke.unchecked_ref(),
            REVOKE_AFTER_MS,
        );
    }
    Ok(())
}

/// Offers `text` (saved as UTF-8) to the user as a download; see [`save_bytes`].
pub fn save_text(name: &str, text: &str, mime: &str) -> Result<(), String> {
    save_bytes(name, text.as_bytes(), mime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_point_elsewhere() {
        assert_eq!(safe_filename("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(safe_filename("C:\\x\\y.txt").as_deref(), Some("y.txt"));
        assert_eq!(safe_filename("..").as_deref(), None);
        assert_eq!(safe_filename(".bashrc").as_deref(), Some("bashrc"));
        assert_eq!(safe_filename("a\u{0}b\n.txt").as_deref(), Some("ab.txt"));
    }
}
