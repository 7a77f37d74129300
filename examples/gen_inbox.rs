//! `gen_inbox`: writes a realistic inbox of unit reports for a plan and a
//! period, with the layout variety clerks produce and, on request, defects
//! of every rule family, late, missing and twice-sent reports, and files
//! that are not reports. The same arguments give byte-identical files.
//!
//! ```text
//! cargo run --release --example gen_inbox -- --ky 2020-H1 --seed 7 --loi 12 --out /tmp/x
//! cargo run --release --example gen_inbox -- --don-vi 1000 --out /tmp/bench
//! cargo run --release --example gen_inbox -- --demo --inbox inbox/2020-H1 \
//!     --dap-an bench/demo-2020-H1.json --ghi-de
//! ```
//!
//! Next to the inbox it writes an answer key (JSON): the files and what a
//! run should make of them, the findings, task rows, indicator values and
//! totals, and the list of injected defects. A summary goes to stdout.

#[path = "gen_inbox/answer.rs"]
mod answer;
#[path = "gen_inbox/build.rs"]
mod build;
#[path = "gen_inbox/defects.rs"]
mod defects;
#[path = "gen_inbox/formats.rs"]
mod formats;
#[path = "gen_inbox/model.rs"]
mod model;
#[path = "gen_inbox/rng.rs"]
mod rng;
#[path = "gen_inbox/synth.rs"]
mod synth;
#[path = "gen_inbox/texts.rs"]
mod texts;
#[path = "gen_inbox/write.rs"]
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Days;
use clap::Parser;
use rayon::prelude::*;
use tonghop::plan::{Period, PeriodKind, Plan, Unit};

use answer::{Fate, File};
use defects::{Injection, RowRef};
use rng::Rng;

/// Writes a demo or benchmark inbox of unit reports.
#[derive(Parser, Debug)]
#[command(name = "gen_inbox")]
struct Args {
    /// Plan folder (ignored with --don-vi).
    #[arg(long = "ke-hoach", default_value = "templates/hp-1315")]
    plan: PathBuf,
    /// Period code: 2020-H1 or 2020.
    #[arg(long = "ky", default_value = "2020-H1")]
    period: String,
    /// Seed of the random choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder: <out>/inbox/<ky>/, <out>/answer.json (and
    /// <out>/templates/synth-N/ with --don-vi).
    #[arg(long, default_value = "target/gen_inbox")]
    out: PathBuf,
    /// Write the reports into this folder instead of <out>/inbox/<ky>/.
    #[arg(long)]
    inbox: Option<PathBuf>,
    /// Write the answer key here instead of <out>/answer.json.
    #[arg(long = "dap-an")]
    answer: Option<PathBuf>,
    /// Number of defects to inject.
    #[arg(long = "loi", default_value_t = 0)]
    defects: usize,
    /// Defect kinds to draw from, comma separated (default: all):
    /// T01–T11, I01–I03, I05–I08, F05, F08, F09.
    #[arg(long = "loai", value_delimiter = ',')]
    kinds: Vec<String>,
    /// Units that send nothing (R01).
    #[arg(long = "thieu", default_value_t = 0)]
    missing: usize,
    /// Units whose "Ngày báo cáo" is after the due date (F07).
    #[arg(long = "tre", default_value_t = 0)]
    late: usize,
    /// Units that send twice, an older and a newer report (F06).
    #[arg(long = "gui-lai", default_value_t = 0)]
    twice: usize,
    /// Add files that are not reports: a lock file, Thumbs.db, a Word
    /// cover letter without tables, a PDF (F11).
    #[arg(long = "rac")]
    junk: bool,
    /// First write a synthetic plan with N units (~60 tasks and 15
    /// indicators each) and generate the inbox for it.
    #[arg(long = "don-vi")]
    units: Option<usize>,
    /// The committed demo: one missing, one late, one twice-sent unit,
    /// 8 defects, junk files, four reports in other formats (web page and
    /// SpreadsheetML named .xls, Word, CSV).
    #[arg(long)]
    demo: bool,
    /// Empty the inbox folder first when it holds files.
    #[arg(long = "ghi-de")]
    overwrite: bool,
    /// Make every result, difficulty and proposal text this many times
    /// longer (the benchmark's long-text inbox uses 3).
    #[arg(long = "dai", default_value_t = 1)]
    longer: usize,
    /// Print only the last summary line.
    #[arg(short, long)]
    quiet: bool,
}

