//! Pools of realistic Vietnamese text: results, difficulties, proposals,
//! people's names, and the label spellings clerks use.

use crate::rng::Rng;

/// Results of a finished task.
pub const DONE: &[&str] = &[
    "Đã hoàn thành, ban hành văn bản triển khai tới các phòng, đơn vị trực thuộc.",
    "Đã tổ chức 03 hội nghị phổ biến, quán triệt với trên 450 lượt cán bộ, công chức tham dự.",
    "Đã xây dựng và trình Ủy ban nhân dân thành phố phê duyệt kế hoạch; triển khai đúng tiến độ.",
    "Hoàn thành việc rà soát, đề xuất sửa đổi 07 văn bản không còn phù hợp với cam kết quốc tế.",
    "Đã hoàn thành; kết quả được tổng hợp trong báo cáo gửi Sở Công Thương.",
    "Đã ký kết 02 thỏa thuận hợp tác với đối tác nước ngoài; các nội dung đang được triển khai hiệu quả.",
    "Đã hoàn thành việc kiện toàn tổ chức bộ máy, phân công cán bộ theo dõi lĩnh vực hội nhập quốc tế.",
];

/// Results of a task in progress.
pub const IN_PROGRESS: &[&str] = &[
    "Đang phối hợp với các sở, ngành liên quan hoàn thiện dự thảo, dự kiến trình trong quý III.",
    "Đang triển khai; đã tổ chức 02 lớp tập huấn cho cán bộ, công chức các phòng chuyên môn.",
    "Đang lấy ý kiến góp ý của các cơ quan, đơn vị vào dự thảo đề án.",
    "Đã hoàn thành khảo sát, đánh giá thực trạng; đang xây dựng báo cáo tổng hợp.",
    "Đang thực hiện theo kế hoạch; một số nội dung chậm do ảnh hưởng của dịch Covid-19.",
    "Đang phối hợp với đơn vị tư vấn lập hồ sơ, thủ tục đầu tư theo quy định.",
    "Tiếp tục đôn đốc các đơn vị triển khai; đã giải ngân được khoảng 45% kế hoạch vốn.",
    "Đang rà soát danh mục dự án kêu gọi đầu tư, cập nhật thông tin trên cổng thông tin điện tử.",
];

/// Results of an ongoing task.
pub const ONGOING: &[&str] = &[
    "Thực hiện thường xuyên; đăng tải 28 tin, bài trên cổng thông tin điện tử của đơn vị.",
    "Thường xuyên phối hợp cung cấp thông tin, tài liệu theo đề nghị của cơ quan chủ trì.",
    "Duy trì thực hiện; lồng ghép nội dung hội nhập quốc tế trong các hội nghị chuyên đề.",
    "Thực hiện thường xuyên, đúng quy định; không phát sinh vướng mắc.",
    "Tiếp tục triển khai các nhiệm vụ thường xuyên; cử 05 lượt cán bộ tham gia các lớp bồi dưỡng.",
    "Thường xuyên theo dõi, cập nhật tình hình, kịp thời báo cáo Ủy ban nhân dân thành phố.",
];

/// Notes on a task not started.
pub const NOT_STARTED: &[&str] = &[
    "Chưa triển khai do chưa được bố trí kinh phí.",
    "Chưa thực hiện, chờ hướng dẫn của bộ, ngành trung ương.",
    "Chưa triển khai; dự kiến thực hiện trong 6 tháng cuối năm.",
];

/// Difficulties.
pub const DIFFICULTIES: &[&str] = &[
    "Kinh phí bố trí cho nhiệm vụ còn hạn chế.",
    "Thiếu cán bộ có chuyên môn sâu về luật pháp quốc tế và ngoại ngữ.",
    "Ảnh hưởng của dịch Covid-19 nên một số hoạt động phải tạm hoãn.",
    "Việc phối hợp, chia sẻ thông tin giữa các đơn vị có lúc chưa kịp thời.",
    "Một số văn bản hướng dẫn của trung ương chưa được ban hành.",
];

/// Proposals.
pub const PROPOSALS: &[&str] = &[
    "Đề nghị Ủy ban nhân dân thành phố bổ sung kinh phí thực hiện.",
    "Đề nghị Sở Công Thương tổ chức tập huấn chuyên sâu về các FTA thế hệ mới.",
    "Kiến nghị điều chỉnh thời hạn hoàn thành sang năm sau.",
    "Đề nghị các sở, ngành tăng cường phối hợp, cung cấp số liệu đúng hạn.",
];

/// Invalid statuses clerks type.
pub const BAD_STATUS: &[&str] = &["Đang xem xét", "Tốt", "Đạt", "Cơ bản hoàn thành", "x", "?"];

/// Texts typed where a number belongs (I02): none of them a statistical
/// mark, which the tool reads as one ("chưa có số liệu" is I10, "-" is 0).
pub const NOT_A_NUMBER: &[&str] = &["đang cập nhật", "khoảng 50", "N/A", "đang tổng hợp"];

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô",
];
const MIDDLE: &[&str] = &["Văn", "Thị", "Thu", "Minh", "Quang", "Ngọc", "Thanh", "Đức"];
const GIVEN: &[&str] = &[
    "Hà", "Nga", "Hùng", "Lan", "Tuấn", "Hương", "Dũng", "Mai", "Khánh", "Quân", "Thảo", "Long",
];

/// A person's name.
pub fn person(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.pick(FAMILY),
        rng.pick(MIDDLE),
        rng.pick(GIVEN)
    )
}

/// A landline number in the Hải Phòng style.
pub fn phone(rng: &mut Rng) -> String {
    format!("0225.{}", rng.range(3_500_000, 3_899_999))
}

/// How labels are spelled in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// As in the form.
    Normal,
    /// Without diacritics ("Tinh trang").
    Plain,
    /// Upper case ("TÌNH TRẠNG").
    Upper,
}

impl Spelling {
    /// Applies the spelling to a label.
    pub fn apply(self, s: &str) -> String {
        match self {
            Spelling::Normal => s.to_string(),
            Spelling::Plain => strip_marks(s),
            Spelling::Upper => s.to_uppercase(),
        }
    }
}

/// Removes Vietnamese diacritics, keeping case: "Đơn vị" → "Don vi".
pub fn strip_marks(s: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Roman numerals for section rows.
pub fn roman(n: usize) -> String {
    const R: &[(usize, &str)] = &[(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut n = n.min(39);
    let mut out = String::new();
    for &(v, s) in R {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}
