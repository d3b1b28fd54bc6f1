//! The customer list as a shop has it: the workbook itself (.xlsx, .ods,
//! .xls, committed fixtures written by tests/fixtures/workbooks/make.py), CSV
//! exports in the encodings Excel writes (made here with encoding_rs's
//! encoders, anchored to known bytes), and dates as a shop's PC writes them.
//! Every test runs the real binary and reads the PDFs back.

use crate::common;

use std::path::{Path, PathBuf};

use common::{
    DATA_ERR, OK, USAGE, batch, entries, exit_code, kit_files, pdftotext, read, squash, stderr,
    tool, write_file,
};

/// A committed workbook fixture, e.g. `workbook("xlsx")`.
fn workbook(ext: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/workbooks")
        .join(format!("customers.{ext}"))
}

/// The kit's text, whitespace squashed, or `None` when pdftotext is missing (not on CI).
fn kit_text(out: &Path, stem: &str) -> Option<String> {
    let tool = tool("pdftotext")?;
    let text = pdftotext(&tool, &out.join(format!("{stem}-recovery-kit.pdf")));
    Some(squash(&text))
}

#[test]
fn workbooks_read_typed_cells_and_report_problems_at_their_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut pdfs: Vec<Vec<Vec<u8>>> = Vec::new();
    for ext in ["xlsx", "ods", "xls"] {
        let input = workbook(ext);
        let out = dir.path().join(ext);
        let run = batch(&input, &out, &[]);
        let err = stderr(&run);
        assert_eq!(exit_code(&run), DATA_ERR, "{ext}: {err}");
        // The bad email is cell B3 of the first sheet.
        let at = format!("customers.{ext}:Customers!B3: email: \"anna.example.com\"");
        assert!(err.contains(&at), "{ext}: {err}");
        assert!(err.contains("2 kits written, 1 row failed"), "{ext}: {err}");
        let files = entries(&out);
        assert!(
            files.contains(&"0002-recovery-kit.pdf".to_string()),
            "{files:?}"
        );
        assert!(
            files.contains(&"0004-recovery-kit.pdf".to_string()),
            "{files:?}"
        );
        assert!(!files.iter().any(|f| f.starts_with("0003")), "{files:?}");
        pdfs.push(
            ["0002", "0004"]
                .iter()
                .flat_map(|s| kit_files(s))
                .map(|f| read(&out.join(f)))
                .collect(),
        );
        let Some(priya) = kit_text(&out, "0002") else {
            continue;
        };
        // 919876543210 stored as a number, region IN: every digit, the country from the region.
        assert!(priya.contains("+91 98765 43210"), "{ext}: {priya}");
        assert!(!priya.contains("E+11"), "{ext}");
        // An IMEI stored as a number, and a date cell.
        assert!(priya.contains("356938035643809"), "{ext}");
        assert!(priya.contains("4 November 2023"), "{ext}");
        // A UK mobile typed as a number lost its 0; the region GB brings the country back.
        let zoe = kit_text(&out, "0004").unwrap();
        assert!(zoe.contains("+44 7946 095800"), "{ext}: {zoe}");
        assert!(
            zoe.contains("Zoë Müller") && zoe.contains("25 June 2022"),
            "{ext}"
        );
    }
    // The same customers make the same bytes, whichever program saved the workbook.
    assert_eq!(pdfs[0], pdfs[1], "xlsx and ods differ");
    assert_eq!(pdfs[0], pdfs[2], "xlsx and xls differ");

    // And the same bytes as the CSV a careful shop would have typed.
    let csv = write_file(
        dir.path(),
        "same.csv",
        "name,email,phone,region,purchased,imei,store\n\
         Priya Nair,priya.nair@example.com,+91 98765 43210,IN,2023-11-04,356938035643809,Sangeetha Mobiles\n\
         Anna Kowalska,anna@example.com,+48 512 345 678,PL,2024-02-29,,Media Expert\n\
         Zoë Müller,zoe@example.co.uk,07946 095800,GB,2022-06-25,,Carphone Warehouse\n",
    );
    let out = dir.path().join("csv");
    assert_eq!(exit_code(&batch(&csv, &out, &[])), OK);
    assert_eq!(read(&out.join("0002-recovery-kit.pdf")), pdfs[0][0]);
    assert_eq!(read(&out.join("0004-id-verification-prep.pdf")), pdfs[0][3]);
}

