//! AgentContainer tasks: the tasks of an agent (`list`), the dispatch form (`dispatch/`) and
//! the task page (`task/`).

mod dispatch;
mod list;
mod task;

pub use dispatch::DispatchPage;
pub use list::AgentTasksPage;
pub use task::TaskPage;
