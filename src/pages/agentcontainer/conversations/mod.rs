//! AgentContainer conversations: starting one ([`NewConversationPage`]) and the live
//! conversation page ([`ConversationPage`]).
//!
//! The conversation page is a folder around one context ([`ctx`]): the conversation folded
//! from its live feed (each message and event once, in order) and the page's request scope.
//! Its parts ([`header`], [`timeline`], [`composer`], [`repos_panel`]) read the context and
//! never import each other. Pure logic, natively tested: [`model`] (the timeline order, words
//! for roles, kinds and usage, when sending is possible, what deserves a notification),
//! [`window`] (which part of a long timeline is built), [`ttl`] (the session countdown).
//! [`repos`] is the form piece both pages use; their files are the shared
//! [`crate::pages::agentcontainer::upload_list`].

pub mod composer;
pub mod ctx;
#[cfg(test)]
mod fixtures;
pub mod header;
pub mod model;
pub mod new_page;
pub mod page;
pub mod repos;
pub mod repos_panel;
pub mod timeline;
pub mod ttl;
pub mod window;

pub use new_page::NewConversationPage;
pub use page::ConversationPage;
