//! The AgentContainer resources in the served release build: generate an SSH key and copy its
//! public key; create a repository, attach the key, delete the repository; create a webhook
//! pointing at a receiver started here on loopback, send a test, verify the delivery's Standard
//! Webhooks signature with the secret the page showed and see it listed as delivered; rotate
//! the secret and verify the next delivery with the new one (and not with the old one).

use agentdeck_e2e::{xpath_literal, Harness};
use base64::Engine;
use fantoccini::elements::Element;
use fantoccini::Locator;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request the receiver got: lower-case header names, and the body.
#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: String,
}

/// A tiny HTTP receiver on loopback answering 200 to every request; returns its URL and what
/// it received so far.
async fn start_receiver() -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/agentdeck", listener.local_addr().unwrap());
    let got = Arc::new(Mutex::new(Vec::new()));
    let sink = got.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let sink = sink.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let (head_end, length) = loop {
                    let n = match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..i]).to_string();
                        let length = head
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse::<usize>().ok())?
                            })
                            .unwrap_or(0);
                        break (i + 4, length);
                    }
                };
                while buf.len() < head_end + length {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let headers = head
                    .lines()
                    .skip(1)
                    .filter_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        Some((k.trim().to_ascii_lowercase(), v.trim().to_string()))
                    })
                    .collect();
                let end = (head_end + length).min(buf.len());
                let body = String::from_utf8_lossy(&buf[head_end..end]).to_string();
                sink.lock().unwrap().push(Received { headers, body });
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    .await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, got)
}

/// Whether `r` is signed with `secret` (Standard Webhooks: HMAC-SHA256 over
/// "{webhook-id}.{webhook-timestamp}.{body}", keyed by the base64 part after `whsec_`, sent as
/// space-separated `v1,<base64>` values).
fn signed_with(r: &Received, secret: &str) -> bool {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.strip_prefix("whsec_").expect("a whsec_ secret"))
        .expect("the secret is base64");
    let (id, ts) = (&r.headers["webhook-id"], &r.headers["webhook-timestamp"]);
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{ts}.{}", r.body).as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    r.headers["webhook-signature"]
        .split(' ')
        .any(|s| s.strip_prefix("v1,") == Some(expected.as_str()))
}

fn is_test_event(r: &Received) -> bool {
    serde_json::from_str::<serde_json::Value>(&r.body)
        .ok()
        .is_some_and(|v| v["type"] == "webhook.test")
}

async fn type_into(h: &Harness, css: &str, text: &str) {
    let el = h.find(css).await;
    el.clear().await.ok();
    el.send_keys(text).await.expect("typing");
}

async fn value(el: &Element) -> String {
    el.prop("value").await.ok().flatten().unwrap_or_default()
}

/// The `li.{class}` whose `{name_css}` has exactly `name` as its text.
async fn row(h: &Harness, class: &str, name_tag: &str, name: &str) -> Element {
    let xpath = format!(
        "//li[contains(concat(' ', @class, ' '), ' {class} ')][.//{name_tag}[normalize-space(.)={}]]",
        xpath_literal(name)
    );
    h.until(&format!("the row of {name}"), || async {
        h.client.find(Locator::XPath(&xpath)).await.ok()
    })
    .await
}

async fn secret_shown(h: &Harness, title: &str) -> String {
    h.until(&format!("the secret panel `{title}`"), || async {
        let t = h.text(".ac-secret-panel h2").await?;
        if !t.contains(title) {
            return None;
        }
        h.text(".ac-secret-value")
            .await
            .filter(|s| s.starts_with("whsec_"))
    })
    .await
}

