//! Connections: where agentdeck finds each service, with what credentials, and whether they are
//! remembered on this device. Edits stay in the form until saved; a failed test keeps them.
//!
//! The browser can never submit this form by itself (say the app has crashed and the user
//! presses Enter): no field has a `name`, so nothing would be serialised, and the form's method
//! is `dialog`, whose submission outside a dialog does nothing. Only the app's handler saves, into
//! storage, never into the page address.

use crate::api::{
    self, AgentContainerConnection, NetlifyConnection, RequestScope, Service,
    AGENTCONTAINER_PRODUCTION_BASE, NETLIFY_PRODUCTION_BASE,
};
use crate::config::{self, base_url_problem, normalize_base_url, use_connections, Connections};
use agentdeck_wire::netlify::ListRunnersQuery;
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
enum Check {
    Idle,
    Running,
    Ok(String),
    Failed(String),
}

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let conns = use_connections();
    let start = conns.get_untracked();
    let nf = start.netlify.clone().unwrap_or_else(|| NetlifyConnection {
        base_url: NETLIFY_PRODUCTION_BASE.into(),
        ..Default::default()
    });
    let ac = start
        .agentcontainer
        .clone()
        .unwrap_or_else(|| AgentContainerConnection {
            base_url: AGENTCONTAINER_PRODUCTION_BASE.into(),
            ..Default::default()
        });
    let n_base = RwSignal::new(nf.base_url);
    let n_token = RwSignal::new(nf.token);
    let n_account = RwSignal::new(nf.account_id);
    let n_site = RwSignal::new(nf.site_id);
    let a_base = RwSignal::new(ac.base_url);
    let a_key = RwSignal::new(ac.api_key);
    let remember = RwSignal::new(start.remember);
    let show_secrets = RwSignal::new(false);
    let netlify_check = RwSignal::new(Check::Idle);
    let ac_check = RwSignal::new(Check::Idle);
    let saved = RwSignal::new(false);
    let forgotten = RwSignal::new(None::<&'static str>);

    let draft = move || Connections {
        netlify: (!n_token.get().trim().is_empty() || !n_site.get().trim().is_empty()).then(|| {
            NetlifyConnection {
                base_url: normalize_base_url(&n_base.get()),
                token: n_token.get().trim().to_string(),
                account_id: n_account.get().trim().to_string(),
                site_id: n_site.get().trim().to_string(),
            }
        }),
        agentcontainer: (!a_key.get().trim().is_empty()).then(|| AgentContainerConnection {
            base_url: normalize_base_url(&a_base.get()),
            api_key: a_key.get().trim().to_string(),
        }),
        remember: remember.get(),
    };
    let problems = Memo::new(move |_| {
        let mut p = Vec::new();
        if let Some(msg) = base_url_problem(&n_base.get()) {
            p.push(format!("Netlify: {msg}"));
        }
        if !n_token.get().trim().is_empty() && n_site.get().trim().is_empty() {
            p.push("Netlify: enter the site id whose runners you want to see.".to_string());
        }
        if let Some(msg) = base_url_problem(&a_base.get()) {
            p.push(format!("AgentContainer: {msg}"));
        }
        p
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !problems.read().is_empty() {
            return;
        }
        let c = draft();
        config::save(&c);
        conns.set(c);
        saved.set(true);
    };
    // Forgets one service's secret (or all): from both storages, from memory and from the form.
    let forget = move |service: Option<Service>| {
        config::forget_secrets(conns, service);
        if service != Some(Service::AgentContainer) {
            n_token.set(String::new());
        }
        if service != Some(Service::Netlify) {
            a_key.set(String::new());
        }
        saved.set(false);
        forgotten.set(Some(match service {
            Some(Service::Netlify) => "The Netlify token is forgotten on this device.",
            Some(Service::AgentContainer) => {
                "The AgentContainer API key is forgotten on this device."
            }
            None => "Every secret is forgotten on this device.",
        }));
    };
    // A test tries exactly the secret typed and reports a rejection here (not in the banner).
    let test_scope = || RequestScope::new().exact_secrets();
    let test_netlify = move |_| {
        let Some(conn) = draft().netlify else {
            netlify_check.set(Check::Failed("Enter a token and a site id first.".into()));
            return;
        };
        netlify_check.set(Check::Running);
        leptos::task::spawn_local(async move {
            let q = ListRunnersQuery {
                per_page: Some(1),
                ..Default::default()
            };
            let answer = test_scope()
                .run(api::netlify::list_runners(&conn, &q))
                .await;
            let outcome = match answer {
                Ok(page) => Check::Ok(match page.links.total {
                    Some(n) => format!("Connected: {n} runners on this site."),
                    None => "Connected.".to_string(),
                }),
                Err(e) => Check::Failed(e.user_message()),
            };
            netlify_check.try_set(outcome);
        });
    };
    let test_ac = move |_| {
        let Some(conn) = draft().agentcontainer else {
            ac_check.set(Check::Failed("Enter an API key first.".into()));
            return;
        };
        ac_check.set(Check::Running);
        leptos::task::spawn_local(async move {
            let answer = test_scope()
                .run(api::agentcontainer::get_account(&conn))
                .await;
            let outcome = match answer {
                Ok(_) => Check::Ok("Connected.".to_string()),
                Err(e) => Check::Failed(e.user_message()),
            };
            ac_check.try_set(outcome);
        });
    };
    let secret_type = move || {
        if show_secrets.get() {
            "text"
        } else {
            "password"
        }
    };

    let n_base_problem = Signal::derive(move || base_url_problem(&n_base.get()));
    let a_base_problem = Signal::derive(move || base_url_problem(&a_base.get()));
    let secret_kind = Signal::derive(secret_type);

    view! {
        <section class="page connections-page">
            <header class="page-header"><h1>"Connections"</h1></header>
            // No `name` on any field and method="dialog": see the module comment.
            <form
                class="connections-form"
                method="dialog"
                aria-label="Connections"
                on:submit=save
                on:input=move |_| {
                    saved.set(false);
                    forgotten.set(None);
                }
            >
                <fieldset class="card">
                    <legend>"Netlify Agent Runners"</legend>
                    <Field label="API base URL" id="netlify-base-url" value=n_base kind="url" problem=n_base_problem />
                    <Field label="Personal access token" id="netlify-token" value=n_token kind=secret_kind />
                    <Field label="Account id" id="netlify-account-id" value=n_account kind="text" />
                    <Field label="Site id" id="netlify-site-id" value=n_site kind="text" />
                    <div class="row">
                        <button type="button" class="button" on:click=test_netlify disabled=move || netlify_check.get() == Check::Running>"Test Netlify connection"</button>
                        <button type="button" class="button button-quiet" on:click=move |_| forget(Some(Service::Netlify))>"Forget the Netlify token"</button>
                        <CheckResult check=netlify_check />
                    </div>
                </fieldset>
                <fieldset class="card">
                    <legend>"AgentContainer"</legend>
                    <Field label="API base URL" id="agentcontainer-base-url" value=a_base kind="url" problem=a_base_problem />
                    <Field label="API key" id="agentcontainer-api-key" value=a_key kind=secret_kind />
                    <div class="row">
                        <button type="button" class="button" on:click=test_ac disabled=move || ac_check.get() == Check::Running>"Test AgentContainer connection"</button>
                        <button type="button" class="button button-quiet" on:click=move |_| forget(Some(Service::AgentContainer))>"Forget the AgentContainer API key"</button>
                        <CheckResult check=ac_check />
                    </div>
                </fieldset>
                <div class="card">
                    <label class="checkbox">
                        <input type="checkbox" id="show-secrets" prop:checked=show_secrets on:change=move |ev| show_secrets.set(event_target_checked(&ev)) />
                        " Show secrets"
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" id="remember-secrets" aria-describedby="remember-hint" prop:checked=remember on:change=move |ev| remember.set(event_target_checked(&ev)) />
                        " Remember on this device"
                    </label>
                    <p id="remember-hint" class=move || if remember.get() { "notice remember-warning" } else { "hint" }>
                        {move || if remember.get() {
                            "Kept in this browser's local storage until you forget them: anyone who \
                             uses this browser profile can use these secrets and act on your accounts \
                             with them. Tick this only on a computer that is yours alone."
                        } else {
                            "Secrets are kept only for this tab: closing it forgets them. Base URLs \
                             and ids are remembered."
                        }}
                    </p>
                    <ul class="form-problems" role="alert">
                        {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                    <div class="row">
                        <button type="submit" class="button button-primary" disabled=move || !problems.read().is_empty()>"Save"</button>
                        <button type="button" class="button button-quiet" on:click=move |_| forget(None)>"Forget all secrets"</button>
                        <Show when=move || saved.get()><span class="ok save-status" role="status">"Saved."</span></Show>
                        {move || forgotten.get().map(|m| view! { <span class="ok forget-status" role="status">{m}</span> })}
                    </div>
                </div>
            </form>
        </section>
    }
}

/// A labelled input without a `name` (so a browser never serialises it), with the problem of
/// its value, if any, said right under it.
#[component]
fn Field(
    label: &'static str,
    id: &'static str,
    value: RwSignal<String>,
    #[prop(into)] kind: Signal<&'static str>,
    #[prop(optional, into)] problem: Option<Signal<Option<&'static str>>>,
) -> impl IntoView {
    let problem = move || problem.and_then(|p| p.get());
    let problem_id = format!("{id}-problem");
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=move || kind.get()
                id=id
                autocomplete="off"
                spellcheck="false"
                aria-invalid=move || problem().is_some().then_some("true")
                aria-describedby=problem_id.clone()
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <span class="field-error" id=problem_id>{problem}</span>
        </label>
    }
}

#[component]
fn CheckResult(check: RwSignal<Check>) -> impl IntoView {
    move || match check.get() {
        Check::Idle => ().into_any(),
        Check::Running => view! { <span class="check" role="status">"Testing…"</span> }.into_any(),
        Check::Ok(m) => view! { <span class="check ok" role="status">{m}</span> }.into_any(),
        Check::Failed(m) => view! { <span class="check error" role="alert">{m}</span> }.into_any(),
    }
}
