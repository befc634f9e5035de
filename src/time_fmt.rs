//! Human-readable times: "3 min ago", "4 min 15 s". Pure, so it is tested natively; the caller
//! passes "now" in.

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// How long ago `then_ms` was, seen at `now_ms` (both Unix milliseconds).
pub fn relative(then_ms: i64, now_ms: i64) -> String {
    let delta = now_ms - then_ms;
    if delta < -MINUTE {
        // Clock skew or a future date: say so rather than "-3 min ago".
        return format!("in {}", span(-delta));
    }
    if delta < 45 * SECOND {
        return "just now".into();
    }
    format!("{} ago", span(delta))
}

fn span(ms: i64) -> String {
    match ms {
        ms if ms < 90 * SECOND => "1 min".into(),
        ms if ms < HOUR => format!("{} min", (ms + MINUTE / 2) / MINUTE),
        ms if ms < 36 * HOUR => format!("{} h", (ms + HOUR / 2) / HOUR),
        ms if ms < 30 * DAY => format!("{} d", (ms + DAY / 2) / DAY),
        ms if ms < 365 * DAY => format!("{} mo", ms / (30 * DAY)),
        ms => format!("{} y", ms / (365 * DAY)),
    }
}

/// A duration in milliseconds as "850 ms", "42 s", "4 min 15 s", "2 h 5 min".
pub fn duration(ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return "—".into();
    }
    let ms = ms.round() as i64;
    if ms < SECOND {
        return format!("{ms} ms");
    }
    let s = (ms + SECOND / 2) / SECOND;
    match s {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => match s % 60 {
            0 => format!("{} min", s / 60),
            rem => format!("{} min {rem} s", s / 60),
        },
        s => match s % 3600 / 60 {
            0 => format!("{} h", s / 3600),
            rem => format!("{} h {rem} min", s / 3600),
        },
    }
}

/// Unix seconds at 00:00 UTC of a `YYYY-MM-DD` date, or `None` if it is not one.
pub fn date_to_unix_seconds(date: &str) -> Option<i64> {
    let ts = agentdeck_wire::Timestamp::new(format!("{date}T00:00:00Z"));
    (date.len() == 10).then_some(())?;
    ts.unix_millis().map(|ms| ms / 1000)
}

/// The start and the end (the next midnight) of a `YYYY-MM-DD` day in the user's time zone,
/// in Unix seconds; `None` if it is not a date. Daylight-saving days are 23 or 25 hours long.
/// Outside a browser (native unit tests) the time zone is UTC.
pub fn local_day_bounds(date: &str) -> Option<(i64, i64)> {
    let utc_midnight = date_to_unix_seconds(date)?;
    if cfg!(target_arch = "wasm32") {
        let part = |r: std::ops::Range<usize>| date.get(r)?.parse::<i32>().ok();
        let (y, m, d) = (part(0..4)?, part(5..7)?, part(8..10)?);
        // `Date` rolls day 32 over into the next month, and knows the zone's DST rules.
        let at = |day: i32| {
            let ms = js_sys::Date::new_with_year_month_day(y as u32, m - 1, day).get_time();
            (ms / 1000.0) as i64
        };
        Some((at(d), at(d + 1)))
    } else {
        Some((utc_midnight, utc_midnight + 86_400))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_read_naturally() {
        let now = 1_769_261_087_547;
        assert_eq!(relative(now, now), "just now");
        assert_eq!(relative(now - 30 * SECOND, now), "just now");
        assert_eq!(relative(now - 61 * SECOND, now), "1 min ago");
        assert_eq!(relative(now - 14 * MINUTE - 40 * SECOND, now), "15 min ago");
        assert_eq!(relative(now - 3 * HOUR, now), "3 h ago");
        assert_eq!(relative(now - 3 * DAY, now), "3 d ago");
        assert_eq!(relative(now - 95 * DAY, now), "3 mo ago");
        assert_eq!(relative(now - 800 * DAY, now), "2 y ago");
        assert_eq!(relative(now + 10 * MINUTE, now), "in 10 min");
        // A few seconds of clock skew is not "in the future".
        assert_eq!(relative(now + 20 * SECOND, now), "just now");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(850.0), "850 ms");
        assert_eq!(duration(42_000.0), "42 s");
        assert_eq!(duration(255_706.0), "4 min 16 s");
        assert_eq!(duration(120_000.0), "2 min");
        assert_eq!(duration(7_500_000.0), "2 h 5 min");
        assert_eq!(duration(f64::NAN), "—");
        assert_eq!(duration(-1.0), "—");
    }

    #[test]
    fn dates_convert_both_ways() {
        assert_eq!(date_to_unix_seconds("2026-01-24"), Some(1_769_212_800));
        assert_eq!(date_to_unix_seconds("2026-1-24"), None);
        assert_eq!(date_to_unix_seconds("tomorrow"), None);
        assert_eq!(date_to_unix_seconds(""), None);
    }
}
