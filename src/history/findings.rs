//! The findings of a run as the comparison with the previous run sees them.

use std::collections::BTreeMap;

use crate::model::FindingRef;
use crate::validate::{Finding, Outcome};

/// A finding of this run as the comparison sees it; `item` is the task or
/// indicator code of its row (empty when none).
pub fn finding_ref(f: &Finding, item: &str) -> FindingRef {
    FindingRef {
        ma_loi: f.rule.code().to_string(),
        ma_don_vi: f.unit.clone().unwrap_or_default(),
        ten_don_vi: String::new(),
        ma_muc: item.to_string(),
        tep: f.file.clone().unwrap_or_default(),
        trang_tinh: f.sheet.clone().unwrap_or_default(),
        o: f.cell.map(|c| c.to_string()).unwrap_or_default(),
        thong_bao: f.message.clone(),
    }
}

/// The 1-based row of an A1 cell name ("F12" → 12).
pub(super) fn cell_row(a1: &str) -> Option<u64> {
    let digits: String = a1.chars().skip_while(|c| c.is_ascii_alphabetic()).collect();
    digits.parse().ok()
}

/// The (1-based file, row) → task or indicator code of this run's counted
/// reports, to name the item of each finding as [`Previous::read_with`](super::Previous::read_with) does.
pub fn item_rows(outcome: &Outcome) -> BTreeMap<(String, u64), String> {
    let mut rows = BTreeMap::new();
    for r in outcome.counted.values() {
        for t in &r.tasks {
            rows.entry((r.rel.clone(), u64::from(t.row) + 1))
                .or_insert_with(|| t.task.clone());
        }
        for i in &r.indicators {
            rows.entry((r.rel.clone(), u64::from(i.row) + 1))
                .or_insert_with(|| i.indicator.clone());
        }
    }
    rows
}

/// This run's findings as the comparison sees them.
pub fn finding_refs(outcome: &Outcome) -> Vec<FindingRef> {
    let rows = item_rows(outcome);
    outcome
        .findings
        .iter()
        .map(|f| {
            let item = match (&f.file, f.cell) {
                (Some(file), Some(c)) => rows
                    .get(&(file.clone(), u64::from(c.row) + 1))
                    .map_or("", String::as_str),
                _ => "",
            };
            finding_ref(f, item)
        })
        .collect()
}

/// (in `a` not `b`, in `b` not `a`) by [`FindingRef::key`], counting
/// repeats; both sorted.
pub fn multiset_diff(a: &[FindingRef], b: &[FindingRef]) -> (Vec<FindingRef>, Vec<FindingRef>) {
    fn minus(a: &[FindingRef], b: &[FindingRef]) -> Vec<FindingRef> {
        let mut count: BTreeMap<_, usize> = BTreeMap::new();
        for f in b {
            *count.entry(f.key()).or_default() += 1;
        }
        let mut out: Vec<FindingRef> = a
            .iter()
            .filter(|f| match count.get_mut(&f.key()) {
                Some(c) if *c > 0 => {
                    *c -= 1;
                    false
                }
                _ => true,
            })
            .cloned()
            .collect();
        out.sort();
        out
    }
    (minus(a, b), minus(b, a))
}
