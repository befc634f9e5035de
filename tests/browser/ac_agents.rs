// The AgentContainer agents pages in the whole app, against local-api: the list with the
// standard and demo agents and "Load more"; creating an agent through the form (a 422 shown
// next to its field, the form kept); editing (a new version, the Versions tab shows the
// change); forking a standard agent; archiving; uploading a reference file; attaching and
// detaching a repository; a missing agent in plain words.

use crate::api_common::agentcontainer;
use crate::support::*;
use agentdeck::api::agentcontainer as ac;
use agentdeck::api::AgentContainerConnection;
use agentdeck::app::App;
use agentdeck::config::Connections;
use agentdeck::routes::{AgentTab, Route};
use agentdeck_wire::agentcontainer::{Agent, CreateAgent, ListQuery};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

fn unique(prefix: &str) -> String {
    format!("{prefix} {}", (js_sys::Math::random() * 1e9) as u64)
}

async fn new_agent(conn: &AgentContainerConnection, name: &str) -> Agent {
    let body: CreateAgent = serde_json::from_value(serde_json::json!({
        "name": name,
        "runtime": {"containerImage": "ghcr.io/agentdeck/test:1", "agentRuntime": "pi"},
        "basePrompt": "You test things.",
        "defaults": {
            "model": "claude-sonnet-4-5", "internetAccess": true, "maxRuntimeSeconds": 600,
            "outputPolicy": {"mode": "any"}, "runtimeRegion": "any"
        }
    }))
    .unwrap();
    ac::create_agent(conn, &body).await.expect("create_agent")
}

struct Page {
    root: Element,
    _app: Box<dyn std::any::Any>,
}

fn open(route: Route) -> Page {
    go_to(&route.href());
    let root = container();
    let conns = Connections {
        agentcontainer: Some(agentcontainer()),
        ..Default::default()
    };
    let app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    Page {
        root: root.into(),
        _app: Box::new(app),
    }
}

fn agent_route(id: &str, tab: AgentTab) -> Route {
    Route::AcAgent {
        id: id.to_string(),
        tab,
    }
}

