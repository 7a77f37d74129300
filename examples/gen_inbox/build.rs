//! Clean reports: one per unit, every expected task and indicator filled in
//! consistently (no finding), in a layout drawn at random.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use tonghop::plan::{Deadline, Indicator, Method, Period, PeriodKind, Plan, Role, Unit};
use tonghop::read::values::Status;

use crate::model::*;
use crate::rng::Rng;
use crate::texts::{self, Spelling};

/// The tasks and indicators each unit answers for in the period.
#[derive(Debug, Default, Clone)]
pub struct Duties {
    /// (task index, role), in plan order.
    pub tasks: Vec<(usize, Role)>,
    /// Indicator indices, in plan order.
    pub inds: Vec<usize>,
}

/// Duties of every unit in force, by unit code, in one pass over the plan.
pub fn duties(plan: &Plan, period: Period) -> BTreeMap<String, Duties> {
    let mut out: BTreeMap<String, Duties> = BTreeMap::new();
    for (ti, t) in plan.tasks.iter().enumerate() {
        for c in plan.leads_in(t, period) {
            out.entry(c.to_string())
                .or_default()
                .tasks
                .push((ti, Role::Lead));
        }
        for c in plan.coordinators_in(t, period) {
            out.entry(c.to_string())
                .or_default()
                .tasks
                .push((ti, Role::Coordinator));
        }
    }
    for (ii, ind) in plan.indicators.iter().enumerate() {
        for c in plan.reporters_in(ind, period) {
            out.entry(c).or_default().inds.push(ii);
        }
    }
    out
}

/// A random layout.
pub fn layout(rng: &mut Rng) -> Layout {
    let spelling = match rng.below(10) {
        0 | 1 => Spelling::Plain,
        2 => Spelling::Upper,
        _ => Spelling::Normal,
    };
    let names: [String; 4] = match rng.below(12) {
        0 | 1 => ["Thong tin", "Nhiem vu", "Chi tieu", "Huong dan"].map(String::from),
        2 => ["THÔNG TIN", "NHIỆM VỤ", "CHỈ TIÊU", "HƯỚNG DẪN"].map(String::from),
        3 => ["Thông tin", "nhiệm vụ", "chỉ tiêu", "Hướng dẫn"].map(String::from),
        4 => ["Thông tin", "Biểu 01", "Biểu 02", "Hướng dẫn"].map(String::from),
        _ => ["Thông tin", "Nhiệm vụ", "Chỉ tiêu", "Hướng dẫn"].map(String::from),
    };
    let order = match rng.below(10) {
        0 | 1 => vec![1, 2, 3, 0], // info placed last
        2 => vec![3, 0, 1, 2],     // guide first
        3 => vec![0, 1, 2],        // guide deleted
        _ => vec![0, 1, 2, 3],
    };
    let merged_header = rng.chance(0.3);
    let mut task_cols = vec![
        TCol::Code,
        TCol::Content,
        TCol::Role,
        TCol::Status,
        TCol::Share,
        TCol::Result,
        TCol::Difficulty,
        TCol::Proposal,
    ];
    if rng.chance(0.2) {
        task_cols.retain(|c| *c != TCol::Role);
    }
    if rng.chance(0.25) {
        let at = task_cols
            .iter()
            .position(|c| *c == TCol::Status)
            .unwrap_or(0);
        task_cols.insert(at, TCol::Partner);
    }
    if rng.chance(0.15) {
        task_cols.push(TCol::Source);
    }
    if rng.chance(0.25) {
        // Content before code, as in some old forms.
        task_cols.swap(0, 1);
    }
    if !merged_header && rng.chance(0.2) {
        rng.shuffle(&mut task_cols);
    }
    if rng.chance(0.9) {
        task_cols.insert(0, TCol::Stt);
    }
    let mut ind_cols = vec![
        ICol::Code,
        ICol::Name,
        ICol::Measure,
        ICol::Value,
        ICol::Last,
        ICol::Note,
    ];
    if rng.chance(0.15) {
        ind_cols.insert(4, ICol::Source);
    }
    if rng.chance(0.3) {
        rng.shuffle(&mut ind_cols);
    }
    if rng.chance(0.9) {
        ind_cols.insert(0, ICol::Stt);
    }
    Layout {
        spelling,
        names,
        order,
        info_header_row: rng.chance(0.15),
        info_title: rng.chance(0.4),
        info_gap: rng.chance(0.1),
        task_titles: rng.chance(0.5),
        ind_titles: rng.chance(0.35),
        merged_header,
        numbering: rng.chance(0.3),
        sections: rng.chance(0.35),
        task_cols,
        ind_cols,
        variant: if rng.chance(0.6) { 0 } else { rng.below(3) },
        share_style: match rng.below(6) {
            0 => ShareStyle::Text,
            1 => ShareStyle::Fraction,
            _ => ShareStyle::Number,
        },
        num_style: match rng.below(6) {
            0 => NumStyle::VnText,
            1 => NumStyle::PlainText,
            _ => NumStyle::Number,
        },
        date_text: rng.chance(0.4),
    }
}

