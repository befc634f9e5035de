//! Task output files to the user's disk: the safe file name of a `Content-Disposition` header,
//! and [`save_to_disk`], which hands downloaded bytes to [`crate::browser::save_bytes`].

use super::error::{ApiError, Service};
use crate::browser::save_file::{safe_filename, save_bytes};

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

/// Offers downloaded `bytes` to the user as a file named `filename` (made safe), typed
/// `content_type` or `application/octet-stream`.
pub fn save_to_disk(
    bytes: &[u8],
    filename: &str,
    content_type: Option<&str>,
) -> Result<(), ApiError> {
    save_bytes(
        filename,
        bytes,
        content_type.unwrap_or("application/octet-stream"),
    )
    .map_err(|what| {
        ApiError::invalid(
            Service::AgentContainer,
            format!("Could not save the file ({what})."),
        )
    })
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
        // The name is made safe.
        assert_eq!(
            filename_from_content_disposition(r#"attachment; filename="../x/.env""#).as_deref(),
            Some("env")
        );
    }
}
