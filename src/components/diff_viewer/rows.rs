//! One row of the windowed diff (file header, hunk header, note, unified line or split pair),
//! with word, syntax and search highlighting.

use super::state::{file_of_line, Ctx};
use super::toolbar::copy_patch;
use crate::diff::{
    layout::{self, file_notes, Row, NONE},
    segments,
    syntax::{highlight, Lang, SEG_COMMENT, SEG_KEYWORD, SEG_NUMBER, SEG_STRING},
    word_diff, Diff, FileStatus, Line, LineKind, SEG_CURRENT, SEG_MATCH, SEG_WORD,
};
use leptos::prelude::*;
use std::ops::Range;

/// Longer lines are cut for display (the copied / downloaded patch keeps everything).
pub(super) const MAX_SHOW: usize = 4000;

fn cut(text: &str) -> (&str, usize) {
    if text.len() <= MAX_SHOW {
        return (text, 0);
    }
    let mut i = MAX_SHOW;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    (&text[..i], text.len() - i)
}

fn num(n: u32) -> String {
    if n == 0 {
        String::new()
    } else {
        n.to_string()
    }
}

/// The code of one line as text nodes and highlight spans.
fn code_view(ctx: Ctx, d: &Diff, li: usize) -> AnyView {
    let Some(l) = d.lines.get(li).copied() else {
        return ().into_any();
    };
    let full = d.line_text(&l);
    let (text, more) = cut(full);
    let lang = file_of_line(d, li)
        .and_then(|f| d.files.get(f))
        .map_or(Lang::None, |f| Lang::from_path(f.path()));
    let mut marks: Vec<(Range<usize>, u8)> = highlight(lang, text);
    if l.pair != Line::NO_PAIR {
        if let Some(other) = d.lines.get(l.pair as usize) {
            let o = d.line_text(other);
            if full.len() <= MAX_SHOW && o.len() <= MAX_SHOW {
                let w = if l.kind == LineKind::Removed {
                    word_diff(full, o).old
                } else {
                    word_diff(o, full).new
                };
                marks.extend(w.into_iter().map(|r| (r, SEG_WORD)));
            }
        }
    }
    let current = ctx.current.get_untracked();
    ctx.hits.with_untracked(|h| {
        let first = h.matches.partition_point(|m| (m.line as usize) < li);
        for (k, m) in h.matches.iter().enumerate().skip(first) {
            if m.line as usize != li {
                break;
            }
            let s = (m.start.saturating_sub(l.start)) as usize;
            let e = (m.end.saturating_sub(l.start)) as usize;
            let flag = if current == Some(k) {
                SEG_MATCH | SEG_CURRENT
            } else {
                SEG_MATCH
            };
            marks.push((s..e, flag));
        }
    });
    let segs = segments(text.len(), &marks);
    let parts = segs
        .into_iter()
        .map(|(r, f)| {
            let t = text.get(r).unwrap_or("").to_string();
            if f == 0 {
                t.into_any()
            } else {
                let mut cls = String::new();
                if f & SEG_WORD != 0 {
                    cls.push_str("dv-word ");
                }
                if f & SEG_MATCH != 0 {
                    cls.push_str("dv-match ");
                }
                if f & SEG_CURRENT != 0 {
                    cls.push_str("dv-match-current ");
                }
                // One colour class at most: comments and strings win over what is inside.
                if f & SEG_COMMENT != 0 {
                    cls.push_str("dv-com");
                } else if f & SEG_STRING != 0 {
                    cls.push_str("dv-str");
                } else if f & SEG_KEYWORD != 0 {
                    cls.push_str("dv-kw");
                } else if f & SEG_NUMBER != 0 {
                    cls.push_str("dv-num");
                }
                view! { <span class=cls>{t}</span> }.into_any()
            }
        })
        .collect_view();
    let more = (more > 0).then(|| {
        view! { <span class="dv-more">{format!(" … {more} more bytes (copy or download the patch to see them)")}</span> }
    });
    let crlf = l
        .crlf
        .then(|| view! { <span class="dv-eol" title="CRLF line ending">"␍"</span> });
    let nonl = l.no_newline.then(|| {
        view! { <span class="dv-nonl" title="No newline at end of file">" ⊘ no newline at end of file"</span> }
    });
    view! { <span class="dv-code">{parts}{more}{crlf}{nonl}</span> }.into_any()
}

fn kind_class(k: LineKind) -> (&'static str, &'static str) {
    match k {
        LineKind::Added => ("dv-add", "+"),
        LineKind::Removed => ("dv-del", "-"),
        LineKind::Context => ("dv-ctx", " "),
    }
}

fn half(ctx: Ctx, d: &Diff, li: u32, left: bool) -> AnyView {
    let side = if left { "dv-left" } else { "dv-right" };
    if li == NONE {
        return view! { <div class=format!("dv-half {side} dv-empty-side")></div> }.into_any();
    }
    let Some(l) = d.lines.get(li as usize).copied() else {
        return ().into_any();
    };
    let (cls, sign) = kind_class(l.kind);
    let n = if left { l.old_no } else { l.new_no };
    view! {
        <div class=format!("dv-half {side} {cls}")>
            <span class="dv-ln">{num(n)}</span>
            <span class="dv-sign">{sign}</span>
            {code_view(ctx, d, li as usize)}
        </div>
    }
    .into_any()
}

