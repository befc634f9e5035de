//! Polling for Netlify runners (Netlify offers no stream).
//!
//! [`PollPolicy`] / [`PollState`] decide, after each poll, how long to wait: fast while something
//! runs and keeps changing, slower and slower while nothing changes, paused while the tab is
//! hidden, slower after transient errors, stopped at terminal states or on errors a retry cannot
//! fix. Pure and natively tested.
//!
//! [`Poller`] drives it in the browser: it fetches, hands each result to a callback, sleeps as the
//! policy says, wakes up on `visibilitychange`, on `online` and on [`Poller::poll_now`], and stops with its
//! [`RequestScope`] (so with its page when the page aborts that scope as it is left).
//!
//! ```text
//! let scope = RequestScope::new();
//! let poller = Poller::start(&scope, PollPolicy::default(),
//!     move || { let conn = conn.clone(); let id = id.clone(); async move { api::netlify::get_runner(&conn, &id).await } },
//!     |r: &AgentRunner| Observed { live: r.state.is_live(), fingerprint: runner_fingerprint(r) },
//!     move |result| show(result));
//! // after the user sends a follow-up: poller.poll_now();
//! // when the page is left: scope.abort();
//! ```

use super::error::{ApiError, ApiErrorKind};
use super::scope::RequestScope;
use agentdeck_wire::netlify::{AgentRunner, Session};
use std::time::Duration;

/// Timing of the polling.
#[derive(Debug, Clone, PartialEq)]
pub struct PollPolicy {
    /// Interval while something runs and changes.
    pub fast: Duration,
    /// Longest interval while something runs but nothing changes (and after errors).
    pub slow: Duration,
    /// Each unchanged poll multiplies the interval by this.
    pub growth: f64,
    /// When nothing is live: keep polling this slowly (lists, to see new runs), or stop (`None`).
    pub idle: Option<Duration>,
}

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy {
            fast: Duration::from_secs(2),
            slow: Duration::from_secs(30),
            growth: 1.5,
            idle: None,
        }
    }
}

impl PollPolicy {
    /// For lists: as the default, and every `idle` when nothing runs.
    pub fn for_list(idle: Duration) -> Self {
        PollPolicy {
            idle: Some(idle),
            ..Default::default()
        }
    }
}

/// What the last poll showed.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A result: whether anything is still live, and whether it differs from the previous one.
    Seen { live: bool, changed: bool },
    /// The poll failed.
    Failed(ApiError),
}

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    Wait(Duration),
    /// The tab is hidden: wait until it is visible again, then poll at once.
    Paused,
    Stop,
}

/// The moving part of the policy.
#[derive(Debug, Clone, PartialEq)]
pub struct PollState {
    pub policy: PollPolicy,
    interval: Duration,
}

impl PollState {
    pub fn new(policy: PollPolicy) -> Self {
        let interval = policy.fast;
        PollState { policy, interval }
    }

    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// The decision after a poll with `outcome`, `hidden` being whether the tab is hidden now.
    pub fn next(&mut self, outcome: &Outcome, hidden: bool) -> Next {
        let p = &self.policy;
        let grown = Duration::from_secs_f64(
            (self.interval.as_secs_f64() * p.growth.max(1.0)).min(p.slow.as_secs_f64()),
        );
        let decision = match outcome {
            Outcome::Failed(e) if e.is_aborted() => return Next::Stop,
            // Retrying will not fix a wrong token, a deleted runner or a refused request.
            Outcome::Failed(e) if !e.is_transient() && e.kind != ApiErrorKind::Decode => {
                return Next::Stop
            }
            Outcome::Failed(e) => {
                let doubled = Duration::from_secs_f64(
                    (self.interval.as_secs_f64() * 2.0).min(p.slow.as_secs_f64()),
                );
                self.interval = doubled.max(e.retry_after().unwrap_or_default());
                Next::Wait(self.interval)
            }
            Outcome::Seen { live: false, .. } => match p.idle {
                Some(idle) => {
                    self.interval = p.fast;
                    Next::Wait(idle)
                }
                None => return Next::Stop,
            },
            Outcome::Seen {
                live: true,
                changed: true,
            } => {
                self.interval = p.fast;
                Next::Wait(self.interval)
            }
            Outcome::Seen {
                live: true,
                changed: false,
            } => {
                self.interval = grown;
                Next::Wait(self.interval)
            }
        };
        if hidden {
            Next::Paused
        } else {
            decision
        }
    }

    /// Something happened that makes news likely (the user acted): back to fast.
    pub fn hurry(&mut self) {
        self.interval = self.policy.fast;
    }
}

/// What a poll result says, for the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    pub live: bool,
    /// Anything that changes when the result changes.
    pub fingerprint: String,
}

/// Changes when a runner visibly changes.
pub fn runner_fingerprint(r: &AgentRunner) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        r.state,
        r.updated_at.as_str(),
        r.latest_session_state
            .as_ref()
            .map(|s| s.as_str())
            .unwrap_or(""),
        r.current_task.as_deref().unwrap_or(""),
        r.pr_url.as_deref().unwrap_or("")
    )
}

