//! End-to-end tests of `mikit batch`: the real binary on shop spreadsheets
//! (CSV) and customer lists (TOML), its files read back with the csv crate,
//! poppler-utils and qpdf.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{
    A4, CANT_CREAT, DATA_ERR, DATE, INTERRUPTED, LETTER, OK, USAGE, assert_code,
    assert_no_temp_files, assert_paper, batch, batch_command, entries, example_file, kit_files,
    luhn_imei, manifest, mikit_under_umask_000, mode, page_count, pdf_fonts, pdfs_in, pdftotext,
    read, run, squash, stderr, tool, tool_output, wait_for, write_file,
};

const KIT_TITLE: &str = "Xiaomi Account (Mi Account) recovery kit";
const PREP_TITLE: &str = "Identity-verification prep sheet";

/// The lines of stderr that report a problem at `input:line:`, by line.
fn reported_lines(err: &str, input: &Path) -> Vec<String> {
    let prefix = format!("{}:", input.display());
    err.lines()
        .filter(|l| l.starts_with(&prefix) && !l.contains(": warning: "))
        .map(|l| l[prefix.len()..].to_string())
        .collect()
}

/// The files of the customers whose stems are `stems`.
fn kits_of(stems: &[&str]) -> Vec<String> {
    stems.iter().flat_map(|s| kit_files(s)).collect()
}

/// A generated customer: values that pass every check unless `bad`.
struct Person {
    name: String,
    email: String,
    phone: String,
    region: &'static str,
    imei: String,
    invoice: String,
}

const NAMES: [&str; 6] = [
    "Priya Nair",
    "李娜",
    "Дмитрий Волков",
    "Sofía Ramírez",
    "Arjun Mehta",
    "王芳",
];

fn person(i: usize, bad: bool) -> Person {
    let imei = luhn_imei(35_000_000_000_000 + i as u64 * 7919);
    let imei = if bad {
        // Another last digit: the Luhn check fails.
        let (body, check) = imei.split_at(14);
        let check = (check.parse::<u8>().unwrap() + 1) % 10;
        format!("{body}{check}")
    } else {
        imei
    };
    Person {
        name: format!("{} {i}", NAMES[i % NAMES.len()]),
        email: format!("customer{i}@example.com"),
        phone: format!("+91 98{:03} 4{:04}", i % 1000, i % 10_000),
        region: if i % 3 == 1 { "US" } else { "IN" },
        imei,
        invoice: format!("SM-{i}"),
    }
}

/// A comma-separated list of `n` customers, one per line from line 2 on.
fn people_csv(n: usize, bad: impl Fn(usize) -> bool) -> (String, Vec<Person>) {
    let people: Vec<Person> = (0..n).map(|i| person(i, bad(i))).collect();
    let mut text = String::from("name,email,phone,region,imei,invoice\n");
    for p in &people {
        text.push_str(&format!(
            "{},{},{},{},{},{}\n",
            p.name, p.email, p.phone, p.region, p.imei, p.invoice
        ));
    }
    (text, people)
}

/// The files in `dir` with their bytes and modification times, by name.
fn files_with_mtimes(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    entries(dir)
        .into_iter()
        .map(|n| {
            let path = dir.join(&n);
            let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
            (n, (read(&path), mtime))
        })
        .collect()
}

/// A batch of `text` as `name` that must fail on one row only: the one
/// problem it reports (`LINE: FIELD: ...`) and the lines of the manifest.
fn one_bad_row(name: &str, text: &str) -> (String, Vec<usize>) {
    let tmp = tempfile::tempdir().unwrap();
    let input = write_file(tmp.path(), name, text);
    let out = tmp.path().join("kits");
    let output = batch(&input, &out, &[]);
    assert_code(&output, DATA_ERR, "one bad row");
    let reported = reported_lines(&stderr(&output), &input);
    assert_eq!(reported.len(), 1, "{reported:?}");
    let lines = manifest(&out).iter().map(|r| r.line).collect();
    (reported[0].clone(), lines)
}

// 1 ---------------------------------------------------------------------------

#[test]
fn example_shop_batch_writes_valid_customers_and_reports_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("kits");
    let input = example_file("shop-customers.csv");
    let output = batch(
        &input,
        &out,
        &["--shop", example_file("shop.toml").to_str().unwrap()],
    );
    assert_code(&output, DATA_ERR, "example batch with two bad rows");
    let err = stderr(&output);

    let good = ["0002", "0003", "0005", "0006", "0009"];
    let mut expected = kits_of(&good);
    expected.sort();
    assert_eq!(pdfs_in(&out), expected, "PDFs written");
    assert_eq!(
        entries(&out).len(),
        expected.len() + 1,
        "only the PDFs and manifest.csv: {:?}",
        entries(&out)
    );

    let reported = reported_lines(&err, &input);
    assert_eq!(reported.len(), 2, "two problems reported:\n{err}");
    assert!(reported[0].starts_with("4: email: "), "{err}");
    assert!(reported[1].starts_with("8: imei: "), "{err}");
    assert!(
        err.contains("5 kits written, 2 rows failed"),
        "summary line:\n{err}"
    );

    let rows = manifest(&out);
    let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 8, 9], "manifest lines");
    for row in &rows {
        let stem = format!("{:04}", row.line);
        if good.contains(&stem.as_str()) {
            assert_eq!(row.status, "ok", "{row:?}");
            assert_eq!(row.files, kit_files(&stem), "{row:?}");
            assert_eq!(row.error, "", "{row:?}");
        } else {
            assert_eq!(row.status, "failed", "{row:?}");
            assert!(row.files.is_empty(), "{row:?}");
            assert!(row.error.contains("(value)"), "{row:?}");
        }
    }
    assert!(rows[2].error.starts_with("email:"), "{:?}", rows[2]);
    assert!(rows[5].error.starts_with("imei:"), "{:?}", rows[5]);

    // No personal data in the error column: neither the bad values nor anyone's
    // name, email or phone number.
    let mut personal = vec![
        "anna.k(at)example.com".to_string(),
        "357574911862526".to_string(),
    ];
    let mut source = csv::Reader::from_path(&input).unwrap();
    for record in source.deserialize::<BTreeMap<String, String>>() {
        let record = record.unwrap();
        for column in ["name", "email", "phone", "previous_phones"] {
            personal.extend(
                record[column]
                    .split([';', '\n'])
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string),
            );
        }
    }
    assert!(personal.len() > 10, "{personal:?}");
    for row in &rows {
        for value in &personal {
            assert!(
                !row.error.contains(value.as_str()),
                "manifest row {} carries {value:?}: {:?}",
                row.line,
                row.error
            );
        }
    }

    if let Some(pdftotext_tool) = tool("pdftotext") {
        let text = squash(&pdftotext(
            &pdftotext_tool,
            &out.join("0002-recovery-kit.pdf"),
        ));
        assert!(text.contains("Prepared by Sangeetha Mobiles"), "{text}");
        assert!(text.contains("Priya Nair"), "{text}");
    }
}

