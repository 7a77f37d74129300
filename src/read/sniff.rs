//! Telling a file's format by its content, never by its name: the first
//! bytes (past a byte-order mark and leading whitespace) for the single
//! files, and the package's own relationships for zip packages.

use super::error::Looks;

/// Bytes looked at to tell a format.
pub(super) const HEAD_BYTES: usize = 4096;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sniffed {
    /// A zip archive (.xlsx, .xlsm, .xlsb, .ods, .docx…).
    Zip,
    /// A compound file (.xls of Excel 97–2003, .doc, an encrypted .xlsx).
    Cfb,
    /// An HTML page (what "export to Excel" buttons save as .xls).
    Html,
    /// SpreadsheetML 2003 (XML saved as .xls).
    Sml,
    /// Plain text: CSV or tab-separated values.
    Text,
    /// Something that is no report: what it looks like.
    Other(Looks),
}

/// The text encoding a file declares by its byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bom {
    None,
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// The byte-order mark `bytes` start with.
pub(super) fn bom(bytes: &[u8]) -> Bom {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Bom::Utf8
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Bom::Utf16Le
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Bom::Utf16Be
    } else {
        Bom::None
    }
}

/// Decodes a whole text file: by its byte-order mark; else UTF-8 when it
/// is valid UTF-8; else the `charset` an HTML or XML head declares; else
/// Windows-1258, the Vietnamese code page of Windows.
pub(super) fn decode(bytes: &[u8]) -> String {
    let enc = match bom(bytes) {
        Bom::Utf8 => return String::from_utf8_lossy(&bytes[3..]).into_owned(),
        Bom::Utf16Le => encoding_rs::UTF_16LE,
        Bom::Utf16Be => encoding_rs::UTF_16BE,
        Bom::None => {
            if let Ok(s) = std::str::from_utf8(bytes) {
                return s.to_string();
            }
            declared_charset(&bytes[..bytes.len().min(HEAD_BYTES)])
                .filter(|e| *e != encoding_rs::UTF_8)
                .unwrap_or(encoding_rs::WINDOWS_1258)
        }
    };
    let (text, _, _) = enc.decode(bytes);
    text.trim_start_matches('\u{feff}').to_string()
}

/// The encoding named by `charset=` or `encoding=` in the head of a file.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    for key in ["charset=", "encoding="] {
        if let Some(i) = lower.find(key) {
            let rest = lower[i + key.len()..].trim_start_matches(['"', '\'', ' ']);
            let label: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            if let Some(e) = encoding_rs::Encoding::for_label(label.as_bytes()) {
                return Some(e);
            }
        }
    }
    None
}

/// Tells the format of a file from its first bytes (up to [`HEAD_BYTES`]).
pub(super) fn sniff(head: &[u8]) -> Sniffed {
    const CFB: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if head.starts_with(b"PK") {
        return Sniffed::Zip;
    }
    if head.starts_with(&CFB) {
        return Sniffed::Cfb;
    }
    if head.starts_with(b"%PDF") {
        return Sniffed::Other(Looks::Pdf);
    }
    if head.starts_with(b"\x89PNG")
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF8")
        || head.starts_with(b"BM")
    {
        return Sniffed::Other(Looks::Image);
    }
    if is_old_biff(head) {
        return Sniffed::Other(Looks::OldExcel);
    }
    let text = match bom(head) {
        Bom::Utf16Le | Bom::Utf16Be => decode(head),
        Bom::Utf8 => String::from_utf8_lossy(&head[3..]).into_owned(),
        Bom::None => String::from_utf8_lossy(head).into_owned(),
    };
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let lower = t.to_lowercase();
    if lower.starts_with("{\\rtf") {
        return Sniffed::Other(Looks::Word);
    }
    if lower.starts_with('<') {
        if lower.contains("urn:schemas-microsoft-com:office:spreadsheet")
            || (lower.contains("<workbook") && lower.contains("excel.sheet"))
        {
            return Sniffed::Sml;
        }
        if lower.contains("<html")
            || lower.contains("<table")
            || lower.contains("<!doctype html")
            || lower.contains("<body")
            || lower.contains("<meta")
        {
            return Sniffed::Html;
        }
        if lower.starts_with("<?xml") {
            return Sniffed::Other(Looks::Xml);
        }
        return Sniffed::Html;
    }
    let binary = match bom(head) {
        Bom::Utf16Le | Bom::Utf16Be => false,
        _ => head
            .iter()
            .any(|b| *b == 0 || (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))),
    };
    if binary {
        Sniffed::Other(Looks::Unknown)
    } else {
        Sniffed::Text
    }
}

