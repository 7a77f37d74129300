//! The changes since the previous run, as the run prints them.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::model::Status;
/// The label of a status code of the data exports, or the code itself.
fn status_word(code: &str) -> &str {
    if code.is_empty() {
        return "(trống)";
    }
    if code == crate::model::NO_REPORT {
        return "chưa có báo cáo";
    }
    Status::ALL
        .iter()
        .find(|s| s.code() == code)
        .map_or(code, |s| s.label())
}

/// The changes since the previous run, several lines: reports new and
/// replaced, units newly counted, values, statuses and shares that moved,
/// findings resolved and new, each named; "không có thay đổi" when nothing
/// changed.
pub fn changes(c: &crate::model::Changes) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "  So với lần chạy trước (đã chuyển vào {}):",
        c.previous_set
    );
    if c.is_empty() {
        let _ = writeln!(o, "    không có thay đổi");
        return o;
    }
    let day = |d: &Option<String>| match d {
        Some(d) => format!(" (ngày {})", iso_to_vi(d)),
        None => String::new(),
    };
    for r in &c.new_reports {
        let _ = match &r.tep_cu {
            Some(old) => writeln!(
                o,
                "    Báo cáo thay thế: {}: {}{} → {}{}",
                r.unit.ten_don_vi,
                old,
                day(&r.ngay_cu),
                r.tep_moi,
                day(&r.ngay_moi)
            ),
            None => writeln!(
                o,
                "    Báo cáo mới: {}: {}{}",
                r.unit.ten_don_vi,
                r.tep_moi,
                day(&r.ngay_moi)
            ),
        };
    }
    let names = |v: &[crate::model::UnitRef]| {
        v.iter()
            .map(|u| u.ten_don_vi.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !c.newly_counted.is_empty() {
        let _ = writeln!(
            o,
            "    Đơn vị mới được tổng hợp: {}",
            names(&c.newly_counted)
        );
    }
    if !c.no_longer_counted.is_empty() {
        let _ = writeln!(
            o,
            "    Đơn vị không còn được tổng hợp: {}",
            names(&c.no_longer_counted)
        );
    }
    let value =
        |v: Option<f64>| v.map_or_else(|| "(trống)".to_string(), crate::messages::number_vi);
    for v in &c.values {
        let who = if v.don_vi.is_empty() {
            String::new()
        } else {
            format!(" (số liệu thay đổi: {})", v.don_vi.join(", "))
        };
        let _ = writeln!(
            o,
            "    Chỉ tiêu {} {}: {} → {}{}",
            v.ma_chi_tieu,
            v.ten_chi_tieu,
            value(v.truoc),
            value(v.sau),
            who
        );
    }
    for m in &c.status_moves {
        let share = |s: &Option<String>| s.as_ref().map_or(String::new(), |x| format!(" {x}%"));
        let _ = writeln!(
            o,
            "    Nhiệm vụ {} ({}): {}{} → {}{}",
            m.task,
            if m.unit_name.is_empty() {
                &m.unit
            } else {
                &m.unit_name
            },
            status_word(&m.before),
            share(&m.share_before),
            status_word(&m.after),
            share(&m.share_after),
        );
    }
    let _ = writeln!(
        o,
        "    Lỗi và cảnh báo đã hết: {}; mới phát hiện: {}",
        c.resolved.len(),
        c.new_findings.len()
    );
    for (label, list) in [("Đã hết", &c.resolved), ("Mới", &c.new_findings)] {
        for f in list {
            let who = if f.ten_don_vi.is_empty() {
                &f.tep
            } else {
                &f.ten_don_vi
            };
            let item = if f.ma_muc.is_empty() {
                String::new()
            } else {
                format!(", {}", f.ma_muc)
            };
            let _ = writeln!(
                o,
                "      {label}: {} ({who}{item}): {}",
                f.ma_loi,
                short(&f.thong_bao)
            );
        }
    }
    o
}

/// `YYYY-MM-DD` as `dd/mm/yyyy`; other text as it is.
fn iso_to_vi(d: &str) -> String {
    NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map_or_else(|_| d.to_string(), |d| d.format("%d/%m/%Y").to_string())
}

/// A message cut to one short line for the terminal.
fn short(s: &str) -> String {
    const MAX: usize = 90;
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() <= MAX {
        line.to_string()
    } else {
        let cut: String = line.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
