//! Opening a workbook safely: the format told by content (not by the file
//! name), the limits checked before anything is loaded (F12, with the
//! guards of [`super::guard`]), and encrypted files told apart (F01). The
//! rows of a sheet are streamed by [`super::stream`].

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use calamine::{Ods, Reader, Xls, XlsError, Xlsb, Xlsx};

use super::error::Looks;
use super::guard::{ods_guard, xls_guard, PercentCells};
use super::stream::FormulaSide;
use super::{Limits, ReadError};

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An open workbook of any accepted format.
pub(super) enum Book {
    /// With a second handle on the file, for the formulas (see
    /// [`super::stream::FormulaSide`]).
    Xlsx(Box<Xlsx<BufReader<File>>>, Box<FormulaSide>),
    Xlsb(Box<Xlsb<BufReader<File>>>),
    /// With the cells the guard found formatted as percentages.
    Xls(Box<Xls<Cursor<Vec<u8>>>>, PercentCells),
    /// With the cells the guard found to be percentages.
    Ods(Box<Ods<BufReader<File>>>, PercentCells),
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

/// What a zip archive holds.
enum ZipKind {
    Xlsx,
    Xlsb,
    Ods,
    Word,
    Other,
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
    let mut head = [0u8; 8];
    let n = read_up_to(&mut file, &mut head).map_err(ReadError::Io)?;
    let head = &head[..n];
    file.seek(SeekFrom::Start(0)).map_err(ReadError::Io)?;
    if head.starts_with(b"PK") {
        open_zip(file, path, limits)
    } else if head == CFB_MAGIC {
        open_cfb(file, size, limits)
    } else {
        Err(ReadError::NotSpreadsheet {
            looks: sniff_other(head),
        })
    }
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

/// What a file that is neither a zip nor a compound file looks like, for
/// the message.
fn sniff_other(head: &[u8]) -> Looks {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with(b"%PDF") {
        Looks::Pdf
    } else if text.starts_with('<') {
        Looks::Html
    } else if head.starts_with(&[0xEF, 0xBB, 0xBF]) || head.iter().all(|b| b.is_ascii()) {
        Looks::Text
    } else {
        Looks::Unknown
    }
}

fn open_zip(file: File, path: &Path, limits: &Limits) -> Result<Book, ReadError> {
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(corrupt_zip)?;
    let mut kind = ZipKind::Other;
    let mut has_workbook_xml = false;
    let mut has_workbook_bin = false;
    let mut has_content_xml = false;
    let mut has_word = false;
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
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "xl/workbook.xml" => has_workbook_xml = true,
            "xl/workbook.bin" => has_workbook_bin = true,
            "content.xml" => has_content_xml = true,
            "word/document.xml" => has_word = true,
            _ => {}
        }
    }
    if has_workbook_xml {
        kind = ZipKind::Xlsx;
    } else if has_workbook_bin {
        kind = ZipKind::Xlsb;
    } else if has_content_xml {
        kind = ZipKind::Ods;
    } else if has_word {
        kind = ZipKind::Word;
    }
    let mut reader = zip.into_inner();
    let rewind = |r: &mut BufReader<File>| r.seek(SeekFrom::Start(0)).map_err(ReadError::Io);
    match kind {
        ZipKind::Xlsx => {
            rewind(&mut reader)?;
            Xlsx::new(reader)
                .map(|x| Book::Xlsx(Box::new(x), Box::new(FormulaSide::new(path))))
                .map_err(|e| corrupt("xlsx", e))
        }
        ZipKind::Xlsb => {
            rewind(&mut reader)?;
            Xlsb::new(reader)
                .map(|x| Book::Xlsb(Box::new(x)))
                .map_err(|e| corrupt("xlsb", e))
        }
        ZipKind::Ods => {
            let percents = ods_guard(&mut reader, limits)?;
            rewind(&mut reader)?;
            match Ods::new(reader) {
                Ok(x) => Ok(Book::Ods(Box::new(x), percents)),
                Err(calamine::OdsError::Password) => Err(ReadError::Encrypted),
                Err(e) => Err(corrupt("ods", e)),
            }
        }
        ZipKind::Word => Err(ReadError::NotSpreadsheet { looks: Looks::Word }),
        ZipKind::Other => Err(ReadError::NotSpreadsheet { looks: Looks::Zip }),
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
    let percents = xls_guard(&mut bytes, limits)?;
    match Xls::new(Cursor::new(bytes)) {
        Ok(x) => Ok(Book::Xls(Box::new(x), percents)),
        Err(XlsError::Password) => Err(ReadError::Encrypted),
        Err(e) => Err(corrupt("xls", e)),
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}
