//! Cell conversion: calamine's values as [`Raw`], text cleaned and in
//! NFC, error values told apart.

use calamine::{Data, DataRef};

use super::Raw;
use crate::text::nfc;

/// A text cell: control characters other than tab and line breaks
/// removed (see [`super::printable`]), then NFC. A text that is exactly an
/// error value (`#REF!`, LibreOffice's `Err:502`…) is an error: calamine
/// gives the error cells of `.ods` files as text, and a person who reads
/// "#REF!" in a cell sees an error either way.
pub(super) fn text(s: &str) -> Raw {
    let s = super::printable(s, true);
    if s.trim().is_empty() {
        Raw::Empty
    } else if is_error_text(s.trim()) {
        Raw::Error(s.trim().to_string())
    } else if crate::text::is_nfc(&s) {
        // Most text is NFC already: one copy, not two (a cell can be huge).
        Raw::Text(s.into_owned())
    } else {
        Raw::Text(nfc(&s))
    }
}

/// Whether a text is one of the error values spreadsheets show.
fn is_error_text(t: &str) -> bool {
    const ERRORS: [&str; 10] = [
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
    ];
    ERRORS.contains(&t)
        || t.strip_prefix("Err:")
            .is_some_and(|n| !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()))
}

fn date_iso(s: &str) -> Raw {
    let head = s.get(..10).unwrap_or(s);
    match chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        Ok(d) => Raw::Date(d),
        Err(_) => text(s),
    }
}

fn excel_date(d: &calamine::ExcelDateTime) -> Raw {
    if d.is_datetime() {
        match d.as_datetime() {
            Some(dt) => Raw::Date(dt.date()),
            None => Raw::Number(d.as_f64()),
        }
    } else {
        Raw::Number(d.as_f64())
    }
}

/// A calamine cell value (borrowed form) as a [`Raw`].
pub(super) fn raw_from_ref(v: &DataRef<'_>) -> Raw {
    match v {
        DataRef::Int(i) => Raw::Number(*i as f64),
        DataRef::Float(f) => Raw::Number(*f),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::DateTime(d) => excel_date(d),
        DataRef::DateTimeIso(s) => date_iso(s),
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => Raw::Error(e.to_string()),
        DataRef::Empty => Raw::Empty,
    }
}

/// A calamine cell value as a [`Raw`].
pub(super) fn raw_from_data(v: &Data) -> Raw {
    match v {
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Float(f) => Raw::Number(*f),
        Data::String(s) => text(s),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(d) => excel_date(d),
        Data::DateTimeIso(s) => date_iso(s),
        Data::DurationIso(s) => text(s),
        Data::Error(e) => Raw::Error(e.to_string()),
        Data::Empty => Raw::Empty,
    }
}

/// Whether a number format (Excel's format code) shows a number as a
/// percentage: a `%` in its first section (positive numbers), outside
/// quoted text, escapes and `[…]` brackets. `0%`, `0.0%`, `#,##0.00 %`;
/// not `0"%"`, `0\%` or `General`.
pub(crate) fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => bracket = true,
            ']' => bracket = false,
            _ if bracket => {}
            ';' => return false,
            '%' => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod error_text_tests {
    use super::*;

    #[test]
    fn error_values_typed_or_from_ods_are_errors() {
        assert_eq!(text("#REF!"), Raw::Error("#REF!".into()));
        assert_eq!(text(" #N/A "), Raw::Error("#N/A".into()));
        assert_eq!(text("Err:502"), Raw::Error("Err:502".into()));
        assert_eq!(text("#REF! ở ô bên"), Raw::Text("#REF! ở ô bên".into()));
        assert_eq!(text("Err:"), Raw::Text("Err:".into()));
    }

    #[test]
    fn percent_formats() {
        for f in ["0%", "0.0%", "#,##0.00 %", "[Red]0%", "0.0%;[Red]-0.0%"] {
            assert!(is_percent_format(f), "{f}");
        }
        for f in [
            "General",
            "0",
            "0\"%\"",
            "0\\%",
            "dd/mm/yyyy",
            "0;-0%",
            "[$%-409]0",
        ] {
            assert!(!is_percent_format(f), "{f}");
        }
    }
}
