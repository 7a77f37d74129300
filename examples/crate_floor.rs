//! The floor of this project's two workbook crates: the least time calamine
//! and rust_xlsxwriter take to do what a run must do with them, and nothing
//! else. `bench/run.sh --thu-vien` runs it beside the inflate floor.
//!
//! ```text
//! crate_floor --inbox DIR --tong-hop FILE --phan-hoi FILE --out DIR
//! ```
//!
//! 1. Reading: every `.xlsx` under `--inbox` is opened with calamine
//!    (shared strings, styles, the workbook) and every sheet's cells are
//!    read (`worksheet_range`), on rayon's threads as `tonghop run` does.
//!    Nothing is checked or kept.
//! 2. Writing, on two threads as `tonghop run` does: the cells of the
//!    consolidated workbook `--tong-hop` written again with rust_xlsxwriter
//!    (constant-memory sheets, one format for every cell: no row heights,
//!    merges, comments or charts); and beside it, once per report read, the
//!    cells of the feedback workbook `--phan-hoi` written to a file of its
//!    own. Each is compressed at the zlib level `tonghop` uses for it.
//!
//! It prints `crate_floor_seconds=<read + write> read=<s> write=<s>`.
//! A run of `tonghop` cannot take less than this and still use these two
//! crates; see bench/README.md.

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use rayon::prelude::*;
use rust_xlsxwriter::{Format, FormatBorder, Workbook};
use std::error::Error;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Instant;

type Sheets = Vec<(String, Range<Data>)>;
type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;

fn main() {
    if let Err(e) = run() {
        eprintln!("crate_floor: {e}");
        std::process::exit(2);
    }
}

fn run() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let (mut inbox, mut tong_hop, mut phan_hoi, mut out) = (None, None, None, None);
    while let Some(flag) = args.next() {
        let value = args.next().map(PathBuf::from);
        match flag.as_str() {
            "--inbox" => inbox = value,
            "--tong-hop" => tong_hop = value,
            "--phan-hoi" => phan_hoi = value,
            "--out" => out = value,
            _ => return Err(format!("unknown argument '{flag}'").into()),
        }
    }
    let (Some(inbox), Some(tong_hop), Some(phan_hoi), Some(out)) = (inbox, tong_hop, phan_hoi, out)
    else {
        return Err(
            "usage: crate_floor --inbox DIR --tong-hop FILE --phan-hoi FILE --out DIR".into(),
        );
    };
    let files = workbooks(&inbox)?;
    // The shapes to write are read before the clock starts.
    let consolidated = sheets(&std::fs::read(&tong_hop)?)?;
    let feedback = sheets(&std::fs::read(&phan_hoi)?)?;
    std::fs::create_dir_all(&out)?;

    let start = Instant::now();
    let cells = files
        .par_iter()
        .map(|path| -> Res<usize> {
            let all = sheets(&std::fs::read(path)?)?;
            Ok(all.iter().map(|(_, r)| r.used_cells().count()).sum())
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    let read = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let (a, b) = rayon::join(
        || write(&consolidated, 3, &out.join("tong-hop.xlsx")),
        || -> Res<()> {
            for i in 0..files.len() {
                write(&feedback, 1, &out.join(format!("phan-hoi-{i}.xlsx")))?;
            }
            Ok(())
        },
    );
    a?;
    b?;
    let written = start.elapsed().as_secs_f64();
    println!(
        "crate_floor_seconds={:.3} read={read:.3} write={written:.3} files={} cells={cells}",
        read + written,
        files.len()
    );
    Ok(())
}

/// Every `.xlsx` under `dir`, in name order.
fn workbooks(dir: &Path) -> Res<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry?;
        let is_xlsx = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if entry.file_type().is_file() && is_xlsx {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Every sheet of a workbook, with its cells.
fn sheets(bytes: &[u8]) -> Res<Sheets> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))?;
    let mut all = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name)?;
        all.push((name, range));
    }
    Ok(all)
}

/// The cells written again, with one format, into a workbook at `path`
/// compressed at zlib `level` (what `tonghop` uses: 3 for the consolidated
/// workbook, 1 for the small ones).
fn write(sheets: &Sheets, level: u8, path: &Path) -> Res<()> {
    let mut book = Workbook::new();
    book.set_zip_compression_level(level);
    let format = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    for (name, range) in sheets {
        if book.add_worksheet_with_constant_memory().is_err() {
            book.add_worksheet();
        }
        let last = book.worksheets().len().saturating_sub(1);
        let sheet = book.worksheet_from_index(last)?;
        sheet.set_name(name)?;
        for (row, col, value) in range.used_cells() {
            let (row, col) = (row as u32, col as u16);
            match value {
                Data::String(s) => sheet.write_string_with_format(row, col, s, &format)?,
                Data::Float(x) => sheet.write_number_with_format(row, col, *x, &format)?,
                Data::Int(x) => sheet.write_number_with_format(row, col, *x as f64, &format)?,
                _ => continue,
            };
        }
    }
    book.save(path)?;
    Ok(())
}
