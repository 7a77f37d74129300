//! Opening a workbook safely: the format told by content (not by the file
//! name), the limits checked before anything is loaded (F12), encrypted
//! files told apart (F01), and the rows of one sheet streamed with the
//! size checks applied as they come.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use calamine::{Data, DataRef, Ods, Reader, Xls, XlsError, Xlsb, Xlsx};

use super::error::Looks;
use super::header::Cells;
use super::xls_guard::XlsProblem;
use super::{Limits, Raw, ReadError};
use crate::text::nfc;

/// Most cells a sheet of a format that calamine loads whole (.xls, .ods)
/// may span (rows × columns), so that a sparse hostile sheet cannot make it
/// allocate gigabytes. It is also the budget of all sheets together, as
/// calamine loads every sheet of those formats at once.
const MAX_DENSE_CELLS: u64 = 2_000_000;

/// An open workbook of any accepted format.
pub(super) enum Book {
    Xlsx(Box<Xlsx<BufReader<File>>>),
    Xlsb(Box<Xlsb<BufReader<File>>>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>),
    Ods(Box<Ods<BufReader<File>>>),
    /// HTML, SpreadsheetML, CSV/TSV or Word tables, read whole within the
    /// limits (see [`super::grid`]).
    Grid(Box<super::grid::Grid>),
}

fn corrupt<E: std::error::Error + Send + Sync + 'static>(format: &'static str, e: E) -> ReadError {
    ReadError::Corrupt {
        format,
        source: Some(Box::new(e)),
    }
}

fn corrupt_zip<E: std::error::Error + Send + Sync + 'static>(e: E) -> ReadError {
    ReadError::CorruptZip(Box::new(e))
}

fn corrupt_sheet<E: std::error::Error + Send + Sync + 'static>(
    sheet: &str,
    format: &'static str,
    e: E,
) -> ReadError {
    ReadError::CorruptSheet {
        sheet: sheet.to_string(),
        format,
        source: Some(Box::new(e)),
    }
}

/// Opens `path`: checks the file size, tells the format by its first bytes
/// and, for zip formats, checks every member's declared size before
/// calamine inflates anything.
pub(super) fn open(path: &Path, limits: &Limits) -> Result<Book, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    let size = meta.len();
    if size == 0 {
        return Err(ReadError::EmptyFile);
    }
    if size > limits.max_file_bytes {
        return Err(ReadError::FileTooBig {
            size,
            limit: limits.max_file_bytes,
        });
    }
    let mut file = File::open(path).map_err(ReadError::Io)?;
    let mut head = [0u8; super::sniff::HEAD_BYTES];
    let n = read_up_to(&mut file, &mut head).map_err(ReadError::Io)?;
    let head = &head[..n];
    file.seek(SeekFrom::Start(0)).map_err(ReadError::Io)?;
    use super::sniff::Sniffed;
    match super::sniff::sniff(head) {
        Sniffed::Zip => open_zip(file, limits),
        Sniffed::Cfb => open_cfb(file, size, limits),
        Sniffed::Html => grid_of(file, size, |b| super::html::read(b, limits)),
        Sniffed::Sml => grid_of(file, size, |b| super::sml::read(b, limits)),
        Sniffed::Text => grid_of(file, size, |b| super::text_table::read(b, limits)),
        Sniffed::Other(looks) => Err(ReadError::NotSpreadsheet { looks }),
    }
}

