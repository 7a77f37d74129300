//! Messages of the forms stage: the labels of the blank report form (the
//! FORM.md §3 contract), its titles, input and error messages of the data
//! validations, the "Hướng dẫn" sheet, and the summary of `tonghop forms`.

use std::path::Path;

use chrono::NaiveDate;

use crate::model::{IndicatorCol, TaskCol};

/// Sheet names of the form, as FORM.md §3 names them.
pub const FORM_SHEET_INFO: &str = "Thông tin";
/// The task sheet.
pub const FORM_SHEET_TASKS: &str = "Nhiệm vụ";
/// The indicator sheet.
pub const FORM_SHEET_INDICATORS: &str = "Chỉ tiêu";
/// The instructions sheet.
pub const FORM_SHEET_GUIDE: &str = "Hướng dẫn";

/// Labels of the "Thông tin" sheet, in form order.
pub const FORM_INFO_LABELS: [&str; 9] = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Mã kế hoạch",
    "Kỳ báo cáo",
    "Ngày báo cáo",
    "Người lập",
    "Điện thoại",
    "Email",
    "Thủ trưởng đơn vị",
];

/// Header labels of the "Nhiệm vụ" table, in form order ("Thời hạn" is an
/// extra column for people; the reader ignores it).
pub const FORM_TASK_HEADER: [&str; 10] = [
    TaskCol::Number.label(),
    TaskCol::Code.label(),
    TaskCol::Content.label(),
    TaskCol::Role.label(),
    "Thời hạn",
    TaskCol::Status.label(),
    TaskCol::Share.label(),
    TaskCol::Result.label(),
    TaskCol::Difficulty.label(),
    TaskCol::Proposal.label(),
];

/// Header labels of the "Chỉ tiêu" table, in form order.
pub const FORM_INDICATOR_HEADER: [&str; 7] = [
    "STT",
    IndicatorCol::Code.label(),
    IndicatorCol::Name.label(),
    IndicatorCol::Measure.label(),
    IndicatorCol::Value.label(),
    IndicatorCol::PreviousYear.label(),
    IndicatorCol::Note.label(),
];

/// The role of a unit on a task, as the form shows it.
pub fn form_role(lead: bool) -> &'static str {
    if lead {
        "Chủ trì"
    } else {
        "Phối hợp"
    }
}

/// What the deadline column shows for an ongoing task.
pub const FORM_ONGOING: &str = "Thường xuyên";

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Title of the "Thông tin" sheet.
pub const FORM_INFO_TITLE: &str = "THÔNG TIN VỀ BÁO CÁO";

/// The line under the info table that points to the instructions.
pub const FORM_INFO_NOTE: &str =
    "Ô nền vàng là ô cần điền; các ô khác đã ghi sẵn và được khóa. Xem cách điền ở trang \"Hướng dẫn\".";

/// Title of the "Nhiệm vụ" sheet.
pub const FORM_TASKS_TITLE: &str = "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ";

/// Title of the "Chỉ tiêu" sheet.
pub const FORM_INDICATORS_TITLE: &str = "BÁO CÁO SỐ LIỆU CHỈ TIÊU";

/// The title row naming the unit.
pub fn form_unit_line(name: &str, code: &str) -> String {
    format!("Đơn vị báo cáo: {name} (mã {code})")
}

/// The title row naming the plan and the period.
pub fn form_plan_line(
    number: &str,
    name: &str,
    issued: Option<NaiveDate>,
    issuer: &str,
    period: &str,
) -> String {
    let plan = super::plan_ref_numbered(number, name);
    let day = issued
        .map(|d| format!(" ngày {}", dmy(d)))
        .unwrap_or_default();
    format!("Thực hiện {plan}{day} của {issuer} — Kỳ báo cáo: {period}")
}

/// The row shown when the unit has no task in the period.
pub const FORM_NO_TASKS: &str =
    "Trong kỳ này đơn vị không chủ trì, phối hợp nhiệm vụ nào của kế hoạch; không cần ghi gì ở trang này.";

/// The row shown when the unit reports no indicator in the period.
pub const FORM_NO_INDICATORS: &str =
    "Trong kỳ này đơn vị không phải báo cáo chỉ tiêu nào; không cần ghi gì ở trang này.";

/// Data validation of "Ngày báo cáo": title, input message, error message.
pub fn form_date_validation(due: NaiveDate, from: NaiveDate, to: NaiveDate) -> [String; 3] {
    [
        "Ngày báo cáo".to_string(),
        format!(
            "Ghi ngày ký báo cáo dạng ngày/tháng/năm, ví dụ {}. Hạn gửi: {}.",
            dmy(due),
            dmy(due)
        ),
        format!(
            "\"Ngày báo cáo\" phải là một ngày dạng ngày/tháng/năm, từ {} đến {}, ví dụ {}.",
            dmy(from),
            dmy(to),
            dmy(due)
        ),
    ]
}

