//! A synthetic plan with N units, for benchmarks: each unit leads or
//! coordinates about 60 tasks and reports 15 indicators.

use std::io;
use std::path::Path;

use tonghop::plan::Period;

use crate::rng::Rng;

const VERBS: &[&str] = &[
    "Xây dựng và triển khai",
    "Tổ chức thực hiện",
    "Rà soát, đánh giá",
    "Tăng cường tuyên truyền về",
    "Đẩy mạnh",
    "Nghiên cứu, đề xuất",
    "Hoàn thiện cơ chế",
    "Phối hợp kiểm tra",
];
const TOPICS: &[&str] = &[
    "kế hoạch hội nhập quốc tế của ngành",
    "các cam kết trong hiệp định thương mại tự do",
    "công tác cải cách thủ tục hành chính",
    "hợp tác quốc tế về khoa học và công nghệ",
    "xúc tiến thương mại, đầu tư",
    "đào tạo nguồn nhân lực hội nhập",
    "chuyển đổi số trong quản lý nhà nước",
    "phát triển hạ tầng logistics",
    "thông tin đối ngoại",
    "phòng vệ thương mại cho doanh nghiệp",
];
const SECTIONS: &[&str] = &[
    "Tuyên truyền, phổ biến",
    "Thể chế, bộ máy và nguồn nhân lực",
    "Hạ tầng",
    "Hội nhập quốc tế về kinh tế",
    "Đối ngoại",
    "Văn hóa, xã hội, khoa học và công nghệ",
    "Quốc phòng, an ninh",
];
/// Common indicators: (name, measure, method).
const COMMON: &[(&str, &str, &str)] = &[
    (
        "Số lớp tập huấn, hội nghị phổ biến về hội nhập quốc tế",
        "lớp",
        "tong",
    ),
    (
        "Số lượt cán bộ, công chức được bồi dưỡng kiến thức hội nhập",
        "lượt người",
        "tong",
    ),
    (
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
        "%",
        "trung_binh",
    ),
    (
        "Số tin, bài tuyên truyền về hội nhập quốc tế",
        "tin, bài",
        "tong",
    ),
    (
        "Số văn bản quy phạm pháp luật được rà soát",
        "văn bản",
        "tong",
    ),
    ("Số đoàn công tác nước ngoài được tiếp", "đoàn", "tong"),
    ("Số doanh nghiệp được hỗ trợ tư vấn", "doanh nghiệp", "tong"),
    ("Kinh phí thực hiện kế hoạch", "triệu đồng", "tong"),
    ("Tỷ lệ cán bộ sử dụng được ngoại ngữ", "%", "trung_binh"),
    (
        "Số thỏa thuận hợp tác quốc tế lớn nhất của một đơn vị",
        "thỏa thuận",
        "lon_nhat",
    ),
];
/// Group indicators (each group of 20 units has its own five).
const GROUP: &[(&str, &str, &str)] = &[
    ("Vốn đầu tư nước ngoài đăng ký", "triệu USD", "tong"),
    ("Số dự án được cấp mới", "dự án", "tong"),
    ("Kim ngạch xuất khẩu", "triệu USD", "rieng"),
    ("Số hội chợ, triển lãm được tổ chức", "hội chợ", "tong"),
    ("Số lao động được đào tạo", "người", "tong"),
];

fn kind_name(i: usize) -> (&'static str, String, String) {
    match i % 4 {
        0 => ("so", format!("Sở Ngành số {i}"), format!("Sở NS {i}")),
        1 => (
            "ban_nganh",
            format!("Ban Quản lý số {i}"),
            format!("BQL số {i}"),
        ),
        2 => (
            "quan",
            format!("Ủy ban nhân dân quận Số {i}"),
            format!("Quận Số {i}"),
        ),
        _ => (
            "huyen",
            format!("Ủy ban nhân dân huyện Số {i}"),
            format!("Huyện Số {i}"),
        ),
    }
}

/// Unit code of the i-th unit (1-based).
pub fn code(i: usize) -> String {
    format!("DV{i:04}")
}

