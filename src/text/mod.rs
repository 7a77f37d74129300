//! Vietnamese text handling: NFC normalisation and the folding used to compare
//! labels, statuses, unit names and period spellings.
//!
//! FORM.md: labels match case-insensitively, with or without diacritics,
//! after NFC normalisation and whitespace collapsing. The user's original text
//! is never replaced by its folded form in the outputs; folding is only for
//! comparison.

pub mod legacy;
pub mod number;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Returns `s` in Unicode NFC.
///
/// # Examples
/// ```
/// let nfd = "Tie\u{0302}\u{0301}n"; // "Tiến" typed in NFD
/// assert_eq!(tonghop::text::nfc(nfd), "Tiến");
/// ```
pub fn nfc(s: &str) -> String {
    // Nearly all text from Excel is NFC already; the check is cheap.
    if is_nfc(s) {
        return s.to_string();
    }
    s.nfc().collect()
}

/// Whether `s` is in NFC for sure: every character below the combining
/// marks (U+0300) or a precomposed letter of Latin Extended Additional
/// (U+1E00–U+1EFF, where Vietnamese letters with two marks live), which
/// needs no table; otherwise Unicode's quick check. `false` means "maybe
/// not": the text is then normalised.
///
/// # Examples
/// ```
/// assert!(tonghop::text::is_nfc("Tiến độ thực hiện"));
/// assert!(!tonghop::text::is_nfc("Tie\u{0302}\u{0301}n"));
/// ```
pub fn is_nfc(s: &str) -> bool {
    s.chars()
        .all(|c| c < '\u{0300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c))
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Folds `s` for comparison: NFC, lower case, Vietnamese diacritics removed
/// (`đ` → `d`), whitespace runs (including non-breaking spaces and line
/// breaks) collapsed to one space, and trimmed. Invisible format characters
/// (zero-width spaces, direction marks, BOM) are dropped.
///
/// # Examples
/// ```
/// use tonghop::text::fold;
/// assert_eq!(fold("  TÌNH   TRẠNG "), "tinh trang");
/// assert_eq!(fold("Đang thực hiện"), fold("dang thuc hien"));
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut push = |c: char, out: &mut String| {
        // ASCII has no marks and no invisible characters: most characters
        // skip those tables.
        if !c.is_ascii() && (is_combining_mark(c) || is_invisible(c)) {
            return;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            return;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ => out.extend(c.to_lowercase()),
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c, &mut out);
        } else {
            // Canonical decomposition of one character: the base letter
            // first, then its marks, which `push` drops.
            unicode_normalization::char::decompose_canonical(c, |d| push(d, &mut out));
        }
    }
    out
}

