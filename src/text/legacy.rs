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

use unicode_normalization::UnicodeNormalization;

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

/// TCVN3 code points (as the Windows-1252 characters a spreadsheet stores)
/// and the small (or toneless capital) Unicode letters they stand for.
const TCVN3: &[(char, char)] = &[
    ('\u{A1}', 'Ă'),
    ('\u{A2}', 'Â'),
    ('\u{A3}', 'Ê'),
    ('\u{A4}', 'Ô'),
    ('\u{A5}', 'Ơ'),
    ('\u{A6}', 'Ư'),
    ('\u{A7}', 'Đ'),
    ('\u{A8}', 'ă'),
    ('\u{A9}', 'â'),
    ('\u{AA}', 'ê'),
    ('\u{AB}', 'ô'),
    ('\u{AC}', 'ơ'),
    ('\u{AD}', 'ư'),
    ('\u{AE}', 'đ'),
    ('\u{B5}', 'à'),
    ('\u{B6}', 'ả'),
    ('\u{B7}', 'ã'),
    ('\u{B8}', 'á'),
    ('\u{B9}', 'ạ'),
    ('\u{BB}', 'ằ'),
    ('\u{BC}', 'ẳ'),
    ('\u{BD}', 'ẵ'),
    ('\u{BE}', 'ắ'),
    ('\u{C6}', 'ặ'),
    ('\u{C7}', 'ầ'),
    ('\u{C8}', 'ẩ'),
    ('\u{C9}', 'ẫ'),
    ('\u{CA}', 'ấ'),
    ('\u{CB}', 'ậ'),
    ('\u{CC}', 'è'),
    ('\u{CE}', 'ẻ'),
    ('\u{CF}', 'ẽ'),
    ('\u{D0}', 'é'),
    ('\u{D1}', 'ẹ'),
    ('\u{D2}', 'ề'),
    ('\u{D3}', 'ể'),
    ('\u{D4}', 'ễ'),
    ('\u{D5}', 'ế'),
    ('\u{D6}', 'ệ'),
    ('\u{D7}', 'ì'),
    ('\u{D8}', 'ỉ'),
    ('\u{DC}', 'ĩ'),
    ('\u{DD}', 'í'),
    ('\u{DE}', 'ị'),
    ('\u{DF}', 'ò'),
    ('\u{E1}', 'ỏ'),
    ('\u{E2}', 'õ'),
    ('\u{E3}', 'ó'),
    ('\u{E4}', 'ọ'),
    ('\u{E5}', 'ồ'),
    ('\u{E6}', 'ổ'),
    ('\u{E7}', 'ỗ'),
    ('\u{E8}', 'ố'),
    ('\u{E9}', 'ộ'),
    ('\u{EA}', 'ờ'),
    ('\u{EB}', 'ở'),
    ('\u{EC}', 'ỡ'),
    ('\u{ED}', 'ớ'),
    ('\u{EE}', 'ợ'),
    ('\u{EF}', 'ù'),
    ('\u{F1}', 'ủ'),
    ('\u{F2}', 'ũ'),
    ('\u{F3}', 'ú'),
    ('\u{F4}', 'ụ'),
    ('\u{F5}', 'ừ'),
    ('\u{F6}', 'ử'),
    ('\u{F7}', 'ữ'),
    ('\u{F8}', 'ứ'),
    ('\u{F9}', 'ự'),
    ('\u{FA}', 'ỳ'),
    ('\u{FB}', 'ỷ'),
    ('\u{FC}', 'ỹ'),
    ('\u{FD}', 'ý'),
    ('\u{FE}', 'ỵ'),
];

