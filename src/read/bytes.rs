//! A file's bytes, read once: what every reader reads from.

use std::io::Cursor;
use std::sync::Arc;

/// A file's bytes, read once and shared by the readers that need a second
/// look (the formula stream of an .xlsx), never copied.
#[derive(Debug, Clone)]
pub struct Bytes(Arc<Vec<u8>>);

impl Bytes {
    /// The bytes of a file read whole.
    pub fn new(bytes: Vec<u8>) -> Bytes {
        Bytes(Arc::new(bytes))
    }

    /// A reader over them.
    pub(super) fn cursor(&self) -> Source {
        Cursor::new(self.clone())
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// What the workbook readers read from.
pub(super) type Source = Cursor<Bytes>;
