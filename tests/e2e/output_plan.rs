//! Issue 17, "writes that destroy a file the user did not name as output":
//! every file a run reads (details or customer list, shop file, each
//! template file) is off limits to every file it writes (PDFs, manifest,
//! merged PDF, the folder's lock), in `build` and in `batch`, compared
//! after resolving paths; `--force` replaces only regular files; exit 64
//! before anything is written.

use crate::common;

use std::collections::BTreeMap;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::{Path, PathBuf};

use common::*;

/// A folder with what a run reads: a customer list, a shop file and an
/// export of the templates.
struct Setup {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    customers: PathBuf,
    shop: PathBuf,
    templates: PathBuf,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let customers = write_file(
        &root,
        "in.csv",
        "name,email\nAnna,anna@example.com\nBoris,b@example.org\n",
    );
    let shop = write_file(&root, "shop.toml", read(&example_file("shop.toml")));
    let templates = fresh_export(&root, "tp");
    Setup {
        _tmp: tmp,
        root,
        customers,
        shop,
        templates,
    }
}

/// The run was refused as a usage error, said that nothing was written, and
/// left everything under `root` as it was `before`.
#[track_caller]
fn assert_refused_untouched(
    output: &std::process::Output,
    before: &BTreeMap<PathBuf, Vec<u8>>,
    root: &Path,
    what: &str,
) {
    let said = stderr(output);
    assert_code(output, USAGE, what);
    assert!(said.contains("othing was written"), "{what}: {said}");
    assert_eq!(tree(root), *before, "{what} changed files");
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Makes a FIFO at `path`.
fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.unwrap().success(), "mkfifo {}", path.display());
}

#[test]
fn batch_never_writes_over_what_it_reads() {
    let t = setup();
    let kit = template_file(&t.templates, "en", "recovery-kit");
    let relative_shop = t.templates.join("..").join("shop.toml");
    std::fs::hard_link(&t.shop, t.root.join("shop-link.pdf")).unwrap();
    symlink(&kit, t.root.join("template-link.pdf")).unwrap();
    let (shop, templates) = (("--shop", &t.shop), ("--templates", &t.templates));
    // What the run reads, what --merge names, and the case.
    let cases: Vec<((&str, &PathBuf), PathBuf, &str)> = vec![
        // The reproductions.
        (shop, t.shop.clone(), "--merge the shop file"),
        (templates, kit.clone(), "--merge a template"),
        // Variants: through "..", a hard link, a symlink, and a template of
        // another language.
        (shop, relative_shop, "--merge the shop file through .."),
        (
            shop,
            t.root.join("shop-link.pdf"),
            "--merge a hard link to the shop file",
        ),
        (
            templates,
            t.root.join("template-link.pdf"),
            "--merge a symlink to a template",
        ),
        (
            templates,
            template_file(&t.templates, "th", "id-verification-prep"),
            "--merge a Thai template",
        ),
    ];
    for ((option, read), merge, what) in cases {
        let before = tree(&t.root);
        let out = t.root.join("m1");
        let output = batch(
            &t.customers,
            &out,
            &[option, s(read), "--merge", s(&merge), "--force"],
        );
        // The folder -o names may be made before the refusal: it is empty.
        let _ = std::fs::remove_dir(&out);
        assert_refused_untouched(&output, &before, &t.root, what);
    }
}

#[test]
fn the_manifest_and_the_lock_never_replace_an_input() {
    let t = setup();
    let out = t.root.join("OUT");
    std::fs::create_dir(&out).unwrap();
    // The reproduction: the shop file saved as the folder's manifest.
    let shop_there = out.join("manifest.csv");
    std::fs::copy(&t.shop, &shop_there).unwrap();
    let before = tree(&t.root);
    let output = batch(&t.customers, &out, &["--shop", s(&shop_there), "--force"]);
    assert_refused_untouched(&output, &before, &t.root, "--shop OUT/manifest.csv");
    // build refused it already; the same rule now says so for the lock.
    let lock = out.join(".mikit.lock");
    std::fs::rename(&shop_there, &lock).unwrap();
    let before = tree(&t.root);
    let output = batch(&t.customers, &out, &["--shop", s(&lock), "--force"]);
    assert_refused_untouched(&output, &before, &t.root, "--shop OUT/.mikit.lock (batch)");
    let output = build(
        &example("priya-nair"),
        &out,
        &["--shop", s(&lock), "--force"],
    );
    assert_refused_untouched(&output, &before, &t.root, "--shop OUT/.mikit.lock (build)");
    // A details file saved as the lock of the folder it is built into.
    let details = out.join(".mikit.lock");
    std::fs::copy(example("priya-nair"), &details).unwrap();
    let before = tree(&t.root);
    let output = build(&details, &out, &["--force"]);
    assert_refused_untouched(&output, &before, &t.root, "details file as the lock");
    // Kits written into a folder of templates leave every template as it is.
    let templates = || -> BTreeMap<PathBuf, Vec<u8>> {
        tree(&t.templates)
            .into_iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == "toml"))
            .collect()
    };
    let before = templates();
    assert_eq!(before.len(), 32, "every template exported");
    let tp_out = t.templates.join("en");
    let output = batch(
        &t.customers,
        &tp_out,
        &["--templates", s(&t.templates), "--force"],
    );
    assert_code(&output, OK, "kits beside templates are fine");
    assert!(templates() == before, "batch changed a template");
    let output = build(
        &example("priya-nair"),
        &tp_out,
        &["--templates", s(&t.templates), "--force"],
    );
    assert_code(&output, OK, "a build beside templates");
    assert!(templates() == before, "build changed a template");
}

