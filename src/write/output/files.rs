//! File helpers of the switch: comparing, listing, writing synced.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// Whether two files have the same bytes (false when either cannot be
/// read), compared block by block.
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (a.symlink_metadata(), b.symlink_metadata()) else {
        return false;
    };
    if !ma.is_file() || !mb.is_file() || ma.len() != mb.len() {
        return false;
    }
    #[cfg(unix)]
    {
        // Two names of one file (a staged unchanged output).
        use std::os::unix::fs::MetadataExt;
        if (ma.dev(), ma.ino()) == (mb.dev(), mb.ino()) {
            return true;
        }
    }
    match (File::open(a), File::open(b)) {
        (Ok(fa), Ok(fb)) => same_stream(fa, fb),
        _ => false,
    }
}

/// Whether the file at `path` has exactly `bytes` (false when it cannot be
/// read), read block by block: never a second copy of a large output.
pub(super) fn file_has(path: &Path, bytes: &[u8]) -> bool {
    let same_size = path
        .symlink_metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_size && File::open(path).is_ok_and(|f| same_stream(f, bytes))
}

/// Whether two streams give the same bytes to their end, compared 64 KiB
/// at a time (false when either cannot be read).
fn same_stream(mut a: impl io::Read, mut b: impl io::Read) -> bool {
    let (mut xa, mut xb) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let Ok(n) = a.read(&mut xa) else {
            return false;
        };
        if n == 0 {
            // Nothing after in the other either (a file may have grown
            // since its size was read).
            return matches!(b.read(&mut xb[..1]), Ok(0));
        }
        if b.read_exact(&mut xb[..n]).is_err() || xa[..n] != xb[..n] {
            return false;
        }
    }
}

/// A relative path of plain components, as a path.
pub(super) fn checked_rel(rel: &str) -> io::Result<PathBuf> {
    let p = Path::new(rel);
    let ok = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(p.to_path_buf())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("'{rel}'"),
        ))
    }
}

/// The names in a folder, sorted; empty when it does not exist.
pub(super) fn entries(dir: &Path) -> io::Result<Vec<String>> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut v = Vec::new();
    for e in rd {
        v.push(e?.file_name().to_string_lossy().into_owned());
    }
    v.sort();
    Ok(v)
}

/// Writes a new file, not yet synced: a staged set is made durable at once
/// by [`sync_staged`].
pub(super) fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    File::create(path)?.write_all(bytes)
}

/// Makes the files `files` written under `dir`, and the folders that name
/// them, durable. On Linux one `syncfs(2)` of the filesystem does it (an
/// `fsync` per file cost half a second for the 2,000 files of a thousand
/// units); elsewhere, or when that call fails, file by file.
pub(super) fn sync_staged(dir: &Path, files: &[&Path]) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        if let Ok(d) = File::open(dir) {
            if rustix::fs::syncfs(&d).is_ok() {
                return Ok(());
            }
        }
    }
    for p in files {
        fs::OpenOptions::new().write(true).open(p)?.sync_all()?;
    }
    sync_dirs(dir);
    Ok(())
}

pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes renames in `dir` durable (best effort; not every system can).
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

pub(super) fn sync_dirs(root: &Path) {
    for e in walkdir::WalkDir::new(root).into_iter().flatten() {
        if e.file_type().is_dir() {
            sync_dir(e.path());
        }
    }
}