/// Reads the whole file (within the size limit) and hands it to a grid
/// reader.
fn grid_of(
    mut file: File,
    size: u64,
    read: impl FnOnce(&[u8]) -> Result<super::grid::Grid, ReadError>,
) -> Result<Book, ReadError> {
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(ReadError::Io)?;
    read(&bytes).map(|g| Book::Grid(Box::new(g)))
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn open_zip(file: File, limits: &Limits) -> Result<Book, ReadError> {
    use super::sniff::{self, Package};
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(corrupt_zip)?;
    // Part name (see `sniff::part_name`) → member name as stored.
    let mut members: std::collections::BTreeMap<String, String> = Default::default();
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(corrupt_zip)?;
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let inflated = f.size();
        let compressed = f.compressed_size();
        if inflated > limits.max_member_bytes {
            return Err(ReadError::MemberTooBig {
                member: name,
                size: inflated,
                limit: limits.max_member_bytes,
            });
        }
        if inflated > limits.ratio_floor_bytes
            && inflated > compressed.saturating_mul(limits.max_ratio)
        {
            return Err(ReadError::MemberRatio {
                member: name,
                size: inflated,
                compressed,
                max_ratio: limits.max_ratio,
            });
        }
        members.insert(sniff::part_name(&name), name);
    }
    // The two small parts that say what the package is (a megabyte is
    // far more than any real one).
    let mut small = |part: &str| -> Option<String> {
        let name = members.get(part)?;
        let f = zip.by_name(name).ok()?;
        let mut s = String::new();
        f.take(1024 * 1024).read_to_string(&mut s).ok()?;
        Some(s)
    };
    let rels = small("_rels/.rels");
    let types = small("[content_types].xml");
    let parts: Vec<String> = members.keys().cloned().collect();
    let kind = sniff::package(&parts, rels.as_deref(), types.as_deref());
    if let Package::Word(main) = &kind {
        let name = members.get(main).cloned().unwrap_or_default();
        return super::docx::read(&mut zip, &name, limits).map(|g| Book::Grid(Box::new(g)));
    }
    let mut reader = zip.into_inner();
    let rewind = |r: &mut BufReader<File>| r.seek(SeekFrom::Start(0)).map_err(ReadError::Io);
    match kind {
        Package::Xlsx => {
            rewind(&mut reader)?;
            Xlsx::new(reader)
                .map(|x| Book::Xlsx(Box::new(x)))
                .map_err(|e| corrupt("xlsx", e))
        }
        Package::Xlsb => {
            rewind(&mut reader)?;
            Xlsb::new(reader)
                .map(|x| Book::Xlsb(Box::new(x)))
                .map_err(|e| corrupt("xlsb", e))
        }
        Package::Ods => {
            ods_guard(&mut reader, limits)?;
            rewind(&mut reader)?;
            match Ods::new(reader) {
                Ok(x) => Ok(Book::Ods(Box::new(x))),
                Err(calamine::OdsError::Password) => Err(ReadError::Encrypted),
                Err(e) => Err(corrupt("ods", e)),
            }
        }
        Package::Word(_) => Err(ReadError::NotSpreadsheet { looks: Looks::Word }),
        Package::Other => Err(ReadError::NotSpreadsheet { looks: Looks::Zip }),
    }
}

