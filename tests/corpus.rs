//! Integration tests: the public corpus (`tests/corpus/hp-1315-2020-H1/`)
//! run end to end and compared with its answer key, rule by rule, as the
//! shared scorer does: files (status, rule, unit), findings (rule, unit,
//! file, cell), indicator totals and task rows.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::util::{copy_dir, repo, text, Project};

/// A task row's status code and share.
type StatusShare = (String, Option<f64>);

const CASE: &str = "tests/corpus/hp-1315-2020-H1";

fn nfc(s: &str) -> String {
    tonghop::text::nfc(s).replace('\\', "/").trim().to_string()
}

fn unneutral(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t']) => rest,
        _ => s,
    }
}

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(|v| unneutral(v).to_string()))
                .collect()
        })
        .collect()
}

fn s(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn units_ok(k: &Value, unit: &str) -> bool {
    let unit = unit.trim().to_uppercase();
    let ok: Vec<Option<String>> = match k.get("units_ok").and_then(Value::as_array) {
        Some(a) if !a.is_empty() => a.iter().map(s).collect(),
        _ => vec![k.get("unit").and_then(s)],
    };
    ok.iter().any(|x| match x {
        Some(x) => x.to_uppercase() == unit,
        None => unit.is_empty(),
    })
}

fn cell_row(c: &str) -> Option<u64> {
    let digits: String = c
        .trim()
        .replace('$', "")
        .chars()
        .skip_while(|c| c.is_ascii_alphabetic())
        .collect();
    digits.parse().ok()
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * 1f64.max(a.abs()).max(b.abs()) + 1e-9,
        (None, None) => true,
        _ => false,
    }
}

fn num(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        None
    } else {
        s.parse().ok()
    }
}

#[test]
fn corpus_matches_answer_key() {
    let case = repo().join(CASE);
    check_against_key(&case.join("answer.json"), &case.join("inbox"));
}

