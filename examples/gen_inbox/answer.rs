//! The answer key: what a correct run finds in the generated inbox, in the
//! shape the project's scorer reads (files, findings, rows, values, totals),
//! plus the list of injected defects.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tonghop::plan::{Deadline, Method, Period, Plan, Role};
use tonghop::read::values::Status;

use crate::build::Duties;
use crate::defects::Injection;
use crate::model::*;
use crate::write::Positions;

/// What became of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Fate {
    /// Counted.
    Counted,
    /// Superseded by a later report of the same unit (F06).
    Superseded,
    /// Excluded by a rule.
    Excluded(&'static str),
    /// Not a report (F11).
    Skipped,
}

/// One generated file.
#[derive(Debug, Clone)]
pub struct File {
    /// Path relative to the inbox period folder, with `/`.
    pub path: String,
    /// The report, for workbooks.
    pub report: Option<Report>,
    /// Raw bytes, for files that are not generated workbooks.
    pub bytes: Option<Vec<u8>>,
    /// What a run should do with it.
    pub fate: Fate,
    /// Where rows landed, once written.
    pub pos: Positions,
}

/// A file of the key.
#[derive(Debug, Serialize)]
pub struct FileKey {
    path: String,
    unit: Option<String>,
    units_ok: Vec<Option<String>>,
    status: &'static str,
    rule: Option<&'static str>,
}

/// A finding of the key.
#[derive(Debug, Serialize)]
pub struct FindingKey {
    rule: &'static str,
    severity: &'static str,
    unit: Option<String>,
    file: Option<String>,
    sheet: Option<String>,
    cell: Option<String>,
    rows: Option<Vec<u32>>,
    optional: bool,
    note: String,
    units_ok: Vec<Option<String>>,
}

/// A task row the consolidated data should hold.
#[derive(Debug, Serialize)]
pub struct RowKey {
    task: String,
    unit: String,
    role: &'static str,
    status: &'static str,
    share: Option<f64>,
    file: String,
    row: u32,
}

/// An indicator value the consolidated data should hold.
#[derive(Debug, Serialize)]
pub struct ValueKey {
    indicator: String,
    unit: String,
    value: f64,
    dup: bool,
    file: String,
    row: u32,
}

/// A consolidated total.
#[derive(Debug, Serialize)]
pub struct TotalKey {
    indicator: String,
    method: &'static str,
    value: Option<f64>,
    alt: Vec<f64>,
    units: Vec<String>,
}

/// The whole key.
#[derive(Debug, Serialize)]
pub struct Answer {
    generator: &'static str,
    plan: String,
    period: String,
    seed: u64,
    cut_off: [String; 2],
    due: String,
    expected_units: Vec<String>,
    missing_units: Vec<String>,
    late_units: Vec<String>,
    twice_sent_units: Vec<String>,
    assumptions: Vec<&'static str>,
    injected: Vec<Injection>,
    files: Vec<FileKey>,
    findings: Vec<FindingKey>,
    totals: Vec<TotalKey>,
    rows: Vec<RowKey>,
    values: Vec<ValueKey>,
}

fn severity(rule: &str) -> &'static str {
    match rule {
        "F06" | "F11" | "F15" | "T11" => "thong_tin",
        "F07" | "F08" | "F10" | "T02" | "T06" | "T10" | "I03" | "I04" | "I05" | "I07" | "I08"
        | "I10" | "R01" => "canh_bao",
        _ => "loi",
    }
}

struct Sink<'a> {
    out: &'a mut Vec<FindingKey>,
}

impl Sink<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rule: &'static str,
        unit: Option<&str>,
        file: Option<&str>,
        sheet: Option<&str>,
        rows: Option<Vec<u32>>,
        optional: bool,
        note: String,
        severity_override: Option<&'static str>,
    ) {
        self.out.push(FindingKey {
            rule,
            severity: severity_override.unwrap_or_else(|| severity(rule)),
            unit: unit.map(str::to_string),
            file: file.map(str::to_string),
            sheet: sheet.map(str::to_string),
            cell: None,
            rows,
            optional,
            note,
            units_ok: vec![unit.map(str::to_string)],
        });
    }
}

/// Inputs of the key besides the files.
pub struct Scenario<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// The period.
    pub period: Period,
    /// The seed.
    pub seed: u64,
    /// Duties by unit.
    pub duties: &'a BTreeMap<String, Duties>,
    /// Expected units in plan order.
    pub expected: Vec<String>,
    /// Units that sent nothing.
    pub missing: Vec<String>,
    /// Units that sent late.
    pub late: Vec<String>,
    /// Units that sent twice.
    pub twice: Vec<String>,
    /// Injected defects.
    pub injected: Vec<Injection>,
}