/// Data validation of "Tình trạng": title, input message, error message.
pub fn form_status_validation(choices: &[&str], ongoing: bool) -> [String; 3] {
    let list = choices.join(", ");
    let extra = if ongoing {
        " \"Thường xuyên\" dành cho nhiệm vụ thực hiện liên tục, hằng năm."
    } else {
        ""
    };
    [
        "Tình trạng".to_string(),
        format!("Chọn trong danh sách: {list}.{extra}"),
        format!("\"Tình trạng\" phải chọn một trong: {list}. Bấm mũi tên bên phải ô để chọn."),
    ]
}

/// Data validation of "Tỷ lệ hoàn thành (%)": title, input message, error
/// message.
pub fn form_share_validation() -> [String; 3] {
    [
        "Tỷ lệ hoàn thành (%)".to_string(),
        "Ghi số nguyên từ 0 đến 100, không kèm dấu %: ví dụ 75 nghĩa là đã làm được 75%. Hoàn thành ghi 100, Chưa thực hiện ghi 0, Đang thực hiện ghi dưới 100.".to_string(),
        "\"Tỷ lệ hoàn thành\" phải là số nguyên từ 0 đến 100, ví dụ 75.".to_string(),
    ]
}

/// Data validation of the indicator values: title, input message, error
/// message.
pub fn form_value_validation() -> [String; 3] {
    [
        "Số liệu".to_string(),
        "Ghi một số không âm, không ghi đơn vị tính, ví dụ 1234,5. Không phát sinh: ghi \"-\"; không áp dụng cho đơn vị: \"x\"; chưa có số liệu: \"…\".".to_string(),
        "Số liệu phải là một số không âm, ví dụ 1234,5 (hoặc 1234.5 nếu máy dùng dấu chấm thập phân), hoặc một ký hiệu: \"-\" (không phát sinh), \"x\" (không áp dụng), \"…\" (chưa có số liệu).".to_string(),
    ]
}

/// Data validation of "Kết quả thực hiện": title and input message.
pub fn form_result_input() -> [String; 2] {
    [
        "Kết quả thực hiện".to_string(),
        "Bắt buộc, trừ khi nhiệm vụ \"Chưa thực hiện\": tóm tắt việc đã làm trong kỳ, số văn bản đã ban hành, kết quả đạt được.".to_string(),
    ]
}

/// A paragraph of the "Hướng dẫn" sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuideLine {
    /// The sheet title.
    Title(String),
    /// A bold heading.
    Heading(String),
    /// A paragraph.
    Text(String),
}

/// What the "Hướng dẫn" sheet needs to know.
#[derive(Debug, Clone)]
pub struct GuideFacts<'a> {
    /// The unit's name.
    pub unit_name: &'a str,
    /// The unit's code.
    pub unit_code: &'a str,
    /// The plan's number, e.g. `1315/QĐ-UBND`; empty when not numbered yet.
    pub plan_number: &'a str,
    /// The plan's title (`ten`), naming it when it has no number.
    pub plan_name: &'a str,
    /// The plan's issuing body.
    pub issuer: &'a str,
    /// The period as people write it.
    pub period_label: &'a str,
    /// The due date.
    pub due: NaiveDate,
    /// The name of the consolidating unit (where to send the form).
    pub consolidator: &'a str,
    /// First day of the data cut-off.
    pub cutoff_start: NaiveDate,
    /// Last day of the data cut-off.
    pub cutoff_end: NaiveDate,
}

