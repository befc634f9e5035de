//! What the account page says about credits and storage, as plain functions: whether the
//! balance allows a dispatch, how full a storage quota is, byte counts in words.

use agentdeck_wire::agentcontainer::{BillingMode, StorageUsage};

/// Below this balance (USD) the page warns that credits are running low.
pub const LOW_CREDITS_USD: f64 = 1.0;

/// What the balance means for dispatching tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditState {
    /// Unlimited grant: never blocked or charged by the balance.
    Unlimited,
    Enough,
    /// Still above zero, but a task or two may use it up.
    Low,
    /// Zero or less: dispatches are refused with 402.
    TooLowToDispatch,
}

pub fn credit_state(balance: f64, mode: &BillingMode) -> CreditState {
    if *mode == BillingMode::UnlimitedGrant {
        CreditState::Unlimited
    } else if !balance.is_finite() || balance <= 0.0 {
        CreditState::TooLowToDispatch
    } else if balance < LOW_CREDITS_USD {
        CreditState::Low
    } else {
        CreditState::Enough
    }
}

/// "$24.47", "-$0.50".
pub fn usd(amount: f64) -> String {
    if amount < 0.0 {
        format!("-${:.2}", -amount)
    } else {
        format!("${amount:.2}")
    }
}

/// The billing mode in words; an unknown mode is shown as sent.
pub fn billing_mode_text(mode: &BillingMode) -> String {
    match mode {
        BillingMode::Standard => "Standard: tasks are paid from prepaid credits".into(),
        BillingMode::UnlimitedGrant => {
            "Unlimited grant: tasks are neither blocked nor charged by the balance".into()
        }
        BillingMode::Unknown(other) => other.clone(),
    }
}

/// "512 B", "2.0 KB", "1.5 MB", "1.0 GB".
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// How full a storage quota is: the bar's fill (0 to 1) and the sentence beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageSummary {
    pub fraction: f64,
    pub text: String,
    pub over_quota: bool,
}

pub fn usage_summary(u: &StorageUsage) -> UsageSummary {
    let used = format_bytes(u.used_bytes);
    if u.quota_bytes == 0 {
        return UsageSummary {
            fraction: 0.0,
            text: format!("{used} used (no quota)"),
            over_quota: false,
        };
    }
    let ratio = u.used_bytes as f64 / u.quota_bytes as f64;
    let over = u.used_bytes > u.quota_bytes;
    let percent = if u.used_bytes > 0 && ratio < 0.01 {
        "under 1%".to_string()
    } else {
        format!("{:.0}%", ratio * 100.0)
    };
    let enforced = if u.is_enforced {
        "quota enforced"
    } else {
        "quota not enforced"
    };
    let over_text = if over { ", over quota" } else { "" };
    UsageSummary {
        fraction: ratio.min(1.0),
        text: format!(
            "{used} of {} used ({percent}{over_text}; {enforced})",
            format_bytes(u.quota_bytes)
        ),
        over_quota: over,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_balance_decides_whether_tasks_can_be_dispatched() {
        let std = BillingMode::Standard;
        assert_eq!(credit_state(24.47, &std), CreditState::Enough);
        assert_eq!(credit_state(0.4, &std), CreditState::Low);
        assert_eq!(credit_state(0.0, &std), CreditState::TooLowToDispatch);
        assert_eq!(credit_state(-3.0, &std), CreditState::TooLowToDispatch);
        assert_eq!(credit_state(f64::NAN, &std), CreditState::TooLowToDispatch);
        assert_eq!(
            credit_state(0.0, &BillingMode::UnlimitedGrant),
            CreditState::Unlimited
        );
        // An unknown mode is treated like the standard one: the balance counts.
        assert_eq!(
            credit_state(0.0, &BillingMode::parse("enterprise")),
            CreditState::TooLowToDispatch
        );
    }

    #[test]
    fn money_and_modes_read_plainly() {
        assert_eq!(usd(24.47), "$24.47");
        assert_eq!(usd(0.0), "$0.00");
        assert_eq!(usd(-0.5), "-$0.50");
        assert!(billing_mode_text(&BillingMode::Standard).starts_with("Standard"));
        assert_eq!(
            billing_mode_text(&BillingMode::parse("enterprise")),
            "enterprise"
        );
    }

    #[test]
    fn bytes_and_quotas_read_plainly() {
        assert_eq!(format_bytes(512), "512 B");
        assert_eq!(format_bytes(2048), "2.0 KB");
        assert_eq!(format_bytes(3 * 1024 * 1024 / 2), "1.5 MB");
        assert_eq!(format_bytes(1 << 30), "1.0 GB");
        let u = |used, quota, is_enforced| StorageUsage {
            used_bytes: used,
            quota_bytes: quota,
            is_enforced,
        };
        let s = usage_summary(&u(256 << 20, 1 << 30, true));
        assert_eq!(s.fraction, 0.25);
        assert_eq!(s.text, "256.0 MB of 1.0 GB used (25%; quota enforced)");
        assert!(!s.over_quota);
        let s = usage_summary(&u(10, 1 << 30, false));
        assert_eq!(s.text, "10 B of 1.0 GB used (under 1%; quota not enforced)");
        let s = usage_summary(&u(2 << 30, 1 << 30, true));
        assert_eq!((s.fraction, s.over_quota), (1.0, true));
        assert!(s.text.contains("over quota"), "{}", s.text);
        assert_eq!(usage_summary(&u(5, 0, false)).text, "5 B used (no quota)");
    }
}
