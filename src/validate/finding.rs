//! Findings: what a rule found, where, and how to fix it.

pub use crate::model::{Cell, Rule, Severity};

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
            hint: crate::messages::rule_text(rule).hint.to_string(),
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
