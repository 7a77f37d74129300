//! The few WordprocessingML parts a one-section document needs, written as
//! text and packed with fixed zip timestamps, so the same content gives the
//! same bytes (no process-wide id counters, no clock).
//!
//! Measures are in twentieths of a point ("twips", 1 mm ≈ 56.7) and font
//! sizes in half points, as in the format.

use std::fmt::Write as _;
use std::io::{Seek, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

pub(super) use super::layout::Align;
pub(super) use super::layout::{Cell, Look, Para};
use super::parts::{
    APP, CONTENT_TYPES, DECL, DOC_RELS, HEADER_EMPTY, HEADER_PAGE, NS, RELS, SETTINGS, STYLES,
};

/// A4 in twips.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// Margins (Decree 30/2020/NĐ-CP, Appendix I): top 20 mm, bottom 20 mm,
/// left 30 mm, right 15 mm.
const TOP: u32 = 1134;
const BOTTOM: u32 = 1134;
const LEFT: u32 = 1701;
const RIGHT: u32 = 851;
/// The width between the margins.
pub(super) const TEXT_W: u32 = PAGE_W - LEFT - RIGHT;

/// Escapes text for XML content and attribute values, dropping the control
/// characters XML 1.0 does not allow.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Where a package is written: a file or a buffer (the zip's headers are
/// completed by seeking back, so the bytes are those of a package made in
/// memory).
pub trait Sink: Write + Seek {}
impl<T: Write + Seek> Sink for T {}

/// The document being written: its parts before `word/document.xml` are in
/// the package already, and the body goes into that part as it is made, a
/// block at a time (at 5,000 units the body is 60 MB of XML; it was held
/// whole).
pub(super) struct Body<'w> {
    /// The body not yet compressed (less than a block).
    xml: String,
    z: ZipWriter<&'w mut dyn Sink>,
    opts: SimpleFileOptions,
    /// The first error of the package: the body keeps being laid out, and
    /// [`Body::finish`] returns it.
    failed: Option<std::io::Error>,
}

/// The body is compressed in blocks of this size.
const BLOCK: usize = 1 << 16;

