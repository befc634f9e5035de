//! A structural check of the built wasm: wasm-bindgen's `__wbindgen_externrefs` export must name
//! a table of `externref`. Binaryen 108 and older rebind it onto the funcref table, and the app
//! then dies at start-up with "WebAssembly.Table.set(): ... must be ... a Wasm function object"
//! (a blank page). Cheaper and clearer to catch here than in a browser.

const EXPORT: &str = "__wbindgen_externrefs";
const EXTERNREF: u8 = 0x6f;

pub(crate) fn leb_u32(b: &[u8], i: &mut usize) -> Option<u32> {
    let (mut result, mut shift) = (0u32, 0);
    loop {
        let byte = *b.get(*i)?;
        *i += 1;
        result |= u32::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(result);
        }
        shift += 7;
    }
}

/// The sections of a wasm module: each one's id and the byte range of its contents.
pub(crate) fn sections(wasm: &[u8]) -> Result<Vec<(u8, std::ops::Range<usize>)>, String> {
    if wasm.get(..4) != Some(b"\0asm") {
        return Err("not a wasm module".into());
    }
    let bad = || "malformed wasm module".to_string();
    let mut out = Vec::new();
    let mut i = 8;
    while i < wasm.len() {
        let id = wasm[i];
        i += 1;
        let size = leb_u32(wasm, &mut i).ok_or_else(bad)? as usize;
        let end = i
            .checked_add(size)
            .filter(|e| *e <= wasm.len())
            .ok_or_else(bad)?;
        out.push((id, i..end));
        i = end;
    }
    Ok(out)
}

/// `Ok` when the module has no such export or it names an externref table.
pub fn check_externref_export(wasm: &[u8]) -> Result<(), String> {
    let bad = || "malformed wasm module".to_string();
    let (mut tables, mut exported) = (Vec::new(), None);
    for (id, section) in sections(wasm)? {
        let mut j = section.start;
        match id {
            // Imports: tables imported come first in the table index space.
            2 => {
                for _ in 0..leb_u32(wasm, &mut j).ok_or_else(bad)? {
                    for _ in 0..2 {
                        let len = leb_u32(wasm, &mut j).ok_or_else(bad)? as usize;
                        j += len;
                    }
                    let kind = *wasm.get(j).ok_or_else(bad)?;
                    j += 1;
                    match kind {
                        0 => drop(leb_u32(wasm, &mut j)),
                        1 => {
                            tables.push(*wasm.get(j).ok_or_else(bad)?);
                            j += 1;
                            skip_limits(wasm, &mut j).ok_or_else(bad)?;
                        }
                        2 => skip_limits(wasm, &mut j).ok_or_else(bad)?,
                        3 => j += 2,
                        _ => return Err(bad()),
                    }
                }
            }
            4 => {
                for _ in 0..leb_u32(wasm, &mut j).ok_or_else(bad)? {
                    tables.push(*wasm.get(j).ok_or_else(bad)?);
                    j += 1;
                    skip_limits(wasm, &mut j).ok_or_else(bad)?;
                }
            }
            7 => {
                for _ in 0..leb_u32(wasm, &mut j).ok_or_else(bad)? {
                    let len = leb_u32(wasm, &mut j).ok_or_else(bad)? as usize;
                    let name = wasm.get(j..j + len).ok_or_else(bad)?;
                    j += len;
                    let kind = *wasm.get(j).ok_or_else(bad)?;
                    j += 1;
                    let index = leb_u32(wasm, &mut j).ok_or_else(bad)? as usize;
                    if kind == 1 && name == EXPORT.as_bytes() {
                        exported = Some(index);
                    }
                }
            }
            _ => {}
        }
    }
    match exported {
        None => Ok(()),
        Some(index) => match tables.get(index) {
            Some(&EXTERNREF) => Ok(()),
            Some(other) => Err(format!(
                "`{EXPORT}` points at table {index} of type 0x{other:02x}, not externref: the wasm \
                 optimiser broke the module (Binaryen <= 108 does this; use the pinned wasm-opt)"
            )),
            None => Err(format!(
                "`{EXPORT}` points at table {index}, which does not exist"
            )),
        },
    }
}

fn skip_limits(b: &[u8], j: &mut usize) -> Option<()> {
    let flag = *b.get(*j)?;
    *j += 1;
    leb_u32(b, j)?;
    if flag & 1 == 1 {
        leb_u32(b, j)?;
    }
    Some(())
}

/// Checks every `.wasm` file directly in `dir`.
pub fn check_dist(dir: &std::path::Path) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        // The main module holds the table; the page chunks import it.
        if path.extension().is_some_and(|e| e == "wasm") && !crate::split::is_chunk(&path) {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            check_externref_export(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with a funcref table 0, an externref table 1, and the export naming `table`.
    fn module(table: u8) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend([4, 8, 2, 0x70, 0x01, 5, 5, 0x6f, 0x00, 4]); // tables: funcref 5/5, externref 4..
        let name = EXPORT.as_bytes();
        let mut export = vec![1, name.len() as u8];
        export.extend(name);
        export.extend([1, table]);
        m.push(7);
        m.push(export.len() as u8);
        m.extend(export);
        m
    }

    #[test]
    fn accepts_an_export_of_the_externref_table() {
        check_externref_export(&module(1)).unwrap();
        check_externref_export(b"\0asm\x01\0\0\0").unwrap();
    }

    #[test]
    fn refuses_an_export_rebound_to_the_funcref_table() {
        let err = check_externref_export(&module(0)).unwrap_err();
        assert!(err.contains("Binaryen"), "{err}");
        assert!(check_externref_export(&module(7)).is_err());
    }

    #[test]
    fn refuses_garbage_without_panicking() {
        assert!(check_externref_export(b"not wasm").is_err());
        let mut truncated = module(1);
        truncated.truncate(20);
        assert!(check_externref_export(&truncated).is_err());
    }
}
