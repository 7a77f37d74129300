//! Rules across files: one counted report per unit (F06), lateness (F07) and
//! expected units with no report (R01).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::messages;
use crate::plan::{Period, Plan};

use super::{Candidate, FileStatus, Finding, Outcome, Rule};

/// The date a file was last modified, in local time.
fn file_day(t: Option<std::time::SystemTime>) -> Option<NaiveDate> {
    t.map(|t| chrono::DateTime::<chrono::Local>::from(t).date_naive())
}

pub(super) fn finish(plan: &Plan, period: Period, candidates: Vec<Candidate>) -> Outcome {
    let expected: Vec<String> = plan
        .expected_units(period)
        .iter()
        .map(|u| u.code.clone())
        .collect();
    // The winner of each unit: latest "Ngày báo cáo" (for a report without
    // one, the day the file was last modified, as for lateness, F07), then a
    // workbook before a Word report before a CSV/TSV text, then the newest
    // modification time, then the path that sorts last in byte order.
    let mut winner: BTreeMap<String, usize> = BTreeMap::new();
    for (i, c) in candidates.iter().enumerate() {
        let Some(r) = &c.report else { continue };
        let key = |c: &Candidate| {
            (
                c.report
                    .as_ref()
                    .and_then(|r| r.report_date)
                    .or_else(|| file_day(c.modified)),
                // Same date: a workbook before a Word report before a text.
                c.precedence,
                c.modified,
                c.outcome.rel.clone(),
            )
        };
        match winner.get(&r.unit) {
            Some(&w) if key(&candidates[w]) >= key(c) => {}
            _ => {
                winner.insert(r.unit.clone(), i);
            }
        }
    }
    let winners: BTreeMap<String, (String, Option<NaiveDate>)> = winner
        .iter()
        .map(|(u, &i)| {
            let c = &candidates[i];
            (
                u.clone(),
                (
                    c.outcome.rel.clone(),
                    c.report.as_ref().and_then(|r| r.report_date),
                ),
            )
        })
        .collect();

    let due = period.due(&plan.info);
    let mut out = Outcome {
        expected: expected.clone(),
        ..Outcome::default()
    };
    for (i, mut c) in candidates.into_iter().enumerate() {
        if let Some(mut report) = c.report.take() {
            if winner.get(&report.unit) == Some(&i) {
                let (day, by_file_time) = match report.report_date {
                    Some(d) => (Some(d), false),
                    None => (file_day(c.modified), true),
                };
                if let Some(d) = day.filter(|d| *d > due) {
                    report.late = true;
                    c.outcome.late = true;
                    c.findings.push(
                        Finding::new(Rule::F07, messages::f07_late(d, due, by_file_time))
                            .unit(report.unit.clone())
                            .file(c.outcome.rel.clone()),
                    );
                }
                c.outcome.status = FileStatus::Counted;
                c.outcome.rule = None;
                out.counted.insert(report.unit.clone(), report);
            } else {
                let (rel, date) = winners
                    .get(&report.unit)
                    .cloned()
                    .unwrap_or((String::new(), None));
                c.outcome.status = FileStatus::Superseded;
                c.outcome.rule = Some(Rule::F06);
                // A report sent under a merged unit's identity competes with
                // the successor's own: say so, or the clerk cannot see why.
                let merged = report.sent_as.as_deref().map(|old| {
                    let name = plan.unit(old).map_or(old, |u| u.name.as_str());
                    (old.to_string(), name.to_string())
                });
                let mut message = messages::f06_superseded(&rel, date);
                if let Some((code, name)) = &merged {
                    message.push_str(&messages::f06_merged_note(code, name));
                }
                c.findings = vec![Finding::new(Rule::F06, message)
                    .unit(report.unit.clone())
                    .file(c.outcome.rel.clone())];
            }
        }
        out.files.push(c.outcome);
        out.findings.extend(c.findings);
    }
    for code in &expected {
        // It sent files, none usable: its own state, and no R01 (it did
        // send; the findings on its files say what to resend).
        let sent = out.files.iter().any(|f| {
            f.status != FileStatus::Counted
                && (f.unit.as_deref() == Some(code.as_str())
                    || f.sent_by.as_deref() == Some(code.as_str()))
        });
        if !out.counted.contains_key(code) && sent {
            out.unusable.push(code.clone());
        } else if !out.counted.contains_key(code) {
            let name = plan.unit(code).map_or(code.as_str(), |u| u.name.as_str());
            out.findings.push(
                Finding::new(
                    Rule::R01,
                    messages::r01_missing(code, name, &period.label()),
                )
                .unit(code.clone()),
            );
            out.missing.push(code.clone());
        }
    }
    out.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.findings.sort();
    out
}
