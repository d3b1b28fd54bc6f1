//! A shop's workbook as it is: `.xlsx` and `.xls` from Excel, `.ods` from
//! LibreOffice, read with calamine. The first sheet (or `--sheet NAME`); the
//! first row that is not empty names the columns, as in a CSV export. Cells
//! keep their types: a date cell is a date, and a number cell holding a phone
//! number or an IMEI is written back as the digits the sheet stored, never as
//! Excel shows a long number ("9.19877E+11").

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use calamine::{Data, DataRef, Reader, Sheets, Xlsx, open_workbook_auto};
use chrono::NaiveDate;

use super::{
    Customer, CustomerData, MAX_CELL_BYTES, MAX_CELLS, Source, Survey, columns, shown, thousands,
    unknown_column,
};
use crate::details::{Field, FieldKind};
use crate::error::{Error, ExitCode, Result};
use crate::problem::{Problem, column_letters};

/// A workbook is read whole: bounded in bytes on disk, in rows and in cells.
pub const MAX_WORKBOOK_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_SHEET_ROWS: usize = 100_000;
const MAX_SHEET_CELLS: usize = 4_000_000;
/// Header problems listed before the rest are counted instead.
const MAX_SHOWN: usize = 20;

/// Whether `path` names a workbook, by its name's ending.
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "ods", "xls"]
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    })
}

/// A sheet's customers, each with their row and the column of every cell.
pub struct Sheet {
    pub name: String,
    pub customers: Vec<Customer>,
}

/// One cell as the workbook typed it.
enum Value {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// An Excel error such as #N/A, or a time of day where a value belongs.
    Unusable(String),
}

/// Rows of cells, sparse: (row, [(column, value)]), both 0-based.
type Grid = Vec<(u32, Vec<(u32, Value)>)>;

pub(super) fn open(
    origin: &str,
    path: &Path,
    sheet: Option<&str>,
    stop: &AtomicBool,
) -> Result<Option<Survey>> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::no_input(format!("{origin}: cannot read it: {e}")))?
        .len();
    if size > MAX_WORKBOOK_BYTES {
        return Err(Error::data(format!(
            "{origin}: a workbook may be at most {} MB; save the customers in a workbook of their own, or \
             export them as CSV, which has no limit.",
            MAX_WORKBOOK_BYTES / (1024 * 1024)
        )).nothing_written());
    }
    let unreadable = |e: String| {
        Error::data(format!(
            "{origin}: cannot read it as a workbook ({}). Open it in Excel or LibreOffice and save it \
             again, or export the sheet as CSV.",
            shown_long(&e)
        )).nothing_written()
    };
    let mut book = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                Error::usage(format!(
                    "{origin} has no sheet \"{}\"; its sheets are {}",
                    shown(wanted),
                    names
                        .iter()
                        .map(|n| format!("\"{}\"", shown(n)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| unreadable("it has no sheets".into()))?,
    };
    let grid = match &mut book {
        // Streamed cell by cell: a sheet that claims a huge range costs nothing.
        Sheets::Xlsx(xlsx) => xlsx_grid(xlsx, &name, stop),
        other => other
            .worksheet_range(&name)
            .map_err(|e| Limit::Unreadable(e.to_string()))
            .and_then(|range| range_grid(&range, stop)),
    };
    let grid = match grid {
        Ok(Some(grid)) => grid,
        Ok(None) => return Ok(None),
        Err(Limit::Unreadable(e)) => return Err(unreadable(e)),
        Err(Limit::Bound(message)) => {
            return Err(
                Error::data(format!("{origin}:{}: {message}.", shown(&name))).nothing_written(),
            );
        }
    };
    let sheet = read_sheet(origin, &name, grid)?;
    let last_line = sheet.customers.last().map_or(1, |c| c.line);
    Ok(Some(Survey {
        customers: sheet.customers.len(),
        last_line,
        source: Source::Sheet(sheet),
        notes: Vec::new(),
    }))
}

enum Limit {
    Unreadable(String),
    Bound(String),
}

impl From<String> for Limit {
    fn from(e: String) -> Limit {
        Limit::Unreadable(e)
    }
}

/// Adds a cell to the grid, within the bounds.
fn push(
    grid: &mut Grid,
    cells: &mut usize,
    row: u32,
    column: u32,
    value: Value,
) -> std::result::Result<(), Limit> {
    if column as usize >= MAX_CELLS {
        // Far right of any customer list: read only to say so if it holds something.
        return Err(Limit::Bound(format!(
            "{}: a value in column {} is beyond the {MAX_CELLS} columns a customer list may use; \
             move the customers to a sheet of their own",
            cell_name(row, column),
            column + 1
        )));
    }
    *cells += 1;
    if *cells > MAX_SHEET_CELLS {
        return Err(Limit::Bound(format!(
            "the sheet has more than {} cells; a customer list has at most {} rows of {} columns",
            thousands(MAX_SHEET_CELLS),
            thousands(MAX_SHEET_ROWS),
            columns().count()
        )));
    }
    if let Value::Text(t) = &value
        && t.len() > MAX_CELL_BYTES
    {
        return Err(Limit::Bound(format!(
            "{}: a cell is longer than {} KB, which no customer's detail is",
            cell_name(row, column),
            MAX_CELL_BYTES / 1024
        )));
    }
    match grid.last_mut() {
        Some((r, cells)) if *r == row => cells.push((column, value)),
        _ => {
            if grid.len() > MAX_SHEET_ROWS {
                return Err(Limit::Bound(format!(
                    "the sheet has more than {} rows; split the customers into several workbooks, or \
                     export them as CSV, which has no limit",
                    thousands(MAX_SHEET_ROWS)
                )));
            }
            grid.push((row, vec![(column, value)]));
        }
    }
    Ok(())
}

fn xlsx_grid(
    xlsx: &mut Xlsx<BufReader<File>>,
    name: &str,
    stop: &AtomicBool,
) -> std::result::Result<Option<Grid>, Limit> {
    let mut reader = xlsx
        .worksheet_cells_reader(name)
        .map_err(|e| e.to_string())?;
    let (mut grid, mut cells): (Grid, usize) = (Vec::new(), 0);
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        if cells % 4096 == 4095 && stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let (row, column) = cell.get_position();
        let Some(value) = from_ref(cell.get_value()) else {
            continue;
        };
        push(&mut grid, &mut cells, row, column, value)?;
    }
    // Excel writes rows in order; a hand-made file may not.
    if !grid.is_sorted_by_key(|(r, _)| *r) {
        grid.sort_by_key(|(r, _)| *r);
        for (_, row) in grid.iter_mut() {
            row.sort_by_key(|(c, _)| *c);
        }
    }
    Ok(Some(grid))
}

