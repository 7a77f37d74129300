//! Finding units by code, name or alias, the units expected in a period, and
//! the successor chain of merged units.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Period, Plan, Unit};
use crate::text::{code, fold, fold_compact};

impl Plan {
    /// Resolves a code, a name or an alias to a unit, ignoring case,
    /// diacritics, punctuation and spacing. The whole text must name the
    /// unit; see [`Plan::find_units_in`] to look inside a longer text.
    ///
    /// # Examples
    /// ```
    /// # let dir = tempfile::tempdir()?;
    /// # tonghop::plan::write_example(dir.path())?;
    /// let plan = tonghop::plan::load(dir.path())?;
    /// assert_eq!(plan.resolve_unit("so cong thuong").map(|u| u.code.as_str()), Some("SCT"));
    /// assert_eq!(plan.resolve_unit(" sct ").map(|u| u.code.as_str()), Some("SCT"));
    /// assert_eq!(plan.resolve_unit("Hong Bang").map(|u| u.code.as_str()), Some("QHB"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resolve_unit(&self, text: &str) -> Option<&Unit> {
        if let Some(u) = self.unit(text) {
            return Some(u);
        }
        let key = fold_compact(text);
        self.name_index.get(&key).map(|&i| &self.units[i])
    }

    /// The units named inside a longer text (a title row, a file or folder
    /// name): codes as whole words, names and aliases as whole-word phrases.
    /// When names overlap, the longest match wins ("Sở Kế hoạch và Đầu tư"
    /// over "Đầu tư"). Returns distinct units in order of first appearance.
    ///
    /// # Examples
    /// ```
    /// # let dir = tempfile::tempdir()?;
    /// # tonghop::plan::write_example(dir.path())?;
    /// let plan = tonghop::plan::load(dir.path())?;
    /// let found = plan.find_units_in("Báo cáo Sở Tư pháp 6 tháng 2020.xlsx");
    /// assert_eq!(found.iter().map(|u| u.code.as_str()).collect::<Vec<_>>(), ["STP"]);
    /// let found = plan.find_units_in("SCT_BC_6T2020");
    /// assert_eq!(found.iter().map(|u| u.code.as_str()).collect::<Vec<_>>(), ["SCT"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find_units_in(&self, text: &str) -> Vec<&Unit> {
        let words = words(text);
        if words.is_empty() {
            return Vec::new();
        }
        // (start, len, unit index)
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            for (phrase, ui) in self.phrase_index.get(w).into_iter().flatten() {
                if words[i..].starts_with(phrase) {
                    hits.push((i, phrase.len(), *ui));
                }
            }
        }
        // Longest first, then leftmost; a hit overlapping a kept one is dropped.
        hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut taken = vec![false; words.len()];
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for (start, len, ui) in hits {
            if taken[start..start + len].iter().any(|t| *t) {
                continue;
            }
            taken[start..start + len].iter_mut().for_each(|t| *t = true);
            kept.push((start, ui));
        }
        kept.sort();
        let mut out: Vec<&Unit> = Vec::new();
        for (_, ui) in kept {
            let u = &self.units[ui];
            if !out.iter().any(|o| o.code == u.code) {
                out.push(u);
            }
        }
        out
    }

    /// Builds the indexes behind [`Plan::resolve_unit`] and
    /// [`Plan::find_units_in`]; called once by the loader.
    pub(crate) fn build_name_indexes(&mut self) {
        let mut names = BTreeMap::new();
        let mut phrases: BTreeMap<String, Vec<(Vec<String>, usize)>> = BTreeMap::new();
        for (ui, u) in self.units.iter().enumerate() {
            for name in std::iter::once(&u.name).chain(u.aliases.iter()) {
                let key = fold_compact(name);
                if !key.is_empty() {
                    // The first unit to claim a name keeps it.
                    names.entry(key).or_insert(ui);
                }
                let phrase = words(name);
                if let Some(first) = phrase.first() {
                    phrases.entry(first.clone()).or_default().push((phrase, ui));
                }
            }
            let c = code(&u.code).to_lowercase();
            phrases.entry(c.clone()).or_default().push((vec![c], ui));
        }
        self.name_index = names;
        self.phrase_index = phrases;
    }

    /// The units expected to report in `period`: those in force on the
    /// period's last cut-off day, in plan order.
    pub fn expected_units(&self, period: Period) -> Vec<&Unit> {
        let day = period.cutoff_end();
        self.units.iter().filter(|u| u.in_force(day)).collect()
    }

    /// The unit that answers for `code` on `date`: the unit itself when it is
    /// in force, else the first successor in its `thay_the_boi` chain that is.
    /// `None` when the code is unknown or no unit of the chain is in force.
    ///
    /// # Examples
    /// ```
    /// # let dir = tempfile::tempdir()?;
    /// # tonghop::plan::write_example(dir.path())?;
    /// # use chrono::NaiveDate;
    /// let plan = tonghop::plan::load(dir.path())?;
    /// let d = NaiveDate::from_ymd_opt(2021, 6, 14).unwrap();
    /// assert_eq!(plan.successor_in_force("QHB", d).map(|u| u.code.as_str()), Some("STP"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn successor_in_force(&self, code: &str, date: NaiveDate) -> Option<&Unit> {
        let mut u = self.unit(code)?;
        // The plan loader rejects cycles, and the bound keeps this loop finite
        // even so.
        for _ in 0..=self.units.len() {
            if u.in_force(date) {
                return Some(u);
            }
            u = self.unit(u.successor.as_deref()?)?;
        }
        None
    }

    /// The successor chain of a unit: the codes that took over, in order
    /// (empty when the unit never merged).
    pub fn successor_chain(&self, code: &str) -> Vec<&Unit> {
        let mut out: Vec<&Unit> = Vec::new();
        let mut at = self.unit(code);
        while let Some(next) = at
            .and_then(|u| u.successor.as_deref())
            .and_then(|c| self.unit(c))
        {
            if out.iter().any(|o| o.code == next.code) {
                break;
            }
            out.push(next);
            at = Some(next);
        }
        out
    }
}

