//! Text typed in the pre-Unicode Vietnamese encodings, converted to Unicode
//! NFC.
//!
//! Many offices still keep templates in the fonts of two 8-bit encodings:
//! - **TCVN3** (ABC; the "VN3" table of TCVN 5712:1993), fonts whose names
//!   start with a dot: `.VnTime`, `.VnArial`… One code point per letter
//!   with its tone. The small letters with tones sit at 0xB5–0xFE and the
//!   toneless Ă Â Ê Ô Ơ Ư Đ ă â ê ô ơ ư đ at 0xA1–0xAE; capitals with tones
//!   do not exist: the "H" fonts (`.VnTimeH`, `.VnArialH`…) draw every
//!   letter as a capital at the code point of the small one, so the case
//!   comes from the font.
//! - **VNI Windows** (`VNI-Times`, `VNI-Helve`…): an ASCII letter followed
//!   by a mark byte (`a` + `ù` = "á", `o` + `â` = "ô", `ô` + `ø` = "ờ"), and
//!   single bytes for đ, ơ, ư, the i's with tones and ỵ.
//!
//! A spreadsheet stores such a cell as the Windows-1252 characters of its
//! bytes: "Sở Xây dựng" arrives as "Së X©y dùng" (TCVN3) or "Sôû Xaây
//! döïng" (VNI). The tables below are the public ones: TCVN 5712:1993,
//! table VN3 (the code points of the ABC fonts), and the VNI Windows font
//! layout, the same the common converters use (Unikey's `vnconv`, charsets
//! "TCVN3" and "VNI-WIN", among others); the TCVN3 table was checked entry
//! by entry against a published converter's table, and both are tested
//! letter by letter, every vowel with every tone, against Unicode.
//!
//! The readers call this module once a text cell is read, before any
//! label or value is interpreted (`read::legacy`, from `read::workbook`);
//! where a format gives the cell's font, [`convert`] takes it.
//!
//! The font is a hint, the characters decide ([`convert`]): a cell whose
//! text already holds Unicode Vietnamese stays as it is, whatever its
//! font. Without a font, [`detect`] judges a whole cell and fires only when
//! the cell does not read as Vietnamese as it stands and every word it
//! changes reads as a Vietnamese syllable after conversion, so that
//! ordinary text such as "µg/m³", "©" or "®", and Unicode Vietnamese such as
//! "Tháng 6" (whose "á" is also a TCVN3 code point), are left alone.
//! [`Detector`] gathers the verdicts of many cells for a judgement on a
//! whole column or report.

mod detector;
mod syllable;
mod tables;
#[cfg(test)]
mod tests;

use unicode_normalization::UnicodeNormalization;

pub use detector::Detector;
use syllable::reads_vietnamese;
use tables::*;

/// A pre-Unicode Vietnamese encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Encoding {
    /// TCVN3 (ABC), TCVN 5712:1993 VN3: fonts `.VnTime`, `.VnArial`…
    Tcvn3,
    /// VNI Windows: fonts `VNI-Times`, `VNI-Helve`…
    Vni,
}

impl Encoding {
    /// Its usual name, for messages: "TCVN3" or "VNI".
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Tcvn3 => "TCVN3",
            Encoding::Vni => "VNI",
        }
    }
}

/// The encoding a font name says, and whether it is a TCVN3 "H" (capitals)
/// font. `None` for a Unicode font.
///
/// # Examples
/// ```
/// use tonghop::text::legacy::{font_encoding, Encoding};
/// assert_eq!(font_encoding(".VnTime"), Some((Encoding::Tcvn3, false)));
/// assert_eq!(font_encoding(".VnTimeH"), Some((Encoding::Tcvn3, true)));
/// assert_eq!(font_encoding("VNI-Times"), Some((Encoding::Vni, false)));
/// assert_eq!(font_encoding("Times New Roman"), None);
/// ```
pub fn font_encoding(font: &str) -> Option<(Encoding, bool)> {
    let f = font.trim();
    let lower = f.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix(".vn") {
        // ".VnTimeH", ".VnArialH", ".VnCourierH"…: the last letter of the
        // name is an upper-case H; ".VnTime" ends in a small letter.
        let capitals = f.ends_with('H') && rest.len() > 1;
        return Some((Encoding::Tcvn3, capitals));
    }
    if lower.starts_with("vni-") || lower.starts_with("vni ") {
        return Some((Encoding::Vni, false));
    }
    None
}