#[test]
fn another_sheet_by_name_and_a_missing_one_listed() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["xlsx", "ods", "xls"] {
        let out = dir.path().join(ext);
        let run = batch(&workbook(ext), &out, &["--sheet", "Old"]);
        assert_eq!(exit_code(&run), OK, "{ext}: {}", stderr(&run));
        if let Some(text) = kit_text(&out, "0002") {
            assert!(
                text.contains("王小明") && text.contains("+86 138 0013 8000"),
                "{ext}: {text}"
            );
        }
        let run = batch(
            &workbook(ext),
            &dir.path().join("none"),
            &["--sheet", "Archive"],
        );
        assert_eq!(exit_code(&run), USAGE);
        assert!(
            stderr(&run)
                .contains("has no sheet \"Archive\"; its sheets are \"Customers\", \"Old\""),
            "{}",
            stderr(&run)
        );
    }
    assert!(entries(&dir.path().join("none")).is_empty());
}

/// A CSV file as Excel's "Save as CSV" writes it on a PC whose code page is
/// `encoding`: no byte-order mark, the local delimiter.
fn legacy_csv(
    dir: &Path,
    name: &str,
    encoding: &'static encoding_rs::Encoding,
    text: &str,
) -> PathBuf {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{name}: the text fits {}", encoding.name());
    write_file(dir, name, &bytes)
}

#[test]
fn legacy_code_pages_are_detected_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            encoding_rs::WINDOWS_1252,
            "name,email,phone,region,store\r\n\
             Zoë Müller,zoe@example.de,+49 30 901820,DE,Café Straße\r\n\
             François Lefèvre,francois@example.fr,+33 1 42 68 53 00,FR,Boulangerie à Paris\r\n",
            ["Zoë Müller", "Café Straße"],
        ),
        (
            encoding_rs::WINDOWS_1251,
            "name;email;phone;region;store\r\n\
             Иван Петров;ivan@example.ru;+7 912 345-67-89;RU;Связной, Москва\r\n\
             Мария Смирнова;maria@example.ru;+7 912 345-67-80;RU;М.Видео, Тверская улица\r\n",
            ["Иван Петров", "Связной, Москва"],
        ),
        (
            encoding_rs::GBK,
            "name,email,phone,region,store\r\n\
             王小明,wang@example.cn,+86 138 0013 8000,CN,北京市朝阳区小米之家\r\n\
             李华,li@example.cn,+86 139 0013 9000,CN,上海市浦东新区\r\n",
            ["王小明", "北京市朝阳区小米之家"],
        ),
    ];
    for (encoding, text, expect) in cases {
        let input = legacy_csv(
            dir.path(),
            &format!("{}.csv", encoding.name()),
            encoding,
            text,
        );
        let out = dir.path().join(encoding.name());
        let run = batch(&input, &out, &[]);
        let err = stderr(&run);
        assert_eq!(exit_code(&run), OK, "{}: {err}", encoding.name());
        // Never silent: the run says which encoding it read.
        assert!(
            err.contains(&format!("read as {}", encoding.name())),
            "{}: {err}",
            encoding.name()
        );
        if let Some(kit) = kit_text(&out, "0002") {
            for want in expect {
                assert!(
                    kit.contains(want),
                    "{}: {want} not in {kit}",
                    encoding.name()
                );
            }
        }
    }
    // The bytes are what Windows writes: "Иван" in code page 1251, "王" in 936.
    assert_eq!(
        &encoding_rs::WINDOWS_1251.encode("Иван").0[..],
        b"\xc8\xe2\xe0\xed"
    );
    assert_eq!(&encoding_rs::GBK.encode("王").0[..], b"\xcd\xf5");
}

