//! Reading one workbook into a [`Report`]: the sheets "Thông tin", "Nhiệm vụ"
//! and "Chỉ tiêu" found by name or by content, header rows found by label,
//! columns mapped by label in any order, and every value kept with its sheet
//! row and column (FORM.md §3).
//!
//! Reading never interprets beyond the layout: values stay [`Raw`]; the
//! parsers in [`values`] turn them into statuses, shares, numbers and dates
//! for the validation stage. A file that cannot be read at all, or that
//! exceeds a limit, gives a [`ReadError`] (rules F01 and F12).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

mod bytes;
mod cfb;
mod convert;
mod docx;
mod error;
mod formula;
mod grid;
mod guard;
mod header;
mod html;
mod info;
mod legacy;
mod open;
mod percent;
mod sml;
mod sniff;
mod stream;
mod text_table;
pub mod values;
mod workbook;
mod xls_formats;
mod xls_guard;
mod xlsb_formats;

pub use crate::model::{IndicatorCol, Located, Raw, TaskCol};
pub use bytes::Bytes;
pub use error::{Looks, ReadError, Source};

/// One data row of a table: the values of the mapped columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<C: Ord> {
    /// 0-based sheet row.
    pub row: u32,
    /// The values of the columns found, by column.
    pub cells: BTreeMap<C, Raw>,
}

impl<C: Ord + Copy> Row<C> {
    /// The value of column `c`, [`Raw::Empty`] when the column is absent.
    pub fn get(&self, c: C) -> &Raw {
        static EMPTY: Raw = Raw::Empty;
        self.cells.get(&c).unwrap_or(&EMPTY)
    }
}

/// A table found on a sheet: where its header is, which column holds what,
/// and its data rows (section titles, numbering and blank rows left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Table<C: Ord> {
    /// The sheet name, as in the workbook (without control characters).
    pub sheet: String,
    /// 0-based row of the (last) header row.
    pub header_row: u32,
    /// 0-based sheet column of each column found.
    pub columns: BTreeMap<C, u32>,
    /// The data rows, top to bottom.
    pub rows: Vec<Row<C>>,
}

impl<C: Ord + Copy> Table<C> {
    /// The 0-based sheet column of `c`, when the table has it.
    pub fn col(&self, c: C) -> Option<u32> {
        self.columns.get(&c).copied()
    }
}

/// What the sheet "Thông tin" (or, failing it, the title rows) says about
/// the report. Each value keeps its sheet and cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportInfo {
    /// The info sheet's name, when one was found.
    pub sheet: Option<String>,
    /// "Mã đơn vị".
    pub unit_code: Option<Located>,
    /// "Tên đơn vị".
    pub unit_name: Option<Located>,
    /// "Mã kế hoạch".
    pub plan_id: Option<Located>,
    /// "Kỳ báo cáo".
    pub period: Option<Located>,
    /// "Ngày báo cáo".
    pub report_date: Option<Located>,
    /// "Người lập".
    pub preparer: Option<Located>,
    /// "Điện thoại".
    pub phone: Option<Located>,
    /// "Email".
    pub email: Option<Located>,
    /// "Thủ trưởng đơn vị".
    pub head: Option<Located>,
}

impl ReportInfo {
    /// Every value found, mutably ("Mã đơn vị" … "Thủ trưởng đơn vị").
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Located> {
        [
            &mut self.unit_code,
            &mut self.unit_name,
            &mut self.plan_id,
            &mut self.period,
            &mut self.report_date,
            &mut self.preparer,
            &mut self.phone,
            &mut self.email,
            &mut self.head,
        ]
        .into_iter()
        .flatten()
    }
}

/// Everything read from one workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The sheet names, in workbook order.
    pub sheets: Vec<String>,
    /// The "Thông tin" values.
    pub info: ReportInfo,
    /// Text of the title rows above the tables and of the info sheet's
    /// unlabelled cells, for finding the unit when "Thông tin" says too little.
    pub titles: Vec<String>,
    /// The task table, when found.
    pub tasks: Option<Table<TaskCol>>,
    /// The indicator table, when found.
    pub indicators: Option<Table<IndicatorCol>>,
    /// The cells typed in a legacy font (TCVN3, VNI) and converted to
    /// Unicode before anything was read from them (F15); `None` when there
    /// were none.
    pub legacy: Option<LegacyText>,
    /// Where two visible sheets could each be the task (or indicator)
    /// sheet: which one was used (rule F13).
    pub sheet_choices: Vec<SheetChoice>,
}

