//! Checks before anything is sent (pure, natively tested): of a file (a name, not empty, not
//! over the size limit, and for Netlify a type on its allowed list), and of the presigned URL a
//! server handed out (the app's one URL rule, [`crate::safe_url::upload_url`]).

use crate::api::error::{ApiError, Service};
use agentdeck_wire::netlify::attachment_content_type;

/// Largest Netlify attachment accepted (Netlify does not publish a limit; large files make poor
/// prompts anyway).
pub const NETLIFY_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// Largest AgentContainer upload accepted (the account's storage quota applies on top).
pub const AGENTCONTAINER_MAX_BYTES: u64 = 100 * 1024 * 1024;

fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.0} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

fn check_common(service: Service, name: &str, size: u64, max: u64) -> Result<(), ApiError> {
    if name.trim().is_empty() {
        return Err(ApiError::invalid(service, "The file has no name."));
    }
    if size == 0 {
        return Err(ApiError::invalid(
            service,
            format!("\u{201c}{name}\u{201d} is empty."),
        ));
    }
    if size > max {
        return Err(ApiError::invalid(
            service,
            format!(
                "\u{201c}{name}\u{201d} is {}; the limit is {}.",
                human_size(size),
                human_size(max)
            ),
        ));
    }
    Ok(())
}

/// Checks a Netlify attachment before anything is sent; returns the content type to sign.
pub fn check_netlify_attachment(name: &str, size: u64) -> Result<&'static str, ApiError> {
    let svc = Service::Netlify;
    let Some(content_type) = attachment_content_type(name) else {
        return Err(ApiError::invalid(
            svc,
            format!(
                "Netlify does not accept \u{201c}{name}\u{201d}: attach text, Markdown, HTML, JSON, YAML, XML, CSV, \
                 images (PNG, JPEG, GIF, SVG, WebP), code (JS, TS, CSS, SCSS, Sass, Less, Python, Java, Ruby, Go, \
                 PHP, SQL) or PDF files."
            ),
        ));
    };
    check_common(svc, name, size, NETLIFY_MAX_BYTES)?;
    Ok(content_type)
}

/// Checks an AgentContainer upload before anything is sent.
pub fn check_agentcontainer_file(name: &str, size: u64) -> Result<(), ApiError> {
    check_common(
        Service::AgentContainer,
        name,
        size,
        AGENTCONTAINER_MAX_BYTES,
    )
}

/// The presigned URL a server gave for sending (or deleting) a file, when the app's rule allows
/// it: https, or http to this computer (a development server), no user name. The URL itself is
/// never put in the error (it carries a signature).
pub fn check_presigned_url(service: Service, url: &str) -> Result<&str, ApiError> {
    crate::safe_url::upload_url(url).ok_or_else(|| {
        ApiError::decode(
            service,
            "the upload URL it gave is not https (or http to this computer)",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::ApiErrorKind;

    #[test]
    fn netlify_checks() {
        assert_eq!(
            check_netlify_attachment("notes.MD", 10).unwrap(),
            "text/markdown"
        );
        assert_eq!(
            check_netlify_attachment("shot.png", 10).unwrap(),
            "image/png"
        );
        let e = check_netlify_attachment("tool.exe", 10).unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Invalid);
        assert!(e.user_message().contains("does not accept"));
        assert!(check_netlify_attachment("noext", 10).is_err());
        let e = check_netlify_attachment("empty.txt", 0).unwrap_err();
        assert!(e.user_message().contains("is empty"), "{e}");
        let e = check_netlify_attachment("big.pdf", NETLIFY_MAX_BYTES + 1).unwrap_err();
        assert!(e.user_message().contains("the limit is 10 MB"), "{e}");
    }

    #[test]
    fn presigned_urls_are_checked_before_use() {
        let svc = Service::AgentContainer;
        let signed = "https://bucket.example/u1?sig=s3cr3t";
        assert_eq!(check_presigned_url(svc, signed).unwrap(), signed);
        assert!(check_presigned_url(svc, " http://127.0.0.1:9/u1 ").is_ok());
        for bad in [
            "http://storage.example/u1?sig=s3cr3t",
            "javascript:alert(1)",
            "data:text/plain,x",
            "//storage.example/u1",
            "/\\storage.example/u1",
            "https://user:pw@storage.example/u1",
            "http://127.0.0.1.evil.com/u1",
        ] {
            let e = check_presigned_url(svc, bad).unwrap_err();
            assert_eq!(e.kind, ApiErrorKind::Decode, "{bad}");
            assert!(!format!("{e:?} {e}").contains("s3cr3t"), "{bad}");
        }
    }

    #[test]
    fn agentcontainer_checks() {
        assert!(check_agentcontainer_file("data.bin", 1).is_ok());
        assert!(check_agentcontainer_file("data.bin", 0).is_err());
        assert!(check_agentcontainer_file("  ", 5).is_err());
        assert!(check_agentcontainer_file("huge.tar", AGENTCONTAINER_MAX_BYTES + 1).is_err());
    }
}
