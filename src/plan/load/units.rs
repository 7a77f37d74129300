//! `don-vi.csv`: the units that report, with their aliases, validity and
//! successors.

use std::collections::{BTreeMap, BTreeSet};

use super::{parse_date, Loader, Sheet, UNIT_COLUMNS};
use crate::plan::{PlanProblem, Unit};
use crate::text;

pub(super) fn load_units(l: &mut Loader, s: &Sheet) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut seen = BTreeMap::new();
    let mut successor_at = Vec::new();
    for (line, f) in &s.rows {
        let line = *line;
        let Some(code) = l.new_code(s, f, line, &mut seen) else {
            continue;
        };
        let (name, _) = l.required(s, f, line, "ten");
        let (kind, kcol) = s.get(f, "loai");
        if kind.is_empty()
            || !kind
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
        {
            let value = kind.to_string();
            l.at(s, line, kcol, PlanProblem::BadUnitKind { value });
        }
        let mut date = |col: &str| {
            let (v, c) = s.get(f, col);
            if v.is_empty() {
                return None;
            }
            let d = parse_date(v);
            if d.is_none() {
                let (column, value) = (col.to_string(), v.to_string());
                l.at(s, line, c, PlanProblem::BadDate { column, value });
            }
            d
        };
        let valid_from = date("hieu_luc_tu");
        let valid_to = date("hieu_luc_den");
        if let (Some(from), Some(to)) = (valid_from, valid_to) {
            if from > to {
                let (_, c) = s.get(f, "hieu_luc_den");
                l.at(s, line, c, PlanProblem::ValidityReversed { from, to });
            }
        }
        let (succ, scol) = s.get(f, "thay_the_boi");
        let successor = Some(text::code(succ)).filter(|c| !c.is_empty());
        if let Some(sc) = &successor {
            successor_at.push((line, scol, code.clone(), sc.clone()));
        }
        let extra = s
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| !UNIT_COLUMNS.contains(&h.as_str()))
            .map(|(i, h)| (h.clone(), f.get(i).cloned().unwrap_or_default()))
            .collect();
        let aliases = s
            .get(f, "bi_danh")
            .0
            .split(';')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect();
        units.push(Unit {
            code,
            name: name.to_string(),
            kind: kind.to_string(),
            aliases,
            valid_from,
            valid_to,
            successor,
            extra,
        });
    }
    // Successors must exist, and a chain of mergers must end.
    for (line, col, code, succ) in successor_at {
        if !seen.contains_key(&succ) {
            let column = "thay_the_boi".to_string();
            l.at(
                s,
                line,
                col,
                PlanProblem::UnknownUnit { column, code: succ },
            );
            continue;
        }
        let mut at = succ.clone();
        let mut visited = BTreeSet::from([code.clone()]);
        while let Some(next) = units
            .iter()
            .find(|u| u.code == at)
            .and_then(|u| u.successor.clone())
        {
            if !visited.insert(at.clone()) {
                l.at(s, line, col, PlanProblem::SuccessorCycle { code });
                break;
            }
            at = next;
        }
    }
    units
}
