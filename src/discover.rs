//! Finding the files of a period: a sorted walk of `inbox/<ky>/` at any depth
//! (FORM.md §4). Lock files, hidden files, `Thumbs.db` and non-spreadsheets
//! are listed as skipped (F11); symlink loops and unreadable entries are
//! listed too, never dropped.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use walkdir::WalkDir;

/// A spreadsheet format the reader accepts, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `.xlsx`.
    Xlsx,
    /// `.xlsm`.
    Xlsm,
    /// `.xls`.
    Xls,
    /// `.xlsb`.
    Xlsb,
    /// `.ods`.
    Ods,
    /// `.docx`: a Word report whose tables are read.
    Docx,
    /// `.csv`, `.tsv`, `.txt`: a text table.
    Text,
    /// `.htm`, `.html`: a web page exported as a table.
    Html,
    /// `.xml`: SpreadsheetML 2003.
    Xml,
}

impl Format {
    /// The format for a file name's extension (any case): the files worth
    /// opening. What a file really is, the reader tells by its content.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(Format::Xlsx),
            "xlsm" => Some(Format::Xlsm),
            "xls" => Some(Format::Xls),
            "xlsb" => Some(Format::Xlsb),
            "ods" => Some(Format::Ods),
            "docx" | "docm" => Some(Format::Docx),
            "csv" | "tsv" | "txt" => Some(Format::Text),
            "htm" | "html" => Some(Format::Html),
            "xml" => Some(Format::Xml),
            _ => None,
        }
    }
}

pub use crate::model::Skip;

/// One file found in the inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct InputFile {
    /// Full path.
    pub path: PathBuf,
    /// Path relative to `inbox/<ky>/`, with `/` separators, in NFC.
    pub rel: String,
    /// Size in bytes (0 when unknown).
    pub size: u64,
    /// Last modification time, when the system gives it.
    pub modified: Option<SystemTime>,
    /// The spreadsheet format, or why the file is skipped.
    pub kind: Result<Format, Skip>,
}

/// Walks `dir` in sorted order and classifies every file.
///
/// A missing `dir` gives an empty list (an empty inbox is not an error; the
/// run reports every expected unit as missing).
///
/// # Examples
/// ```
/// # let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("b.xlsx"), b"")?;
/// std::fs::write(dir.path().join("~$b.xlsx"), b"")?;
/// std::fs::write(dir.path().join("a.pdf"), b"")?;
/// let files = tonghop::discover::discover(dir.path());
/// let names: Vec<_> = files.iter().map(|f| f.rel.as_str()).collect();
/// assert_eq!(names, ["a.pdf", "b.xlsx", "~$b.xlsx"]);
/// assert!(files[1].kind.is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn discover(dir: &Path) -> Vec<InputFile> {
    let mut out = Vec::new();
    if !dir.exists() {
        return out;
    }
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(e) => {
                if e.file_type().is_dir() {
                    continue;
                }
                let rel = rel_path(dir, e.path());
                let mut f = describe(e.path(), rel);
                if !e.file_type().is_file() {
                    f.kind = Err(Skip::NotSpreadsheet);
                }
                out.push(f);
            }
            Err(err) => {
                let Some(path) = err.path().map(Path::to_path_buf) else {
                    continue;
                };
                let why = if err.loop_ancestor().is_some() {
                    crate::messages::discover_symlink_loop()
                } else {
                    crate::messages::discover_unreachable(&err)
                };
                out.push(InputFile {
                    rel: rel_path(dir, &path),
                    size: 0,
                    modified: None,
                    path,
                    kind: Err(Skip::Unreachable(why)),
                });
            }
        }
    }
    // sort_by_file_name sorts within each folder; the outputs want the byte
    // order of the whole relative path.
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// Describes one file as discovery lists it: size, modification time and
/// kind (its format, or why it is skipped). `rel` is the path shown in the
/// outputs. Used by the batch walk and by `check` for single files.
pub fn describe(path: &Path, rel: String) -> InputFile {
    let meta = std::fs::metadata(path).ok();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    InputFile {
        path: path.to_path_buf(),
        rel,
        size: meta.as_ref().map_or(0, |m| m.len()),
        modified: meta.and_then(|m| m.modified().ok()),
        kind: classify(&name, path),
    }
}

fn classify(name: &str, path: &Path) -> Result<Format, Skip> {
    if name.starts_with("~$") {
        return Err(Skip::LockFile);
    }
    let lower = name.to_lowercase();
    if name.starts_with('.') || lower == "thumbs.db" || lower == "desktop.ini" {
        return Err(Skip::Hidden);
    }
    Format::from_path(path).ok_or(Skip::NotSpreadsheet)
}

/// `path` relative to `base`, with `/` separators, in NFC. Control
/// characters in a name (possible on Linux, and able to rewrite a terminal
/// when printed) are shown as "�".
pub fn rel_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    crate::text::nfc(&parts.join("/"))
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_special_files() {
        let p = Path::new("x");
        assert_eq!(classify("~$a.xlsx", p), Err(Skip::LockFile));
        assert_eq!(classify("._a.xlsx", p), Err(Skip::Hidden));
        assert_eq!(classify(".DS_Store", p), Err(Skip::Hidden));
        assert_eq!(classify("Thumbs.db", p), Err(Skip::Hidden));
        assert_eq!(classify("a.XLSX", Path::new("a.XLSX")), Ok(Format::Xlsx));
        assert_eq!(
            classify("a.pdf", Path::new("a.pdf")),
            Err(Skip::NotSpreadsheet)
        );
        assert_eq!(
            classify("a.doc", Path::new("a.doc")),
            Err(Skip::NotSpreadsheet)
        );
        assert_eq!(classify("a.docx", Path::new("a.docx")), Ok(Format::Docx));
        assert_eq!(classify("a.CSV", Path::new("a.CSV")), Ok(Format::Text));
    }

    #[test]
    fn control_characters_in_names_are_not_printed() {
        let rel = rel_path(Path::new("/a"), Path::new("/a/b\x1b[2Jc.xlsx"));
        assert_eq!(rel, "b\u{FFFD}[2Jc.xlsx");
    }

    #[test]
    fn nested_folders_sorted_by_full_path() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("b/c")).unwrap();
        std::fs::write(d.path().join("b/c/z.xlsx"), b"").unwrap();
        std::fs::write(d.path().join("b/a.ods"), b"").unwrap();
        std::fs::write(d.path().join("a b.xls"), b"").unwrap();
        let rels: Vec<_> = discover(d.path()).into_iter().map(|f| f.rel).collect();
        assert_eq!(rels, ["a b.xls", "b/a.ods", "b/c/z.xlsx"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_listed_not_followed_forever() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("x")).unwrap();
        std::os::unix::fs::symlink(d.path(), d.path().join("x/loop")).unwrap();
        let files = discover(d.path());
        assert!(files
            .iter()
            .any(|f| matches!(f.kind, Err(Skip::Unreachable(_)))));
    }
}
