//! The size words of a file as the conversation pages show them; the upload list itself is the
//! shared [`crate::pages::agentcontainer::upload_list`].

pub use crate::pages::agentcontainer::upload_list::human_size;
