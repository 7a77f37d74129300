//! The difficulties and proposals ("Khó khăn - Kiến nghị"), by task in plan
//! order.

use std::collections::BTreeMap;

use super::Issue;
use crate::plan::Plan;
use crate::validate::Outcome;

pub(super) fn issues(plan: &Plan, outcome: &Outcome, name: &dyn Fn(&str) -> String) -> Vec<Issue> {
    let task_pos: BTreeMap<String, usize> = plan
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (crate::text::code(&t.code), i))
        .collect();
    let unit_pos: BTreeMap<&str, usize> = outcome
        .expected
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i))
        .collect();
    let mut out: Vec<((usize, usize, String, u32), Issue)> = Vec::new();
    for (unit, report) in &outcome.counted {
        for t in &report.tasks {
            if t.duplicate || (t.difficulty.trim().is_empty() && t.proposal.trim().is_empty()) {
                continue;
            }
            let tp = task_pos.get(&t.task).copied().unwrap_or(usize::MAX);
            let up = unit_pos.get(unit.as_str()).copied().unwrap_or(usize::MAX);
            out.push((
                (tp, up, unit.clone(), t.row),
                Issue {
                    unit: unit.clone(),
                    unit_name: name(unit),
                    task: t.task.clone(),
                    task_content: plan.task(&t.task).map(|x| x.content.clone()),
                    difficulty: t.difficulty.clone(),
                    proposal: t.proposal.clone(),
                },
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(_, i)| i).collect()
}
