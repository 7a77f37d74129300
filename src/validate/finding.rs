//! Findings: what a rule found, where, and how to fix it.

use std::fmt;

use serde::Serialize;

/// How serious a finding is (RULES.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    /// Lỗi: the data is wrong or missing; the unit must resend.
    #[serde(rename = "loi")]
    Error,
    /// Cảnh báo: probably wrong; a person should look.
    #[serde(rename = "canh_bao")]
    Warning,
    /// Thông tin: noted, nothing to do.
    #[serde(rename = "thong_tin")]
    Info,
}

impl Severity {
    /// The code used in `kiem-tra.csv`: `loi`, `canh_bao` or `thong_tin`.
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "loi",
            Severity::Warning => "canh_bao",
            Severity::Info => "thong_tin",
        }
    }

    /// The word people read: "Lỗi", "Cảnh báo", "Thông tin".
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "Lỗi",
            Severity::Warning => "Cảnh báo",
            Severity::Info => "Thông tin",
        }
    }
}

macro_rules! rules {
    ($($code:ident),* $(,)?) => {
        /// A rule of the catalog (RULES.md). The text of each rule lives in
        /// [`crate::messages::RULES`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[allow(missing_docs)]
        pub enum Rule { $($code),* }

        impl Rule {
            /// Every rule, in catalog order.
            pub const ALL: &'static [Rule] = &[$(Rule::$code),*];

            /// The rule's code, e.g. `"F01"`.
            pub fn code(self) -> &'static str {
                match self { $(Rule::$code => stringify!($code)),* }
            }
        }
    };
}

rules!(
    F01, F02, F03, F04, F05, F06, F07, F08, F09, F10, F11, F12, //
    T01, T02, T03, T04, T05, T06, T07, T08, T09, T10, T11, T12, //
    I01, I02, I03, I04, I05, I06, I07, I08, I09, //
    R01,
);

impl Rule {
    /// The rule's catalog entry.
    pub fn text(self) -> &'static crate::messages::RuleText {
        crate::messages::rule_text(self)
    }

    /// The rule's severity.
    pub fn severity(self) -> Severity {
        self.text().severity
    }

    /// Whether a file with this finding is excluded from consolidation.
    pub fn excludes(self) -> bool {
        self.text().excludes
    }

    /// Parses a code such as `"T04"` (any case).
    pub fn from_code(s: &str) -> Option<Rule> {
        let s = s.trim().to_ascii_uppercase();
        Rule::ALL.iter().copied().find(|r| r.code() == s)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A cell position, 0-based, shown in A1 notation.
///
/// # Examples
/// ```
/// use tonghop::validate::Cell;
/// assert_eq!(Cell::new(0, 0).to_string(), "A1");
/// assert_eq!(Cell::new(9, 27).to_string(), "AB10");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
}

impl Cell {
    /// A cell at 0-based `row` and `col`.
    pub fn new(row: u32, col: u32) -> Cell {
        Cell { row, col }
    }

    /// The column letters: 0 → "A", 26 → "AA".
    pub fn column_name(col: u32) -> String {
        let mut n = col as u64 + 1;
        let mut s = Vec::new();
        while n > 0 {
            let r = ((n - 1) % 26) as u8;
            s.push(b'A' + r);
            n = (n - 1) / 26;
        }
        s.reverse();
        String::from_utf8(s).unwrap_or_default()
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Cell::column_name(self.col), self.row as u64 + 1)
    }
}

/// One finding of a run.
///
/// Findings sort as `kiem-tra.csv` lists them: by unit, file, sheet, row,
/// column, rule (OUTPUTS.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The unit credited with the report (its code), when known.
    pub unit: Option<String>,
    /// The file, relative to `inbox/<ky>/`, with `/` separators.
    pub file: Option<String>,
    /// The sheet, as named in the workbook.
    pub sheet: Option<String>,
    /// The cell, when the finding is about one.
    pub cell: Option<Cell>,
    /// The rule.
    pub rule: Rule,
    /// The severity: the rule's, except where RULES.md sets another for a
    /// case (T03 on a coordinated task is a warning).
    pub severity: Severity,
    /// What is wrong, in Vietnamese, for a clerk.
    pub message: String,
    /// How to fix it, one line.
    pub hint: String,
}

impl Finding {
    /// A finding of `rule` with `message`; the hint is the catalog's.
    pub fn new(rule: Rule, message: impl Into<String>) -> Finding {
        Finding {
            unit: None,
            file: None,
            sheet: None,
            cell: None,
            rule,
            severity: rule.severity(),
            message: message.into(),
            hint: rule.text().hint.to_string(),
        }
    }

    /// Sets the unit.
    pub fn unit(mut self, unit: impl Into<String>) -> Finding {
        self.unit = Some(unit.into());
        self
    }

    /// Sets the file (relative path with `/`).
    pub fn file(mut self, file: impl Into<String>) -> Finding {
        self.file = Some(file.into());
        self
    }

    /// Sets the sheet.
    pub fn sheet(mut self, sheet: impl Into<String>) -> Finding {
        self.sheet = Some(sheet.into());
        self
    }

    /// Sets the cell.
    pub fn cell(mut self, cell: Cell) -> Finding {
        self.cell = Some(cell);
        self
    }

    /// Replaces the catalog hint with a more specific one.
    pub fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = hint.into();
        self
    }

    /// Overrides the rule's severity for this finding.
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    fn sort_key(&self) -> impl Ord + '_ {
        (
            self.unit.as_deref().unwrap_or(""),
            self.file.as_deref().unwrap_or(""),
            self.sheet.as_deref().unwrap_or(""),
            self.cell.map(|c| (c.row, c.col)),
            self.rule,
            self.message.as_str(),
        )
    }
}

impl PartialOrd for Finding {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Finding {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(Cell::column_name(0), "A");
        assert_eq!(Cell::column_name(25), "Z");
        assert_eq!(Cell::column_name(26), "AA");
        assert_eq!(Cell::column_name(701), "ZZ");
        assert_eq!(Cell::column_name(702), "AAA");
        assert_eq!(Cell::column_name(16383), "XFD");
        assert_eq!(Cell::new(1048575, 16383).to_string(), "XFD1048576");
    }

    #[test]
    fn codes_round_trip() {
        for r in Rule::ALL {
            assert_eq!(Rule::from_code(r.code()), Some(*r));
        }
        assert_eq!(Rule::ALL.len(), 12 + 12 + 9 + 1);
    }
}
