//! Why a file could not be read: one variant per condition, with its
//! values. The Vietnamese text is rendered by `messages` (the `Display` of
//! each variant); [`ReadError::rule`] says which rule it is (F01 or F12).

use crate::messages as msg;
use crate::model::Rule;

/// What a file that is not a spreadsheet looks like, for the F01 message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Looks {
    /// A web page (HTML).
    Html,
    /// A PDF document.
    Pdf,
    /// A Word document (.docx).
    Word,
    /// Plain text.
    Text,
    /// A zip archive that holds no workbook.
    Zip,
    /// An image (a photo or scan of the report).
    Image,
    /// An Excel 2.x–4.0 worksheet (BIFF2–4), older than any reader.
    OldExcel,
    /// An XML file that is not SpreadsheetML.
    Xml,
    /// Nothing recognisable.
    Unknown,
}

impl Looks {
    /// The short tag `messages::read_not_spreadsheet` takes.
    pub fn tag(self) -> &'static str {
        match self {
            Looks::Html => "HTML",
            Looks::Pdf => "PDF",
            Looks::Word => "Word",
            Looks::Text => "text",
            Looks::Zip => "zip",
            Looks::Image => "image",
            Looks::OldExcel => "old-excel",
            Looks::Xml => "xml",
            Looks::Unknown => "unknown",
        }
    }
}

/// The reader library's own error, kept as the source of a [`ReadError`].
pub type Source = Box<dyn std::error::Error + Send + Sync>;

