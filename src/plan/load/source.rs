//! The positioned CSV reader of the plan files: bytes as Excel saves them
//! (UTF-8 with or without a BOM, UTF-16 with a BOM, or Windows-1258; `,`,
//! `;` or tab between fields; LF, CRLF or CR-only line endings) turned into
//! NFC fields that know their line and column.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, UTF_8, WINDOWS_1258};

use crate::plan::{PlanNote, PlanProblem};
use crate::text;

/// The largest plan file read, in bytes. The plan of a city has a few
/// hundred rows; the benchmark's synthetic plan of 5,000 units (100,000
/// tasks) has a 17 MB `nhiem-vu.csv`; anything past this is not a plan
/// file, and the bound keeps a hostile one from being held whole.
pub const MAX_PLAN_FILE: u64 = 64 << 20;

/// One plan file, read and split.
pub(super) struct Sheet {
    pub file: PathBuf,
    pub header: Vec<String>,
    /// Non-empty rows after the header: (1-based line, fields).
    pub rows: Vec<(u64, Vec<String>)>,
}

impl Sheet {
    /// The 0-based index of a column, by its exact (NFC) name.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The value of `name` on a row, and its 1-based column; `("", None)`
    /// when the file has no such column.
    pub fn get<'a>(&self, fields: &'a [String], name: &str) -> (&'a str, Option<usize>) {
        match self.col(name) {
            Some(i) => (fields.get(i).map_or("", String::as_str), Some(i + 1)),
            None => ("", None),
        }
    }
}

/// A problem found while reading, with its line when it has one.
pub(super) type Problem = (Option<u64>, PlanProblem);

/// Reads the raw bytes of a plan file, refusing one over [`MAX_PLAN_FILE`].
pub(super) fn read_bytes(file: &Path) -> Result<Vec<u8>, PlanProblem> {
    let io = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::NotFound {
            PlanProblem::MissingFile
        } else {
            PlanProblem::Unreadable {
                detail: e.to_string(),
            }
        }
    };
    let size = std::fs::metadata(file).map_err(io)?.len();
    if size > MAX_PLAN_FILE {
        return Err(PlanProblem::TooBig {
            size,
            limit: MAX_PLAN_FILE,
        });
    }
    std::fs::read(file).map_err(io)
}

/// Decodes `bytes`: a BOM names the encoding; otherwise UTF-8 when valid,
/// else Windows-1258 (Excel's plain "CSV" on a Vietnamese Windows). The
/// encoding is returned when it is not UTF-8.
pub(super) fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<&'static str>) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text, (enc != UTF_8).then(|| enc.name()));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), None),
        Err(_) => {
            let (text, _) = WINDOWS_1258.decode_without_bom_handling(bytes);
            (text, Some(WINDOWS_1258.name()))
        }
    }
}

/// The field separator, told from the header line: `;` or a tab when the
/// header holds more of it than commas.
pub(super) fn separator(text: &str) -> u8 {
    let header = text.split(['\r', '\n']).next().unwrap_or("");
    let count = |c: char| header.matches(c).count();
    let (commas, semis, tabs) = (count(','), count(';'), count('\t'));
    if semis > commas && semis >= tabs {
        b';'
    } else if tabs > commas && tabs > semis {
        b'\t'
    } else {
        b','
    }
}

/// Byte offsets where each line starts; a line ends at LF, CRLF or a lone CR.
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// The 1-based line of the record that starts at `offset` (or at the first
/// non-blank byte after it: the CSV parser reports a record as starting
/// where the blank lines before it start).
fn line_at(text: &str, starts: &[usize], offset: usize) -> u64 {
    let skip = text.as_bytes().get(offset..).map_or(0, |rest| {
        rest.iter()
            .take_while(|&&c| c == b'\r' || c == b'\n')
            .count()
    });
    starts.partition_point(|&s| s <= offset + skip) as u64
}

/// Reads a plan file's bytes into a [`Sheet`], recording how it was read in
/// `notes`. A problem that stops the file's reading is returned.
pub(super) fn parse(
    file: &Path,
    bytes: &[u8],
    notes: &mut Vec<PlanNote>,
) -> Result<Sheet, Problem> {
    let (text, encoding) = decode(bytes);
    if let Some(encoding) = encoding {
        notes.push(PlanNote::Decoded {
            file: file.to_path_buf(),
            encoding,
        });
    }
    let sep = separator(&text);
    if sep != b',' {
        notes.push(PlanNote::Separator {
            file: file.to_path_buf(),
            sep: char::from(sep),
        });
    }
    let starts = line_starts(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let mut header = None;
    let mut rows = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(r) => {
                let offset = r.position().map_or(0, |p| p.byte() as usize);
                let line = line_at(&text, &starts, offset);
                let fields: Vec<String> = r.iter().map(|f| text::nfc(f.trim())).collect();
                if header.is_none() {
                    header = Some(fields);
                } else if fields.iter().any(|f| !f.is_empty()) {
                    rows.push((line, fields));
                }
            }
            Err(e) => {
                let line = e
                    .position()
                    .map(|p| line_at(&text, &starts, p.byte() as usize));
                let detail = e.to_string();
                return Err((line, PlanProblem::BadCsv { detail }));
            }
        }
    }
    let Some(header) = header else {
        return Err((None, PlanProblem::Empty));
    };
    Ok(Sheet {
        file: file.to_path_buf(),
        header,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<u64> {
        let mut notes = Vec::new();
        let s = parse(Path::new("x.csv"), text.as_bytes(), &mut notes).unwrap();
        s.rows.iter().map(|(l, _)| *l).collect()
    }

    #[test]
    fn lines_are_counted_for_every_line_ending() {
        assert_eq!(lines("a,b\n1,2\n\n3,4\n"), [2, 4]);
        assert_eq!(lines("a,b\r\n1,2\r\n\r\n3,4\r\n"), [2, 4]);
        assert_eq!(lines("a,b\r1,2\r\r3,4\r"), [2, 4]);
        // A quoted field spanning lines: the next record's line is right.
        assert_eq!(lines("a,b\r\n\"x\r\ny\",2\r\n3,4\r\n"), [2, 4]);
    }

    #[test]
    fn separator_is_told_from_the_header() {
        assert_eq!(separator("a;b;c\n1,5;2;3"), b';');
        assert_eq!(separator("a,b,c\n1;2"), b',');
        assert_eq!(separator("a\tb\n"), b'\t');
        assert_eq!(separator(""), b',');
    }

    #[test]
    fn decoding_by_bom_then_utf8_then_windows_1258() {
        assert_eq!(decode(b"\xEF\xBB\xBFS\xE1\xBB\x9F"), ("Sở".into(), None));
        assert_eq!(decode("Sở".as_bytes()), ("Sở".into(), None));
        // "Sở" in Windows-1258: S, o-horn (0xF5), combining hook above (0xD2).
        let (t, enc) = decode(b"S\xf5\xd2");
        assert_eq!(text::nfc(&t), "Sở");
        assert_eq!(enc, Some("windows-1258"));
        let (t, enc) = decode(b"\xFF\xFEa\x00");
        assert_eq!((t.as_ref(), enc), ("a", Some("UTF-16LE")));
    }
}
