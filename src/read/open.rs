//! Opening a workbook safely: the format told by content (not by the file
//! name), the limits checked before anything is loaded (F12, with the
//! guards of [`super::guard`]), and encrypted files told apart (F01). The
//! rows of a sheet are streamed by [`super::stream`].

use std::io::{Cursor, Read, Seek, SeekFrom};

use calamine::{Ods, Reader, Xls, XlsError, Xlsb, Xlsx};

use super::bytes::{Bytes, Source};
use super::error::Looks;
use super::error::{corrupt, corrupt_zip};
use super::formula::FormulaSide;
use super::guard::{ods_guard, xls_guard, PercentCells};
use super::{Limits, ReadError};

/// An open workbook of any accepted format.
pub(super) enum Book {
    /// With a second handle on the file, for the formulas (see
    /// [`super::formula::FormulaSide`]).
    Xlsx(Box<Xlsx<Source>>, Box<FormulaSide>),
    /// With the cells whose format shows a percentage (see
    /// [`super::xlsb_formats`]).
    Xlsb(Box<Xlsb<Source>>, PercentCells),
    /// With the cells the guard found formatted as percentages.
    Xls(Box<Xls<Cursor<Vec<u8>>>>, PercentCells),
    /// With the cells the guard found to be percentages.
    Ods(Box<Ods<Source>>, PercentCells),
    /// HTML, SpreadsheetML, CSV/TSV or Word tables, read whole within the
    /// limits (see [`super::grid`]).
    Grid(Box<super::grid::Grid>),
}

/// Opens a file's bytes: checks their size, tells the format by its first
/// bytes and, for zip formats, checks every member's declared size before
/// calamine inflates anything.
pub(super) fn open_bytes(bytes: Bytes, limits: &Limits) -> Result<Book, ReadError> {
    let all = bytes.as_ref();
    let size = all.len() as u64;
    if size == 0 {
        return Err(ReadError::EmptyFile);
    }
    if size > limits.max_file_bytes {
        return Err(ReadError::FileTooBig {
            size,
            limit: limits.max_file_bytes,
        });
    }
    let head = &all[..all.len().min(super::sniff::HEAD_BYTES)];
    use super::sniff::Sniffed;
    match super::sniff::sniff(head) {
        Sniffed::Zip => open_zip(bytes, limits),
        Sniffed::Cfb => open_cfb(all.to_vec(), limits),
        Sniffed::Html => grid_of(super::html::read(all, limits)),
        Sniffed::Sml => grid_of(super::sml::read(all, limits)),
        Sniffed::Text => grid_of(super::text_table::read(all, limits)),
        Sniffed::Other(looks) => Err(ReadError::NotSpreadsheet { looks }),
    }
}

fn grid_of(read: Result<super::grid::Grid, ReadError>) -> Result<Book, ReadError> {
    read.map(|g| Book::Grid(Box::new(g)))
}

fn open_zip(bytes: Bytes, limits: &Limits) -> Result<Book, ReadError> {
    use super::sniff::{self, Package};
    let mut zip = zip::ZipArchive::new(bytes.cursor()).map_err(corrupt_zip)?;
    // Part name (see `sniff::part_name`) → member name as stored.
    let mut members: std::collections::BTreeMap<String, String> = Default::default();
    // The declared inflated size of the XML parts, all together.
    let mut xml_bytes: u64 = 0;
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
        let part = sniff::part_name(&name);
        if is_xml_part(&part) {
            xml_bytes = xml_bytes.saturating_add(inflated);
        }
        members.insert(part, name);
    }
    // The two small parts that say what the package is (a megabyte is
    // far more than any real one).
    let rels = sniff::part_text(&mut zip, &members, "_rels/.rels", 1024 * 1024);
    let types = sniff::part_text(&mut zip, &members, "[content_types].xml", 1024 * 1024);
    let parts: Vec<String> = members.keys().cloned().collect();
    let kind = sniff::package(&parts, rels.as_deref(), types.as_deref());
    if let Package::Word(main) = &kind {
        let name = members.get(main).cloned().unwrap_or_default();
        return super::docx::read(&mut zip, &name, limits).map(|g| Book::Grid(Box::new(g)));
    }
    let rewind = |r: &mut Source| r.seek(SeekFrom::Start(0)).map_err(ReadError::Io);
    match kind {
        Package::Xlsx => open_xlsx(zip, bytes, &members, xml_bytes, limits),
        Package::Xlsb => {
            let percents =
                super::xlsb_formats::xlsb_guard(&mut zip, &members, limits.max_member_bytes)?;
            let mut reader = zip.into_inner();
            rewind(&mut reader)?;
            Xlsb::new(reader)
                .map(|x| Book::Xlsb(Box::new(x), percents))
                .map_err(|e| corrupt("xlsb", e))
        }
        Package::Ods => {
            let mut reader = zip.into_inner();
            let percents = ods_guard(&mut reader, limits)?;
            rewind(&mut reader)?;
            match Ods::new(reader) {
                Ok(x) => Ok(Book::Ods(Box::new(x), percents)),
                Err(calamine::OdsError::Password) => Err(ReadError::Encrypted),
                Err(e) => Err(corrupt("ods", e)),
            }
        }
        Package::Word(_) => Err(ReadError::NotSpreadsheet { looks: Looks::Word }),
        Package::Other => Err(ReadError::NotSpreadsheet { looks: Looks::Zip }),
    }
}

