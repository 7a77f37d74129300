//! The columns of the two tables and the labels that name them: a label
//! in comparable form ([`norm_label`]) and the column it names.

use crate::read::{IndicatorCol, Raw, TaskCol};
use crate::text::fold;

/// A table kind: the task table or the indicator table.
pub(in crate::read) trait Column: Copy + Ord + std::fmt::Debug + 'static {
    /// Every column with its accepted labels, already in [`norm_label`] form.
    const LABELS: &'static [(Self, &'static [&'static str])];
    /// The code column.
    const CODE: Self;
    /// Columns whose value keeps a row that has no code (so that validation
    /// can flag it).
    const KEEP_WITHOUT_CODE: &'static [Self];
    /// A column that may hold a row number or a section letter ("A", "I").
    const NUMBER: Option<Self>;
    /// The most letters any label of [`Column::LABELS`] has.
    const MAX_LETTERS: usize = max_letters(Self::LABELS);
}

/// The most ASCII letters in one label of `labels`.
const fn max_letters<C>(labels: &[(C, &[&str])]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < labels.len() {
        let variants = labels[i].1;
        let mut j = 0;
        while j < variants.len() {
            let b = variants[j].as_bytes();
            let (mut k, mut n) = (0, 0);
            while k < b.len() {
                if b[k].is_ascii_alphabetic() {
                    n += 1;
                }
                k += 1;
            }
            if n > max {
                max = n;
            }
            j += 1;
        }
        i += 1;
    }
    max
}

/// Whether `s` has too many letters to be any label of `C`, told without
/// folding it: [`norm_label`] keeps every ASCII letter but the `i` and `v`
/// of a leading numbering ("II.", "iv)"), so more of the others than the
/// longest label has rules a match out. Most data cells (a task, a result)
/// are ruled out here, which is most of the cost of finding a header.
fn too_long_for<C: Column>(s: &str) -> bool {
    s.len() > MAX_LABEL_BYTES
        || s.bytes()
            .filter(|b| b.is_ascii_alphabetic() && !matches!(b, b'i' | b'I' | b'v' | b'V'))
            .count()
            > C::MAX_LETTERS
}

impl Column for TaskCol {
    const LABELS: &'static [(TaskCol, &'static [&'static str])] = &[
        (TaskCol::Number, &["stt", "tt", "so tt", "so thu tu"]),
        (TaskCol::Code, &["ma nhiem vu", "ma nv", "ma so", "ma"]),
        (
            TaskCol::Content,
            &["noi dung nhiem vu", "nhiem vu", "noi dung", "ten nhiem vu"],
        ),
        (TaskCol::Role, &["vai tro"]),
        (
            TaskCol::Status,
            &[
                "tinh trang",
                "tien do",
                "trang thai",
                "tinh trang thuc hien",
                "tien do thuc hien",
                "trang thai thuc hien",
            ],
        ),
        (
            TaskCol::Share,
            &[
                "ty le hoan thanh",
                "% hoan thanh",
                "ty le",
                "ty le %",
                "muc do hoan thanh",
            ],
        ),
        (TaskCol::Result, &["ket qua thuc hien", "ket qua"]),
        (
            TaskCol::Difficulty,
            &["kho khan vuong mac", "kho khan", "vuong mac"],
        ),
        (
            TaskCol::Proposal,
            &[
                "de xuat kien nghi",
                "kien nghi de xuat",
                "kien nghi",
                "de xuat",
            ],
        ),
    ];
    const CODE: TaskCol = TaskCol::Code;
    const KEEP_WITHOUT_CODE: &'static [TaskCol] =
        &[TaskCol::Status, TaskCol::Share, TaskCol::Result];
    const NUMBER: Option<TaskCol> = Some(TaskCol::Number);
}

