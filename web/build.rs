//! Records the SHA-256 of every bundled font file, so the page can only hand
//! the library the exact files the CLI embeds.

use std::fmt::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

const FILES: [&str; 5] = [
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "DroidSansFallbackFull.ttf",
    "NanumSquareR.ttf",
    "NanumSquareB.ttf",
];

fn main() {
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fonts");
    let mut out = String::from("/// SHA-256 of each font file, in `FaceId::ALL` order.\n");
    out.push_str("const FONT_DIGESTS: [(&str, [u8; 32]); 5] = [\n");
    for name in FILES {
        let path = fonts.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let digest = Sha256::digest(&bytes);
        let _ = writeln!(out, "    ({name:?}, {:?}),", digest.as_slice());
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("font_digests.rs");
    std::fs::write(dest, out).expect("write font digests");
}