/// The cells of a report that were typed in a legacy font and converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyText {
    /// The encoding of most of them.
    pub encoding: crate::text::legacy::Encoding,
    /// How many cells were converted.
    pub cells: usize,
    /// The sheet of the first one (in workbook order, then by row and
    /// column).
    pub sheet: String,
    /// The first one.
    pub first: crate::model::Cell,
}

/// Which table a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TableKind {
    /// "Nhiệm vụ".
    Tasks,
    /// "Chỉ tiêu".
    Indicators,
}

/// Several visible sheets could be the task (or indicator) sheet: the one
/// with more rows that carry a status (or a value) was used, ties going to
/// the later tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetChoice {
    /// Which table.
    pub kind: TableKind,
    /// The sheet used.
    pub used: String,
    /// The other candidate sheets, in workbook order.
    pub others: Vec<String>,
}

/// Limits checked before a sheet is loaded (FORM.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest inflated zip member, in bytes.
    pub max_member_bytes: u64,
    /// Largest inflate ratio for members whose inflated size exceeds
    /// `ratio_floor_bytes`.
    pub max_ratio: u64,
    /// Members smaller than this inflated are not ratio-checked.
    pub ratio_floor_bytes: u64,
    /// Most rows in a sheet that is read.
    pub max_rows: u32,
    /// Most columns in a sheet that is read.
    pub max_cols: u32,
    /// The most XML, inflated, an .xlsx package may hold to be inflated
    /// once and held whole while it is read (a report of a thousand rows
    /// has under a megabyte); a larger one is inflated part by part as it
    /// is read, and its worksheets once more beforehand, to look for
    /// formulas. The values read are the same either way.
    pub max_inflated_once_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_member_bytes: 50 * 1024 * 1024,
            max_ratio: 100,
            ratio_floor_bytes: 1024 * 1024,
            max_rows: 50_000,
            max_cols: 1_000,
            max_inflated_once_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Reads the workbook at `path`: finds the sheets "Thông tin", "Nhiệm vụ"
/// and "Chỉ tiêu" by name or, when renamed, by their labels; finds each
/// table's header; and keeps every value with its cell. "Hướng dẫn" is
/// never read. A workbook with neither table gives a [`Report`] with both
/// tables `None` (the validation stage reports F02).
///
/// Nothing from the file can make this panic: a panic inside the reader
/// library becomes [`ReadError::Crashed`].
///
/// # Errors
/// - F01 conditions ([`ReadError::rule`]): empty, corrupt or truncated file,
///   or not a spreadsheet whatever its name (a web page, a Word document, a
///   PDF); [`ReadError::Encrypted`] for a password-protected workbook.
/// - F12 conditions: the file, a zip member, or a sheet that is read is
///   over `limits`, checked before the sheet is loaded.
///
/// # Examples
/// ```no_run
/// use tonghop::read::{read_workbook, Limits};
/// let report = read_workbook("bao-cao.xlsx".as_ref(), &Limits::default())?;
/// println!("{} task rows", report.tasks.map_or(0, |t| t.rows.len()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_workbook(path: &Path, limits: &Limits) -> Result<Report, ReadError> {
    read_bytes(file_bytes(path, limits)?, limits)
}

/// A file's bytes for [`read_bytes`]: the whole file, unless it is over
/// the size limit ([`ReadError::FileTooBig`], without reading it).
///
/// # Errors
/// [`ReadError::Io`] when the file cannot be read; [`ReadError::FileTooBig`].
pub fn file_bytes(path: &Path, limits: &Limits) -> Result<Bytes, ReadError> {
    let size = std::fs::metadata(path).map_err(ReadError::Io)?.len();
    if size > limits.max_file_bytes {
        return Err(ReadError::FileTooBig {
            size,
            limit: limits.max_file_bytes,
        });
    }
    std::fs::read(path).map(Bytes::new).map_err(ReadError::Io)
}

/// Reads a report from a file's bytes, as [`read_workbook`] does from its
/// path: the bytes a run hashed are the bytes it reads.
///
/// # Errors
/// Those of [`read_workbook`].
pub fn read_bytes(bytes: Bytes, limits: &Limits) -> Result<Report, ReadError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        workbook::read(bytes, limits)
    })) {
        Ok(Ok(report)) => Ok(printable_report(report)),
        Ok(Err(e)) => Err(e.printable()),
        Err(_) => Err(ReadError::Crashed),
    }
}

/// The name of the threads that read workbooks, so that a program can keep
/// the messages of caught reader panics off the terminal (the panic itself
/// becomes F01).
pub const READ_THREAD: &str = "tonghop-read";