/// The "Hướng dẫn" sheet, paragraph by paragraph.
pub fn form_guide(f: &GuideFacts<'_>) -> Vec<GuideLine> {
    use GuideLine::*;
    let t = |s: &str| Text(s.to_string());
    vec![
        Title("HƯỚNG DẪN ĐIỀN VÀ GỬI BIỂU MẪU BÁO CÁO".into()),
        Text(format!(
            "Biểu mẫu này dành riêng cho {} (mã {}), để báo cáo kết quả thực hiện {} của {}, \
             kỳ báo cáo: {}. Các nhiệm vụ và chỉ tiêu đơn vị phải báo cáo đã được ghi sẵn.",
            f.unit_name,
            f.unit_code,
            super::plan_ref_numbered(f.plan_number, f.plan_name),
            f.issuer,
            f.period_label
        )),
        Heading("1. Hạn gửi và nơi nhận".into()),
        Text(format!(
            "Gửi tệp này (giữ định dạng .xlsx, không đặt mật khẩu) về {} chậm nhất ngày {}. \
             Số liệu tính từ ngày {} đến ngày {}.",
            f.consolidator,
            dmy(f.due),
            dmy(f.cutoff_start),
            dmy(f.cutoff_end)
        )),
        t("Nếu cần sửa báo cáo đã gửi, sửa ngay trên tệp này, ghi lại \"Ngày báo cáo\" là ngày sửa rồi gửi lại; bản có ngày báo cáo mới nhất được tính."),
        Heading("2. Cách điền".into()),
        t("Ô nền vàng là ô cần điền. Các ô khác (mã, tên, nội dung nhiệm vụ, vai trò, thời hạn, chỉ tiêu) đã ghi sẵn theo kế hoạch và được khóa để tránh sửa nhầm."),
        t("Trang \"Thông tin\": ghi \"Ngày báo cáo\" dạng ngày/tháng/năm (ví dụ 15/06/2020), họ tên người lập, điện thoại, email và họ tên thủ trưởng đơn vị."),
        t("Trang \"Nhiệm vụ\": mỗi dòng là một nhiệm vụ đơn vị chủ trì hoặc phối hợp. Ghi đủ \"Tình trạng\", \"Tỷ lệ hoàn thành (%)\" và \"Kết quả thực hiện\" cho từng dòng; \"Khó khăn, vướng mắc\" và \"Đề xuất, kiến nghị\" ghi nếu có."),
        t("Các ô trả lời tự xuống dòng. Khi ghi dài, dòng không tự giãn ra: bấm đúp vào đường kẻ dưới số dòng (ở lề trái, con trỏ thành mũi tên hai đầu) để dòng giãn vừa nội dung, hoặc kéo đường kẻ đó xuống. Muốn xuống dòng trong một ô, bấm Alt+Enter."),
        Heading("3. \"Tình trạng\" của nhiệm vụ".into()),
        t("Chọn trong danh sách của ô (bấm mũi tên bên phải ô):"),
        t("• Hoàn thành: nhiệm vụ đã làm xong; tỷ lệ hoàn thành là 100."),
        t("• Đang thực hiện: đã bắt đầu nhưng chưa xong; tỷ lệ hoàn thành dưới 100."),
        t("• Chưa thực hiện: chưa bắt đầu; tỷ lệ hoàn thành là 0, không bắt buộc ghi kết quả."),
        t("• Thường xuyên: chỉ dành cho nhiệm vụ có thời hạn \"Thường xuyên\" (làm liên tục, hằng năm)."),
        t("Không cần tự ghi nhiệm vụ quá hạn: việc quá hạn được tính từ thời hạn của kế hoạch."),
        Heading("4. Tỷ lệ hoàn thành".into()),
        t("Ghi số nguyên từ 0 đến 100, không kèm dấu %: ví dụ 75 nghĩa là đã làm được 75%. Nếu ô hiện 75% hay 0,75 thì ô đã bị định dạng phần trăm: chọn lại định dạng \"Số\" (Number) rồi ghi 75."),
        Heading("5. Số liệu chỉ tiêu".into()),
        t("Trang \"Chỉ tiêu\": ghi \"Thực hiện kỳ báo cáo\" là số lũy kế từ ngày 01 tháng 01 đến hết kỳ, và \"Cùng kỳ năm trước\" nếu có, theo đúng đơn vị tính đã ghi sẵn. Chỉ ghi số, không ghi chữ hay đơn vị tính trong ô."),
        t("Ô không có số thì ghi ký hiệu theo quy ước thống kê: \"-\" nếu trong kỳ không phát sinh (tính là 0), \"x\" nếu chỉ tiêu không áp dụng cho đơn vị, \"…\" nếu có phát sinh nhưng chưa có số liệu (vẫn phải bổ sung số liệu sau)."),
        t("Số thập phân ghi theo cài đặt của máy: dấu phẩy (1234,5) hoặc dấu chấm (1234.5) đều được. Nếu số liệu tăng hoặc giảm nhiều so với cùng kỳ, ghi lý do ở cột \"Ghi chú\"."),
        Heading("6. Những điều không được làm".into()),
        t("Không đổi tên các trang tính, không đổi tên, xóa hay chèn cột, không xóa dòng nhiệm vụ, không sửa mã nhiệm vụ và mã chỉ tiêu. Nếu thấy nội dung ghi sẵn chưa đúng (phân công, tên đơn vị), hãy báo cho đơn vị tổng hợp thay vì sửa trong tệp."),
        Text(format!(
            "Mọi thắc mắc xin liên hệ {}.",
            f.consolidator
        )),
    ]
}

