//! Integration tests: closing the loop with the units. Reruns that tell
//! what changed, the unit that sent something unusable, the email drafts,
//! `status --thu`, and the command line in Vietnamese.

use mail_parser::MimeHeaders;

use crate::util::{indicator_header, info_rows, text, Book, Project, V};

const H1: &str = "6 tháng đầu năm 2020";

/// An SCT report dated `date` with CT08 = `ct08` and, when `extra`, a row
/// of an indicator the plan does not have (I01).
fn sct(date: V, ct08: V, extra: bool) -> Book {
    let mut rows = vec![
        indicator_header(),
        crate::row![1, "CT08", "Số hội chợ", "hội chợ", ct08],
    ];
    if extra {
        rows.push(crate::row![2, "CT99", "Chỉ tiêu lạ", "cái", 3]);
    }
    Book::new()
        .sheet("Thông tin", info_rows("SCT", "Sở Công Thương", H1, date))
        .sheet("Chỉ tiêu", rows)
}

fn run(p: &Project) -> std::process::Output {
    p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30"])
}

fn manifest(p: &Project) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(p.out("2020-H1", "manifest.json")).unwrap()).unwrap()
}

fn parse(bytes: &[u8]) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(bytes)
        .expect("an RFC 5322 message")
}

#[test]
fn a_rerun_after_a_corrected_report_tells_the_whole_story() {
    let p = Project::new();
    // CT08 typed as text: I02, no value.
    sct(V::D(2020, 6, 10), V::S("năm".into()), false).save(&p.inbox("2020-H1", "sct.xlsx"));
    let o = run(&p);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    assert!(!p.out("2020-H1", "thay-doi.csv").exists());

    // The corrected report, dated later: CT08 = 7, and a row with an
    // unknown code.
    sct(V::D(2020, 6, 12), V::N(7.0), true).save(&p.inbox("2020-H1", "sct-sua.xlsx"));
    let o = run(&p);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        out.contains(
            "Báo cáo thay thế: Sở Công Thương: sct.xlsx (ngày 10/06/2020) → sct-sua.xlsx (ngày 12/06/2020)"
        ),
        "{out}"
    );
    assert!(out.contains("Chỉ tiêu CT08"), "{out}");
    assert!(out.contains("(trống) → 7"), "{out}");
    assert!(out.contains("Đã hết: I02 (Sở Công Thương, CT08)"), "{out}");
    assert!(out.contains("Mới: I01 (Sở Công Thương, CT99)"), "{out}");
    // The unchanged findings (T03 on each task SCT leads) are neither.
    assert!(!out.contains("T03 (Sở Công Thương"), "{out}");

    let t = &manifest(&p)["thay_doi"];
    assert_eq!(t["lan_truoc"], "lich-su/1");
    assert_eq!(t["bao_cao_moi"][0]["ma_don_vi"], "SCT");
    assert_eq!(t["bao_cao_moi"][0]["tep_cu"], "sct.xlsx");
    assert_eq!(t["bao_cao_moi"][0]["tep_moi"], "sct-sua.xlsx");
    assert_eq!(t["bao_cao_moi"][0]["ngay_cu"], "2020-06-10");
    assert_eq!(t["bao_cao_moi"][0]["ngay_moi"], "2020-06-12");
    let ct08 = t["gia_tri_thay_doi"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["ma_chi_tieu"] == "CT08")
        .expect("CT08 moved");
    assert_eq!(ct08["truoc"], serde_json::Value::Null);
    assert_eq!(ct08["sau"], 7.0);
    assert_eq!(ct08["don_vi"][0], "Sở Công Thương");
    let rules = |k: &str| -> Vec<String> {
        t[k].as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{}:{}",
                    f["ma_loi"].as_str().unwrap(),
                    f["ma_muc"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(rules("loi_da_sua"), ["I02:CT08"]);
    // New: the unknown row, and F06 on the old file now set aside.
    assert_eq!(rules("loi_moi"), ["F06:", "I01:CT99"]);

    let csv = std::fs::read_to_string(p.out("2020-H1", "thay-doi.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}loai,ma_don_vi,ten_don_vi,ma_muc,ma_loi,truoc,sau,ghi_chu\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\nthay_the,SCT,Sở Công Thương,,,sct.xlsx,sct-sua.xlsx,"),
        "{csv}"
    );
    assert!(
        csv.contains("\ngia_tri,,,CT08,,,7,Sở Công Thương\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\nloi_da_sua,SCT,Sở Công Thương,CT08,I02,"),
        "{csv}"
    );
    assert!(
        csv.contains("\nloi_moi,SCT,Sở Công Thương,CT99,I01,"),
        "{csv}"
    );
    // Not part of the consolidated workbook (the official appendix).
    assert!(manifest(&p)["dau_ra"]["thay-doi.csv"].is_string());

    // The same inputs again: nothing changed, and no second full copy.
    let o = run(&p);
    let (out, _) = text(&o);
    assert!(out.contains("không có thay đổi"), "{out}");
    let mut kept: Vec<_> = std::fs::read_dir(p.out("2020-H1", "lich-su/2"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    // The manifest, and the one file that differs: the previous changes.
    assert_eq!(kept, ["manifest.json", "thay-doi.csv"]);
}

#[test]
fn a_unit_that_sent_only_an_unusable_file_has_its_own_state() {
    let p = Project::new();
    sct(V::D(2020, 6, 10), V::N(5.0), false).save(&p.inbox("2020-H1", "sct.xlsx"));
    std::fs::write(p.inbox("2020-H1", "BC STP 6T2020.pdf"), b"%PDF-1.4").unwrap();
    // A lock file named after a unit is not a report it sent.
    std::fs::write(p.inbox("2020-H1", "~$BC QHB 6T2020.xlsx"), b"x").unwrap();
    let o = run(&p);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        out.contains("Đã gửi, không sử dụng được: Sở Tư pháp"),
        "{out}"
    );
    assert!(
        !out.contains("Chưa gửi: Sở Tư pháp") && !out.contains("; Sở Tư pháp;"),
        "{out}"
    );

    let m = manifest(&p);
    assert_eq!(m["khong_su_dung_duoc"], serde_json::json!(["STP"]));
    // The file entry itself still credits nobody (F11 names no unit).
    let pdf = m["tep"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["duong_dan"] == "BC STP 6T2020.pdf")
        .unwrap();
    assert_eq!(pdf["ma_don_vi"], serde_json::Value::Null);

    let kt = std::fs::read_to_string(p.out("2020-H1", "kiem-tra.csv")).unwrap();
    assert!(!kt.contains("R01,canh_bao,STP,"), "{kt}");
    assert!(kt.contains("R01,canh_bao,QHB,"), "{kt}");
    let missing = std::fs::read_to_string(p.out("2020-H1", "phan-hoi/chua-nop.csv")).unwrap();
    assert!(!missing.contains("\nSTP,"), "{missing}");
    assert!(missing.contains("\nQHB,"), "{missing}");

    // Its feedback says what was wrong and what to send.
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(p.out("2020-H1", "phan-hoi/STP.xlsx")).unwrap();
    let name = calamine::Reader::sheet_names(&wb)[0].clone();
    let range = calamine::Reader::worksheet_range(&mut wb, &name).unwrap();
    let all: String = range.rows().flatten().map(|c| format!("{c}\n")).collect();
    assert!(all.contains("không tệp nào sử dụng được"), "{all}");
    assert!(all.contains("BC STP 6T2020.pdf"), "{all}");
    assert!(all.contains("F11"), "{all}");

    // "Tình hình nộp" names it.
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(p.out("2020-H1", "tong-hop-2020-H1.xlsx")).unwrap();
    let mut found = false;
    for s in calamine::Reader::sheet_names(&wb) {
        let r = calamine::Reader::worksheet_range(&mut wb, &s).unwrap();
        found |= r.rows().flatten().any(|c| {
            c.to_string()
                .contains("Đơn vị đã gửi, không sử dụng được: Sở Tư pháp")
        });
    }
    assert!(found);

    // Its draft asks for a resend, with the feedback attached.
    let eml = std::fs::read(p.out("2020-H1", "thu/STP.eml")).unwrap();
    let msg = parse(&eml);
    assert!(
        msg.subject()
            .unwrap()
            .starts_with("Đề nghị gửi lại báo cáo"),
        "{:?}",
        msg.subject()
    );
    let att = msg.attachments().next().expect("feedback attached");
    assert_eq!(att.attachment_name(), Some("phan-hoi-STP.xlsx"));
    assert_eq!(
        att.contents(),
        std::fs::read(p.out("2020-H1", "phan-hoi/STP.xlsx")).unwrap()
    );

    // status shows the state too.
    let o = p.run(&["status", "--ky", "2020-H1"]);
    let (out, _) = text(&o);
    assert!(out.contains("Đã gửi, không sử dụng được"), "{out}");
}

#[test]
fn every_expected_unit_gets_a_draft_that_parses_back() {
    let p = Project::new();
    sct(V::D(2020, 6, 10), V::N(5.0), false).save(&p.inbox("2020-H1", "sct.xlsx"));
    let o = run(&p);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    let dir = p.out("2020-H1", "thu");
    let n = std::fs::read_dir(&dir).unwrap().count();
    let plan = tonghop::plan::load(&p.path().join("templates/hp-1315")).unwrap();
    let period: tonghop::plan::Period = "2020-H1".parse().unwrap();
    assert_eq!(n, plan.expected_units(period).len());

    // SCT has errors (T03): the feedback and the resend deadline (7 days).
    let eml = std::fs::read(dir.join("SCT.eml")).unwrap();
    let text_eml = String::from_utf8_lossy(&eml).into_owned();
    assert!(text_eml.contains("\r\nX-Unsent: 1\r\n"), "{text_eml}");
    assert!(
        text_eml.contains("Subject: =?utf-8?"),
        "the subject is encoded: {text_eml}"
    );
    assert!(text_eml.contains("boundary=\"=_tonghop_"), "{text_eml}");
    let msg = parse(&eml);
    assert_eq!(
        msg.from().unwrap().first().unwrap().address(),
        Some("sct@haiphong.example")
    );
    assert_eq!(
        msg.to().unwrap().first().unwrap().name(),
        Some("Sở Công Thương")
    );
    assert!(msg.message_id().unwrap().ends_with("@haiphong.example"));
    assert_eq!(msg.date().unwrap().to_rfc3339(), "2020-06-30T01:00:00Z");
    assert!(msg.body_text(0).unwrap().contains("trước ngày 07/07/2020"));
    let att = msg.attachments().next().unwrap();
    assert_eq!(
        att.contents(),
        std::fs::read(p.out("2020-H1", "phan-hoi/SCT.xlsx")).unwrap()
    );

    // QHB sent nothing: a reminder with its pre-filled form, as `forms`
    // writes it.
    let eml = std::fs::read(dir.join("QHB.eml")).unwrap();
    let msg = parse(&eml);
    assert!(msg.subject().unwrap().starts_with("Nhắc gửi báo cáo"));
    assert_eq!(
        msg.to().unwrap().first().unwrap().address(),
        Some("qhb@haiphong.example")
    );
    assert!(msg
        .body_text(0)
        .unwrap()
        .contains("Hạn gửi: ngày 15/06/2020"));
    let att = msg.attachments().next().unwrap();
    assert_eq!(att.attachment_name(), Some("QHB.xlsx"));
    let date = chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let form = tonghop::write::forms::form_xlsx(&plan, period, date, "QHB").unwrap();
    assert_eq!(att.contents(), form.as_slice());
    let o = p.run(&["forms", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        att.contents(),
        std::fs::read(p.out("2020-H1", "bieu-mau/QHB.xlsx")).unwrap()
    );
}

#[test]
fn a_unit_without_an_address_gets_a_draft_without_to_and_is_named() {
    let p = Project::new();
    let f = p.path().join("templates/hp-1315/don-vi.csv");
    let text0 = std::fs::read_to_string(&f).unwrap();
    let changed = text0.replace(",qhb@haiphong.example", ",");
    assert_ne!(changed, text0);
    std::fs::write(&f, changed).unwrap();
    std::fs::create_dir_all(p.inbox("2020-H1", "")).unwrap();
    let o = run(&p);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        out.contains("Thư chưa có địa chỉ người nhận (thêm cột email trong don-vi.csv): Ủy ban nhân dân quận Hồng Bàng"),
        "{out}"
    );
    let eml = std::fs::read(p.out("2020-H1", "thu/QHB.eml")).unwrap();
    let s = String::from_utf8_lossy(&eml).into_owned();
    assert!(!s.contains("\r\nTo:"), "{s}");
    assert!(parse(&eml).to().is_none());
}

#[test]
fn status_thu_writes_only_the_reminders_even_before_the_folder_exists() {
    let p = Project::new();
    std::fs::create_dir_all(p.path().join("inbox/2019")).unwrap();
    // Without --thu nothing is written.
    let o = p.run(&["status", "--ky", "2020-H1", "--ngay", "2020-06-01"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(out.contains("Chưa có thư mục báo cáo"), "{out}");
    assert!(out.contains("đang có: 2019"), "{out}");
    assert!(out.contains("Chưa gửi (38)") || out.contains("38"), "{out}");
    assert!(!p.path().join("out").exists());

    let o = p.run(&["status", "--ky", "2020-H1", "--ngay", "2020-06-01", "--thu"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(out.contains("Đã ghi 38 thư nhắc"), "{out}");
    let mut names: Vec<String> = std::fs::read_dir(p.out("2020-H1", ""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".khoa", "thu"]);
    let eml = std::fs::read(p.out("2020-H1", "thu/SCT.eml")).unwrap();
    let msg = parse(&eml);
    assert!(msg.subject().unwrap().starts_with("Nhắc gửi báo cáo"));
    assert_eq!(msg.attachments().count(), 1);
    // The same day again: the same bytes.
    let o = p.run(&[
        "status",
        "--ky",
        "2020-H1",
        "--ngay",
        "2020-06-01",
        "--thu",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read(p.out("2020-H1", "thu/SCT.eml")).unwrap(), eml);
}

#[test]
fn status_names_the_drafts_written_before_a_unit_sent() {
    let p = Project::new();
    std::fs::create_dir_all(p.inbox("2020-H1", "")).unwrap();
    let status = |thu: bool| {
        let mut args = vec!["status", "--ky", "2020-H1", "--ngay", "2020-06-20"];
        if thu {
            args.push("--thu");
        }
        let o = p.run(&args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        out
    };
    let stale = "Thư cũ, đừng gửi: 1 đơn vị đã gửi báo cáo sau khi thư của đơn vị được soạn: Sở Công Thương (thu/SCT.eml)";
    // Reminders to every unit, before anyone sent: nothing stale yet.
    assert!(!status(true).contains("Thư cũ"));
    // SCT sends: its reminder must not go out; the others' still may.
    sct(V::D(2020, 6, 10), V::N(7.0), false).save(&p.inbox("2020-H1", "sct.xlsx"));
    let out = status(false);
    assert!(out.contains(stale), "{out}");
    // A run writes SCT's own draft: nothing stale.
    assert_eq!(run(&p).status.code(), Some(0));
    assert!(!status(true).contains("Thư cũ"));
    // SCT sends a corrected report: the draft on the first is stale.
    sct(V::D(2020, 6, 12), V::N(8.0), false).save(&p.inbox("2020-H1", "sct.xlsx"));
    let out = status(false);
    assert!(out.contains(stale), "{out}");
    // Quiet: the summary line only.
    let o = p.run(&["status", "--ky", "2020-H1", "--ngay", "2020-06-20", "-q"]);
    assert!(!text(&o).0.contains("Thư cũ"));
}

/// English words clap would print.
const ENGLISH: [&str; 10] = [
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Print",
    "default",
    "error",
    "For more",
    "possible",
    "[OPTIONS]",
];

#[test]
fn help_and_errors_are_in_vietnamese() {
    let p = Project::new();
    for args in [
        &["--help"][..],
        &["run", "--help"],
        &["check", "--help"],
        &["forms", "--help"],
        &["status", "--help"],
    ] {
        let o = p.run(args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{args:?} {err}");
        assert!(out.contains("Cách dùng: tonghop"), "{out}");
        for w in ENGLISH {
            assert!(!out.contains(w), "{args:?}: '{w}' in {out}");
        }
    }
    let o = p.run(&["status", "--help"]);
    let out = text(&o).0;
    assert!(out.contains("[mặc định: templates]"), "{out}");
    assert!(out.contains("thứ duy nhất lệnh status ghi ra"), "{out}");

    for (args, says) in [
        (
            &["run", "--kyy", "2020"][..],
            "không có tùy chọn '--kyy'; có phải ý bạn là '--ky'?",
        ),
        (&["run", "--ky"], "'--ky <KỲ>' cần một giá trị"),
        (&["chay"], "không có lệnh 'chay'"),
        (&["check"], "còn thiếu"),
    ] {
        let o = p.run(args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(out, "");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(err.contains("tonghop --help"), "{err}");
        for w in ENGLISH {
            assert!(!err.contains(w), "{args:?}: '{w}' in {err}");
        }
    }
}