#[test]
fn an_unsure_guess_stops_and_lists_what_fits_until_the_encoding_is_named() {
    let dir = tempfile::tempdir().unwrap();
    // No region column to say where the file is from, and two short names.
    let input = legacy_csv(
        dir.path(),
        "export.csv",
        encoding_rs::WINDOWS_1251,
        "name,email\r\nИван Петров,ivan@example.ru\r\n",
    );
    let out = dir.path().join("out");
    let run = batch(&input, &out, &[]);
    let err = stderr(&run);
    assert_eq!(exit_code(&run), DATA_ERR, "{err}");
    assert!(
        err.contains("export.csv: not UTF-8, and which code page"),
        "{err}"
    );
    assert!(err.contains("windows-1251 (Cyrillic): \"Иван\""), "{err}");
    // The other readings, for a person to compare.
    assert!(err.matches("): \"").count() >= 3, "{err}");
    assert!(err.contains("--encoding"), "{err}");
    assert!(
        entries(&out).is_empty(),
        "nothing written: {:?}",
        entries(&out)
    );

    for name in ["windows-1251", "1251", "cp1251"] {
        let out = dir.path().join(name);
        let run = batch(&input, &out, &["--encoding", name]);
        assert_eq!(exit_code(&run), OK, "{name}: {}", stderr(&run));
        assert!(
            !stderr(&run).contains("read as"),
            "a named encoding needs no note"
        );
        if let Some(kit) = kit_text(&out, "0002") {
            assert!(kit.contains("Иван Петров"), "{kit}");
        }
    }

    // A byte the named encoding has no letter for: its line, not a replacement character.
    // (0xFF starts no character in GBK.)
    let bad = write_file(dir.path(), "bad.csv", b"name\r\nWang\r\nbad \xff byte\r\n");
    let run = batch(&bad, &dir.path().join("bad"), &["--encoding", "936"]);
    assert_eq!(exit_code(&run), DATA_ERR);
    assert!(
        stderr(&run).contains("bad.csv:3: a byte that is not GBK text"),
        "{}",
        stderr(&run)
    );
    let run = batch(&bad, &dir.path().join("bad2"), &["--encoding", "klingon"]);
    assert_eq!(exit_code(&run), USAGE);
}

#[test]
fn unicode_text_from_excel_is_utf16_with_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let text = "name\temail\tphone\tregion\tstore\r\n\
                王小明\twang@example.cn\t+86 138 0013 8000\tCN\t\"小米之家\t北京\"\r\n\
                Иван Петров\tivan@example.ru\t+7 912 345-67-89\tRU\tСвязной\r\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let mut made = Vec::new();
    for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
        let input = write_file(dir.path(), name, &bytes);
        let out = dir.path().join(name.replace('.', "-"));
        let run = batch(&input, &out, &[]);
        assert_eq!(exit_code(&run), OK, "{name}: {}", stderr(&run));
        if let Some(kit) = kit_text(&out, "0002") {
            // A tab inside quotes stays in the cell.
            assert!(kit.contains("王小明") && kit.contains("小米之家"), "{kit}");
        }
        made.push(read(&out.join("0003-recovery-kit.pdf")));
    }
    assert_eq!(made[0], made[1], "UTF-16 LE and BE make the same kit");
}

fn dates_csv(dir: &Path, name: &str, purchased: &[&str]) -> PathBuf {
    let mut text = String::from("name,purchased\n");
    for (i, p) in purchased.iter().enumerate() {
        text.push_str(&format!("Customer {i},{p}\n"));
    }
    write_file(dir, name, text.as_bytes())
}

