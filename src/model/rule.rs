//! The rules of RULES.md: code, severity and whether a finding excludes the
//! file. Their texts (title, hint) are in `messages::RULES`.

use std::fmt;

use serde::Serialize;

/// How serious a finding is (RULES.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    /// Lỗi: the data is wrong or missing; the unit must resend.
    #[serde(rename = "loi")]
    Error,
    /// Cảnh báo: probably wrong; a person should look.
    #[serde(rename = "canh_bao")]
    Warning,
    /// Thông tin: noted, nothing to do.
    #[serde(rename = "thong_tin")]
    Info,
}

impl Severity {
    /// The code used in `kiem-tra.csv`: `loi`, `canh_bao` or `thong_tin`.
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "loi",
            Severity::Warning => "canh_bao",
            Severity::Info => "thong_tin",
        }
    }

    /// The word of RULES.md: "Lỗi", "Cảnh báo", "Thông tin".
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "Lỗi",
            Severity::Warning => "Cảnh báo",
            Severity::Info => "Thông tin",
        }
    }
}

/// Whether a file with the finding is left out of the consolidation.
const EXCLUDES: bool = true;
const KEEPS: bool = false;

macro_rules! rules {
    ($($code:ident: $sev:ident, $excl:ident;)*) => {
        /// A rule of the catalog (RULES.md), with its severity and whether it
        /// excludes the file. The text of each rule lives in
        /// `messages::RULES`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[allow(missing_docs)]
        pub enum Rule { $($code),* }

        impl Rule {
            /// Every rule, in catalog order.
            pub const ALL: &'static [Rule] = &[$(Rule::$code),*];

            /// The rule's code, e.g. `"F01"`.
            pub fn code(self) -> &'static str {
                match self { $(Rule::$code => stringify!($code)),* }
            }

            /// The rule's severity (RULES.md). A finding may carry another
            /// where RULES.md sets one for a case (T03 on a coordinated
            /// task is a warning).
            pub fn severity(self) -> Severity {
                match self { $(Rule::$code => Severity::$sev),* }
            }

            /// Whether a file with this finding is excluded from
            /// consolidation.
            pub fn excludes(self) -> bool {
                match self { $(Rule::$code => $excl),* }
            }
        }
    };
}

rules! {
    F01: Error, EXCLUDES;
    F02: Error, EXCLUDES;
    F03: Error, EXCLUDES;
    F04: Error, EXCLUDES;
    F05: Error, EXCLUDES;
    F06: Info, KEEPS;
    F07: Warning, KEEPS;
    F08: Warning, KEEPS;
    F09: Error, KEEPS;
    F10: Warning, KEEPS;
    F11: Info, KEEPS;
    F12: Error, EXCLUDES;
    F13: Warning, KEEPS;
    // Excludes the file only when on "Kỳ báo cáo" or the unit (see
    // validate::check_report): the rule itself keeps the file.
    F14: Error, KEEPS;
    F15: Info, KEEPS;
    T01: Error, KEEPS;
    T02: Warning, KEEPS;
    T03: Error, KEEPS;
    T04: Error, KEEPS;
    T05: Error, KEEPS;
    T06: Warning, KEEPS;
    T07: Error, KEEPS;
    T08: Error, KEEPS;
    T09: Error, KEEPS;
    T10: Warning, KEEPS;
    T11: Info, KEEPS;
    T12: Warning, KEEPS;
    I01: Error, KEEPS;
    I02: Error, KEEPS;
    I03: Warning, KEEPS;
    I04: Warning, KEEPS;
    I05: Warning, KEEPS;
    I06: Error, KEEPS;
    I07: Warning, KEEPS;
    I08: Warning, KEEPS;
    I09: Warning, KEEPS;
    I10: Warning, KEEPS;
    R01: Warning, KEEPS;
}

impl Rule {
    /// Parses a code such as `"T04"` (any case).
    ///
    /// # Examples
    /// ```
    /// use tonghop::model::Rule;
    /// assert_eq!(Rule::from_code("t04"), Some(Rule::T04));
    /// assert_eq!(Rule::from_code("X99"), None);
    /// ```
    pub fn from_code(s: &str) -> Option<Rule> {
        let s = s.trim().to_ascii_uppercase();
        Rule::ALL.iter().copied().find(|r| r.code() == s)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Rule::ALL {
            assert_eq!(Rule::from_code(r.code()), Some(*r));
        }
        assert_eq!(Rule::ALL.len(), 15 + 12 + 10 + 1);
    }

    #[test]
    fn severities_and_exclusions_match_rules_md() {
        use Severity::*;
        let expect: &[(&str, Severity, bool)] = &[
            ("F01", Error, true),
            ("F02", Error, true),
            ("F03", Error, true),
            ("F04", Error, true),
            ("F05", Error, true),
            ("F06", Info, false),
            ("F07", Warning, false),
            ("F08", Warning, false),
            ("F09", Error, false),
            ("F10", Warning, false),
            ("F11", Info, false),
            ("F12", Error, true),
            ("F13", Warning, false),
            ("F14", Error, false),
            ("F15", Info, false),
            ("T01", Error, false),
            ("T02", Warning, false),
            ("T03", Error, false),
            ("T04", Error, false),
            ("T05", Error, false),
            ("T06", Warning, false),
            ("T07", Error, false),
            ("T08", Error, false),
            ("T09", Error, false),
            ("T10", Warning, false),
            ("T11", Info, false),
            ("I01", Error, false),
            ("I02", Error, false),
            ("I03", Warning, false),
            ("I04", Warning, false),
            ("I05", Warning, false),
            ("I06", Error, false),
            ("I07", Warning, false),
            ("I08", Warning, false),
            ("I09", Warning, false),
            ("I10", Warning, false),
            ("R01", Warning, false),
        ];
        for (code, sev, excl) in expect {
            let r = Rule::from_code(code).expect("a rule code");
            assert_eq!(r.severity(), *sev, "{code}");
            assert_eq!(r.excludes(), *excl, "{code}");
        }
    }
}
