// The Netlify client against local-api: every endpoint group, errors, retries under injected
// faults, cancellation, polling and the upload flow with progress.

use crate::api_common::*;
use agentdeck::api::netlify as n;
use agentdeck::api::poll::{observe_runner, PollPolicy, Poller};
use agentdeck::api::upload::{
    delete_netlify_attachment, upload_netlify_attachment, UploadProgress, UploadSource,
};
use agentdeck::api::{ApiErrorKind, NetlifyConnection, RequestScope};
use agentdeck_wire::netlify::{
    CreateRunner, CreateSession, DiffQuery, ListRunnersQuery, ListSessionsQuery, RunnerState,
    UpdateSession,
};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen_test::wasm_bindgen_test;

async fn start_runner(
    conn: &NetlifyConnection,
    prompt: &str,
) -> agentdeck_wire::netlify::AgentRunner {
    n::create_runner(
        conn,
        &CreateRunner {
            prompt: prompt.into(),
            ..Default::default()
        },
    )
    .await
    .expect("create_runner")
}

async fn wait_done(conn: &NetlifyConnection, id: &str) -> agentdeck_wire::netlify::AgentRunner {
    until_async("the runner to finish", || async {
        let r = n::get_runner(conn, id).await.expect("get_runner");
        (!observe_runner(&r).live).then_some(r)
    })
    .await
}

#[wasm_bindgen_test]
async fn lists_runners_with_pagination_from_headers() {
    let conn = demo_netlify();
    let first = n::list_runners(
        &conn,
        &ListRunnersQuery {
            per_page: Some(2),
            ..Default::default()
        },
    )
    .await
    .expect("list_runners");
    assert_eq!(first.items.len(), 2);
    assert!(
        first.links.total.unwrap_or(0) > 2,
        "Total header read: {:?}",
        first.links
    );
    assert_eq!(first.links.next, Some(2));
    let second = n::list_runners(
        &conn,
        &ListRunnersQuery {
            per_page: Some(2),
            page: Some(2),
            ..Default::default()
        },
    )
    .await
    .expect("page 2");
    assert_eq!(second.links.prev, Some(1));
    assert!(
        second
            .items
            .iter()
            .all(|r| first.items.iter().all(|f| f.id != r.id)),
        "pages do not overlap"
    );
    assert!(
        second.items.iter().all(|r| r.site_id == "demo-site"),
        "site taken from the connection"
    );
}

#[wasm_bindgen_test]
async fn a_wrong_token_is_reported_plainly_and_never_shown() {
    let conn = NetlifyConnection {
        token: "nfp_wrong_secret_token".into(),
        ..demo_netlify()
    };
    let err = n::list_runners(&conn, &ListRunnersQuery::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::Unauthorized);
    assert_eq!(err.status, Some(401));
    let text = format!("{err} {err:?}");
    assert!(text.contains("Connections"), "{text}");
    assert!(!text.contains("nfp_wrong_secret_token"), "{text}");
    // No token at all: refused before sending.
    let none = NetlifyConnection {
        token: String::new(),
        ..demo_netlify()
    };
    assert_eq!(
        n::get_runner(&none, "x").await.unwrap_err().kind,
        ApiErrorKind::Unauthorized
    );
}

#[wasm_bindgen_test]
async fn unknown_ids_are_not_found_and_hostile_ids_stay_in_their_segment() {
    let conn = demo_netlify();
    let err = n::get_runner(&conn, "does-not-exist").await.unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::NotFound);
    for hostile in ["../agent_runners", "a/b", "x?site_id=other", "%2e%2e", ".."] {
        let err = n::get_runner(&conn, hostile).await.unwrap_err();
        assert_eq!(err.kind, ApiErrorKind::NotFound, "{hostile}: {err:?}");
    }
    assert_eq!(
        n::get_runner(&conn, "").await.unwrap_err().kind,
        ApiErrorKind::Invalid
    );
}