// 2 ---------------------------------------------------------------------------

#[test]
fn spreadsheet_quirks_keep_file_line_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("kits");
    // BOM, semicolons, columns in another order, quoted cells with ';', ','
    // and line breaks, non-Latin names, and bad rows after multi-line rows.
    let text = "\u{FEFF}imei;name;region;email;phone;previous_phones;store;receipt_location;invoice\n\
        355260181590838;Priya Nair;IN;priya.nair@example.com;+91 98765 43210;;\"Sangeetha Mobiles; MG Road\";\"Steel cupboard; top shelf\nbehind the\nblue folder\";SM-1\n\
        356281948219932;Anna Kowalska;IN;anna.k(at)example.com;+91 98450 11223;;Store;;SM-2\n\
        353909960308240;李娜;CN;lina@example.cn;+86 139 1234 5678;\"+86 139 1234 5670\n+86 139 1234 5671\";小米之家;书房抽屉;SM-3\n\
        357601895559791;Дмитрий Волков;RU;d.volkov@example.com;+7 912 345-67-89;;\"Магазин \"\"Связной\"\"\";;SM-4\n\
        357574911862526;Kavya Iyer;IN;kavya@example.com;+91 97400 55667;;;;SM-5\n\
        357975432319483;Sofía Ramírez;IN;sofia@example.com;+91 90080 77665;+91 90080 11111;Store;\"Blue folder, \"\"Phones\"\" drawer\";SM-6\n";
    let input = write_file(tmp.path(), "customers.csv", text);
    let output = batch(&input, &out, &[]);
    assert_code(&output, DATA_ERR, "two bad rows");
    let err = stderr(&output);

    let reported = reported_lines(&err, &input);
    assert_eq!(reported.len(), 2, "two problems reported:\n{err}");
    assert!(reported[0].starts_with("5: email: "), "{err}");
    assert!(reported[1].starts_with("9: imei: "), "{err}");

    let rows = manifest(&out);
    let got: Vec<(usize, &str)> = rows.iter().map(|r| (r.line, r.status.as_str())).collect();
    assert_eq!(
        got,
        [
            (2, "ok"),
            (5, "failed"),
            (6, "ok"),
            (8, "ok"),
            (9, "failed"),
            (10, "ok")
        ],
        "manifest: {rows:#?}"
    );
    let mut expected = kits_of(&["0002", "0006", "0008", "0010"]);
    expected.sort();
    assert_eq!(pdfs_in(&out), expected);

    let Some(pdftotext_tool) = tool("pdftotext") else {
        return;
    };
    let kit = |stem: &str| squash(&pdftotext(&pdftotext_tool, &out.join(&kit_files(stem)[0])));
    let chinese = kit("0006");
    for wanted in ["李娜", "+86 139 1234 5670", "+86 139 1234 5671", "书房抽屉"] {
        assert!(chinese.contains(wanted), "{wanted:?} not in:\n{chinese}");
    }
    let cyrillic = kit("0008");
    assert!(cyrillic.contains("Дмитрий Волков"), "{cyrillic}");
    let first = kit("0002");
    for wanted in [
        "Sangeetha Mobiles; MG Road",
        "Steel cupboard; top shelf behind the blue folder",
    ] {
        assert!(first.contains(wanted), "{wanted:?} not in:\n{first}");
    }
    let last = kit("0010");
    assert!(last.contains("Phones"), "{last}");
}

// 3 ---------------------------------------------------------------------------

