//! The account: its credit balance (charged by the simulation, checked by dispatch) and what
//! `GET /account` shows.

use super::records::{FileRec, FILE};
use crate::state::Shared;
use agentdeck_wire::agentcontainer::*;

pub fn credits(st: &Shared) -> f64 {
    st.store
        .meta("ac_credits")
        .and_then(|v| v.parse().ok())
        .unwrap_or(st.config.initial_credits)
}

pub fn set_credits(st: &Shared, v: f64) {
    st.store.set_meta("ac_credits", &format!("{v}"));
}

pub fn charge(st: &Shared, usd: f64) {
    set_credits(st, ((credits(st) - usd) * 10_000.0).round() / 10_000.0);
}

/// Records when the account was created (once).
pub fn ensure_created(st: &Shared) {
    if st.store.meta("ac_account_created").is_none() {
        st.store
            .set_meta("ac_account_created", &crate::clock::now_ms().to_string());
    }
}

/// The account with its credits and storage use.
pub fn account(st: &Shared) -> Account {
    let used: u64 = st
        .store
        .list::<FileRec>(FILE, None)
        .iter()
        .filter_map(|f| f.file.size_bytes)
        .sum();
    let created = st
        .store
        .meta("ac_account_created")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(crate::clock::now_ms);
    Account {
        id: "acct_local".into(),
        name: Some("Local developer".into()),
        email: Some("dev@localhost".into()),
        credit_balance: credits(st),
        billing_mode: BillingMode::Standard,
        file_storage: StorageUsage {
            used_bytes: used,
            quota_bytes: 1 << 30,
            is_enforced: true,
        },
        checkpoint_storage: StorageUsage {
            used_bytes: 0,
            quota_bytes: 5 << 30,
            is_enforced: false,
        },
        created_at: crate::clock::ts(created),
    }
}
