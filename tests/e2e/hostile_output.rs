//! Output never goes anywhere it shouldn't: pre-placed symlinks, clashing
//! paths, names that differ only in case, a full disk, two runs at once and
//! the leftovers of a killed run. The real binary, real files, and a real
//! small file system (tmpfs) for the full disk.

use crate::common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{
    CANT_CREAT, DATA_ERR, OK, USAGE, assert_code, batch, batch_command, build, entries, example,
    example_file, luhn_imei, manifest, manifest_cells, mode, part_files, pdfs_in, read, run,
    stderr, wait_for, write_file,
};

/// `n` valid customers, one per line from line 2 on.
fn customers_csv(n: usize) -> String {
    let mut text = String::from("name,email,region,imei,invoice\n");
    for i in 0..n {
        text.push_str(&format!(
            "Customer {i},c{i}@example.com,IN,{},SM-{i}\n",
            luhn_imei(35_000_000_000_000 + i as u64 * 7919)
        ));
    }
    text
}

/// Every "ok" row has both its files, and every PDF has an "ok" row.
fn assert_manifest_matches_disk(dir: &Path) {
    let mut listed: Vec<String> = Vec::new();
    for row in manifest(dir) {
        match row.status.as_str() {
            "ok" => {
                assert_eq!(row.files.len(), 2, "{row:?}");
                for f in &row.files {
                    assert!(dir.join(f).is_file(), "{row:?}: {f} is missing");
                }
                listed.extend(row.files);
            }
            _ => assert!(row.files.is_empty(), "{row:?}"),
        }
    }
    listed.sort();
    assert_eq!(
        pdfs_in(dir),
        listed,
        "PDFs on disk vs ok rows of the manifest"
    );
}

// Symlinks -------------------------------------------------------------------

#[test]
fn manifest_and_merged_pdf_replace_a_preplaced_symlink_never_write_through_it() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write_file(tmp.path(), "customers.csv", customers_csv(2));
    let out = tmp.path().join("kits");
    std::fs::create_dir(&out).unwrap();
    let victim = write_file(tmp.path(), "victim.txt", "precious\n");
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    let victim2 = write_file(tmp.path(), "victim2.txt", "precious too\n");
    symlink(&victim, out.join("manifest.csv")).unwrap();
    symlink(&victim2, out.join("all.pdf")).unwrap();
    let merged = out.join("all.pdf");
    let output = batch(
        &input,
        &out,
        &["--force", "--merge", merged.to_str().unwrap()],
    );
    assert_code(&output, OK, "--force over symlinks");
    assert_eq!(read(&victim), b"precious\n", "written through the symlink");
    assert_eq!(
        read(&victim2),
        b"precious too\n",
        "written through the symlink"
    );
    for name in ["manifest.csv", "all.pdf"] {
        let meta = out.join(name).symlink_metadata().unwrap();
        assert!(meta.file_type().is_file(), "{name} is still a symlink");
        assert_eq!(mode(&out.join(name)), 0o600, "{name} mode");
    }
    assert_eq!(manifest(&out).len(), 2);
}

#[test]
fn a_preplaced_symlink_as_the_lock_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write_file(tmp.path(), "customers.csv", customers_csv(1));
    let out = tmp.path().join("kits");
    std::fs::create_dir(&out).unwrap();
    let victim = write_file(tmp.path(), "victim.txt", "precious\n");
    symlink(&victim, out.join(".mikit.lock")).unwrap();
    let output = batch(&input, &out, &[]);
    assert_code(&output, CANT_CREAT, "a symlink as the lock");
    assert_eq!(read(&victim), b"precious\n");
    assert!(pdfs_in(&out).is_empty());
    // The same for build.
    let output = build(&example("priya-nair"), &out, &[]);
    assert_code(&output, CANT_CREAT, "build: a symlink as the lock");
    assert_eq!(read(&victim), b"precious\n");
    assert!(pdfs_in(&out).is_empty());
}

// Clashing paths ---------------------------------------------------------------