#[test]
fn file_names_hold_no_personal_data_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, people) = people_csv(6, |_| false);
    let input = write_file(tmp.path(), "customers.csv", &text);
    let out = tmp.path().join("default");
    assert_code(&batch(&input, &out, &[]), OK, "six good customers");

    let mut fragments: Vec<String> = Vec::new();
    for p in &people {
        fragments.extend(p.name.split_whitespace().map(str::to_lowercase));
        let (local, domain) = p.email.split_once('@').unwrap();
        fragments.extend([local.to_string(), domain.to_string()]);
        fragments.extend(
            p.phone
                .split_whitespace()
                .filter(|g| g.len() >= 5)
                .map(str::to_string),
        );
        fragments.push(p.phone.chars().filter(char::is_ascii_digit).collect());
    }
    // The digits of a name ("李娜 1") are its row number, not personal data.
    fragments.retain(|f| !f.chars().all(|c| c.is_ascii_digit()) || f.len() >= 5);
    let names = entries(&out);
    assert_eq!(names.len(), 13, "{names:?}");
    for name in &names {
        let lower = name.to_lowercase();
        for fragment in &fragments {
            assert!(
                !lower.contains(fragment.as_str()),
                "file name {name:?} contains {fragment:?}"
            );
        }
    }

    // Named by invoice: sanitised into one safe path component, made unique.
    let text = "name,invoice,imei\n\
        Priya Nair,INV/7 ../x,355260181590838\n\
        Arjun Mehta,SM-25-1,353909960308240\n\
        Sofía Ramírez,SM-25-1,357975432319483\n\
        Kavya Iyer,,357601895559791\n";
    let input = write_file(tmp.path(), "invoices.csv", text);
    let out = tmp.path().join("by-invoice");
    let output = batch(&input, &out, &["--name", "{invoice}"]);
    assert_code(&output, OK, "--name {invoice}");
    let rows = manifest(&out);
    assert_eq!(rows.len(), 4, "{rows:#?}");
    assert!(rows.iter().all(|r| r.status == "ok"), "{rows:#?}");
    for file in &rows[0].files {
        let mut parts = Path::new(file).components();
        assert!(
            matches!(parts.next(), Some(std::path::Component::Normal(_))) && parts.next().is_none(),
            "{file:?} is not a single path component"
        );
        assert!(!file.starts_with('.'), "{file:?} is hidden");
        assert!(!file.contains(['/', '\\', ' ']), "{file:?}");
        assert!(file.starts_with("INV") && file.contains('7'), "{file:?}");
    }
    assert_eq!(rows[1].files, kit_files("SM-25-1"));
    assert_eq!(rows[2].files, kit_files("SM-25-1-2"));
    // No invoice: the line number.
    assert_eq!(rows[3].files, kit_files("0005"));
    let mut expected: Vec<String> = rows.iter().flat_map(|r| r.files.clone()).collect();
    expected.push("manifest.csv".into());
    expected.sort();
    assert_eq!(entries(&out), expected, "files in {}", out.display());
    assert_eq!(
        entries(tmp.path()),
        ["by-invoice", "customers.csv", "default", "invoices.csv"],
        "nothing written outside the output folder"
    );

    // A misspelt placeholder is a usage error, before anything is written.
    let out = tmp.path().join("typo");
    let output = batch(&input, &out, &["--name", "{invoce}"]);
    assert_code(&output, USAGE, "--name {invoce}");
    assert!(stderr(&output).contains("{invoce}"), "{}", stderr(&output));
    assert!(!out.exists(), "the output folder was created");
}

// 4 ---------------------------------------------------------------------------

#[test]
fn file_level_problems_stop_the_run_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let (good, _) = people_csv(10, |_| false);

    // A misspelt column.
    let input = write_file(
        tmp.path(),
        "typo.csv",
        good.replacen("name,email,", "name,emial,", 1),
    );
    let out = tmp.path().join("typo");
    let output = batch(&input, &out, &[]);
    assert_code(&output, DATA_ERR, "unknown column");
    let err = stderr(&output);
    assert!(err.contains("did you mean email"), "{err}");
    assert!(err.contains("emial"), "{err}");
    assert!(entries(&out).is_empty(), "written: {:?}", entries(&out));

    // Latin-1, not UTF-8: one line of error, naming the line.
    let mut latin1 = good.clone().into_bytes();
    latin1.extend_from_slice(b"Jos\xe9 Garc\xeda,jose@example.com,,IN,355260181590838,SM-99\n");
    let input = write_file(tmp.path(), "latin1.csv", latin1);
    let out = tmp.path().join("latin1");
    let output = batch(&input, &out, &[]);
    assert_code(&output, DATA_ERR, "not UTF-8");
    let err = stderr(&output);
    assert_eq!(err.trim_end().lines().count(), 1, "one line:\n{err}");
    assert!(err.contains("UTF-8"), "{err}");
    assert!(
        err.contains(":12:"),
        "the line of the first bad byte:\n{err}"
    );
    assert!(entries(&out).is_empty(), "written: {:?}", entries(&out));

    // A quote opened on line 3 (the second customer) and never closed.
    let broken = good.replacen("\n李娜 1,", "\n\"李娜 1,", 1);
    assert_ne!(broken, good);
    let input = write_file(tmp.path(), "quote.csv", broken);
    let out = tmp.path().join("quote");
    let output = batch(&input, &out, &[]);
    assert_code(&output, DATA_ERR, "unclosed quote");
    let err = stderr(&output);
    assert!(
        err.contains(&format!("{}:3:", input.display())),
        "the line the quote opens on:\n{err}"
    );
    assert!(err.contains("quote"), "{err}");
    assert!(entries(&out).is_empty(), "written: {:?}", entries(&out));
}

#[test]
fn unclosed_quote_in_the_last_column_is_a_file_level_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (good, _) = people_csv(10, |_| false);
    // Row 3's invoice (the last column) opens a quote that never closes.
    let broken = good.replacen(",SM-1\n", ",\"SM-1\n", 1);
    assert_ne!(broken, good);
    let input = write_file(tmp.path(), "quote.csv", broken);
    let out = tmp.path().join("quote");
    let output = batch(&input, &out, &[]);
    assert_code(&output, DATA_ERR, "unclosed quote in the last column");
    let err = stderr(&output);
    assert!(err.contains(&format!("{}:3:", input.display())), "{err}");
    assert!(entries(&out).is_empty(), "written: {:?}", entries(&out));
}

#[test]
fn crlf_line_endings_keep_file_line_numbers() {
    let (text, _) = people_csv(4, |i| i == 1);
    let (reported, lines) = one_bad_row("crlf.csv", &text.replace('\n', "\r\n"));
    assert!(reported.starts_with("3: imei: "), "{reported:?}");
    assert_eq!(lines, [2, 3, 4, 5]);
}