impl Column for IndicatorCol {
    const LABELS: &'static [(IndicatorCol, &'static [&'static str])] = &[
        (IndicatorCol::Code, &["ma chi tieu", "ma ct", "ma so", "ma"]),
        (
            IndicatorCol::Name,
            &["ten chi tieu", "chi tieu", "noi dung chi tieu"],
        ),
        (IndicatorCol::Measure, &["don vi tinh", "dvt", "don vi"]),
        (
            IndicatorCol::Value,
            &[
                "thuc hien ky bao cao",
                "thuc hien",
                "ky nay",
                "thuc hien ky nay",
                "thuc hien trong ky",
                "so thuc hien",
                "so lieu thuc hien",
                "gia tri thuc hien",
            ],
        ),
        (
            IndicatorCol::PreviousYear,
            &["cung ky nam truoc", "cung ky", "cung ky nam ngoai"],
        ),
        (IndicatorCol::Note, &["ghi chu"]),
    ];
    const CODE: IndicatorCol = IndicatorCol::Code;
    const KEEP_WITHOUT_CODE: &'static [IndicatorCol] = &[IndicatorCol::Value];
    const NUMBER: Option<IndicatorCol> = None;
}

/// Longest text taken for a label, in bytes; longer text matches none.
pub(super) const MAX_LABEL_BYTES: usize = 256;

/// A label in comparable form: folded (case, diacritics, spaces), a
/// parenthesised "%", "*" or number removed, other punctuation turned into
/// spaces ("%" kept as a word), leading numbering ("1.", "II.") and a
/// trailing "%" dropped.
///
/// "Tỷ lệ hoàn\nthành (%)" → "ty le hoan thanh"; "% hoàn thành" →
/// "% hoan thanh"; "Khó khăn, vướng mắc" → "kho khan vuong mac".
pub(in crate::read) fn norm_label(s: &str) -> String {
    // No label is this long: folding paragraphs of results, or a huge cell
    // of a hostile file, for every header candidate cost most of the time.
    if s.len() > MAX_LABEL_BYTES {
        return String::new();
    }
    let f = fold(s);
    // Drop "(%)", "(*)", "(1)"… groups.
    let mut cleaned = String::with_capacity(f.len());
    let mut rest = f.as_str();
    while let Some(open) = rest.find('(') {
        cleaned.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(')') {
            Some(close) => {
                let inner = after[..close].trim();
                let drop = inner.is_empty()
                    || inner == "%"
                    || inner == "*"
                    || inner.chars().all(|c| c.is_ascii_digit());
                if !drop {
                    cleaned.push(' ');
                    cleaned.push_str(inner);
                    cleaned.push(' ');
                }
                rest = &after[close + 1..];
            }
            None => {
                rest = after;
            }
        }
    }
    cleaned.push_str(rest);
    // Words: runs of letters and digits, and each "%" on its own.
    let mut words: Vec<&str> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in cleaned.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(b) = start.take() {
            words.push(&cleaned[b..i]);
        }
        if c == '%' {
            words.push("%");
        }
    }
    if let Some(b) = start {
        words.push(&cleaned[b..]);
    }
    // Leading numbering: "1", "2", "i", "ii", "iv", "a" before a longer label.
    let lead = words
        .iter()
        .take_while(|w| is_numbering_word(w))
        .count()
        .min(words.len().saturating_sub(1));
    let mut words = &words[lead..];
    if words.len() > 1 && words.last() == Some(&"%") {
        words = &words[..words.len() - 1];
    }
    words.join(" ")
}

pub(super) fn is_numbering_word(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_digit())
        || matches!(w, "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii")
}

/// The column of kind `C` that `label` (in [`norm_label`] form) names.
pub(in crate::read) fn match_label<C: Column>(label: &str) -> Option<C> {
    if label.is_empty() {
        return None;
    }
    C::LABELS
        .iter()
        .find(|(_, variants)| variants.contains(&label))
        .map(|(c, _)| *c)
}

/// The column of kind `C` a cell's text names, when it is text.
pub(super) fn cell_label<C: Column>(v: &Raw) -> Option<C> {
    match v {
        Raw::Text(t) if !too_long_for::<C>(t) => match_label::<C>(&norm_label(t)),
        _ => None,
    }
}
