//! Issue 17: one customer's failure is that customer's row, never the run's
//! end, whatever a dependency does; a TOML customer list is bounded by the
//! bytes of each customer, and a row's problems by what they add to the
//! manifest, which holds no text from the input.

use crate::common;

use common::*;

/// The panic trigger exists in test builds only: the binary under test is
/// built with debug assertions, release builds have no such code.
#[test]
fn a_customer_whose_documents_panic_fails_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let rows: String = (1..=21)
        .map(|i| format!("Customer {i},c{i}@example.com\n"))
        .collect();
    let input = write_file(tmp.path(), "c.csv", format!("name,email\n{rows}"));
    let out = tmp.path().join("out");
    let merged = tmp.path().join("all.pdf");
    let output = run(batch_command(&input, &out)
        .arg("--merge")
        .arg(&merged)
        .args(["--jobs", "2"])
        .env("MIKIT_TEST_PANIC_NAME", "Customer 7"));
    let said = stderr(&output);
    assert_eq!(exit_code(&output), DATA_ERR, "{said}");
    assert!(!said.contains("panicked"), "the panic's own words: {said}");
    assert!(said.contains("c.csv:8: mikit failed inside"), "{said}");
    assert!(said.contains("20 kits written, 1 row failed"), "{said}");
    let rows = manifest(&out);
    assert_eq!(rows.len(), 21, "every customer in the manifest");
    for row in &rows {
        if row.line == 8 {
            assert_eq!(row.status, "failed", "{row:?}");
            assert!(row.error.contains("internal error"), "{row:?}");
            assert!(!row.error.contains("Customer"), "{row:?}");
        } else {
            assert_eq!(row.status, "ok", "{row:?}");
            assert_eq!(row.files.len(), 2, "{row:?}");
            for file in &row.files {
                assert!(out.join(file).is_file(), "{file} listed but missing");
            }
        }
    }
    assert_eq!(entries(&out).len(), 20 * 2 + 1);
    assert!(merged.is_file(), "the merged PDF of the other 20");
    if let Some(pdfinfo) = tool("pdfinfo") {
        // Each document starts on an odd page: at least 40 documents.
        assert!(page_count(&pdfinfo, &merged) >= 40);
    }
}

#[test]
fn a_toml_list_is_read_a_customer_at_a_time() {
    let tmp = tempfile::tempdir().unwrap();
    // A multi-line string holding what looks like a header, comments with
    // one, and indented headers: three customers, each where it is.
    let text = "# [[customer]] in a comment\n\
                [[customer]]\n[customer.owner]\nname = \"Anna\"\n\
                [customer.device]\nreceipt_location = \"\"\"drawer\n[[customer]]\nsecond shelf\"\"\"\n\n\
                  [[customer]]\n  [customer.owner]\n  name = 'Boris'\n\
                [[ customer ]]\n[customer.account]\nemail = \"c@example.com\" # [[customer]]\n";
    let input = write_file(tmp.path(), "list.toml", text);
    let out = tmp.path().join("out");
    let output = batch(&input, &out, &[]);
    assert_success(&output, "batch");
    let lines: Vec<usize> = manifest(&out).iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 10, 13], "{}", stderr(&output));
    // A syntax error in the third customer is reported at its line.
    let broken = text.replace("email = \"c@example.com\"", "email = = 1");
    let input = write_file(tmp.path(), "broken.toml", &broken);
    let output = batch(&input, &tmp.path().join("out2"), &[]);
    assert_eq!(exit_code(&output), DATA_ERR);
    assert!(
        stderr(&output).contains("broken.toml:15:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn one_customer_of_a_toml_list_is_bounded_in_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    // The shape that took 78 times the file's size: long arrays.
    let phones = vec!["\"1\""; 300_000].join(",");
    let text = format!(
        "[[customer]]\n[customer.owner]\nname = \"A\"\n\
         [[customer]]\n[customer.account]\nprevious_phones = [{phones}]\n"
    );
    let input = write_file(tmp.path(), "list.toml", &text);
    let output = batch(&input, &tmp.path().join("out"), &[]);
    assert_eq!(exit_code(&output), DATA_ERR);
    assert!(
        stderr(&output).contains("list.toml:4: a customer takes more than 1024 KB"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_rows_problems_add_little_to_the_manifest_and_no_input() {
    let tmp = tempfile::tempdir().unwrap();
    // Unknown keys that are email addresses, 300 a customer.
    let mut text = String::new();
    for c in 0..50 {
        text.push_str(&format!(
            "[[customer]]\n[customer.owner]\nname = \"C{c}\"\n"
        ));
        for k in 0..300 {
            text.push_str(&format!("\"person{k}.c{c}@example.com\" = \"x\"\n"));
        }
    }
    let input = write_file(tmp.path(), "list.toml", &text);
    let out = tmp.path().join("out");
    let output = batch(&input, &out, &[]);
    assert_eq!(exit_code(&output), DATA_ERR);
    let manifest_text = String::from_utf8(read(&out.join("manifest.csv"))).unwrap();
    assert!(
        !manifest_text.contains("example.com"),
        "keys copied into the manifest"
    );
    assert!(
        !manifest_text.contains("person"),
        "keys copied into the manifest"
    );
    let rows = manifest(&out);
    assert_eq!(rows.len(), 50);
    for row in &rows {
        assert!(
            row.error.chars().count() <= 1_100,
            "{} characters: {}",
            row.error.len(),
            row.error
        );
        assert!(
            row.error.contains("an unknown key or section (line"),
            "{row:?}"
        );
        assert!(
            row.error.ends_with("more; see the run's messages"),
            "{row:?}"
        );
    }
    // The run's own report says at most 200 problems, then counts the rest.
    assert!(
        stderr(&output).lines().count() < 220,
        "{}",
        stderr(&output).lines().count()
    );
}

#[test]
fn values_quoted_in_messages_stay_out_of_the_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write_file(
        tmp.path(),
        "c.csv",
        "name,phone,created,region,account_id\n\
         Anna,+91 98x65 43210,1985,,\n\
         Boris,,2020-13,Atlantisland,\n\
         Chen,,,,12ab34\n",
    );
    let out = tmp.path().join("out");
    let output = batch(&input, &out, &[]);
    assert_eq!(exit_code(&output), DATA_ERR);
    let manifest_text = String::from_utf8(read(&out.join("manifest.csv"))).unwrap();
    for secret in ["98x65", "x\"", "1985", "2020-13", "tlantis", "12ab34"] {
        assert!(
            !manifest_text.contains(secret),
            "{secret} in:\n{manifest_text}"
        );
    }
    assert!(
        manifest_text.contains("account_id: (value) is not an account ID"),
        "{manifest_text}"
    );
}
