//! SQLite persistence: one table of JSON documents keyed by kind and id, scoped by a parent id.
//!
//! local-api serves a handful of resources with small data sets, so each object is stored as
//! the JSON of its wire type (plus internal sidecar documents) and filtered in Rust. Writes are
//! immediate, so a restart loses nothing. `None` as path keeps everything in memory (tests).

use anyhow::Context;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Store {
    conn: Mutex<Connection>,
    /// Directory for uploaded bytes (beside the database, or a temporary one in memory mode).
    pub blob_dir: PathBuf,
}

/// A stored document with its bookkeeping columns.
pub struct Doc<T> {
    pub id: String,
    pub scope: String,
    pub value: T,
}

impl Store {
    pub fn open(path: Option<&Path>) -> anyhow::Result<Store> {
        let (conn, blob_dir) = match path {
            Some(p) => {
                if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating {}", dir.display()))?;
                }
                let conn =
                    Connection::open(p).with_context(|| format!("opening {}", p.display()))?;
                let mut blobs = p.as_os_str().to_owned();
                blobs.push(".uploads");
                (conn, PathBuf::from(blobs))
            }
            None => {
                let dir = std::env::temp_dir().join(format!(
                    "local-api-{}-{}",
                    std::process::id(),
                    crate::ids::random_hex(8)
                ));
                (Connection::open_in_memory()?, dir)
            }
        };
        std::fs::create_dir_all(&blob_dir)?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL;
             PRAGMA synchronous=NORMAL;
             CREATE TABLE IF NOT EXISTS docs (
                 seq INTEGER PRIMARY KEY AUTOINCREMENT,
                 kind TEXT NOT NULL,
                 id TEXT NOT NULL,
                 scope TEXT NOT NULL DEFAULT '',
                 body TEXT NOT NULL,
                 UNIQUE(kind, id)
             );
             CREATE INDEX IF NOT EXISTS docs_scope ON docs(kind, scope);
             CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
        )?;
        Ok(Store {
            conn: Mutex::new(conn),
            blob_dir,
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn put<T: Serialize>(&self, kind: &str, id: &str, scope: &str, value: &T) {
        let body = serde_json::to_string(value).expect("serializable");
        self.conn()
            .execute(
                "INSERT INTO docs (kind, id, scope, body) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(kind, id) DO UPDATE SET body = excluded.body, scope = excluded.scope",
                params![kind, id, scope, body],
            )
            .expect("sqlite write");
    }

    pub fn get<T: DeserializeOwned>(&self, kind: &str, id: &str) -> Option<T> {
        self.get_doc(kind, id).map(|d| d.value)
    }

    pub fn get_doc<T: DeserializeOwned>(&self, kind: &str, id: &str) -> Option<Doc<T>> {
        let row: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT scope, body FROM docs WHERE kind = ?1 AND id = ?2",
                params![kind, id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .expect("sqlite read");
        let (scope, body) = row?;
        serde_json::from_str(&body).ok().map(|value| Doc {
            id: id.to_string(),
            scope,
            value,
        })
    }

    /// Documents of a kind (optionally of one scope), oldest stored first.
    pub fn list<T: DeserializeOwned>(&self, kind: &str, scope: Option<&str>) -> Vec<T> {
        self.list_docs(kind, scope)
            .into_iter()
            .map(|d| d.value)
            .collect()
    }

    pub fn list_docs<T: DeserializeOwned>(&self, kind: &str, scope: Option<&str>) -> Vec<Doc<T>> {
        let conn = self.conn();
        let mut out = Vec::new();
        let mut push = |id: String, scope: String, body: String| {
            if let Ok(value) = serde_json::from_str(&body) {
                out.push(Doc { id, scope, value });
            }
        };
        let map = |r: &rusqlite::Row<'_>| Ok((r.get(0)?, r.get(1)?, r.get(2)?));
        match scope {
            Some(s) => {
                let mut st = conn
                    .prepare_cached("SELECT id, scope, body FROM docs WHERE kind = ?1 AND scope = ?2 ORDER BY seq")
                    .expect("sql");
                for row in st.query_map(params![kind, s], map).expect("sqlite read") {
                    let (a, b, c) = row.expect("row");
                    push(a, b, c);
                }
            }
            None => {
                let mut st = conn
                    .prepare_cached("SELECT id, scope, body FROM docs WHERE kind = ?1 ORDER BY seq")
                    .expect("sql");
                for row in st.query_map(params![kind], map).expect("sqlite read") {
                    let (a, b, c) = row.expect("row");
                    push(a, b, c);
                }
            }
        }
        out
    }

    /// Reads, changes and writes back one document under a single lock.
    pub fn update<T: Serialize + DeserializeOwned, R>(
        &self,
        kind: &str,
        id: &str,
        f: impl FnOnce(&mut T) -> R,
    ) -> Option<(T, R)> {
        let conn = self.conn();
        let row: Option<String> = conn
            .query_row(
                "SELECT body FROM docs WHERE kind = ?1 AND id = ?2",
                params![kind, id],
                |r| r.get(0),
            )
            .optional()
            .expect("sqlite read");
        let mut value: T = serde_json::from_str(&row?).ok()?;
        let r = f(&mut value);
        let body = serde_json::to_string(&value).expect("serializable");
        conn.execute(
            "UPDATE docs SET body = ?3 WHERE kind = ?1 AND id = ?2",
            params![kind, id, body],
        )
        .expect("sqlite write");
        Some((value, r))
    }

    pub fn delete(&self, kind: &str, id: &str) -> bool {
        self.conn()
            .execute(
                "DELETE FROM docs WHERE kind = ?1 AND id = ?2",
                params![kind, id],
            )
            .expect("sqlite write")
            > 0
    }

    pub fn count(&self, kind: &str) -> u64 {
        self.conn()
            .query_row(
                "SELECT COUNT(*) FROM docs WHERE kind = ?1",
                params![kind],
                |r| r.get::<_, i64>(0),
            )
            .expect("sqlite read") as u64
    }

    pub fn meta(&self, key: &str) -> Option<String> {
        self.conn()
            .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
                r.get(0)
            })
            .optional()
            .expect("sqlite read")
    }

    pub fn set_meta(&self, key: &str, value: &str) {
        self.conn()
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .expect("sqlite write");
    }

    /// A persistent counter: 1, 2, 3, ... per name.
    pub fn next_counter(&self, name: &str) -> u64 {
        let conn = self.conn();
        let key = format!("counter:{name}");
        let cur: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
                r.get(0)
            })
            .optional()
            .expect("sqlite read");
        let next = cur.and_then(|v| v.parse::<u64>().ok()).unwrap_or(0) + 1;
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, next.to_string()],
        )
        .expect("sqlite write");
        next
    }

    pub fn blob_path(&self, key: &str) -> PathBuf {
        let safe: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.blob_dir.join(safe)
    }

    pub fn put_blob(&self, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::write(self.blob_path(key), bytes)
    }

    pub fn get_blob(&self, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.blob_path(key)).ok()
    }

    pub fn delete_blob(&self, key: &str) {
        let _ = std::fs::remove_file(self.blob_path(key));
    }
}