impl<'w> Body<'w> {
    /// Starts the package in `w`: the parts before the body, then the body's
    /// opening tags. `title`, `created` (W3CDTF): the core properties.
    pub fn start(
        w: &'w mut dyn Sink,
        title: &str,
        created: &str,
    ) -> Result<Body<'w>, zip::result::ZipError> {
        let core = format!(
            "{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
             xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title>\
             <dc:creator>tonghop</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created>\
             <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:modified></cp:coreProperties>",
            esc(title)
        );
        let opts = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        let mut z = ZipWriter::new(w);
        let before: [(&str, &str); 4] = [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("docProps/core.xml", &core),
            ("docProps/app.xml", APP),
        ];
        for (name, text) in before {
            z.start_file(name, opts)?;
            z.write_all(text.as_bytes())?;
        }
        z.start_file("word/document.xml", opts)?;
        z.write_all(format!("{DECL}<w:document {NS}><w:body>").as_bytes())?;
        Ok(Body {
            xml: String::with_capacity(2 * BLOCK),
            z,
            opts,
            failed: None,
        })
    }

    /// Compresses what is laid out once it fills a block (`all`: whatever
    /// there is).
    fn spill(&mut self, all: bool) {
        if self.xml.len() < BLOCK && !all {
            return;
        }
        if self.failed.is_none() {
            if let Err(e) = self.z.write_all(self.xml.as_bytes()) {
                self.failed = Some(e);
            }
        }
        self.xml.clear();
    }

    /// One paragraph of runs.
    pub fn para(&mut self, p: Para, runs: &[(&str, Look)]) {
        self.xml.push_str("<w:p>");
        ppr(&mut self.xml, p);
        for (text, look) in runs {
            run(&mut self.xml, text, *look);
        }
        self.xml.push_str("</w:p>");
        self.spill(false);
    }

    /// One paragraph of one run.
    pub fn line(&mut self, p: Para, text: &str, look: Look) {
        self.para(p, &[(text, look)]);
    }

    /// A short centred rule `width` twips long (within a cell `cell` wide).
    pub fn rule(&mut self, cell: u32, width: u32) {
        let side = cell.saturating_sub(width) / 2;
        let p = Para {
            indent: (side, side),
            rule: true,
            ..Para::center()
        };
        self.xml.push_str("<w:p>");
        ppr(&mut self.xml, p);
        self.xml
            .push_str("<w:r><w:rPr><w:sz w:val=\"4\"/></w:rPr><w:t></w:t></w:r></w:p>");
        self.spill(false);
    }

    /// A table. `widths` in twips; `header` rows repeat on every page;
    /// `borders` false gives the layout tables of the heading and the
    /// signature. Every cell is a list of paragraphs.
    pub fn table(&mut self, widths: &[u32], header: usize, borders: bool, rows: &[Vec<Cell>]) {
        let x = &mut self.xml;
        let total: u32 = widths.iter().sum();
        let _ = write!(
            x,
            "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
        );
        if borders {
            x.push_str("<w:tblBorders>");
            for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                let _ = write!(
                    x,
                    "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
                );
            }
            x.push_str("</w:tblBorders>");
        }
        x.push_str(
            "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"70\" w:type=\"dxa\"/>\
             <w:right w:w=\"70\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>",
        );
        for w in widths {
            let _ = write!(x, "<w:gridCol w:w=\"{w}\"/>");
        }
        x.push_str("</w:tblGrid>");
        for (i, row) in rows.iter().enumerate() {
            let x = &mut self.xml;
            x.push_str("<w:tr><w:trPr><w:cantSplit/>");
            if i < header {
                x.push_str("<w:tblHeader/>");
            }
            x.push_str("</w:trPr>");
            for (c, cell) in row.iter().enumerate() {
                let w = widths.get(c).copied().unwrap_or(1000);
                let _ = write!(
                    x,
                    "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{}</w:tcPr>",
                    if i < header && borders {
                        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\"/><w:vAlign w:val=\"center\"/>"
                    } else {
                        ""
                    }
                );
                if cell.paras.is_empty() {
                    x.push_str("<w:p/>");
                }
                for (p, runs) in &cell.paras {
                    x.push_str("<w:p>");
                    ppr(x, *p);
                    for (t, l) in runs {
                        run(x, t, *l);
                    }
                    x.push_str("</w:p>");
                }
                x.push_str("</w:tc>");
            }
            x.push_str("</w:tr>");
            self.spill(false);
        }
        self.xml.push_str("</w:tbl>");
        self.spill(false);
    }

    /// Closes the body and the package. An empty paragraph of 1 point
    /// closes the body (Word wants one after a final table; at 1 point it
    /// never makes a page of its own).
    ///
    /// # Errors
    /// The first error writing the package.
    pub fn finish(mut self) -> Result<(), zip::result::ZipError> {
        let _ = write!(
            self.xml,
            "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>\
             <w:rPr><w:sz w:val=\"2\"/></w:rPr></w:pPr></w:p><w:sectPr>\
             <w:headerReference w:type=\"default\" r:id=\"rId3\"/>\
             <w:headerReference w:type=\"first\" r:id=\"rId4\"/>\
             <w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
             <w:pgMar w:top=\"{TOP}\" w:right=\"{RIGHT}\" w:bottom=\"{BOTTOM}\" w:left=\"{LEFT}\" \
             w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr></w:body></w:document>"
        );
        self.spill(true);
        if let Some(e) = self.failed.take() {
            // Dropped, the zip writer would try to finish the package into
            // the writer that failed, and print that it could not.
            std::mem::forget(self.z);
            return Err(e.into());
        }
        let after: [(&str, &str); 5] = [
            ("word/_rels/document.xml.rels", DOC_RELS),
            ("word/styles.xml", STYLES),
            ("word/settings.xml", SETTINGS),
            ("word/header1.xml", HEADER_PAGE),
            ("word/header2.xml", HEADER_EMPTY),
        ];
        for (name, text) in after {
            self.z.start_file(name, self.opts)?;
            self.z.write_all(text.as_bytes())?;
        }
        self.z.finish()?;
        Ok(())
    }
}

fn ppr(x: &mut String, p: Para) {
    x.push_str("<w:pPr>");
    if p.keep_next {
        x.push_str("<w:keepNext/>");
    }
    if p.rule {
        x.push_str("<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>");
    }
    let _ = write!(
        x,
        "<w:spacing w:before=\"{}\" w:after=\"{}\"/><w:ind w:left=\"{}\" w:right=\"{}\" w:firstLine=\"{}\"/><w:jc w:val=\"{}\"/>",
        p.before,
        p.after,
        p.indent.0,
        p.indent.1,
        p.first_line,
        match p.align {
            Align::Both => "both",
            Align::Center => "center",
            Align::Left => "left",
        }
    );
    if p.rule {
        x.push_str("<w:rPr><w:sz w:val=\"4\"/></w:rPr>");
    }
    x.push_str("</w:pPr>");
}

fn run(x: &mut String, text: &str, l: Look) {
    x.push_str("<w:r><w:rPr>");
    if l.bold {
        x.push_str("<w:b/>");
    }
    if l.italic {
        x.push_str("<w:i/>");
    }
    // The schema's order: b, i, sz, szCs, highlight (Word is strict).
    if l.size > 0 {
        let _ = write!(x, "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", l.size);
    }
    if l.highlight {
        x.push_str("<w:highlight w:val=\"yellow\"/>");
    }
    x.push_str("</w:rPr>");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            x.push_str("<w:br/>");
        }
        let _ = write!(x, "<w:t xml:space=\"preserve\">{}</w:t>", esc(line));
    }
    x.push_str("</w:r>");
}