/// What a Latin-1 character (U+00A0–U+00FF) stands for in each table,
/// indexed from U+00A0: one lookup a character, whatever the text's length.
struct Latin1 {
    tcvn3: [Option<char>; 96],
    vni_mark: [Option<(Option<char>, Option<char>)>; 96],
    vni_letter: [Option<&'static str>; 96],
}

fn latin1() -> &'static Latin1 {
    static TABLES: std::sync::OnceLock<Latin1> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Latin1 {
            tcvn3: [None; 96],
            vni_mark: [None; 96],
            vni_letter: [None; 96],
        };
        for (k, v) in TCVN3 {
            if let Some(i) = index(*k) {
                t.tcvn3[i] = Some(*v);
            }
        }
        for (k, m, tone) in VNI_MARKS {
            if let Some(i) = index(*k) {
                t.vni_mark[i] = Some((*m, *tone));
            }
        }
        for (k, v) in VNI_LETTERS {
            if let Some(i) = index(*k) {
                t.vni_letter[i] = Some(*v);
            }
        }
        t
    })
}

fn index(c: char) -> Option<usize> {
    (c as usize).checked_sub(0xA0).filter(|i| *i < 96)
}

fn tcvn3(c: char) -> Option<char> {
    latin1().tcvn3[index(c)?]
}

/// The combining marks of Vietnamese.
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';
const HORN: char = '\u{31B}';
const GRAVE: char = '\u{300}';
const ACUTE: char = '\u{301}';
const TILDE: char = '\u{303}';
const HOOK: char = '\u{309}';
const DOT: char = '\u{323}';

/// VNI mark bytes (both cases): the letter modifier and the tone they add
/// to the letter before them.
const VNI_MARKS: &[(char, Option<char>, Option<char>)] = &[
    ('ù', None, Some(ACUTE)),
    ('ø', None, Some(GRAVE)),
    ('û', None, Some(HOOK)),
    ('õ', None, Some(TILDE)),
    ('ï', None, Some(DOT)),
    ('â', Some(CIRCUMFLEX), None),
    ('á', Some(CIRCUMFLEX), Some(ACUTE)),
    ('à', Some(CIRCUMFLEX), Some(GRAVE)),
    ('å', Some(CIRCUMFLEX), Some(HOOK)),
    ('ã', Some(CIRCUMFLEX), Some(TILDE)),
    ('ä', Some(CIRCUMFLEX), Some(DOT)),
    ('ê', Some(BREVE), None),
    ('é', Some(BREVE), Some(ACUTE)),
    ('è', Some(BREVE), Some(GRAVE)),
    ('ú', Some(BREVE), Some(HOOK)),
    ('ü', Some(BREVE), Some(TILDE)),
    ('ë', Some(BREVE), Some(DOT)),
    ('Ù', None, Some(ACUTE)),
    ('Ø', None, Some(GRAVE)),
    ('Û', None, Some(HOOK)),
    ('Õ', None, Some(TILDE)),
    ('Ï', None, Some(DOT)),
    ('Â', Some(CIRCUMFLEX), None),
    ('Á', Some(CIRCUMFLEX), Some(ACUTE)),
    ('À', Some(CIRCUMFLEX), Some(GRAVE)),
    ('Å', Some(CIRCUMFLEX), Some(HOOK)),
    ('Ã', Some(CIRCUMFLEX), Some(TILDE)),
    ('Ä', Some(CIRCUMFLEX), Some(DOT)),
    ('Ê', Some(BREVE), None),
    ('É', Some(BREVE), Some(ACUTE)),
    ('È', Some(BREVE), Some(GRAVE)),
    ('Ú', Some(BREVE), Some(HOOK)),
    ('Ü', Some(BREVE), Some(TILDE)),
    ('Ë', Some(BREVE), Some(DOT)),
];

/// VNI single bytes that are letters of their own.
const VNI_LETTERS: &[(char, &str)] = &[
    ('ñ', "đ"),
    ('Ñ', "Đ"),
    ('ô', "ơ"),
    ('Ô', "Ơ"),
    ('ö', "ư"),
    ('Ö', "Ư"),
    ('í', "í"),
    ('Í', "Í"),
    ('ì', "ì"),
    ('Ì', "Ì"),
    ('æ', "ỉ"),
    ('Æ', "Ỉ"),
    ('ó', "ĩ"),
    ('Ó', "Ĩ"),
    ('ò', "ị"),
    ('Ò', "Ị"),
    ('î', "ỵ"),
    ('Î', "Ỵ"),
];