/// Converts `text` typed in a legacy font to Unicode NFC. `font` is the
/// cell's font name when the format gives it.
///
/// `None` when there is nothing to convert: the text holds no legacy code
/// point, or it holds Unicode Vietnamese already (the font is a hint, the
/// characters decide), or, without a legacy font, [`detect`] does not judge
/// it legacy.
///
/// # Examples
/// ```
/// use tonghop::text::legacy::convert;
/// assert_eq!(convert("Së X©y dùng", Some(".VnTime")).as_deref(), Some("Sở Xây dựng"));
/// assert_eq!(convert("Së X©y dùng", None).as_deref(), Some("Sở Xây dựng"));
/// assert_eq!(convert("b¸o c¸o", Some(".VnTimeH")).as_deref(), Some("BÁO CÁO"));
/// assert_eq!(convert("Sôû Xaây döïng", Some("VNI-Times")).as_deref(), Some("Sở Xây dựng"));
/// assert_eq!(convert("Sở Xây dựng", Some(".VnTime")), None);
/// assert_eq!(convert("µg/m³", None), None);
/// ```
pub fn convert(text: &str, font: Option<&str>) -> Option<String> {
    if has_unicode_vietnamese(text) {
        return None;
    }
    match font.and_then(font_encoding) {
        Some((enc, capitals)) => {
            if !text.chars().any(|c| is_legacy_char(c, enc)) {
                return None;
            }
            Some(decode(text, enc, capitals))
        }
        None => detect(text).map(|enc| decode(text, enc, false)),
    }
}

/// Judges a whole cell without font information: the encoding it is typed
/// in, or `None` when it is not (or not clearly) legacy text.
///
/// It fires only when the text does not read as Vietnamese as it stands,
/// every character outside ASCII belongs to the encoding, and after
/// conversion every changed word is a Vietnamese syllable, with at least
/// three letters changed or kept around the changes.
///
/// # Examples
/// ```
/// use tonghop::text::legacy::{detect, Encoding};
/// assert_eq!(detect("6 th¸ng ®Çu n¨m 2020"), Some(Encoding::Tcvn3));
/// assert_eq!(detect("Tröôøng hoïc"), Some(Encoding::Vni));
/// for s in ["µg/m³", "©", "® 2020", "Tháng 6", "Báo cáo", "Café", "50 m²", "25°C"] {
///     assert_eq!(detect(s), None, "{s}");
/// }
/// ```
pub fn detect(text: &str) -> Option<Encoding> {
    if has_unicode_vietnamese(text) || text.is_ascii() {
        return None;
    }
    for enc in [Encoding::Tcvn3, Encoding::Vni] {
        if !fits(text, enc) || reads_as_is(text, enc) {
            continue;
        }
        let decoded = decode(text, enc, false);
        if reads_vietnamese(&decoded, char::is_alphabetic).is_some_and(|letters| letters >= 3) {
            return Some(enc);
        }
    }
    None
}

/// Whether `text` reads as Vietnamese as it stands ("Tháng 6", "Báo cáo"),
/// the characters of `enc` that are not letters in Unicode ("¸" in "b¸o")
/// counted as part of their word, so that they make it unreadable.
fn reads_as_is(text: &str, enc: Encoding) -> bool {
    reads_vietnamese(text, |c| c.is_alphabetic() || is_legacy_char(c, enc)).is_some()
}

/// Decodes `text` from `enc` (always; see [`convert`] for the judgement).
/// `capitals`: the text is in a TCVN3 "H" font, every letter a capital.
/// Characters outside the table are kept.
pub fn decode(text: &str, enc: Encoding, capitals: bool) -> String {
    let out = match enc {
        Encoding::Tcvn3 => {
            let s: String = text.chars().map(|c| tcvn3(c).unwrap_or(c)).collect();
            if capitals {
                s.to_uppercase()
            } else {
                s
            }
        }
        Encoding::Vni => decode_vni(text),
    };
    out.nfc().collect()
}

fn decode_vni(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        // A base vowel (or ơ/ư written as ô/ö) with a mark after it.
        let base: Option<String> = if matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'o' | 'u' | 'y')
        {
            Some(c.to_string())
        } else if matches!(c, 'ô' | 'Ô' | 'ö' | 'Ö') {
            vni_letter(c).map(|s| s.nfd().collect())
        } else {
            None
        };
        if let (Some(base), Some((modifier, tone))) = (base.as_ref(), next.and_then(vni_mark)) {
            let plain = base.chars().next().map(|b| b.to_ascii_lowercase());
            let ok = match modifier {
                Some(CIRCUMFLEX) => matches!(plain, Some('a' | 'e' | 'o')) && base.len() == 1,
                Some(_) => plain == Some('a') && base.len() == 1,
                None => true,
            };
            if ok {
                out.push_str(base);
                out.extend(modifier);
                out.extend(tone);
                i += 2;
                continue;
            }
        }
        match vni_letter(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
        i += 1;
    }
    out
}

