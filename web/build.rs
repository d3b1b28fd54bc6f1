//! Records the SHA-256 of every bundled font file, so the page can only hand
//! the library the exact files the CLI embeds.
//!
//! The list of files is read from the library's own `src/fonts.rs` (its
//! `font_file!("…")` entries, in `FaceId::ALL` order), so a face added there
//! is one the page can fetch without a second list to keep in step; the
//! array's length is `FaceId::ALL.len()`, so a mismatch does not compile.

use std::fmt::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

/// The file names of `font_file!("NAME")` in the library's font table.
fn bundled_files(source: &str) -> Vec<&str> {
    source
        .split("font_file!(\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(name, _)| name))
        .collect()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let table = root.join("src/fonts.rs");
    println!("cargo::rerun-if-changed={}", table.display());
    let source =
        std::fs::read_to_string(&table).unwrap_or_else(|e| panic!("{}: {e}", table.display()));
    let files = bundled_files(&source);
    assert!(
        !files.is_empty(),
        "no font_file!(\"…\") in {}",
        table.display()
    );
    let mut out = String::from("/// SHA-256 of each font file, in `FaceId::ALL` order.\n");
    let _ = writeln!(
        out,
        "const FONT_DIGESTS: [(&str, [u8; 32]); {}] = [",
        files.len()
    );
    for name in files {
        let path = root.join("fonts").join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let digest = Sha256::digest(&bytes);
        let _ = writeln!(out, "    ({name:?}, {:?}),", digest.as_slice());
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("font_digests.rs");
    std::fs::write(dest, out).expect("write font digests");
}
