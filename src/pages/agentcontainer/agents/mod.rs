//! AgentContainer agents: the list ([`list`]), the create and edit forms ([`form`], over the
//! pure [`form_model`]), and the agent page ([`page`]: settings, versions with a field-by-field
//! diff from [`version_fields`], reference files, repositories).

pub mod form;
pub mod form_model;
pub mod list;
pub mod page;
pub mod version_fields;

pub use form::{EditAgentPage, NewAgentPage};
pub use list::AgentsPage;
pub use page::AgentPage;
