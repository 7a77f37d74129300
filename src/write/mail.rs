//! Email drafts, `out/<ky>/thu/<ma-don-vi>.eml`: one ready-to-send message
//! per expected unit (RFC 5322, MIME, UTF-8), opened as a draft by Outlook
//! (`X-Unsent: 1`) and by Thunderbird. No server is needed: the clerk opens
//! the file, checks it and presses Send.
//!
//! - A unit with errors, or whose files could not be used: its feedback
//!   workbook attached, and the deadline for the corrected report (the
//!   run's date plus `han_nop_lai` days, [`crate::plan::PlanInfo::resubmit_days`]).
//! - A unit that has not sent: a reminder with its pre-filled form
//!   attached, as `tonghop forms` writes it, and the due date.
//! - A unit whose report counted with warnings only, or none: a short
//!   acknowledgement listing the warnings, with the feedback workbook
//!   attached when there are any.
//!
//! `From:` is the consolidating unit's address, `To:` the unit's addresses
//! (`email` of `don-vi.csv`); a unit without one gets no `To:` header. The
//! MIME is written by `mail-builder` (encoded words for the subject and
//! names, base64 attachments). Message-ID, Date and the MIME boundary come
//! from the content and the run's date, never the clock or a random
//! source, so the same run gives the same bytes.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::date::Date;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::{BodyPart, MimePart};
use mail_builder::MessageBuilder;
use rust_xlsxwriter::XlsxError;

use super::forms;
use super::manifest::sha256_hex;
use crate::messages::{self, MailKind, MailText};
use crate::plan::{Period, Plan};
use crate::validate::{Outcome, Severity};

/// The folder of the drafts inside `out/<ky>/`.
pub const DIR: &str = "thu";

/// The MIME type of the attached workbooks.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The drafts of a run, by path relative to `out/<ky>/`, and the units
/// whose draft has no address.
#[derive(Debug, Default)]
pub struct Drafts {
    /// `thu/<ma>.eml` → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Codes of the units with no `email`, plan order.
    pub no_address: Vec<String>,
}

/// What one draft says and carries.
struct Letter<'a> {
    unit: &'a str,
    kind: MailKind,
    due: NaiveDate,
    file: Option<&'a str>,
    errors: usize,
    warnings: Vec<String>,
    attachment: Option<(String, &'a [u8])>,
}

impl<'a> Letter<'a> {
    /// The reminder to a unit that has not sent, its pre-filled `form`
    /// attached when given.
    fn reminder(unit: &'a str, due: NaiveDate, form: Option<&'a [u8]>) -> Letter<'a> {
        Letter {
            unit,
            kind: MailKind::Reminder,
            due,
            file: None,
            errors: 0,
            warnings: Vec::new(),
            attachment: form.map(|f| (forms::form_file_name(unit), f)),
        }
    }
}

/// One draft: where it goes and what it holds.
#[derive(Debug)]
pub struct Draft {
    /// `thu/<ma>.eml`.
    pub path: String,
    /// The message.
    pub bytes: Vec<u8>,
    /// The unit has no `email`: the draft has no `To:`.
    pub no_address: bool,
}

/// The drafts of a run, one per expected unit. `outputs` holds the run's
/// feedback workbooks (`phan-hoi/<ma>.xlsx`), attached as they are written.
///
/// # Errors
/// The error of building a unit's pre-filled form.
pub fn run_drafts(
    plan: &Plan,
    period: Period,
    date: NaiveDate,
    outcome: &Outcome,
    outputs: &BTreeMap<String, Vec<u8>>,
) -> Result<Drafts, XlsxError> {
    let mut out = Drafts::default();
    for code in &outcome.expected {
        let feedback = outputs
            .get(&format!("phan-hoi/{code}.xlsx"))
            .map(Vec::as_slice);
        out.add(
            code,
            run_draft(plan, period, date, outcome, code, feedback)?,
        );
    }
    Ok(out)
}

