//! Browser services that are not HTTP and not views: what the app asks of the browser itself.
//!
//! - [`save_file`]: hand bytes or text to the user as a downloaded file (a Blob and a temporary
//!   `<a download>` link), under a safe file name.

pub mod save_file;

pub use save_file::{safe_filename, save_bytes, save_text};
