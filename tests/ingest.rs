//! `run`, `check` and `status` judge a file the same way: one ingest loop
//! (`tonghop::ingest`), the same context, the files given together decided
//! together.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::{copy_dir, repo, text, Project};

const KY: &str = "2020-H1";
const NGAY: &str = "2020-06-30";

/// A finding as both commands show it: rule and place ("sheet!cell", the
/// sheet, or nothing), counted.
type Findings = BTreeMap<(String, String), usize>;

/// The findings of `kiem-tra.csv` by file, R01 (no file) left out.
fn run_findings(p: &Project) -> BTreeMap<String, Findings> {
    let bytes = std::fs::read(p.out(KY, "kiem-tra.csv")).expect("kiem-tra.csv");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let mut by_file: BTreeMap<String, Findings> = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.expect("record");
        let (rule, file, sheet, cell) = (&rec[0], &rec[3], &rec[4], &rec[5]);
        if file.is_empty() {
            continue;
        }
        let place = match (sheet.is_empty(), cell.is_empty()) {
            (false, false) => format!("{sheet}!{cell}"),
            (false, true) => sheet.to_string(),
            (true, false) => cell.to_string(),
            (true, true) => String::new(),
        };
        *by_file
            .entry(file.to_string())
            .or_default()
            .entry((rule.to_string(), place))
            .or_default() += 1;
    }
    by_file
}

/// The findings `check` printed, by file ("Tệp: …" blocks).
fn check_findings(out: &str) -> BTreeMap<String, Findings> {
    let mut by_file: BTreeMap<String, Findings> = BTreeMap::new();
    let mut file = String::new();
    for line in out.lines() {
        if let Some(f) = line.strip_prefix("Tệp: ") {
            file = f.to_string();
            by_file.entry(file.clone()).or_default();
        } else if let Some(rest) = line.strip_prefix("  [") {
            // "  [Lỗi] T04 Nhiệm vụ!E10: message — hint"
            let Some((_, rest)) = rest.split_once("] ") else {
                continue;
            };
            let (head, _) = rest.split_once(": ").unwrap_or((rest, ""));
            let (rule, place) = head.split_once(' ').unwrap_or((head, ""));
            *by_file
                .get_mut(&file)
                .expect("a finding after its file")
                .entry((rule.to_string(), place.to_string()))
                .or_default() += 1;
        }
    }
    by_file
}

/// Every file of the inbox, relative to it, with `/`.
fn inbox_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("under the inbox")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

fn nfc(s: &str) -> String {
    tonghop::text::nfc(s)
}

/// The corpus inbox in a project, run once.
fn corpus_project() -> (Project, BTreeMap<String, Findings>) {
    let p = Project::new();
    copy_dir(
        &repo().join("tests/corpus/hp-1315-2020-H1/inbox").join(KY),
        &p.path().join("inbox").join(KY),
    );
    let o = p.run(&["run", "--ky", KY, "--ngay", NGAY, "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    let run = run_findings(&p)
        .into_iter()
        .map(|(k, v)| (nfc(&k), v))
        .collect();
    (p, run)
}

fn check_in_inbox(p: &Project, files: &[String]) -> BTreeMap<String, Findings> {
    let root = p.path();
    let templates = root.join("templates");
    let out = root.join("out");
    let mut args: Vec<String> = [
        "check",
        "--ky",
        KY,
        "--ngay",
        NGAY,
        "--templates",
        &templates.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(files.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = p.run_in(&p.inbox(KY, ""), &args);
    let (stdout, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stdout}\n{err}");
    check_findings(&stdout)
        .into_iter()
        .map(|(k, v)| (nfc(&k), v))
        .collect()
}

#[test]
fn check_on_each_file_alone_reports_what_run_reports_for_it() {
    let (p, run) = corpus_project();
    let files = inbox_files(&p.inbox(KY, ""));
    assert!(files.len() > 30, "{files:?}");
    for f in &files {
        let checked = check_in_inbox(&p, std::slice::from_ref(f));
        let key = nfc(f);
        let mut got = checked.get(&key).cloned().unwrap_or_default();
        let mut want = run.get(&key).cloned().unwrap_or_default();
        // F06 is between files: a file alone is never superseded.
        want.retain(|(rule, _), _| rule != "F06");
        got.retain(|(rule, _), _| rule != "F06");
        assert_eq!(got, want, "{f}");
    }
}

#[test]
fn check_on_the_whole_inbox_reports_file_by_file_what_run_reports() {
    let (p, run) = corpus_project();
    let files = inbox_files(&p.inbox(KY, ""));
    let checked = check_in_inbox(&p, &files);
    for f in &files {
        let key = nfc(f);
        assert_eq!(
            checked.get(&key).cloned().unwrap_or_default(),
            run.get(&key).cloned().unwrap_or_default(),
            "{f}"
        );
    }
    // F06 is there: the corpus has units that sent twice.
    assert!(
        checked
            .values()
            .any(|f| f.keys().any(|(rule, _)| rule == "F06")),
        "{checked:?}"
    );
}

#[test]
fn check_on_an_annual_report_compares_with_the_half_year_outputs() {
    let p = Project::new();
    crate::run::sct_report("6 tháng đầu năm 2020", crate::util::V::D(2020, 6, 10), 12.0)
        .save(&p.inbox("2020-H1", "sct.xlsx"));
    crate::run::sct_report("Năm 2020", crate::util::V::D(2020, 12, 10), 9.0)
        .save(&p.inbox("2020", "sct.xlsx"));
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    let file = p.inbox("2020", "sct.xlsx");
    let o = p.run(&[
        "check",
        "--ky",
        "2020",
        "--ngay",
        "2020-12-20",
        &file.to_string_lossy(),
    ]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(out.contains("I04 Chỉ tiêu!B2"), "{out}");
    // Without --ky the report's own period is used, with the same context.
    let o = p.run(&["check", "--ngay", "2020-12-20", &file.to_string_lossy()]);
    assert!(text(&o).0.contains("I04 Chỉ tiêu!B2"), "{}", text(&o).0);
}

#[test]
fn check_given_two_reports_of_one_unit_sets_the_older_aside_as_run_does() {
    let p = Project::new();
    crate::run::sct_report("6 tháng đầu năm 2020", crate::util::V::D(2020, 6, 5), 12.0)
        .save(&p.inbox(KY, "cu.xlsx"));
    crate::run::sct_report("6 tháng đầu năm 2020", crate::util::V::D(2020, 6, 10), 13.0)
        .save(&p.inbox(KY, "moi.xlsx"));
    let o = p.run_in(
        &p.inbox(KY, ""),
        &[
            "check",
            "--ky",
            KY,
            "--templates",
            &p.path().join("templates").to_string_lossy(),
            "cu.xlsx",
            "moi.xlsx",
        ],
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    let found = check_findings(&out);
    assert!(
        found["cu.xlsx"].contains_key(&("F06".into(), String::new())),
        "{out}"
    );
    assert!(!found["moi.xlsx"].keys().any(|(r, _)| r == "F06"), "{out}");
}