#[wasm_bindgen_test]
async fn runner_lifecycle_sessions_and_diffs() {
    let conn = new_site(false).await;
    let runner = start_runner(&conn, "Add a footer with the year").await;
    assert_eq!(runner.site_id, conn.site_id);
    // Once it finished there is a diff.
    let done = wait_done(&conn, &runner.id).await;
    assert_eq!(done.state, RunnerState::Done);

    let sessions = n::list_sessions(&conn, &runner.id, &ListSessionsQuery::default())
        .await
        .expect("sessions");
    assert_eq!(sessions.items.len(), 1);
    let s1 = &sessions.items[0];
    let got = n::get_session(&conn, &runner.id, &s1.id)
        .await
        .expect("get_session");
    assert_eq!(got.id, s1.id);

    let diff = n::runner_diff(&conn, &runner.id, &DiffQuery::default())
        .await
        .expect("runner diff");
    // local-api writes git diffs (sample_site.rs `diff`): every file section starts so.
    assert!(
        diff.as_deref()
            .is_some_and(|d| d.starts_with("diff --git ")),
        "{diff:?}"
    );
    let result = n::session_result_diff(&conn, &runner.id, &s1.id)
        .await
        .expect("result diff");
    assert!(result.is_some());
    let cumulative = n::session_cumulative_diff(&conn, &runner.id, &s1.id)
        .await
        .expect("cumulative diff");
    assert!(cumulative.is_some());

    // A follow-up, then the list holds both (oldest first when asked).
    let s2 = n::create_session(
        &conn,
        &runner.id,
        &CreateSession {
            prompt: "Make it smaller".into(),
            ..Default::default()
        },
    )
    .await
    .expect("follow-up");
    wait_done(&conn, &runner.id).await;
    let all = n::list_all_sessions(&conn, &runner.id, false)
        .await
        .expect("all sessions");
    assert_eq!(
        all.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        [s1.id.as_str(), s2.id.as_str()]
    );

    // Update a session's title.
    let updated = n::update_session(
        &conn,
        &runner.id,
        &s2.id,
        &UpdateSession {
            title: Some("Smaller footer".into()),
            ..Default::default()
        },
    )
    .await
    .expect("update_session");
    assert_eq!(updated.title.as_deref(), Some("Smaller footer"));

    // Redeploy the last session, then revert to the first.
    let redeploy = n::redeploy_session(&conn, &runner.id, &s2.id)
        .await
        .expect("redeploy");
    assert_eq!(redeploy.agent_runner_id, runner.id);
    wait_done(&conn, &runner.id).await;
    let reverted = n::revert_runner(&conn, &runner.id, &s1.id)
        .await
        .expect("revert");
    assert_eq!(reverted.id, runner.id);

    // Pull request, then archive.
    let pr = n::create_pull_request(&conn, &runner.id)
        .await
        .expect("pull request");
    // local-api creates pull requests asynchronously (runners.rs `pull_request`, sim.rs
    // `spawn_pr`): the answer says it is being created, with no URL yet.
    assert!(pr.pr_is_being_created, "{pr:?}");
    assert_eq!(pr.pr_url, None, "{pr:?}");
    n::archive_runner(&conn, &runner.id).await.expect("archive");
    let archived = until_async("the runner to be archived", || async {
        let r = n::get_runner(&conn, &runner.id).await.expect("get_runner");
        (r.state == RunnerState::Archived).then_some(r)
    })
    .await;
    assert_eq!(archived.id, runner.id);
}

#[wasm_bindgen_test]
async fn commit_to_branch_and_stop() {
    let conn = new_site(false).await;
    let runner = start_runner(&conn, "Fix the typo in the README").await;
    let finished = wait_done(&conn, &runner.id).await;
    assert_eq!(finished.state, RunnerState::Done);
    // local-api commits at once (netlify runners.rs `commit`): the merge commit is in the answer.
    let committed = n::commit_to_branch(&conn, &runner.id, "agent/readme-typo")
        .await
        .expect("commit");
    assert!(committed.merge_commit_sha.is_some(), "{committed:?}");
    assert!(!committed.merge_commit_is_being_created, "{committed:?}");
    assert_eq!(
        committed.result_branch.as_deref(),
        Some("agent/readme-typo")
    );
    assert_eq!(
        n::commit_to_branch(&conn, &runner.id, "  ")
            .await
            .unwrap_err()
            .kind,
        ApiErrorKind::Invalid
    );
    // Stopping a finished runner is accepted (202: local-api's `stop` cancels the active
    // session when there is one) and changes nothing.
    n::stop_runner(&conn, &runner.id)
        .await
        .expect("stop_runner on a finished runner");
    let after = n::get_runner(&conn, &runner.id).await.expect("get_runner");
    assert_eq!(after.state, RunnerState::Done);
    assert_eq!(
        after.merge_commit_sha, committed.merge_commit_sha,
        "the commit is kept"
    );
}

