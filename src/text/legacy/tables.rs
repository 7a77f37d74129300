//! The code tables: TCVN3 (TCVN 5712:1993, VN3) and the VNI Windows font
//! layout, as the Windows-1252 characters a spreadsheet stores, and the
//! combining marks of Vietnamese they map to.

/// TCVN3 code points (as the Windows-1252 characters a spreadsheet stores)
/// and the small (or toneless capital) Unicode letters they stand for.
pub(super) const TCVN3: &[(char, char)] = &[
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
pub(super) struct Latin1 {
    tcvn3: [Option<char>; 96],
    vni_mark: [Option<(Option<char>, Option<char>)>; 96],
    vni_letter: [Option<&'static str>; 96],
}

pub(super) fn latin1() -> &'static Latin1 {
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

pub(super) fn index(c: char) -> Option<usize> {
    (c as usize).checked_sub(0xA0).filter(|i| *i < 96)
}

pub(super) fn tcvn3(c: char) -> Option<char> {
    latin1().tcvn3[index(c)?]
}

/// The combining marks of Vietnamese.
pub(super) const CIRCUMFLEX: char = '\u{302}';
pub(super) const BREVE: char = '\u{306}';
pub(super) const HORN: char = '\u{31B}';
pub(super) const GRAVE: char = '\u{300}';
pub(super) const ACUTE: char = '\u{301}';
pub(super) const TILDE: char = '\u{303}';
pub(super) const HOOK: char = '\u{309}';
pub(super) const DOT: char = '\u{323}';

/// VNI mark bytes (both cases): the letter modifier and the tone they add
/// to the letter before them.
pub(super) const VNI_MARKS: &[(char, Option<char>, Option<char>)] = &[
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
pub(super) const VNI_LETTERS: &[(char, &str)] = &[
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

pub(super) fn vni_mark(c: char) -> Option<(Option<char>, Option<char>)> {
    latin1().vni_mark[index(c)?]
}

pub(super) fn vni_letter(c: char) -> Option<&'static str> {
    latin1().vni_letter[index(c)?]
}