/// The draft of a run to the expected unit `code`; `feedback` is its
/// feedback workbook (`phan-hoi/<ma>.xlsx`) when it has one. One unit at a
/// time, so that a run can write each unit's feedback and draft as soon as
/// they are made.
///
/// # Errors
/// The error of building the unit's pre-filled form.
pub fn run_draft(
    plan: &Plan,
    period: Period,
    date: NaiveDate,
    outcome: &Outcome,
    code: &str,
    feedback: Option<&[u8]>,
) -> Result<Draft, XlsxError> {
    let resend_by = date + chrono::Days::new(u64::from(plan.info.resubmit_days()));
    let mine = outcome
        .findings
        .iter()
        .filter(|f| f.unit.as_deref() == Some(code));
    let errors = mine
        .clone()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings: Vec<String> = mine
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| match f.cell {
            Some(c) => format!("{} ({}): {}", f.rule, c, f.message),
            None => format!("{}: {}", f.rule, f.message),
        })
        .collect();
    let feedback = feedback.map(|b| (format!("phan-hoi-{code}.xlsx"), b));
    let counted = outcome.counted.get(code);
    let unusable = outcome.unusable.iter().any(|u| u == code);
    let form;
    let letter = if unusable || (counted.is_some() && errors > 0) {
        Letter {
            unit: code,
            kind: MailKind::Resend,
            due: resend_by,
            file: counted.map(|r| r.rel.as_str()),
            errors,
            warnings: Vec::new(),
            attachment: feedback,
        }
    } else if let Some(r) = counted {
        let attachment = if warnings.is_empty() { None } else { feedback };
        Letter {
            unit: code,
            kind: MailKind::Thanks,
            due: period.due(&plan.info),
            file: Some(r.rel.as_str()),
            errors,
            warnings,
            attachment,
        }
    } else {
        form = forms::form_xlsx(plan, period, date, code)?;
        Letter::reminder(code, period.due(&plan.info), Some(form.as_slice()))
    };
    Ok(draft(plan, period, date, &letter))
}

/// The reminder drafts of the units with no counted report and no
/// unusable file (`tonghop status --thu`).
///
/// # Errors
/// The error of building a unit's pre-filled form.
pub fn reminders(
    plan: &Plan,
    period: Period,
    date: NaiveDate,
    outcome: &Outcome,
) -> Result<Drafts, XlsxError> {
    let mut out = Drafts::default();
    for code in &outcome.missing {
        let form = forms::form_xlsx(plan, period, date, code)?;
        let l = Letter::reminder(code, period.due(&plan.info), Some(form.as_slice()));
        out.add(code, draft(plan, period, date, &l));
    }
    Ok(out)
}

impl Drafts {
    fn add(&mut self, unit: &str, d: Draft) {
        if d.no_address {
            self.no_address.push(unit.to_string());
        }
        self.files.insert(d.path, d.bytes);
    }
}

/// The path of a unit's draft inside `out/<ky>/`: `thu/<ma>.eml`, the
/// unit code as `forms` names its form.
pub fn draft_path(unit: &str) -> String {
    format!(
        "{DIR}/{}.eml",
        forms::form_file_name(unit).trim_end_matches(".xlsx")
    )
}

fn draft(plan: &Plan, period: Period, date: NaiveDate, l: &Letter<'_>) -> Draft {
    let unit = plan.unit(l.unit);
    Draft {
        path: draft_path(l.unit),
        bytes: eml(plan, period, date, l),
        no_address: unit.is_none_or(|u| u.emails().is_empty()),
    }
}

/// One message's bytes.
fn eml(plan: &Plan, period: Period, date: NaiveDate, l: &Letter<'_>) -> Vec<u8> {
    let unit = plan.unit(l.unit);
    let unit_name = plan.unit_name(l.unit);
    let sender = plan.unit_name(&plan.info.consolidator);
    let text = MailText {
        kind: l.kind,
        unit: unit_name,
        sender,
        plan: &plan.info.number,
        period: &period.label(),
        due: l.due,
        file: l.file,
        errors: l.errors,
        warnings: l.warnings.clone(),
        attachment: l.attachment.as_ref().map(|(n, _)| n.as_str()),
    };
    let subject = messages::mail_subject(&text);
    let body = messages::mail_body(&text);

    // Everything the message says and its date, hashed: the same content
    // gives the same Message-ID and boundary, other content another.
    let mut seed = format!(
        "{}\n{}\n{}\n{}\n{}\n{}\n",
        plan.info.id,
        period.code(),
        l.unit,
        date,
        subject,
        body
    );
    if let Some((name, bytes)) = &l.attachment {
        seed.push_str(name);
        seed.push_str(&sha256_hex(bytes));
    }
    let hash = sha256_hex(seed.as_bytes());
    let domain = plan
        .consolidator_email()
        .and_then(|e| e.rsplit_once('@').map(|(_, d)| d.to_string()))
        .unwrap_or_else(|| "tonghop.invalid".to_string());
    let message_id = format!("{}.{}@{domain}", &hash[..32], l.unit.to_lowercase());
    let boundary = format!("=_tonghop_{}", &hash[32..56]);

    let mut m = MessageBuilder::new()
        .message_id(MessageId::new(message_id))
        .date(Date::new(timestamp(date)))
        .subject(subject)
        .header("X-Unsent", Raw::new("1"));
    if let Some(from) = plan.consolidator_email() {
        m = m.from((sender.to_string(), from.to_string()));
    }
    if let Some(u) = unit {
        let to: Vec<Address<'_>> = u
            .emails()
            .into_iter()
            .map(|e| Address::from((u.name.clone(), e.to_string())))
            .collect();
        if !to.is_empty() {
            m = m.to(Address::new_list(to));
        }
    }
    let text_part = MimePart::new(
        ContentType::new("text/plain").attribute("charset", "utf-8"),
        BodyPart::Text(body.into()),
    );
    let part = match &l.attachment {
        Some((name, bytes)) => MimePart::new(
            ContentType::new("multipart/mixed").attribute("boundary", boundary),
            BodyPart::Multipart(vec![
                text_part,
                MimePart::new(
                    ContentType::new(XLSX),
                    BodyPart::Binary(bytes.to_vec().into()),
                )
                .attachment(name.clone()),
            ]),
        ),
        None => text_part,
    };
    m = m.body(part);
    // Writing into a Vec cannot fail.
    m.write_to_vec().unwrap_or_default()
}