fn range_grid(
    range: &calamine::Range<Data>,
    stop: &AtomicBool,
) -> std::result::Result<Option<Grid>, Limit> {
    let (mut grid, mut cells): (Grid, usize) = (Vec::new(), 0);
    for (row, column, data) in range.used_cells() {
        if cells % 4096 == 4095 && stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let Some(value) = from_data(data) else {
            continue;
        };
        let (start_row, start_column) = range.start().unwrap_or((0, 0));
        push(
            &mut grid,
            &mut cells,
            start_row + row as u32,
            start_column + column as u32,
            value,
        )?;
    }
    Ok(Some(grid))
}

fn from_ref(data: &DataRef<'_>) -> Option<Value> {
    Some(match data {
        DataRef::Empty => return None,
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => date_time(d),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::DurationIso(s) => Value::Unusable(format!("a length of time ({s})")),
        DataRef::Error(e) => Value::Unusable(format!("the Excel error {e}")),
    })
}

fn from_data(data: &Data) -> Option<Value> {
    Some(match data {
        Data::Empty => return None,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => date_time(d),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => Value::Unusable(format!("a length of time ({s})")),
        Data::Error(e) => Value::Unusable(format!("the Excel error {e}")),
    })
}

fn date_time(d: &calamine::ExcelDateTime) -> Value {
    if d.is_duration() {
        return Value::Unusable("a length of time".into());
    }
    match d.as_datetime() {
        Some(t) => Value::Date(t.date()),
        None => Value::Unusable("a date Excel cannot show".into()),
    }
}

/// LibreOffice's dates: `2019-05-12`, with a time after a `T` when the cell has one.
fn iso_date(s: &str) -> Value {
    let day = s.split('T').next().unwrap_or(s);
    match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(d) => Value::Date(d),
        Err(_) => Value::Unusable(format!("a time without a date ({})", shown(s))),
    }
}

/// A cell's value as a details file would hold it, for its field.
fn as_text(value: Value, field: Field) -> std::result::Result<String, String> {
    match value {
        Value::Text(t) => Ok(t),
        Value::Date(d) if field.kind() == FieldKind::Date => Ok(d.format("%Y-%m-%d").to_string()),
        Value::Date(d) => Err(format!(
            "the cell holds a date ({}), not a {}; format the column as Text",
            d.format("%Y-%m-%d"),
            super::column_name(field)
        )),
        Value::Number(n) => Ok(digits(n)),
        Value::Bool(b) => Ok(if b { "TRUE" } else { "FALSE" }.into()),
        Value::Unusable(what) => Err(format!("the cell holds {what}, not a value mikit can read")),
    }
}

