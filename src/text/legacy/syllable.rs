//! What a Vietnamese syllable is (onset, vowel group, final, tone), to judge
//! whether a text reads as Vietnamese.

use unicode_normalization::UnicodeNormalization;

use super::tables::*;

/// When every word of `text` (a run of characters `in_word` accepts) that
/// has a character outside ASCII is a Vietnamese syllable (and there is at
/// least one such word): the number of characters in those words. `None`
/// otherwise.
pub(super) fn reads_vietnamese(text: &str, in_word: impl Fn(char) -> bool) -> Option<usize> {
    let mut letters = 0;
    let mut words = 0;
    for word in text.split(|c: char| !in_word(c)) {
        if word.is_empty() || word.is_ascii() {
            continue;
        }
        if !is_syllable(word) {
            return None;
        }
        words += 1;
        letters += word.chars().count();
    }
    (words > 0).then_some(letters)
}

/// The vowel groups of Vietnamese syllables (after the onset, before the
/// final consonant), without tones.
pub(super) const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô",
    "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "oai", "oay", "oao", "oeo", "uây", "uôi", "uya",
    "uyê", "uyu", "ươi", "ươu", "iêu", "yêu", "uai", "uao", "uêu",
];

/// Vowel groups that end the syllable.
pub(super) const OPEN_ONLY: &[&str] = &[
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu",
    "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "iêu", "yêu", "uyu", "uai", "uao",
    "uêu", "ia", "ua", "ưa", "uya",
];

/// Finals that follow a vowel group.
pub(super) const FINALS: &[&str] = &["ng", "nh", "ch", "c", "m", "n", "p", "t"];

/// Onsets, longest first.
pub(super) const ONSETS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Whether `word` is one Vietnamese syllable: onset, vowel group, final,
/// at most one tone, and a stop final (c, ch, p, t) only with the acute or
/// dot tone.
pub(super) fn is_syllable(word: &str) -> bool {
    let mut tone = None;
    let mut plain = String::new();
    for c in word.nfd() {
        match c {
            GRAVE | ACUTE | TILDE | HOOK | DOT => {
                // A tone sits on a vowel ("ñ" is n with a tilde: not
                // Vietnamese).
                let on_vowel = plain
                    .chars()
                    .rev()
                    .find(|m| !matches!(*m, CIRCUMFLEX | BREVE | HORN))
                    .is_some_and(|b| "aeiouyAEIOUY".contains(b));
                if !on_vowel || tone.replace(c).is_some() {
                    return false;
                }
            }
            _ => plain.push(c),
        }
    }
    let plain: String = plain.nfc().collect::<String>().to_lowercase();
    if !plain
        .chars()
        .all(|c| c.is_ascii_lowercase() || "ăâđêôơư".contains(c))
    {
        return false;
    }
    let is_vowel = |c: char| "aăâeêioôơuưy".contains(c);
    let mut onset = ONSETS
        .iter()
        .find(|o| plain.starts_with(*o))
        .copied()
        .unwrap_or("");
    // "gì", "gin": the i is the vowel.
    if onset == "gi" && !plain[2..].chars().any(is_vowel) {
        onset = "g";
    }
    let rest = &plain[onset.len()..];
    let final_ = FINALS
        .iter()
        .find(|f| rest.ends_with(*f) && rest.len() > f.len())
        .copied()
        .unwrap_or("");
    let nucleus = &rest[..rest.len() - final_.len()];
    if nucleus.is_empty() || !NUCLEI.contains(&nucleus) {
        return false;
    }
    // A group ending in a glide (and ia, ua, ưa, uya) takes no final; nh
    // and ch follow a, ê, i, y only ("anh", "ếch", "ình", "huỳnh").
    // ("oo" of the loanwords "xoong", "moóc" is left out: in TCVN3 it is
    // what VNI's "oâ" looks like.)
    if OPEN_ONLY.contains(&nucleus) && !final_.is_empty() {
        return false;
    }
    if matches!(final_, "nh" | "ch")
        && !matches!(nucleus.chars().last(), Some('a' | 'ê' | 'i' | 'y'))
    {
        return false;
    }
    if matches!(final_, "c" | "ch" | "p" | "t") && !matches!(tone, None | Some(ACUTE) | Some(DOT)) {
        return false;
    }
    true
}