/// The message date: the run's date at 08:00 in Vietnam (01:00 UTC).
fn timestamp(date: NaiveDate) -> i64 {
    date.and_hms_opt(1, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consolidate::tests as fx;
    use crate::validate::{Finding, Rule};

    fn text_of(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    #[test]
    fn each_kind_of_draft_and_the_same_bytes_again() {
        let (_d, plan) = fx::plan();
        let mut o = fx::outcome();
        // QHB: counted, one warning and no error.
        o.findings
            .retain(|f| f.unit.as_deref() != Some("QHB") || f.severity != Severity::Error);
        o.findings
            .push(Finding::new(Rule::I03, "Đơn vị tính 'lớp học'").unit("QHB"));
        let date = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
        let outputs: BTreeMap<String, Vec<u8>> = ["SCT", "STP", "QHB"]
            .iter()
            .map(|u| {
                (
                    format!("phan-hoi/{u}.xlsx"),
                    format!("book {u}").into_bytes(),
                )
            })
            .collect();
        let a = run_drafts(&plan, fx::period(), date, &o, &outputs).unwrap();
        let b = run_drafts(&plan, fx::period(), date, &o, &outputs).unwrap();
        assert_eq!(a.files, b.files);
        assert_eq!(a.files.len(), o.expected.len());
        // The example plan has no addresses: no From, no To, every unit named.
        assert_eq!(a.no_address, o.expected);
        for bytes in a.files.values() {
            let s = text_of(bytes);
            assert!(s.contains("\r\nX-Unsent: 1\r\n"), "{s}");
            assert!(!s.contains("\r\nTo:") && !s.starts_with("To:"), "{s}");
            assert!(s.contains("Date: Tue, 30 Jun 2020 01:00:00 +0000"), "{s}");
        }
        let errors = |u: &str| {
            o.findings
                .iter()
                .any(|f| f.unit.as_deref() == Some(u) && f.severity == Severity::Error)
        };
        for code in &o.expected {
            let s = text_of(&a.files[&format!("thu/{code}.eml")]);
            let kind = if !o.counted.contains_key(code) {
                "phan-hoi"
            } else if errors(code) {
                "resend"
            } else {
                "thanks"
            };
            match kind {
                // A reminder carries the form, named as `forms` names it.
                "phan-hoi" => assert!(s.contains(&format!("filename=\"{code}.xlsx\"")), "{s}"),
                "resend" => assert!(s.contains(&format!("phan-hoi-{code}.xlsx")), "{s}"),
                _ => {
                    let warned = o.findings.iter().any(|f| {
                        f.unit.as_deref() == Some(code.as_str()) && f.severity == Severity::Warning
                    });
                    // Warnings: listed, and the feedback attached; none: no attachment.
                    assert_eq!(s.contains(&format!("phan-hoi-{code}.xlsx")), warned, "{s}");
                    assert_eq!(s.contains("attachment"), warned, "{s}");
                }
            }
        }
        assert!(o.counted.contains_key("QHB") && !errors("QHB"));
        // Other content, another Message-ID and boundary.
        let later = date.succ_opt().unwrap();
        let c = run_drafts(&plan, fx::period(), later, &o, &outputs).unwrap();
        let id = |s: &str| {
            s.lines()
                .find(|l| l.starts_with("Message-ID:"))
                .map(str::to_string)
        };
        let k = "thu/SCT.eml";
        assert_ne!(id(&text_of(&a.files[k])), id(&text_of(&c.files[k])));
    }

    #[test]
    fn reminders_are_for_the_missing_units_only() {
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let date = NaiveDate::from_ymd_opt(2020, 6, 1).unwrap();
        let r = reminders(&plan, fx::period(), date, &o).unwrap();
        let names: Vec<&String> = r.files.keys().collect();
        let mut want: Vec<String> = o.missing.iter().map(|c| format!("thu/{c}.eml")).collect();
        want.sort();
        assert_eq!(names, want.iter().collect::<Vec<_>>());
    }
}