#[wasm_bindgen_test]
async fn no_diff_is_none() {
    let conn = new_site(false).await;
    // `#slow`: the session stays live for seconds, long past the two requests below.
    let runner = start_runner(&conn, "Just answer a question #slow").await;
    let sessions = n::list_sessions(&conn, &runner.id, &ListSessionsQuery::default())
        .await
        .expect("sessions");
    // Right after creation nothing was produced yet: local-api answers 404 ("No diff"), which
    // is `None`, not an error.
    let got = n::session_result_diff(&conn, &runner.id, &sessions.items[0].id).await;
    assert_eq!(got, Ok(None));
    assert_eq!(
        n::runner_diff(&conn, "no-such-runner", &DiffQuery::default())
            .await
            .unwrap(),
        None
    );
}

#[wasm_bindgen_test]
async fn account_wide_list_and_providers() {
    // Two sites of one account, one runner on each.
    let conn = new_site(false).await;
    let other = new_site_in_account(&conn.account_id).await;
    assert_ne!(other.site_id, conn.site_id);
    let here = start_runner(&conn, "A runner on the first site").await;
    let there = start_runner(&other, "A runner on the second site").await;
    // The site's own list has only its runner.
    let site_list = n::list_runners(&conn, &ListRunnersQuery::default())
        .await
        .expect("list_runners");
    assert_eq!(
        site_list.items.iter().map(|r| &r.id).collect::<Vec<_>>(),
        [&here.id]
    );
    // `GET /{account}/agent_runners` (local-api runners.rs `list_for_account`): every site of
    // the account, newest first, with the Total header.
    let page = n::list_account_runners(
        &conn,
        "",
        &ListRunnersQuery {
            per_page: Some(3),
            ..Default::default()
        },
    )
    .await
    .expect("list_account_runners");
    let mut listed: Vec<(&str, &str)> = page
        .items
        .iter()
        .map(|r| (r.id.as_str(), r.site_id.as_str()))
        .collect();
    listed.sort();
    let mut want = vec![
        (here.id.as_str(), conn.site_id.as_str()),
        (there.id.as_str(), other.site_id.as_str()),
    ];
    want.sort();
    assert_eq!(listed, want, "both sites' runners, each once");
    assert_eq!(page.links.total, Some(2));
    assert_eq!(page.links.next, None, "one page");
    // The account named explicitly gives the same list.
    let named = n::list_account_runners(&other, &conn.account_id, &ListRunnersQuery::default())
        .await
        .expect("list_account_runners by name");
    assert_eq!(
        named.items.iter().map(|r| &r.id).collect::<Vec<_>>(),
        page.items.iter().map(|r| &r.id).collect::<Vec<_>>()
    );

    let providers = n::ai_gateway_providers(&conn).await.expect("providers");
    assert!(!providers.providers.is_empty());
}

#[wasm_bindgen_test]
async fn transient_failures_of_reads_are_retried() {
    let conn = new_site(false).await;
    let runner = start_runner(&conn, "Retry me").await;
    let path = format!("/agent_runners/{}", runner.id);
    set_fault("netlify", &path, "status=503", 2).await;
    let got = n::get_runner(&conn, &runner.id).await;
    clear_fault().await;
    assert_eq!(got.expect("retried past two 503s").id, runner.id);

    set_fault("netlify", &path, "status=429;retry_after=1", 1).await;
    let started = js_sys::Date::now();
    let got = n::get_runner(&conn, &runner.id).await;
    clear_fault().await;
    assert_eq!(got.expect("retried after the 429").id, runner.id);
    assert!(
        js_sys::Date::now() - started >= 900.0,
        "Retry-After honoured"
    );

    set_fault("netlify", &path, "malformed", 1).await;
    let got = n::get_runner(&conn, &runner.id).await;
    clear_fault().await;
    assert_eq!(got.expect("an unreadable body is read again").id, runner.id);
}

