//! SSH keys: real Ed25519 keypairs generated on the server. The public key is returned in
//! OpenSSH format; the private key (OpenSSH PEM) is stored and never returned.

use super::records::{self, RepoRec, SshKeyRec, REPO, SSH_KEY};
use crate::agentcontainer::error::{AcError, AcResult};
use crate::state::Shared;
use agentdeck_wire::agentcontainer::*;
use base64::Engine;

fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s);
}

fn public_blob(pk: &[u8; 32]) -> Vec<u8> {
    let mut b = Vec::new();
    put_string(&mut b, b"ssh-ed25519");
    put_string(&mut b, pk);
    b
}

/// `ssh-ed25519 AAAA... comment`.
pub fn openssh_public(pk: &[u8; 32], comment: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(public_blob(pk));
    let comment: String = comment.chars().filter(|c| !c.is_control()).collect();
    format!("ssh-ed25519 {b64} {}", comment.trim())
        .trim_end()
        .to_string()
}

/// The `-----BEGIN OPENSSH PRIVATE KEY-----` encoding (unencrypted openssh-key-v1).
pub fn openssh_private(seed: &[u8; 32], pk: &[u8; 32], comment: &str) -> String {
    let mut out = Vec::new();
    out.extend_from_slice(b"openssh-key-v1\0");
    put_string(&mut out, b"none");
    put_string(&mut out, b"none");
    put_string(&mut out, b"");
    out.extend_from_slice(&1u32.to_be_bytes());
    put_string(&mut out, &public_blob(pk));
    let check: u32 = rand::random();
    let mut private = Vec::new();
    private.extend_from_slice(&check.to_be_bytes());
    private.extend_from_slice(&check.to_be_bytes());
    put_string(&mut private, b"ssh-ed25519");
    put_string(&mut private, pk);
    let mut secret = seed.to_vec();
    secret.extend_from_slice(pk);
    put_string(&mut private, &secret);
    put_string(&mut private, comment.as_bytes());
    let mut pad = 1u8;
    while private.len() % 8 != 0 {
        private.push(pad);
        pad += 1;
    }
    put_string(&mut out, &private);
    let b64 = base64::engine::general_purpose::STANDARD.encode(out);
    let mut pem = String::from("-----BEGIN OPENSSH PRIVATE KEY-----\n");
    for chunk in b64.as_bytes().chunks(70) {
        pem.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        pem.push('\n');
    }
    pem.push_str("-----END OPENSSH PRIVATE KEY-----\n");
    pem
}

/// A new Ed25519 keypair: (OpenSSH public key, OpenSSH private key).
pub fn generate(name: &str) -> (String, String) {
    let sk = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
    let pk = sk.verifying_key().to_bytes();
    let comment = format!(
        "{}@agentcontainer",
        name.split_whitespace().collect::<Vec<_>>().join("-")
    );
    (
        openssh_public(&pk, &comment),
        openssh_private(&sk.to_bytes(), &pk, &comment),
    )
}

fn get_key(st: &Shared, id: &str) -> AcResult<SshKeyRec> {
    st.store
        .get(SSH_KEY, id)
        .ok_or_else(|| AcError::not_found("SSH key"))
}

/// Every SSH key (public parts).
pub fn list(st: &Shared) -> Vec<SshKey> {
    st.store
        .list::<SshKeyRec>(SSH_KEY, None)
        .into_iter()
        .map(|k| k.key)
        .collect()
}

/// Generates and stores a new key.
pub fn create(st: &Shared, req: CreateSshKey) -> AcResult<SshKey> {
    if req.name.trim().is_empty() {
        return Err(AcError::invalid("name is required"));
    }
    let (public_key, private_key) = generate(&req.name);
    let key = SshKey {
        id: records::new_id(st, "key"),
        name: req.name,
        description: req.description,
        algorithm: SshKeyAlgorithm::Ed25519,
        public_key,
        created_at: st.clock.now(),
    };
    st.store.put(
        SSH_KEY,
        &key.id,
        "",
        &SshKeyRec {
            key: key.clone(),
            private_key,
        },
    );
    Ok(key)
}

/// One SSH key (public parts).
pub fn get(st: &Shared, id: &str) -> AcResult<SshKey> {
    Ok(get_key(st, id)?.key)
}

