//! The runner's actions: stop, archive, rebase, pull request, commit to a branch. Each says what
//! it will do, asks first when it destroys or publishes, shows a busy state, and reports the
//! server's answer in plain words (under the buttons, `role=status` / `role=alert`).

use super::ctx::{use_runner_ctx, RunnerCtx};
use crate::api;
use crate::components::confirm::ConfirmButton;
use crate::pages::netlify::branch_name::check_target_branch;
use crate::routes::Route;
use agentdeck_wire::netlify::{AgentRunner, RunnerState};
use leptos::prelude::*;

/// How many files a unified git diff touches (its `diff --git` headers).
pub fn files_in_diff(patch: &str) -> usize {
    patch
        .lines()
        .filter(|l| l.starts_with("diff --git "))
        .count()
}

/// The commit button's words: "Commit 3 files to branch feature-x".
pub fn commit_label(files: Option<usize>, branch: &str) -> String {
    let what = match files {
        Some(1) => "1 file".to_string(),
        Some(n) if n > 0 => format!("{n} files"),
        _ => "the changes".to_string(),
    };
    if branch.trim().is_empty() {
        format!("Commit {what} to a branch")
    } else {
        format!("Commit {what} to branch {}", branch.trim())
    }
}

fn runner_field<T: PartialEq + Clone + Send + Sync + 'static>(
    ctx: RunnerCtx,
    f: fn(&AgentRunner) -> T,
    default: T,
) -> Memo<T> {
    Memo::new(move |_| {
        ctx.runner
            .with(|r| r.as_ref().map(f).unwrap_or_else(|| default.clone()))
    })
}

#[component]
pub fn RunnerActions() -> impl IntoView {
    let ctx = use_runner_ctx();
    let state = runner_field(ctx, |r| r.state.clone(), RunnerState::New);
    let live = runner_field(ctx, |r| r.state.is_live(), false);
    let archived = Memo::new(move |_| state.get() == RunnerState::Archived);
    let rebase = runner_field(ctx, |r| r.rebase_available == Some(true), false);
    let has_changes = runner_field(ctx, |r| r.has_result_diff, false);
    let has_pr = runner_field(ctx, |r| r.pr_url.is_some() || r.pr_is_being_created, false);
    let busy = Signal::derive(move || ctx.is_busy());
    let busy_with = move |label: &'static str| {
        Signal::derive(move || ctx.busy.with(|b| b.as_deref() == Some(label)))
    };
    let changing = Signal::derive(move || ctx.changing());

    let stop = Callback::new(move |_| {
        let rid = ctx.runner_id();
        ctx.act(
            "Stop",
            move |conn| async move { api::netlify::stop_runner(&conn, &rid).await },
            |_, _| "The agent is being stopped.".to_string(),
        );
    });
    let archive = Callback::new(move |_| {
        let rid = ctx.runner_id();
        ctx.act(
            "Archive",
            move |conn| async move { api::netlify::archive_runner(&conn, &rid).await },
            |_, _| "The runner is archived.".to_string(),
        );
    });
    let do_rebase = move |_| {
        let rid = ctx.runner_id();
        ctx.act(
            "Rebase",
            move |conn| async move { api::netlify::rebase_runner(&conn, &rid).await },
            |_, _| "A rebase session started: it replays the changes onto the latest production deploy.".to_string(),
        );
    };
    let pull_request = Callback::new(move |_| {
        let rid = ctx.runner_id();
        ctx.act(
            "Create pull request",
            move |conn| async move { api::netlify::create_pull_request(&conn, &rid).await },
            |ctx, runner: AgentRunner| {
                let msg = match (&runner.pr_url, runner.pr_number) {
                    (Some(_), Some(n)) => format!("Pull request #{n} is open."),
                    (Some(_), None) => "The pull request is open.".to_string(),
                    _ if runner.pr_is_being_created => {
                        "Netlify is creating the pull request…".to_string()
                    }
                    _ => "Pull request requested.".to_string(),
                };
                ctx.runner.set(Some(runner));
                msg
            },
        );
    });

    view! {
        <section class="runner-actions" aria-label="Actions">
            <div class="action-buttons">
                <Show when=move || live.get()>
                    <ConfirmButton
                        label="Stop the agent"
                        confirm_label="Yes, stop it"
                        explanation="The running session stops now. What it did so far is kept; you can send a follow-up later."
                        danger=true
                        busy=busy_with("Stop")
                        busy_label="Stopping…"
                        disabled=busy
                        on_confirm=stop
                    />
                </Show>
                <Show when=move || rebase.get() && !live.get()>
                    <button
                        type="button"
                        class="button"
                        disabled=move || busy.get() || changing.get()
                        on:click=do_rebase
                    >
                        {move || if busy_with("Rebase").get() { "Rebasing…" } else { "Rebase onto production" }}
                    </button>
                </Show>
                <Show when=move || has_changes.get() && !has_pr.get() && !archived.get()>
                    <ConfirmButton
                        label="Open a pull request"
                        confirm_label="Yes, open it"
                        explanation="Pushes the runner's changes to a new branch of the site's repository and opens a pull request there, visible to everyone with access."
                        busy=busy_with("Create pull request")
                        busy_label="Opening the pull request…"
                        disabled=Signal::derive(move || busy.get() || changing.get())
                        disabled_reason=Signal::derive(move || changing.get().then(|| "Wait for the running session to finish.".to_string()))
                        on_confirm=pull_request
                    />
                </Show>
                <a
                    class="button"
                    href=move || Route::NewRunner { parent: Some(ctx.runner_id()) }.href()
                >
                    "New run from this one"
                </a>
                <Show when=move || !archived.get()>
                    <ConfirmButton
                        label="Archive"
                        confirm_label="Yes, archive it"
                        explanation="Archives the runner: it leaves the list of active runners and cannot take follow-ups any more. Its sessions and pull request stay as they are."
                        danger=true
                        busy=busy_with("Archive")
                        busy_label="Archiving…"
                        disabled=busy
                        on_confirm=archive
                    />
                </Show>
            </div>
            <Show when=move || has_changes.get() && !archived.get()>
                <CommitForm />
            </Show>
            <MergeCommitStatus />
            {move || {
                ctx.outcome
                    .get()
                    .map(|o| {
                        if o.ok {
                            view! { <p class="action-outcome ok" role="status">{o.message}</p> }.into_any()
                        } else {
                            view! { <p class="action-outcome notice notice-error" role="alert">{o.message}</p> }.into_any()
                        }
                    })
            }}
        </section>
    }
}