fn vni_mark(c: char) -> Option<(Option<char>, Option<char>)> {
    latin1().vni_mark[index(c)?]
}

fn vni_letter(c: char) -> Option<&'static str> {
    latin1().vni_letter[index(c)?]
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

/// When every word of `text` (a run of characters `in_word` accepts) that
/// has a character outside ASCII is a Vietnamese syllable (and there is at
/// least one such word): the number of characters in those words. `None`
/// otherwise.
fn reads_vietnamese(text: &str, in_word: impl Fn(char) -> bool) -> Option<usize> {
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
const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô",
    "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "oai", "oay", "oao", "oeo", "uây", "uôi", "uya",
    "uyê", "uyu", "ươi", "ươu", "iêu", "yêu", "uai", "uao", "uêu",
];

/// Vowel groups that end the syllable.
const OPEN_ONLY: &[&str] = &[
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu",
    "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "iêu", "yêu", "uyu", "uai", "uao",
    "uêu", "ia", "ua", "ưa", "uya",
];

/// Finals that follow a vowel group.
const FINALS: &[&str] = &["ng", "nh", "ch", "c", "m", "n", "p", "t"];

/// Onsets, longest first.
const ONSETS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Whether `word` is one Vietnamese syllable: onset, vowel group, final,
/// at most one tone, and a stop final (c, ch, p, t) only with the acute or
/// dot tone.
fn is_syllable(word: &str) -> bool {
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

/// The verdicts of many cells, for a judgement on a whole column or report:
/// feed it every text cell with [`Detector::observe`], then ask
/// [`Detector::verdict`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detector {
    /// Cells judged TCVN3.
    pub tcvn3: usize,
    /// Cells judged VNI.
    pub vni: usize,
    /// Cells with Unicode Vietnamese.
    pub unicode: usize,
}

impl Detector {
    /// Counts one cell's text.
    pub fn observe(&mut self, text: &str) {
        if has_unicode_vietnamese(text) {
            self.unicode += 1;
            return;
        }
        match detect(text) {
            Some(Encoding::Tcvn3) => self.tcvn3 += 1,
            Some(Encoding::Vni) => self.vni += 1,
            None => {}
        }
    }

    /// The encoding most cells judged legacy are in, when they outnumber
    /// the cells of Unicode Vietnamese; `None` otherwise.
    ///
    /// A reader that has the verdict converts the cells the per-cell
    /// judgement left alone with [`Detector::convert_in`].
    ///
    /// # Examples
    /// ```
    /// use tonghop::text::legacy::{Detector, Encoding};
    /// let mut d = Detector::default();
    /// for s in ["Së X©y dùng", "Hoµn thµnh", "µg/m³", "2020"] {
    ///     d.observe(s);
    /// }
    /// assert_eq!(d.verdict(), Some(Encoding::Tcvn3));
    /// ```
    pub fn verdict(&self) -> Option<Encoding> {
        let (enc, n) = if self.vni > self.tcvn3 {
            (Encoding::Vni, self.vni)
        } else {
            (Encoding::Tcvn3, self.tcvn3)
        };
        (n > 0 && n > self.unicode).then_some(enc)
    }

    /// Converts a cell of a column or report judged to be in `enc`: unlike
    /// [`detect`], a short text ("Së") is converted too, and so is a text
    /// that would also read as Vietnamese as it stands ("Cã" is "Có" in
    /// TCVN3), as long as it reads as Vietnamese after conversion. A cell
    /// with Unicode Vietnamese stays as it is.
    pub fn convert_in(text: &str, enc: Encoding) -> Option<String> {
        if has_unicode_vietnamese(text) || !fits(text, enc) {
            return None;
        }
        let d = decode(text, enc, false);
        reads_vietnamese(&d, char::is_alphabetic).map(|_| d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Vietnamese letter with each tone (and none), NFC.
    fn all_letters() -> Vec<String> {
        let mut out = Vec::new();
        for base in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
            for tone in ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"] {
                let s: String = format!("{base}{tone}").nfc().collect();
                out.push(s);
            }
        }
        out.push("đ".into());
        out
    }

