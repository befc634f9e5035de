//! The webhooks page's state, shared by its parts (form, rows, secret panel, deliveries)
//! through context: the webhooks, the signing secret shown once (only in this signal: gone when
//! the page is left), the action running now and its refusal, and the recent deliveries
//! (all, or one webhook's from `?webhook=`), followed by a poller while any is pending or
//! retrying and started again after a test or a resend. The parts depend on this module, never
//! on each other.

use super::model::{observe_deliveries, OnceSecret, SecretText};
use crate::api::poll::{PollPolicy, Poller};
use crate::api::{self, AgentContainerConnection, ApiError, RequestScope};
use crate::hooks::use_request_scope;
use crate::pages::agentcontainer::common::{keep_read, run_action, use_ac_connection};
use crate::routes::use_query_value;
use agentdeck_wire::agentcontainer::{
    ListDeliveriesQuery, Webhook, WebhookDelivery, WebhookWithSecret,
};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;
use std::time::Duration;

/// How many recent deliveries are shown.
pub const DELIVERIES_SHOWN: u32 = 25;

/// A refused action on one webhook (or delivery), shown next to it.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// The webhook's or the delivery's id.
    pub id: String,
    pub error: ApiError,
}

#[derive(Clone, Copy)]
pub struct HooksCtx {
    pub conn: Memo<Option<AgentContainerConnection>>,
    /// `None` while the first read runs.
    pub hooks: RwSignal<Option<Vec<Webhook>>>,
    pub load_error: RwSignal<Option<ApiError>>,
    /// The signing secret shown once (after create or rotate).
    pub secret: RwSignal<Option<OnceSecret>>,
    pub busy: RwSignal<Option<String>>,
    pub row_error: RwSignal<Option<RowError>>,
    /// What the last action did, in words ("Test event queued.").
    pub notice: RwSignal<Option<(String, String)>>,
    /// The webhook the deliveries are narrowed to (`?webhook=`).
    pub filter: Memo<Option<String>>,
    pub deliveries: RwSignal<Option<Vec<WebhookDelivery>>>,
    pub deliveries_error: RwSignal<Option<ApiError>>,
    /// True while deliveries are followed live (some pending or retrying).
    pub following: RwSignal<bool>,
    scope: StoredValue<SendWrapper<RequestScope>>,
    poller: StoredValue<Option<SendWrapper<Poller>>>,
}

impl HooksCtx {
    pub fn provide() -> HooksCtx {
        let filter_q = use_query_value("webhook");
        let ctx = HooksCtx {
            conn: use_ac_connection(),
            hooks: RwSignal::new(None),
            load_error: RwSignal::new(None),
            secret: RwSignal::new(None),
            busy: RwSignal::new(None),
            row_error: RwSignal::new(None),
            notice: RwSignal::new(None),
            filter: Memo::new(move |_| filter_q.get().filter(|w| !w.is_empty())),
            deliveries: RwSignal::new(None),
            deliveries_error: RwSignal::new(None),
            following: RwSignal::new(false),
            scope: StoredValue::new(SendWrapper::new(use_request_scope())),
            poller: StoredValue::new(None),
        };
        provide_context(ctx);
        Effect::new(move |_| {
            if ctx.conn.read().is_some() {
                ctx.reload();
            }
        });
        // A new filter (or connection): follow that list from scratch.
        Effect::new(move |_| {
            let ready = ctx.conn.read().is_some();
            ctx.filter.track();
            ctx.stop_following();
            ctx.deliveries.set(None);
            ctx.deliveries_error.set(None);
            if ready {
                ctx.follow();
            }
        });
        ctx
    }

    pub fn use_ctx() -> HooksCtx {
        expect_context::<HooksCtx>()
    }

    pub fn scope(&self) -> RequestScope {
        self.scope.with_value(|s| (**s).clone())
    }

    /// Reads the webhooks again.
    pub fn reload(&self) {
        let Some(conn) = self.conn.get_untracked() else {
            return;
        };
        let (ctx, scope) = (*self, self.scope());
        self.load_error.set(None);
        leptos::task::spawn_local(async move {
            let result = scope.run(api::agentcontainer::list_webhooks(&conn)).await;
            keep_read(result, ctx.load_error, |list| {
                ctx.hooks.try_set(Some(list.data));
            });
        });
    }

