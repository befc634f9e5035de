//! What the request layer does when a service rejects its secret (401), framework-free.
//!
//! When the app watches ([`watch`]: it shows a banner asking for a new secret), a 401 on a
//! request that carried a secret marks that secret rejected and tells the app; the request then
//! waits instead of failing, and so does every later request with that secret: polls and live
//! feeds stop asking, and a form being sent keeps what the user typed. Once the user gives a new
//! secret ([`replace`]), the waiting requests go out again with it, as do later requests made
//! with the rejected one (a page's poller holds the connection it started with). Forgetting the
//! secret (replacing it with nothing) ends the wait with the 401.
//!
//! Nothing of this applies when nobody watches (an API call outside the app, a test) or inside a
//! scope that asks for exact secrets ([`RequestScope::exact_secrets`](super::RequestScope::exact_secrets):
//! a connection test must try the secret typed, and report a 401 itself).
//!
//! Only hashes of rejected secrets are kept; the one stand-in per service is the secret the user
//! gave, which the connections hold in memory anyway.

use super::error::Service;
use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// What a request with a given secret should do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Usable {
    /// Send it with this secret (the one given, or the stand-in for a rejected one).
    Send(String),
    /// The secret was rejected and nothing replaced it yet: wait.
    Wait,
    /// The secret was rejected and then forgotten: fail with the 401.
    GiveUp,
}

/// One service's rejected secrets and their stand-in.
#[derive(Default)]
struct Entry {
    /// Hashes of secrets rejected since the last replacement.
    rejected: HashSet<u64>,
    /// Hashes of secrets rejected earlier, now standing in for `current`.
    replaced: HashSet<u64>,
    /// The secret the user gave after a rejection (empty: forgotten).
    current: Option<String>,
}

impl Entry {
    fn usable(&self, secret: &str) -> Usable {
        let h = hash(secret);
        if self.rejected.contains(&h) {
            return Usable::Wait;
        }
        match &self.current {
            Some(current) if self.replaced.contains(&h) => {
                if current.is_empty() {
                    Usable::GiveUp
                } else if self.rejected.contains(&hash(current)) {
                    Usable::Wait
                } else {
                    Usable::Send(current.clone())
                }
            }
            _ => Usable::Send(secret.to_string()),
        }
    }

    fn reject(&mut self, secret: &str) {
        self.rejected.insert(hash(secret));
    }

    /// The user gave `secret` (empty: forgot it): everything rejected so far stands in for it.
    fn replace(&mut self, secret: &str) {
        self.replaced.extend(self.rejected.drain());
        self.replaced.remove(&hash(secret));
        self.current = Some(secret.to_string());
    }
}

#[derive(Default)]
struct Registry {
    /// Told `(service, rejected)` when a service rejects its secret (`true`) or a new one is
    /// given (`false`).
    listener: Option<Rc<dyn Fn(Service, bool)>>,
    /// Counts [`watch`] calls: the id of the current one.
    watcher: u64,
    netlify: Entry,
    agentcontainer: Entry,
}

impl Registry {
    fn entry(&mut self, service: Service) -> &mut Entry {
        match service {
            Service::Netlify => &mut self.netlify,
            Service::AgentContainer => &mut self.agentcontainer,
        }
    }
}

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::default());
}

fn hash(secret: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    secret.hash(&mut h);
    h.finish()
}

/// The app asks to be told `(service, rejected)` when a service rejects its secret (`true`)
/// and when a new one was given (`false`); from now on a rejected request waits for a new
/// secret instead of failing. One watcher at a time (the latest, which starts afresh); give the
/// returned id to [`unwatch`].
pub fn watch(listener: impl Fn(Service, bool) + 'static) -> WatchId {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        // A new watcher (a new app) starts with no rejections.
        *r = Registry {
            watcher: r.watcher + 1,
            listener: Some(Rc::new(listener)),
            ..Registry::default()
        };
        WatchId(r.watcher)
    })
}

/// Which [`watch`] call is watching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchId(u64);

/// Stops the watch `id` (unless a later one replaced it): rejected requests fail with their
/// 401 again, and the rejections are forgotten.
pub fn unwatch(id: WatchId) {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        if r.watcher == id.0 {
            let watcher = r.watcher;
            *r = Registry {
                watcher,
                ..Registry::default()
            };
        }
    });
}

