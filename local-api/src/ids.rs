//! Identifiers and randomness. Simulated behaviour draws from a ChaCha generator seeded by the
//! configured seed and the object's id, so a run is the same every time for a given seed.

use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

/// Random lowercase hex (not deterministic: secrets, upload signatures' nonces, temp dirs).
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    hex(&buf)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A deterministic id: `hash(seed, name, n)` as `len` hex characters.
pub fn det_hex(seed: u64, name: &str, n: u64, len: usize) -> String {
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(name.as_bytes());
    h.update(n.to_le_bytes());
    let mut s = hex(&h.finalize());
    s.truncate(len);
    s
}

/// A generator for one simulated object.
pub fn rng_for(seed: u64, key: &str) -> ChaCha8Rng {
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(key.as_bytes());
    let d = h.finalize();
    let mut s = [0u8; 32];
    s.copy_from_slice(&d);
    ChaCha8Rng::from_seed(s)
}

pub fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}
