//! What tests do to the page beyond clicking: type into a field found by its label or selector,
//! read a field's value, count elements, read an attribute, read the app's path, scroll back up, read a
//! conversation's timeline, mark the page to prove it was never reloaded, and cut the browser's
//! network off and on.

use crate::{Chromedriver, Harness};
use fantoccini::elements::Element;
use fantoccini::Locator;

impl Harness {
    /// Waits for the form field (input, textarea or select) labelled `label`: a `<label>`
    /// around it whose first `<span>` says `label` (the app's `label.field`), a
    /// `<label for=…>` saying `label`, or an `aria-label`.
    pub async fn field(&self, label: &str) -> Element {
        // Found in the page by script (the label's first span may hold more than text) and
        // marked, then taken by that mark.
        const MARK: &str = "const want = arguments[0];\
            const norm = t => (t || '').replace(/\\s+/g, ' ').trim();\
            document.querySelectorAll('[data-e2e-field]').forEach(e => e.removeAttribute('data-e2e-field'));\
            for (const el of document.querySelectorAll('input, textarea, select')) {\
              const label = el.closest('label');\
              const span = label && label.querySelector('span');\
              const byFor = el.id && [...document.querySelectorAll('label[for]')].find(l => l.htmlFor === el.id);\
              if ((span && norm(span.textContent) === want) || (byFor && norm(byFor.textContent) === want)\
                  || el.getAttribute('aria-label') === want) {\
                el.setAttribute('data-e2e-field', '');\
                return true;\
              }\
            }\
            return false;";
        self.until(&format!("a field labelled `{label}`"), || async {
            let found = self
                .client
                .execute(MARK, vec![serde_json::json!(label)])
                .await
                .ok()?;
            if found != serde_json::json!(true) {
                return None;
            }
            self.client
                .find(Locator::Css("[data-e2e-field]"))
                .await
                .ok()
        })
        .await
    }

    /// Replaces the text of the field labelled `label` (see [`Harness::field`]) with `text`,
    /// typed key by key.
    pub async fn fill(&self, label: &str, text: &str) {
        let el = self.field(label).await;
        el.clear().await.ok();
        el.send_keys(text).await.expect("typing");
    }

    /// The current value of the field labelled `label`.
    pub async fn value_of(&self, label: &str) -> String {
        let el = self.field(label).await;
        el.prop("value").await.ok().flatten().unwrap_or_default()
    }

    /// Replaces the text of the first element matching `css` with `text`, typed key by key.
    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        el.clear().await.ok();
        el.send_keys(text).await.expect("typing");
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> usize {
        self.all(css).await.len()
    }

    /// Attribute `name` of the first element matching `css` now, or "" (no such element or
    /// attribute), e.g. a status badge's `data-state`.
    pub async fn attr(&self, css: &str, name: &str) -> String {
        match self.client.find(Locator::Css(css)).await {
            Ok(el) => el.attr(name).await.ok().flatten().unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// The app's path now, without the query (`/agentcontainer/tasks/tsk_1`).
    pub async fn path(&self) -> String {
        let url = self.current_url().await;
        let path = url
            .strip_prefix(self.app_url.trim_end_matches('/'))
            .unwrap_or(&url);
        path.split('?').next().unwrap_or_default().to_string()
    }

    /// Back to the top of the page, where the headers' links are (a page that followed new
    /// content down has the sticky top bar over them).
    pub async fn to_top(&self) {
        self.client
            .execute("window.scrollTo(0, 0); return null;", vec![])
            .await
            .expect("scrolling to the top");
    }

    /// The conversation page's timeline, in order: for each `.tl-item[data-id]`, its id and
    /// `user|<text>`, `assistant|<text>`, `other|<text>` (a message) or `event:<kind>|<text>`.
    pub async fn timeline(&self) -> Vec<(String, String)> {
        let v = self
            .client
            .execute(
                "return Array.from(document.querySelectorAll('.tl-item[data-id]')).map(e => [\
                   e.getAttribute('data-id'),\
                   e.getAttribute('data-kind') === 'message'\
                     ? (e.classList.contains('tl-role-assistant') ? 'assistant'\
                        : e.classList.contains('tl-role-user') ? 'user' : 'other')\
                     : 'event:' + e.getAttribute('data-event'),\
                   e.textContent]);",
                vec![],
            )
            .await
            .expect("reading the timeline");
        v.as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|item| {
                let part = |i: usize| item[i].as_str().unwrap_or_default().to_string();
                (part(0), format!("{}|{}", part(1), part(2)))
            })
            .collect()
    }

    /// Marks the page now open; [`Harness::assert_not_reloaded`] fails once it was reloaded
    /// (or another page loaded) since.
    pub async fn mark_page(&self) {
        self.client
            .execute("window.__noReload = 'still here'; return null;", vec![])
            .await
            .expect("marking the page");
    }

    /// Fails the test if the page marked by [`Harness::mark_page`] was reloaded since.
    pub async fn assert_not_reloaded(&self, context: &str) {
        let marker = self
            .client
            .execute("return window.__noReload || null;", vec![])
            .await
            .expect("reading the page's marker");
        assert_eq!(
            marker,
            serde_json::json!("still here"),
            "the page was reloaded {context}"
        );
    }

    /// Cuts the browser's network off (`true`: the page gets `offline`, `navigator.onLine` is
    /// false and every request fails, local-api's included) or gives it back (`false`: `online`).
    /// chromedriver's network emulation; it stays for the pages opened afterwards.
    pub async fn set_offline(&self, offline: bool) {
        self.client
            .issue_cmd(Chromedriver::Offline(offline))
            .await
            .expect("chromedriver sets the network conditions");
    }
}