    #[test]
    fn tcvn3_table_covers_every_small_letter_once() {
        let mut seen = std::collections::BTreeSet::new();
        for l in all_letters() {
            let c = l.chars().next().unwrap();
            if c.is_ascii() {
                continue;
            }
            assert!(TCVN3.iter().any(|(_, v)| *v == c), "{l} missing");
            assert!(seen.insert(c), "{l} twice");
        }
        // 12 vowels × 5 tones, ă â ê ô ơ ư đ without tone, and their capitals.
        assert_eq!(TCVN3.len(), 60 + 7 + 7);
    }

    #[test]
    fn every_letter_round_trips_through_tcvn3() {
        for l in all_letters() {
            let enc = encode(&l, Encoding::Tcvn3);
            assert_eq!(enc.chars().count(), 1, "{l}");
            assert_eq!(decode(&enc, Encoding::Tcvn3, false), l, "{l}");
            // Capitals: through an "H" font.
            let upper = l.to_uppercase();
            let enc_u = encode(&upper, Encoding::Tcvn3);
            assert_eq!(decode(&enc_u, Encoding::Tcvn3, true), upper, "{upper}");
            assert_eq!(
                convert(&enc_u, Some(".VnTimeH")).unwrap_or_else(|| upper.clone()),
                upper
            );
        }
    }

    #[test]
    fn every_letter_round_trips_through_vni() {
        for l in all_letters() {
            for s in [l.clone(), l.to_uppercase()] {
                let enc = encode(&s, Encoding::Vni);
                assert!(enc.chars().count() <= 2, "{s}: {enc}");
                assert_eq!(decode(&enc, Encoding::Vni, false), s, "{s}: {enc}");
            }
        }
    }

    #[test]
    fn known_texts_from_the_tables() {
        // Written by hand from the published tables, not by `encode`.
        let t = |s: &str| decode(s, Encoding::Tcvn3, false);
        assert_eq!(t("Së X©y dùng"), "Sở Xây dựng");
        assert_eq!(t("6 th¸ng ®Çu n¨m 2020"), "6 tháng đầu năm 2020");
        assert_eq!(t("Hoµn thµnh"), "Hoàn thành");
        assert_eq!(t("§ang thùc hiÖn"), "Đang thực hiện");
        assert_eq!(t("tr\u{AD}êng"), "trường");
        assert_eq!(
            decode("ñy ban nh©n d©n", Encoding::Tcvn3, true),
            "ỦY BAN NHÂN DÂN"
        );
        let v = |s: &str| decode(s, Encoding::Vni, false);
        assert_eq!(v("Sôû Xaây döïng"), "Sở Xây dựng");
        assert_eq!(v("6 thaùng ñaàu naêm 2020"), "6 tháng đầu năm 2020");
        assert_eq!(v("Tröôøng hoïc"), "Trường học");
        assert_eq!(v("Ñang thöïc hieän"), "Đang thực hiện");
        assert_eq!(v("UÛY BAN NHAÂN DAÂN"), "ỦY BAN NHÂN DÂN");
        assert_eq!(v("Vieät Nam"), "Việt Nam");
        assert_eq!(v("kyõ thuaät"), "kỹ thuật");
        assert_eq!(v("chæ tieâu"), "chỉ tiêu");
    }

    #[test]
    fn the_font_is_a_hint_the_characters_decide() {
        assert_eq!(convert("Hoàn thành", Some(".VnTime")), None);
        assert_eq!(convert("Sở Xây dựng", Some("VNI-Times")), None);
        assert_eq!(convert("2020", Some(".VnTime")), None);
        assert_eq!(convert("Së", Some(".VnTime")).as_deref(), Some("Sở"));
        assert_eq!(convert("Së", None), None, "too short to judge alone");
        assert_eq!(
            convert("Chi tiªu", Some(".VnTimeH")).as_deref(),
            Some("CHI TIÊU")
        );
    }

