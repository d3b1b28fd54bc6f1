//! A batch's output folder: its manifest, its kits, and what a run leaves
//! behind or is waited for.

use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use super::entries;

/// One row of manifest.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestRow {
    pub line: usize,
    pub status: String,
    pub files: Vec<String>,
    pub error: String,
}

/// The cells of manifest.csv of `dir`, row by row, as written, read with the
/// csv crate: the header must be `line,status,files,error` and every row
/// have those four cells.
pub fn manifest_cells(dir: &Path) -> Vec<[String; 4]> {
    let path = dir.join("manifest.csv");
    let mut reader = csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let headers = reader.headers().expect("manifest header").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        ["line", "status", "files", "error"],
        "manifest.csv header"
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("manifest row");
            assert_eq!(r.len(), 4, "manifest row {r:?}");
            [0, 1, 2, 3].map(|i| r[i].to_string())
        })
        .collect()
}

/// manifest.csv of `dir`, row by row: [`manifest_cells`] read as what they
/// say.
pub fn manifest(dir: &Path) -> Vec<ManifestRow> {
    manifest_cells(dir)
        .into_iter()
        .map(|[line, status, files, error]| ManifestRow {
            line: line
                .parse()
                .unwrap_or_else(|_| panic!("a line number in {line:?}")),
            status,
            files: files.split_whitespace().map(str::to_string).collect(),
            error,
        })
        .collect()
}

/// The two files of the customer whose stem (line number or `--name`) is `stem`.
pub fn kit_files(stem: &str) -> Vec<String> {
    vec![
        format!("{stem}-recovery-kit.pdf"),
        format!("{stem}-id-verification-prep.pdf"),
    ]
}

/// The names of the PDFs in `dir`, sorted.
pub fn pdfs_in(dir: &Path) -> Vec<String> {
    entries(dir)
        .into_iter()
        .filter(|n| n.ends_with(".pdf"))
        .collect()
}

/// The files in `dir` that a run writes before renaming them into place
/// (`.mikit-*`), sorted.
pub fn part_files(dir: &Path) -> Vec<String> {
    entries(dir)
        .into_iter()
        .filter(|n| n.starts_with(".mikit-"))
        .collect()
}

/// No file a run writes before renaming it into place is left in `dir`.
#[track_caller]
pub fn assert_no_temp_files(dir: &Path) {
    assert_eq!(
        part_files(dir),
        Vec::<String>::new(),
        "temporary files left behind in {}",
        dir.display()
    );
}

/// Waits, polling, until `done` while `child` runs; fails when `child` ends
/// first or `done` takes longer than `within`.
#[track_caller]
pub fn wait_for(child: &mut Child, what: &str, within: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < within, "{what}: not after {within:?}");
        assert!(
            child.try_wait().unwrap().is_none(),
            "mikit ended before {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}
