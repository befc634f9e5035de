//! The state of a live stream for the UI ([`StreamState`], [`CloseReason`]) and the decision
//! taken when the browser gave up on it ([`after_close`]): pure, natively tested.

use crate::api::error::{ApiError, ApiErrorKind};
use agentdeck_wire::agentcontainer::Task;

/// State of a live stream, for the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamState {
    /// Opening (the first time).
    Connecting,
    /// Open and receiving.
    Live,
    /// Lost; trying again (`attempt` counts from 1).
    Reconnecting { attempt: u32 },
    /// Given up or stopped, for good.
    Closed(CloseReason),
}

/// Why a stream closed.
#[derive(Debug, Clone, PartialEq)]
pub enum CloseReason {
    /// The page closed it (or was left).
    Stopped,
    /// The task reached a terminal state: nothing more will come.
    TaskEnded,
    /// The key was refused (401).
    Unauthorized,
    /// The task does not exist (404).
    NotFound,
    /// Anything else that retrying will not fix.
    Failed(ApiError),
}

impl StreamState {
    pub fn is_live(&self) -> bool {
        matches!(self, StreamState::Live)
    }

    /// A short plain sentence for a status line.
    pub fn describe(&self) -> String {
        match self {
            StreamState::Connecting => "Connecting to the live feed\u{2026}".into(),
            StreamState::Live => "Live".into(),
            StreamState::Reconnecting { attempt } => {
                format!("Connection lost; reconnecting (attempt {attempt})\u{2026}")
            }
            StreamState::Closed(CloseReason::Stopped) => "Live feed closed.".into(),
            StreamState::Closed(CloseReason::TaskEnded) => "The task has ended.".into(),
            StreamState::Closed(CloseReason::Unauthorized) => {
                "AgentContainer did not accept the API key. Check it on the Connections page."
                    .into()
            }
            StreamState::Closed(CloseReason::NotFound) => "This conversation was not found.".into(),
            StreamState::Closed(CloseReason::Failed(e)) => e.user_message(),
        }
    }
}

/// What to do when the browser gave up on the stream, given the probe's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterClose {
    Close(CloseReason),
    /// Resynchronise once more, then close: the task is over.
    FinishThenClose,
    Reconnect,
}

/// Decides after a `CLOSED` stream from the authenticated probe (`GET /tasks/{id}`).
pub fn after_close(probe: &Result<Task, ApiError>) -> AfterClose {
    match probe {
        Ok(task) if task.status.is_terminal() => AfterClose::FinishThenClose,
        Ok(_) => AfterClose::Reconnect,
        Err(e) => match e.kind {
            ApiErrorKind::Unauthorized => AfterClose::Close(CloseReason::Unauthorized),
            ApiErrorKind::NotFound => AfterClose::Close(CloseReason::NotFound),
            ApiErrorKind::Aborted => AfterClose::Close(CloseReason::Stopped),
            ApiErrorKind::PaymentOrForbidden
            | ApiErrorKind::BadRequest
            | ApiErrorKind::Validation
            | ApiErrorKind::Invalid => AfterClose::Close(CloseReason::Failed(e.clone())),
            _ => AfterClose::Reconnect,
        },
    }
}

/// How much of a conversation's message history is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum History {
    /// The first messages are on their way.
    Opening,
    /// Every message since the first is loaded.
    Complete,
    /// Older messages are on the server: [`EventStream::load_earlier`] brings the next ones.
    Earlier,
    /// Earlier messages are being loaded.
    LoadingEarlier,
    /// Loading earlier messages failed (in words); asking again retries.
    Failed(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::Service;
    use crate::api::events::feed::{classify_payload, FeedUpdate};
    use crate::api::events::fixtures::TASK;

    #[test]
    fn after_close_decisions() {
        let svc = Service::AgentContainer;
        assert_eq!(
            after_close(&Err(ApiError::from_response(svc, 401, "", None))),
            AfterClose::Close(CloseReason::Unauthorized)
        );
        assert_eq!(
            after_close(&Err(ApiError::from_response(svc, 404, "", None))),
            AfterClose::Close(CloseReason::NotFound)
        );
        assert_eq!(
            after_close(&Err(ApiError::network(svc, "x"))),
            AfterClose::Reconnect
        );
        assert_eq!(
            after_close(&Err(ApiError::from_response(svc, 503, "", None))),
            AfterClose::Reconnect
        );
        let FeedUpdate::Task(task) = classify_payload(TASK).unwrap() else {
            panic!()
        };
        assert_eq!(after_close(&Ok((*task).clone())), AfterClose::Reconnect);
        let done: Task =
            serde_json::from_str(&TASK.replace(r#""status":"running""#, r#""status":"finished""#))
                .unwrap();
        assert_eq!(after_close(&Ok(done)), AfterClose::FinishThenClose);
    }

    #[test]
    fn states_read_plainly_and_never_show_the_key() {
        let s = StreamState::Closed(CloseReason::Unauthorized);
        assert!(s.describe().contains("API key"));
        assert!(StreamState::Reconnecting { attempt: 2 }
            .describe()
            .contains("attempt 2"));
        assert!(StreamState::Live.is_live());
    }
}
