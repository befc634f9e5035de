//! Rejected secrets between the request layer ([`crate::api::auth`]) and the app: a 401 marks
//! the service in the shared [`Rejected`] state (the banner asks for a new secret), and every
//! change of a secret in the connections (the banner, the Connections page, "forget") reaches
//! the request layer, so the requests waiting on a rejected secret go out with the new one.

use crate::api::{auth, Service};
use crate::config::{self, use_connections, use_rejected, Connections, Rejected};
use leptos::prelude::*;

/// Watches for rejected secrets while the calling component (the app) lives: from now on a
/// request refused with 401 waits for a new secret instead of failing.
pub fn use_rejected_secrets() -> RwSignal<Rejected> {
    let conns = use_connections();
    let rejected = use_rejected();
    let id = auth::watch(move |service, is_rejected| {
        rejected.try_update(|r| r.set(service, is_rejected));
    });
    on_cleanup(move || auth::unwatch(id));
    // A secret changed anywhere replaces a rejected one.
    Effect::new(move |before: Option<[String; 2]>| {
        let now = conns.with(secrets);
        if let Some(before) = before {
            for (i, service) in SERVICES.into_iter().enumerate() {
                if before[i] != now[i] {
                    auth::replace(service, &now[i]);
                }
            }
        }
        now
    });
    rejected
}

const SERVICES: [Service; 2] = [Service::Netlify, Service::AgentContainer];

fn secrets(c: &Connections) -> [String; 2] {
    SERVICES.map(|s| c.secret(s).to_string())
}

/// The user gives `secret` for `service` after a rejection: kept in memory and where they keep
/// secrets, and the waiting requests go out with it (even when it is the same secret again: the
/// 401 may have been a passing fault).
pub fn renew_secret(conns: RwSignal<Connections>, service: Service, secret: &str) {
    config::replace_secret(conns, service, secret);
    auth::replace(service, secret);
}