#[test]
fn dates_as_a_shops_pc_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    // Ambiguous, and nothing in the file says which order: an error that says so.
    let input = dates_csv(dir.path(), "ambiguous.csv", &["12/05/2019"]);
    let run = batch(&input, &dir.path().join("a"), &[]);
    let err = stderr(&run);
    assert_eq!(exit_code(&run), DATA_ERR, "{err}");
    assert!(
        err.contains("ambiguous.csv:2: purchased: \"12/05/2019\" could be 12 May 2019 or 5 December 2019; say which with --date-order dmy"),
        "{err}"
    );
    for (order, want) in [("dmy", "12 May 2019"), ("mdy", "5 December 2019")] {
        for form in ["12/05/2019", "12.05.2019", "12-05-2019 14:30"] {
            let input = dates_csv(dir.path(), "one.csv", &[form]);
            let out = dir.path().join(format!("{order}-{}", form.len()));
            let run = batch(&input, &out, &["--date-order", order, "--force"]);
            assert_eq!(exit_code(&run), OK, "{form} {order}: {}", stderr(&run));
            if let Some(kit) = kit_text(&out, "0002") {
                assert!(kit.contains(want), "{form} {order}: {want}");
            }
        }
    }
    // The file's own dates show the order: 25/05/2019 can only be day first.
    let input = dates_csv(
        dir.path(),
        "shown.csv",
        &["03/04/2019", "25/05/2019", "2019/06/07"],
    );
    let out = dir.path().join("shown");
    let run = batch(&input, &out, &[]);
    let err = stderr(&run);
    assert_eq!(exit_code(&run), OK, "{err}");
    assert!(
        err.contains("read day first (--date-order dmy)") && err.contains("line 3"),
        "{err}"
    );
    if let Some(kit) = kit_text(&out, "0002") {
        assert!(kit.contains("3 April 2019"), "{kit}");
    }
    // Both orders in one file: every date that could be either is refused.
    let input = dates_csv(
        dir.path(),
        "mixed.csv",
        &["25/05/2019", "05/25/2019", "03/04/2019"],
    );
    let run = batch(&input, &dir.path().join("mixed"), &[]);
    let err = stderr(&run);
    assert_eq!(exit_code(&run), DATA_ERR, "{err}");
    assert!(err.contains("mixed.csv:4: purchased: \"03/04/2019\" could be day or month first, and this file has both: line 2"), "{err}");
    // Two-digit years and a date that is wrong in the order said.
    let input = dates_csv(dir.path(), "short.csv", &["12/05/19", "25/05/2019"]);
    let run = batch(&input, &dir.path().join("short"), &["--date-order", "mdy"]);
    let err = stderr(&run);
    assert!(
        err.contains("short.csv:2: purchased: \"12/05/19\" has a two-digit year"),
        "{err}"
    );
    assert!(err.contains("short.csv:3: purchased: \"25/05/2019\" is not a real date; check the day and month (read month first"), "{err}");
}

#[test]
fn a_phone_number_excel_shortened_is_refused_with_the_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(
        dir.path(),
        "shortened.csv",
        b"name,phone,region\nPriya,9.19877E+11,IN\n",
    );
    let run = batch(&input, &dir.path().join("out"), &[]);
    let err = stderr(&run);
    assert_eq!(exit_code(&run), DATA_ERR, "{err}");
    assert!(
        err.contains(
            "shortened.csv:2: phone: \"9.19877E+11\" is a number the spreadsheet shortened"
        ),
        "{err}"
    );
    assert!(
        err.contains("(.xlsx, .ods or .xls), which keeps every digit"),
        "{err}"
    );
}

#[test]
fn a_workbook_under_a_csv_name_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("customers.csv");
    std::fs::copy(workbook("xlsx"), &input).unwrap();
    let run = batch(&input, &dir.path().join("out"), &[]);
    assert_eq!(exit_code(&run), DATA_ERR);
    assert!(
        stderr(&run).contains("this is a workbook (.xlsx or .ods)"),
        "{}",
        stderr(&run)
    );
    let run = batch(
        &workbook("xlsx"),
        &dir.path().join("out"),
        &["--encoding", "gbk"],
    );
    assert_eq!(exit_code(&run), USAGE);
    assert!(stderr(&run).contains("--encoding is for CSV files"));
}
