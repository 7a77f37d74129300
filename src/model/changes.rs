//! What changed between two runs of a period, as `manifest.json`
//! (`thay_doi`), `thay-doi.csv` and the run's summary tell it.

use serde::{Deserialize, Serialize};

/// A unit named in the changes: its code and its name from the plan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UnitRef {
    /// Unit code.
    pub ma_don_vi: String,
    /// Unit name.
    pub ten_don_vi: String,
}

/// What changed since the previous run of the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    /// Where the previous set went, relative to `out/<ky>/` (`lich-su/1`).
    #[serde(rename = "lan_truoc")]
    pub previous_set: String,
    /// Reports counted now that were not counted before: new ones, and
    /// those that replaced the unit's earlier report.
    #[serde(rename = "bao_cao_moi", default)]
    pub new_reports: Vec<NewReport>,
    /// Units counted now and not before.
    #[serde(rename = "don_vi_moi_tinh")]
    pub newly_counted: Vec<UnitRef>,
    /// Units counted before and not now.
    #[serde(rename = "don_vi_khong_con_tinh")]
    pub no_longer_counted: Vec<UnitRef>,
    /// Consolidated values that changed.
    #[serde(rename = "gia_tri_thay_doi", default)]
    pub values: Vec<ValueChange>,
    /// Findings of the previous run that are gone.
    #[serde(rename = "loi_da_sua")]
    pub resolved: Vec<FindingRef>,
    /// Findings that the previous run did not have.
    #[serde(rename = "loi_moi")]
    pub new_findings: Vec<FindingRef>,
    /// Task rows whose status or share changed.
    #[serde(rename = "tinh_trang_thay_doi")]
    pub status_moves: Vec<Move>,
}

impl Changes {
    /// Whether nothing changed (an identical rerun).
    pub fn is_empty(&self) -> bool {
        self.new_reports.is_empty()
            && self.newly_counted.is_empty()
            && self.no_longer_counted.is_empty()
            && self.values.is_empty()
            && self.resolved.is_empty()
            && self.new_findings.is_empty()
            && self.status_moves.is_empty()
    }
}

/// A report counted now and not before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReport {
    /// The unit.
    #[serde(flatten)]
    pub unit: UnitRef,
    /// The file now counted.
    pub tep_moi: String,
    /// Its "Ngày báo cáo".
    pub ngay_moi: Option<String>,
    /// The unit's report counted before, when there was one (replaced).
    pub tep_cu: Option<String>,
    /// Its "Ngày báo cáo".
    pub ngay_cu: Option<String>,
}

/// A consolidated value that changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueChange {
    /// Indicator code.
    pub ma_chi_tieu: String,
    /// Indicator name.
    pub ten_chi_tieu: String,
    /// The value before (null when there was none).
    pub truoc: Option<f64>,
    /// The value now.
    pub sau: Option<f64>,
    /// The units whose own value moved, by name.
    pub don_vi: Vec<String>,
}

/// A finding as the comparison sees it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FindingRef {
    /// Rule code.
    pub ma_loi: String,
    /// Unit code or empty.
    pub ma_don_vi: String,
    /// Unit name or empty.
    #[serde(default)]
    pub ten_don_vi: String,
    /// The task or indicator code of the row, when the finding is on one.
    #[serde(default)]
    pub ma_muc: String,
    /// File.
    pub tep: String,
    /// Sheet.
    pub trang_tinh: String,
    /// Cell.
    pub o: String,
    /// Message.
    pub thong_bao: String,
}

impl FindingRef {
    /// The identity used to compare runs: rule, unit (or file, for
    /// findings without a unit), and the task or indicator code of the
    /// row; not the cell, which moves when a unit inserts a row. A finding
    /// on no row (the header, the file) falls back to its sheet and cell,
    /// and, with no cell either, its message.
    pub fn key(&self) -> (String, String, String) {
        let who = if self.ma_don_vi.is_empty() {
            format!("tep:{}", self.tep)
        } else {
            self.ma_don_vi.to_uppercase()
        };
        let place = if !self.ma_muc.is_empty() {
            format!("muc:{}", self.ma_muc.to_uppercase())
        } else if !self.o.is_empty() {
            format!("o:{}!{}", self.trang_tinh, self.o.to_uppercase())
        } else {
            format!("tb:{}", self.thong_bao)
        };
        (self.ma_loi.to_uppercase(), who, place)
    }
}

/// A task row whose status or share changed between runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    /// Task code.
    #[serde(rename = "ma_nhiem_vu")]
    pub task: String,
    /// Unit code.
    #[serde(rename = "ma_don_vi")]
    pub unit: String,
    /// Unit name.
    #[serde(rename = "ten_don_vi", default)]
    pub unit_name: String,
    /// The status code before (empty when invalid).
    #[serde(rename = "truoc")]
    pub before: String,
    /// The status code now.
    #[serde(rename = "sau")]
    pub after: String,
    /// The share before, when there was one.
    #[serde(rename = "ty_le_truoc", default)]
    pub share_before: Option<String>,
    /// The share now.
    #[serde(rename = "ty_le_sau", default)]
    pub share_after: Option<String>,
}