#[test]
fn build_never_writes_over_a_template_or_the_shop_file() {
    let t = setup();
    // A PDF of this build under a template's name, through a symlink.
    let out = t.root.join("b");
    std::fs::create_dir(&out).unwrap();
    symlink(
        t.templates.join("en").join("recovery-kit.toml"),
        out.join("recovery-kit.pdf"),
    )
    .unwrap();
    let before = tree(&t.root);
    let output = build(
        &example("priya-nair"),
        &out,
        &["--templates", s(&t.templates), "--force"],
    );
    assert_refused_untouched(
        &output,
        &before,
        &t.root,
        "a template behind recovery-kit.pdf",
    );
    // And the shop file hard-linked as the prep sheet.
    std::fs::remove_file(out.join("recovery-kit.pdf")).unwrap();
    std::fs::hard_link(&t.shop, out.join("id-verification-prep.pdf")).unwrap();
    let before = tree(&t.root);
    let output = build(
        &example("priya-nair"),
        &out,
        &["--shop", s(&t.shop), "--force"],
    );
    assert_refused_untouched(&output, &before, &t.root, "the shop file as the prep sheet");
}

#[test]
fn force_replaces_only_regular_files() {
    let t = setup();
    let node = t.root.join("mynull");
    let made = std::process::Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .status();
    let fifo = t.root.join("myfifo");
    mkfifo(&fifo);
    let mut targets = vec![(fifo.clone(), "a FIFO")];
    // mknod needs root; where it is allowed, a device node is tried too.
    if made.is_ok_and(|s| s.success()) {
        targets.push((node.clone(), "a device"));
    }
    targets.push((PathBuf::from("/dev/null"), "/dev/null"));
    for (target, what) in &targets {
        let before = tree(&t.root);
        let output = batch(
            &t.customers,
            &t.root.join("m"),
            &["--merge", s(target), "--force"],
        );
        let _ = std::fs::remove_dir(t.root.join("m"));
        assert_refused_untouched(&output, &before, &t.root, what);
        let kind = std::fs::symlink_metadata(target).unwrap().file_type();
        assert!(
            kind.is_fifo() || kind.is_char_device(),
            "{what} was replaced"
        );
    }
    // A FIFO under a kit's own name in the output folder, and as the manifest.
    let out = t.root.join("k");
    std::fs::create_dir(&out).unwrap();
    for name in ["0002-recovery-kit.pdf", "manifest.csv"] {
        let pipe = out.join(name);
        mkfifo(&pipe);
        let before = tree(&t.root);
        let output = batch(&t.customers, &out, &["--force"]);
        assert_refused_untouched(&output, &before, &t.root, name);
        assert!(
            std::fs::symlink_metadata(&pipe)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        std::fs::remove_file(&pipe).unwrap();
    }
    // build's PDFs likewise.
    let pipe = out.join("recovery-kit.pdf");
    mkfifo(&pipe);
    let before = tree(&t.root);
    let output = build(&example("priya-nair"), &out, &["--force"]);
    assert_refused_untouched(&output, &before, &t.root, "build over a FIFO");
}

#[test]
fn a_folder_given_as_the_merged_pdf_is_named() {
    let t = setup();
    let folder = t.root.join("SOMEDIR");
    std::fs::create_dir(&folder).unwrap();
    let output = batch(&t.customers, &t.root.join("m1"), &["--merge", s(&folder)]);
    assert_eq!(exit_code(&output), USAGE, "{}", stderr(&output));
    let said = stderr(&output);
    assert!(said.contains("SOMEDIR is a folder"), "{said}");
    assert!(
        !said.contains("m1"),
        "names the output folder instead: {said}"
    );
}

#[test]
fn an_earlier_runs_files_are_counted_in_good_english() {
    let t = setup();
    let one = write_file(&t.root, "one.csv", "name\nAnna\n");
    let out = t.root.join("k");
    assert_success(&batch(&one, &out, &[]), "first run");
    std::fs::remove_file(out.join("manifest.csv")).unwrap();
    std::fs::remove_file(out.join("0002-recovery-kit.pdf")).unwrap();
    let output = batch(&one, &out, &[]);
    assert_code(
        &output,
        CANT_CREAT,
        "a second run into a folder with an earlier run's files",
    );
    let said = stderr(&output);
    assert!(said.contains("1 kit PDF in"), "{said}");
    assert!(!said.contains("1 kit PDFs"), "{said}");
}
