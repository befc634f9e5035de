//! ISO 8601 / RFC 3339 timestamps as the APIs send them (`2026-01-24T13:24:47.547Z`).
//!
//! The original text is kept (so an odd format still renders and round-trips) and converted to
//! Unix milliseconds on demand. Written here rather than pulling a date crate into the wasm bundle:
//! the app only needs "how long ago" and "how long it took".

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    pub fn new(raw: impl Into<String>) -> Self {
        Timestamp(raw.into())
    }

    /// Formats Unix milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub fn from_unix_millis(ms: i64) -> Self {
        let days = ms.div_euclid(86_400_000);
        let rem = ms.rem_euclid(86_400_000);
        let (y, m, d) = civil_from_days(days);
        let (h, min, s, milli) = (
            rem / 3_600_000,
            rem / 60_000 % 60,
            rem / 1000 % 60,
            rem % 1000,
        );
        Timestamp(format!(
            "{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z"
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Unix milliseconds, or `None` when the text is not an RFC 3339 date-time.
    pub fn unix_millis(&self) -> Option<i64> {
        parse_rfc3339_millis(&self.0)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn parse_rfc3339_millis(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        part.iter().try_fold(0i64, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let sep = |at: usize, ok: &[u8]| b.get(at).is_some_and(|c| ok.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, se) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - start < 3 {
                millis = millis * 10 + i64::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start)..3 {
            millis *= 10;
        }
    }
    let offset_min = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        c @ (b'+' | b'-') if b.len() == i + 6 && b[i + 3] == b':' => {
            let v = num(i + 1, 2)? * 60 + num(i + 4, 2)?;
            if *c == b'-' {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    Some(((days * 86_400 + h * 3600 + mi * 60 + se) - offset_min * 60) * 1000 + millis)
}

// Howard Hinnant's civil-date algorithms (public domain), proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_reference_format() {
        let t = Timestamp::new("2026-01-24T13:24:47.547Z");
        // date -u -d 2026-01-24T13:24:47Z +%s => 1769261087
        assert_eq!(t.unix_millis(), Some(1_769_261_087_547));
    }

    #[test]
    fn accepts_offsets_and_missing_fraction() {
        assert_eq!(
            Timestamp::new("1970-01-01T00:00:00Z").unix_millis(),
            Some(0)
        );
        assert_eq!(
            Timestamp::new("1970-01-01T01:00:00+01:00").unix_millis(),
            Some(0)
        );
        assert_eq!(
            Timestamp::new("1970-01-01T00:00:00.1234567Z").unix_millis(),
            Some(123)
        );
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        for s in [
            "",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:00.Z",
            "２０２６",
        ] {
            assert_eq!(Timestamp::new(s).unix_millis(), None, "{s}");
        }
    }

    #[test]
    fn formats_and_parses_back() {
        for ms in [
            0,
            1_769_261_087_547,
            951_782_400_000, /* 2000-02-29 */
            -86_400_000,
        ] {
            let t = Timestamp::from_unix_millis(ms);
            assert_eq!(t.unix_millis(), Some(ms), "{t}");
        }
        assert_eq!(
            Timestamp::from_unix_millis(1_769_261_087_547).as_str(),
            "2026-01-24T13:24:47.547Z"
        );
    }
}