/// Waits for a test event the receiver got after `after` requests, and returns it.
async fn next_test_event(h: &Harness, got: &Arc<Mutex<Vec<Received>>>, after: usize) -> Received {
    h.until("a test event at the receiver", || async {
        got.lock()
            .unwrap()
            .iter()
            .skip(after)
            .find(|r| is_test_event(r))
            .cloned()
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_repositories_and_signed_webhook_deliveries() {
    let h = Harness::start().await;

    // An SSH key: its public key shown with a Copy button and the deploy-key note.
    h.open("agentcontainer/ssh-keys").await;
    type_into(&h, "input[name=name]", "e2e deploy key").await;
    h.click_text("Generate key").await;
    let panel = h.find(".ac-generated-key").await;
    let key_id = panel.attr("data-key-id").await.unwrap().unwrap();
    let public = h
        .until("the public key", || async {
            let t = h.find(".ac-generated-key textarea").await;
            Some(value(&t).await).filter(|v| v.starts_with("ssh-ed25519 "))
        })
        .await;
    assert!(
        public.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"),
        "{public}"
    );
    let note = h.text(".ac-generated-key .ac-deploy-note").await.unwrap();
    assert!(note.contains("read-only deploy key"), "{note}");
    h.find(".ac-generated-key button[aria-label='Copy the public key']")
        .await
        .click()
        .await
        .unwrap();
    // Headless Chromium may or may not grant the clipboard; the page says what happened.
    let status = h
        .until("the copy's status", || async {
            h.text(".ac-generated-key .copy-status")
                .await
                .filter(|t| !t.is_empty())
        })
        .await;
    assert!(status.contains("public key"), "{status}");

    // A repository: created, the key attached, then deleted.
    h.open("agentcontainer/repositories").await;
    type_into(&h, "input[name=name]", "e2e site").await;
    type_into(&h, "input[name=url]", "git@github.com:acme/e2e-site.git").await;
    h.click_text("Create repository").await;
    let repo = row(&h, "ac-repo-row", "strong", "e2e site").await;
    repo.find(Locator::Css("select[name=attach_key]"))
        .await
        .expect("the key picker")
        .select_by_value(&key_id)
        .await
        .expect("pick the key");
    repo.find(Locator::XPath(".//button[normalize-space(.)='Attach key']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    h.until("the key attached", || async {
        let r = row(&h, "ac-repo-row", "strong", "e2e site").await;
        r.find(Locator::Css(&format!(
            ".ac-key-chip[data-key-id='{key_id}']"
        )))
        .await
        .ok()
    })
    .await;
    h.click_text("Delete e2e site").await;
    h.click_text("Yes, delete it").await;
    h.until("the repository gone", || async {
        let gone = !h
            .text(".ac-repo-list")
            .await
            .unwrap_or_default()
            .contains("e2e site");
        gone.then_some(())
    })
    .await;

    // A webhook at our receiver; its secret shown once.
    let (url, got) = start_receiver().await;
    h.open("agentcontainer/webhooks").await;
    type_into(&h, "input[name=url]", &url).await;
    h.click_text("Create webhook").await;
    let secret = secret_shown(&h, "Signing secret of the new webhook").await;
    row(&h, "ac-webhook-row", "code", &url).await;

    let before = got.lock().unwrap().len();
    h.click_text("Send test").await;
    let first = next_test_event(&h, &got, before).await;
    assert!(
        signed_with(&first, &secret),
        "signed with the secret shown: {first:?}"
    );
    h.until("the test delivery listed as delivered", || async {
        for r in h.all(".ac-delivery-row[data-status='delivered']").await {
            if let Ok(ev) = r.find(Locator::Css(".ac-delivery-event")).await {
                if ev.text().await.ok().as_deref() == Some("webhook.test") {
                    return Some(());
                }
            }
        }
        None
    })
    .await;

    // Rotate: the next delivery is signed with the new secret only.
    h.click_text("Rotate secret").await;
    h.click_text("Yes, rotate it").await;
    let rotated = secret_shown(&h, "New signing secret").await;
    assert_ne!(rotated, secret);
    let before = got.lock().unwrap().len();
    h.click_text("Send test").await;
    let second = next_test_event(&h, &got, before).await;
    assert!(signed_with(&second, &rotated), "signed with the new secret");
    assert!(!signed_with(&second, &secret), "not with the old one");
    assert_ne!(first.headers["webhook-id"], second.headers["webhook-id"]);

    h.stop().await;
}