/// The committed demo inbox (README's first command) against the answer key
/// its generator wrote; the summary names the missing, late and twice-sent
/// units.
#[test]
fn demo_inbox_matches_its_answer_key_and_the_summary_names_units() {
    let out = check_against_key(
        &repo().join("bench/demo-2020-H1.answer.json"),
        &repo().join("inbox"),
    );
    for want in [
        "Chưa gửi: Sở Tài chính",
        "Gửi sau hạn: Ủy ban nhân dân quận Kiến An",
        "Gửi nhiều lần (tính bản mới nhất): Ủy ban nhân dân huyện An Lão",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
}

/// Runs `tonghop run` on a copy of `inbox_root/<period>/` and compares the
/// outputs with the answer key at `key_file`, as the shared scorer does;
/// returns what the run printed.
fn check_against_key(key_file: &Path, inbox_root: &Path) -> String {
    let key: Value = serde_json::from_slice(&std::fs::read(key_file).unwrap()).unwrap();
    let ky = key["period"].as_str().unwrap().to_string();
    let p = Project::new();
    copy_dir(&inbox_root.join(&ky), &p.path().join("inbox").join(&ky));
    let o = p.run(&["run", "--ky", &ky, "--ngay", "2020-06-30"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    let outdir = p.path().join("out").join(&ky);
    let mut report = String::new();

    // ---- files
    let man: Value =
        serde_json::from_slice(&std::fs::read(outdir.join("manifest.json")).unwrap()).unwrap();
    let tep: BTreeMap<String, &Value> = man["tep"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (nfc(t["duong_dan"].as_str().unwrap_or("")), t))
        .collect();
    let files = key["files"].as_array().unwrap();
    let mut files_ok = 0;
    for f in files {
        let path = nfc(f["path"].as_str().unwrap());
        let status = f["status"].as_str().unwrap();
        let want_rule = f["rule"].as_str();
        let good = tep.get(&path).is_some_and(|t| {
            let rule = t["ma_loi"].as_str();
            t["trang_thai"].as_str() == Some(status)
                && match status {
                    "loai" => rule == want_rule,
                    "thay_the" | "bo_qua" => rule.is_none() || rule == want_rule,
                    _ => rule.is_none(),
                }
                && (!matches!(status, "tinh" | "thay_the")
                    || units_ok(f, t["ma_don_vi"].as_str().unwrap_or("")))
        });
        if good {
            files_ok += 1;
        } else {
            report += &format!(
                "file {path}: want {status} {want_rule:?} {:?}, got {:?}\n",
                f["unit"],
                tep.get(&path)
            );
        }
    }

    // ---- findings
    let status_of: BTreeMap<String, String> = files
        .iter()
        .map(|f| {
            (
                nfc(f["path"].as_str().unwrap()),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let tool = read_csv(&outdir.join("kiem-tra.csv"));
    let mut used = vec![false; tool.len()];
    let mut keyf: Vec<&Value> = key["findings"].as_array().unwrap().iter().collect();
    keyf.sort_by_key(|k| {
        (
            k["optional"].as_bool().unwrap_or(false),
            k["cell"].is_null(),
            k["rows"].is_null(),
        )
    });
    // rule -> (expected, hit, tool, true positives)
    let mut per: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for k in &keyf {
        let rule = k["rule"].as_str().unwrap().to_string();
        let optional = k["optional"].as_bool().unwrap_or(false);
        let p = per.entry(rule.clone()).or_default();
        if !optional {
            p[0] += 1;
        }
        let kfile = nfc(k["file"].as_str().unwrap_or(""));
        let hit = tool.iter().enumerate().position(|(i, t)| {
            !used[i]
                && t["ma_loi"].trim().eq_ignore_ascii_case(&rule)
                && nfc(&t["tep"]) == kfile
                && units_ok(k, &t["ma_don_vi"])
                && match (k["cell"].as_str(), k["rows"].as_array()) {
                    (Some(c), _) => t["o"].replace('$', "").eq_ignore_ascii_case(c),
                    (None, Some(rows)) => cell_row(&t["o"])
                        .is_some_and(|r| rows.iter().any(|x| x.as_u64() == Some(r))),
                    _ => true,
                }
        });
        match hit {
            Some(i) => {
                used[i] = true;
                if !optional {
                    p[1] += 1;
                }
            }
            None if !optional => {
                report += &format!(
                    "missed {rule} {} {kfile} {}\n",
                    k["unit"],
                    k["cell"]
                        .as_str()
                        .map_or(k["rows"].to_string(), str::to_string)
                )
            }
            None => {}
        }
    }
    for (i, t) in tool.iter().enumerate() {
        let rule = t["ma_loi"].trim().to_uppercase();
        if tonghop::validate::Rule::from_code(&rule).is_none() {
            continue;
        }
        let st = status_of.get(&nfc(&t["tep"])).map(String::as_str);
        if !used[i] && matches!(st, Some("loai" | "thay_the")) {
            continue;
        }
        let p = per.entry(rule.clone()).or_default();
        p[2] += 1;
        if used[i] {
            p[3] += 1;
        } else {
            report += &format!("extra {rule} {} {} {}\n", t["ma_don_vi"], t["tep"], t["o"]);
        }
    }
    let exp: usize = per.values().map(|p| p[0]).sum();
    let hit: usize = per.values().map(|p| p[1]).sum();
    let ntool: usize = per.values().map(|p| p[2]).sum();
    let tp: usize = per.values().map(|p| p[3]).sum();
    let recall = if exp == 0 {
        1.0
    } else {
        hit as f64 / exp as f64
    };
    let precision = if ntool == 0 {
        1.0
    } else {
        tp as f64 / ntool as f64
    };
    for (rule, p) in &per {
        report += &format!(
            "  {rule}: expected {} found {} tool {} correct {}\n",
            p[0], p[1], p[2], p[3]
        );
    }

    // ---- totals
    let tot: BTreeMap<String, Option<f64>> = read_csv(&outdir.join("du-lieu/chi-tieu.csv"))
        .into_iter()
        .filter(|r| r["ma_don_vi"].trim().eq_ignore_ascii_case("TONG"))
        .map(|r| (r["ma_chi_tieu"].trim().to_uppercase(), num(&r["thuc_hien"])))
        .collect();
    let totals = key["totals"].as_array().unwrap();
    let mut totals_ok = 0;
    for t in totals {
        let ind = t["indicator"].as_str().unwrap().to_uppercase();
        let got = tot.get(&ind).copied().flatten();
        let mut want = vec![t["value"].as_f64()];
        if let Some(alt) = t["alt"].as_array() {
            want.extend(alt.iter().map(Value::as_f64));
        }
        if want.iter().any(|w| close(got, *w)) {
            totals_ok += 1;
        } else {
            report += &format!("total {ind}: want {want:?}, got {got:?}\n");
        }
    }

    // ---- task rows
    let mut rows: BTreeMap<(String, String), Vec<StatusShare>> = BTreeMap::new();
    for r in read_csv(&outdir.join("du-lieu/nhiem-vu.csv")) {
        rows.entry((
            r["ma_nhiem_vu"].trim().to_uppercase(),
            r["ma_don_vi"].trim().to_uppercase(),
        ))
        .or_default()
        .push((r["tinh_trang"].trim().to_string(), num(&r["ty_le"])));
    }
    let krows = key["rows"].as_array().unwrap();
    let mut rows_ok = 0;
    let mut unknowable = 0;
    let mut share_column_absent: BTreeMap<String, bool> = BTreeMap::new();
    let inbox = inbox_root.join(&ky);
    for kr in krows {
        let k = (
            kr["task"].as_str().unwrap().to_uppercase(),
            kr["unit"].as_str().unwrap().to_uppercase(),
        );
        let status = kr["status"].as_str().unwrap_or("");
        let share = kr["share"].as_f64();
        let cand = rows.entry(k.clone()).or_default();
        if let Some(j) = cand
            .iter()
            .position(|(s, v)| s == status && close(*v, share))
        {
            cand.remove(j);
            rows_ok += 1;
            continue;
        }
        // The key gives a share for some rows of files that have no
        // "Tỷ lệ hoàn thành" column at all (an optional column): no tool can
        // know it. Such a row counts when the status matches and the share
        // is empty, and only after checking that the file really has no
        // share column.
        let file = kr["file"].as_str().unwrap_or("");
        let no_share_column = *share_column_absent
            .entry(file.to_string())
            .or_insert_with(|| {
                let path = inbox.join(file);
                tonghop::read::read_workbook(&path, &tonghop::read::Limits::default())
                    .ok()
                    .and_then(|r| r.tasks)
                    .is_some_and(|t| t.col(tonghop::read::TaskCol::Share).is_none())
            });
        match cand.iter().position(|(s, v)| s == status && v.is_none()) {
            Some(j) if no_share_column => {
                cand.remove(j);
                rows_ok += 1;
                unknowable += 1;
            }
            _ => report += &format!("row {k:?}: want {status} {share:?}\n"),
        }
    }

    let files_score = files_ok as f64 / files.len() as f64;
    let totals_score = totals_ok as f64 / totals.len() as f64;
    let rows_score = rows_ok as f64 / krows.len() as f64;
    let summary = format!(
        "recall={recall:.3} precision={precision:.3} files={files_score:.3} totals={totals_score:.3} rows={rows_score:.3} \
         (rows whose key share is absent from the file: {unknowable})"
    );
    eprintln!("{summary}\n{report}");
    assert!(
        recall >= 0.98 && precision >= 0.98,
        "findings below 0.98: {summary}\n{report}"
    );
    assert!(files_score >= 0.98, "files: {summary}\n{report}");
    assert!(totals_score >= 0.98, "totals: {summary}\n{report}");
    assert!(rows_score >= 0.98, "rows: {summary}\n{report}");
    out
}