/// The time [`read_workbook_with_timeout`] gives one file by default. A
/// report of the largest size the limits allow reads in a few seconds; a
/// file that takes longer has a pathological structure.
pub const READ_TIME_LIMIT: Duration = Duration::from_secs(60);

/// Reads the workbook at `path` like [`read_workbook`], on a reading thread
/// (one kept per calling thread), and gives up after `time_limit`: a file
/// that takes longer becomes [`ReadError::Timeout`] (F12) instead of
/// holding up the whole batch.
///
/// The reading thread cannot be stopped from outside: after a timeout it
/// runs on in the background until it finishes, and its result is thrown
/// away. Its memory stays bounded by `limits`, as for any read, and the
/// process does not wait for it when it exits.
///
/// # Errors
/// Those of [`read_workbook`], plus [`ReadError::Timeout`] when the time is
/// up and [`ReadError::Io`] when no thread can be started.
///
/// # Examples
/// ```no_run
/// use tonghop::read::{read_workbook_with_timeout, Limits, READ_TIME_LIMIT};
/// let report = read_workbook_with_timeout(
///     "bao-cao.xlsx".as_ref(),
///     &Limits::default(),
///     READ_TIME_LIMIT,
/// )?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_workbook_with_timeout(
    path: &Path,
    limits: &Limits,
    time_limit: Duration,
) -> Result<Report, ReadError> {
    read_bytes_with_timeout(file_bytes(path, limits)?, limits, time_limit)
}

/// [`read_bytes`] on a reading thread, given at most `time_limit`, as
/// [`read_workbook_with_timeout`].
///
/// # Errors
/// Those of [`read_workbook_with_timeout`].
pub fn read_bytes_with_timeout(
    bytes: Bytes,
    limits: &Limits,
    time_limit: Duration,
) -> Result<Report, ReadError> {
    let limits = *limits;
    with_timeout(time_limit, move || read_bytes(bytes, &limits))
}

/// A read handed to a reading thread.
type Job = Box<dyn FnOnce() -> Result<Report, ReadError> + Send>;

/// A reading thread, kept for the next file of the thread that started it:
/// a thread per file cost a tenth of the reading time at a thousand files
/// (starting it, its stack's first pages).
struct ReadThread {
    jobs: std::sync::mpsc::Sender<Job>,
    results: std::sync::mpsc::Receiver<Result<Report, ReadError>>,
}

impl ReadThread {
    fn start() -> std::io::Result<ReadThread> {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let (done, results) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name(READ_THREAD.to_string())
            .spawn(move || {
                for job in queue {
                    // A panic outside the reader's own catch_unwind ends the
                    // read, not the thread.
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
                        .unwrap_or(Err(ReadError::Crashed));
                    // Nobody waits after a timeout: the thread was given up.
                    if done.send(result).is_err() {
                        break;
                    }
                }
            })?;
        Ok(ReadThread { jobs, results })
    }
}

thread_local! {
    /// This thread's reading thread, between two reads.
    static READER: std::cell::RefCell<Option<ReadThread>> = const { std::cell::RefCell::new(None) };
}