/// Changes when any session visibly changes (steps included).
pub fn sessions_fingerprint(sessions: &[Session]) -> String {
    sessions
        .iter()
        .map(|s| {
            format!(
                "{}:{}:{}:{}",
                s.id,
                s.state,
                s.updated_at.as_str(),
                s.steps.len()
            )
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Observation of one runner.
pub fn observe_runner(r: &AgentRunner) -> Observed {
    Observed {
        live: r.is_changing(),
        fingerprint: runner_fingerprint(r),
    }
}

/// Observation of a list of runners: live while any of them is.
pub fn observe_runners(rs: &[AgentRunner]) -> Observed {
    Observed {
        live: rs.iter().any(|r| observe_runner(r).live),
        fingerprint: rs
            .iter()
            .map(runner_fingerprint)
            .collect::<Vec<_>>()
            .join(","),
    }
}

// ---------------------------------------------------------------------------------------------
// Runtime

mod runtime {
    use super::*;
    use futures::channel::mpsc;
    use futures::StreamExt;
    use std::cell::{Cell, RefCell};
    use std::future::Future;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    struct Inner {
        stopped: Cell<bool>,
        wake: RefCell<Option<mpsc::UnboundedSender<Wake>>>,
        state: RefCell<PollState>,
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Wake {
        Now,
        Visibility,
        Stop,
    }

    /// A running poll loop. Cheap to clone; stops when [`Poller::stop`] is called or its scope
    /// is aborted (dropping the handle does not stop it).
    #[derive(Clone)]
    pub struct Poller(Rc<Inner>);

    fn tab_hidden() -> bool {
        web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
    }

    impl Poller {
        /// Starts polling at once: `fetch` is run inside `scope`, each result goes to `deliver`
        /// (errors too; aborted requests are not delivered), `observe` tells the policy whether
        /// the result is live and whether it changed.
        pub fn start<T, F, Fut>(
            scope: &RequestScope,
            policy: PollPolicy,
            fetch: F,
            observe: impl Fn(&T) -> Observed + 'static,
            deliver: impl Fn(Result<T, ApiError>) + 'static,
        ) -> Poller
        where
            T: 'static,
            F: Fn() -> Fut + 'static,
            Fut: Future<Output = Result<T, ApiError>> + 'static,
        {
            let (tx, mut rx) = mpsc::unbounded::<Wake>();
            let inner = Rc::new(Inner {
                stopped: Cell::new(false),
                wake: RefCell::new(Some(tx.clone())),
                state: RefCell::new(PollState::new(policy)),
            });
            let poller = Poller(inner.clone());
            {
                let p = poller.clone();
                scope.on_abort(move || p.stop());
            }
            // Wake up when the tab becomes visible again.
            let document = web_sys::window().and_then(|w| w.document());
            let listener = {
                let tx = tx.clone();
                Closure::<dyn Fn()>::new(move || {
                    let _ = tx.unbounded_send(Wake::Visibility);
                })
            };
            if let Some(d) = &document {
                let _ = d.add_event_listener_with_callback(
                    "visibilitychange",
                    listener.as_ref().unchecked_ref(),
                );
            }
            // Back online after errors and long waits: poll at once, so the page recovers by
            // itself instead of after its longest back-off.
            let window = web_sys::window();
            let online = {
                let tx = tx.clone();
                Closure::<dyn Fn()>::new(move || {
                    let _ = tx.unbounded_send(Wake::Now);
                })
            };
            if let Some(w) = &window {
                let _ =
                    w.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
            }
            let scope = scope.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut last: Option<String> = None;
                loop {
                    if inner.stopped.get() {
                        break;
                    }
                    if tab_hidden() {
                        // Paused: wait for visibility (or stop / poll_now).
                        match rx.next().await {
                            None | Some(Wake::Stop) => break,
                            Some(_) => continue,
                        }
                    }
                    let result = scope.run(fetch()).await;
                    if inner.stopped.get() {
                        break;
                    }
                    let outcome = match &result {
                        Ok(v) => {
                            let o = observe(v);
                            let changed = last.as_ref() != Some(&o.fingerprint);
                            last = Some(o.fingerprint);
                            Outcome::Seen {
                                live: o.live,
                                changed,
                            }
                        }
                        Err(e) => Outcome::Failed(e.clone()),
                    };
                    if !matches!(&result, Err(e) if e.is_aborted()) {
                        deliver(result);
                    }
                    let next = inner.state.borrow_mut().next(&outcome, tab_hidden());
                    match next {
                        Next::Stop => break,
                        Next::Paused => continue,
                        Next::Wait(d) => {
                            let timer = super::super::http::sleep(d);
                            futures::pin_mut!(timer);
                            // Sleep, unless woken up; visibility changes only matter when paused.
                            loop {
                                let woke = futures::future::select(timer.as_mut(), rx.next()).await;
                                match woke {
                                    futures::future::Either::Left(_) => break,
                                    futures::future::Either::Right((
                                        None | Some(Wake::Stop),
                                        _,
                                    )) => {
                                        inner.stopped.set(true);
                                        break;
                                    }
                                    futures::future::Either::Right((Some(Wake::Now), _)) => break,
                                    futures::future::Either::Right((Some(Wake::Visibility), _)) => {
                                        continue
                                    }
                                }
                            }
                        }
                    }
                }
                inner.stopped.set(true);
                if let Some(d) = &document {
                    let _ = d.remove_event_listener_with_callback(
                        "visibilitychange",
                        listener.as_ref().unchecked_ref(),
                    );
                }
                drop(listener);
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(
                        "online",
                        online.as_ref().unchecked_ref(),
                    );
                }
                drop(online);
                inner.wake.borrow_mut().take();
            });
            poller
        }

        /// Polls at once and goes back to the fast pace (after the user acted).
        pub fn poll_now(&self) {
            self.0.state.borrow_mut().hurry();
            if let Some(tx) = &*self.0.wake.borrow() {
                let _ = tx.unbounded_send(Wake::Now);
            }
        }

        pub fn stop(&self) {
            if self.0.stopped.replace(true) {
                return;
            }
            if let Some(tx) = &*self.0.wake.borrow() {
                let _ = tx.unbounded_send(Wake::Stop);
            }
        }

        pub fn is_stopped(&self) -> bool {
            self.0.stopped.get()
        }
    }
}

pub use runtime::Poller;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::Service;

    fn seen(live: bool, changed: bool) -> Outcome {
        Outcome::Seen { live, changed }
    }

    #[test]
    fn fast_while_running_and_changing() {
        let mut s = PollState::new(PollPolicy::default());
        assert_eq!(
            s.next(&seen(true, true), false),
            Next::Wait(Duration::from_secs(2))
        );
        assert_eq!(
            s.next(&seen(true, true), false),
            Next::Wait(Duration::from_secs(2))
        );
    }

    #[test]
    fn backs_off_while_nothing_changes_then_speeds_up_again() {
        let mut s = PollState::new(PollPolicy::default());
        let mut waits = Vec::new();
        for _ in 0..12 {
            match s.next(&seen(true, false), false) {
                Next::Wait(d) => waits.push(d),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(waits[0], Duration::from_secs(3));
        assert!(waits.windows(2).all(|w| w[1] >= w[0]));
        assert_eq!(*waits.last().unwrap(), Duration::from_secs(30));
        assert_eq!(
            s.next(&seen(true, true), false),
            Next::Wait(Duration::from_secs(2))
        );
        s.next(&seen(true, false), false);
        s.hurry();
        assert_eq!(s.interval(), Duration::from_secs(2));
    }

    #[test]
    fn pauses_while_hidden() {
        let mut s = PollState::new(PollPolicy::default());
        assert_eq!(s.next(&seen(true, true), true), Next::Paused);
        // Terminal wins over hidden.
        assert_eq!(s.next(&seen(false, true), true), Next::Stop);
    }

    #[test]
    fn stops_at_terminal_states_unless_idle_polling() {
        let mut s = PollState::new(PollPolicy::default());
        assert_eq!(s.next(&seen(false, true), false), Next::Stop);
        let mut s = PollState::new(PollPolicy::for_list(Duration::from_secs(60)));
        assert_eq!(
            s.next(&seen(false, false), false),
            Next::Wait(Duration::from_secs(60))
        );
    }

    #[test]
    fn errors_back_off_or_stop() {
        let mut s = PollState::new(PollPolicy::default());
        let net = Outcome::Failed(ApiError::network(Service::Netlify, "x"));
        assert_eq!(s.next(&net, false), Next::Wait(Duration::from_secs(4)));
        assert_eq!(s.next(&net, false), Next::Wait(Duration::from_secs(8)));
        let rate = Outcome::Failed(ApiError::from_response(
            Service::Netlify,
            429,
            "",
            Some("20"),
        ));
        assert_eq!(s.next(&rate, false), Next::Wait(Duration::from_secs(20)));
        let unauthorized =
            Outcome::Failed(ApiError::from_response(Service::Netlify, 401, "", None));
        assert_eq!(s.next(&unauthorized, false), Next::Stop);
        let gone = Outcome::Failed(ApiError::from_response(Service::Netlify, 404, "", None));
        assert_eq!(s.next(&gone, false), Next::Stop);
        assert_eq!(
            s.next(&Outcome::Failed(ApiError::aborted(Service::Netlify)), false),
            Next::Stop
        );
    }

    #[test]
    fn runner_observation() {
        let json = r#"{"id":"r1","site_id":"s","state":"running","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:01Z","latest_session_state":"running"}"#;
        let mut r: AgentRunner = serde_json::from_str(json).unwrap();
        let a = observe_runner(&r);
        assert!(a.live);
        r.state = agentdeck_wire::netlify::RunnerState::Done;
        r.latest_session_state = Some(agentdeck_wire::netlify::SessionState::Done);
        let b = observe_runner(&r);
        assert!(!b.live);
        assert_ne!(a.fingerprint, b.fingerprint);
        assert!(observe_runners(&[r.clone(), serde_json::from_str(json).unwrap()]).live);
        assert!(!observe_runners(&[r]).live);
    }
}
