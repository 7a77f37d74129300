//! Integration tests: the command line, plan errors and exit codes.

use crate::util::{text, Project};

#[test]
fn status_lists_expected_units_with_empty_inbox() {
    let p = Project::new();
    let o = p.run(&["status", "--ky", "2020-H1"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(out.contains("38 đơn vị"), "{out}");
    assert!(out.contains("SCT") && out.contains("HBLV"), "{out}");
    // SNNMT exists only from 2025.
    assert!(!out.contains("SNNMT"), "{out}");
}

#[test]
fn broken_plan_stops_every_command_with_file_line_column() {
    let p = Project::new();
    let f = p.path().join("templates/hp-1315/nhiem-vu.csv");
    let text0 = std::fs::read_to_string(&f).unwrap();
    // NV1.02 is led by SCT: name a unit that does not exist.
    let broken = text0.replacen(",SCT,STTTT;CHQ,", ",SXX,STTTT;CHQ,", 1);
    assert_ne!(broken, text0);
    std::fs::write(&f, broken).unwrap();
    for args in [
        &["status", "--ky", "2020-H1"][..],
        &["run", "--ky", "2020-H1"],
        &["forms", "--ky", "2020-H1"],
        &["check", "x.xlsx"],
    ] {
        let o = p.run(args);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("nhiem-vu.csv:3:4:"), "{args:?}: {err}");
        assert!(err.contains("SXX"), "{err}");
        assert!(!p.path().join("out").exists(), "nothing written");
    }
}

#[test]
fn period_outside_plan_is_refused_with_the_plan_years() {
    let p = Project::new();
    let o = p.run(&["status", "--ky", "2021-H1"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("2016") && err.contains("2020"), "{err}");
}

#[test]
fn bad_period_code_is_a_usage_error_message() {
    let p = Project::new();
    let o = p.run(&["status", "--ky", "2020-H3"]);
    let (_, err) = text(&o);
    assert_ne!(o.status.code(), Some(0));
    assert!(err.contains("2020-H3"), "{err}");
}

#[test]
fn unknown_subcommand_exits_2_and_version_exits_0() {
    let p = Project::new();
    assert_eq!(p.run(&["bogus"]).status.code(), Some(2));
    let o = p.run(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o).0.starts_with("tonghop "));
}

#[test]
fn several_plans_need_a_choice() {
    let p = Project::new();
    let a = p.path().join("templates/hp-1315");
    let b = p.path().join("templates/khac");
    std::fs::create_dir_all(&b).unwrap();
    for f in ["ke-hoach.csv", "don-vi.csv", "nhiem-vu.csv", "chi-tieu.csv"] {
        std::fs::copy(a.join(f), b.join(f)).unwrap();
    }
    let o = p.run(&["status", "--ky", "2020-H1"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("hp-1315") && err.contains("khac"), "{err}");
    let o = p.run(&["status", "--ky", "2020-H1", "--ke-hoach", "khac"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn run_refuses_a_period_folder_that_does_not_exist() {
    let p = Project::new();
    std::fs::create_dir_all(p.path().join("inbox/2020")).unwrap();
    let o = p.run(&["run", "--ky", "2020-H1"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("2020-H1") && err.contains("đang có: 2020"),
        "{err}"
    );
    assert!(!p.path().join("out/2020-H1").exists());
    // status still lists who is expected, and says the folder is missing.
    let o = p.run(&["status", "--ky", "2020-H1"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o).0.contains("Chưa có thư mục báo cáo"),
        "{}",
        text(&o).0
    );
}

#[test]
fn check_on_a_missing_path_says_so_and_exits_1() {
    let p = Project::new();
    let o = p.run(&["check", "--ky", "2020-H1", "khong-co.xlsx"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("không tìm thấy tệp 'khong-co.xlsx'"), "{err}");
}

#[test]
fn a_bad_date_flag_is_a_bad_argument_exit_1() {
    let p = Project::new();
    let o = p.run(&["status", "--ky", "2020-H1", "--ngay", "2020-13-01"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("--ngay"));
}
