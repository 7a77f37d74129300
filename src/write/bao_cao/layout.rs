//! The look of the draft's text: runs, paragraphs and table cells, as
//! [`super::docx::Body`] lays them out.

/// How a run of text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Look {
    pub bold: bool,
    pub italic: bool,
    /// Half points; 0 keeps the paragraph style's.
    pub size: u32,
    /// Yellow highlight (text for the clerk to write).
    pub highlight: bool,
}

impl Look {
    pub fn size(pt: u32) -> Look {
        Look {
            size: pt * 2,
            ..Look::default()
        }
    }
    pub fn bold(mut self) -> Look {
        self.bold = true;
        self
    }
    pub fn italic(mut self) -> Look {
        self.italic = true;
        self
    }
    pub fn highlight(mut self) -> Look {
        self.highlight = true;
        self
    }
}

/// Paragraph alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Both,
    Center,
    Left,
}

/// How a paragraph is laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Para {
    pub align: Align,
    /// First-line indent, twips.
    pub first_line: u32,
    /// Left and right indents, twips.
    pub indent: (u32, u32),
    /// Space before and after, twips.
    pub before: u32,
    pub after: u32,
    /// Keep with the next paragraph (headings).
    pub keep_next: bool,
    /// A thin rule under the paragraph (the short lines of the heading
    /// block are empty paragraphs with a rule and large indents).
    pub rule: bool,
}

impl Para {
    /// A body paragraph: justified, first line indented 1.27 cm, 6 pt after.
    pub fn body() -> Para {
        Para {
            align: Align::Both,
            first_line: 720,
            indent: (0, 0),
            before: 0,
            after: 120,
            keep_next: false,
            rule: false,
        }
    }
    /// Centred, no indent, no space.
    pub fn center() -> Para {
        Para {
            align: Align::Center,
            first_line: 0,
            after: 0,
            ..Para::body()
        }
    }
    /// Left-aligned, no indent, no space.
    pub fn left() -> Para {
        Para {
            align: Align::Left,
            ..Para::center()
        }
    }
    pub fn keep(mut self) -> Para {
        self.keep_next = true;
        self
    }
    pub fn after(mut self, twips: u32) -> Para {
        self.after = twips;
        self
    }
    pub fn before(mut self, twips: u32) -> Para {
        self.before = twips;
        self
    }
}

/// One table cell: paragraphs of runs.
#[derive(Debug, Clone, Default)]
pub(super) struct Cell {
    pub paras: Vec<(Para, Vec<(String, Look)>)>,
}

impl Cell {
    /// A cell of one paragraph of one run.
    pub fn one(p: Para, text: impl Into<String>, look: Look) -> Cell {
        Cell {
            paras: vec![(p, vec![(text.into(), look)])],
        }
    }
    /// Adds a paragraph.
    pub fn with(mut self, p: Para, text: impl Into<String>, look: Look) -> Cell {
        self.paras.push((p, vec![(text.into(), look)]));
        self
    }
    /// Adds a short rule (see [`super::docx::Body::rule`]).
    pub fn with_rule(mut self, cell: u32, width: u32) -> Cell {
        let side = cell.saturating_sub(width) / 2;
        self.paras.push((
            Para {
                indent: (side, side),
                rule: true,
                ..Para::center()
            },
            vec![(String::new(), Look::size(2))],
        ));
        self
    }
}
