use super::*;
use crate::consolidate::{consolidate, tests as fx};

fn build() -> Vec<u8> {
    let (_d, plan) = fx::plan();
    let outcome_ = fx::outcome();
    let c = consolidate(&plan, fx::period(), &outcome_, None);
    bao_cao_docx(&plan, &c, NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()).unwrap()
}

#[test]
fn two_builds_in_one_process_give_the_same_bytes() {
    let a = build();
    let b = build();
    assert_eq!(a, b);
    if let Some(p) = std::env::var_os("TONGHOP_DUMP_DOCX") {
        std::fs::write(p, &a).unwrap();
    }
}

/// The text of `word/document.xml`, paragraphs on their own lines.
fn text(docx: &[u8]) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let xml = xml.replace("</w:p>", "\n");
    let mut out = String::new();
    let mut in_tag = false;
    for ch in xml.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn unit_texts_are_grouped_by_task_with_exact_duplicates_merged() {
    let (_d, plan) = fx::plan();
    let outcome_ = fx::outcome();
    let mut c = consolidate(&plan, fx::period(), &outcome_, None);
    let issue = |unit: &str, name: &str, task: &str, difficulty: &str| crate::consolidate::Issue {
        unit: unit.into(),
        unit_name: name.into(),
        task: task.into(),
        task_content: None,
        difficulty: difficulty.into(),
        proposal: String::new(),
    };
    c.issues = vec![
        issue("SCT", "Sở Công Thương", "NV1", "Thiếu kinh phí."),
        issue("STP", "Sở Tư pháp", "NV1", "Thiếu kinh phí."),
        issue(
            "STP",
            "Sở Tư pháp",
            "NV1",
            "- Thiếu người;\n- Thiếu <máy> & giờ",
        ),
        issue("QHB", "Ủy ban nhân dân quận Hồng Bàng", "XX9", "Khác hẳn"),
    ];
    let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let t = text(&bao_cao_docx(&plan, &c, d).unwrap());
    // One line for the two units that wrote the same text.
    assert_eq!(t.matches("Thiếu kinh phí").count(), 1, "{t}");
    assert!(
        t.contains("- Thiếu kinh phí (Sở Công Thương; Sở Tư pháp)."),
        "{t}"
    );
    // A text of two lines: two paragraphs, the unit after the last.
    assert!(t.contains("\n- Thiếu người\n"), "{t}");
    assert!(t.contains("- Thiếu <máy> & giờ (Sở Tư pháp)."), "{t}");
    // Under the task's section and code; an unknown code under "Nội dung khác".
    let nv1 = t.find("Nhiệm vụ NV1 (").unwrap();
    assert!(t[..nv1].contains("I. Tuyên truyền"));
    let other = t.find("Nội dung khác").unwrap();
    assert!(t[other..].contains("Nhiệm vụ XX9:"));
    assert!(t.contains("Các đơn vị không có đề xuất, kiến nghị."));
}