#[wasm_bindgen_test]
async fn writes_are_not_retried_and_errors_keep_their_kind() {
    let conn = new_site(false).await;
    let runner = start_runner(&conn, "Hello").await;
    wait_done(&conn, &runner.id).await;
    let sessions_path = format!("/agent_runners/{}/sessions", runner.id);
    set_fault("netlify", &sessions_path, "status=503", 1).await;
    let err = n::create_session(
        &conn,
        &runner.id,
        &CreateSession {
            prompt: "again".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    clear_fault().await;
    assert_eq!(err.kind, ApiErrorKind::Server);
    // Nothing was created behind our back.
    let all = n::list_all_sessions(&conn, &runner.id, true).await.unwrap();
    assert_eq!(all.len(), 1);

    set_fault("netlify", &sessions_path, "status=409", 1).await;
    let err = n::create_session(
        &conn,
        &runner.id,
        &CreateSession {
            prompt: "again".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    clear_fault().await;
    assert_eq!(err.kind, ApiErrorKind::Conflict);
    assert!(err.user_message().contains("Another session"), "{err}");

    set_fault(
        "netlify",
        &format!("/agent_runners/{}", runner.id),
        "status=403",
        1,
    )
    .await;
    let err = n::get_runner(&conn, &runner.id).await.unwrap_err();
    clear_fault().await;
    assert_eq!(err.kind, ApiErrorKind::PaymentOrForbidden);
}

#[wasm_bindgen_test]
async fn a_scope_aborts_its_requests() {
    let conn = new_site(false).await;
    let runner = start_runner(&conn, "Slow answers").await;
    set_fault(
        "netlify",
        &format!("/agent_runners/{}", runner.id),
        "latency_ms=3000",
        1,
    )
    .await;
    let scope = RequestScope::new();
    let started = js_sys::Date::now();
    let request = scope.run(n::get_runner(&conn, &runner.id));
    let aborter = {
        let scope = scope.clone();
        async move {
            // Time must pass here: the abort has to come while the request is in flight (the
            // server holds it for 3 s), not before it was sent.
            sleep(100).await;
            scope.abort();
        }
    };
    let (got, ()) = futures::join!(request, aborter);
    clear_fault().await;
    let err = got.unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::Aborted);
    assert!(
        js_sys::Date::now() - started < 2000.0,
        "aborted early, not after the latency"
    );
    // An aborted scope refuses new requests at once.
    let err = scope
        .run(n::get_runner(&conn, &runner.id))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::Aborted);
}

#[wasm_bindgen_test]
async fn the_poller_follows_a_runner_until_it_ends() {
    let conn = new_site(false).await;
    let runner = start_runner(&conn, "Poll me").await;
    let scope = RequestScope::new();
    let seen: Rc<RefCell<Vec<RunnerState>>> = Rc::default();
    let fetch = {
        let (conn, id) = (conn.clone(), runner.id.clone());
        move || {
            let (conn, id) = (conn.clone(), id.clone());
            async move { n::get_runner(&conn, &id).await }
        }
    };
    let deliver = {
        let seen = seen.clone();
        move |r: Result<agentdeck_wire::netlify::AgentRunner, agentdeck::api::ApiError>| {
            seen.borrow_mut().push(r.expect("poll").state)
        }
    };
    let policy = PollPolicy {
        fast: Duration::from_millis(100),
        ..Default::default()
    };
    let poller = Poller::start(&scope, policy, fetch, observe_runner, deliver);
    until("the poller to stop at a terminal state", || {
        poller.is_stopped().then_some(())
    })
    .await;
    let states = seen.borrow().clone();
    assert_eq!(states.last(), Some(&RunnerState::Done), "{states:?}");

    // A second poller stops with its scope.
    let runner2 = start_runner(&conn, "Poll me too").await;
    let fetch = {
        let (conn, id) = (conn.clone(), runner2.id.clone());
        move || {
            let (conn, id) = (conn.clone(), id.clone());
            async move { n::get_runner(&conn, &id).await }
        }
    };
    let scope2 = RequestScope::new();
    let poller2 = Poller::start(
        &scope2,
        PollPolicy::default(),
        fetch,
        observe_runner,
        |_| {},
    );
    scope2.abort();
    assert!(poller2.is_stopped());
}

#[wasm_bindgen_test]
async fn uploads_an_attachment_with_progress_and_attaches_it() {
    let conn = new_site(false).await;
    let bytes: Vec<u8> = (0..300_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    let source = UploadSource::from_bytes("notes.md", &bytes, "text/markdown").unwrap();
    let progress: Rc<RefCell<Vec<UploadProgress>>> = Rc::default();
    let on_progress = {
        let progress = progress.clone();
        Rc::new(move |p: UploadProgress| progress.borrow_mut().push(p))
    };
    let key = upload_netlify_attachment(&conn, &source, on_progress)
        .await
        .expect("upload");
    assert!(!key.is_empty());
    // An attachment the user removes is deleted through its presigned delete URL.
    let spare = upload_netlify_attachment(&conn, &source, Rc::new(|_| {}))
        .await
        .expect("upload");
    delete_netlify_attachment(&conn, &spare)
        .await
        .expect("delete");
    let seen = progress.borrow().clone();
    assert_eq!(seen.first(), Some(&UploadProgress::Preparing));
    assert_eq!(seen.last(), Some(&UploadProgress::Done));
    assert!(
        seen.iter().any(|p| matches!(p, UploadProgress::Sending { loaded, total } if *loaded == bytes.len() as u64 && *total == bytes.len() as u64)),
        "{seen:?}"
    );
    // Attach it to a runner.
    let runner = n::create_runner(
        &conn,
        &CreateRunner {
            prompt: "Use the notes".into(),
            file_keys: vec![key.clone()],
            ..Default::default()
        },
    )
    .await
    .expect("create with file_keys");
    // local-api records the keys on the runner as it creates it (sessions.rs `start_session`).
    assert_eq!(runner.attached_file_keys, vec![key.clone()]);
    // And the delete URL for it.
    let del = n::delete_url(&conn, &key).await.expect("delete_url");
    assert_eq!(del.file_key, key);
}

#[wasm_bindgen_test]
async fn bad_files_are_refused_before_any_request() {
    // A connection that cannot be reached: any request would fail with Network.
    let conn = NetlifyConnection {
        base_url: "http://127.0.0.1:9/api/v1".into(),
        ..demo_netlify()
    };
    let noop: agentdeck::api::upload::OnProgress = Rc::new(|_| {});
    let exe = UploadSource::from_bytes("tool.exe", b"MZ", "application/octet-stream").unwrap();
    assert_eq!(
        upload_netlify_attachment(&conn, &exe, noop.clone())
            .await
            .unwrap_err()
            .kind,
        ApiErrorKind::Invalid
    );
    let empty = UploadSource::from_bytes("empty.txt", b"", "text/plain").unwrap();
    assert_eq!(
        upload_netlify_attachment(&conn, &empty, noop)
            .await
            .unwrap_err()
            .kind,
        ApiErrorKind::Invalid
    );
}

#[wasm_bindgen_test]
async fn an_upload_is_cancelled_with_its_scope() {
    let conn = new_site(false).await;
    let bytes = vec![b'x'; 2_000_000];
    let source = UploadSource::from_bytes("big.txt", &bytes, "text/plain").unwrap();
    let scope = RequestScope::new();
    let started = Rc::new(RefCell::new(false));
    let on_progress = {
        let (started, scope) = (started.clone(), scope.clone());
        Rc::new(move |p: UploadProgress| {
            if matches!(p, UploadProgress::Sending { .. }) && !*started.borrow() {
                *started.borrow_mut() = true;
                scope.abort();
            }
        })
    };
    let err = scope
        .run(upload_netlify_attachment(&conn, &source, on_progress))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::Aborted);
}

#[wasm_bindgen_test]
async fn slow_answers_time_out_and_a_single_slow_one_is_retried() {
    let conn = new_site(false).await;
    let runner = start_runner(&conn, "Slow answers").await;
    let path = format!("/agent_runners/{}", runner.id);
    let scope = RequestScope::new().with_timeout(Duration::from_millis(300));
    // Every attempt too slow: Timeout, in plain words.
    set_fault("netlify", &path, "latency_ms=1500", 4).await;
    let err = scope
        .run(n::get_runner(&conn, &runner.id))
        .await
        .unwrap_err();
    clear_fault().await;
    assert_eq!(err.kind, ApiErrorKind::Timeout);
    assert!(
        err.user_message().contains("did not answer in time"),
        "{err}"
    );
    // One slow attempt: the retry answers.
    set_fault("netlify", &path, "latency_ms=1500", 1).await;
    let got = scope.run(n::get_runner(&conn, &runner.id)).await;
    clear_fault().await;
    assert_eq!(got.expect("retried after a timeout").id, runner.id);
}

#[wasm_bindgen_test]
async fn polling_into_a_signal_inside_an_owner() {
    use leptos::prelude::{Get, Owner};
    let conn = new_site(false).await;
    let runner = start_runner(&conn, "Watch me").await;
    let owner = Owner::new();
    let (signal, poller) = owner.with(|| {
        let scope = agentdeck::hooks::use_request_scope();
        let fetch = {
            let (conn, id) = (conn.clone(), runner.id.clone());
            move || {
                let (conn, id) = (conn.clone(), id.clone());
                async move { n::get_runner(&conn, &id).await }
            }
        };
        let policy = PollPolicy {
            fast: Duration::from_millis(100),
            ..Default::default()
        };
        agentdeck::hooks::poll_into_signal(&scope, policy, fetch, observe_runner)
    });
    let last = until("the signal to show the finished runner", || {
        match owner.with(|| signal.get()) {
            Some(Ok(r)) if !r.state.is_live() => Some(r),
            _ => None,
        }
    })
    .await;
    assert_eq!(last.id, runner.id);
    assert_eq!(last.state, RunnerState::Done);
    // Cleaning the owner up (the page is left) stops the poller.
    owner.cleanup();
    assert!(poller.is_stopped());
}

#[wasm_bindgen_test]
async fn the_remaining_runner_and_session_endpoints() {
    use agentdeck_wire::netlify::{SessionState, UpdateRunner};
    let conn = new_site(false).await;
    // `#slow`: the session is still live (for seconds) when it is stopped below.
    let runner = start_runner(&conn, "Change the title #slow").await;
    let sessions = n::list_sessions(&conn, &runner.id, &ListSessionsQuery::default())
        .await
        .expect("sessions");
    let sid = sessions.items[0].id.clone();
    // Stop the running session: accepted (202), the session and its runner end cancelled
    // (local-api sessions.rs `stop` / `cancel`).
    n::stop_session(&conn, &runner.id, &sid)
        .await
        .expect("stop_session");
    let stopped = wait_done(&conn, &runner.id).await;
    assert_eq!(stopped.state, RunnerState::Cancelled);
    let session = n::get_session(&conn, &runner.id, &sid)
        .await
        .expect("get_session");
    assert_eq!(session.state, SessionState::Cancelled);
    assert_eq!(session.result.as_deref(), Some("Stopped by the user."));
    assert_eq!(session.deploy_id, None, "a stopped session deploys nothing");

    let updated = n::update_runner(
        &conn,
        &runner.id,
        &UpdateRunner {
            sha: Some("abc1234".into()),
            ..Default::default()
        },
    )
    .await
    .expect("update_runner");
    assert_eq!(updated.id, runner.id);
    assert_eq!(updated.sha.as_deref(), Some("abc1234"));

    let urls = n::diff_upload_urls(&conn, &runner.id, &sid)
        .await
        .expect("diff upload urls");
    assert!(!urls.result.upload_url.is_empty() && !urls.cumulative.s3_key.is_empty());

    // This site has a git repository: rebase is refused (local-api runners.rs `rebase`, its
    // first check). The success is `rebase_and_publish_on_a_site_without_git`.
    let err = n::rebase_runner(&conn, &runner.id).await.unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::Validation, "{err:?}");
    assert_eq!(err.status, Some(422));
    assert_eq!(
        err.message.as_deref(),
        Some("Rebase is only available for sites without a git repository")
    );
    // The only session was stopped before it deployed: nothing to publish (runners.rs `publish`).
    let err = n::publish_to_production(&conn, &runner.id)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::Validation, "{err:?}");
    assert_eq!(err.status, Some(422));
    assert_eq!(err.message.as_deref(), Some("No deploy to publish"));
}

