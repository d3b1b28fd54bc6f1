//! Templates: the built-in ones as written, and exported ones edited the way
//! a shop (or an attacker) would, then given to `build --templates`.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::{assert_success, build_refused, example, mikit, run};

/// The source of a built-in template, e.g. `template_toml("en",
/// "recovery-kit")`, read with the `toml` crate.
pub fn template_toml(lang: &str, stem: &str) -> toml::Table {
    let path = template_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        lang,
        stem,
    );
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("{} is not TOML: {e}", path.display()))
}

/// `mikit templates export DIR`, whatever its outcome.
pub fn export_templates(dir: &Path) -> Output {
    run(mikit().args(["templates", "export"]).arg(dir))
}

/// Exports the built-in templates into a new folder `root/name`.
#[track_caller]
pub fn fresh_export(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    assert_success(
        &export_templates(&dir),
        &format!("mikit templates export {}", dir.display()),
    );
    dir
}

/// A template file of an exported folder, e.g. `template_file(&dir, "en",
/// "recovery-kit")`.
pub fn template_file(dir: &Path, lang: &str, stem: &str) -> PathBuf {
    dir.join(lang).join(format!("{stem}.toml"))
}

/// Replaces `from`, which must occur exactly once, in a file.
#[track_caller]
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{}: {from:?} must occur once",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Replaces the first of the occurrences of `from`, which must be there, in
/// a file.
#[track_caller]
pub fn edit_first(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Adds `text` at the end of a file.
#[track_caller]
pub fn append(path: &Path, text: &str) {
    let mut all = std::fs::read_to_string(path).unwrap();
    all.push_str(text);
    std::fs::write(path, all).unwrap();
}

/// The 1-based number of the first line of `path` that holds `needle`.
#[track_caller]
pub fn line_of(path: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{}: no line with {needle:?}", path.display()))
        + 1
}

/// Builds Priya's documents with `--templates dir`: refused with `code`, no
/// panic, nothing written. Returns stderr.
#[track_caller]
pub fn templates_refused(dir: &Path, code: i32) -> String {
    build_refused(
        &example("priya-nair"),
        &dir.with_extension("out"),
        &["--templates", dir.to_str().unwrap()],
        code,
    )
}

/// `err` names `path` at `line` (any column).
#[track_caller]
pub fn assert_at(err: &str, path: &Path, line: usize) {
    let at = format!("{}:{line}:", path.display());
    assert!(err.contains(&at), "expected {at:?} in:\n{err}");
}
