//! `ke-hoach.csv`: key–value lines (`khoa,gia_tri`) with the general facts
//! of the plan.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{parse_date, Loader, Sheet};
use crate::plan::{PlanInfo, PlanProblem};
use crate::text;

/// The column of `gia_tri`, where every value of this file stands.
const VALUE_COL: Option<usize> = Some(2);

/// The longest resubmission delay `han_nop_lai` accepts, in days.
const MAX_RESUBMIT_DAYS: u32 = 365;

fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    // 2000 is a leap year, so 02-29 is accepted here.
    NaiveDate::from_ymd_opt(2000, m, d).map(|_| (m, d))
}

/// A key's line and value.
type Entry = Option<(u64, String)>;

/// `ke-hoach.csv`, with the line of `co_quan_tong_hop` (checked against the
/// units once they are loaded).
///
/// Required are the keys the computation needs: `ma`, `ten`,
/// `co_quan_ban_hanh` (the workbook's heading), `co_quan_tong_hop`, both due
/// dates and both years. `so_hieu` and `ngay_ban_hanh` may be empty or
/// absent (a plan whose document is not numbered yet), `noi_nhan` too; a
/// given `han_nop_lai` must be a whole number of days 1–365.
pub(super) fn load_info(l: &mut Loader, s: &Sheet) -> Option<(PlanInfo, u64)> {
    let mut kv: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for (line, f) in &s.rows {
        let (k, kcol) = s.get(f, "khoa");
        let (v, _) = s.get(f, "gia_tri");
        if let Some((first_line, _)) = kv.get(k) {
            let (key, first_line) = (k.to_string(), *first_line);
            l.at(
                s,
                *line,
                kcol,
                PlanProblem::DuplicateKey { key, first_line },
            );
            continue;
        }
        kv.insert(k.to_string(), (*line, v.to_string()));
    }
    let mut take = |key: &str| -> Entry {
        match kv.remove(key) {
            Some((line, v)) if !v.is_empty() => Some((line, v)),
            Some((line, _)) => {
                let column = key.to_string();
                l.at(s, line, VALUE_COL, PlanProblem::MissingValue { column });
                None
            }
            None => {
                let key = key.to_string();
                l.err(&s.file, None, None, PlanProblem::MissingKey { key });
                None
            }
        }
    };
    let id = take("ma");
    let name = take("ten");
    let issuing_body = take("co_quan_ban_hanh");
    let consolidator = take("co_quan_tong_hop");
    let half = take("han_bao_cao_6_thang");
    let annual = take("han_bao_cao_nam");
    let from = take("tu_nam");
    let to = take("den_nam");
    let consolidator_line = consolidator.as_ref().map_or(0, |(line, _)| *line);
    // Optional keys: absent and empty are the same.
    let mut optional = |key: &str| -> Entry { kv.remove(key).filter(|(_, v)| !v.is_empty()) };
    let number = optional("so_hieu");
    let issued = optional("ngay_ban_hanh");
    let recipient = optional("noi_nhan");
    let resubmit = kv
        .get("han_nop_lai")
        .filter(|(_, v)| !v.is_empty())
        .cloned();
    let extra = kv.into_iter().map(|(k, (_, v))| (k, v)).collect();

    let mut bad = |line: u64, problem: PlanProblem| l.at(s, line, VALUE_COL, problem);
    let issued = match issued {
        None => Some(None),
        Some((line, v)) => match parse_date(&v) {
            Some(d) => Some(Some(d)),
            None => {
                let column = "ngay_ban_hanh".to_string();
                bad(line, PlanProblem::BadDate { column, value: v });
                None
            }
        },
    };
    let mut md = |e: Entry, key: &str| {
        let (line, v) = e?;
        let d = parse_month_day(&v);
        if d.is_none() {
            let column = key.to_string();
            bad(line, PlanProblem::BadMonthDay { column, value: v });
        }
        d
    };
    let half = md(half, "han_bao_cao_6_thang");
    let annual = md(annual, "han_bao_cao_nam");
    let mut year = |e: Entry, key: &str| {
        let (line, v) = e?;
        let y = v.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y));
        if y.is_none() {
            let column = key.to_string();
            bad(line, PlanProblem::BadYear { column, value: v });
        }
        y.map(|y| (line, y))
    };
    let from = year(from, "tu_nam");
    let to = year(to, "den_nam");
    if let Some((line, v)) = resubmit {
        let days = v.trim().parse::<u32>().ok();
        if !days.is_some_and(|d| (1..=MAX_RESUBMIT_DAYS).contains(&d)) {
            bad(line, PlanProblem::BadResubmitDays { value: v });
        }
    }
    if let (Some((_, from)), Some((line, to))) = (from, to) {
        if from > to {
            bad(line, PlanProblem::YearsReversed { from, to });
            return None;
        }
    }
    let info = PlanInfo {
        id: id?.1,
        name: name?.1,
        number: number.map(|e| e.1).unwrap_or_default(),
        issued: issued?,
        issuing_body: issuing_body?.1,
        consolidator: text::code(&consolidator?.1),
        recipient: recipient.map(|e| e.1).unwrap_or_default(),
        half_year_due: half?,
        annual_due: annual?,
        from_year: from?.1,
        to_year: to?.1,
        extra,
    };
    Some((info, consolidator_line))
}
