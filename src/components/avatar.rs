//! A user's avatar: the image when its URL is http(s), the initials otherwise.

use crate::safe_url::http_url;
use leptos::prelude::*;

pub fn initials(name: &str) -> String {
    let mut out: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .collect();
    if out.is_empty() {
        out.push('?');
    }
    out.to_uppercase()
}

#[component]
pub fn Avatar(name: String, url: Option<String>) -> impl IntoView {
    let src = url.as_deref().and_then(http_url).map(str::to_string);
    match src {
        Some(src) => view! {
            <img class="avatar" src=src alt="" title=name loading="lazy" referrerpolicy="no-referrer" />
        }
        .into_any(),
        None => view! { <span class="avatar avatar-initials" title=name.clone()>{initials(&name)}</span> }
            .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_from_names() {
        assert_eq!(initials("Example User"), "EU");
        assert_eq!(initials("ada"), "A");
        assert_eq!(initials("  "), "?");
        assert_eq!(initials("élodie durand martin"), "ÉD");
    }
}
