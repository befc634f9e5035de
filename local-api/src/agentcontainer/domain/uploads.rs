//! `POST /uploads/prepare` and `/uploads/complete`. Prepare returns a signed, expiring URL on
//! the storage origin: method `POST` (Convex-style: raw body, answered by `{"storageId"}`,
//! which goes into complete) by default, or `PUT` (S3-style; complete without storageId) when
//! the request carries `x-local-api-upload-method: PUT`.

use super::records::{self, FileRec, UploadRec, FILE, UPLOAD};
use crate::agentcontainer::error::{AcError, AcResult};
use crate::state::{AppState, Shared};
use agentdeck_wire::agentcontainer::*;

pub const UPLOAD_TTL_SECS: i64 = 15 * 60;

/// Prepares an upload: a signed URL for `method` (`POST` or `PUT`) on the storage origin.
pub fn prepare(st: &Shared, method: &str, req: PrepareUpload) -> AcResult<PreparedUpload> {
    if req.filename.trim().is_empty() {
        return Err(AcError::invalid("filename is required"));
    }
    if req
        .size_bytes
        .is_some_and(|s| s > st.config.max_upload_bytes)
    {
        return Err(AcError::invalid(format!(
            "File is larger than the {} byte limit",
            st.config.max_upload_bytes
        )));
    }
    let id = records::new_id(st, "upl");
    let key = format!("ac-uploads/{id}");
    let expires = crate::clock::now_ms() / 1000 + UPLOAD_TTL_SECS;
    let url = crate::storage::presign_until(st, method, &key, req.content_type.as_deref(), expires);
    let mut h = JsonObject::new();
    if let Some(ct) = &req.content_type {
        h.insert("Content-Type".into(), ct.clone().into());
    }
    let rec = UploadRec {
        id: id.clone(),
        filename: req.filename.clone(),
        content_type: req.content_type.clone(),
        size_bytes: req.size_bytes,
        method: method.into(),
        key,
        expires_ms: expires * 1000,
        file_id: None,
    };
    st.store.put(UPLOAD, &id, "", &rec);
    Ok(PreparedUpload {
        upload_id: id,
        upload_url: url,
        method: UploadMethod::parse(method),
        headers: h,
        expires_at: Some(crate::clock::ts(expires * 1000)),
    })
}

/// Completes an upload into a file (again for a completed upload: the same file).
pub async fn complete(st: &AppState, req: CompleteUpload) -> AcResult<File> {
    let _g = st.idem_lock.lock().await;
    let mut rec: UploadRec = st
        .store
        .get(UPLOAD, &req.upload_id)
        .ok_or_else(|| AcError::not_found("Upload"))?;
    if let Some(fid) = &rec.file_id {
        if let Some(f) = st.store.get::<FileRec>(FILE, fid) {
            return Ok(f.file);
        }
    }
    let stored: crate::storage::StoredObject = if rec.method == "POST" {
        let sid = req.storage_id.as_deref().ok_or_else(|| {
            AcError::invalid("storageId is required for uploads prepared with method POST")
        })?;
        let obj: crate::storage::StoredObject = st
            .store
            .get(crate::storage::STORAGE_ID, sid)
            .ok_or_else(|| AcError::invalid("Unknown storageId"))?;
        if obj.key != rec.key {
            return Err(AcError::invalid("storageId does not belong to this upload"));
        }
        obj
    } else {
        if req.storage_id.is_some() {
            return Err(AcError::invalid(
                "storageId must be omitted for uploads prepared with method PUT",
            ));
        }
        st.store
            .get(crate::storage::OBJECT, &rec.key)
            .ok_or_else(|| AcError::invalid("No bytes were uploaded for this upload"))?
    };
    let file = File {
        id: records::new_id(st, "file"),
        filename: rec.filename.clone(),
        content_type: stored.content_type.clone().or(rec.content_type.clone()),
        size_bytes: Some(stored.size),
        created_at: st.clock.now(),
    };
    st.store.put(
        FILE,
        &file.id,
        "",
        &FileRec {
            file: file.clone(),
            blob_key: rec.key.clone(),
        },
    );
    rec.file_id = Some(file.id.clone());
    st.store.put(UPLOAD, &rec.id, "", &rec);
    Ok(file)
}