fn input_value(root: &Element, css: &str) -> String {
    first(root, css)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

fn row_named(root: &Element, name: &str) -> Option<Element> {
    all(root, ".ac-agent-row")
        .into_iter()
        .find(|r| text(r, ".ac-agent-name") == name)
}

async fn heading_is(root: &Element, name: &str) {
    until(&format!("the agent page of {name}"), || {
        (text(root, ".ac-agent-header h1") == name).then_some(())
    })
    .await;
}

async fn confirm(root: &Element, label: &str, yes: &str) {
    click(root, label).await;
    until("the confirmation", || first(root, ".confirm")).await;
    click(root, yes).await;
}

#[wasm_bindgen_test]
async fn the_list_shows_standard_and_custom_agents() {
    let page = open(Route::AcAgents { archived: false });
    let root = &page.root;
    for standard in ["General Purpose", "Code Reviewer"] {
        let row = until(standard, || row_named(root, standard)).await;
        assert_eq!(text(&row, ".badge"), "Standard", "{standard}");
        assert!(button(&row, "Fork").is_some(), "{standard} can be forked");
    }
    let demo = until("the demo agent", || row_named(root, "Site maintainer")).await;
    assert!(
        first(&demo, ".badge").is_none(),
        "a custom agent has no mark"
    );
    assert!(button(&demo, "Fork").is_none());
    let link = first(&demo, ".ac-agent-name").unwrap();
    assert!(link
        .get_attribute("href")
        .unwrap()
        .starts_with("/agentcontainer/agents/agt_"));
    // The archived toggle lives in the URL.
    let toggle: web_sys::HtmlInputElement = first(root, "input[name=archived]")
        .unwrap()
        .unchecked_into();
    assert!(!toggle.checked());
    toggle.click();
    until("?archived=1 in the URL", || {
        (location_search() == "?archived=1").then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn load_more_reads_the_next_page() {
    let conn = agentcontainer();
    let count = || async {
        ac::list_agents(
            &conn,
            &ListQuery {
                limit: Some(100),
                cursor: None,
            },
        )
        .await
        .unwrap()
        .data
        .len()
    };
    while count().await <= 20 {
        new_agent(&conn, &unique("Filler agent")).await;
    }
    let last = new_agent(&conn, &unique("Last agent")).await;
    let page = open(Route::AcAgents { archived: false });
    let root = &page.root;
    until("the first page", || row_named(root, "General Purpose")).await;
    assert!(row_named(root, &last.name).is_none(), "past the first page");
    // Each click reads one more page; the button is gone while a page loads.
    while row_named(root, &last.name).is_none() {
        let before = all(root, ".ac-agent-row").len();
        click(root, "Load more agents").await;
        until("the next page", || {
            (all(root, ".ac-agent-row").len() > before).then_some(())
        })
        .await;
    }
}

#[wasm_bindgen_test]
async fn a_new_agent_is_created_through_the_form_and_a_422_keeps_it() {
    let name = unique("Docs writer");
    let page = open(Route::AcNewAgent);
    let root = &page.root;
    until("the form", || first(root, "input[name=name]")).await;
    set_value(root, "input[name=name]", &name);
    set_value(
        root,
        "input[name='runtime.containerImage']",
        "ghcr.io/agentdeck/docs:1",
    );
    set_value(
        root,
        "textarea[name=basePrompt]",
        "You write documentation.",
    );
    set_value(root, "input[name='defaults.sessionTtlSeconds']", "900");
    // No model: the service refuses with 422 naming defaults.model.
    click(root, "Create agent").await;
    let msg = until("the model's 422 message", || {
        first(root, ".ac-field-error[data-field='defaults.model']").and_then(|e| e.text_content())
    })
    .await;
    assert!(msg.contains("model"), "{msg}");
    // It sits in the model's field, and nothing typed was lost.
    let field = first(root, ".ac-field-error[data-field='defaults.model']")
        .unwrap()
        .parent_element()
        .unwrap();
    assert!(first(&field, "input[name='defaults.model']").is_some());
    assert_eq!(input_value(root, "input[name=name]"), name);
    assert_eq!(
        input_value(root, "input[name='defaults.sessionTtlSeconds']"),
        "900"
    );
    assert!(text(root, ".ac-save-error").contains("kept"));

    set_value(root, "input[name='defaults.model']", "claude-sonnet-4-5");
    click(root, "Create agent").await;
    heading_is(root, &name).await;
    let path = web_sys::window().unwrap().location().pathname().unwrap();
    let id = path.rsplit('/').next().unwrap().to_string();
    let agent = ac::get_agent(&agentcontainer(), &id).await.unwrap();
    assert_eq!(agent.name, name);
    assert_eq!(
        agent.current_version.defaults.session_ttl_seconds,
        Some(900)
    );
    assert!(text(root, ".ac-settings").contains("ghcr.io/agentdeck/docs:1"));
}

#[wasm_bindgen_test]
async fn an_edit_makes_a_version_and_the_versions_tab_shows_what_changed() {
    let conn = agentcontainer();
    let agent = new_agent(&conn, &unique("Editable")).await;
    let page = open(Route::AcEditAgent {
        id: agent.id.clone(),
    });
    let root = &page.root;
    until("the form with the current model", || {
        (input_value(root, "input[name='defaults.model']") == "claude-sonnet-4-5").then_some(())
    })
    .await;
    set_value(root, "input[name='defaults.model']", "gpt-5-mini");
    click(root, "Save changes").await;
    let row = until("the Model change", || {
        first(root, ".ac-diff-row[data-field='Model']")
    })
    .await;
    assert_eq!(text(&row, ".ac-diff-before"), "claude-sonnet-4-5");
    assert_eq!(text(&row, ".ac-diff-after"), "gpt-5-mini");
    assert_eq!(all(root, ".ac-diff-row").len(), 1, "only the model changed");
    assert_eq!(location_search(), "?tab=versions");
    let now = ac::get_agent(&conn, &agent.id).await.unwrap();
    assert_eq!(now.current_version.number, agent.current_version.number + 1);
}

#[wasm_bindgen_test]
async fn a_standard_agent_is_forked_and_opened() {
    let page = open(Route::AcAgents { archived: false });
    let root = &page.root;
    let row = until("Code Reviewer", || row_named(root, "Code Reviewer")).await;
    click(&row, "Fork").await;
    heading_is(root, "Code Reviewer (fork)").await;
    assert!(
        first(root, ".ac-agent-header .badge").is_none(),
        "a fork is a custom agent"
    );
    assert!(button(root, "Edit").is_some());
}

#[wasm_bindgen_test]
async fn an_agent_is_archived_after_a_confirmation() {
    let conn = agentcontainer();
    let agent = new_agent(&conn, &unique("Short-lived")).await;
    let page = open(agent_route(&agent.id, AgentTab::Settings));
    let root = &page.root;
    heading_is(root, &agent.name).await;
    confirm(root, "Archive", "Yes, archive it").await;
    until("the archived mark", || first(root, ".ac-archived-mark")).await;
    assert!(
        button(root, "Edit").is_none(),
        "an archived agent cannot be edited"
    );
    assert!(ac::get_agent(&conn, &agent.id)
        .await
        .unwrap()
        .archived_at
        .is_some());
    drop(page);

    // The list leaves it out until "Show archived agents" is on.
    let listed = |archived: bool| {
        let name = agent.name.clone();
        async move {
            let page = open(Route::AcAgents { archived });
            let root = page.root.clone();
            // Loaded once local-api's first agent (a standard one, seeded first) is listed.
            let loaded = |root: &Element| {
                let text = root.text_content().unwrap_or_default();
                (text.contains("General Purpose") && !text.contains("Loading")).then_some(text)
            };
            // Read every page of the list.
            let mut text = until("the agents list", || loaded(&root)).await;
            while let Some(more) = button(&root, "Load more agents") {
                more.click();
                until("the next page", || {
                    let t = loaded(&root)?;
                    (t != text || button(&root, "Load more agents").is_none()).then_some(t)
                })
                .await;
                text = until("the list after loading more", || loaded(&root)).await;
            }
            let found = text.contains(&name);
            drop(page);
            found
        }
    };
    assert!(
        !listed(false).await,
        "archived agents are hidden by default"
    );
    assert!(listed(true).await, "and shown with the toggle");
}

/// Picks files in the page's file input, as a user would (name, text content).
fn pick(root: &Element, files: &[(&str, &str)]) {
    let list = files
        .iter()
        .map(|(name, body)| {
            format!(
                "dt.items.add(new File([{}], {}, {{type: 'text/markdown'}}));",
                serde_json::to_string(body).unwrap(),
                serde_json::to_string(name).unwrap()
            )
        })
        .collect::<String>();
    let files: web_sys::FileList = js_sys::eval(&format!(
        "(() => {{ const dt = new DataTransfer(); {list} return dt.files; }})()"
    ))
    .unwrap()
    .unchecked_into();
    let input: web_sys::HtmlInputElement =
        first(root, "input[type=file]").unwrap().unchecked_into();
    input.set_files(Some(&files));
    let ev = web_sys::Event::new_with_event_init_dict("change", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn an_uploaded_reference_file_is_attached_and_listed() {
    let conn = agentcontainer();
    let agent = new_agent(&conn, &unique("With files")).await;
    let page = open(agent_route(&agent.id, AgentTab::Files));
    let root = &page.root;
    until("the file picker", || first(root, "input[type=file]")).await;
    until("the empty list", || {
        first(root, ".ac-reference-files .empty-state")
    })
    .await;
    pick(root, &[("style-guide.md", "# Style\nShort sentences.")]);
    until("the file in the list", || {
        all(root, ".ac-file-name")
            .iter()
            .any(|e| e.text_content().as_deref() == Some("style-guide.md"))
            .then_some(())
    })
    .await;
    until("the upload row to go", || {
        all(root, ".ac-uploads .attachment")
            .is_empty()
            .then_some(())
    })
    .await;
    let files = ac::list_reference_files(&conn, &agent.id, &ListQuery::default())
        .await
        .unwrap();
    assert_eq!(files.data.len(), 1);
    assert_eq!(files.data[0].filename, "style-guide.md");
    let now = ac::get_agent(&conn, &agent.id).await.unwrap();
    assert_eq!(now.current_version.number, agent.current_version.number + 1);
}

#[wasm_bindgen_test]
async fn a_repository_is_attached_then_detached() {
    let conn = agentcontainer();
    let agent = new_agent(&conn, &unique("With repos")).await;
    let repos = ac::list_repositories(&conn, &ListQuery::default())
        .await
        .unwrap();
    let repo = repos
        .data
        .iter()
        .find(|r| r.name == "juniper-coffee/site")
        .expect("the demo repository")
        .clone();
    let page = open(agent_route(&agent.id, AgentTab::Repositories));
    let root = &page.root;
    until("no repositories yet", || {
        first(root, ".ac-agent-repositories .empty-state")
    })
    .await;
    let option = format!("select[name=repositoryId] option[value='{}']", repo.id);
    until("the account's repositories", || first(root, &option)).await;
    set_value(root, "select[name=repositoryId]", &repo.id);
    set_value(root, "input[name=tag]", "release");
    set_value(root, "input[name=mountingPoint]", "/workspace/site");
    set_value(root, "input[name=setupScript]", "scripts/setup.sh");
    click(root, "Attach repository").await;
    let row = until("the attached repository", || {
        first(root, ".ac-repo-row[data-mount='/workspace/site']")
    })
    .await;
    let facts = text(&row, ".ac-repo-facts");
    assert!(facts.contains("release"), "{facts}");
    assert!(facts.contains("scripts/setup.sh"), "{facts}");
    assert_eq!(
        ac::list_agent_repositories(&conn, &agent.id, &ListQuery::default())
            .await
            .unwrap()
            .data
            .len(),
        1
    );

    confirm(root, "Detach juniper-coffee/site", "Yes, detach it").await;
    until("the repository to go", || {
        first(root, ".ac-agent-repositories .empty-state")
    })
    .await;
    assert!(
        ac::list_agent_repositories(&conn, &agent.id, &ListQuery::default())
            .await
            .unwrap()
            .data
            .is_empty()
    );
}

#[wasm_bindgen_test]
async fn a_missing_agent_is_said_in_plain_words() {
    let page = open(agent_route("agt_does_not_exist", AgentTab::Settings));
    let root = &page.root;
    let notice = until("the error", || {
        first(root, ".notice-error").and_then(|e| e.text_content())
    })
    .await;
    assert!(notice.contains("Not found"), "{notice}");
    assert!(button(root, "Try again").is_some());
}