#[test]
fn merge_naming_the_input_a_kit_the_manifest_or_the_folder_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let text = customers_csv(2);
    let input = write_file(tmp.path(), "customers.csv", &text);
    let out = tmp.path().join("kits");
    // A first run, so that kits and a manifest exist to be clobbered.
    assert_code(&batch(&input, &out, &[]), OK, "first run");
    let before: Vec<(String, Vec<u8>)> = entries(&out)
        .into_iter()
        .map(|n| (n.clone(), read(&out.join(n))))
        .collect();
    std::fs::hard_link(&input, tmp.path().join("linked.csv")).unwrap();
    symlink(&input, tmp.path().join("link-to-input.pdf")).unwrap();
    let relative = out.join("..").join("customers.csv");
    let clashes: Vec<PathBuf> = vec![
        input.clone(),
        relative,
        tmp.path().join("linked.csv"),
        tmp.path().join("link-to-input.pdf"),
        out.join("manifest.csv"),
        out.join("MANIFEST.CSV"),
        out.join("0002-recovery-kit.pdf"),
        out.join("0003-id-verification-prep.pdf"),
        out.join("9999-Recovery-Kit.PDF"),
        out.join(".mikit.lock"),
        out.clone(),
        tmp.path().to_path_buf(),
    ];
    for merge in &clashes {
        let output = batch(
            &input,
            &out,
            &["--force", "--merge", merge.to_str().unwrap()],
        );
        assert_code(&output, USAGE, &format!("--merge {}", merge.display()));
        assert!(
            stderr(&output).contains("Nothing was written"),
            "{}",
            stderr(&output)
        );
        assert_eq!(read(&input), text.as_bytes(), "the input was replaced");
        let after: Vec<(String, Vec<u8>)> = entries(&out)
            .into_iter()
            .map(|n| (n.clone(), read(&out.join(n))))
            .collect();
        assert!(
            after == before,
            "--merge {} changed the folder",
            merge.display()
        );
    }
    // A merged PDF beside the kits under its own name is fine.
    let fine = out.join("all.pdf");
    let output = batch(
        &input,
        &out,
        &["--force", "--merge", fine.to_str().unwrap()],
    );
    assert_code(&output, OK, "--merge kits/all.pdf");
}

#[test]
fn an_input_where_the_run_writes_its_own_files_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("kits");
    std::fs::create_dir(&out).unwrap();
    let text = customers_csv(1);
    // The customer list saved as the manifest of the folder it writes into.
    let input = write_file(&out, "manifest.csv", &text);
    let output = batch(&input, &out, &["--force"]);
    assert_code(&output, USAGE, "input is the manifest");
    assert_eq!(read(&input), text.as_bytes());
    assert_eq!(entries(&out), ["manifest.csv"]);

    // build: a details file named like the PDF it would write.
    let details = write_file(tmp.path(), "recovery-kit.pdf", read(&example("priya-nair")));
    let output = build(&details, tmp.path(), &["--force"]);
    assert_code(&output, USAGE, "details file named recovery-kit.pdf");
    assert_eq!(read(&details), read(&example("priya-nair")));
    assert!(!tmp.path().join("id-verification-prep.pdf").exists());
    // ... or a shop file under the prep sheet's name, through a symlink.
    let shop = write_file(
        tmp.path(),
        "shop-file.toml",
        read(&example_file("shop.toml")),
    );
    let other = tmp.path().join("other");
    std::fs::create_dir(&other).unwrap();
    symlink(&shop, other.join("id-verification-prep.pdf")).unwrap();
    let output = build(
        &example("priya-nair"),
        &other,
        &[
            "--force",
            "--shop",
            other.join("id-verification-prep.pdf").to_str().unwrap(),
        ],
    );
    assert_code(&output, USAGE, "shop file as the prep sheet");
    assert_eq!(read(&shop), read(&example_file("shop.toml")));
}

// Names ---------------------------------------------------------------------------

