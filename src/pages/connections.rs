//! Connections: where agentdeck finds each service, with what credentials, and whether they are
//! remembered on this device. Edits stay in the form until saved; a failed test keeps them.

use crate::api::{
    self, AgentContainerConnection, NetlifyConnection, AGENTCONTAINER_PRODUCTION_BASE,
    NETLIFY_PRODUCTION_BASE,
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

    let save = move |_| {
        if !problems.read().is_empty() {
            return;
        }
        let c = draft();
        config::save(&c);
        conns.set(c);
        saved.set(true);
    };
    let forget = move |_| {
        config::forget();
        conns.set(Connections::default());
        n_token.set(String::new());
        a_key.set(String::new());
        saved.set(false);
    };
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
            let outcome = match api::netlify::list_runners(&conn, &q).await {
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
            let outcome = match api::agentcontainer::get_account(&conn).await {
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

    view! {
        <section class="page connections-page">
            <header class="page-header"><h1>"Connections"</h1></header>
            <form class="connections-form" on:submit=|ev| ev.prevent_default() on:input=move |_| saved.set(false)>
                <fieldset class="card">
                    <legend>"Netlify Agent Runners"</legend>
                    <Field label="API base URL" name="netlify_base_url" value=n_base kind="url" />
                    <Field label="Personal access token" name="netlify_token" value=n_token kind=Signal::derive(secret_type) />
                    <Field label="Account id" name="netlify_account_id" value=n_account kind="text" />
                    <Field label="Site id" name="netlify_site_id" value=n_site kind="text" />
                    <div class="row">
                        <button type="button" class="button" on:click=test_netlify disabled=move || netlify_check.get() == Check::Running>"Test Netlify connection"</button>
                        <CheckResult check=netlify_check />
                    </div>
                </fieldset>
                <fieldset class="card">
                    <legend>"AgentContainer"</legend>
                    <Field label="API base URL" name="agentcontainer_base_url" value=a_base kind="url" />
                    <Field label="API key" name="agentcontainer_api_key" value=a_key kind=Signal::derive(secret_type) />
                    <div class="row">
                        <button type="button" class="button" on:click=test_ac disabled=move || ac_check.get() == Check::Running>"Test AgentContainer connection"</button>
                        <CheckResult check=ac_check />
                    </div>
                </fieldset>
                <div class="card">
                    <label class="checkbox">
                        <input type="checkbox" name="show_secrets" prop:checked=show_secrets on:change=move |ev| show_secrets.set(event_target_checked(&ev)) />
                        " Show secrets"
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" name="remember" prop:checked=remember on:change=move |ev| remember.set(event_target_checked(&ev)) />
                        " Remember on this device"
                    </label>
                    <p class="hint">
                        {move || if remember.get() {
                            "Saved in this browser's local storage until you forget them."
                        } else {
                            "Kept only for this tab: closing it forgets them."
                        }}
                    </p>
                    <ul class="form-problems" role="alert">
                        {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                    <div class="row">
                        <button type="submit" class="button button-primary" on:click=save disabled=move || !problems.read().is_empty()>"Save"</button>
                        <button type="button" class="button button-quiet" on:click=forget>"Forget on this device"</button>
                        <Show when=move || saved.get()><span class="ok save-status" role="status">"Saved."</span></Show>
                    </div>
                </div>
            </form>
        </section>
    }
}

#[component]
fn Field(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(into)] kind: Signal<&'static str>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=move || kind.get()
                name=name
                autocomplete="off"
                spellcheck="false"
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
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
