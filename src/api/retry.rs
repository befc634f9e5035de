//! Retry policy: which failed requests may be sent again, and after how long.
//!
//! Pure: the request layer asks [`RetryPolicy::next_delay`] after each failure and passes a random
//! number in `[0, 1)` for the jitter, so this module is tested natively.

use super::error::{ApiError, ApiErrorKind};
use std::time::Duration;

/// Whether a request may be repeated without changing its effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idempotence {
    /// GET and other reads.
    Safe,
    /// A create carrying an `Idempotency-Key` header (the same key on every attempt).
    KeyedCreate(String),
    /// Anything else: never repeated automatically.
    Unsafe,
}

impl Idempotence {
    pub fn may_retry(&self) -> bool {
        !matches!(self, Idempotence::Unsafe)
    }
}

/// Exponential backoff with jitter.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// Delay before the first retry (before jitter).
    pub base: Duration,
    /// Cap of the computed delay.
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is not waited for: the error goes to the user instead.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base: Duration::from_millis(400),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Default::default()
        }
    }

    /// Exponential delay before retry number `retry` (1 for the first retry), with "equal jitter":
    /// half the delay is fixed, the other half random (`random` in `[0, 1)`).
    pub fn backoff(&self, retry: u32, random: f64) -> Duration {
        let exp = retry.saturating_sub(1).min(20);
        let raw = self.base.as_secs_f64() * f64::from(1u32 << exp);
        let capped = raw.min(self.max_delay.as_secs_f64());
        let random = if random.is_finite() {
            random.clamp(0.0, 1.0)
        } else {
            0.5
        };
        Duration::from_secs_f64(capped / 2.0 + capped / 2.0 * random)
    }

    /// After attempt number `attempt` (1-based) failed with `err`: the delay before trying again,
    /// or `None` to give up and return the error.
    pub fn next_delay(
        &self,
        idempotence: &Idempotence,
        attempt: u32,
        err: &ApiError,
        random: f64,
    ) -> Option<Duration> {
        // A body that could not be read may have been cut off on the way: worth another try
        // when repeating is harmless.
        let retryable = err.is_transient() || err.kind == ApiErrorKind::Decode;
        if !idempotence.may_retry() || !retryable || attempt >= self.max_attempts {
            return None;
        }
        let backoff = self.backoff(attempt, random);
        match err.kind {
            ApiErrorKind::RateLimited {
                retry_after: Some(after),
            } => {
                if after > self.max_retry_after {
                    None
                } else {
                    Some(after.max(backoff.min(after + Duration::from_millis(250))))
                }
            }
            _ => Some(backoff),
        }
    }
}

/// Backoff for reconnecting something long-lived (the event stream): grows without a cap on the
/// number of attempts.
pub fn reconnect_delay(attempt: u32, random: f64) -> Duration {
    let policy = RetryPolicy {
        max_attempts: u32::MAX,
        base: Duration::from_millis(500),
        max_delay: Duration::from_secs(30),
        max_retry_after: Duration::from_secs(60),
    };
    policy.backoff(attempt.max(1), random)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::Service;

    fn err(status: u16, retry_after: Option<&str>) -> ApiError {
        ApiError::from_response(Service::Netlify, status, "", retry_after)
    }

    #[test]
    fn backoff_grows_exponentially_with_jitter_and_a_cap() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1, 0.0), Duration::from_millis(200));
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(400));
        assert_eq!(p.backoff(2, 1.0), Duration::from_millis(800));
        assert_eq!(p.backoff(3, 1.0), Duration::from_millis(1600));
        assert_eq!(p.backoff(30, 1.0), Duration::from_secs(8));
        assert_eq!(p.backoff(30, 0.0), Duration::from_secs(4));
        let mid = p.backoff(2, 0.5);
        assert!(mid > Duration::from_millis(400) && mid < Duration::from_millis(800));
        assert_eq!(p.backoff(1, f64::NAN), p.backoff(1, 0.5));
    }

    #[test]
    fn retries_only_what_may_be_repeated() {
        let p = RetryPolicy::default();
        let safe = Idempotence::Safe;
        let keyed = Idempotence::KeyedCreate("k".into());
        let unsafe_ = Idempotence::Unsafe;
        for e in [
            err(500, None),
            err(503, None),
            err(429, None),
            ApiError::network(Service::Netlify, "x"),
            ApiError::timeout(Service::Netlify),
        ] {
            assert!(p.next_delay(&safe, 1, &e, 0.5).is_some(), "{e:?}");
            assert!(p.next_delay(&keyed, 1, &e, 0.5).is_some(), "{e:?}");
            assert!(p.next_delay(&unsafe_, 1, &e, 0.5).is_none(), "{e:?}");
        }
        for e in [
            err(400, None),
            err(401, None),
            err(403, None),
            err(404, None),
            err(409, None),
            err(422, None),
            ApiError::aborted(Service::Netlify),
        ] {
            assert!(p.next_delay(&safe, 1, &e, 0.5).is_none(), "{e:?}");
        }
    }

    #[test]
    fn unreadable_bodies_are_retried_only_when_harmless() {
        let p = RetryPolicy::default();
        let e = ApiError::decode(Service::Netlify, "EOF while parsing");
        assert!(p.next_delay(&Idempotence::Safe, 1, &e, 0.5).is_some());
        assert!(p
            .next_delay(&Idempotence::KeyedCreate("k".into()), 1, &e, 0.5)
            .is_some());
        assert!(p.next_delay(&Idempotence::Unsafe, 1, &e, 0.5).is_none());
    }

    #[test]
    fn gives_up_after_max_attempts() {
        let p = RetryPolicy::default();
        let e = err(500, None);
        assert!(p.next_delay(&Idempotence::Safe, 3, &e, 0.5).is_some());
        assert!(p.next_delay(&Idempotence::Safe, 4, &e, 0.5).is_none());
        assert!(RetryPolicy::none()
            .next_delay(&Idempotence::Safe, 1, &e, 0.5)
            .is_none());
    }

    #[test]
    fn honours_retry_after() {
        let p = RetryPolicy::default();
        let d = p
            .next_delay(&Idempotence::Safe, 1, &err(429, Some("2")), 0.0)
            .unwrap();
        assert!(
            d >= Duration::from_secs(2) && d <= Duration::from_millis(2250),
            "{d:?}"
        );
        // Too long a wait goes back to the user.
        assert!(p
            .next_delay(&Idempotence::Safe, 1, &err(429, Some("120")), 0.0)
            .is_none());
        // Without the header, plain backoff.
        assert_eq!(
            p.next_delay(&Idempotence::Safe, 1, &err(429, None), 1.0),
            Some(Duration::from_millis(400))
        );
    }

    #[test]
    fn reconnect_delay_is_capped() {
        assert!(reconnect_delay(1, 0.0) >= Duration::from_millis(250));
        assert!(reconnect_delay(100, 1.0) <= Duration::from_secs(30));
    }
}