/// Runs `read` on a reading thread and waits for it at most `time_limit`.
/// After a timeout that thread is left to finish alone and the next read
/// gets a new one.
fn with_timeout<F>(time_limit: Duration, read: F) -> Result<Report, ReadError>
where
    F: FnOnce() -> Result<Report, ReadError> + Send + 'static,
{
    let kept = READER.with(|r| r.borrow_mut().take());
    let mut thread = match kept {
        Some(t) => t,
        None => ReadThread::start().map_err(ReadError::Io)?,
    };
    if let Err(std::sync::mpsc::SendError(job)) = thread.jobs.send(Box::new(read)) {
        // The kept thread is gone: a new one takes the read.
        thread = ReadThread::start().map_err(ReadError::Io)?;
        if thread.jobs.send(job).is_err() {
            return Err(ReadError::Crashed);
        }
    }
    match thread.results.recv_timeout(time_limit) {
        Ok(result) => {
            READER.with(|r| *r.borrow_mut() = Some(thread));
            result
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(ReadError::Timeout {
            seconds: time_limit.as_secs(),
        }),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(ReadError::Crashed),
    }
}

/// `s` without control characters (C0, DEL and C1: the escape that starts
/// a terminal control sequence, NUL, bell…), keeping tab and line breaks
/// when `keep_breaks`. Nobody types these in a spreadsheet; a hostile file
/// can hold them (`_x001B_` in xlsx), and `check`, `status` and the CSV
/// outputs would print them to a terminal. Format characters such as
/// direction marks and zero-width spaces are text and stay.
pub(crate) fn printable(s: &str, keep_breaks: bool) -> std::borrow::Cow<'_, str> {
    let drop = |c: char| c.is_control() && !(keep_breaks && matches!(c, '\t' | '\n' | '\r'));
    if s.chars().any(drop) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !drop(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The report with control characters removed from the sheet names it
/// carries (values are cleaned as they are read): names are only shown
/// from here on, never used to open a sheet again.
fn printable_report(mut r: Report) -> Report {
    let clean = |s: &mut String| {
        if let std::borrow::Cow::Owned(c) = printable(s, false) {
            *s = c;
        }
    };
    r.sheets.iter_mut().for_each(clean);
    if let Some(t) = r.tasks.as_mut() {
        clean(&mut t.sheet);
    }
    if let Some(t) = r.indicators.as_mut() {
        clean(&mut t.sheet);
    }
    if let Some(l) = r.legacy.as_mut() {
        clean(&mut l.sheet);
    }
    for c in &mut r.sheet_choices {
        clean(&mut c.used);
        c.others.iter_mut().for_each(clean);
    }
    let i = &mut r.info;
    if let Some(s) = i.sheet.as_mut() {
        clean(s);
    }
    for l in i.values_mut() {
        clean(&mut l.sheet);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_report() -> Report {
        Report {
            sheets: vec!["Nhiệm vụ".into()],
            info: ReportInfo::default(),
            titles: Vec::new(),
            tasks: None,
            indicators: None,
            legacy: None,
            sheet_choices: Vec::new(),
        }
    }

    #[test]
    fn a_read_that_does_not_finish_in_time_is_a_limit() {
        // The read waits for a message that only comes after the timeout.
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let res = with_timeout(Duration::from_millis(20), move || {
            let _ = wait.recv();
            Ok(empty_report())
        });
        assert!(
            matches!(res, Err(ReadError::Timeout { seconds: 0 })),
            "{res:?}"
        );
        // The stuck thread is given up: the next read gets a thread of its
        // own while the first still waits, and never sees its result.
        let next = with_timeout(READ_TIME_LIMIT, || Err(ReadError::Encrypted));
        assert!(matches!(next, Err(ReadError::Encrypted)), "{next:?}");
        drop(release);
        let after = with_timeout(READ_TIME_LIMIT, || Ok(empty_report()));
        assert_eq!(after.expect("report"), empty_report());
    }

    #[test]
    fn reads_reuse_one_reading_thread_even_after_a_panic() {
        let id = || Ok::<_, ReadError>(std::thread::current().id());
        let ids = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        for panics in [false, true, false] {
            let ids = std::sync::Arc::clone(&ids);
            let res = with_timeout(READ_TIME_LIMIT, move || {
                ids.lock().unwrap().push(id()?);
                assert!(!panics, "reader bug");
                Ok(empty_report())
            });
            assert_eq!(res.is_ok(), !panics);
        }
        let ids = ids.lock().unwrap();
        assert_eq!(ids.len(), 3);
        assert!(ids.iter().all(|i| *i == ids[0]), "{ids:?}");
        assert_ne!(ids[0], std::thread::current().id());
    }

    #[test]
    fn a_read_in_time_gives_its_result() {
        let res = with_timeout(READ_TIME_LIMIT, || Ok(empty_report()));
        assert_eq!(res.expect("report"), empty_report());
        let res = with_timeout(READ_TIME_LIMIT, || Err(ReadError::Encrypted));
        assert!(matches!(res, Err(ReadError::Encrypted)));
        let res = with_timeout(READ_TIME_LIMIT, || panic!("reader bug"));
        assert!(matches!(res, Err(ReadError::Crashed)));
    }

    #[test]
    fn control_characters_are_dropped_format_characters_kept() {
        assert_eq!(
            printable("\u{1b}[2JĐã\u{0} xong\u{7f}\u{85}\t\n", true),
            "[2JĐã xong\t\n"
        );
        assert_eq!(printable("Nhiệm\nvụ\u{1b}", false), "Nhiệmvụ");
        assert_eq!(
            printable("\u{200f}\u{202e}ngược\u{202c}\u{200b}", true),
            "\u{200f}\u{202e}ngược\u{202c}\u{200b}"
        );
        assert!(matches!(
            printable("Hoàn thành", true),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