/// The spellings of a period a report may use.
pub fn period_spellings(period: Period) -> Vec<V> {
    let y = period.year;
    match period.kind {
        PeriodKind::FirstHalf => [
            format!("6 tháng đầu năm {y}"),
            format!("6 tháng đầu năm {y}"),
            format!("6 tháng {y}"),
            format!("6T/{y}"),
            format!("Sáu tháng đầu năm {y}"),
            format!("6 thang dau nam {y}"),
            period.code(),
        ]
        .into_iter()
        .map(V::Text)
        .collect(),
        PeriodKind::Year => {
            let mut v: Vec<V> = [
                format!("Năm {y}"),
                format!("Năm {y}"),
                format!("Cả năm {y}"),
                format!("Ca nam {y}"),
                format!("{y}"),
            ]
            .into_iter()
            .map(V::Text)
            .collect();
            v.push(V::Num(f64::from(y)));
            v
        }
    }
}

/// A date cell in the file's style.
pub fn date_cell(layout: &Layout, d: NaiveDate) -> V {
    if layout.date_text {
        V::Text(d.format("%d/%m/%Y").to_string())
    } else {
        V::Date(d)
    }
}

/// A status typed in one of its accepted spellings.
pub fn status_cell(rng: &mut Rng, s: Status) -> V {
    let sp = s.spellings();
    let text = if rng.chance(0.6) {
        sp[0]
    } else {
        *rng.pick(sp)
    };
    V::Text(text.to_string())
}

fn result_for(rng: &mut Rng, s: Status) -> String {
    match s {
        Status::Done => rng.pick(texts::DONE).to_string(),
        Status::InProgress => rng.pick(texts::IN_PROGRESS).to_string(),
        Status::Ongoing => rng.pick(texts::ONGOING).to_string(),
        Status::NotStarted if rng.chance(0.5) => String::new(),
        Status::NotStarted => rng.pick(texts::NOT_STARTED).to_string(),
    }
}

/// Status, share and result of a task, consistent with each other.
pub fn task_values(
    rng: &mut Rng,
    layout: &Layout,
    deadline: Deadline,
    cutoff_end: NaiveDate,
) -> (Status, ShareSem, String) {
    let status = match deadline {
        Deadline::Date(d) if d < cutoff_end => Status::Done,
        Deadline::Ongoing => match rng.below(20) {
            0..=10 => Status::Ongoing,
            11..=16 => Status::InProgress,
            _ => Status::Done,
        },
        Deadline::Date(_) => match rng.below(20) {
            0..=12 => Status::InProgress,
            13..=16 => Status::Done,
            _ => Status::NotStarted,
        },
    };
    let share = match status {
        Status::Done if rng.chance(0.8) => ShareSem::Valid(100.0),
        Status::InProgress => ShareSem::Valid((rng.range(2, 19) * 5) as f64),
        Status::NotStarted if rng.chance(0.5) => ShareSem::Valid(0.0),
        _ => ShareSem::Empty,
    };
    let _ = layout;
    (status, share, result_for(rng, status))
}

/// The share cell for a meaning.
pub fn share_to_cell(layout: &Layout, s: ShareSem) -> V {
    match s {
        ShareSem::Valid(x) => share_cell(layout.share_style, x),
        _ => V::Empty,
    }
}

/// A plausible first-half or annual value for an indicator.
pub fn indicator_value(rng: &mut Rng, ind: &Indicator, period: Period) -> f64 {
    let half = period.kind == PeriodKind::FirstHalf;
    let scale = if half { 0.5 } else { 1.0 };
    if let Some(t) = ind.annual_target {
        let v = t * scale * rng.uniform(0.6, 1.3);
        return if t >= 20.0 {
            v.round()
        } else {
            v.round().max(1.0)
        };
    }
    let m = tonghop::text::fold(&ind.measure);
    let one_dec = |x: f64| (x * 10.0).round() / 10.0;
    if m == "%" {
        return one_dec(rng.uniform(70.0, 99.5));
    }
    if ind.method == Method::Mean {
        return one_dec(rng.uniform(50.0, 99.0));
    }
    let v = if m.contains("usd") {
        one_dec(rng.uniform(40.0, 2500.0) * scale)
    } else if m.contains("ty dong") || m.contains("trieu dong") {
        one_dec(rng.uniform(100.0, 5000.0) * scale)
    } else if m.contains("tan") {
        (rng.uniform(2.0e7, 5.0e7) * scale).round()
    } else if m.contains("gio") {
        one_dec(rng.uniform(8.0, 60.0))
    } else if m.contains("luot") || m == "nguoi" {
        (rng.uniform(200.0, 40000.0) * scale).round()
    } else {
        rng.range(1, 120) as f64
    };
    if v == 0.0 {
        1.0
    } else {
        v
    }
}

