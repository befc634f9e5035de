//! What the diff viewer remembers in `localStorage`: the unified/split choice, and which files were
//! marked "viewed" (per caller key, e.g. a runner id), each with the hash of the file's patch so
//! that a file whose content changed is no longer "viewed".

use crate::diff::ViewMode;
use std::collections::HashMap;

const MODE_KEY: &str = "agentdeck.diff.mode";
const VIEWED_PREFIX: &str = "agentdeck.diff.viewed.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load_mode() -> ViewMode {
    storage()
        .and_then(|s| s.get_item(MODE_KEY).ok().flatten())
        .map(|v| ViewMode::from_str_lossy(&v))
        .unwrap_or_default()
}

pub fn save_mode(mode: ViewMode) {
    if let Some(s) = storage() {
        let _ = s.set_item(MODE_KEY, mode.as_str());
    }
}

/// path -> hash (hex) of the patch the user marked viewed.
pub fn load_viewed(key: &str) -> HashMap<String, String> {
    storage()
        .and_then(|s| s.get_item(&format!("{VIEWED_PREFIX}{key}")).ok().flatten())
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default()
}

pub fn save_viewed(key: &str, map: &HashMap<String, String>) {
    if let Some(s) = storage() {
        let k = format!("{VIEWED_PREFIX}{key}");
        if map.is_empty() {
            let _ = s.remove_item(&k);
        } else if let Ok(v) = serde_json::to_string(map) {
            let _ = s.set_item(&k, &v);
        }
    }
}