/// Whether the app watches for rejected secrets.
pub(crate) fn watching() -> bool {
    REGISTRY.with(|r| r.borrow().listener.is_some())
}

/// The user gave `secret` for `service` (empty: they forgot it): requests waiting after a
/// rejection go out with it (or fail, when it is empty).
pub fn replace(service: Service, secret: &str) {
    let listener = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.entry(service).replace(secret.trim());
        r.listener.clone()
    });
    if let Some(l) = listener {
        l(service, false);
    }
}

/// Records that `service` answered 401 to `secret`; `true` when the app watches (the request
/// should then wait for a new secret).
pub(crate) fn reject(service: Service, secret: &str) -> bool {
    let listener = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        let listener = r.listener.clone();
        if listener.is_some() {
            r.entry(service).reject(secret);
        }
        listener
    });
    match listener {
        Some(l) => {
            l(service, true);
            true
        }
        None => false,
    }
}

/// What a request carrying `secret` should do now (see [`Usable`]).
pub(crate) fn usable(service: Service, secret: &str) -> Usable {
    REGISTRY.with(|r| r.borrow_mut().entry(service).usable(secret))
}

/// The secret to put where a header cannot go (the event-stream URL): the stand-in when
/// `secret` was rejected and replaced, else `secret` itself.
pub fn secret_for(service: Service, secret: &str) -> String {
    match usable(service, secret) {
        Usable::Send(s) => s,
        Usable::Wait | Usable::GiveUp => secret.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_secret_waits_until_replaced() {
        let mut e = Entry::default();
        assert_eq!(e.usable("old"), Usable::Send("old".into()));
        e.reject("old");
        assert_eq!(e.usable("old"), Usable::Wait);
        assert_eq!(e.usable("other"), Usable::Send("other".into()));
        e.replace("new");
        assert_eq!(e.usable("old"), Usable::Send("new".into()));
        assert_eq!(e.usable("new"), Usable::Send("new".into()));
    }

    #[test]
    fn a_replacement_rejected_in_turn_waits_again() {
        let mut e = Entry::default();
        e.reject("a");
        e.replace("b");
        e.reject("b");
        assert_eq!(e.usable("a"), Usable::Wait, "a stands in for b, rejected");
        assert_eq!(e.usable("b"), Usable::Wait);
        e.replace("c");
        assert_eq!(e.usable("a"), Usable::Send("c".into()));
        assert_eq!(e.usable("b"), Usable::Send("c".into()));
    }

    #[test]
    fn the_same_secret_given_again_is_tried_again() {
        let mut e = Entry::default();
        e.reject("s");
        e.replace("s");
        assert_eq!(e.usable("s"), Usable::Send("s".into()));
    }

    #[test]
    fn a_forgotten_secret_gives_up() {
        let mut e = Entry::default();
        e.reject("s");
        e.replace("");
        assert_eq!(e.usable("s"), Usable::GiveUp);
    }

    #[test]
    fn nothing_waits_while_nobody_watches() {
        assert!(!reject(Service::Netlify, "t"));
        assert_eq!(usable(Service::Netlify, "t"), Usable::Send("t".into()));
        let seen = Rc::new(RefCell::new(Vec::new()));
        let s = seen.clone();
        let id = watch(move |svc, rejected| s.borrow_mut().push((svc, rejected)));
        assert!(reject(Service::Netlify, "t"));
        assert_eq!(usable(Service::Netlify, "t"), Usable::Wait);
        assert_eq!(
            usable(Service::AgentContainer, "t"),
            Usable::Send("t".into()),
            "per service"
        );
        replace(Service::Netlify, " t2 ");
        assert_eq!(secret_for(Service::Netlify, "t"), "t2");
        assert_eq!(
            *seen.borrow(),
            vec![(Service::Netlify, true), (Service::Netlify, false)]
        );
        let later = watch(|_, _| {});
        unwatch(id);
        assert!(watching(), "an older watch cannot end a later one");
        unwatch(later);
        assert!(!watching());
        assert_eq!(usable(Service::Netlify, "t"), Usable::Send("t".into()));
    }
}