/// Encodes Unicode Vietnamese text in `enc`, the inverse of [`decode`]
/// (for fixtures and tests). TCVN3 has no capitals with tones: they are
/// written at the code points of the small letters, as in the "H" fonts.
///
/// # Examples
/// ```
/// use tonghop::text::legacy::{encode, Encoding};
/// assert_eq!(encode("Sở Xây dựng", Encoding::Tcvn3), "Së X©y dùng");
/// assert_eq!(encode("Sở Xây dựng", Encoding::Vni), "Sôû Xaây döïng");
/// ```
pub fn encode(text: &str, enc: Encoding) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.nfc() {
        match enc {
            Encoding::Tcvn3 => {
                let lower = c.to_lowercase().next().unwrap_or(c);
                // A capital with a tone has no code point of its own: the
                // small letter's, as the "H" fonts draw it.
                match TCVN3
                    .iter()
                    .find(|(_, v)| *v == c)
                    .or_else(|| TCVN3.iter().find(|(_, v)| *v == lower))
                {
                    Some((k, _)) => out.push(*k),
                    None => out.push(c),
                }
            }
            Encoding::Vni => out.push_str(&encode_vni_char(c)),
        }
    }
    out
}

fn encode_vni_char(c: char) -> String {
    if let Some((k, _)) = VNI_LETTERS.iter().find(|(_, v)| v.chars().eq([c])) {
        return k.to_string();
    }
    let d: Vec<char> = c.nfd().collect();
    let Some(&base) = d.first() else {
        return c.to_string();
    };
    if d.len() == 1 {
        return c.to_string();
    }
    let upper = base.is_uppercase();
    let mut modifier = None;
    let mut tone = None;
    let mut horn = false;
    for m in &d[1..] {
        match *m {
            CIRCUMFLEX | BREVE => modifier = Some(*m),
            HORN => horn = true,
            t => tone = Some(t),
        }
    }
    let mut out = String::new();
    if horn {
        // ơ, ư: one byte, then the tone mark.
        let letter: String = [base, HORN].iter().collect::<String>().nfc().collect();
        match VNI_LETTERS.iter().find(|(_, v)| *v == letter) {
            Some((k, _)) => out.push(*k),
            None => return c.to_string(),
        }
    } else if base.eq_ignore_ascii_case(&'i')
        || (base.eq_ignore_ascii_case(&'y') && tone == Some(DOT))
    {
        // The i's with tones and ỵ are single bytes.
        return c.to_string();
    } else {
        out.push(base);
    }
    let mark = VNI_MARKS
        .iter()
        .find(|(k, m, t)| *m == modifier && *t == tone && k.is_uppercase() == upper);
    match mark {
        Some((k, _, _)) => out.push(*k),
        None if modifier.is_none() && tone.is_none() => {}
        None => return c.to_string(),
    }
    out
}

/// Whether `c` is a character of `enc`'s table (a code point that stands
/// for a Vietnamese letter or mark).
fn is_legacy_char(c: char, enc: Encoding) -> bool {
    match enc {
        Encoding::Tcvn3 => tcvn3(c).is_some(),
        Encoding::Vni => vni_mark(c).is_some() || vni_letter(c).is_some(),
    }
}

/// Every letter outside ASCII belongs to `enc`, and at least one character
/// does.
fn fits(text: &str, enc: Encoding) -> bool {
    let mut any = false;
    for c in text.chars() {
        if c.is_ascii() {
            continue;
        }
        if is_legacy_char(c, enc) {
            any = true;
        } else if c.is_alphabetic() {
            return false;
        }
    }
    any
}

/// Whether `text` holds a letter that only Unicode Vietnamese text has: the
/// letters with tones of U+1EA0–U+1EF9, ă â… outside Latin-1 (ă đ ĩ ũ ơ ư),
/// or a Vietnamese combining mark (text in NFD).
pub fn has_unicode_vietnamese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(
            c,
            '\u{1EA0}'
                ..='\u{1EF9}'
                    | 'ă'
                    | 'Ă'
                    | 'đ'
                    | 'Đ'
                    | 'ĩ'
                    | 'Ĩ'
                    | 'ũ'
                    | 'Ũ'
                    | 'ơ'
                    | 'Ơ'
                    | 'ư'
                    | 'Ư'
                    | '\u{300}'
                    | '\u{301}'
                    | '\u{303}'
                    | '\u{309}'
                    | '\u{323}'
                    | '\u{31B}'
        )
    })
}