/// Whether `head` starts with the BOF record of a BIFF2, BIFF3 or BIFF4
/// worksheet (Excel 2.x–4.0, before the compound file): record 0x0009,
/// 0x0209 or 0x0409 with a 4- to 16-byte body.
fn is_old_biff(head: &[u8]) -> bool {
    match head {
        [0x09, 0x00 | 0x02 | 0x04, len, 0x00, ..] => (4..=16).contains(len),
        _ => false,
    }
}

/// What a zip package holds, told from its relationships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Package {
    /// A workbook whose main part (.xml) is at the given member name.
    Xlsx,
    /// A binary workbook.
    Xlsb,
    /// An OpenDocument spreadsheet.
    Ods,
    /// A Word document whose main part is at the given member name.
    Word(String),
    /// Something else.
    Other,
}

/// A member name as the package means it: `/` separators, no leading `/`,
/// lower case (part names are case-insensitive).
pub(super) fn part_name(member: &str) -> String {
    member
        .replace('\\', "/")
        .trim_start_matches('/')
        .to_lowercase()
}

/// The part `part` (a [`part_name`]) of a package whose members are
/// `members` (part name → name as stored), as text: at most `limit` bytes
/// of it, `None` when it is absent, unreadable or not UTF-8.
pub(super) fn part_text(
    zip: &mut zip::ZipArchive<super::bytes::Source>,
    members: &std::collections::BTreeMap<String, String>,
    part: &str,
    limit: u64,
) -> Option<String> {
    use std::io::Read;
    let name = members.get(part)?;
    let file = zip.by_name(name).ok()?;
    let mut text = String::new();
    file.take(limit).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The target of the `officeDocument` relationship in `_rels/.rels`, as a
/// part name.
pub(super) fn office_document(rels: &str) -> Option<String> {
    relationships(rels)
        .into_iter()
        .find(|r| r.typ.ends_with("/officeDocument"))
        .map(|r| part_name(&r.target))
}

/// One `<Relationship>` of a `.rels` part, its attributes as written.
#[derive(Debug, Default)]
pub(super) struct Relationship {
    pub(super) id: String,
    pub(super) typ: String,
    pub(super) target: String,
}

/// The relationships of a `.rels` part, in order, as far as it parses.
pub(super) fn relationships(rels: &str) -> Vec<Relationship> {
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_str(rels);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let mut r = Relationship::default();
                for a in e.attributes().flatten() {
                    let v = a.value.to_string();
                    match a.key.local_name().as_ref() {
                        "Id" => r.id = v,
                        "Type" => r.typ = v,
                        "Target" => r.target = v,
                        _ => {}
                    }
                }
                out.push(r);
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return out,
            Ok(_) => {}
        }
    }
}

/// The content type `[Content_Types].xml` gives the part `part`.
fn content_type(types: &str, part: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(types);
    let ext = part.rsplit_once('.').map(|(_, e)| e.to_string());
    let mut default = None;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                let name = e.local_name().as_ref().to_string();
                let mut key = None;
                let mut typ = None;
                for a in e.attributes().flatten() {
                    let v = a.value.to_string();
                    match a.key.local_name().as_ref() {
                        "PartName" | "Extension" => key = Some(v),
                        "ContentType" => typ = Some(v),
                        _ => {}
                    }
                }
                match (name.as_str(), key) {
                    ("Override", Some(k)) if part_name(&k) == part => return typ,
                    ("Default", Some(k)) if ext.as_deref() == Some(&k.to_lowercase()) => {
                        default = typ
                    }
                    _ => {}
                }
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return default,
            Ok(_) => {}
        }
    }
}