fn file_header(ctx: Ctx, d: &Diff, fi: usize, style: String) -> AnyView {
    let Some(f) = d.files.get(fi) else {
        return ().into_any();
    };
    let (collapsed, viewed) = ctx.flags.with_untracked(|fl| {
        (
            fl.collapsed.get(fi).copied().unwrap_or(false),
            fl.viewed.get(fi).copied().unwrap_or(false),
        )
    });
    let path = f.path().to_string();
    let path_attr = path.clone();
    let display = f.display_path();
    let status = f.status;
    let sim = match (status, f.similarity) {
        (FileStatus::Renamed | FileStatus::Copied, Some(s)) => {
            Some(format!("{} {s}%", status.label()))
        }
        (FileStatus::Renamed | FileStatus::Copied, None) => Some(status.label().to_string()),
        _ => None,
    };
    let mode = f.mode_changed().then(|| {
        format!(
            "mode {} → {}",
            f.old_mode.as_deref().unwrap_or(""),
            f.new_mode.as_deref().unwrap_or("")
        )
    });
    let generated = f.generated.then_some("generated");
    let binary = f.binary.then_some("binary");
    let counts = (!f.binary).then(|| {
        view! {
            <span class="dv-counts">
                <span class="dv-plus">{format!("+{}", f.added)}</span>
                " "
                <span class="dv-minus">{format!("−{}", f.removed)}</span>
            </span>
        }
    });
    let label = if collapsed {
        "Expand file"
    } else {
        "Collapse file"
    };
    view! {
        <div
            class="dv-row dv-file"
            class:dv-viewed=viewed
            class:dv-collapsed=collapsed
            style=style
            data-file=fi.to_string()
            data-path=path_attr
        >
            <button
                type="button"
                class="dv-toggle"
                title=label
                aria-label=label
                aria-expanded=(!collapsed).to_string()
                on:click=move |_| ctx.toggle_collapsed(fi)
            >
                {if collapsed { "▸" } else { "▾" }}
            </button>
            <span class=format!("dv-status dv-status-{}", status.label()) title=status.label()>
                {status.letter()}
            </span>
            <span class="dv-path" title=path>{display}</span>
            {sim.map(|s| view! { <span class="dv-tag dv-sim">{s}</span> })}
            {mode.map(|m| view! { <span class="dv-tag dv-mode">{m}</span> })}
            {binary.map(|b| view! { <span class="dv-tag dv-bin">{b}</span> })}
            {generated.map(|g| view! { <span class="dv-tag dv-gen" title="Lock file, minified or generated code">{g}</span> })}
            {counts}
            <span class="dv-spacer"></span>
            <button type="button" class="dv-copy" title="Copy this file's patch" on:click=move |_| copy_patch(ctx, fi)>
                "Copy patch"
            </button>
            <label class="dv-viewed-label">
                <input
                    type="checkbox"
                    class="dv-viewed-box"
                    prop:checked=viewed
                    on:change=move |_| ctx.toggle_viewed(fi)
                />
                " Viewed"
            </label>
        </div>
    }
    .into_any()
}

/// Row `i` of the current layout.
pub(super) fn render_row(ctx: Ctx, i: usize) -> AnyView {
    let lay = ctx.layout.get_untracked().layout;
    let d = ctx.parsed.get_untracked().diff;
    let (Some(row), Some(top)) = (lay.rows.get(i).copied(), lay.tops.get(i).copied()) else {
        return ().into_any();
    };
    let style = format!("top:{top}px;height:{}px", layout::row_height(&row));
    match row {
        Row::File(fi) => file_header(ctx, &d, fi as usize, style),
        Row::Hunk(hi) => {
            let text = d
                .hunks
                .get(hi as usize)
                .map(|h| d.slice(h.header.clone()).to_string())
                .unwrap_or_default();
            let (text, _) = cut(&text);
            view! { <div class="dv-row dv-hunk" style=style>{text.to_string()}</div> }.into_any()
        }
        Row::Note(fi, n) => {
            let note = d
                .files
                .get(fi as usize)
                .and_then(|f| file_notes(f).into_iter().nth(n as usize))
                .unwrap_or_default();
            let bin = d.files.get(fi as usize).is_some_and(|f| f.binary) && n == 0;
            view! { <div class="dv-row dv-note" class:dv-binary=bin style=style>{note}</div> }
                .into_any()
        }
        Row::Line(li) => {
            let Some(l) = d.lines.get(li as usize).copied() else {
                return ().into_any();
            };
            let (cls, sign) = kind_class(l.kind);
            view! {
                <div class=format!("dv-row dv-line {cls}") style=style data-line=li.to_string()>
                    <span class="dv-ln">{num(l.old_no)}</span>
                    <span class="dv-ln">{num(l.new_no)}</span>
                    <span class="dv-sign">{sign}</span>
                    {code_view(ctx, &d, li as usize)}
                </div>
            }
            .into_any()
        }
        Row::Split(a, b) => view! {
            <div class="dv-row dv-line dv-split-row" style=style>
                {half(ctx, &d, a, true)}
                {half(ctx, &d, b, false)}
            </div>
        }
        .into_any(),
    }
}