#[test]
fn names_never_start_with_a_dash_and_never_differ_only_in_case() {
    let tmp = tempfile::tempdir().unwrap();
    let imei = |i: u64| luhn_imei(35_000_000_000_000 + i * 7919);
    let text = format!(
        "name,imei,invoice\nA,{},--force\nB,{},-rf\nC,{},AB-1\nD,{},ab-1\nE,{},Ab-1\nF,{},ab-1-2\n",
        imei(1),
        imei(2),
        imei(3),
        imei(4),
        imei(5),
        imei(6)
    );
    let input = write_file(tmp.path(), "customers.csv", text);
    let out = tmp.path().join("kits");
    let output = batch(&input, &out, &["--name", "{invoice}"]);
    assert_code(&output, OK, "--name");
    let names = pdfs_in(&out);
    assert_eq!(names.len(), 12, "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with('-')), "{names:?}");
    let mut folded: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    folded.sort();
    folded.dedup();
    assert_eq!(folded.len(), 12, "names equal but for case: {names:?}");
    // Every file is listed, by the manifest, under its real name.
    assert_manifest_matches_disk(&out);
}

// Formulas and control characters in the manifest ---------------------------------

#[test]
fn manifest_cells_never_start_a_formula_nor_hold_control_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let list = "[[customer]]\n\"=HYPERLINK(\\\"http://example.com\\\",\\\"x\\\")\" = 1\n\n\
                [[customer]]\n\"+cmd|' /C calc'!A0\" = 1\n\n\
                [[customer]]\n\"-2+3\" = 1\n\n\
                [[customer]]\n\"@SUM(A1)\" = 1\n\n\
                [[customer]]\n\"\\u001b]0;owned\\u0007\" = 1\n\n\
                [[customer]]\n\"\\u202Egpj.exe\" = 1\n";
    let input = write_file(tmp.path(), "customers.toml", list);
    let out = tmp.path().join("kits");
    let output = batch(&input, &out, &[]);
    assert_code(&output, DATA_ERR, "every customer fails");
    let text = String::from_utf8(read(&out.join("manifest.csv"))).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(!text.contains('\u{202E}'), "{text:?}");
    let rows = manifest_cells(&out);
    assert_eq!(rows.len(), 6);
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula cell: {cell:?}"
            );
        }
    }
    // The manifest holds no text from the input, keys included: the row
    // says what is wrong and where.
    assert!(!text.contains("HYPERLINK"), "{text:?}");
    assert!(rows[0][3].contains("line 2"), "{:?}", rows[0]);
}

// A full disk -----------------------------------------------------------------------

/// A tmpfs of `kb` KB mounted on a fresh folder, unmounted when dropped.
/// Mounting needs root: without it the test is skipped, except on CI,
/// where it must run.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn new(kb: usize) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let output = run(Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={kb}k,mode=0700"),
                "tmpfs",
            ])
            .arg(dir.path()));
        if output.status.success() {
            return Some(SmallDisk { dir });
        }
        let why = stderr(&output);
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("cannot mount a small tmpfs for the full-disk tests (run them as root): {why}");
        }
        eprintln!("skipping: cannot mount a small tmpfs (needs root): {why}");
        None
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn build_on_a_full_disk_leaves_neither_pdf() {
    // Room for the kit (about 40 KB) but not for the prep sheet as well.
    let Some(disk) = SmallDisk::new(56) else {
        return;
    };
    let output = build(&example("priya-nair"), disk.path(), &[]);
    assert_code(&output, CANT_CREAT, "build onto a full disk");
    assert!(
        stderr(&output).contains("no space left"),
        "{}",
        stderr(&output)
    );
    assert_eq!(entries(disk.path()), Vec::<String>::new(), "left behind");
}

