//! Property tests of the batch reader: arbitrary bytes as a customer list
//! never panic, and every customer is numbered by the file line it starts
//! on whatever the line endings.

use crate::common;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use mikit::batch::source::{self, CustomerData, MAX_CELL_BYTES, Source};
use proptest::prelude::*;

use common::{cases, today, write_file};

/// Reads `path` as a batch would: surveyed, then streamed and checked.
/// Returns the customers' lines, or the file-level error's message.
fn read_all(path: &Path) -> Result<Vec<usize>, String> {
    let stop = AtomicBool::new(false);
    let survey = source::open(path, today(), &stop)
        .map_err(|e| e.message)?
        .expect("not stopped");
    let mut lines = Vec::new();
    match survey.source {
        Source::Csv(csv) => {
            for customer in csv.customers().map_err(|e| e.message)? {
                let customer = customer.map_err(|e| e.message)?;
                lines.push(customer.line);
                let _ = customer.check(today());
            }
        }
        Source::Toml(list) => lines.extend(list.iter().map(|c| c.line)),
        Source::Sheet(sheet) => lines.extend(sheet.customers.iter().map(|c| c.line)),
    }
    assert_eq!(lines.len(), survey.customers, "the survey's count");
    for pair in lines.windows(2) {
        assert!(pair[0] < pair[1], "lines out of order: {lines:?}");
    }
    if let Some(&last) = lines.last() {
        assert!(last <= survey.last_line, "{last} > {}", survey.last_line);
        assert!(lines[0] >= 2, "a customer on the header line: {lines:?}");
    }
    Ok(lines)
}

/// `bytes` as a customer list `name`, read by [`read_all`]: customers, or a
/// file-level error that says what is wrong.
fn read_bytes(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    if let Err(message) = read_all(&write_file(dir.path(), name, bytes)) {
        prop_assert!(!message.trim().is_empty(), "an error without a message");
    }
    Ok(())
}

/// Pieces that CSV readers trip over.
fn csv_soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\"\"".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just("\u{FEFF}".as_bytes().to_vec()),
        Just(b"\xff".to_vec()),
        Just(b"\0".to_vec()),
        Just(b"name".to_vec()),
        Just(b"imei".to_vec()),
        Just(b"355260181590838".to_vec()),
        Just("李娜".as_bytes().to_vec()),
        Just(b" ".to_vec()),
        "[a-z@.+0-9 -]{0,12}".prop_map(String::into_bytes),
    ];
    (
        prop_oneof![
            Just(b"name,email,imei\n".to_vec()),
            Just(b"name;imei\r\n".to_vec()),
            Just(Vec::new())
        ],
        prop::collection::vec(piece, 0..80),
    )
        .prop_map(|(head, pieces)| [head, pieces.concat()].concat())
}

proptest! {
    #![proptest_config(cases(400))]

    /// Any bytes at all as a CSV customer list: an error or customers, never a panic.
    #[test]
    fn any_bytes_as_a_csv_file_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        read_bytes("customers.csv", &bytes)?;
    }

    /// Quotes, delimiters, every line ending, byte-order marks and broken
    /// UTF-8, mixed: an error or customers, never a panic.
    #[test]
    fn csv_soup_never_panics(bytes in csv_soup()) {
        read_bytes("customers.csv", &bytes)?;
    }

    /// Any bytes as a TOML customer list: an error or customers, never a panic.
    #[test]
    fn any_bytes_as_a_toml_list_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        read_bytes("customers.toml", &bytes)?;
    }

    /// Rows ended by "\n", "\r\n" or a lone "\r" in any mix, with blank lines
    /// between: each customer is numbered by its own line of the file.
    #[test]
    fn every_line_ending_numbers_rows_by_file_line(
        rows in prop::collection::vec((0usize..3, 0usize..3, 0usize..2), 1..40),
    ) {
        let endings = ["\n", "\r\n", "\r"];
        let mut text = String::from("name,invoice\n");
        let mut line = 2;
        let mut expected = Vec::new();
        for (i, &(ending, blanks, quoted)) in rows.iter().enumerate() {
            expected.push(line);
            if quoted == 1 {
                // A line break inside a quoted cell takes a line of its own.
                text.push_str(&format!("\"N{i}{}x\",SM-{i}{}", endings[ending], endings[ending]));
                line += 2;
            } else {
                text.push_str(&format!("N{i},SM-{i}{}", endings[ending]));
                line += 1;
            }
            // Another ending for blank lines, but never "\n" after "\r": that
            // would be one "\r\n", not a blank line.
            let blank = if ending == 2 { "\r" } else { endings[(ending + 1) % 3] };
            for _ in 0..blanks {
                text.push_str(blank);
                line += 1;
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = write_file(dir.path(), "customers.csv", &text);
        let got = read_all(&path).map_err(TestCaseError::fail)?;
        prop_assert_eq!(got, expected, "{:?}", text);
    }
}

#[test]
fn a_cell_at_the_bound_is_read_and_one_byte_more_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (extra, ok) in [(0, true), (1, false)] {
        let cell = "a".repeat(MAX_CELL_BYTES + extra);
        let text = format!("name,invoice\n{cell},SM-1\n\"{cell}\",SM-2\n");
        let path = write_file(dir.path(), "customers.csv", &text);
        let result = read_all(&path);
        assert_eq!(result.is_ok(), ok, "{extra} over: {result:?}");
    }
}

#[test]
fn a_customer_holds_its_cells_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(
        dir.path(),
        "customers.csv",
        "\u{FEFF}name;store\r\"Anna \"\"A\"\"\";\"X; Y\"\r".as_bytes(),
    );
    let stop = AtomicBool::new(false);
    let survey = source::open(&path, today(), &stop).unwrap().unwrap();
    let Source::Csv(csv) = survey.source else {
        panic!("not CSV")
    };
    let customers: Vec<_> = csv.customers().unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(customers.len(), 1);
    assert_eq!(customers[0].line, 2);
    let CustomerData::Cells(cells) = &customers[0].data else {
        panic!("not cells")
    };
    let values: Vec<&str> = cells.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(values, ["Anna \"A\"", "X; Y"]);
}
