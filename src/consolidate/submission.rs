//! Who sent what: the [`Submission`] figures and one [`UnitLine`] per
//! expected unit ("Tình hình nộp").

use std::collections::{BTreeMap, BTreeSet};

use super::{Submission, UnitLine, UnitState};
use crate::validate::{FileStatus, Outcome, Severity};

pub(super) fn submission(outcome: &Outcome) -> Submission {
    let mut s = Submission {
        expected: outcome.expected.len(),
        sent: outcome.counted.len(),
        missing: outcome.missing.len(),
        missing_units: outcome.missing.clone(),
        unusable_units: outcome.unusable.clone(),
        ..Submission::default()
    };
    for r in outcome.counted.values() {
        if r.late {
            s.late += 1;
            s.late_units.push(r.unit.clone());
        } else {
            s.on_time += 1;
        }
    }
    let mut twice = BTreeSet::new();
    for f in &outcome.files {
        match f.status {
            FileStatus::Excluded => s.excluded += 1,
            FileStatus::Superseded => {
                s.superseded += 1;
                if let Some(u) = &f.unit {
                    twice.insert(u.clone());
                }
            }
            FileStatus::Skipped => s.skipped += 1,
            FileStatus::Counted => {}
        }
    }
    s.twice_sent = twice.into_iter().collect();
    for f in &outcome.findings {
        match f.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
            Severity::Info => {}
        }
    }
    s
}

pub(super) fn unit_lines(outcome: &Outcome, name: &dyn Fn(&str) -> String) -> Vec<UnitLine> {
    let mut errors: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for f in &outcome.findings {
        if let Some(u) = &f.unit {
            let e = errors.entry(u.as_str()).or_default();
            match f.severity {
                Severity::Error => e.0 += 1,
                Severity::Warning => e.1 += 1,
                Severity::Info => {}
            }
        }
    }
    outcome
        .expected
        .iter()
        .map(|code| {
            let (errs, warns) = errors.get(code.as_str()).copied().unwrap_or_default();
            let mut line = UnitLine {
                code: code.clone(),
                name: name(code),
                state: UnitState::Missing,
                file: None,
                report_date: None,
                late: false,
                errors: errs,
                warnings: warns,
            };
            if let Some(r) = outcome.counted.get(code) {
                line.state = UnitState::Counted;
                line.file = Some(r.rel.clone());
                line.report_date = r.report_date;
                line.late = r.late;
            } else {
                let excluded: Vec<&str> = outcome
                    .files
                    .iter()
                    .filter(|f| f.status == FileStatus::Excluded && f.unit.as_ref() == Some(code))
                    .map(|f| f.rel.as_str())
                    .collect();
                if !excluded.is_empty() {
                    line.state = UnitState::Excluded;
                    line.file = Some(excluded.join("; "));
                }
            }
            line
        })
        .collect()
}