#[test]
fn blank_lines_keep_file_line_numbers() {
    let (text, _) = people_csv(4, |i| i == 1);
    // A blank line after the first customer: the bad row moves to line 4.
    let (head, rest) = text.split_once('\n').unwrap();
    let (first, rest) = rest.split_once('\n').unwrap();
    let (reported, lines) = one_bad_row("blank.csv", &format!("{head}\n{first}\n\n{rest}"));
    assert!(reported.starts_with("4: imei: "), "{reported:?}");
    assert_eq!(lines, [2, 4, 5, 6]);
}

#[test]
fn crlf_inside_a_quoted_cell_is_a_line_break() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "name,receipt_location,imei\r\n\
        Priya Nair,\"Steel cupboard\r\ntop shelf\",355260181590838\r\n";
    let input = write_file(tmp.path(), "crlf.csv", text);
    let out = tmp.path().join("kits");
    let output = batch(&input, &out, &[]);
    assert_code(&output, OK, "a multi-line cell from Excel");
}

// 5 ---------------------------------------------------------------------------

#[test]
fn merged_pdf_starts_every_document_on_an_odd_page() {
    let (Some(pdfinfo), Some(pdftotext_tool), Some(qpdf), Some(pdffonts)) = (
        tool("pdfinfo"),
        tool("pdftotext"),
        tool("qpdf"),
        tool("pdffonts"),
    ) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("kits");
    let merged = out.join("all.pdf");
    let output = batch(
        &example_file("shop-customers.csv"),
        &out,
        &[
            "--shop",
            example_file("shop.toml").to_str().unwrap(),
            "--merge",
            merged.to_str().unwrap(),
        ],
    );
    assert_code(&output, DATA_ERR, "example with --merge");

    // Documents in file order, as the manifest lists them.
    let documents: Vec<PathBuf> = manifest(&out)
        .iter()
        .filter(|r| r.status == "ok")
        .flat_map(|r| r.files.iter().map(|f| out.join(f)))
        .collect();
    assert_eq!(documents.len(), 10);
    let counts: Vec<usize> = documents.iter().map(|d| page_count(&pdfinfo, d)).collect();
    let expected_pages: usize = counts.iter().map(|n| n + n % 2).sum();
    assert!(
        counts.iter().any(|n| n % 2 == 1),
        "no document has an odd page count, so padding is not exercised: {counts:?}"
    );
    let pages = page_count(&pdfinfo, &merged);
    assert_eq!(
        pages, expected_pages,
        "pages of {counts:?}, each rounded up to even"
    );
    assert!(
        stderr(&output).contains(&format!("({pages} pages)")),
        "{}",
        stderr(&output)
    );

    let text = pdftotext(&pdftotext_tool, &merged);
    let page_texts: Vec<&str> = text.split('\x0c').take(pages).collect();
    assert_eq!(page_texts.len(), pages);
    let mut starts = Vec::new();
    for (i, page) in page_texts.iter().enumerate() {
        let number = i + 1;
        let page = page.trim_start();
        if page.starts_with(KIT_TITLE) || page.starts_with(PREP_TITLE) {
            assert!(number % 2 == 1, "a document starts on page {number}");
            starts.push(number);
        }
    }
    // Where each document should start, from the page counts.
    let mut at = 1;
    let mut expected_starts = Vec::new();
    for n in &counts {
        expected_starts.push(at);
        at += n + n % 2;
    }
    assert_eq!(starts, expected_starts, "document start pages");
    // In file order: kit, prep sheet, kit, ... of Priya, Arjun, 李娜, Sofía, Kavya.
    let owners = [
        "Priya Nair",
        "Arjun Mehta",
        "李娜",
        "Sofía Ramírez",
        "Kavya Iyer",
    ];
    for (k, start) in expected_starts.iter().enumerate() {
        let page = squash(page_texts[start - 1]);
        let title = if k % 2 == 0 { KIT_TITLE } else { PREP_TITLE };
        assert!(page.starts_with(title), "page {start}: {page}");
        if k % 2 == 0 {
            assert!(
                page.contains(owners[k / 2]),
                "page {start} is not {}'s kit: {page}",
                owners[k / 2]
            );
        }
    }

    let check = tool_output(&qpdf, &["--check".as_ref(), merged.as_os_str()]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );

    for font in pdf_fonts(&pdffonts, &merged) {
        assert!(font.embedded, "not embedded: {font:?}");
    }

    let merged_size = std::fs::metadata(&merged).unwrap().len();
    let separate: u64 = documents
        .iter()
        .map(|d| std::fs::metadata(d).unwrap().len())
        .sum();
    assert!(
        merged_size < separate,
        "merged {merged_size} bytes, separate PDFs {separate} bytes"
    );
}

// 6 ---------------------------------------------------------------------------

#[test]
fn output_is_the_same_whatever_the_number_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    // More customers than one parallel step takes, and some bad ones.
    let (text, _) = people_csv(40, |i| i % 7 == 3);
    let input = write_file(tmp.path(), "customers.csv", &text);
    let mut runs = Vec::new();
    for jobs in ["1", "2"] {
        let out = tmp.path().join(format!("jobs-{jobs}"));
        let merged = out.join("all.pdf");
        let output = batch(
            &input,
            &out,
            &["--jobs", jobs, "--merge", merged.to_str().unwrap()],
        );
        assert_code(&output, DATA_ERR, &format!("--jobs {jobs}"));
        runs.push(out);
    }
    let one = entries(&runs[0]);
    assert_eq!(one, entries(&runs[1]), "the same files");
    assert!(one.contains(&"all.pdf".to_string()) && one.contains(&"manifest.csv".into()));
    assert_eq!(one.len(), 2 + 2 * (40 - 6), "{one:?}");
    for name in &one {
        assert!(
            read(&runs[0].join(name)) == read(&runs[1].join(name)),
            "{name} differs between --jobs 1 and --jobs 2"
        );
    }
}