/// The one-line summary of `tonghop forms`.
pub fn forms_written(count: usize, dir: &Path) -> String {
    format!("Đã ghi {count} biểu mẫu báo cáo vào '{}'.", dir.display())
}

/// `form_xlsx` asked for a unit the plan does not list.
pub fn form_unknown_unit(code: &str) -> String {
    format!("không có đơn vị mã '{code}' trong kế hoạch")
}

/// Name of the mail-merge list written next to the forms.
pub const FORMS_MAIL_MERGE_FILE: &str = "huong-dan-gui.csv";

/// Header of the mail-merge list.
pub const FORMS_MAIL_MERGE_HEADER: [&str; 5] = [
    "ma_don_vi",
    "ten_don_vi",
    "email",
    "tep_bieu_mau",
    "han_nop",
];

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::is_nfc;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn the_guide_the_form_and_the_hints_say_the_same_about_percent() {
        // One phrase for "the share is a number without %" everywhere a unit
        // reads it: the guide, the cell's input message, and the hints of
        // T05 and T06 in its feedback.
        let phrase = "không kèm dấu %";
        let guide: Vec<String> = form_guide(&facts())
            .into_iter()
            .filter_map(|l| match l {
                GuideLine::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        assert!(guide.iter().any(|t| t.contains(phrase)), "{guide:?}");
        assert!(form_share_validation()[1].contains(phrase));
        for code in [crate::validate::Rule::T05, crate::validate::Rule::T06] {
            let hint = super::super::RULES
                .iter()
                .find(|r| r.rule == code)
                .map(|r| r.hint)
                .unwrap_or_default();
            assert!(hint.contains(phrase), "{code:?}: {hint}");
        }
        // And the guide says how an answer row grows.
        assert!(guide.iter().any(|t| t.contains("bấm đúp")));
    }

    fn facts() -> GuideFacts<'static> {
        GuideFacts {
            unit_name: "Sở Tư pháp",
            unit_code: "STP",
            plan_number: "1315/QĐ-UBND",
            plan_name: "Kế hoạch hội nhập quốc tế",
            issuer: "Ủy ban nhân dân thành phố Hải Phòng",
            period_label: "6 tháng đầu năm 2020",
            due: d(2020, 6, 15),
            consolidator: "Sở Công Thương",
            cutoff_start: d(2019, 12, 15),
            cutoff_end: d(2020, 6, 14),
        }
    }

    #[test]
    fn wording_is_pinned() {
        assert_eq!(
            forms_written(38, Path::new("out/2020-H1/bieu-mau")),
            "Đã ghi 38 biểu mẫu báo cáo vào 'out/2020-H1/bieu-mau'."
        );
        assert_eq!(
            form_unknown_unit("XYZ"),
            "không có đơn vị mã 'XYZ' trong kế hoạch"
        );
        assert_eq!(
            form_unit_line("Sở Tư pháp", "STP"),
            "Đơn vị báo cáo: Sở Tư pháp (mã STP)"
        );
        let guide = form_guide(&facts());
        assert!(guide.contains(&GuideLine::Text(
            "Gửi tệp này (giữ định dạng .xlsx, không đặt mật khẩu) về Sở Công Thương chậm nhất \
             ngày 15/06/2020. Số liệu tính từ ngày 15/12/2019 đến ngày 14/06/2020."
                .into()
        )));
    }

    #[test]
    fn every_text_is_nfc_and_labels_match_form_md() {
        let mut all: Vec<String> = FORM_INFO_LABELS
            .iter()
            .chain(&FORM_TASK_HEADER)
            .chain(&FORM_INDICATOR_HEADER)
            .map(|s| s.to_string())
            .collect();
        all.extend(form_guide(&facts()).into_iter().map(|l| match l {
            GuideLine::Title(t) | GuideLine::Heading(t) | GuideLine::Text(t) => t,
        }));
        all.extend(form_share_validation());
        all.extend(form_value_validation());
        all.extend(form_result_input());
        all.extend(form_date_validation(
            d(2020, 6, 15),
            d(2019, 12, 15),
            d(2021, 12, 31),
        ));
        all.extend(form_status_validation(&["Hoàn thành"], true));
        all.push(FORM_INFO_NOTE.into());
        all.push(FORM_NO_TASKS.into());
        all.push(FORM_NO_INDICATORS.into());
        for t in &all {
            assert!(is_nfc(t), "not NFC: {t}");
            assert!(!t.trim().is_empty());
        }
        assert_eq!(FORM_TASK_HEADER.len(), 10);
        assert_eq!(FORM_INDICATOR_HEADER.len(), 7);
    }
}
