//! The filter bar of the runners list, and what the list says when the filters match nothing.
//! Every change is written to the URL (text fields on Enter or blur).

use super::filters::RunnerFilters;
use agentdeck_wire::netlify::StateFilter;
use leptos::prelude::*;

/// Filters that write themselves to the URL when changed (text fields on Enter or blur).
#[component]
pub fn FilterBar(
    filters: Memo<RunnerFilters>,
    on_change: impl Fn(RunnerFilters) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let field_change = on_change.clone();
    let text_field = move |label: &'static str,
                           name: &'static str,
                           get: fn(&RunnerFilters) -> String,
                           set: fn(&mut RunnerFilters, String)| {
        let on_change = field_change.clone();
        view! {
            <label class="field">
                <span>{label}</span>
                <input
                    type=if name == "from" || name == "to" { "date" } else { "search" }
                    name=name
                    // `/` focuses the title filter (the list's search).
                    data-search=(name == "title").then_some("")
                    prop:value=move || get(&filters.read())
                    on:change=move |ev| {
                        let mut f = filters.get_untracked();
                        set(&mut f, event_target_value(&ev).trim().to_string());
                        f.page = 1;
                        on_change(f);
                    }
                />
            </label>
        }
    };
    let state_change = on_change.clone();
    let clear = on_change.clone();
    view! {
        <form class="filter-bar" role="search" on:submit=|ev| ev.prevent_default()>
            <label class="field">
                <span>"State"</span>
                <select
                    name="state"
                    prop:value=move || filters.read().state.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let mut f = filters.get_untracked();
                        f.state = (!v.is_empty()).then(|| StateFilter::parse(&v));
                        f.page = 1;
                        state_change(f);
                    }
                >
                    <option value="">"All"</option>
                    <option value="live">"Live (new or running)"</option>
                    <option value="error">"Failed"</option>
                </select>
            </label>
            {text_field("Title", "title", |f| f.title.clone(), |f, v| f.title = v)}
            {text_field("Branch", "branch", |f| f.branch.clone(), |f, v| f.branch = v)}
            {text_field("Result branch", "result_branch", |f| f.result_branch.clone(), |f, v| f.result_branch = v)}
            {text_field("User id", "user_id", |f| f.user_id.clone(), |f, v| f.user_id = v)}
            {text_field("Created from", "from", |f| f.from.clone(), |f, v| f.from = v)}
            {text_field("Created to", "to", |f| f.to.clone(), |f, v| f.to = v)}
            <Show when=move || filters.read().is_filtered()>
                <button type="button" class="button button-quiet clear-filters" on:click={
                    let clear = clear.clone();
                    move |_| clear(RunnerFilters::default())
                }>"Clear filters"</button>
            </Show>
        </form>
    }
}

#[component]
pub fn EmptyList(
    filters: Memo<RunnerFilters>,
    on_change: impl Fn(RunnerFilters) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let filtered = filters.get_untracked().is_filtered();
    let clear = on_change.clone();
    view! {
        <div class="empty-state" role="status">
            {if filtered {
                view! {
                    <p>"No runners match these filters."</p>
                    <button class="button" on:click=move |_| clear(RunnerFilters::default())>"Clear filters"</button>
                }
                .into_any()
            } else {
                view! { <p>"No agent runners on this site yet."</p> }.into_any()
            }}
        </div>
    }
}