// 7 ---------------------------------------------------------------------------

#[test]
fn an_earlier_run_is_not_overwritten_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, _) = people_csv(3, |_| false);
    let input = write_file(tmp.path(), "customers.csv", &text);
    // An existing, empty folder is fine.
    let out = tmp.path().join("kits");
    std::fs::create_dir(&out).unwrap();
    let merged = out.join("all.pdf");
    let args = ["--merge", merged.to_str().unwrap()];
    assert_code(&batch(&input, &out, &args), OK, "first run");

    // An old mtime on every file, so that any rewrite shows.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    for name in entries(&out) {
        std::fs::File::options()
            .write(true)
            .open(out.join(name))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let before = files_with_mtimes(&out);
    assert_eq!(before.len(), 3 * 2 + 2);

    let output = batch(&input, &out, &args);
    assert_code(&output, CANT_CREAT, "second run");
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert!(
        files_with_mtimes(&out) == before,
        "the second run changed the folder"
    );

    // Only the manifest of an earlier run is enough to refuse.
    let lone = tmp.path().join("lone");
    std::fs::create_dir(&lone).unwrap();
    std::fs::write(lone.join("manifest.csv"), "line,status,files,error\n").unwrap();
    assert_code(&batch(&input, &lone, &[]), CANT_CREAT, "earlier manifest");
    assert_eq!(entries(&lone), ["manifest.csv"]);

    let output = batch(&input, &out, &[&args[..], &["--force"]].concat());
    assert_code(&output, OK, "--force");
    let after = files_with_mtimes(&out);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    for (name, (bytes, mtime)) in &after {
        assert!(*bytes == before[name].0, "{name}: same input, other bytes");
        assert!(*mtime != old, "--force did not replace {name}");
    }
}

#[test]
fn a_bad_merge_path_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, _) = people_csv(2, |_| false);
    let input = write_file(tmp.path(), "customers.csv", &text);
    let out = tmp.path().join("kits");
    let missing = tmp.path().join("missing").join("all.pdf");
    let output = batch(&input, &out, &["--merge", missing.to_str().unwrap()]);
    assert_code(&output, CANT_CREAT, "--merge into a missing folder");
    assert!(entries(&out).is_empty(), "written: {:?}", entries(&out));
    let merged = out.join("all.pdf");
    let output = batch(&input, &out, &["--merge", merged.to_str().unwrap()]);
    assert_code(&output, OK, "the corrected run");
}

// 8 ---------------------------------------------------------------------------

#[test]
fn files_are_private_and_no_temp_files_remain() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("kits");
    let merged = tmp.path().join("all.pdf");
    let output = run(mikit_under_umask_000()
        .arg("batch")
        .arg(example_file("shop-customers.csv"))
        .arg("-o")
        .arg(&out)
        .arg("--merge")
        .arg(&merged)
        .args(["--date", DATE]));
    assert_code(&output, DATA_ERR, "example batch under umask 000");
    let names = entries(&out);
    assert_eq!(names.len(), 11, "{names:?}");
    let mut files: Vec<PathBuf> = names.iter().map(|n| out.join(n)).collect();
    files.push(merged.clone());
    for file in &files {
        assert_eq!(
            mode(file),
            0o600,
            "{} has mode {:o}",
            file.display(),
            mode(file)
        );
    }
    assert_eq!(
        mode(&out),
        0o700,
        "the output folder has mode {:o}",
        mode(&out)
    );
    assert_no_temp_files(&out);
    assert_no_temp_files(tmp.path());
}

// 9 ---------------------------------------------------------------------------

