//! `nhiem-vu.csv`: the tasks, their lead and coordinating units and their
//! deadlines.

use std::collections::BTreeMap;

use super::checks::{unit_list, UnitIndex};
use super::{parse_date, Loader, Sheet};
use crate::plan::{Deadline, PlanProblem, Task};
use crate::text;

pub(super) fn load_tasks(l: &mut Loader, s: &Sheet, units: &UnitIndex) -> Vec<Task> {
    let mut tasks = Vec::new();
    let mut seen = BTreeMap::new();
    for (line, f) in &s.rows {
        let line = *line;
        let Some(code) = l.new_code(s, f, line, &mut seen) else {
            continue;
        };
        let (leads, _) = unit_list(l, s, f, line, "chu_tri", true, units);
        let (coordinators, pcol) = unit_list(l, s, f, line, "phoi_hop", false, units);
        for c in &coordinators {
            if leads.contains(c) {
                let code = c.clone();
                l.at(s, line, pcol, PlanProblem::LeadAndCoordinator { code });
            }
        }
        let (dl, dcol) = s.get(f, "thoi_han");
        let deadline = if text::fold(dl) == "thuong_xuyen" || text::fold(dl) == "thuong xuyen" {
            Some(Deadline::Ongoing)
        } else {
            parse_date(dl).map(Deadline::Date)
        };
        let Some(deadline) = deadline else {
            let value = dl.to_string();
            l.at(s, line, dcol, PlanProblem::BadDeadline { value });
            continue;
        };
        let (content, _) = l.required(s, f, line, "noi_dung");
        tasks.push(Task {
            code,
            section: s.get(f, "muc").0.to_string(),
            content: content.to_string(),
            leads,
            coordinators,
            deadline,
            note: s.get(f, "ghi_chu").0.to_string(),
        });
    }
    tasks
}
