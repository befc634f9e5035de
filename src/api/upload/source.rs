//! What is uploaded ([`UploadSource`]: a browser `Blob` with its name, size and type) and how
//! far an upload got ([`UploadProgress`], reported through an [`OnProgress`] callback).

use crate::api::error::{ApiError, Service};
use std::rc::Rc;

/// How far an upload got.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UploadProgress {
    /// Asking the service for an upload URL.
    Preparing,
    /// Bytes sent so far out of `total`.
    Sending {
        loaded: u64,
        total: u64,
    },
    /// Telling the service the upload is complete.
    Completing,
    Done,
}

impl UploadProgress {
    /// 0.0 to 1.0, for a progress bar.
    pub fn fraction(&self) -> f64 {
        match *self {
            UploadProgress::Preparing => 0.0,
            UploadProgress::Sending { loaded, total } if total > 0 => {
                (loaded as f64 / total as f64).min(1.0)
            }
            UploadProgress::Sending { .. } => 0.0,
            UploadProgress::Completing | UploadProgress::Done => 1.0,
        }
    }
}

/// A progress callback.
pub type OnProgress = Rc<dyn Fn(UploadProgress)>;

/// What to upload: a browser `Blob` (a picked `File` is one) with its name, size and type.
#[derive(Debug, Clone)]
pub struct UploadSource {
    pub blob: web_sys::Blob,
    pub name: String,
    pub size: u64,
    /// The browser's idea of the type (may be empty).
    pub mime: String,
}

impl UploadSource {
    /// From a file picked in an `<input type=file>` or dropped.
    pub fn from_file(file: &web_sys::File) -> Self {
        UploadSource {
            blob: file.clone().into(),
            name: file.name(),
            size: file.size() as u64,
            mime: file.type_(),
        }
    }

    /// From bytes in memory.
    pub fn from_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<Self, ApiError> {
        let array = js_sys::Uint8Array::from(bytes);
        let parts = js_sys::Array::of1(&array);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
            .map_err(|_| ApiError::invalid(Service::AgentContainer, "Could not read the file."))?;
        Ok(UploadSource {
            blob,
            name: name.to_string(),
            size: bytes.len() as u64,
            mime: mime.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_fraction() {
        assert_eq!(
            UploadProgress::Sending {
                loaded: 50,
                total: 200
            }
            .fraction(),
            0.25
        );
        assert_eq!(
            UploadProgress::Sending {
                loaded: 5,
                total: 0
            }
            .fraction(),
            0.0
        );
        assert_eq!(UploadProgress::Done.fraction(), 1.0);
    }
}
