//! Parts II and III (the units' difficulties and proposals) and the
//! plan-adjustment candidates.

use std::collections::BTreeMap;

use super::docx::{Body, Look, Para};
use super::tasks::{overdue, overdue_line};
use super::{body, sub, BODY_PT};
use crate::consolidate::Consolidated;
use crate::messages as m;
use crate::plan::Plan;
/// Parts II and III: the units' texts by plan section and task, exact
/// duplicates merged, each followed by the units that wrote it.
pub(super) fn issues(
    b: &mut Body<'_>,
    plan: &Plan,
    c: &Consolidated,
    text: impl Fn(&crate::consolidate::Issue) -> &String,
    none: &str,
) {
    // section position → task code → (text → unit names), in plan order.
    let section_pos: BTreeMap<&str, usize> = c
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.title.as_str(), i))
        .collect();
    type Texts = Vec<(String, Vec<String>)>;
    type Group = (usize, String, Vec<(String, Texts)>);
    let mut groups: Vec<Group> = Vec::new();
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for i in &c.issues {
        let t = text(i).trim();
        if t.is_empty() {
            continue;
        }
        let (pos, title) = match plan.task(&i.task) {
            Some(task) => (
                section_pos
                    .get(task.section.as_str())
                    .copied()
                    .unwrap_or(usize::MAX - 1),
                task.section.clone(),
            ),
            None => (usize::MAX, m::BC_OTHER_TASKS.to_string()),
        };
        let g = match groups.iter().position(|g| g.0 == pos && g.1 == title) {
            Some(k) => &mut groups[k],
            None => {
                groups.push((pos, title, Vec::new()));
                let k = groups.len() - 1;
                &mut groups[k]
            }
        };
        let tasks = &mut g.2;
        let k = match tasks.iter().position(|(code, _)| *code == i.task) {
            Some(k) => k,
            None => {
                tasks.push((i.task.clone(), Vec::new()));
                tasks.len() - 1
            }
        };
        let texts = &mut tasks[k].1;
        // An index by (task, text) keeps this linear in the number of texts
        // (a thousand units may write the same sentence).
        match seen.get(&(i.task.as_str(), t)) {
            Some(&n) => {
                let units = &mut texts[n].1;
                if units.last() != Some(&i.unit_name) && !units.contains(&i.unit_name) {
                    units.push(i.unit_name.clone());
                }
            }
            None => {
                seen.insert((i.task.as_str(), t), texts.len());
                texts.push((t.to_string(), vec![i.unit_name.clone()]));
            }
        }
    }
    groups.sort_by_key(|g| g.0);
    if groups.is_empty() {
        body(b, none);
        return;
    }
    for (_, title, tasks) in groups {
        b.line(
            Para::body().keep(),
            &title,
            Look::size(BODY_PT).bold().italic(),
        );
        for (code, texts) in tasks {
            let words = plan
                .task(&code)
                .map(|t| crate::text::first_words(&t.content, 12))
                .unwrap_or_default();
            b.line(
                Para::body().keep(),
                &m::bc_issue_task(&code, &words),
                Look::size(BODY_PT).italic(),
            );
            for (t, units) in texts {
                // A text of several lines ("- a\n- b") becomes one
                // paragraph a line (a line break in a justified paragraph
                // stretches the line before it), the units after the last.
                let lines: Vec<&str> = t
                    .lines()
                    .map(|l| {
                        l.trim()
                            .trim_start_matches(['-', '+', '•', '*', '–'])
                            .trim()
                    })
                    .filter(|l| !l.is_empty())
                    .collect();
                if let Some((last, first)) = lines.split_last() {
                    for l in first {
                        body(b, &m::bc_issue_line(l));
                    }
                    body(b, &m::bc_issue_text(last, &units));
                }
            }
        }
    }
}

/// The plan-adjustment candidates: tasks past their deadline and not done
/// (overdue, which includes those not started), with their leads.
pub(super) fn adjustments(b: &mut Body<'_>, plan: &Plan, c: &Consolidated, recipient: &str) {
    sub(b, m::BC_ADJUST);
    let list = overdue(c);
    if list.is_empty() {
        body(b, m::BC_NO_ADJUST);
        return;
    }
    body(b, &m::bc_adjust_intro(recipient));
    for t in list {
        body(b, &overdue_line(plan, t));
    }
}