/// What a package holds: the main part named by `_rels/.rels` (`rels`) and
/// typed by `[Content_Types].xml` (`types`), else the usual part names
/// among `parts` (already [`part_name`]s).
pub(super) fn package(parts: &[String], rels: Option<&str>, types: Option<&str>) -> Package {
    if let Some(main) = rels.and_then(office_document) {
        if parts.contains(&main) {
            let typ = types
                .and_then(|t| content_type(t, &main))
                .unwrap_or_default()
                .to_ascii_lowercase();
            if typ.contains("wordprocessingml") || typ.contains("ms-word") {
                return Package::Word(main);
            }
            if main.ends_with(".bin") || typ.contains("sheet.binary") {
                return Package::Xlsb;
            }
            if typ.contains("spreadsheetml") || typ.contains("ms-excel") {
                return Package::Xlsx;
            }
            if main.ends_with("document.xml") {
                return Package::Word(main);
            }
            if main.ends_with("workbook.xml") {
                return Package::Xlsx;
            }
        }
    }
    let has = |n: &str| parts.iter().any(|p| p == n);
    if has("xl/workbook.xml") {
        Package::Xlsx
    } else if has("xl/workbook.bin") {
        Package::Xlsb
    } else if has("content.xml") {
        Package::Ods
    } else if has("word/document.xml") {
        Package::Word("word/document.xml".into())
    } else {
        Package::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_told_past_bom_and_whitespace() {
        assert_eq!(sniff(b"\xEF\xBB\xBF\r\n  <html><table>"), Sniffed::Html);
        let utf16: Vec<u8> = "\u{feff}<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(sniff(&utf16), Sniffed::Html);
        assert_eq!(
            sniff(b"\n <?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"),
            Sniffed::Sml
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><note/>"),
            Sniffed::Other(Looks::Xml)
        );
        assert_eq!(sniff(b"%PDF-1.7"), Sniffed::Other(Looks::Pdf));
        assert_eq!(
            sniff(b"\x09\x04\x06\x00\x00\x00\x10\x00"),
            Sniffed::Other(Looks::OldExcel)
        );
        assert_eq!(
            sniff(b"\x09\x00\x04\x00\x02\x00\x10\x00"),
            Sniffed::Other(Looks::OldExcel)
        );
        assert_eq!(sniff("Mã\tTên\n".as_bytes()), Sniffed::Text);
        assert_eq!(sniff(b"a;b\r\n\xe0\xf2;c"), Sniffed::Text);
        assert_eq!(sniff(b"\x00\x01\x02binary"), Sniffed::Other(Looks::Unknown));
        assert_eq!(sniff(b"PK\x03\x04...."), Sniffed::Zip);
    }

    #[test]
    fn text_decoded_by_bom_else_utf8_else_windows_1258() {
        assert_eq!(decode("\u{feff}Sở".as_bytes()), "Sở");
        let le: Vec<u8> = "\u{feff}Sở"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&le), "Sở");
        // "Sở" in Windows-1258: S, o with horn (0xF5), hook above (0xD2).
        assert_eq!(crate::text::nfc(&decode(b"S\xf5\xd2")), "Sở");
    }

    #[test]
    fn package_main_part_found_through_relationships() {
        let rels = r#"<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/book.xml"/></Relationships>"#;
        let types = r#"<Types><Override PartName="/book.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>"#;
        let parts = vec!["book.xml".to_string(), "_rels/.rels".to_string()];
        assert_eq!(package(&parts, Some(rels), Some(types)), Package::Xlsx);
        let word = r#"<Types><Override PartName="/book.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        assert_eq!(
            package(&parts, Some(rels), Some(word)),
            Package::Word("book.xml".into())
        );
        assert_eq!(part_name("\\XL\\Workbook.xml"), "xl/workbook.xml");
        assert_eq!(package(&["a.txt".into()], None, None), Package::Other);
    }
}