/// Opens an .xlsx package whose XML parts declare `xml_bytes`, inflated.
/// Inflated once when small enough to hold (within
/// [`Limits::max_inflated_once_bytes`]; every real report):
/// calamine then reads stored parts. A larger package is
/// read as it is, calamine inflating each part as it reads it, and its
/// worksheets are scanned for formulas beforehand.
fn open_xlsx(
    mut zip: zip::ZipArchive<Source>,
    bytes: Bytes,
    members: &std::collections::BTreeMap<String, String>,
    xml_bytes: u64,
    limits: &Limits,
) -> Result<Book, ReadError> {
    let once = if xml_bytes <= limits.max_inflated_once_bytes {
        inflated_once(&mut zip, xml_bytes)
    } else {
        None
    };
    let (source, formulas) = match once {
        Some(once) => once,
        None => {
            let formulas = members.iter().any(|(part, name)| {
                may_hold_formulas(part)
                    && zip.by_name(name).map_or(true, super::formula::has_formula)
            });
            (bytes, formulas)
        }
    };
    Xlsx::new(source.cursor())
        .map(|x| Book::Xlsx(Box::new(x), Box::new(FormulaSide::new(source, formulas))))
        .map_err(|e| corrupt("xlsx", e))
}

/// Whether a part (see `sniff::part_name`) is XML: the parts calamine
/// parses (the workbook, its relationships, shared strings, styles, theme
/// and worksheets).
fn is_xml_part(part: &str) -> bool {
    part.ends_with(".xml") || part.ends_with(".rels")
}

/// Whether a part may be a worksheet, and so hold a cell's formula. Every
/// XML part may (a worksheet may be stored under another name) except
/// those that are surely not worksheets: the shared strings, styles and
/// theme, and charts and drawings, whose `<c:f>` is a chart's series
/// reference.
fn may_hold_formulas(part: &str) -> bool {
    part.ends_with(".xml")
        && !matches!(part, "xl/sharedstrings.xml" | "xl/styles.xml")
        && !["xl/theme/", "xl/charts/", "xl/drawings/"]
            .iter()
            .any(|p| part.starts_with(p))
}

