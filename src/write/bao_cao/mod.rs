//! The draft báo cáo `bao-cao-<ky>.docx`: the document the consolidating
//! unit signs and sends to the plan's `noi_nhan`, with the consolidated
//! workbook as its appendix (issue 16).
//!
//! Presentation follows Decree 30/2020/NĐ-CP, Appendix I: A4 portrait,
//! margins 20/20/30/15 mm, Times New Roman 14 pt, justified body with a
//! 1.27 cm first-line indent and 6 pt after, page numbers centred in the top
//! margin from page 2; the heading block and the signature block are
//! borderless two-column tables. Every name and place comes from the plan;
//! every figure is the one the workbook's "Tổng hợp" shows, printed with
//! the same decimals ([`super::style::decimals`]).
//!
//! The parts are written by hand ([`docx`]) rather than with a crate: see
//! `docs/THIET-KE.md`.

mod docx;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use self::docx::{Body, Cell, Look, Para, TEXT_W};
use super::style::vn_number;
use super::workbook::place_name;
use crate::consolidate::{Consolidated, IndicatorLine, StatusCounts, TaskLine};
use crate::messages as m;
use crate::plan::{Deadline, Plan};

/// Points of the body text.
const BODY_PT: u32 = 14;
/// Points of the tables.
const TABLE_PT: u32 = 11;

/// Builds `bao-cao-<ky>.docx` from the consolidated model. The same inputs
/// and `date` give the same bytes.
///
/// # Errors
/// A [`zip::result::ZipError`] when the package cannot be assembled (not
/// expected: it is written to memory).
pub fn bao_cao_docx(
    plan: &Plan,
    c: &Consolidated,
    date: NaiveDate,
) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut b = Body::default();
    let name = |code: &str| {
        plan.unit(code)
            .map_or_else(|| code.to_string(), |u| u.name.clone())
    };
    let consolidator = name(&plan.info.consolidator);
    let recipients = recipients(&plan.info.recipient);
    let label = c.period.label();

    heading(&mut b, plan, &consolidator, date);
    b.line(
        Para::center().before(240),
        m::REPORT_KIND,
        Look::size(BODY_PT).bold(),
    );
    b.line(
        Para::center(),
        &m::bc_summary(&m::plan_ref_numbered(&plan.info.number, &plan.info.name)),
        Look::size(BODY_PT).bold(),
    );
    b.line(Para::center(), &label, Look::size(BODY_PT).bold());
    b.rule(TEXT_W, 1800);
    b.line(
        Para::center().before(120).after(240),
        &m::bc_recipient(&recipients),
        Look::size(BODY_PT),
    );
    body(
        &mut b,
        &m::bc_opening(
            &plan.info.name,
            &m::plan_document(&plan.info.number, plan.info.issued),
            &plan.info.issuing_body,
            &consolidator,
            &label,
        ),
    );

    part(&mut b, m::BC_PART_RESULTS);
    submission(&mut b, c, &name);
    tasks(&mut b, plan, c);
    indicators(&mut b, c);
    b.line(Para::body(), m::BC_APPENDIX, Look::size(BODY_PT).italic());

    part(&mut b, m::BC_PART_DIFFICULTIES);
    issues(&mut b, plan, c, |i| &i.difficulty, m::BC_NO_DIFFICULTIES);
    part(&mut b, m::BC_PART_PROPOSALS);
    issues(&mut b, plan, c, |i| &i.proposal, m::BC_NO_PROPOSALS);
    adjustments(&mut b, plan, c, &recipients.join("; "));

    part(&mut b, m::BC_PART_NEXT);
    b.line(
        Para::body(),
        m::BC_NEXT_PLACEHOLDER,
        Look::size(BODY_PT).italic().highlight(),
    );
    body(
        &mut b,
        &m::bc_closing(&consolidator, &recipients.join("; ")),
    );
    signature(&mut b, plan, &recipients);

    let created = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year(),
        date.month(),
        date.day()
    );
    b.package(&m::bc_title(&label), &created)
}

/// The plan's `noi_nhan`, split on ";".
fn recipients(s: &str) -> Vec<String> {
    let v: Vec<String> = s
        .split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect();
    if v.is_empty() {
        vec![s.trim().to_string()]
    } else {
        v
    }
}

fn body(b: &mut Body, text: &str) {
    b.line(Para::body(), text, Look::size(BODY_PT));
}

fn part(b: &mut Body, title: &str) {
    b.line(
        Para::body().before(120).keep(),
        title,
        Look::size(BODY_PT).bold(),
    );
}

fn sub(b: &mut Body, title: &str) {
    b.line(Para::body().keep(), title, Look::size(BODY_PT).bold());
}

/// The heading block: issuing body over consolidating unit and number on
/// the left, nation and motto over place and date on the right.
fn heading(b: &mut Body, plan: &Plan, consolidator: &str, date: NaiveDate) {
    let (lw, rw) = (3700, TEXT_W - 3700);
    let look = Look::size(13);
    let left = Cell::one(Para::center(), plan.info.issuing_body.to_uppercase(), look)
        .with(Para::center(), consolidator.to_uppercase(), look.bold())
        .with_rule(lw, 1300);
    let right = Cell::one(Para::center(), m::NATION, Look::size(12).bold())
        .with(Para::center(), m::MOTTO, Look::size(14).bold())
        .with_rule(rw, 3000);
    let place = place_name(&plan.info.issuing_body, &plan.info.extra);
    let number = Cell::one(
        Para::center().before(60),
        m::doc_number(&plan.info.consolidator),
        look,
    );
    let when = Cell::one(
        Para::center().before(60),
        m::place_date(&place, date),
        Look::size(14).italic(),
    );
    b.table(
        &[lw, rw],
        0,
        false,
        &[vec![left, right], vec![number, when]],
    );
}