#[test]
fn an_interrupted_run_finishes_what_it_started_and_says_what_is_not_done() {
    let tmp = tempfile::tempdir().unwrap();
    let n = 3000;
    let (text, _) = people_csv(n, |_| false);
    let input = write_file(tmp.path(), "customers.csv", &text);
    let out = tmp.path().join("kits");
    let merged = out.join("all.pdf");
    let mut child = batch_command(&input, &out)
        .args(["--jobs", "1", "--merge"])
        .arg(&merged)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mikit batch");

    // Interrupt once the first kit is on disk.
    wait_for(&mut child, "the first PDF", Duration::from_secs(30), || {
        !pdfs_in(&out).is_empty()
    });
    let kill = run(Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string()));
    assert!(kill.status.success(), "kill failed: {}", stderr(&kill));
    let signalled = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if signalled.elapsed() > Duration::from_secs(60) {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(child.id().to_string())
                .status();
            let _ = child.wait();
            panic!("mikit still running 60 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(INTERRUPTED), "{status}\nstderr:\n{err}");
    assert!(err.contains("not done"), "{err}");

    assert!(!merged.exists(), "a merged file of an interrupted run");
    assert_no_temp_files(&out);

    let present = pdfs_in(&out);
    assert!(!present.is_empty());
    for name in &present {
        let bytes = read(&out.join(name));
        assert!(
            bytes.trim_ascii_end().ends_with(b"%%EOF"),
            "{name} does not end with %%EOF"
        );
    }
    if let Some(qpdf) = tool("qpdf") {
        let step = (present.len() / 4).max(1);
        for name in present.iter().step_by(step).chain(present.last()) {
            tool_output(&qpdf, &["--check".as_ref(), out.join(name).as_os_str()]);
        }
    }

    let rows = manifest(&out);
    let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
    assert_eq!(
        lines,
        (2..n + 2).collect::<Vec<_>>(),
        "a row for every customer"
    );
    let mut ok = 0;
    for row in &rows {
        let files = kit_files(&format!("{:04}", row.line));
        let both = files.iter().all(|f| present.contains(f));
        let any = files.iter().any(|f| present.contains(f));
        match row.status.as_str() {
            "ok" => {
                assert!(both, "{row:?} but its PDFs are missing");
                assert_eq!(row.files, files);
                ok += 1;
            }
            "not done" => {
                assert!(!any, "{row:?} but it has a PDF");
                assert!(row.files.is_empty(), "{row:?}");
            }
            other => panic!("status {other:?} in {row:?}"),
        }
    }
    assert_eq!(present.len(), 2 * ok, "PDFs without an ok row");
    assert!(ok < n, "the run was not interrupted: all {n} done");
}

// 10 --------------------------------------------------------------------------

#[test]
fn toml_customer_list_is_numbered_by_customer_header_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "# Customers of the shop\n\
        \n\
        [[customer]]\n\
        [customer.owner]\n\
        name = \"Priya Nair\"\n\
        [customer.account]\n\
        email = \"priya.nair@example.com\"\n\
        phone = \"+91 98765 43210\"\n\
        region = \"IN\"\n\
        [customer.device]\n\
        imei = \"355260181590838\"\n\
        \n\
        [[customer]]\n\
        [customer.owner]\n\
        name = \"Дмитрий Волков\"\n\
        [customer.account]\n\
        region = \"IN\"\n\
        [customer.device]\n\
        model = \"Redmi 12\"\n\
        imei = \"357574911862526\"\n\
        \n\
        [[customer]]\n\
        owner.name = \"李娜\"\n\
        account = { email = \"lina@example.cn\", region = \"CN\" }\n\
        device.imei = \"355181909378654\"\n";
    let input = write_file(tmp.path(), "customers.toml", text);
    let out = tmp.path().join("kits");
    let output = batch(&input, &out, &[]);
    assert_code(&output, DATA_ERR, "one invalid customer");
    let err = stderr(&output);

    let (bad_line, bad_text) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("357574911862526"))
        .unwrap();
    let column = bad_text.find('"').unwrap() + 1;
    let reported = reported_lines(&err, &input);
    assert_eq!(reported.len(), 1, "{err}");
    assert!(
        reported[0].starts_with(&format!("{}:{column}: device.imei: ", bad_line + 1)),
        "{err}"
    );

    let rows = manifest(&out);
    let got: Vec<(usize, &str)> = rows.iter().map(|r| (r.line, r.status.as_str())).collect();
    assert_eq!(got, [(3, "ok"), (13, "failed"), (22, "ok")], "{rows:#?}");
    assert!(!rows[1].error.contains("357574911862526"), "{rows:#?}");
    let mut expected = kits_of(&["0003", "0022"]);
    expected.sort();
    assert_eq!(pdfs_in(&out), expected);
}

// 11 --------------------------------------------------------------------------

#[test]
fn every_valid_row_gets_a_kit_among_many_bad_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let n = 24;
    let (text, _) = people_csv(n, |i| i % 2 == 1);
    let input = write_file(tmp.path(), "customers.csv", &text);
    let out = tmp.path().join("kits");
    let output = batch(&input, &out, &["--jobs", "2"]);
    assert_code(&output, DATA_ERR, "alternating good and bad rows");
    let err = stderr(&output);
    assert!(err.contains("12 kits written, 12 rows failed"), "{err}");

    let reported = reported_lines(&err, &input);
    let expected_reports: Vec<String> = (0..n)
        .filter(|i| i % 2 == 1)
        .map(|i| format!("{}: imei: ", i + 2))
        .collect();
    assert_eq!(reported.len(), expected_reports.len(), "{err}");
    for (got, wanted) in reported.iter().zip(&expected_reports) {
        assert!(
            got.starts_with(wanted.as_str()),
            "{got:?}, expected {wanted:?}"
        );
    }

    let mut expected: Vec<String> = (0..n)
        .filter(|i| i % 2 == 0)
        .flat_map(|i| kit_files(&format!("{:04}", i + 2)))
        .collect();
    expected.sort();
    assert_eq!(pdfs_in(&out), expected);
    for (i, row) in manifest(&out).iter().enumerate() {
        assert_eq!(row.line, i + 2);
        let wanted = if i % 2 == 0 { "ok" } else { "failed" };
        assert_eq!(row.status, wanted, "{row:?}");
    }
}

// 12 --------------------------------------------------------------------------

#[test]
fn paper_follows_each_customers_region_unless_given() {
    let Some(pdfinfo) = tool("pdfinfo") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let text = "name,region,imei\n\
        Sam Carter,US,355260181590838\n\
        Priya Nair,IN,353909960308240\n\
        Émilie Tremblay,CA,357975432319483\n\
        Jonas Weber,DE,357601895559791\n";
    let input = write_file(tmp.path(), "customers.csv", text);
    let letter = ["0002", "0004"];
    let a4 = ["0003", "0005"];

    let out = tmp.path().join("by-region");
    assert_code(&batch(&input, &out, &[]), OK, "paper by region");
    assert_paper(
        &pdfinfo,
        &out,
        kits_of(&letter),
        LETTER,
        "US and CA, no --paper",
    );
    assert_paper(&pdfinfo, &out, kits_of(&a4), A4, "IN and DE, no --paper");

    let all = [letter, a4].concat();
    let out = tmp.path().join("a4");
    assert_code(&batch(&input, &out, &["--paper", "a4"]), OK, "--paper a4");
    assert_paper(&pdfinfo, &out, kits_of(&all), A4, "--paper a4");

    let out = tmp.path().join("letter");
    assert_code(
        &batch(&input, &out, &["--paper", "letter"]),
        OK,
        "--paper letter",
    );
    assert_paper(&pdfinfo, &out, kits_of(&all), LETTER, "--paper letter");
}

