//! Writing the outputs of a run: the consolidated workbook, the feedback
//! workbooks, the CSV exports and the manifest. Builders here return bytes,
//! or write the long exports to a writer line by line; the run stages each
//! output as soon as it is made and switches the set in
//! ([`output::Staging`]).

use std::borrow::Cow;

pub mod bao_cao;
pub mod data;
pub mod feedback;
pub mod forms;
pub mod mail;
pub mod manifest;
pub mod output;
pub mod style;
pub mod workbook;

/// Neutralises a text cell against formula injection for CSV outputs: a
/// value that starts with `=`, `+`, `-`, `@` or a tab gets a leading `'`
/// (OUTPUTS.md).
///
/// # Examples
/// ```
/// use tonghop::write::neutralise;
/// assert_eq!(neutralise("=1+1"), "'=1+1");
/// assert_eq!(neutralise("Hoàn thành"), "Hoàn thành");
/// ```
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Builds a CSV file as OUTPUTS.md wants it: UTF-8 with BOM, a header line,
/// every text field neutralised with [`neutralise`]. Fields that are numbers
/// are passed already formatted and are never neutralised (a negative number
/// stays `-3`).
///
/// # Examples
/// ```
/// use tonghop::write::{csv_bytes, Field};
/// let b = csv_bytes(&["a", "b"], [vec![Field::Text("=x".into()), Field::Number(-3.5)]]);
/// assert_eq!(String::from_utf8(b).unwrap(), "\u{feff}a,b\n'=x,-3.5\n");
/// ```
pub fn csv_bytes<'a, I>(header: &[&str], rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = Vec<Field<'a>>>,
{
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_csv(&mut out, header, rows);
    out
}

/// [`csv_bytes`] written to `w` as the lines are made, for the long exports
/// (at 5,000 reports `du-lieu/nhiem-vu.csv` is 64 MB).
///
/// # Errors
/// The error of writing to `w`.
pub fn write_csv<'a, W, I>(mut w: W, header: &[&str], rows: I) -> std::io::Result<()>
where
    W: std::io::Write,
    I: IntoIterator<Item = Vec<Field<'a>>>,
{
    w.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(64 * 1024)
        .from_writer(w);
    w.write_record(header)?;
    for row in rows {
        let rec: Vec<Cow<'_, str>> = row
            .iter()
            .map(|f| match f {
                Field::Text(t) => neutralise(t),
                Field::Number(n) => Cow::Owned(crate::read::values::format_number(*n)),
                Field::Empty => Cow::Borrowed(""),
            })
            .collect();
        w.write_record(rec.iter().map(|c| c.as_ref()))?;
    }
    // Writes out the writer's buffer and flushes `w`, reporting any error.
    w.flush()
}

/// A CSV field.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'a> {
    /// Text, neutralised on output.
    Text(Cow<'a, str>),
    /// A number, written as the shortest exact decimal.
    Number(f64),
    /// Nothing.
    Empty,
}

impl<'a> From<&'a str> for Field<'a> {
    fn from(s: &'a str) -> Field<'a> {
        Field::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Field<'_> {
    fn from(s: String) -> Self {
        Field::Text(Cow::Owned(s))
    }
}

impl From<Option<f64>> for Field<'_> {
    fn from(n: Option<f64>) -> Self {
        n.map_or(Field::Empty, Field::Number)
    }
}
