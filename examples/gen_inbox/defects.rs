//! Defects injected into clean reports, one rule family each, so that a run
//! has something to find. Each returns `None` when the report has no row it
//! could apply to; the caller then tries another report.

use chrono::NaiveDate;
use serde::Serialize;
use tonghop::plan::{Deadline, Period, PeriodKind, Plan, Role};
use tonghop::read::values::Status;

use crate::build::{self, Duties};
use crate::model::*;
use crate::rng::Rng;
use crate::texts;

/// Every defect the generator can inject.
pub const KINDS: &[&str] = &[
    "T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "T10", "T11", "I01", "I02",
    "I03", "I05", "I06", "I07", "I08", "F05", "F08", "F09",
];

/// Defects that concern the whole file (at most one per file).
pub fn file_level(kind: &str) -> bool {
    kind.starts_with('F')
}

/// The row a defect was put on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RowRef {
    /// A task row id.
    Task(u32),
    /// An indicator row id.
    Ind(u32),
}

/// What was injected where.
#[derive(Debug, Clone, Serialize)]
pub struct Injection {
    /// Rule code the defect should trigger.
    pub rule: String,
    /// Unit code.
    pub unit: String,
    /// File path relative to the inbox period folder.
    pub file: String,
    /// Sheet, when the defect is on a row.
    pub sheet: Option<String>,
    /// Cell (A1) of the changed value, when there is one.
    pub cell: Option<String>,
    /// What was done, in words.
    pub detail: String,
    #[serde(skip)]
    /// The row, for locating it after writing.
    pub row: Option<RowRef>,
    #[serde(skip)]
    /// Which column the cell is in (key of `Positions::cols`).
    pub col: Option<&'static str>,
}

/// What a defect needs to know about the plan.
pub struct Ctx<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// The period.
    pub period: Period,
    /// The unit's duties.
    pub duties: &'a Duties,
}

fn inj(
    rule: &str,
    r: &Report,
    row: Option<RowRef>,
    col: Option<&'static str>,
    detail: String,
) -> Injection {
    Injection {
        rule: rule.to_string(),
        unit: r.unit.clone(),
        file: String::new(),
        sheet: None,
        cell: None,
        detail,
        row,
        col,
    }
}

/// Indices of task rows that are the unit's own, with a known code.
fn own_tasks(r: &Report, keep: impl Fn(&TaskRow) -> bool) -> Vec<usize> {
    r.tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.known && t.role.is_some() && keep(t))
        .map(|(i, _)| i)
        .collect()
}

fn own_inds(r: &Report, keep: impl Fn(&IndRow) -> bool) -> Vec<usize> {
    r.inds
        .iter()
        .enumerate()
        .filter(|(_, x)| x.known && keep(x))
        .map(|(i, _)| i)
        .collect()
}

fn not_past(t: &TaskRow, cutoff_end: NaiveDate) -> bool {
    !matches!(t.deadline, Some(Deadline::Date(d)) if d < cutoff_end)
}