/// Commit to a branch: the name is checked as it is typed, the main branch is refused before
/// anything is sent, and the button says what will happen.
#[component]
fn CommitForm() -> impl IntoView {
    let ctx = use_runner_ctx();
    let branch = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let base = runner_field(ctx, |r| r.branch.clone(), None);
    let check = Memo::new(move |_| branch.with(|b| check_target_branch(b, base.get().as_deref())));
    let changing = Signal::derive(move || ctx.changing());
    // Count the files the commit will carry from the runner's diff (shared with the Changes
    // tab: downloaded once per version of the runner).
    Effect::new(move |_| ctx.want_diff());
    let files = move || {
        ctx.diff.with(|d| match d {
            Some(Ok(patch)) => Some(patch.as_deref().map(files_in_diff).unwrap_or(0)),
            _ => None,
        })
    };
    let label = move || {
        let n = files();
        commit_label(n, &branch.get())
    };
    let submit = Callback::new(move |_| {
        touched.set(true);
        let Ok(target) = check.get_untracked() else {
            return;
        };
        let rid = ctx.runner_id();
        let t = target.clone();
        ctx.act(
            "Commit",
            move |conn| async move { api::netlify::commit_to_branch(&conn, &rid, &t).await },
            move |ctx, runner: AgentRunner| {
                let msg = match (&runner.merge_commit_sha, &runner.merge_commit_error) {
                    (_, Some(e)) if !e.trim().is_empty() => {
                        format!("Netlify could not commit to {target}: {e}")
                    }
                    (Some(sha), _) => format!(
                        "Committed to branch {target} as {}.",
                        sha.chars().take(7).collect::<String>()
                    ),
                    _ => format!("Committing to branch {target}…"),
                };
                ctx.runner.set(Some(runner));
                msg
            },
        );
    });
    view! {
        <form class="commit-form" on:submit=move |ev| ev.prevent_default()>
            <label class="field">
                <span>"Commit the changes to a branch"</span>
                <input
                    type="text"
                    name="target_branch"
                    placeholder="feature/my-change"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || branch.get()
                    on:input=move |ev| {
                        branch.set(event_target_value(&ev));
                        touched.set(true);
                    }
                />
            </label>
            {move || {
                (touched.get() && !branch.read().is_empty())
                    .then(|| check.get().err())
                    .flatten()
                    .map(|e| view! { <p class="field-error" role="alert">{e}</p> })
            }}
            <ConfirmButton
                label=Signal::derive(label)
                confirm_label=Signal::derive(move || format!("Yes, commit to {}", branch.get().trim()))
                explanation=Signal::derive(move || format!(
                    "Creates a commit with the runner's changes on branch {} of the site's repository (the branch is created if it does not exist).",
                    branch.get().trim()
                ))
                busy=Signal::derive(move || ctx.busy.with(|b| b.as_deref() == Some("Commit")))
                busy_label="Committing…"
                disabled=Signal::derive(move || ctx.is_busy() || changing.get() || check.get().is_err())
                disabled_reason=Signal::derive(move || {
                    if changing.get() {
                        Some("Wait for the running session to finish.".to_string())
                    } else {
                        check.get().err()
                    }
                })
                on_confirm=submit
            />
        </form>
    }
}

/// What the last commit to a branch gave: in progress, its sha, or its error.
#[component]
fn MergeCommitStatus() -> impl IntoView {
    let ctx = use_runner_ctx();
    move || {
        ctx.runner.with(|r| {
            let r = r.as_ref()?;
            if r.merge_commit_is_being_created {
                return Some(
                    view! { <p class="merge-commit" role="status"><span class="spinner" aria-hidden="true"></span>"Committing to the branch…"</p> }
                        .into_any(),
                );
            }
            if let Some(e) = r.merge_commit_error.clone().filter(|e| !e.trim().is_empty()) {
                return Some(
                    view! { <p class="merge-commit notice notice-error" role="alert">"The last commit to a branch failed: "{e}</p> }
                        .into_any(),
                );
            }
            r.merge_commit_sha.clone().map(|sha| {
                let short: String = sha.chars().take(7).collect();
                view! { <p class="merge-commit ok">"Committed as "<code title=sha>{short}</code></p> }.into_any()
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_labels_say_what_happens() {
        assert_eq!(
            commit_label(Some(3), "feature-x"),
            "Commit 3 files to branch feature-x"
        );
        assert_eq!(commit_label(Some(1), " x "), "Commit 1 file to branch x");
        assert_eq!(commit_label(None, "x"), "Commit the changes to branch x");
        assert_eq!(commit_label(Some(2), ""), "Commit 2 files to a branch");
    }

    #[test]
    fn files_are_counted_by_git_headers() {
        let d = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\ndiff --git a/y b/y\n";
        assert_eq!(files_in_diff(d), 2);
        assert_eq!(files_in_diff(""), 0);
    }
}
