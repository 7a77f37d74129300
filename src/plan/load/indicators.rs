//! `chi-tieu.csv`: the indicators, how each is consolidated and who reports
//! it.

use std::collections::BTreeMap;

use super::checks::{unit_list, UnitIndex};
use super::{Loader, Sheet};
use crate::plan::{Direction, Indicator, Method, PlanNote, PlanProblem};
use crate::text::number::parse_number;

pub(super) fn load_indicators(l: &mut Loader, s: &Sheet, units: &UnitIndex) -> Vec<Indicator> {
    let mut out = Vec::new();
    let mut seen = BTreeMap::new();
    for (line, f) in &s.rows {
        let line = *line;
        let Some(code) = l.new_code(s, f, line, &mut seen) else {
            continue;
        };
        let (m, mcol) = s.get(f, "cach_tong_hop");
        let method = match m {
            "tong" => Some(Method::Sum),
            "trung_binh" => Some(Method::Mean),
            "lon_nhat" => Some(Method::Max),
            "rieng" => Some(Method::Single),
            _ => {
                let value = m.to_string();
                l.at(s, line, mcol, PlanProblem::BadMethod { value });
                None
            }
        };
        let (reporters, _) = unit_list(l, s, f, line, "don_vi_bao_cao", true, units);
        let (t, tcol) = s.get(f, "ke_hoach_nam");
        let annual_target = if t.is_empty() {
            None
        } else {
            // "2,5" is how a Vietnamese clerk writes 2.5.
            match parse_number(t) {
                Some(n) if n.value.is_finite() && n.value >= 0.0 => {
                    if n.ambiguous {
                        l.notes.push(PlanNote::AmbiguousNumber {
                            file: s.file.clone(),
                            line,
                            column: "ke_hoach_nam",
                            value: t.to_string(),
                        });
                    }
                    Some(n.value)
                }
                _ => {
                    let (column, value) = ("ke_hoach_nam".to_string(), t.to_string());
                    l.at(s, line, tcol, PlanProblem::BadNumber { column, value });
                    None
                }
            }
        };
        let (d, dcol) = s.get(f, "chieu_tot");
        let direction = match d {
            "tang" => Some(Direction::Up),
            "giam" => Some(Direction::Down),
            _ => {
                let value = d.to_string();
                l.at(s, line, dcol, PlanProblem::BadDirection { value });
                None
            }
        };
        let (name, _) = l.required(s, f, line, "ten");
        if let (Some(method), Some(direction)) = (method, direction) {
            out.push(Indicator {
                code,
                name: name.to_string(),
                measure: s.get(f, "don_vi_tinh").0.to_string(),
                method,
                reporters,
                annual_target,
                direction,
            });
        }
    }
    out
}
