//! Handing downloaded bytes to the user as a file, and reading a safe file name.

use super::error::{ApiError, Service};

/// The file name of a `Content-Disposition` header (`filename*=UTF-8''...` preferred over
/// `filename="..."`), reduced to a safe name: no directories, no control characters.
pub fn filename_from_content_disposition(header: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for part in header.split(';').map(str::trim) {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        match k.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                let v = v.trim().trim_matches('"');
                let encoded = v.split_once("''").map(|(_, rest)| rest).unwrap_or(v);
                extended = percent_decode(encoded);
            }
            "filename" => plain = Some(v.trim().trim_matches('"').replace("\\\"", "\"")),
            _ => {}
        }
    }
    extended.or(plain).and_then(|n| safe_filename(&n))
}

/// The last path component of `name`, without control characters; `None` if nothing useful is left.
pub fn safe_filename(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    (!cleaned.is_empty()).then(|| cleaned.chars().take(200).collect())
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Offers `bytes` to the user as a download named `filename` (a Blob URL and a temporary link;
/// the URL is revoked afterwards).
pub fn save_to_disk(
    bytes: &[u8],
    filename: &str,
    content_type: Option<&str>,
) -> Result<(), ApiError> {
    use wasm_bindgen::JsCast;
    let fail = |what: &str| {
        ApiError::invalid(
            Service::AgentContainer,
            format!("Could not save the file ({what})."),
        )
    };
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type.unwrap_or("application/octet-stream"));
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("url"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("link"))?
        .dyn_into()
        .map_err(|_| fail("link"))?;
    anchor.set_href(&url);
    anchor.set_download(&safe_filename(filename).unwrap_or_else(|| "download".into()));
    anchor.set_rel("noopener");
    anchor.click();
    // Revoke after the click has been handled.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_content_disposition() {
        assert_eq!(
            filename_from_content_disposition(r#"attachment; filename="report.md""#).as_deref(),
            Some("report.md")
        );
        assert_eq!(
            filename_from_content_disposition(
                "attachment; filename=\"a.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt"
            )
            .as_deref(),
            Some("résumé.txt")
        );
        assert_eq!(
            filename_from_content_disposition("attachment").as_deref(),
            None
        );
    }

    #[test]
    fn names_cannot_point_elsewhere() {
        assert_eq!(safe_filename("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(safe_filename("C:\\x\\y.txt").as_deref(), Some("y.txt"));
        assert_eq!(safe_filename("..").as_deref(), None);
        assert_eq!(safe_filename(".bashrc").as_deref(), Some("bashrc"));
        assert_eq!(safe_filename("a\u{0}b\n.txt").as_deref(), Some("ab.txt"));
    }
}