#[wasm_bindgen_test]
async fn rebase_and_publish_on_a_site_without_git() {
    use agentdeck_wire::netlify::SessionMode;
    let conn = new_site_without_git().await;
    let runner = start_runner(&conn, "Add a dark mode").await;
    let done = wait_done(&conn, &runner.id).await;
    assert_eq!(done.state, RunnerState::Done);
    assert_eq!(done.rebase_available, Some(true), "{done:?}");
    assert!(done.latest_session_deploy_id.is_some(), "{done:?}");

    // Publishing the latest deploy (local-api runners.rs `publish`): the runner comes back with
    // its latest session published.
    let published = n::publish_to_production(&conn, &runner.id)
        .await
        .expect("publish_to_production")
        .expect("local-api answers with the runner");
    assert_eq!(published.id, runner.id);
    assert_eq!(published.latest_session_is_published, Some(true));

    // Rebase (runners.rs `rebase`): a new session in rebase mode on this runner.
    let session = n::rebase_runner(&conn, &runner.id)
        .await
        .expect("rebase_runner");
    assert_eq!(session.agent_runner_id, runner.id);
    assert_eq!(session.mode, Some(SessionMode::Rebase));
    // Rebased once, the runner is on the latest production deploy: a second rebase is refused
    // (400, checked before the active session).
    let err = n::rebase_runner(&conn, &runner.id).await.unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::BadRequest, "{err:?}");
    assert_eq!(
        err.message.as_deref(),
        Some("Already on the latest production deploy")
    );
    let rebased = wait_done(&conn, &runner.id).await;
    assert_eq!(rebased.state, RunnerState::Done);
    assert_eq!(rebased.latest_session_mode, Some(SessionMode::Rebase));
    assert_eq!(rebased.rebase_available, Some(false));
    let all = n::list_all_sessions(&conn, &runner.id, false)
        .await
        .expect("sessions");
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].id, session.id);
}

