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
//! The parts are written by hand (module `docx`) rather than with a crate: see
//! `docs/THIET-KE.md`.

mod docx;
mod indicators;
mod issues;
mod layout;
mod parts;
mod tasks;

use chrono::{Datelike, NaiveDate};

pub use self::docx::Sink;
use self::docx::{Body, Cell, Look, Para, TEXT_W};
use super::workbook::place_name;
use crate::consolidate::Consolidated;
use crate::messages as m;
use crate::plan::Plan;
use indicators::indicators;
use issues::{adjustments, issues};
use tasks::tasks;

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
    let mut out = std::io::Cursor::new(Vec::new());
    write_bao_cao_docx(plan, c, date, &mut out)?;
    Ok(out.into_inner())
}

/// Writes `bao-cao-<ky>.docx` (the bytes of [`bao_cao_docx`]) to `w` as it
/// is laid out: the body is never held whole.
///
/// # Errors
/// A [`zip::result::ZipError`] when `w` fails.
pub fn write_bao_cao_docx(
    plan: &Plan,
    c: &Consolidated,
    date: NaiveDate,
    w: &mut dyn Sink,
) -> Result<(), zip::result::ZipError> {
    let name = |code: &str| plan.unit_name(code).to_string();
    let consolidator = name(&plan.info.consolidator);
    let recipients = recipients(&plan.info.recipient);
    let label = c.period.label();
    let created = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year(),
        date.month(),
        date.day()
    );
    let mut b = Body::start(w, &m::bc_title(&label), &created)?;

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
    b.finish()
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

fn body(b: &mut Body<'_>, text: &str) {
    b.line(Para::body(), text, Look::size(BODY_PT));
}

fn part(b: &mut Body<'_>, title: &str) {
    b.line(
        Para::body().before(120).keep(),
        title,
        Look::size(BODY_PT).bold(),
    );
}

fn sub(b: &mut Body<'_>, title: &str) {
    b.line(Para::body().keep(), title, Look::size(BODY_PT).bold());
}

/// The heading block: issuing body over consolidating unit and number on
/// the left, nation and motto over place and date on the right.
fn heading(b: &mut Body<'_>, plan: &Plan, consolidator: &str, date: NaiveDate) {
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

fn submission(b: &mut Body<'_>, c: &Consolidated, name: &dyn Fn(&str) -> String) {
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

/// "Nơi nhận" on the left, the signer on the right.
fn signature(b: &mut Body<'_>, plan: &Plan, recipients: &[String]) {
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