/// The package with its XML parts (`xml_bytes` of them, declared)
/// inflated once and stored as they are, the other parts copied still
/// compressed, for calamine to read without inflating them again; and
/// whether a worksheet holds a formula element, told from the inflated
/// parts. So each worksheet is inflated once, not once to look for
/// formulas and again by calamine.
///
/// `None`, and the package is read as it is, when a part inflates to more
/// than it declared or when anything fails: what calamine says of a
/// corrupt part is then what the report says, as before.
fn inflated_once(zip: &mut zip::ZipArchive<Source>, xml_bytes: u64) -> Option<(Bytes, bool)> {
    use zip::write::{SimpleFileOptions, ZipWriter};
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    // The parts, plus room for the others (copied as they are) and the
    // headers.
    let room = usize::try_from(xml_bytes).ok()?.saturating_add(64 * 1024);
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(room)));
    let mut formulas = false;
    let mut part = Vec::new();
    for i in 0..zip.len() {
        let (name, part_name, xml, declared) = {
            let f = zip.by_index_raw(i).ok()?;
            let name = f.name().ok()?.to_string();
            let part_name = super::sniff::part_name(&name);
            let xml = !f.is_dir() && is_xml_part(&part_name);
            (name, part_name, xml, f.size())
        };
        if !xml {
            out.raw_copy_file(zip.by_index_raw(i).ok()?).ok()?;
            continue;
        }
        part.clear();
        let f = zip.by_index(i).ok()?;
        f.take(declared.saturating_add(1))
            .read_to_end(&mut part)
            .ok()?;
        if part.len() as u64 > declared {
            return None;
        }
        if !formulas && may_hold_formulas(&part_name) {
            formulas = super::formula::xml_has_formula(&part);
        }
        out.start_file(name, stored).ok()?;
        std::io::Write::write_all(&mut out, &part).ok()?;
    }
    let bytes = out.finish().ok()?.into_inner();
    Some((Bytes::new(bytes), formulas))
}

fn open_cfb(mut bytes: Vec<u8>, limits: &Limits) -> Result<Book, ReadError> {
    // A copy the guard may patch (the declared dimensions); the file is
    // within the size limit.
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

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read, Write};

    use super::inflated_once;
    use crate::read::bytes::Bytes;

    fn package(parts: &[(&str, &[u8], zip::CompressionMethod)]) -> Bytes {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data, method) in parts {
            let o = zip::write::SimpleFileOptions::default().compression_method(*method);
            if name.ends_with('/') {
                w.add_directory(*name, o).unwrap();
            } else {
                w.start_file(*name, o).unwrap();
                w.write_all(data).unwrap();
            }
        }
        Bytes::new(w.finish().unwrap().into_inner())
    }

    #[test]
    fn xml_parts_are_stored_inflated_and_the_others_copied_as_they_are() {
        use zip::CompressionMethod::{Deflated, Stored};
        let sheet = br#"<worksheet><sheetData><row r="1"><c r="A1"><f>1+1</f></c></row></sheetData></worksheet>"#;
        let png = [
            0x89, b'P', b'N', b'G', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        ];
        let bytes = package(&[
            ("[Content_Types].xml", b"<Types/>", Deflated),
            ("_rels/.rels", b"<Relationships/>", Deflated),
            ("xl/worksheets/sheet1.xml", sheet, Deflated),
            ("xl/media/image1.png", &png, Deflated),
            ("xl/empty/", b"", Stored),
            ("customXml/item1.xml", b"<a/>", Stored),
        ]);
        let mut zip = zip::ZipArchive::new(bytes.cursor()).unwrap();
        let (copy, formulas) = inflated_once(&mut zip, 1_000).expect("copied");
        assert!(formulas);
        let mut copy = zip::ZipArchive::new(copy.cursor()).unwrap();
        assert_eq!(copy.len(), 6);
        for (name, method, data) in [
            ("[Content_Types].xml", Stored, &b"<Types/>"[..]),
            ("_rels/.rels", Stored, &b"<Relationships/>"[..]),
            ("xl/worksheets/sheet1.xml", Stored, &sheet[..]),
            ("xl/media/image1.png", Deflated, &png[..]),
            ("customXml/item1.xml", Stored, &b"<a/>"[..]),
        ] {
            let mut f = copy.by_name(name).unwrap();
            assert_eq!(f.compression(), method, "{name}");
            let mut got = Vec::new();
            f.read_to_end(&mut got).unwrap();
            assert_eq!(got, data, "{name}");
        }
        assert!(copy.by_name("xl/empty/").unwrap().is_dir());

        // No formula element in any worksheet: told from the copy too.
        let bytes = package(&[(
            "xl/worksheets/sheet1.xml",
            br#"<worksheet><sheetData><row r="1"><c r="A1" s="1"/></row></sheetData></worksheet>"#,
            Deflated,
        )]);
        let mut zip = zip::ZipArchive::new(bytes.cursor()).unwrap();
        assert!(!inflated_once(&mut zip, 1_000).expect("copied").1);
    }
}
