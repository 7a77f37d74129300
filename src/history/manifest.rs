//! The types of `manifest.json`, read back by a run and written by
//! `write::manifest`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::Changes;

impl Manifest {
    /// The `manifest.json` of the set in `dir` (`out/<ky>/`), when it
    /// exists and reads.
    pub fn read(dir: &std::path::Path) -> Option<Manifest> {
        let bytes = std::fs::read(dir.join("manifest.json")).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The counted files ("tinh"), each with the unit it was credited to.
    pub fn credited(&self) -> impl Iterator<Item = (&str, &FileEntry)> {
        self.tep
            .iter()
            .filter(|f| f.trang_thai == "tinh")
            .filter_map(|f| f.ma_don_vi.as_deref().map(|u| (u, f)))
    }

    /// The units a counted file was credited to.
    pub fn credited_units(&self) -> std::collections::BTreeSet<&str> {
        self.credited().map(|(u, _)| u).collect()
    }
}

/// The content of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The tool and its version, e.g. `tonghop 0.1.0`.
    pub cong_cu: String,
    /// The plan.
    pub ke_hoach: PlanRef,
    /// The period code.
    pub ky: String,
    /// The date printed on the report (`--ngay`), `YYYY-MM-DD`.
    #[serde(default)]
    pub ngay: String,
    /// Every input file, in path order.
    pub tep: Vec<FileEntry>,
    /// The expected units whose only files could not be used ("Đã gửi,
    /// không sử dụng được"), by code, in plan order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub khong_su_dung_duoc: Vec<String>,
    /// Findings counted per rule code.
    pub dem_loi: BTreeMap<String, usize>,
    /// Every other output of the set → SHA-256.
    pub dau_ra: BTreeMap<String, String>,
    /// What changed since the previous run (reruns only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thay_doi: Option<Changes>,
}

/// The plan a run used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRef {
    /// Plan id.
    pub ma: String,
    /// SHA-256 of the four plan files concatenated in plan-file order.
    pub sha256: String,
    /// Each plan file's SHA-256.
    #[serde(default)]
    pub tep: BTreeMap<String, String>,
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to `inbox/<ky>/`, with `/`.
    pub duong_dan: String,
    /// Size in bytes.
    pub kich_thuoc: u64,
    /// SHA-256 (empty when the file could not be read).
    pub sha256: String,
    /// The unit credited, or null.
    pub ma_don_vi: Option<String>,
    /// `tinh`, `thay_the`, `loai` or `bo_qua`.
    pub trang_thai: String,
    /// The rule that set the file aside, or null.
    pub ma_loi: Option<String>,
    /// "Ngày báo cáo" (`YYYY-MM-DD`), when readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_bao_cao: Option<String>,
}