/// Builds the key from the written files.
pub fn build(s: Scenario, files: &[File]) -> Answer {
    let plan = s.plan;
    let period = s.period;
    let due = period.due(&plan.info);
    let cutoff_end = period.cutoff_end();
    let mut findings = Vec::new();
    let mut file_keys = Vec::new();
    let mut rows = Vec::new();
    let mut values = Vec::new();
    // indicator code → unit → (values in file order)
    let mut reported: BTreeMap<String, BTreeMap<String, (f64, bool)>> = BTreeMap::new();
    let mut counted_units: BTreeSet<String> = BTreeSet::new();
    let mut excluded_units: BTreeSet<String> = BTreeSet::new();
    let mut sink = Sink { out: &mut findings };
    for f in files {
        let unit = f.report.as_ref().map(|r| r.unit.clone());
        let (status, rule) = match f.fate {
            Fate::Counted => ("tinh", None),
            Fate::Superseded => ("thay_the", Some("F06")),
            Fate::Excluded(r) => ("loai", Some(r)),
            Fate::Skipped => ("bo_qua", Some("F11")),
        };
        let mut units_ok = vec![unit.clone()];
        if matches!(f.fate, Fate::Excluded(_)) {
            units_ok.push(None);
        }
        file_keys.push(FileKey {
            path: f.path.clone(),
            unit: unit.clone(),
            units_ok,
            status,
            rule,
        });
        let u = unit.as_deref();
        match f.fate {
            Fate::Skipped => sink.push(
                "F11",
                None,
                Some(&f.path),
                None,
                None,
                false,
                String::new(),
                None,
            ),
            Fate::Superseded => sink.push(
                "F06",
                u,
                Some(&f.path),
                None,
                None,
                false,
                String::new(),
                None,
            ),
            Fate::Excluded(r) => {
                if let Some(u) = u {
                    excluded_units.insert(u.to_string());
                }
                sink.push(r, u, Some(&f.path), None, None, false, String::new(), None)
            }
            Fate::Counted => {}
        }
        let (Fate::Counted, Some(r)) = (&f.fate, &f.report) else {
            continue;
        };
        counted_units.insert(r.unit.clone());
        let file = Some(f.path.as_str());
        let info_sheet = Some(f.pos.info_sheet.as_str());
        if r.legacy {
            // Any cell: the first converted one depends on the layout.
            sink.push(
                "F15",
                u,
                file,
                None,
                None,
                false,
                "TCVN3 (.VnTime)".into(),
                None,
            );
        }
        match r.info.date {
            Some(d) if d > due => sink.push("F07", u, file, None, None, false, String::new(), None),
            Some(_) => {}
            None => {
                sink.push("F08", u, file, info_sheet, None, false, String::new(), None);
                // The run falls back on the file time, which git does not keep.
                sink.push("F07", u, file, None, None, true, "file time".into(), None);
            }
        }
        let has_result = r.layout.task_cols.contains(&TCol::Result);
        let tsheet = Some(f.pos.task_sheet.as_str());
        if !has_result {
            sink.push(
                "F09",
                u,
                file,
                tsheet,
                None,
                false,
                "Kết quả thực hiện".into(),
                None,
            );
        }
        // Tasks.
        let mut first_row: BTreeMap<String, u32> = BTreeMap::new();
        let mut present: BTreeSet<String> = BTreeSet::new();
        for t in &r.tasks {
            let Some(&row) = f.pos.task_rows.get(&t.id) else {
                continue;
            };
            let rws = Some(vec![row]);
            if !t.known {
                sink.push("T01", u, file, tsheet, rws, false, t.code.clone(), None);
                continue;
            }
            present.insert(t.code.clone());
            let foreign = t.role.is_none();
            if foreign {
                sink.push(
                    "T02",
                    u,
                    file,
                    tsheet,
                    rws.clone(),
                    false,
                    t.code.clone(),
                    None,
                );
            }
            if let Some(&first) = first_row.get(&t.code) {
                sink.push(
                    "T08",
                    u,
                    file,
                    tsheet,
                    Some(vec![first, row]),
                    false,
                    t.code.clone(),
                    None,
                );
            } else {
                first_row.insert(t.code.clone(), row);
            }
            // Side findings on another unit's row are optional.
            let opt = foreign;
            match t.status {
                None => sink.push(
                    "T04",
                    u,
                    file,
                    tsheet,
                    rws.clone(),
                    opt,
                    String::new(),
                    None,
                ),
                Some(Status::Ongoing) if matches!(t.deadline, Some(Deadline::Date(_))) => sink
                    .push(
                        "T10",
                        u,
                        file,
                        tsheet,
                        rws.clone(),
                        opt,
                        String::new(),
                        None,
                    ),
                _ => {}
            }
            match t.share {
                ShareSem::Invalid => sink.push(
                    "T05",
                    u,
                    file,
                    tsheet,
                    rws.clone(),
                    opt,
                    String::new(),
                    None,
                ),
                ShareSem::ErrorCell => {
                    sink.push(
                        "T09",
                        u,
                        file,
                        tsheet,
                        rws.clone(),
                        opt,
                        String::new(),
                        None,
                    );
                    sink.push(
                        "T05",
                        u,
                        file,
                        tsheet,
                        rws.clone(),
                        true,
                        "error value in the share cell".into(),
                        None,
                    );
                }
                ShareSem::Valid(x) => {
                    let clash = match t.status {
                        Some(Status::Done) => x < 100.0,
                        Some(Status::NotStarted) => x > 0.0,
                        Some(Status::InProgress) => x == 100.0,
                        _ => false,
                    };
                    if clash {
                        sink.push(
                            "T06",
                            u,
                            file,
                            tsheet,
                            rws.clone(),
                            opt,
                            String::new(),
                            None,
                        );
                    }
                }
                ShareSem::Empty => {}
            }
            let empty_result = t.result.trim().is_empty() || !has_result;
            if empty_result && t.status != Some(Status::NotStarted) {
                let optional = opt || t.status.is_none() || !has_result;
                sink.push(
                    "T07",
                    u,
                    file,
                    tsheet,
                    rws.clone(),
                    optional,
                    String::new(),
                    None,
                );
            }
            if let Some(Deadline::Date(d)) = t.deadline {
                if d < cutoff_end && t.status != Some(Status::Done) {
                    sink.push(
                        "T11",
                        u,
                        file,
                        tsheet,
                        rws.clone(),
                        opt || t.status.is_none(),
                        String::new(),
                        None,
                    );
                }
            }
            let share_ok = matches!(t.share, ShareSem::Valid(_) | ShareSem::Empty);
            if let (Some(role), Some(st), true) = (t.role, t.status, share_ok) {
                rows.push(RowKey {
                    task: t.code.clone(),
                    unit: r.unit.clone(),
                    role: role.code(),
                    status: st.code(),
                    share: match t.share {
                        ShareSem::Valid(x) => Some(x),
                        _ => None,
                    },
                    file: f.path.clone(),
                    row,
                });
            }
        }
        if let Some(d) = s.duties.get(&r.unit) {
            for &(ti, role) in &d.tasks {
                let code = &plan.tasks[ti].code;
                if !present.contains(code) {
                    let sev = if role == Role::Lead {
                        "loi"
                    } else {
                        "canh_bao"
                    };
                    sink.push(
                        "T03",
                        u,
                        file,
                        tsheet,
                        None,
                        false,
                        format!("{code} {}", role.code()),
                        Some(sev),
                    );
                }
            }
        }
        // Indicators.
        let isheet = Some(f.pos.ind_sheet.as_str());
        let mut first_ind: BTreeMap<String, u32> = BTreeMap::new();
        let mut present: BTreeSet<String> = BTreeSet::new();
        for x in &r.inds {
            let Some(&row) = f.pos.ind_rows.get(&x.id) else {
                continue;
            };
            let rws = Some(vec![row]);
            if !x.known {
                sink.push("I01", u, file, isheet, rws, false, x.code.clone(), None);
                continue;
            }
            let dup = if let Some(&first) = first_ind.get(&x.code) {
                sink.push(
                    "I07",
                    u,
                    file,
                    isheet,
                    Some(vec![first, row]),
                    false,
                    x.code.clone(),
                    None,
                );
                true
            } else {
                first_ind.insert(x.code.clone(), row);
                false
            };
            if !x.measure_ok {
                sink.push(
                    "I03",
                    u,
                    file,
                    isheet,
                    rws.clone(),
                    dup,
                    String::new(),
                    None,
                );
            }
            let v = match x.value {
                ValueSem::Empty => {
                    if !dup {
                        sink.push(
                            "I06",
                            u,
                            file,
                            isheet,
                            rws.clone(),
                            false,
                            x.code.clone(),
                            None,
                        );
                    }
                    None
                }
                ValueSem::Invalid => {
                    sink.push(
                        "I02",
                        u,
                        file,
                        isheet,
                        rws.clone(),
                        dup,
                        String::new(),
                        None,
                    );
                    None
                }
                ValueSem::Negative(v) => {
                    sink.push(
                        "I02",
                        u,
                        file,
                        isheet,
                        rws.clone(),
                        dup,
                        String::new(),
                        None,
                    );
                    Some((v, false))
                }
                ValueSem::Valid { v, ambiguous } => {
                    if ambiguous {
                        sink.push(
                            "I08",
                            u,
                            file,
                            isheet,
                            rws.clone(),
                            dup,
                            String::new(),
                            None,
                        );
                    }
                    if let Some(l) = x.last.filter(|l| *l != 0.0) {
                        let ratio = v / l;
                        if !(1.0 / 3.0..=3.0).contains(&ratio) {
                            sink.push(
                                "I05",
                                u,
                                file,
                                isheet,
                                rws.clone(),
                                dup,
                                String::new(),
                                None,
                            );
                        }
                    }
                    Some((v, true))
                }
            };
            present.insert(x.code.clone());
            if let Some((v, valid)) = v {
                if valid {
                    values.push(ValueKey {
                        indicator: x.code.clone(),
                        unit: r.unit.clone(),
                        value: v,
                        dup,
                        file: f.path.clone(),
                        row,
                    });
                }
                if !dup {
                    // Negative values are kept apart: a run may use them or not.
                    reported
                        .entry(x.code.clone())
                        .or_default()
                        .entry(r.unit.clone())
                        .or_insert((v, valid));
                }
            }
        }
        if let Some(d) = s.duties.get(&r.unit) {
            for &ii in &d.inds {
                let code = &plan.indicators[ii].code;
                if !present.contains(code) {
                    sink.push("I06", u, file, isheet, None, false, code.clone(), None);
                }
            }
        }
    }
    for code in &s.expected {
        if !counted_units.contains(code) {
            let optional = excluded_units.contains(code);
            sink.push(
                "R01",
                Some(code),
                None,
                None,
                None,
                optional,
                String::new(),
                None,
            );
        }
    }
    let totals = totals(plan, period, &reported);
    Answer {
        generator: "gen_inbox (tonghop examples)",
        plan: plan.info.id.clone(),
        period: period.code(),
        seed: s.seed,
        cut_off: [period.cutoff_start().to_string(), cutoff_end.to_string()],
        due: due.to_string(),
        expected_units: s.expected.clone(),
        missing_units: s.missing,
        late_units: s.late,
        twice_sent_units: s.twice,
        assumptions: vec![
            "Paths are relative to inbox/<period>/ with '/'.",
            "Row findings give the sheet rows (1-based); cell is left empty: any cell of the row matches.",
            "optional findings are neither required for recall nor counted against precision.",
            "F07 is optional on a report without a date: the run falls back on the file time.",
            "totals: value over counted reports by cach_tong_hop; alt lists the value with negative (I02) values included.",
        ],
        injected: s.injected,
        files: file_keys,
        findings,
        totals,
        rows,
        values,
    }
}

fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn totals(
    plan: &Plan,
    period: Period,
    reported: &BTreeMap<String, BTreeMap<String, (f64, bool)>>,
) -> Vec<TotalKey> {
    let mut out = Vec::new();
    for ind in &plan.indicators {
        let by_unit = reported.get(&ind.code);
        // (unit, value, valid) in reporter order.
        let vals: Vec<(String, f64, bool)> = plan
            .reporters_in(ind, period)
            .into_iter()
            .filter_map(|u| by_unit.and_then(|m| m.get(&u)).map(|&(v, ok)| (u, v, ok)))
            .collect();
        let calc = |xs: &[f64]| -> Option<f64> {
            let first = *xs.first()?;
            Some(round(match ind.method {
                Method::Sum => xs.iter().sum(),
                Method::Mean => xs.iter().sum::<f64>() / xs.len() as f64,
                Method::Max => xs.iter().cloned().fold(f64::MIN, f64::max),
                Method::Single => first,
            }))
        };
        let valid: Vec<f64> = vals.iter().filter(|v| v.2).map(|v| v.1).collect();
        let all: Vec<f64> = vals.iter().map(|v| v.1).collect();
        let value = calc(&valid);
        let mut alt = Vec::new();
        if valid.len() != all.len() {
            alt.extend(calc(&all));
        }
        if value.is_none() {
            alt.push(0.0);
        }
        out.push(TotalKey {
            indicator: ind.code.clone(),
            method: ind.method.code(),
            value,
            alt,
            units: vals.into_iter().filter(|v| v.2).map(|v| v.0).collect(),
        });
    }
    out
}