fn open_cfb(mut file: File, size: u64, limits: &Limits) -> Result<Book, ReadError> {
    // The file is within the size limit; calamine reads the whole workbook
    // stream into memory anyway.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(ReadError::Io)?;
    // An encrypted .xlsx is a compound file with an "EncryptionInfo" stream;
    // the directory stores names in UTF-16LE.
    let marker: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    if contains(&bytes, &marker) {
        return Err(ReadError::Encrypted);
    }
    xls_guard(&bytes, limits)?;
    match Xls::new(Cursor::new(bytes)) {
        Ok(x) => Ok(Book::Xls(Box::new(x))),
        Err(XlsError::Password) => Err(ReadError::Encrypted),
        Err(e) => Err(corrupt("xls", e)),
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Refuses an .xls file that would make calamine reserve a huge range
/// (see [`super::xls_guard`]).
fn xls_guard(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    match super::xls_guard::check(bytes, limits, MAX_DENSE_CELLS) {
        Ok(()) => Ok(()),
        Err(XlsProblem::Corrupt) => Err(ReadError::Corrupt {
            format: "xls",
            source: None,
        }),
        Err(XlsProblem::Encrypted) => Err(ReadError::Encrypted),
        Err(XlsProblem::TooManyCells { total }) => Err(ReadError::WorkbookTooManyCells {
            cells: total,
            limit: MAX_DENSE_CELLS,
        }),
        Err(XlsProblem::TooBig {
            rows,
            cols,
            area,
            declared,
        }) => check_dense(None, rows, cols, area, limits, declared),
    }
}

/// The limit check for a sheet that calamine will hold as a dense range:
/// `rows` and `cols` are the extent from A1, `area` the cells spanned.
fn check_dense(
    sheet: Option<&str>,
    rows: u32,
    cols: u32,
    area: u64,
    limits: &Limits,
    declared: bool,
) -> Result<(), ReadError> {
    check_extent(sheet, rows, cols, limits, declared)?;
    if area > MAX_DENSE_CELLS {
        return Err(ReadError::SheetTooManyCells {
            sheet: sheet.map(str::to_string),
            cells: area,
            limit: MAX_DENSE_CELLS,
        });
    }
    Ok(())
}

/// Refuses a sheet whose extent (rows, columns from A1) is over the limits.
fn check_extent(
    sheet: Option<&str>,
    rows: u32,
    cols: u32,
    limits: &Limits,
    declared: bool,
) -> Result<(), ReadError> {
    if rows > limits.max_rows || cols > limits.max_cols {
        return Err(ReadError::SheetTooBig {
            sheet: sheet.map(str::to_string),
            rows,
            cols,
            max_rows: limits.max_rows,
            max_cols: limits.max_cols,
            declared,
        });
    }
    Ok(())
}

/// Scans an .ods file's content.xml, before calamine expands it, for
/// repeated rows and columns that would make a sheet over the limits.
fn ods_guard(reader: &mut BufReader<File>, limits: &Limits) -> Result<(), ReadError> {
    reader.seek(SeekFrom::Start(0)).map_err(ReadError::Io)?;
    let mut zip = zip::ZipArchive::new(&mut *reader).map_err(corrupt_zip)?;
    let content = match zip.by_name("content.xml") {
        Ok(f) => f,
        Err(e) => return Err(corrupt("ods", e)),
    };
    let mut scan = OdsScan::default();
    let mut input = BufReader::new(content.take(limits.max_member_bytes));
    let mut tag: Vec<u8> = Vec::new();
    let mut in_tag = false;
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = input.read(&mut buf).map_err(|e| corrupt("ods", e))?;
        if n == 0 {
            break;
        }
        for &b in &buf[..n] {
            if in_tag {
                if b == b'>' {
                    in_tag = false;
                    scan.tag(&tag, limits)?;
                    tag.clear();
                } else if tag.len() < 8192 {
                    tag.push(b);
                }
            } else if b == b'<' {
                in_tag = true;
            }
        }
    }
    Ok(())
}

/// Running position while scanning ODS content.
#[derive(Default)]
struct OdsScan {
    sheet: String,
    row: u64,
    row_repeat: u64,
    col: u64,
    first_valued: Option<(u64, u64)>,
    /// Cells spanned by the current table so far.
    area: u64,
    /// Cells spanned by the tables before it: calamine holds every table
    /// of an .ods at once, so the budget is for all of them together.
    done: u64,
}

impl OdsScan {
    fn tag(&mut self, tag: &[u8], limits: &Limits) -> Result<(), ReadError> {
        // The name runs to the first space or "/" (after a leading "/" of
        // an end tag).
        let name_end = tag
            .iter()
            .enumerate()
            .position(|(i, b)| b.is_ascii_whitespace() || (*b == b'/' && i > 0))
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        let attr = |key: &[u8]| -> Option<String> {
            let mut pat = Vec::with_capacity(key.len() + 2);
            pat.extend_from_slice(key);
            pat.extend_from_slice(b"=\"");
            let start = tag.windows(pat.len()).position(|w| w == pat.as_slice())? + pat.len();
            let end = tag[start..].iter().position(|b| *b == b'"')? + start;
            Some(String::from_utf8_lossy(&tag[start..end]).into_owned())
        };
        let repeat = |key: &[u8]| -> u64 {
            attr(key)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(1)
                .max(1)
        };
        match name {
            b"table:table" => {
                self.done = self.done.saturating_add(self.area);
                self.area = 0;
                self.sheet = attr(b"table:name").unwrap_or_default();
                self.row = 0;
                self.row_repeat = 1;
                self.col = 0;
                self.first_valued = None;
            }
            b"table:table-row" => {
                self.row_repeat = repeat(b"table:number-rows-repeated");
                self.col = 0;
                if tag.last() == Some(&b'/') {
                    // An empty row written as `<table:table-row …/>`.
                    self.row = self.row.saturating_add(self.row_repeat);
                    self.row_repeat = 1;
                }
            }
            b"/table:table-row" => {
                self.row = self.row.saturating_add(self.row_repeat);
                self.row_repeat = 1;
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                let reps = repeat(b"table:number-columns-repeated");
                let valued = attr(b"office:value-type").is_some()
                    || attr(b"calcext:value-type").is_some_and(|v| v != "void");
                let start_col = self.col;
                self.col = self.col.saturating_add(reps);
                if valued {
                    let last_row = self.row.saturating_add(self.row_repeat);
                    let first = *self.first_valued.get_or_insert((self.row, start_col));
                    let rows = u32::try_from(last_row).unwrap_or(u32::MAX);
                    let cols = u32::try_from(self.col).unwrap_or(u32::MAX);
                    let area = last_row
                        .saturating_sub(first.0)
                        .saturating_mul(self.col.saturating_sub(first.1.min(start_col)));
                    check_dense(Some(&self.sheet), rows, cols, area, limits, false)?;
                    self.area = self.area.max(area);
                    let total = self.done.saturating_add(self.area);
                    if total > MAX_DENSE_CELLS {
                        return Err(ReadError::WorkbookTooManyCells {
                            cells: total,
                            limit: MAX_DENSE_CELLS,
                        });
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// What to do after a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    Continue,
    Stop,
}

/// Streams the cells of `sheet` from a calamine xlsx or xlsb workbook into
/// `f`: the declared dimensions are checked first (when `enforce`), then
/// each cell as it comes, stopping at the first one over the limits.
macro_rules! stream_cells {
    ($book:expr, $format:literal, $sheet:expr, $limits:expr, $enforce:expr, $max_rows:expr, $max_cols:expr, $f:expr) => {{
        let mut reader = $book
            .worksheet_cells_reader($sheet)
            .map_err(|e| corrupt_sheet($sheet, $format, e))?;
        if $enforce {
            let d = reader.dimensions();
            check_extent(
                Some($sheet),
                d.end.0.saturating_add(1),
                d.end.1.saturating_add(1),
                $limits,
                true,
            )?;
        }
        let mut grouper = Grouper::new($sheet, $max_rows, $max_cols, $enforce);
        loop {
            let cell = reader
                .next_cell()
                .map_err(|e| corrupt_sheet($sheet, $format, e))?;
            let Some(cell) = cell else { break };
            let (r, c) = cell.get_position();
            if grouper.push(r, c, raw_from_ref(cell.get_value()), $f)? == Flow::Stop {
                return Ok(());
            }
        }
        grouper.finish($f);
        Ok(())
    }};
}

impl Book {
    /// What this is when it is a document rather than a workbook (a
    /// .docx, a text file): without a report table it holds no report at
    /// all (F11, like a note or a cover letter), not a workbook missing
    /// its tables (F02).
    pub(super) fn document(&self) -> Option<Looks> {
        match self {
            Book::Grid(g) if g.format == "docx" => Some(Looks::Word),
            Book::Grid(g) if g.format == "csv" => Some(Looks::Text),
            _ => None,
        }
    }

    /// The sheet names, in workbook order.
    pub(super) fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Xlsb(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
            Book::Grid(g) => g.sheet_names(),
        }
    }

    /// Streams the non-empty rows of `sheet` to `f`, in sheet order, until
    /// `f` says stop. With `enforce`, the declared and actual size of the
    /// sheet are checked against `limits` (F12); without it (a quick look
    /// at the first rows of a sheet), `f` must stop early and the sheet's
    /// size does not matter.
    pub(super) fn rows(
        &mut self,
        sheet: &str,
        limits: &Limits,
        enforce: bool,
        f: &mut dyn FnMut(u32, &Cells) -> Flow,
    ) -> Result<(), ReadError> {
        // Without enforcement the caller stops early; still never stream a
        // hostile sheet forever.
        let (max_rows, max_cols) = if enforce {
            (limits.max_rows, limits.max_cols)
        } else {
            (limits.max_rows.min(1_000), limits.max_cols)
        };
        match self {
            // The xlsx and xlsb cell readers have the same methods but no
            // common trait: one body for both.
            Book::Xlsx(b) => {
                stream_cells!(b, "xlsx", sheet, limits, enforce, max_rows, max_cols, f)
            }
            Book::Xlsb(b) => {
                stream_cells!(b, "xlsb", sheet, limits, enforce, max_rows, max_cols, f)
            }
            Book::Xls(b) => {
                let range = b
                    .worksheet_range(sheet)
                    .map_err(|e| corrupt_sheet(sheet, "xls", e))?;
                range_rows(sheet, &range, limits, enforce, f)
            }
            Book::Ods(b) => {
                let range = b
                    .worksheet_range(sheet)
                    .map_err(|e| corrupt_sheet(sheet, "ods", e))?;
                range_rows(sheet, &range, limits, enforce, f)
            }
            // Built within the limits: only the early stop matters.
            Book::Grid(g) => {
                let Some(s) = g.sheet(sheet) else {
                    return Ok(());
                };
                let mut cells: Cells = Vec::new();
                for (r, row) in &s.rows {
                    if *r >= max_rows {
                        break;
                    }
                    cells.clear();
                    cells.extend(row.iter().map(|(c, cell)| (*c, cell.value.clone())));
                    if f(*r, &cells) == Flow::Stop {
                        break;
                    }
                }
                Ok(())
            }
        }
    }
}

fn range_rows(
    sheet: &str,
    range: &calamine::Range<Data>,
    limits: &Limits,
    enforce: bool,
    f: &mut dyn FnMut(u32, &Cells) -> Flow,
) -> Result<(), ReadError> {
    let Some((r0, c0)) = range.start() else {
        return Ok(());
    };
    if let (true, Some((r1, c1))) = (enforce, range.end()) {
        check_extent(
            Some(sheet),
            r1.saturating_add(1),
            c1.saturating_add(1),
            limits,
            false,
        )?;
    }
    let mut cells: Cells = Vec::new();
    for (i, row) in range.rows().enumerate() {
        cells.clear();
        for (j, v) in row.iter().enumerate() {
            let raw = raw_from_data(v);
            if !matches!(raw, Raw::Empty) {
                let col = c0.saturating_add(u32::try_from(j).unwrap_or(u32::MAX));
                cells.push((col, raw));
            }
        }
        if !cells.is_empty() {
            let r = r0.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
            if f(r, &cells) == Flow::Stop {
                break;
            }
        }
    }
    Ok(())
}

/// Groups streamed cells into rows, checking the actual size as it goes.
struct Grouper<'s> {
    sheet: &'s str,
    max_rows: u32,
    max_cols: u32,
    enforce: bool,
    row: Option<u32>,
    cells: Cells,
}

impl<'s> Grouper<'s> {
    fn new(sheet: &'s str, max_rows: u32, max_cols: u32, enforce: bool) -> Grouper<'s> {
        Grouper {
            sheet,
            max_rows,
            max_cols,
            enforce,
            row: None,
            cells: Vec::new(),
        }
    }

    fn push(
        &mut self,
        r: u32,
        c: u32,
        v: Raw,
        f: &mut dyn FnMut(u32, &Cells) -> Flow,
    ) -> Result<Flow, ReadError> {
        if r >= self.max_rows || c >= self.max_cols {
            if !self.enforce {
                return Ok(Flow::Stop);
            }
            return Err(ReadError::SheetTooBig {
                sheet: Some(self.sheet.to_string()),
                rows: r.saturating_add(1),
                cols: c.saturating_add(1),
                max_rows: self.max_rows,
                max_cols: self.max_cols,
                declared: false,
            });
        }
        if self.row != Some(r) {
            if let Some(prev) = self.row {
                if !self.cells.is_empty() {
                    self.cells.sort_by_key(|(c, _)| *c);
                    if f(prev, &self.cells) == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                }
            }
            self.cells.clear();
            self.row = Some(r);
        }
        if !matches!(v, Raw::Empty) {
            self.cells.push((c, v));
        }
        Ok(Flow::Continue)
    }

    fn finish(mut self, f: &mut dyn FnMut(u32, &Cells) -> Flow) {
        if let (Some(r), false) = (self.row, self.cells.is_empty()) {
            self.cells.sort_by_key(|(c, _)| *c);
            let _ = f(r, &self.cells);
        }
    }
}

/// A text cell: control characters other than tab and line breaks
/// removed (see [`super::printable`]), then NFC. A text that is exactly an
/// error value (`#REF!`, LibreOffice's `Err:502`…) is an error: calamine
/// gives the error cells of `.ods` files as text, and a person who reads
/// "#REF!" in a cell sees an error either way.
pub(super) fn text(s: &str) -> Raw {
    let s = super::printable(s, true);
    if s.trim().is_empty() {
        Raw::Empty
    } else if is_error_text(s.trim()) {
        Raw::Error(s.trim().to_string())
    } else if unicode_normalization::is_nfc_quick(s.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        // Most text is NFC already: one copy, not two (a cell can be huge).
        Raw::Text(s.into_owned())
    } else {
        Raw::Text(nfc(&s))
    }
}

/// Whether a text is one of the error values spreadsheets show.
fn is_error_text(t: &str) -> bool {
    const ERRORS: [&str; 10] = [
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
    ];
    ERRORS.contains(&t)
        || t.strip_prefix("Err:")
            .is_some_and(|n| !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()))
}

fn date_iso(s: &str) -> Raw {
    let head = s.get(..10).unwrap_or(s);
    match chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        Ok(d) => Raw::Date(d),
        Err(_) => text(s),
    }
}

fn excel_date(d: &calamine::ExcelDateTime) -> Raw {
    if d.is_datetime() {
        match d.as_datetime() {
            Some(dt) => Raw::Date(dt.date()),
            None => Raw::Number(d.as_f64()),
        }
    } else {
        Raw::Number(d.as_f64())
    }
}

/// A calamine cell value (borrowed form) as a [`Raw`].
pub(super) fn raw_from_ref(v: &DataRef<'_>) -> Raw {
    match v {
        DataRef::Int(i) => Raw::Number(*i as f64),
        DataRef::Float(f) => Raw::Number(*f),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::DateTime(d) => excel_date(d),
        DataRef::DateTimeIso(s) => date_iso(s),
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => Raw::Error(e.to_string()),
        DataRef::Empty => Raw::Empty,
    }
}

/// A calamine cell value as a [`Raw`].
pub(super) fn raw_from_data(v: &Data) -> Raw {
    match v {
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Float(f) => Raw::Number(*f),
        Data::String(s) => text(s),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(d) => excel_date(d),
        Data::DateTimeIso(s) => date_iso(s),
        Data::DurationIso(s) => text(s),
        Data::Error(e) => Raw::Error(e.to_string()),
        Data::Empty => Raw::Empty,
    }
}

#[cfg(test)]
mod error_text_tests {
    use super::*;

    #[test]
    fn error_values_typed_or_from_ods_are_errors() {
        assert_eq!(text("#REF!"), Raw::Error("#REF!".into()));
        assert_eq!(text(" #N/A "), Raw::Error("#N/A".into()));
        assert_eq!(text("Err:502"), Raw::Error("Err:502".into()));
        assert_eq!(text("#REF! ở ô bên"), Raw::Text("#REF! ở ô bên".into()));
        assert_eq!(text("Err:"), Raw::Text("Err:".into()));
    }
}