/// Folds `s` like [`fold`] and also removes every character that is not a
/// letter or a digit, so that "Sở KH&ĐT", "So KH DT" and "sokhdt" compare
/// equal. Used for unit names and aliases, never for codes.
///
/// # Examples
/// ```
/// assert_eq!(tonghop::text::fold_compact("Sở KH&ĐT"), "sokhdt");
/// ```
pub fn fold_compact(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Normalises a code (unit, task or indicator): NFC, trimmed, upper case,
/// inner whitespace removed. Codes match case-insensitively after trimming.
///
/// # Examples
/// ```
/// assert_eq!(tonghop::text::code(" nv1.01 "), "NV1.01");
/// ```
pub fn code(s: &str) -> String {
    code_of(s).into_owned()
}

/// [`code`], borrowed when `s` is one already (plain ASCII, no lower case,
/// no whitespace: most lookups of a code read from an output or the plan),
/// so a lookup by code allocates nothing.
///
/// # Examples
/// ```
/// use std::borrow::Cow;
/// assert!(matches!(tonghop::text::code_of("NV1.01"), Cow::Borrowed("NV1.01")));
/// assert_eq!(tonghop::text::code_of(" nv1.01 "), "NV1.01");
/// ```
pub fn code_of(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes()
        .all(|b| b.is_ascii_graphic() && !b.is_ascii_lowercase())
    {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(code_owned(s))
}

fn code_owned(s: &str) -> String {
    if s.is_ascii() {
        // The common case, without the NFC pass.
        return s
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
    }
    nfc(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !is_invisible(*c))
        .flat_map(char::to_uppercase)
        .collect()
}

/// The first `n` words of `s`, with "…" when there are more: how a task is
/// named by its content in short messages.
///
/// # Examples
/// ```
/// use tonghop::text::first_words;
/// assert_eq!(first_words("Tuyên truyền về hội nhập quốc tế", 3), "Tuyên truyền về…");
/// assert_eq!(first_words(" Hai  từ ", 3), "Hai từ");
/// ```
pub fn first_words(s: &str, n: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out = words.iter().take(n).copied().collect::<Vec<_>>().join(" ");
    if words.len() > n {
        out = out.trim_end_matches([',', ';', ':', '.']).to_string();
        out.push('…');
    }
    out
}

/// Zero-width and bidirectional format characters that people never mean to
/// type but that arrive in copied text.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Cleans text that came from a cell for display in the outputs: NFC, control
/// characters other than line breaks and tabs removed, trimmed. The text
/// otherwise stays as the unit typed it.
///
/// # Examples
/// ```
/// assert_eq!(tonghop::text::clean("  Đã xong\u{0007} "), "Đã xong");
/// ```
pub fn clean(s: &str) -> String {
    let kept = |c: &char| !c.is_control() || *c == '\n' || *c == '\t';
    if is_nfc(s) && s.chars().all(|c| kept(&c)) {
        // Most cells: nothing to change but the ends.
        return s.trim().to_string();
    }
    let t: String = s.nfc().filter(kept).collect();
    t.trim().to_string()
}

/// Formats a number for files and messages: whole numbers without
/// decimals, others as the shortest exact decimal (`12.5`).
///
/// # Examples
/// ```
/// assert_eq!(tonghop::text::format_number(38.0), "38");
/// assert_eq!(tonghop::text::format_number(0.5), "0.5");
/// ```
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_nfc_ranges_are_nfc() {
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let fast = ('\u{0}'..'\u{0300}').chain('\u{1E00}'..='\u{1EFF}');
        for c in fast {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
        }
        assert!(!is_nfc("e\u{0301}"));
        assert!(is_nfc("Hoàn thành, đạt 100% kế hoạch"));
    }

    #[test]
    fn ascii_folds_as_before() {
        // Every ASCII character folds as the general path folds it.
        for b in 0u8..128 {
            let c = char::from(b);
            let s = format!("a{c}b");
            let expected = if c.is_whitespace() {
                "a b".to_string()
            } else {
                format!("a{}b", c.to_ascii_lowercase())
            };
            assert_eq!(fold(&s), expected, "{b}");
        }
    }

    #[test]
    fn fold_matches_spec_examples() {
        assert_eq!(fold("Tinh trang"), "tinh trang");
        assert_eq!(fold("TÌNH TRẠNG"), "tinh trang");
        assert_eq!(fold("Tình  trạng"), "tinh trang");
        assert_eq!(fold("Tình\u{a0}trạng\n"), "tinh trang");
    }

    #[test]
    fn fold_nfd_and_nfc_agree() {
        let nfc_text = "Ủy ban nhân dân huyện Thủy Nguyên";
        let nfd_text: String = nfc_text.nfd().collect();
        assert_ne!(nfc_text, nfd_text);
        assert_eq!(fold(nfc_text), fold(&nfd_text));
        assert_eq!(fold(nfc_text), "uy ban nhan dan huyen thuy nguyen");
    }

    #[test]
    fn fold_drops_invisible_marks() {
        assert_eq!(fold("\u{200F}Hoàn\u{200B} thành\u{FEFF}"), "hoan thanh");
    }

    #[test]
    fn a_borrowed_code_is_the_code() {
        use std::borrow::Cow;
        for s in [
            "NV1.01",
            "nv1.01",
            " NV1.01",
            "NV 1.01",
            "NV1.01\t",
            "SCT",
            "Sct",
            "ĐV01",
            "dv\u{200b}01",
            "",
            "A-B_C/2",
            "e\u{301}",
        ] {
            let c = code_of(s);
            assert_eq!(c, code(s), "{s:?}");
            // Borrowed only when it is the code; always so for an ASCII code.
            let borrowed = matches!(c, Cow::Borrowed(_));
            assert!(!borrowed || code(s) == s, "{s:?}");
            assert_eq!(borrowed, s.is_ascii() && code(s) == s, "{s:?}");
        }
    }

    #[test]
    fn code_is_upper_and_trimmed() {
        assert_eq!(code("\tsct "), "SCT");
        assert_eq!(code("ct 01"), "CT01");
    }

    #[test]
    fn compact_ignores_punctuation() {
        assert_eq!(fold_compact("Sở LĐ-TB&XH"), fold_compact("So LD TB XH"));
    }
}
