use super::syllable::is_syllable;
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