    #[test]
    fn ordinary_text_is_not_legacy() {
        for s in [
            "µg/m³",
            "©",
            "®",
            "Công ty ABC®",
            "© 2020 Sở Công Thương",
            "Tháng 6",
            "Báo cáo",
            "Tháng",
            "Hà Nội",
            "Café",
            "Ô tô",
            "Bé",
            "Tổng số: 1.234 m²",
            "25°C",
            "½",
            "Kết quả",
            "Đà Nẵng",
            "Thái Bình",
            "Lý Thường Kiệt",
            "Ngô Quyền",
            "Mã số",
            "Hoàn thành",
            "Số liệu",
            "×",
            "naïve",
            "José Martí",
        ] {
            assert_eq!(detect(s), None, "{s}");
            assert_eq!(convert(s, None), None, "{s}");
        }
    }

    #[test]
    fn legacy_cells_are_told_by_their_characters() {
        for (s, enc, want) in [
            ("Së X©y dùng", Encoding::Tcvn3, "Sở Xây dựng"),
            ("Hoµn thµnh", Encoding::Tcvn3, "Hoàn thành"),
            ("§ang thùc hiÖn", Encoding::Tcvn3, "Đang thực hiện"),
            ("Tèt", Encoding::Tcvn3, "Tốt"),
            ("Kú b¸o c¸o", Encoding::Tcvn3, "Kỳ báo cáo"),
            ("M· ®¬n vÞ", Encoding::Tcvn3, "Mã đơn vị"),
            ("Maõ ñôn vò", Encoding::Vni, "Mã đơn vị"),
            ("Sôû Xaây döïng", Encoding::Vni, "Sở Xây dựng"),
            ("Hoaøn thaønh", Encoding::Vni, "Hoàn thành"),
            ("Ñang thöïc hieän", Encoding::Vni, "Đang thực hiện"),
        ] {
            assert_eq!(detect(s), Some(enc), "{s}");
            assert_eq!(convert(s, None).as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn a_report_judgement_converts_short_cells() {
        assert_eq!(
            Detector::convert_in("Së", Encoding::Tcvn3).as_deref(),
            Some("Sở")
        );
        assert_eq!(Detector::convert_in("µg", Encoding::Tcvn3), None);
        assert_eq!(
            Detector::convert_in("Cã", Encoding::Tcvn3).as_deref(),
            Some("Có")
        );
        assert_eq!(
            Detector::convert_in("Có", Encoding::Tcvn3).as_deref(),
            Some("Cú")
        );
        assert_eq!(Detector::convert_in("Sở", Encoding::Tcvn3), None);
        assert_eq!(Detector::convert_in("2020", Encoding::Tcvn3), None);
        let mut d = Detector::default();
        d.observe("Hà Nội");
        d.observe("Thành phố");
        d.observe("Hoµn thµnh");
        assert_eq!(d.verdict(), None, "Unicode cells outnumber");
    }

    #[test]
    fn every_table_entry_is_latin1() {
        // The dense lookup covers U+00A0–U+00FF only.
        let all = TCVN3
            .iter()
            .map(|(k, _)| *k)
            .chain(VNI_MARKS.iter().map(|(k, _, _)| *k))
            .chain(VNI_LETTERS.iter().map(|(k, _)| *k));
        for k in all {
            assert!(index(k).is_some(), "{k}");
        }
    }

    #[test]
    fn a_long_legacy_cell_converts() {
        let long = "Së X©y dùng ".repeat(20_000);
        assert_eq!(detect(&long), Some(Encoding::Tcvn3));
        assert!(decode(&long, Encoding::Tcvn3, false).starts_with("Sở Xây dựng Sở"));
    }

    #[test]
    fn syllables() {
        for w in [
            "nghiêng",
            "huỳnh",
            "oanh",
            "ếch",
            "gì",
            "quyển",
            "trường",
            "tốt",
            "khuya",
            "người",
            "Tháng",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "àg", "tèt", "ôû", "xyz", "µg", "Cafộ", "âđ", "bỏo", "ñôn", "trỡnh", "coõng", "xoong",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }
}