#[test]
fn batch_on_a_full_disk_writes_whole_pairs_and_a_manifest_that_matches() {
    for (kb, jobs) in [(300, "1"), (420, "2"), (256, "3")] {
        let Some(disk) = SmallDisk::new(kb) else {
            return;
        };
        let tmp = tempfile::tempdir().unwrap();
        let input = write_file(tmp.path(), "customers.csv", customers_csv(12));
        let out = disk.path().join("kits");
        let output = batch(&input, &out, &["--jobs", jobs]);
        assert_code(&output, CANT_CREAT, &format!("batch onto {kb} KB"));
        let err = stderr(&output);
        assert!(err.contains("no space left"), "{err}");
        assert!(err.contains("manifest.csv"), "{err}");
        assert!(part_files(&out).is_empty(), "{:?}", part_files(&out));
        assert_manifest_matches_disk(&out);
    }
}

#[test]
fn merged_pdf_on_a_full_disk_leaves_no_part_file() {
    let Some(disk) = SmallDisk::new(100) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let input = write_file(tmp.path(), "customers.csv", customers_csv(40));
    let out = tmp.path().join("kits");
    let merged = disk.path().join("all.pdf");
    let output = batch(&input, &out, &["--merge", merged.to_str().unwrap()]);
    assert_code(&output, CANT_CREAT, "merged PDF onto a full disk");
    assert_eq!(entries(disk.path()), Vec::<String>::new());
    assert_manifest_matches_disk(&out);
}

// Two runs at once, and a killed run --------------------------------------------------

/// `mikit batch` on one thread, started and left running, silent.
fn start_batch(input: &Path, out: &Path, extra: &[&str]) -> Child {
    batch_command(input, out)
        .args(["--jobs", "1"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mikit batch")
}

#[test]
fn a_second_run_into_a_busy_folder_is_refused_and_a_killed_run_is_cleaned_up() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write_file(tmp.path(), "customers.csv", customers_csv(3000));
    let out = tmp.path().join("kits");
    let merged = out.join("all.pdf");
    let mut first = start_batch(&input, &out, &["--merge", merged.to_str().unwrap()]);
    wait_for(
        &mut first,
        "the first kits",
        Duration::from_secs(60),
        || pdfs_in(&out).len() >= 4,
    );

    let second = batch(&input, &out, &["--force"]);
    assert_code(&second, CANT_CREAT, "a second run into the same folder");
    assert!(
        stderr(&second).contains("another mikit run"),
        "{}",
        stderr(&second)
    );
    let build_into = build(&example("priya-nair"), &out, &[]);
    assert_code(&build_into, CANT_CREAT, "a build into the busy folder");
    assert!(!out.join("recovery-kit.pdf").exists());

    // SIGKILL: no handler runs; the merged file stays half-written.
    first.kill().unwrap();
    first.wait().unwrap();
    let left = part_files(&out);
    assert!(!left.is_empty(), "a killed run left no .part file");

    // Files that only look like leftovers, and one a live process is writing.
    let outside = write_file(tmp.path(), "outside.txt", "keep me\n");
    symlink(&outside, out.join(".mikit-link.part")).unwrap();
    std::fs::create_dir(out.join(".mikit-dir.part")).unwrap();
    let foreign = write_file(&out, ".mikit-foreign.part", "another user's\n");
    std::os::unix::fs::chown(&foreign, Some(65534), Some(65534)).unwrap();
    let live = write_file(&out, ".mikit-live.part", "being written\n");
    let live_file = std::fs::File::open(&live).unwrap();
    live_file.lock().unwrap();

    let small = write_file(tmp.path(), "small.csv", customers_csv(2));
    let next = batch(&small, &out, &["--force"]);
    assert_code(&next, OK, "the next run");
    assert!(
        stderr(&next).contains("left by an earlier run"),
        "{}",
        stderr(&next)
    );
    let remaining = part_files(&out);
    for name in &left {
        assert!(!remaining.contains(name), "{name} was not removed");
    }
    let mut expected = vec![
        ".mikit-dir.part".to_string(),
        ".mikit-foreign.part".to_string(),
        ".mikit-link.part".to_string(),
        ".mikit-live.part".to_string(),
    ];
    expected.sort();
    assert_eq!(remaining, expected);
    assert_eq!(read(&outside), b"keep me\n");
    assert!(!out.join(".mikit.lock").exists(), "the lock file stayed");
    drop(live_file);
}