/// A number as the sheet stored it: a whole number as all its digits (a
/// phone number, an IMEI or an account ID kept as a number), others as the
/// shortest decimal that reads back the same.
fn digits(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e17 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// `C12` for row 11, column 2 (both 0-based).
pub fn cell_name(row: u32, column: u32) -> String {
    format!("{}{}", column_letters(column as usize + 1), row + 1)
}

fn shown_long(text: &str) -> String {
    crate::problem::shorten(&crate::problem::escape(text), 200).into_owned()
}

/// The header row and the customers under it.
fn read_sheet(origin: &str, name: &str, grid: Grid) -> Result<Sheet> {
    let mut rows = grid
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|(_, v)| !is_blank(v)));
    let Some((header_row, header)) = rows.next() else {
        return Err(Error::data(format!(
            "{origin}:{}: the sheet is empty; its first row must name the columns, e.g. name, email, \
             phone.",
            shown(name)
        )).nothing_written());
    };
    let mut fields: Vec<(u32, Field)> = Vec::new();
    let mut problems = Vec::new();
    for (column, value) in header {
        let at = |message: String| {
            Problem::error(header_row as usize + 1, column as usize + 1, "", message)
                .in_file(origin)
                .on_sheet(name)
        };
        let text = match value {
            Value::Text(t) => t,
            _ => {
                problems.push(at(
                    "a column name must be text, e.g. name, email or phone".to_string()
                ));
                continue;
            }
        };
        let wanted = text.trim().to_lowercase();
        if wanted.is_empty() {
            continue;
        }
        match columns().find(|(n, _)| *n == wanted) {
            Some((_, field)) if fields.iter().any(|(_, f)| *f == field) => {
                problems.push(at(format!("column \"{}\" appears twice", shown(&text))));
            }
            Some((_, field)) => fields.push((column, field)),
            None => problems.push(at(unknown_column(&text))),
        }
    }
    if !problems.is_empty() {
        let more = problems.len().saturating_sub(MAX_SHOWN);
        problems.truncate(MAX_SHOWN);
        if more > 0 {
            problems.push(
                Problem::error(
                    header_row as usize + 1,
                    0,
                    "",
                    format!("and {} more wrong columns", thousands(more)),
                )
                .in_file(origin)
                .on_sheet(name),
            );
        }
        return Err(
            Error::problems(ExitCode::DataErr, problems, "the header row is wrong")
                .nothing_written(),
        );
    }
    let mut customers = Vec::new();
    for (row, cells) in rows {
        let mut data = Vec::new();
        let mut places = Vec::new();
        let mut unusable = Vec::new();
        for (column, value) in cells {
            let Some(&(_, field)) = fields.iter().find(|(c, _)| *c == column) else {
                if !is_blank(&value) {
                    unusable.push((
                        column,
                        "a value in a column without a name in the header row; name the column or clear the cell"
                            .to_string(),
                    ));
                }
                continue;
            };
            match as_text(value, field) {
                Ok(text) => {
                    data.push((field, text));
                    places.push(column as usize + 1);
                }
                Err(message) => unusable.push((column, message)),
            }
        }
        customers.push(Customer {
            line: row as usize + 1,
            data: CustomerData::Cells(data),
            columns: places,
            dates: crate::details::date::DayMonth::Unknown,
            unusable: unusable
                .into_iter()
                .map(|(column, message)| {
                    let field = fields
                        .iter()
                        .find(|(c, _)| *c == column)
                        .map_or("", |(_, f)| super::column_name(*f));
                    (column as usize + 1, field, message)
                })
                .collect(),
        });
    }
    Ok(Sheet {
        name: name.to_string(),
        customers,
    })
}

fn is_blank(value: &Value) -> bool {
    matches!(value, Value::Text(t) if t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_cell_names() {
        assert_eq!(cell_name(11, 2), "C12");
        assert_eq!(cell_name(0, 26), "AA1");
    }

    #[test]
    fn long_numbers_keep_their_digits() {
        assert_eq!(digits(919876543210.0), "919876543210");
        assert_eq!(digits(356938035643809.0), "356938035643809");
        assert_eq!(digits(2.5), "2.5");
    }
}