// Personal data in the manifest -----------------------------------------------

#[test]
fn manifest_warnings_carry_no_phone_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "name,email,phone,previous_phones,region,imei\n\
        Asha Rao,asha@example.com,+86 139 1234 5678,+44 7700 900123,IN,355260181590838\n";
    let input = write_file(tmp.path(), "customers.csv", text);
    let out = tmp.path().join("kits");
    let output = batch(&input, &out, &[]);
    assert_code(&output, OK, "a foreign phone number is only a warning");
    // The operator sees the number on stderr ...
    assert!(
        stderr(&output).contains("139 1234 5678"),
        "{}",
        stderr(&output)
    );
    // ... but the manifest, which travels with the kits, must not carry it.
    let rows = manifest(&out);
    assert_eq!(rows.len(), 1);
    for fragment in ["139 1234 5678", "7700 900123", "Asha", "asha@"] {
        assert!(
            !rows[0].error.contains(fragment),
            "manifest carries {fragment:?}: {:?}",
            rows[0].error
        );
    }
}

#[test]
fn luhn_imei_helper_makes_valid_imeis() {
    assert_eq!(luhn_imei(35_526_018_159_083), "355260181590838");
    assert_eq!(luhn_imei(35_390_996_030_824), "353909960308240");
}

// Empty spreadsheet rows ---------------------------------------------------------

/// Rows of nothing but delimiters (what spreadsheets export below the data)
/// are no customers: no kit, no manifest line, not counted.
#[test]
fn delimiter_only_rows_are_not_customers() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "name,email,region\nLee Chen,lee@example.com,SG\n,,\n , ,\nAna Lima,ana@example.com,BR\n,,\n";
    let input = write_file(tmp.path(), "customers.csv", text);
    let out = tmp.path().join("kits");
    let output = batch(&input, &out, &[]);
    assert_code(&output, OK, "blank rows");
    assert!(
        stderr(&output).contains("2 kits written, 0 rows failed"),
        "{}",
        stderr(&output)
    );
    let mut expected = kits_of(&["0002", "0005"]);
    expected.sort();
    assert_eq!(pdfs_in(&out), expected);
    let lines: Vec<usize> = manifest(&out).iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 5]);
}

// Hostile sizes: memory flat, errors bounded, every phase interruptible -------------

/// Runs `cmd` to the end and returns its exit code, stderr and peak memory
/// in MB: the largest VmHWM (resident high-water mark) of the process seen
/// while it runs. (The kernel's rusage would also count the test process's
/// own memory, which the child shares until it execs.)
fn run_measured(cmd: &mut Command) -> (i32, String, f64) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mikit");
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut err = String::new();
        std::io::Read::read_to_string(&mut pipe, &mut err).unwrap();
        err
    });
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let err = reader.join().unwrap();
    let code = status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {status}\n{err}"));
    (code, err, peak_kb as f64 / 1024.0)
}

/// More than mikit needs for a small batch (about 30 MB), far less than
/// any of the hostile files below.
const FLAT_MB: f64 = 40.0;

#[test]
fn a_100_mb_cell_is_refused_early_with_flat_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("huge-cell.csv");
    let mut text = b"name,email\n\"".to_vec();
    text.resize(text.len() + 100 * 1024 * 1024, b'a');
    text.extend_from_slice(b"\",a@example.com\n");
    std::fs::write(&path, text).unwrap();
    let out = tmp.path().join("kits");
    let (code, err, mb) = run_measured(&mut batch_command(&path, &out));
    assert_eq!(code, DATA_ERR, "{err}");
    assert!(err.contains(&format!("{}:2:", path.display())), "{err}");
    assert!(err.contains("64 KB"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(mb < FLAT_MB, "peak memory {mb:.0} MB");
    assert!(entries(&out).is_empty());

    // Unquoted, and in a later row.
    let mut text = b"name,email\nAnna,a@example.com\nBen,".to_vec();
    text.resize(text.len() + 200 * 1024, b'b');
    text.push(b'\n');
    std::fs::write(&path, text).unwrap();
    let (code, err, _) = run_measured(&mut batch_command(&path, &out));
    assert_eq!(code, DATA_ERR, "{err}");
    assert!(err.contains(&format!("{}:3:", path.display())), "{err}");
}

#[test]
fn a_header_of_a_million_columns_is_one_short_error() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("wide.csv");
    let mut text = String::from("name");
    for i in 0..1_000_000 {
        text.push_str(&format!(",c{i}"));
    }
    text.push_str("\nAnna\n");
    std::fs::write(&path, text).unwrap();
    let out = tmp.path().join("kits");
    let (code, err, mb) = run_measured(&mut batch_command(&path, &out));
    assert_eq!(code, DATA_ERR, "{err}");
    assert!(
        err.lines().count() <= 3,
        "{} lines:\n{err:.2000}",
        err.lines().count()
    );
    assert!(err.contains("256 cells"), "{err}");
    assert!(mb < FLAT_MB, "peak memory {mb:.0} MB");

    // Unknown columns within the bound: listed up to a point, then counted.
    let mut text = String::from("name");
    for i in 0..250 {
        text.push_str(&format!(",extra{i}"));
    }
    text.push_str("\nAnna\n");
    std::fs::write(&path, text).unwrap();
    let output = batch(&path, &out, &[]);
    assert_code(&output, DATA_ERR, "250 unknown columns");
    let err = stderr(&output);
    assert!(err.lines().count() < 30, "{err}");
    assert!(err.contains("and 230 more wrong columns"), "{err}");
    assert!(entries(&out).is_empty());
}