/// A clean report for `unit`.
#[allow(clippy::too_many_arguments)]
pub fn report(
    plan: &Plan,
    period: Period,
    unit: &Unit,
    duties: &Duties,
    names: &BTreeMap<String, String>,
    layout: Layout,
    date: NaiveDate,
    rng: &mut Rng,
) -> Report {
    let cutoff_end = period.cutoff_end();
    let info = {
        let with_code = rng.chance(0.85);
        let with_name = !with_code || rng.chance(0.85);
        let name = if !unit.aliases.is_empty() && rng.chance(0.25) {
            rng.pick(&unit.aliases).clone()
        } else {
            unit.name.clone()
        };
        let spellings = period_spellings(period);
        Info {
            code: with_code.then(|| unit.code.clone()),
            name: with_name.then_some(name),
            plan_id: rng.chance(0.6).then(|| plan.info.id.clone()),
            period_cell: rng.pick(&spellings).clone(),
            period_ok: true,
            date_cell: date_cell(&layout, date),
            date: Some(date),
            person: texts::person(rng),
            phone: texts::phone(rng),
            email: format!("{}@haiphong.gov.vn", unit.code.to_lowercase()),
            head: texts::person(rng),
        }
    };
    let mut r = Report {
        unit: unit.code.clone(),
        unit_name: unit.name.clone(),
        info,
        tasks: Vec::with_capacity(duties.tasks.len()),
        inds: Vec::with_capacity(duties.inds.len()),
        next_id: 0,
        layout,
        legacy: false,
    };
    for &(ti, role) in &duties.tasks {
        let t = &plan.tasks[ti];
        let (status, share, result) = task_values(rng, &r.layout, t.deadline, cutoff_end);
        let partner_codes = match role {
            Role::Lead => plan.coordinators_in(t, period),
            Role::Coordinator => plan.leads_in(t, period),
        };
        let partner = partner_codes
            .iter()
            .map(|c| names.get(*c).cloned().unwrap_or_else(|| c.to_string()))
            .collect::<Vec<_>>()
            .join("; ");
        let row = TaskRow {
            id: r.id(),
            code: t.code.clone(),
            known: true,
            role: Some(role),
            deadline: Some(t.deadline),
            section: t.section.clone(),
            content: t.content.clone(),
            status_cell: status_cell(rng, status),
            status: Some(status),
            share_cell: share_to_cell(&r.layout, share),
            share,
            result,
            difficulty: if rng.chance(0.12) {
                rng.pick(texts::DIFFICULTIES).to_string()
            } else {
                String::new()
            },
            proposal: if rng.chance(0.08) {
                rng.pick(texts::PROPOSALS).to_string()
            } else {
                String::new()
            },
            partner,
        };
        r.tasks.push(row);
    }
    for &ii in &duties.inds {
        let ind = &plan.indicators[ii];
        let v = indicator_value(rng, ind, period);
        let last = (v * rng.uniform(0.75, 1.25) * 10.0).round() / 10.0;
        let last = if v.fract() == 0.0 { last.round() } else { last };
        let last = if last == 0.0 { v } else { last };
        let last = if ind.measure == "%" {
            last.min(99.9)
        } else {
            last
        };
        let row = IndRow {
            id: r.id(),
            code: ind.code.clone(),
            known: true,
            name: ind.name.clone(),
            measure: if rng.chance(0.9) {
                ind.measure.clone()
            } else {
                String::new()
            },
            measure_ok: true,
            value_cell: num_cell(r.layout.num_style, v),
            value: ValueSem::Valid {
                v,
                ambiguous: false,
            },
            last_cell: num_cell(r.layout.num_style, last),
            last: Some(last),
            note: String::new(),
        };
        r.inds.push(row);
    }
    r
}

/// The report date: a few days before the due date.
pub fn on_time_date(rng: &mut Rng, due: NaiveDate) -> NaiveDate {
    due.checked_sub_days(Days::new(rng.range(0, 10) as u64))
        .unwrap_or(due)
}