/// Injects one defect of `kind` into `r`.
pub fn inject(kind: &str, r: &mut Report, ctx: &Ctx, rng: &mut Rng) -> Option<Injection> {
    let cutoff_end = ctx.period.cutoff_end();
    match kind {
        "T01" => {
            let code = ["NV9.99", "NV10.01", "NV99.99", "NV-X"]
                .into_iter()
                .find(|c| ctx.plan.task(c).is_none())?;
            let at = rng.below(r.tasks.len() + 1);
            let id = r.id();
            let row = TaskRow {
                id,
                code: code.to_string(),
                known: false,
                role: None,
                deadline: None,
                section: r
                    .tasks
                    .get(at.saturating_sub(1))
                    .map(|t| t.section.clone())
                    .unwrap_or_default(),
                content: "Tổ chức đoàn công tác khảo sát thị trường xuất khẩu tại các nước ASEAN."
                    .into(),
                status_cell: V::Text("Đang thực hiện".into()),
                status: Some(Status::InProgress),
                share_cell: build::share_to_cell(&r.layout, ShareSem::Valid(50.0)),
                share: ShareSem::Valid(50.0),
                result: texts::IN_PROGRESS[0].into(),
                difficulty: String::new(),
                proposal: String::new(),
                partner: String::new(),
            };
            r.tasks.insert(at, row);
            Some(inj(
                "T01",
                r,
                Some(RowRef::Task(id)),
                Some("task_code"),
                format!("task code '{code}' not in the plan"),
            ))
        }
        "T02" => {
            let n = ctx.plan.tasks.len();
            let start = rng.below(n);
            let ti = (0..n).map(|k| (start + k) % n).find(|&ti| {
                !ctx.duties.tasks.iter().any(|(d, _)| *d == ti)
                    && not_past_deadline(ctx.plan.tasks[ti].deadline, cutoff_end)
            })?;
            let t = &ctx.plan.tasks[ti];
            let (status, share, result) =
                build::task_values(rng, &r.layout, t.deadline, cutoff_end);
            let id = r.id();
            let row = TaskRow {
                id,
                code: t.code.clone(),
                known: true,
                role: None,
                deadline: Some(t.deadline),
                section: t.section.clone(),
                content: t.content.clone(),
                status_cell: build::status_cell(rng, status),
                status: Some(status),
                share_cell: build::share_to_cell(&r.layout, share),
                share,
                result,
                difficulty: String::new(),
                proposal: String::new(),
                partner: String::new(),
            };
            let at = rng.below(r.tasks.len() + 1);
            r.tasks.insert(at, row);
            Some(inj(
                "T02",
                r,
                Some(RowRef::Task(id)),
                Some("task_code"),
                format!("row for task {} of another unit", t.code),
            ))
        }
        "T03" => {
            let mut c = own_tasks(r, |t| t.role == Some(Role::Lead));
            if c.is_empty() {
                c = own_tasks(r, |_| true);
            }
            if c.len() < 2 {
                return None;
            }
            let i = *rng.pick(&c);
            let t = r.tasks.remove(i);
            let role = t.role.map(Role::code).unwrap_or("");
            Some(inj(
                "T03",
                r,
                None,
                None,
                format!("row of task {} ({role}) removed", t.code),
            ))
        }
        "T04" => {
            let c = own_tasks(r, |t| not_past(t, cutoff_end));
            let i = *rng.pick_opt(&c)?;
            let bad = rng.pick(texts::BAD_STATUS).to_string();
            let t = &mut r.tasks[i];
            t.status_cell = V::Text(bad.clone());
            t.status = None;
            let id = t.id;
            Some(inj(
                "T04",
                r,
                Some(RowRef::Task(id)),
                Some("status"),
                format!("status '{bad}'"),
            ))
        }
        "T05" => {
            let c = own_tasks(r, |t| {
                t.status == Some(Status::InProgress) || t.status == Some(Status::Done)
            });
            let i = *rng.pick_opt(&c)?;
            let t = &mut r.tasks[i];
            t.share_cell = if rng.chance(0.5) {
                V::Num(120.0)
            } else {
                V::Text("120%".into())
            };
            t.share = ShareSem::Invalid;
            let id = t.id;
            Some(inj(
                "T05",
                r,
                Some(RowRef::Task(id)),
                Some("share"),
                "share 120".into(),
            ))
        }
        "T06" => {
            let c = own_tasks(r, |t| {
                not_past(t, cutoff_end) && t.status != Some(Status::Done)
            });
            let i = *rng.pick_opt(&c)?;
            let cell = build::status_cell(rng, Status::Done);
            let share = build::share_to_cell(&r.layout, ShareSem::Valid(60.0));
            let t = &mut r.tasks[i];
            t.status_cell = cell;
            t.status = Some(Status::Done);
            t.share_cell = share;
            t.share = ShareSem::Valid(60.0);
            t.result = texts::DONE[0].into();
            let id = t.id;
            Some(inj(
                "T06",
                r,
                Some(RowRef::Task(id)),
                Some("share"),
                "Hoàn thành with share 60".into(),
            ))
        }
        "T07" => {
            let c = own_tasks(
                r,
                |t| matches!(t.status, Some(s) if s != Status::NotStarted),
            );
            let i = *rng.pick_opt(&c)?;
            let t = &mut r.tasks[i];
            t.result.clear();
            let id = t.id;
            Some(inj(
                "T07",
                r,
                Some(RowRef::Task(id)),
                Some("result"),
                "empty result".into(),
            ))
        }
        "T08" => {
            let c = own_tasks(r, |_| true);
            let i = *rng.pick_opt(&c)?;
            let mut dup = r.tasks[i].clone();
            let first = dup.id;
            dup.id = r.id();
            let id = dup.id;
            r.tasks.insert(i + 1, dup);
            Some(inj(
                "T08",
                r,
                Some(RowRef::Task(id)),
                Some("task_code"),
                format!(
                    "row of task {} twice (copy of row id {first})",
                    r.tasks[i].code
                ),
            ))
        }
        "T09" => {
            let c = own_tasks(r, |t| t.status != Some(Status::NotStarted));
            let i = *rng.pick_opt(&c)?;
            let t = &mut r.tasks[i];
            t.share_cell = V::Error {
                formula: "=SUM(#REF!)/4".into(),
                value: "#REF!".into(),
            };
            t.share = ShareSem::ErrorCell;
            let id = t.id;
            Some(inj(
                "T09",
                r,
                Some(RowRef::Task(id)),
                Some("share"),
                "share cell is a formula with cached #REF!".into(),
            ))
        }
        "T10" => {
            let c = own_tasks(r, |t| {
                matches!(t.deadline, Some(Deadline::Date(_))) && not_past(t, cutoff_end)
            });
            let i = *rng.pick_opt(&c)?;
            let text = if rng.chance(0.5) {
                "TX"
            } else {
                "Thường xuyên"
            };
            let t = &mut r.tasks[i];
            t.status_cell = V::Text(text.into());
            t.status = Some(Status::Ongoing);
            t.share_cell = V::Empty;
            t.share = ShareSem::Empty;
            t.result = texts::ONGOING[3].into();
            let id = t.id;
            Some(inj(
                "T10",
                r,
                Some(RowRef::Task(id)),
                Some("status"),
                format!("'{text}' for a task with a fixed deadline"),
            ))
        }
        "T11" => {
            let c = own_tasks(r, |t| !not_past(t, cutoff_end));
            let i = *rng.pick_opt(&c)?;
            let cell = build::status_cell(rng, Status::InProgress);
            let share = build::share_to_cell(&r.layout, ShareSem::Valid(70.0));
            let t = &mut r.tasks[i];
            t.status_cell = cell;
            t.status = Some(Status::InProgress);
            t.share_cell = share;
            t.share = ShareSem::Valid(70.0);
            t.result = texts::IN_PROGRESS[4].into();
            let id = t.id;
            Some(inj(
                "T11",
                r,
                Some(RowRef::Task(id)),
                Some("status"),
                "task past its deadline still in progress".into(),
            ))
        }
        "I01" => {
            let code = ["CT99", "CT100", "CT-X"]
                .into_iter()
                .find(|c| ctx.plan.indicator(c).is_none())?;
            let id = r.id();
            let v = rng.range(5, 60) as f64;
            let row = IndRow {
                id,
                code: code.into(),
                known: false,
                name: "Số doanh nghiệp tham gia chuỗi cung ứng toàn cầu".into(),
                measure: "doanh nghiệp".into(),
                measure_ok: true,
                value_cell: num_cell(r.layout.num_style, v),
                value: ValueSem::Valid {
                    v,
                    ambiguous: false,
                },
                last_cell: V::Empty,
                last: None,
                note: String::new(),
            };
            let at = rng.below(r.inds.len() + 1);
            r.inds.insert(at, row);
            Some(inj(
                "I01",
                r,
                Some(RowRef::Ind(id)),
                Some("ind_code"),
                format!("indicator code '{code}' not in the plan"),
            ))
        }
        "I02" => {
            let c = own_inds(r, |x| matches!(x.value, ValueSem::Valid { .. }));
            let i = *rng.pick_opt(&c)?;
            let style = r.layout.num_style;
            let x = &mut r.inds[i];
            let detail = if rng.chance(0.5) {
                let t = rng.pick(texts::NOT_A_NUMBER).to_string();
                x.value_cell = V::Text(t.clone());
                x.value = ValueSem::Invalid;
                format!("value '{t}'")
            } else {
                let v = -(rng.range(3, 40) as f64);
                x.value_cell = num_cell(style, v);
                x.value = ValueSem::Negative(v);
                format!("negative value {v}")
            };
            let id = x.id;
            Some(inj("I02", r, Some(RowRef::Ind(id)), Some("value"), detail))
        }
        "I03" => {
            let has_col = r.layout.ind_cols.contains(&ICol::Measure);
            if !has_col {
                return None;
            }
            let c = own_inds(r, |_| true);
            let i = *rng.pick_opt(&c)?;
            let x = &mut r.inds[i];
            let plan_m = ctx
                .plan
                .indicator(&x.code)
                .map(|p| p.measure.clone())
                .unwrap_or_default();
            let m = ["tỷ đồng", "lần", "cái", "nghìn USD"]
                .into_iter()
                .find(|m| tonghop::text::fold(m) != tonghop::text::fold(&plan_m))?;
            x.measure = m.into();
            x.measure_ok = false;
            let id = x.id;
            Some(inj(
                "I03",
                r,
                Some(RowRef::Ind(id)),
                Some("measure"),
                format!("unit of measure '{m}' instead of '{plan_m}'"),
            ))
        }
        "I05" => {
            let c = own_inds(r, |x| {
                matches!(x.value, ValueSem::Valid { .. }) && x.last.is_some_and(|l| l != 0.0)
            });
            let i = *rng.pick_opt(&c)?;
            let style = r.layout.num_style;
            let x = &mut r.inds[i];
            let ValueSem::Valid { v, .. } = x.value else {
                return None;
            };
            let nv = (v * 10.0 * 10.0).round() / 10.0;
            x.value_cell = num_cell(style, nv);
            x.value = ValueSem::Valid {
                v: nv,
                ambiguous: false,
            };
            let id = x.id;
            let detail = format!(
                "value {nv} (an extra zero) against {} last year",
                x.last.unwrap_or(0.0)
            );
            Some(inj("I05", r, Some(RowRef::Ind(id)), Some("value"), detail))
        }
        "I06" => {
            let c = own_inds(r, |_| true);
            let i = *rng.pick_opt(&c)?;
            if rng.chance(0.5) && r.inds.len() > 1 {
                let x = r.inds.remove(i);
                Some(inj(
                    "I06",
                    r,
                    None,
                    None,
                    format!("row of indicator {} removed", x.code),
                ))
            } else {
                let x = &mut r.inds[i];
                x.value_cell = V::Empty;
                x.value = ValueSem::Empty;
                let id = x.id;
                let detail = format!("value of {} left empty", x.code);
                Some(inj("I06", r, Some(RowRef::Ind(id)), Some("value"), detail))
            }
        }
        "I07" => {
            let c = own_inds(r, |_| true);
            let i = *rng.pick_opt(&c)?;
            let mut dup = r.inds[i].clone();
            dup.id = r.id();
            let id = dup.id;
            let code = dup.code.clone();
            r.inds.insert(i + 1, dup);
            Some(inj(
                "I07",
                r,
                Some(RowRef::Ind(id)),
                Some("ind_code"),
                format!("indicator {code} twice"),
            ))
        }
        "I08" => {
            // A clerk types a value in the thousands as "12.345": prefer an
            // indicator whose value is in the thousands already.
            let big = own_inds(
                r,
                |x| matches!(x.value, ValueSem::Valid { v, .. } if (1000.0..1_000_000.0).contains(&v)),
            );
            let c = if big.is_empty() {
                own_inds(r, |x| {
                    matches!(x.value, ValueSem::Valid { .. })
                        && ctx
                            .plan
                            .indicator(&x.code)
                            .is_some_and(|p| p.measure != "%")
                })
            } else {
                big
            };
            let i = *rng.pick_opt(&c)?;
            let style = r.layout.num_style;
            let x = &mut r.inds[i];
            let v = match x.value {
                ValueSem::Valid { v, .. } if (1000.0..1_000_000.0).contains(&v) => v.round(),
                _ => rng.range(1001, 9_999) as f64,
            };
            let last = (v * rng.uniform(0.8, 1.2)).round();
            x.value_cell = V::Text(vn_format(v));
            x.value = ValueSem::Valid { v, ambiguous: true };
            x.last_cell = num_cell(style, last);
            x.last = Some(last);
            let id = x.id;
            Some(inj(
                "I08",
                r,
                Some(RowRef::Ind(id)),
                Some("value"),
                format!("value typed as text '{}'", vn_format(v)),
            ))
        }
        "F05" => {
            let y = ctx.period.year - 1;
            let text = match ctx.period.kind {
                PeriodKind::FirstHalf => format!("6 tháng đầu năm {y}"),
                PeriodKind::Year => format!("Năm {y}"),
            };
            r.info.period_cell = V::Text(text.clone());
            r.info.period_ok = false;
            Some(inj("F05", r, None, None, format!("Kỳ báo cáo '{text}'")))
        }
        "F08" => {
            let y = ctx.period.year;
            let m = match ctx.period.kind {
                PeriodKind::FirstHalf => 6,
                PeriodKind::Year => 12,
            };
            if rng.chance(0.5) {
                r.info.date_cell = V::Empty;
            } else {
                r.info.date_cell = V::Text(format!("ngày     tháng {m} năm {y}"));
            }
            r.info.date = None;
            Some(inj(
                "F08",
                r,
                None,
                None,
                "Ngày báo cáo missing or not a date".into(),
            ))
        }
        "F09" => {
            if !r.layout.task_cols.contains(&TCol::Result) {
                return None;
            }
            r.layout.task_cols.retain(|c| *c != TCol::Result);
            Some(inj(
                "F09",
                r,
                None,
                None,
                "column 'Kết quả thực hiện' deleted".into(),
            ))
        }
        _ => None,
    }
}

fn not_past_deadline(d: Deadline, cutoff_end: NaiveDate) -> bool {
    !matches!(d, Deadline::Date(x) if x < cutoff_end)
}

impl Rng {
    /// One element, or None for an empty slice.
    pub fn pick_opt<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(self.pick(items))
        }
    }
}