#[test]
fn memory_stays_flat_whatever_the_file_size() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("long.csv");
    // 300,000 rows, 50 MB: rows of empty cells are no customers, so the
    // run reads the whole file twice and renders nothing.
    let row = format!("{}\n", vec![" ".repeat(18); 9].join(","));
    let mut text = String::from("name,email,phone,region,imei,invoice,model,store,serial\n");
    text.push_str(&row.repeat(300_000));
    text.push_str(&format!(
        "Anna,anna@example.com,,IN,{},SM-1,,,\n",
        luhn_imei(1)
    ));
    std::fs::write(&path, text).unwrap();
    let out = tmp.path().join("kits");
    let (code, err, mb) = run_measured(&mut batch_command(&path, &out));
    assert_eq!(code, OK, "{err}");
    assert!(mb < FLAT_MB, "peak memory {mb:.0} MB for a 50 MB file");
    let rows = manifest(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].line, 300_002);
    assert_eq!(rows[0].files, kit_files("300002"));
}

#[test]
fn thousands_of_failing_rows_are_reported_briefly() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, _) = people_csv(1500, |_| true);
    let input = write_file(tmp.path(), "bad.csv", &text);
    let out = tmp.path().join("kits");
    let output = batch(&input, &out, &[]);
    assert_code(&output, DATA_ERR, "every row fails");
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.len() <= 205, "{} lines", lines.len());
    let more = lines
        .iter()
        .find_map(|l| {
            l.strip_prefix("and ")?
                .strip_suffix(" more problems; manifest.csv lists every customer")
        })
        .unwrap_or_else(|| {
            panic!(
                "no count of the rest in:\n{}",
                lines[lines.len() - 3..].join("\n")
            )
        });
    let more: usize = more.replace(',', "").parse().unwrap();
    assert!(more >= 1300, "{more} more");
    assert_eq!(manifest(&out).len(), 1500, "the manifest has every row");
}

#[test]
fn cr_only_line_endings_number_every_row() {
    let (text, _) = people_csv(4, |i| i == 2);
    let (reported, lines) = one_bad_row("mac.csv", &text.replace('\n', "\r"));
    assert!(reported.starts_with("4: imei: "), "{reported:?}");
    assert_eq!(lines, [2, 3, 4, 5]);
    let tmp = tempfile::tempdir().unwrap();

    // Mixed endings, a CR-only line break inside a quoted cell, blank lines.
    let imei = |i: u64| luhn_imei(35_000_000_000_000 + i * 7919);
    let text = format!(
        "name,receipt_location,imei\r\nA,x,{}\r\rB,\"top\rshelf\",{}\nC,y,{}\r\n\nD,z,bad\r",
        imei(1),
        imei(2),
        imei(3)
    );
    let input = write_file(tmp.path(), "mixed.csv", text);
    let out = tmp.path().join("mixed");
    let output = batch(&input, &out, &[]);
    assert_code(&output, DATA_ERR, "one bad row");
    let got: Vec<(usize, String)> = manifest(&out)
        .into_iter()
        .map(|r| (r.line, r.status))
        .collect();
    let want: Vec<(usize, String)> = [(2, "ok"), (4, "ok"), (6, "ok"), (8, "failed")]
        .iter()
        .map(|(l, s)| (*l, s.to_string()))
        .collect();
    assert_eq!(got, want);
    // A quote opened on a CR-only line and never closed is found on its line.
    let input = write_file(tmp.path(), "quote.csv", "name,imei\rA,1\rB,\"2\rC,3\r");
    let output = batch(&input, &tmp.path().join("q"), &[]);
    assert_code(&output, DATA_ERR, "unclosed quote");
    assert!(
        stderr(&output).contains(&format!("{}:3:", input.display())),
        "{}",
        stderr(&output)
    );
}

#[test]
fn jobs_is_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, _) = people_csv(2, |_| false);
    let input = write_file(tmp.path(), "customers.csv", &text);
    let out = tmp.path().join("kits");
    for jobs in ["1000000000", "257", "18446744073709551615"] {
        let started = Instant::now();
        let output = batch(&input, &out, &["--jobs", jobs]);
        assert_code(&output, USAGE, &format!("--jobs {jobs}"));
        assert!(
            stderr(&output).contains("at most 256"),
            "{}",
            stderr(&output)
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(entries(&out).is_empty());
    }
    assert_code(&batch(&input, &out, &["--jobs", "256"]), OK, "--jobs 256");
}

#[test]
fn sigterm_while_a_big_file_is_checked_stops_at_once_writing_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("long.csv");
    let row = format!("{}\n", vec![" ".repeat(18); 9].join(","));
    let mut text = String::from("name,email,phone,region,imei,invoice,model,store,serial\n");
    text.push_str(&row.repeat(1_000_000));
    std::fs::write(&path, text).unwrap();
    let out = tmp.path().join("kits");
    let mut child = batch_command(&path, &out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Instant::now();
    run(Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string()));
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(INTERRUPTED), "{err}");
    assert!(
        signalled.elapsed() < Duration::from_secs(3),
        "{:?} after SIGTERM",
        signalled.elapsed()
    );
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));
}

#[test]
fn headers_and_name_patterns_are_echoed_without_control_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("kits");
    let input = write_file(
        tmp.path(),
        "customers.csv",
        "name,\u{1b}]0;owned\u{7},\"e\u{1b}[31mmail\"\nAnna,x,y\n",
    );
    let output = batch(&input, &out, &[]);
    assert_code(&output, DATA_ERR, "unknown columns");
    let err = stderr(&output);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("\\u{1b}]0;owned"), "{err}");
    let (text, _) = people_csv(1, |_| false);
    let input = write_file(tmp.path(), "ok.csv", text);
    let output = batch(&input, &out, &["--name", "{\u{1b}[2J}"]);
    assert_code(&output, USAGE, "a --name column that does not exist");
    let err = stderr(&output);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(entries(&out).is_empty());
}
