//! Time: wall-clock timestamps, and simulated delays shortened by the speed factor.

use agentdeck_wire::Timestamp;
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub speed: f64,
}

impl Clock {
    pub fn new(speed: f64) -> Clock {
        Clock {
            speed: if speed.is_finite() && speed > 0.0 {
                speed
            } else {
                1.0
            },
        }
    }

    pub fn now_ms(&self) -> i64 {
        now_ms()
    }

    pub fn now(&self) -> Timestamp {
        Timestamp::from_unix_millis(now_ms())
    }

    /// The real duration of `nominal_ms` of simulated time.
    pub fn real(&self, nominal_ms: u64) -> Duration {
        Duration::from_secs_f64(nominal_ms as f64 / 1000.0 / self.speed)
    }

    pub async fn sleep(&self, nominal_ms: u64) {
        tokio::time::sleep(self.real(nominal_ms)).await
    }
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub fn ts(ms: i64) -> Timestamp {
    Timestamp::from_unix_millis(ms)
}

pub fn ms_of(t: &Timestamp) -> i64 {
    t.unix_millis().unwrap_or(0)
}