const DEMO_KINDS: &[&str] = &["T03", "T04", "T06", "T07", "T09", "I02", "I06", "I08"];

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_inbox: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(mut args: Args) -> Result<(), String> {
    if args.demo {
        args.missing = args.missing.max(1);
        args.late = args.late.max(1);
        args.twice = args.twice.max(1);
        args.junk = true;
        if args.defects == 0 {
            args.defects = 8;
        }
        if args.kinds.is_empty() {
            args.kinds = DEMO_KINDS.iter().map(|s| s.to_string()).collect();
        }
    }
    let period: Period = args.period.parse().map_err(|e| format!("{e}"))?;
    let plan_dir = match args.units {
        Some(n) => {
            if n == 0 {
                return Err("--don-vi needs at least 1 unit".into());
            }
            let dir = args.out.join("templates").join(format!("synth-{n}"));
            synth::write(&dir, n, period, args.seed)
                .map_err(|e| format!("{}: {e}", dir.display()))?;
            dir
        }
        None => args.plan.clone(),
    };
    let plan = tonghop::plan::load(&plan_dir).map_err(|e| format!("{e}"))?;
    period.check_in(&plan).map_err(|e| format!("{e}"))?;
    let inbox = args
        .inbox
        .clone()
        .unwrap_or_else(|| args.out.join("inbox").join(period.code()));
    let answer_path = args
        .answer
        .clone()
        .unwrap_or_else(|| args.out.join("answer.json"));
    prepare(&inbox, args.overwrite)?;

    let kinds: Vec<String> = if args.kinds.is_empty() {
        defects::KINDS.iter().map(|s| s.to_string()).collect()
    } else {
        let mut k = Vec::new();
        for x in &args.kinds {
            let x = x.trim().to_uppercase();
            if !defects::KINDS.contains(&x.as_str()) {
                return Err(format!(
                    "unknown defect kind '{x}'; known: {}",
                    defects::KINDS.join(",")
                ));
            }
            k.push(x);
        }
        k
    };

    let duties = build::duties(&plan, period);
    let expected: Vec<&Unit> = plan.expected_units(period);
    let names: BTreeMap<String, String> = plan
        .units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    if args.missing + args.late + args.twice > expected.len() {
        return Err(format!(
            "--thieu + --tre + --gui-lai exceed the {} expected units",
            expected.len()
        ));
    }
    let mut master = Rng::derive(args.seed, "scenario");
    let mut order: Vec<usize> = (0..expected.len()).collect();
    master.shuffle(&mut order);
    let pick = |from: usize, n: usize| -> BTreeSet<String> {
        order[from..from + n]
            .iter()
            .map(|&i| expected[i].code.clone())
            .collect()
    };
    let missing = pick(0, args.missing);
    let late = pick(args.missing, args.late);
    let twice = pick(args.missing + args.late, args.twice);
    let due = period.due(&plan.info);
    let empty = build::Duties::default();

    // Clean reports, one per unit (two for the twice-sent).
    let mut files: Vec<File> = Vec::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut counted: BTreeMap<String, usize> = BTreeMap::new();
    for u in &expected {
        if missing.contains(&u.code) {
            continue;
        }
        let mut rng = Rng::derive(args.seed, &u.code);
        let layout = build::layout(&mut rng);
        let date = if late.contains(&u.code) {
            due.checked_add_days(Days::new(rng.range(3, 20) as u64))
                .unwrap_or(due)
        } else {
            build::on_time_date(&mut rng, due)
        };
        let d = duties.get(&u.code).unwrap_or(&empty);
        let mut report = build::report(&plan, period, u, d, &names, layout, date, &mut rng);
        lengthen(&mut report, args.longer);
        if twice.contains(&u.code) {
            let mut older = report.clone();
            let od = date
                .checked_sub_days(Days::new(rng.range(3, 9) as u64))
                .unwrap_or(date);
            older.info.date = Some(od);
            older.info.date_cell = build::date_cell(&older.layout, od);
            // The first version was less advanced on a few tasks.
            for t in older.tasks.iter_mut().take(3) {
                t.result = texts::IN_PROGRESS[2].to_string();
            }
            let path = unique(&mut taken, file_path(&mut rng, &plan, period, u));
            files.push(File {
                path,
                report: Some(older),
                bytes: None,
                fate: Fate::Superseded,
                pos: Default::default(),
            });
        }
        let mut path = file_path(&mut rng, &plan, period, u);
        if twice.contains(&u.code) {
            path = path.replacen(".xlsx", " (sửa lại).xlsx", 1);
        }
        let path = unique(&mut taken, path);
        counted.insert(u.code.clone(), files.len());
        files.push(File {
            path,
            report: Some(report),
            bytes: None,
            fate: Fate::Counted,
            pos: Default::default(),
        });
    }

    // Defects.
    let mut injected: Vec<Injection> = Vec::new();
    let mut pool = kinds.clone();
    master.shuffle(&mut pool);
    let candidates: Vec<usize> = counted.values().copied().collect();
    let mut used: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for i in 0..args.defects {
        if candidates.is_empty() {
            break;
        }
        let kind = &pool[i % pool.len()];
        let mut rng = Rng::derive(args.seed, &format!("defect-{i}"));
        let spread = args.defects <= candidates.len();
        let mut done = false;
        for _ in 0..64 {
            let fi = *rng.pick(&candidates);
            let prior = used.get(&fi).cloned().unwrap_or_default();
            let unit = files[fi]
                .report
                .as_ref()
                .map(|r| r.unit.clone())
                .unwrap_or_default();
            if (spread && !prior.is_empty())
                || prior.iter().any(|k| k == "F05")
                || (defects::file_level(kind) && prior.iter().any(|k| defects::file_level(k)))
                || (kind == "F05"
                    && (!prior.is_empty() || late.contains(&unit) || twice.contains(&unit)))
                || (kind == "F08" && late.contains(&unit))
            {
                continue;
            }
            let Some(report) = files[fi].report.as_mut() else {
                continue;
            };
            let ctx = defects::Ctx {
                plan: &plan,
                period,
                duties: duties.get(&unit).unwrap_or(&empty),
            };
            if let Some(mut inj) = defects::inject(kind, report, &ctx, &mut rng) {
                inj.file = files[fi].path.clone();
                if kind == "F05" {
                    files[fi].fate = Fate::Excluded("F05");
                }
                injected.push(inj);
                used.entry(fi).or_default().push(kind.clone());
                done = true;
                break;
            }
        }
        if !done && !args.quiet {
            eprintln!("gen_inbox: no report could take defect {kind}; skipped");
        }
    }

    // The demo: four units send the report as their software saves it
    // (a web page or SpreadsheetML named .xls, a Word report, a CSV):
    // reports without defects, sent once and on time.
    let mut sent_as: BTreeMap<String, formats::Kind> = BTreeMap::new();
    if args.demo {
        let mut rng = Rng::derive(args.seed, "formats");
        let mut pool: Vec<usize> = counted
            .iter()
            .filter(|(u, fi)| {
                !used.contains_key(fi)
                    && files[**fi].fate == Fate::Counted
                    && !late.contains(*u)
                    && !twice.contains(*u)
            })
            .map(|(_, fi)| *fi)
            .collect();
        for kind in [
            formats::Kind::Csv,
            formats::Kind::Html,
            formats::Kind::Sml,
            formats::Kind::Docx,
        ] {
            if pool.is_empty() {
                continue;
            }
            let fi = *rng.pick(&pool);
            pool.retain(|x| *x != fi);
            let path = unique(&mut taken, kind.rename(&files[fi].path));
            files[fi].path = path.clone();
            sent_as.insert(path, kind);
        }
    }

    // The demo's report in a legacy font (issue 15): the first unit by
    // code that is counted on time, sent once and carries no defect.
    if args.demo {
        let legacy = counted
            .iter()
            .filter(|(u, _)| !late.contains(*u) && !twice.contains(*u))
            .map(|(_, &fi)| fi)
            .find(|fi| !used.contains_key(fi) && !sent_as.contains_key(&files[*fi].path));
        if let Some(r) = legacy.and_then(|fi| files[fi].report.as_mut()) {
            r.legacy = true;
        }
    }

    if args.junk {
        junk(&mut files, &mut taken, &mut master, period);
    }

    // Write.
    let issuing = plan.info.issuing_body.clone();
    let results: Vec<Result<(), String>> = files
        .par_iter_mut()
        .map(|f| {
            let target = inbox.join(&f.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            let bytes = match (&f.report, &f.bytes) {
                (Some(r), _) => {
                    let created = r.info.date.unwrap_or(due);
                    let (bytes, pos) = write::workbook(r, &issuing, created)
                        .map_err(|e| format!("{}: {e}", f.path))?;
                    let bytes = match sent_as.get(&f.path) {
                        Some(kind) => formats::convert(
                            *kind,
                            &bytes,
                            &pos.info_sheet,
                            &pos.task_sheet,
                            &pos.ind_sheet,
                        ),
                        None => bytes,
                    };
                    f.pos = pos;
                    if r.legacy {
                        write::legacy_xlsx(&bytes).map_err(|e| format!("{}: {e}", f.path))?
                    } else {
                        bytes
                    }
                }
                (None, Some(b)) => b.clone(),
                (None, None) => Vec::new(),
            };
            std::fs::write(&target, bytes).map_err(|e| format!("{}: {e}", target.display()))
        })
        .collect();
    for r in results {
        r?;
    }

    // Locate the injected defects.
    let by_path: BTreeMap<&str, &File> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    for inj in &mut injected {
        let Some(f) = by_path.get(inj.file.as_str()) else {
            continue;
        };
        let (sheet, row) = match inj.row {
            Some(RowRef::Task(id)) => (Some(f.pos.task_sheet.clone()), f.pos.task_rows.get(&id)),
            Some(RowRef::Ind(id)) => (Some(f.pos.ind_sheet.clone()), f.pos.ind_rows.get(&id)),
            None if inj.rule == "F08" || inj.rule == "F05" => {
                (Some(f.pos.info_sheet.clone()), None)
            }
            None if inj.rule == "T03" || inj.rule == "F09" => {
                (Some(f.pos.task_sheet.clone()), None)
            }
            None => (Some(f.pos.ind_sheet.clone()), None),
        };
        inj.sheet = sheet;
        if let (Some(row), Some(col)) = (row, inj.col.and_then(|c| f.pos.cols.get(c))) {
            inj.cell = Some(format!("{col}{row}"));
        }
    }

    let key = answer::build(
        answer::Scenario {
            plan: &plan,
            period,
            seed: args.seed,
            duties: &duties,
            expected: expected.iter().map(|u| u.code.clone()).collect(),
            missing: missing.iter().cloned().collect(),
            late: late.iter().cloned().collect(),
            twice: twice.iter().cloned().collect(),
            injected: injected.clone(),
        },
        &files,
    );
    if let Some(parent) = answer_path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let json = serde_json::to_string_pretty(&key).map_err(|e| e.to_string())? + "\n";
    std::fs::write(&answer_path, json).map_err(|e| format!("{}: {e}", answer_path.display()))?;

    if !args.quiet {
        summary(&files, &missing, &late, &twice, &injected, &plan);
    }
    let reports = files.iter().filter(|f| f.report.is_some()).count();
    println!(
        "gen_inbox: plan {} period {} seed {}: {} files ({} reports) in {}; answer key {}",
        plan.info.id,
        period.code(),
        args.seed,
        files.len(),
        reports,
        inbox.display(),
        answer_path.display()
    );
    Ok(())
}

/// Makes sure the inbox folder exists and holds nothing but `.gitkeep`.
fn prepare(inbox: &Path, overwrite: bool) -> Result<(), String> {
    if inbox.exists() {
        let busy = std::fs::read_dir(inbox)
            .map_err(|e| format!("{}: {e}", inbox.display()))?
            .filter_map(Result::ok)
            .any(|e| e.file_name() != ".gitkeep");
        if busy && !overwrite {
            return Err(format!(
                "{} already holds files; use --ghi-de to replace them",
                inbox.display()
            ));
        }
        if overwrite {
            std::fs::remove_dir_all(inbox).map_err(|e| format!("{}: {e}", inbox.display()))?;
        }
    }
    std::fs::create_dir_all(inbox).map_err(|e| format!("{}: {e}", inbox.display()))
}

/// A path not taken yet: a name ending in "(k)" takes the next free k,
/// others get " (2)", " (3)"… before the extension.
fn unique(taken: &mut BTreeSet<String>, path: String) -> String {
    let (stem, ext) = path.rsplit_once('.').unwrap_or((path.as_str(), ""));
    let numbered = stem
        .strip_suffix(')')
        .and_then(|s| s.rsplit_once(" ("))
        .filter(|(_, k)| !k.is_empty() && k.chars().all(|c| c.is_ascii_digit()));
    let (base, first) = match numbered {
        Some((base, k)) => (base.to_string(), k.parse::<u32>().unwrap_or(1) + 1),
        None => (stem.to_string(), 2),
    };
    let mut p = path.clone();
    let mut n = first;
    while taken.contains(&p) {
        p = format!("{base} ({n}).{ext}");
        n += 1;
    }
    taken.insert(p.clone());
    p
}

/// Where a clerk would have saved the unit's report.
fn file_path(rng: &mut Rng, plan: &Plan, period: Period, u: &Unit) -> String {
    let y = period.year;
    let (short, long, month) = match period.kind {
        PeriodKind::FirstHalf => (format!("6T{y}"), format!("6 tháng {y}"), 6),
        PeriodKind::Year => (format!("nam {y}"), format!("năm {y}"), 12),
    };
    let safe_name: String = u
        .name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let folder = match rng.below(12) {
        0..=4 => String::new(),
        5 | 6 => format!("Công văn đến/{y}/"),
        7 => "Zalo/Nhóm báo cáo/".to_string(),
        8 | 9 => format!("email/Tháng {month}/"),
        10 => "tai ve/".to_string(),
        _ => format!("{safe_name}/"),
    };
    let plan_no: String = plan
        .info
        .number
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let name = match rng.below(8) {
        0 | 1 => format!("BC {} {short}.xlsx", u.code),
        2 => format!("Báo cáo {safe_name} {long}.xlsx"),
        3 | 4 => format!("Bao cao ket qua thuc hien ({}).xlsx", rng.range(1, 9)),
        5 => format!("{}_BC_{short}.xlsx", u.code),
        6 => format!("BC_{}.xlsx", rng.range(100, 999)),
        _ => format!("{} - Bieu mau KH{plan_no}.xlsx", u.code),
    };
    format!("{folder}{name}")
}

/// Files that are not reports: a lock file next to a report, Thumbs.db, a PDF.
fn junk(files: &mut Vec<File>, taken: &mut BTreeSet<String>, rng: &mut Rng, period: Period) {
    let reports: Vec<String> = files
        .iter()
        .filter(|f| f.report.is_some())
        .map(|f| f.path.clone())
        .collect();
    let mut add = |files: &mut Vec<File>, path: String, bytes: Vec<u8>| {
        let path = unique(taken, path);
        files.push(File {
            path,
            report: None,
            bytes: Some(bytes),
            fate: Fate::Skipped,
            pos: Default::default(),
        });
    };
    if let Some(p) = rng.pick_opt(&reports).cloned() {
        let (dir, name) = match p.rsplit_once('/') {
            Some((d, n)) => (format!("{d}/"), n.to_string()),
            None => (String::new(), p.clone()),
        };
        // An Office owner file: length byte, user name, padding.
        let user = b"Nguyen Thi Lan";
        let mut b = vec![user.len() as u8];
        b.extend_from_slice(user);
        b.resize(165, b' ');
        add(files, format!("{dir}~${name}"), b);
    }
    if let Some(p) = rng.pick_opt(&reports).cloned() {
        let dir = p
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.resize(1024, 0);
        add(files, format!("{dir}Thumbs.db"), b);
    }
    // A cover letter in Word, without the report's tables.
    add(
        files,
        format!("Công văn {}-BC kèm báo cáo.docx", rng.range(100, 999)),
        formats::letter(&[
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
            "Kính gửi: Sở Công Thương",
            &format!(
                "Gửi kèm báo cáo kết quả thực hiện kế hoạch {}.",
                period.label()
            ),
        ]),
    );
    let pdf = format!(
        "%PDF-1.4\n% Công văn báo cáo kết quả {}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        period.label()
    );
    add(
        files,
        format!("Công văn {}-BC.pdf", rng.range(100, 999)),
        pdf.into_bytes(),
    );
}

fn summary(
    files: &[File],
    missing: &BTreeSet<String>,
    late: &BTreeSet<String>,
    twice: &BTreeSet<String>,
    injected: &[Injection],
    plan: &Plan,
) {
    let name = |c: &str| plan.unit(c).map(|u| u.name.clone()).unwrap_or_default();
    for c in missing {
        println!("missing   {c:<8} {}", name(c));
    }
    for f in files {
        let Some(r) = &f.report else {
            println!("not-report          {}", f.path);
            continue;
        };
        let date = r
            .info
            .date
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| "-".into());
        if late.contains(&r.unit) && f.fate == Fate::Counted {
            println!("late      {:<8} {}  (Ngày báo cáo {date})", r.unit, f.path);
        }
        if twice.contains(&r.unit) {
            let what = if f.fate == Fate::Counted {
                "newer"
            } else {
                "older"
            };
            println!(
                "twice     {:<8} {}  ({what}, Ngày báo cáo {date})",
                r.unit, f.path
            );
        }
    }
    for i in injected {
        let place = match (&i.sheet, &i.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (Some(s), None) => s.clone(),
            _ => String::new(),
        };
        println!(
            "{:<9} {:<8} {}  {place}  {}",
            i.rule, i.unit, i.file, i.detail
        );
    }
}