/// Makes the next `n` presigned uploads fail like an expired URL (a broken signature), by
/// wrapping `XMLHttpRequest.prototype.open`; `n = 0` restores it.
fn break_next_presigned_uploads(n: u32) {
    js_sys::eval(&format!(
        "if (!window.__agentdeckOpen) {{ window.__agentdeckOpen = XMLHttpRequest.prototype.open; }} \
         window.__agentdeckBreak = {n}; \
         XMLHttpRequest.prototype.open = function(method, url, ...rest) {{ \
           url = String(url); \
           if (window.__agentdeckBreak > 0 && url.includes('X-Amz-Signature=')) {{ \
             window.__agentdeckBreak--; url = url.replace('X-Amz-Signature=', 'X-Amz-Signature=00'); \
           }} \
           return window.__agentdeckOpen.call(this, method, url, ...rest); \
         }};"
    ))
    .expect("wrap XMLHttpRequest.open");
}

#[wasm_bindgen_test]
async fn an_expired_upload_url_is_requested_again_once() {
    let conn = new_site(false).await;
    let source = UploadSource::from_bytes("notes.txt", b"some notes", "text/plain").unwrap();
    let progress: Rc<RefCell<Vec<UploadProgress>>> = Rc::default();
    let on_progress = {
        let progress = progress.clone();
        Rc::new(move |p: UploadProgress| progress.borrow_mut().push(p))
    };
    let preparing = |p: &Rc<RefCell<Vec<UploadProgress>>>| {
        p.borrow()
            .iter()
            .filter(|x| **x == UploadProgress::Preparing)
            .count()
    };

    // The first URL is refused: a fresh one is asked for, and the upload succeeds.
    break_next_presigned_uploads(1);
    let key = upload_netlify_attachment(&conn, &source, on_progress.clone()).await;
    break_next_presigned_uploads(0);
    assert!(key.is_ok(), "{key:?}");
    assert_eq!(preparing(&progress), 2, "one fresh URL");

    // Refused twice: only one fresh URL, then the error, saying what happened.
    progress.borrow_mut().clear();
    break_next_presigned_uploads(5);
    let err = upload_netlify_attachment(&conn, &source, on_progress)
        .await
        .unwrap_err();
    break_next_presigned_uploads(0);
    assert_eq!(preparing(&progress), 2, "never more than one fresh URL");
    assert_eq!(err.status, Some(403));
    assert!(err.user_message().contains("may have expired"), "{err}");
    assert!(!err.user_message().contains("X-Amz"), "{err}");
}
