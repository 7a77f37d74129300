//! Part I, the tasks: the counts by state and the overdue tasks.

use super::docx::{Body, Cell, Look, Para, TEXT_W};
use super::{body, sub, TABLE_PT};
use crate::consolidate::{Consolidated, StatusCounts, TaskLine};
use crate::messages as m;
use crate::plan::{Deadline, Plan};
use crate::write::style::vn_number;

pub(super) fn count_parts(k: &StatusCounts, with_share: bool) -> Vec<String> {
    let v = k.in_table_order();
    v[1..]
        .iter()
        .zip(m::BC_STATUS_WORDS)
        .filter(|(n, _)| **n > 0)
        .map(|(n, w)| {
            let share = k.share(*n).filter(|_| with_share).map(vn_number);
            m::bc_count(*n, w, share.as_deref())
        })
        .collect()
}

pub(super) fn tasks(b: &mut Body<'_>, plan: &Plan, c: &Consolidated) {
    sub(b, m::BC_TASKS);
    body(
        b,
        &m::bc_tasks_total(c.counts.total, &count_parts(&c.counts, true)),
    );
    for s in &c.sections {
        body(
            b,
            &m::bc_tasks_section(&s.title, s.counts.total, &count_parts(&s.counts, false)),
        );
    }
    // The small table: one row per section, then the whole plan.
    let first = TEXT_W - 7 * 880;
    let mut widths = vec![first];
    widths.extend([880; 7]);
    let hl = Look::size(TABLE_PT).bold();
    let tl = Look::size(TABLE_PT);
    let mut rows = vec![m::BC_COUNTS_HEADER
        .iter()
        .map(|h| Cell::one(Para::center(), *h, Look::size(10).bold()))
        .collect::<Vec<_>>()];
    let row = |title: &str, k: &StatusCounts, look: Look| {
        let mut r = vec![Cell::one(Para::left(), title, look)];
        r.extend(
            k.in_table_order()
                .iter()
                .map(|n| Cell::one(Para::center(), n.to_string(), look)),
        );
        r
    };
    for s in &c.sections {
        rows.push(row(&s.title, &s.counts, tl));
    }
    rows.push(row(m::COUNTS_ALL, &c.counts, hl));
    b.table(&widths, 1, true, &rows);
    b.line(Para::body().after(0), "", Look::size(6));

    let overdue: Vec<&TaskLine> = overdue(c);
    if overdue.is_empty() {
        body(b, m::BC_NO_OVERDUE);
    } else {
        body(b, &m::bc_overdue_intro(overdue.len()));
        for t in overdue {
            body(b, &overdue_line(plan, t));
        }
    }
}

pub(super) fn overdue<'c>(c: &'c Consolidated<'_>) -> Vec<&'c TaskLine<'c>> {
    c.sections
        .iter()
        .flat_map(|s| &s.tasks)
        .filter(|t| t.overdue)
        .collect()
}

pub(super) fn overdue_line(plan: &Plan, t: &TaskLine) -> String {
    let deadline = match t.deadline {
        Deadline::Date(d) => d.format("%d/%m/%Y").to_string(),
        Deadline::Ongoing => m::ONGOING.to_string(),
    };
    let leads: Vec<&str> = t.leads.iter().map(|u| plan.unit_name(u)).collect();
    m::bc_overdue_task(
        &t.code,
        t.content.trim().trim_end_matches(['.', ';']),
        &deadline,
        m::task_state(t.state),
        &leads.join("; "),
    )
}