    fn stop_following(&self) {
        if let Some(p) = self.poller.get_value() {
            p.stop();
        }
        self.poller.set_value(None);
        self.following.set(false);
    }

    /// Reads the deliveries now and keeps following them while any is pending or retrying.
    pub fn follow(&self) {
        if let Some(p) = self.poller.get_value().filter(|p| !p.is_stopped()) {
            p.poll_now();
            return;
        }
        let Some(conn) = self.conn.get_untracked() else {
            return;
        };
        let query = ListDeliveriesQuery {
            webhook_id: self.filter.get_untracked(),
            limit: Some(DELIVERIES_SHOWN),
        };
        let policy = PollPolicy {
            fast: Duration::from_secs(1),
            slow: Duration::from_secs(15),
            growth: 1.5,
            idle: None,
        };
        let ctx = *self;
        let poller = Poller::start(
            &self.scope(),
            policy,
            move || {
                let (conn, query) = (conn.clone(), query.clone());
                async move {
                    api::agentcontainer::list_webhook_deliveries(&conn, &query)
                        .await
                        .map(|l| l.data)
                }
            },
            |list: &Vec<WebhookDelivery>| observe_deliveries(list),
            move |result| match result {
                Ok(list) => {
                    ctx.following.try_set(observe_deliveries(&list).live);
                    ctx.deliveries.try_set(Some(list));
                    ctx.deliveries_error.try_set(None);
                }
                Err(e) => {
                    ctx.following.try_set(false);
                    ctx.deliveries_error.try_set(Some(e));
                }
            },
        );
        self.poller.set_value(Some(SendWrapper::new(poller)));
    }

    /// Puts `hook` in the list (replacing the one with its id, or first when new).
    pub fn upsert(&self, hook: Webhook) {
        self.hooks.update(|list| {
            let list = list.get_or_insert_with(Vec::new);
            match list.iter().position(|h| h.id == hook.id) {
                Some(i) => list[i] = hook,
                None => list.insert(0, hook),
            }
        });
    }

    /// Keeps a create's or rotation's answer: the webhook in the list, its secret shown once.
    pub fn show_secret(&self, answer: WebhookWithSecret, rotated: bool) {
        let WebhookWithSecret { webhook, secret } = answer;
        self.secret.set(Some(OnceSecret {
            webhook_id: webhook.id.clone(),
            url: webhook.url.clone(),
            secret: SecretText::new(secret),
            rotated,
        }));
        self.upsert(webhook);
    }

    pub fn remove(&self, id: &str) {
        self.hooks.update(|list| {
            if let Some(list) = list {
                list.retain(|h| h.id != id);
            }
        });
        self.secret.update(|s| {
            if s.as_ref().is_some_and(|s| s.webhook_id == id) {
                *s = None;
            }
        });
    }

    /// Runs action `label` on webhook or delivery `id`, one action at a time: `done` gets the
    /// answer; a refusal is kept for its row.
    pub fn act<T, Fut>(
        &self,
        label: String,
        id: String,
        fut: impl FnOnce(AgentContainerConnection) -> Fut + 'static,
        done: impl FnOnce(T) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let ctx = *self;
        let refused = move |error| {
            ctx.row_error.try_set(Some(RowError { id, error }));
        };
        let conn = self.conn.get_untracked();
        if run_action(conn, self.busy, label, self.scope(), fut, done, refused) {
            self.row_error.set(None);
            self.notice.set(None);
        }
    }

    pub fn is_busy(&self, label: &str) -> bool {
        self.busy.read().as_deref() == Some(label)
    }

    /// The refusal of the last action on `id`, if any.
    pub fn error_of(&self, id: &str) -> Option<ApiError> {
        self.row_error
            .read()
            .as_ref()
            .filter(|e| e.id == id)
            .map(|e| e.error.clone())
    }

    /// The notice of the last action on `id`, if any.
    pub fn notice_of(&self, id: &str) -> Option<String> {
        self.notice
            .read()
            .as_ref()
            .filter(|(of, _)| of == id)
            .map(|(_, n)| n.clone())
    }
}