/// Writes the plan into `dir` and returns its id.
pub fn write(dir: &Path, n: usize, period: Period, seed: u64) -> io::Result<String> {
    std::fs::create_dir_all(dir)?;
    let id = format!("synth-{n}");
    let y = period.year;
    let mut rng = Rng::derive(seed, "synth");
    let err = |e: csv::Error| io::Error::other(e.to_string());

    let mut w = csv::Writer::from_path(dir.join("ke-hoach.csv")).map_err(err)?;
    w.write_record(["khoa", "gia_tri"]).map_err(err)?;
    for (k, v) in [
        ("ma", id.clone()),
        ("ten", format!("Kế hoạch thử nghiệm với {n} đơn vị")),
        ("so_hieu", format!("{n}/KH-UBND")),
        ("ngay_ban_hanh", format!("{}-01-15", y - 1)),
        (
            "co_quan_ban_hanh",
            "Ủy ban nhân dân thành phố Hải Phòng".into(),
        ),
        ("co_quan_tong_hop", code(1)),
        ("noi_nhan", "Ủy ban nhân dân thành phố Hải Phòng".into()),
        ("han_bao_cao_6_thang", "06-15".into()),
        ("han_bao_cao_nam", "12-15".into()),
        ("tu_nam", (y - 1).to_string()),
        ("den_nam", (y + 1).to_string()),
    ] {
        w.write_record([k, v.as_str()]).map_err(err)?;
    }
    w.flush()?;

    let mut w = csv::Writer::from_path(dir.join("don-vi.csv")).map_err(err)?;
    w.write_record(tonghop::plan::UNIT_COLUMNS).map_err(err)?;
    for i in 1..=n {
        let (kind, name, alias) = kind_name(i);
        w.write_record([code(i).as_str(), &name, kind, &alias, "", "", ""])
            .map_err(err)?;
    }
    w.flush()?;

    // 20 tasks per unit, each with one lead and two coordinators: every unit
    // takes part in about 60.
    let mut w = csv::Writer::from_path(dir.join("nhiem-vu.csv")).map_err(err)?;
    w.write_record(tonghop::plan::TASK_COLUMNS).map_err(err)?;
    let per_section = 25;
    for k in 0..20 * n {
        let s = k / per_section;
        let sec = format!("{}. {}", s + 1, SECTIONS[s % SECTIONS.len()]);
        let lead = k % n;
        let mut co: Vec<String> = Vec::new();
        for _ in 0..2 {
            if n < 3 {
                break;
            }
            loop {
                let c = rng.below(n);
                if c != lead && !co.contains(&code(c + 1)) {
                    co.push(code(c + 1));
                    break;
                }
            }
        }
        let deadline = match rng.below(20) {
            0 => format!("{}-12-31", y - 1),
            1..=6 => format!("{y}-12-31"),
            _ => "thuong_xuyen".into(),
        };
        let content = format!(
            "{} {} (nội dung {}).",
            rng.pick(VERBS),
            rng.pick(TOPICS),
            k + 1
        );
        w.write_record([
            format!("NV{}.{:02}", s + 1, k % per_section + 1).as_str(),
            &sec,
            &content,
            &code(lead + 1),
            &co.join(";"),
            &deadline,
            "",
        ])
        .map_err(err)?;
    }
    w.flush()?;

    let mut w = csv::Writer::from_path(dir.join("chi-tieu.csv")).map_err(err)?;
    w.write_record(tonghop::plan::INDICATOR_COLUMNS)
        .map_err(err)?;
    let all: Vec<String> = (1..=n).map(code).collect();
    let mut k = 0;
    for (name, measure, method) in COMMON {
        k += 1;
        w.write_record([
            format!("CT{k:02}").as_str(),
            name,
            measure,
            method,
            &all.join(";"),
            "",
            "tang",
        ])
        .map_err(err)?;
    }
    for (g, chunk) in all.chunks(20).enumerate() {
        for (name, measure, method) in GROUP {
            k += 1;
            w.write_record([
                format!("CT{k:02}").as_str(),
                &format!("{name} (nhóm {})", g + 1),
                measure,
                method,
                &chunk.join(";"),
                "",
                "tang",
            ])
            .map_err(err)?;
        }
    }
    w.flush()?;
    Ok(id)
}
