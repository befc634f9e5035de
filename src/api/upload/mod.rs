//! Uploads to presigned URLs with progress, for both services.
//!
//! - Netlify: `upload_url` -> `PUT` the bytes with the signed content type -> the `file_key` to
//!   attach ([`upload_netlify_attachment`]).
//! - AgentContainer: `uploads/prepare` -> send the raw bytes to `uploadUrl` with the returned
//!   `method` and `headers` (a `POST` answers `{storageId}`) -> `uploads/complete`
//!   ([`upload_agentcontainer_file`]).
//!
//! Files are checked before any request ([`check_netlify_attachment`],
//! [`check_agentcontainer_file`]): type (Netlify's allowed list), emptiness, size; the presigned
//! URL a server hands out must pass the app's URL rule (`checks::check_presigned_url`). Bytes go out
//! with `XMLHttpRequest` (fetch has no upload progress); progress is reported through a callback.
//! Cancel by aborting the [`RequestScope`](crate::api::RequestScope) the upload runs in
//! (`scope.run(upload_...(..))`); retry by calling the function again. A presigned URL refused
//! as expired is re-requested once.
//!
//! Files (everything is re-exported here): `source` ([`UploadSource`], [`UploadProgress`]),
//! `checks` (pure), `transport` ([`send_bytes`]: the XMLHttpRequest), and the flows `netlify`
//! and `agentcontainer`.

mod agentcontainer;
mod checks;
mod netlify;
mod source;
mod transport;

pub use agentcontainer::{complete_prepared, send_to_prepared, upload_agentcontainer_file};
pub use checks::{
    check_agentcontainer_file, check_netlify_attachment, AGENTCONTAINER_MAX_BYTES,
    NETLIFY_MAX_BYTES,
};
pub use netlify::{delete_netlify_attachment, upload_netlify_attachment};
pub use source::{OnProgress, UploadProgress, UploadSource};
pub use transport::{send_bytes, UPLOAD_TIMEOUT_MS};