/// Why a file could not be read (rules F01 and F12).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read from disk (F01).
    #[error("{}", msg::read_io(.0))]
    Io(#[source] std::io::Error),
    /// A zero-byte file (F01).
    #[error("{}", msg::read_empty_file())]
    EmptyFile,
    /// Not a spreadsheet whatever its name says (F01).
    #[error("{}", msg::read_not_spreadsheet(.looks.tag()))]
    NotSpreadsheet {
        /// What it looks like.
        looks: Looks,
    },
    /// A document that holds no report table (a .docx cover letter or
    /// narrative report without the task or indicator table): skipped
    /// (F11), like a PDF.
    #[error("{}", msg::read_no_tables(.looks.tag()))]
    NoTables {
        /// What it is.
        looks: Looks,
    },
    /// A document nested deeper than the reader follows (F12).
    #[error("{}", msg::read_too_deep(.format, *.limit))]
    TooDeep {
        /// The format.
        format: &'static str,
        /// The deepest nesting accepted.
        limit: u32,
    },
    /// A document with more elements than the reader follows (F12).
    #[error("{}", msg::read_too_many_elements(.format, *.limit))]
    TooManyElements {
        /// The format.
        format: &'static str,
        /// The most elements accepted.
        limit: u64,
    },
    /// One cell's text is longer than the reader keeps (F12).
    #[error("{}", msg::read_text_too_long(.format, *.bytes, *.limit))]
    TextTooLong {
        /// The format.
        format: &'static str,
        /// The text's length so far, in bytes.
        bytes: u64,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A zip-based workbook whose archive is broken (F01).
    #[error("{}", msg::read_corrupt_zip())]
    CorruptZip(#[source] Source),
    /// The reader rejected the workbook (F01).
    #[error("{}", msg::read_corrupt(.format))]
    Corrupt {
        /// The format: `xlsx`, `xls`, `ods`…
        format: &'static str,
        /// The reader's error.
        #[source]
        source: Option<Source>,
    },
    /// The reader rejected one sheet of the workbook (F01).
    #[error("{}", msg::read_corrupt_sheet(.sheet, .format))]
    CorruptSheet {
        /// The sheet.
        sheet: String,
        /// The format.
        format: &'static str,
        /// The reader's error.
        #[source]
        source: Option<Source>,
    },
    /// The reader library failed on the file (a panic caught) (F01).
    #[error("{}", msg::read_crashed())]
    Crashed,
    /// The file is encrypted or has a password (F01).
    #[error("{}", msg::read_encrypted())]
    Encrypted,
    /// Reading took longer than the time limit (F12).
    #[error("{}", msg::read_timeout(*.seconds))]
    Timeout {
        /// The limit, in seconds.
        seconds: u64,
    },
    /// The file is over the size limit (F12).
    #[error("{}", msg::read_file_too_big(*.size, *.limit))]
    FileTooBig {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A zip member inflates over the limit (F12).
    #[error("{}", msg::read_member_too_big(.member, *.size, *.limit))]
    MemberTooBig {
        /// The member's name.
        member: String,
        /// Its inflated size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A zip member inflates far more than its compressed size (F12).
    #[error("{}", msg::read_member_ratio(.member, *.size, *.compressed, *.max_ratio))]
    MemberRatio {
        /// The member's name.
        member: String,
        /// Its inflated size.
        size: u64,
        /// Its compressed size.
        compressed: u64,
        /// The largest ratio accepted.
        max_ratio: u64,
    },
    /// A sheet that is read is over the row or column limit (F12).
    #[error("{}", msg::read_sheet_too_big(.sheet.as_deref().unwrap_or(""), *.rows, *.cols, *.max_rows, *.max_cols, *.declared))]
    SheetTooBig {
        /// The sheet, when known.
        sheet: Option<String>,
        /// Rows from the top.
        rows: u32,
        /// Columns from the left.
        cols: u32,
        /// The row limit.
        max_rows: u32,
        /// The column limit.
        max_cols: u32,
        /// The size is the one the sheet declares, not the cells found.
        declared: bool,
    },
    /// A sheet of a format loaded whole spans too many cells (F12).
    #[error("{}", msg::read_sheet_too_many_cells(.sheet.as_deref().unwrap_or(""), *.cells, *.limit))]
    SheetTooManyCells {
        /// The sheet, when known.
        sheet: Option<String>,
        /// Cells spanned.
        cells: u64,
        /// The limit.
        limit: u64,
    },
    /// The sheets of a workbook loaded whole span too many cells together
    /// (F12).
    #[error("{}", msg::read_workbook_too_many_cells(*.cells, *.limit))]
    WorkbookTooManyCells {
        /// Cells spanned.
        cells: u64,
        /// The limit.
        limit: u64,
    },
}

impl ReadError {
    /// The rule the condition is: F12 for a limit, F11 for a document
    /// without a report table, F01 for the rest.
    pub fn rule(&self) -> Rule {
        match self {
            ReadError::Timeout { .. }
            | ReadError::FileTooBig { .. }
            | ReadError::MemberTooBig { .. }
            | ReadError::MemberRatio { .. }
            | ReadError::SheetTooBig { .. }
            | ReadError::SheetTooManyCells { .. }
            | ReadError::WorkbookTooManyCells { .. }
            | ReadError::TooDeep { .. }
            | ReadError::TooManyElements { .. }
            | ReadError::TextTooLong { .. } => Rule::F12,
            ReadError::NoTables { .. } => Rule::F11,
            _ => Rule::F01,
        }
    }

    /// The sheet the condition is about, when there is one.
    pub fn sheet(&self) -> Option<&str> {
        match self {
            ReadError::CorruptSheet { sheet, .. } => Some(sheet),
            ReadError::SheetTooBig { sheet, .. } | ReadError::SheetTooManyCells { sheet, .. } => {
                sheet.as_deref()
            }
            _ => None,
        }
    }

    /// The same condition with control characters removed from the names
    /// it carries (sheet and member names come from the file and are
    /// printed to terminals).
    pub(super) fn printable(self) -> ReadError {
        let p = |s: String| super::printable(&s, false).into_owned();
        match self {
            ReadError::CorruptSheet {
                sheet,
                format,
                source,
            } => ReadError::CorruptSheet {
                sheet: p(sheet),
                format,
                source,
            },
            ReadError::MemberTooBig {
                member,
                size,
                limit,
            } => ReadError::MemberTooBig {
                member: p(member),
                size,
                limit,
            },
            ReadError::MemberRatio {
                member,
                size,
                compressed,
                max_ratio,
            } => ReadError::MemberRatio {
                member: p(member),
                size,
                compressed,
                max_ratio,
            },
            ReadError::SheetTooBig {
                sheet,
                rows,
                cols,
                max_rows,
                max_cols,
                declared,
            } => ReadError::SheetTooBig {
                sheet: sheet.map(p),
                rows,
                cols,
                max_rows,
                max_cols,
                declared,
            },
            ReadError::SheetTooManyCells {
                sheet,
                cells,
                limit,
            } => ReadError::SheetTooManyCells {
                sheet: sheet.map(p),
                cells,
                limit,
            },
            other => other,
        }
    }
}

pub(super) fn corrupt<E: std::error::Error + Send + Sync + 'static>(
    format: &'static str,
    e: E,
) -> ReadError {
    ReadError::Corrupt {
        format,
        source: Some(Box::new(e)),
    }
}

pub(super) fn corrupt_zip<E: std::error::Error + Send + Sync + 'static>(e: E) -> ReadError {
    ReadError::CorruptZip(Box::new(e))
}

pub(super) fn corrupt_sheet<E: std::error::Error + Send + Sync + 'static>(
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
