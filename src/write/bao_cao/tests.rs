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

#[test]
fn a_body_longer_than_a_block_reaches_the_package_whole_and_in_order() {
    use super::docx::{Body, Cell, Look, Para};
    let mut out = std::io::Cursor::new(Vec::new());
    let mut b = Body::start(&mut out, "Tiêu đề", "2020-06-30T00:00:00Z").unwrap();
    // About 1 MB of XML: sixteen blocks and a part of one.
    for i in 0..4000 {
        b.line(
            Para::body(),
            &format!("Đoạn {i}: đã triển khai & hoàn thành <đúng hạn>."),
            Look::size(14),
        );
        if i % 1000 == 0 {
            b.table(
                &[3000, 3000],
                1,
                true,
                &[vec![
                    Cell::one(
                        Para::center(),
                        format!("Bảng {i}"),
                        Look::size(11)
                    );
                    2
                ]],
            );
        }
    }
    b.finish().unwrap();
    let docx = out.into_inner();
    let t = text(&docx);
    let lines: Vec<&str> = t.lines().filter(|l| l.starts_with("Đoạn ")).collect();
    assert_eq!(lines.len(), 4000);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(
            *l,
            format!("Đoạn {i}: đã triển khai & hoàn thành <đúng hạn>.")
        );
    }
    assert_eq!(t.matches("Bảng 3000").count(), 2);
    // Every part is there, in the package's order.
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let names: Vec<String> = (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 10);
    assert_eq!(names[4], "word/document.xml");
}

#[test]
fn a_package_that_cannot_be_written_is_an_error_not_a_short_file() {
    struct Full(usize);
    impl std::io::Write for Full {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            if self.0 + b.len() > 20_000 {
                return Err(std::io::Error::other("the disk is full"));
            }
            self.0 += b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    impl std::io::Seek for Full {
        fn seek(&mut self, p: std::io::SeekFrom) -> std::io::Result<u64> {
            match p {
                std::io::SeekFrom::Current(0) => Ok(self.0 as u64),
                _ => Ok(0),
            }
        }
    }
    use super::docx::{Body, Look, Para};
    let mut w = Full(0);
    let mut b = Body::start(&mut w, "t", "2020-06-30T00:00:00Z").unwrap();
    for i in 0..20_000 {
        b.line(
            Para::body(),
            &format!("Đoạn {i} {}", "x".repeat(i % 97)),
            Look::size(14),
        );
    }
    assert!(b.finish().is_err());
}