fn submission(b: &mut Body, c: &Consolidated, name: &dyn Fn(&str) -> String) {
    let s = &c.submission;
    sub(b, m::BC_SUBMISSION);
    body(b, &m::bc_sent(s.sent, s.expected, s.on_time, s.late));
    let names = |codes: &[String]| codes.iter().map(|u| name(u)).collect::<Vec<_>>();
    if !s.late_units.is_empty() {
        body(b, &m::bc_late(&names(&s.late_units)));
    }
    if s.missing_units.is_empty() {
        body(b, m::BC_NONE_MISSING);
    } else {
        body(b, &m::bc_missing(s.missing, &names(&s.missing_units)));
    }
    if s.excluded > 0 {
        body(b, &m::bc_excluded(s.excluded));
    }
}

/// The counts of a [`StatusCounts`] in the order of the tables.
fn count_values(k: &StatusCounts) -> [usize; 7] {
    [
        k.total,
        k.done,
        k.in_progress,
        k.not_started,
        k.ongoing,
        k.unreported,
        k.overdue,
    ]
}

fn count_parts(k: &StatusCounts, with_share: bool) -> Vec<String> {
    let v = count_values(k);
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

fn tasks(b: &mut Body, plan: &Plan, c: &Consolidated) {
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
            count_values(k)
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

fn overdue(c: &Consolidated) -> Vec<&TaskLine> {
    c.sections
        .iter()
        .flat_map(|s| &s.tasks)
        .filter(|t| t.overdue)
        .collect()
}

fn overdue_line(plan: &Plan, t: &TaskLine) -> String {
    let deadline = match t.deadline {
        Deadline::Date(d) => d.format("%d/%m/%Y").to_string(),
        Deadline::Ongoing => m::ONGOING.to_string(),
    };
    let leads: Vec<String> = t
        .leads
        .iter()
        .map(|u| plan.unit(u).map_or_else(|| u.clone(), |x| x.name.clone()))
        .collect();
    m::bc_overdue_task(
        &t.code,
        t.content.trim().trim_end_matches(['.', ';']),
        &deadline,
        m::task_state(t.state),
        &leads.join("; "),
    )
}

/// A figure as printed, or None.
fn fig(v: Option<f64>) -> Option<String> {
    v.filter(|x| x.is_finite()).map(vn_number)
}

fn indicators(b: &mut Body, c: &Consolidated) {
    sub(b, m::BC_INDICATORS);
    for ind in &c.indicators {
        body(
            b,
            &m::bc_indicator(
                &ind.name,
                fig(ind.total).as_deref(),
                &ind.measure,
                fig(ind.target_share).as_deref(),
                fig(previous_ratio(ind)).as_deref(),
            ),
        );
    }
    let first = TEXT_W - 6 * 1050;
    let mut widths = vec![first];
    widths.extend([1050; 6]);
    let tl = Look::size(TABLE_PT);
    let mut rows = vec![m::BC_INDICATORS_HEADER
        .iter()
        .map(|h| Cell::one(Para::center(), *h, Look::size(10).bold()))
        .collect::<Vec<_>>()];
    let right = Para {
        align: docx::Align::Center,
        ..Para::center()
    };
    for ind in &c.indicators {
        let mut r = vec![
            Cell::one(Para::left(), &ind.name, tl),
            Cell::one(Para::center(), &ind.measure, tl),
        ];
        for v in [
            ind.total,
            ind.target,
            ind.target_share,
            ind.previous,
            previous_ratio(ind),
        ] {
            r.push(Cell::one(right, fig(v).unwrap_or_default(), tl));
        }
        rows.push(r);
    }
    b.table(&widths, 1, true, &rows);
    b.line(Para::body().after(0), "", Look::size(6));
}

/// "So với cùng kỳ (%)" as the workbook shows it: the total as a percentage
/// of the same period last year.
fn previous_ratio(ind: &IndicatorLine) -> Option<f64> {
    ind.change.map(|x| x + 100.0)
}

/// Parts II and III: the units' texts by plan section and task, exact
/// duplicates merged, each followed by the units that wrote it.
fn issues(
    b: &mut Body,
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
fn adjustments(b: &mut Body, plan: &Plan, c: &Consolidated, recipient: &str) {
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

/// "Nơi nhận" on the left, the signer on the right.
fn signature(b: &mut Body, plan: &Plan, recipients: &[String]) {
    let (lw, rw) = (4300, TEXT_W - 4300);
    let mut left = Cell::one(
        Para::left().before(120),
        m::BC_COPIES,
        Look::size(12).bold().italic(),
    );
    for r in recipients {
        left = left.with(Para::left(), m::bc_copy(r), Look::size(11));
    }
    left = left.with(Para::left(), m::BC_FILED, Look::size(11));
    let title = plan
        .info
        .extra
        .get("chuc_danh_ky")
        .map(|s| s.trim().to_uppercase())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| m::BC_SIGNER_TITLE.to_string());
    let signer = plan
        .info
        .extra
        .get("nguoi_ky")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| m::BC_SIGNER_NAME.to_string());
    let mut right = Cell::one(Para::center().before(120), title, Look::size(14).bold());
    for _ in 0..4 {
        right = right.with(Para::center(), "", Look::size(14));
    }
    right = right.with(Para::center(), signer, Look::size(14).bold());
    b.table(&[lw, rw], 0, false, &[vec![left, right]]);
}

#[cfg(test)]
mod tests;