/// Renames or re-describes a key.
pub fn update(st: &Shared, id: &str, req: UpdateSshKey) -> AcResult<SshKey> {
    let mut rec = get_key(st, id)?;
    if let Some(n) = req.name {
        if n.trim().is_empty() {
            return Err(AcError::invalid("name cannot be empty"));
        }
        rec.key.name = n;
    }
    if let Some(d) = req.description {
        rec.key.description = Some(d);
    }
    st.store.put(SSH_KEY, id, "", &rec);
    Ok(rec.key)
}

/// Deletes a key and detaches it from every repository.
pub fn delete(st: &Shared, id: &str) -> AcResult<()> {
    get_key(st, id)?;
    for mut r in st.store.list::<RepoRec>(REPO, None) {
        if r.ssh_key_ids.iter().any(|k| k == id) {
            r.ssh_key_ids.retain(|k| k != id);
            st.store.put(REPO, &r.repo.id.clone(), "", &r);
        }
    }
    st.store.delete(SSH_KEY, id);
    Ok(())
}

/// The repositories a key is attached to.
pub fn repositories(st: &Shared, id: &str) -> AcResult<Vec<Repository>> {
    get_key(st, id)?;
    let repos: Vec<Repository> = st
        .store
        .list::<RepoRec>(REPO, None)
        .iter()
        .filter(|r| r.ssh_key_ids.iter().any(|k| k == id))
        .map(|r| records::present_repo(st, r))
        .collect();
    Ok(repos)
}

/// Attaches a key to a repository.
pub fn attach(st: &Shared, id: &str, repository_id: &str) -> AcResult<Repository> {
    get_key(st, id)?;
    let mut r = records::repo(st, repository_id).ok_or_else(|| AcError::not_found("Repository"))?;
    if !r.ssh_key_ids.iter().any(|k| k == id) {
        r.ssh_key_ids.push(id.to_string());
    }
    st.store.put(REPO, &r.repo.id.clone(), "", &r);
    Ok(records::present_repo(st, &r))
}

/// Detaches a key from a repository.
pub fn detach(st: &Shared, id: &str, repo_id: &str) -> AcResult<()> {
    get_key(st, id)?;
    let mut r = records::repo(st, repo_id).ok_or_else(|| AcError::not_found("Repository"))?;
    if !r.ssh_key_ids.iter().any(|k| k == id) {
        return Err(AcError::not_found("SSH key attachment"));
    }
    r.ssh_key_ids.retain(|k| k != id);
    st.store.put(REPO, repo_id, "", &r);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_openssh_ed25519() {
        let (public, private) = generate("deploy key");
        let mut parts = public.split(' ');
        assert_eq!(parts.next(), Some("ssh-ed25519"));
        let blob = base64::engine::general_purpose::STANDARD
            .decode(parts.next().unwrap())
            .unwrap();
        assert_eq!(blob.len(), 4 + 11 + 4 + 32);
        assert_eq!(&blob[4..15], b"ssh-ed25519");
        assert_eq!(parts.next(), Some("deploy-key@agentcontainer"));
        assert!(private.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
        let body: String = private
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        let raw = base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap();
        assert!(raw.starts_with(b"openssh-key-v1\0"));
        // The private section holds seed||public; the seed derives the advertised public key.
        let public_blob = &blob[19..];
        let at = raw
            .windows(64)
            .rposition(|w| &w[32..] == public_blob)
            .expect("secret key in the private section");
        let seed: [u8; 32] = raw[at..at + 32].try_into().unwrap();
        let derived = ed25519_dalek::SigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes();
        assert_eq!(&derived[..], public_blob);
    }

    /// When OpenSSH is installed, it reads the private key and derives the same public key.
    #[test]
    fn ssh_keygen_accepts_the_private_key() {
        use std::os::unix::fs::PermissionsExt;
        let (public, private) = generate("check");
        let path =
            std::env::temp_dir().join(format!("local-api-key-{}", crate::ids::random_hex(6)));
        std::fs::write(&path, &private).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let out = std::process::Command::new("ssh-keygen")
            .arg("-y")
            .arg("-f")
            .arg(&path)
            .output();
        let _ = std::fs::remove_file(&path);
        let Ok(out) = out else { return };
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let derived = String::from_utf8_lossy(&out.stdout);
        let key_of = |s: &str| s.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        assert_eq!(key_of(&derived), key_of(&public));
    }
}