/// Folded words of a text: letters and digits only, split on anything else.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Period, Role};
    use unicode_normalization::UnicodeNormalization;

    fn plan() -> Plan {
        let dir = tempfile::tempdir().unwrap();
        crate::plan::write_example(dir.path()).unwrap();
        crate::plan::load(dir.path()).unwrap()
    }

    #[test]
    fn resolves_without_diacritics_and_in_nfd() {
        let p = plan();
        let nfd: String = "Ủy ban nhân dân quận Hồng Bàng".nfd().collect();
        for t in [
            "QHB",
            "qhb",
            "Ủy ban nhân dân quận Hồng Bàng",
            "UY BAN NHAN DAN QUAN HONG BANG",
            "uy ban nhan dan quan hong bang",
            nfd.as_str(),
            "Quận  Hồng Bàng",
            "hong bang",
        ] {
            assert_eq!(
                p.resolve_unit(t).map(|u| u.code.as_str()),
                Some("QHB"),
                "{t}"
            );
        }
        assert!(p.resolve_unit("Sở Ngoại vụ").is_none());
        assert!(p.resolve_unit("").is_none());
    }

    #[test]
    fn finds_units_inside_titles_and_paths() {
        let p = plan();
        let codes = |t: &str| {
            p.find_units_in(t)
                .iter()
                .map(|u| u.code.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("Đơn vị báo cáo: Sở Tư pháp"), ["STP"]);
        assert_eq!(codes("Uy ban nhan dan quan Hong Bang/BC 6T.xlsx"), ["QHB"]);
        assert_eq!(codes("Bieu mau bao cao.xlsx"), Vec::<String>::new());
        assert_eq!(codes("SCT - STP.xlsx"), ["SCT", "STP"]);
        // "sct" inside another word is not the code.
        assert_eq!(codes("ASCTX.xlsx"), Vec::<String>::new());
    }

    #[test]
    fn expected_units_follow_validity() {
        let p = plan();
        let e = |per: Period| {
            p.expected_units(per)
                .iter()
                .map(|u| u.code.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(e(Period::first_half(2020)), ["SCT", "STP", "QHB"]);
        assert_eq!(e(Period::first_half(2021)), ["SCT", "STP"]);
    }

    #[test]
    fn successor_takes_over_roles() {
        let p = plan();
        let y2021 = Period::whole_year(2021);
        let y2020 = Period::whole_year(2020);
        // NV1: lead SCT, coordinators STP and QHB; QHB merged into STP.
        assert_eq!(p.role_of("QHB", "NV1", y2020), Some(Role::Coordinator));
        assert_eq!(p.role_of("QHB", "NV1", y2021), None);
        assert_eq!(p.role_of("STP", "NV1", y2021), Some(Role::Coordinator));
        let t = p.task("NV1").unwrap();
        assert_eq!(p.coordinators_in(t, y2021), ["STP"]);
        assert_eq!(p.coordinators_in(t, y2020), ["STP", "QHB"]);
        assert_eq!(
            p.successor_chain("QHB")
                .iter()
                .map(|u| u.code.as_str())
                .collect::<Vec<_>>(),
            ["STP"]
        );
    }
}