/// Makes the texts of a report `times` times longer: each non-empty result,
/// difficulty and proposal repeated, separated by "; ".
fn lengthen(report: &mut model::Report, times: usize) {
    if times <= 1 {
        return;
    }
    let longer = |s: &mut String| {
        if !s.is_empty() {
            *s = vec![s.as_str(); times].join("; ");
        }
    };
    for t in &mut report.tasks {
        longer(&mut t.result);
        longer(&mut t.difficulty);
        longer(&mut t.proposal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gen(out: &Path, extra: &[&str]) -> serde_json::Value {
        let mut argv = vec!["gen_inbox", "-q", "--out"];
        let out_s = out.to_str().unwrap_or_default().to_string();
        argv.push(&out_s);
        argv.extend_from_slice(extra);
        run(Args::parse_from(argv)).expect("generation works");
        let text = std::fs::read_to_string(out.join("answer.json")).expect("answer written");
        serde_json::from_str(&text).expect("answer is JSON")
    }

    fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
                (rel, std::fs::read(e.path()).unwrap_or_default())
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn clean_inbox_has_no_findings() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan");
        tonghop::plan::write_example(&plan).unwrap();
        let key = gen(
            &dir.path().join("out"),
            &["--ke-hoach", plan.to_str().unwrap()],
        );
        assert_eq!(key["findings"].as_array().map(Vec::len), Some(0));
        assert_eq!(key["files"].as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn same_seed_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let args = ["--demo", "--seed", "5"];
        gen(&dir.path().join("a"), &args);
        gen(&dir.path().join("b"), &args);
        let a = files(&dir.path().join("a"));
        let b = files(&dir.path().join("b"));
        assert!(a.len() > 30);
        assert!(a == b, "two runs with the same seed differ");
    }

    #[test]
    fn every_defect_kind_gives_its_finding() {
        let dir = tempfile::tempdir().unwrap();
        let n = defects::KINDS.len().to_string();
        let key = gen(&dir.path().join("out"), &["--loi", &n, "--seed", "3"]);
        let found: BTreeSet<String> = key["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["optional"] == false)
            .filter_map(|f| f["rule"].as_str().map(String::from))
            .collect();
        for k in defects::KINDS {
            assert!(found.contains(*k), "no {k} finding in the answer key");
        }
    }

    #[test]
    fn synthetic_plan_gives_60_tasks_and_15_indicators_a_unit() {
        let dir = tempfile::tempdir().unwrap();
        let key = gen(&dir.path().join("out"), &["--don-vi", "40"]);
        let rows = key["rows"].as_array().map(Vec::len).unwrap_or(0) as f64 / 40.0;
        let values = key["values"].as_array().map(Vec::len).unwrap_or(0) as f64 / 40.0;
        assert!((55.0..=65.0).contains(&rows), "{rows} task rows a unit");
        assert_eq!(values, 15.0);
    }

    #[test]
    fn committed_demo_is_what_the_generator_writes() {
        // Regenerate with: cargo run --release --example gen_inbox -- --demo --seed 1
        //   --inbox inbox/2020-H1 --dap-an bench/demo-2020-H1.answer.json --ghi-de
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("inbox");
        let answer = dir.path().join("answer.json");
        let argv = [
            "gen_inbox",
            "-q",
            "--demo",
            "--seed",
            "1",
            "--inbox",
            inbox.to_str().unwrap(),
            "--dap-an",
            answer.to_str().unwrap(),
        ];
        run(Args::parse_from(argv)).expect("generation works");
        let committed: Vec<_> = files(Path::new("inbox/2020-H1"));
        assert!(
            committed == files(&inbox),
            "inbox/2020-H1 is stale: regenerate it"
        );
        let key = std::fs::read(Path::new("bench/demo-2020-H1.answer.json")).unwrap();
        assert!(
            key == std::fs::read(&answer).unwrap(),
            "the demo answer key is stale"
        );
    }
}
