//! `/agentcontainer/account`: the credit balance and billing mode, file and checkpoint storage
//! against their quotas (a bar each, with the numbers in words), and a banner when the balance
//! is too low to dispatch (what a 402 means). [`usage`] holds the rules, tested natively.

pub mod usage;

use super::common::{use_ac_connection, ErrorNotice, NotConnected};
use crate::api;
use crate::components::short_id::ShortId;
use crate::hooks::tab_title::use_tab_title;
use crate::hooks::use_request_scope;
use agentdeck_wire::agentcontainer::{Account, StorageUsage};
use leptos::prelude::*;
use usage::{billing_mode_text, credit_state, usage_summary, usd, CreditState};

#[component]
pub fn AccountPage() -> impl IntoView {
    use_tab_title(|| "Account · AgentContainer".to_string());
    let conn = use_ac_connection();
    let scope = use_request_scope();
    let account = LocalResource::new(move || {
        let (conn, scope) = (conn.get(), scope.clone());
        async move {
            let conn = conn?;
            Some(scope.run(api::agentcontainer::get_account(&conn)).await)
        }
    });
    let retry = Callback::new(move |_| account.refetch());

    view! {
        <section class="page ac-account-page">
            <header class="page-header">
                <h1>"Account"</h1>
                <button type="button" class="button" on:click=move |_| account.refetch()>
                    "Refresh"
                </button>
            </header>
            {move || match account.get() {
                None if conn.read().is_some() => {
                    view! { <p class="loading" role="status">"Loading the account…"</p> }.into_any()
                }
                None | Some(None) => view! { <NotConnected what="your account" /> }.into_any(),
                Some(Some(Err(e))) if e.is_aborted() => ().into_any(),
                Some(Some(Err(e))) => view! { <ErrorNotice error=e retry=retry /> }.into_any(),
                Some(Some(Ok(a))) => view! { <AccountView account=a /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn AccountView(account: Account) -> impl IntoView {
    let state = credit_state(account.credit_balance, &account.billing_mode);
    let who = [account.name.clone(), account.email.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <CreditBanner state=state balance=account.credit_balance />
        <div class="card ac-account-summary">
            <p class="ac-account-who">{who}</p>
            <dl class="ac-facts">
                <dt>"Credit balance"</dt>
                <dd class="ac-credit-balance">{usd(account.credit_balance)}</dd>
                <dt>"Billing mode"</dt>
                <dd class="ac-billing-mode">{billing_mode_text(&account.billing_mode)}</dd>
                <dt>"Account id"</dt>
                <dd><ShortId id=account.id.clone() what="account id" /></dd>
            </dl>
        </div>
        <div class="card">
            <h2 class="ac-section-title">"Storage"</h2>
            <UsageBar label="File storage" usage=account.file_storage.clone() />
            <UsageBar label="Checkpoint storage" usage=account.checkpoint_storage.clone() />
            <p class="hint">
                "File storage counts uploaded files (inputs, reference files). Checkpoint storage counts saved container states of hibernating and conversational tasks."
            </p>
        </div>
    }
}

/// What the balance means for dispatching, said plainly; nothing when there are enough credits.
#[component]
fn CreditBanner(state: CreditState, balance: f64) -> impl IntoView {
    match state {
        CreditState::TooLowToDispatch => Some(view! {
            <div class="notice notice-error ac-credit-banner" role="alert" data-credits="empty">
                <p>
                    <strong>{format!("Credits are too low to dispatch tasks (balance {}).", usd(balance))}</strong>
                </p>
                <p>
                    "Until credits are added, AgentContainer refuses new tasks and conversations with "
                    "HTTP 402 (Payment Required): nothing is started and nothing is charged. "
                    "What you typed in a dispatch form is kept, so you can send it again once the balance is above zero."
                </p>
            </div>
        }.into_any()),
        CreditState::Low => Some(view! {
            <div class="notice ac-credit-banner" role="status" data-credits="low">
                <p>
                    {format!("Credits are running low ({}). ", usd(balance))}
                    "When the balance reaches zero, new tasks are refused with HTTP 402 (Payment Required)."
                </p>
            </div>
        }.into_any()),
        CreditState::Enough | CreditState::Unlimited => None,
    }
}

/// One storage quota: a bar and the same numbers in words (never colour only).
#[component]
fn UsageBar(label: &'static str, usage: StorageUsage) -> impl IntoView {
    let s = usage_summary(&usage);
    let id = format!("usage-{}", label.to_ascii_lowercase().replace(' ', "-"));
    view! {
        <div class="ac-usage" data-over-quota=s.over_quota.to_string()>
            <div class="ac-usage-label" id=id.clone()>{label}</div>
            <meter
                class="ac-usage-bar"
                min="0"
                max="1"
                high="0.9"
                optimum="0"
                value=s.fraction.to_string()
                aria-labelledby=id
            ></meter>
            <div class="ac-usage-text">{s.text}</div>
        </div>
        {s.over_quota.then(|| view! {
            <p class="notice notice-error" role="alert">
                {format!("{label} is over its quota: delete files or ask for more room before uploading more.")}
            </p>
        })}
    }
}
