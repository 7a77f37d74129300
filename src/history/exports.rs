//! Earlier CSV exports (`du-lieu/*.csv`), streamed line by line into the
//! small maps a comparison needs.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use super::TOTAL;

/// One line of an earlier export, by column name.
pub struct Record<'a> {
    header: &'a [String],
    rec: &'a csv::StringRecord,
}

impl Record<'_> {
    /// The value of a column (formula neutralising undone).
    pub fn get(&self, column: &str) -> Option<&str> {
        let i = self.header.iter().position(|h| h == column)?;
        self.rec.get(i).map(unneutralise)
    }

    /// A code column, normalised as the plan's codes are.
    pub fn code(&self, column: &str) -> Option<String> {
        self.get(column).map(crate::text::code)
    }

    /// A finite number.
    pub fn number(&self, column: &str) -> Option<f64> {
        self.get(column)
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
    }

    pub(super) fn row(&self) -> Option<u64> {
        self.get("dong")
            .and_then(|s| s.trim().parse::<f64>().ok())
            .and_then(|v| (v.is_finite() && v >= 1.0 && v.fract() == 0.0).then_some(v as u64))
    }
}

/// Calls `f` on every readable line of an export read from `r` (BOM
/// stripped). Unreadable lines are skipped.
pub fn for_each_record<R: Read>(r: R, mut f: impl FnMut(&Record<'_>)) {
    let mut rd = csv::ReaderBuilder::new().flexible(true).from_reader(r);
    let header: Vec<String> = match rd.headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let s = if i == 0 {
                    s.trim_start_matches('\u{feff}')
                } else {
                    s
                };
                s.trim().to_string()
            })
            .collect(),
        Err(_) => return,
    };
    let mut rec = csv::StringRecord::new();
    loop {
        match rd.read_record(&mut rec) {
            Ok(true) => f(&Record {
                header: &header,
                rec: &rec,
            }),
            Ok(false) => break,
            // A bad line is skipped; a failing read ends the file.
            Err(e) if e.is_io_error() => break,
            Err(_) => {}
        }
    }
}

/// Undoes the formula neutralising of the exports (a leading `'` before
/// `=`, `+`, `-`, `@` or a tab).
fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t']) => rest,
        _ => s,
    }
}

/// The records of an export as maps column → value (BOM stripped,
/// neutralising undone). Unreadable lines are skipped.
pub fn read_records(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut out = Vec::new();
    for_each_record(bytes, |r| {
        out.push(
            r.header
                .iter()
                .zip(r.rec.iter())
                .map(|(h, v)| (h.clone(), unneutralise(v).to_string()))
                .collect(),
        );
    });
    out
}

/// The unit, indicator and value of a `du-lieu/chi-tieu.csv` line that has
/// all three.
fn unit_value(rec: &Record<'_>) -> Option<(String, String, f64)> {
    Some((
        rec.code("ma_don_vi")?,
        rec.code("ma_chi_tieu")?,
        rec.number("thuc_hien")?,
    ))
}

/// The consolidated values (`TONG` lines with a value) of a
/// `du-lieu/chi-tieu.csv`, by indicator code.
///
/// # Examples
/// ```
/// let csv = "\u{feff}ma_chi_tieu,ma_don_vi,thuc_hien,cung_ky,tep,dong\nCT1,SCT,4,,a.xlsx,5\nCT1,TONG,4,,,\nCT2,TONG,,,,\n";
/// let t = tonghop::history::read_totals(csv.as_bytes());
/// assert_eq!(t.into_iter().collect::<Vec<_>>(), [("CT1".to_string(), 4.0)]);
/// ```
pub fn read_totals<R: Read>(r: R) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for_each_record(r, |rec| {
        if let Some((u, code, v)) = unit_value(rec) {
            if u == TOTAL {
                out.entry(code).or_insert(v);
            }
        }
    });
    out
}

/// The units' values of a `du-lieu/chi-tieu.csv` by (unit, indicator), the
/// first line of each pair (for rule I04).
pub fn read_unit_values<R: Read>(r: R) -> BTreeMap<(String, String), f64> {
    let mut out = BTreeMap::new();
    for_each_record(r, |rec| {
        if let Some((u, code, v)) = unit_value(rec) {
            if u != TOTAL && !u.is_empty() {
                out.entry((u, code)).or_insert(v);
            }
        }
    });
    out
}

/// The status codes of a `du-lieu/nhiem-vu.csv` by (task, unit), the first
/// line of each pair.
pub fn read_task_statuses<R: Read>(r: R) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for_each_record(r, |rec| {
        if let (Some(t), Some(u)) = (rec.code("ma_nhiem_vu"), rec.code("ma_don_vi")) {
            let status = rec.get("tinh_trang").unwrap_or_default().to_string();
            out.entry((t, u)).or_insert(status);
        }
    });
    out
}

/// Last year's consolidated values: the `TONG` lines of
/// `<out_root>/<year-1 period>/du-lieu/chi-tieu.csv`, when it exists.
pub fn last_year_totals(
    out_root: &Path,
    period: crate::plan::Period,
) -> Option<BTreeMap<String, f64>> {
    open_export(out_root, period.previous_year()).map(read_totals)
}

/// The first half's unit values, for a year's run (rule I04).
pub fn first_half_values(
    out_root: &Path,
    period: crate::plan::Period,
) -> Option<BTreeMap<(String, String), f64>> {
    match period.kind {
        crate::plan::PeriodKind::Year => {
            open_export(out_root, crate::plan::Period::first_half(period.year))
                .map(read_unit_values)
        }
        crate::plan::PeriodKind::FirstHalf => None,
    }
}

fn open_export(
    out_root: &Path,
    p: crate::plan::Period,
) -> Option<std::io::BufReader<std::fs::File>> {
    let path = out_root.join(p.code()).join("du-lieu").join("chi-tieu.csv");
    std::fs::File::open(path).ok().map(std::io::BufReader::new)
}
