use super::*;

fn set(tag: &str) -> BTreeMap<String, Vec<u8>> {
    [
        "tong-hop-2020-H1.xlsx",
        "kiem-tra.csv",
        "du-lieu/nhiem-vu.csv",
        "du-lieu/chi-tieu.csv",
        "phan-hoi/SCT.xlsx",
        MANIFEST,
    ]
    .iter()
    .map(|p| (p.to_string(), format!("{tag}:{p}").into_bytes()))
    .collect()
}

/// The set in `dir` (or None when any file is missing) as its tag; panics
/// when files of different sets are mixed.
fn tag_of(dir: &Path) -> Option<String> {
    let mut tags = BTreeSet::new();
    for p in set("x").keys() {
        let b = fs::read(dir.join(p)).ok()?;
        let s = String::from_utf8(b).unwrap();
        tags.insert(s.split(':').next().unwrap().to_string());
    }
    assert_eq!(tags.len(), 1, "mixed set in {}", dir.display());
    tags.into_iter().next()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn identical_rerun_keeps_only_its_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out/2020-H1");
    let mut first = set("a");
    first.insert(MANIFEST.into(), b"manifest 1".to_vec());
    OutputDir::open(&dir).unwrap().write_set(&first).unwrap();
    // The same files, a new manifest (it names the previous set).
    let mut second = first.clone();
    second.insert(MANIFEST.into(), b"manifest 2".to_vec());
    let w = OutputDir::open(&dir).unwrap().write_set(&second).unwrap();
    assert_eq!(w.history.as_deref(), Some("lich-su/1"));
    assert_eq!(listing(&dir.join("lich-su/1")), [MANIFEST]);
    assert_eq!(
        fs::read(dir.join("lich-su/1").join(MANIFEST)).unwrap(),
        b"manifest 1"
    );
    for (k, v) in &second {
        assert_eq!(&fs::read(dir.join(k)).unwrap(), v, "{k}");
    }
    // One file changed: only it (and the manifest) goes to the history.
    let mut third = second.clone();
    third.insert("phan-hoi/SCT.xlsx".into(), b"sct v2".to_vec());
    third.insert(MANIFEST.into(), b"manifest 3".to_vec());
    OutputDir::open(&dir).unwrap().write_set(&third).unwrap();
    assert_eq!(
        listing(&dir.join("lich-su/2")),
        [MANIFEST, "phan-hoi/SCT.xlsx"]
    );
    assert_eq!(
        fs::read(dir.join("lich-su/2/phan-hoi/SCT.xlsx")).unwrap(),
        b"a:phan-hoi/SCT.xlsx"
    );
    for (k, v) in &third {
        assert_eq!(&fs::read(dir.join(k)).unwrap(), v, "{k}");
    }
}

#[test]
fn rerun_moves_previous_sets_to_history() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out/2020-H1");
    fs::create_dir_all(dir.join("bieu-mau")).unwrap();
    fs::write(dir.join("bieu-mau/SCT.xlsx"), b"form").unwrap();
    for (i, tag) in ["a", "b", "c"].iter().enumerate() {
        let out = OutputDir::open(&dir).unwrap();
        let expect = (i > 0).then(|| format!("lich-su/{i}"));
        assert_eq!(out.next_history(), expect);
        let w = out.write_set(&set(tag)).unwrap();
        assert_eq!(w.history, expect);
    }
    assert_eq!(tag_of(&dir).as_deref(), Some("c"));
    assert_eq!(tag_of(&dir.join("lich-su/1")).as_deref(), Some("a"));
    assert_eq!(tag_of(&dir.join("lich-su/2")).as_deref(), Some("b"));
    // The forms are not part of a run's set.
    assert_eq!(fs::read(dir.join("bieu-mau/SCT.xlsx")).unwrap(), b"form");
    assert!(!dir.join("lich-su/1/bieu-mau").exists());
    let l = listing(&dir);
    assert!(l.iter().all(|p| !p.contains(".tmp-")), "{l:?}");
}

#[test]
fn second_run_is_refused_while_the_first_holds_the_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("2020");
    let first = OutputDir::open(&dir).unwrap();
    match OutputDir::open(&dir) {
        Err(Error::Busy(msg)) => assert!(msg.contains("đang có một lần chạy khác")),
        other => panic!("{other:?}"),
    }
    drop(first);
    OutputDir::open(&dir).unwrap();
}

#[test]
fn out_that_is_a_file_is_an_output_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::write(&out, b"not a folder").unwrap();
    match OutputDir::open(&out.join("2020-H1")) {
        Err(Error::Output { path, .. }) => assert_eq!(path, out),
        other => panic!("{other:?}"),
    }
    assert_eq!(fs::read(&out).unwrap(), b"not a folder");
}

#[test]
fn bad_relative_paths_are_refused_before_anything_moves() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("k");
    let out = OutputDir::open(&dir).unwrap();
    out.write_set(&set("a")).unwrap();
    let mut bad = set("b");
    bad.insert("../escape.csv".into(), b"x".to_vec());
    assert!(matches!(out.write_set(&bad), Err(Error::Output { .. })));
    assert_eq!(tag_of(&dir).as_deref(), Some("a"));
    assert!(!tmp.path().join("escape.csv").exists());
    assert!(listing(&dir).iter().all(|p| !p.contains(".tmp-")));
}

/// Simulates a crash at every step of a rerun; after the next open, the
/// folder holds one complete set and every earlier complete set is in
/// place or in the history, never mixed.
#[test]
fn a_crash_at_any_step_leaves_complete_sets() {
    let steps = {
        let mut v: Vec<Step> = (1..=6).map(Step::Staged).collect();
        v.extend((1..=5).map(Step::MovedOut));
        v.push(Step::PreviousSafe);
        v.extend((1..=5).map(Step::MovedIn));
        v
    };
    for step in steps {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2020-H1");
        OutputDir::open(&dir)
            .unwrap()
            .write_set(&set("old"))
            .unwrap();
        {
            let out = OutputDir::open(&dir).unwrap();
            let r = out.write_set_with(&set("new"), &mut |s| {
                if s == step {
                    Err(io::Error::other("crash"))
                } else {
                    Ok(())
                }
            });
            assert!(r.is_err(), "{step:?}");
            // Every name holds a whole file of one set or another.
            for p in listing(&dir) {
                let b = fs::read_to_string(dir.join(&p)).unwrap();
                assert!(
                    b.is_empty()
                        || b.starts_with("old:")
                        || b.starts_with("new:")
                        || p.ends_with(MOVING_OUT),
                    "{step:?}: {p} = {b}"
                );
            }
        }
        let out = OutputDir::open(&dir).unwrap();
        let now = tag_of(&dir);
        let hist = tag_of(&dir.join("lich-su/1"));
        match step {
            Step::Staged(_) => {
                // Staging was incomplete: thrown away; nothing moved.
                assert_eq!(now.as_deref(), Some("old"), "{step:?}");
                assert!(!dir.join("lich-su/1").exists(), "{step:?}");
            }
            _ => {
                // The staged set was complete: the switch is finished.
                assert_eq!(now.as_deref(), Some("new"), "{step:?}");
                assert_eq!(hist.as_deref(), Some("old"), "{step:?}");
                assert!(!out.recovered.is_empty());
            }
        }
        assert!(
            listing(&dir)
                .iter()
                .all(|p| !p.contains(".tmp-") && !p.contains(MOVING_OUT)),
            "{step:?}: {:?}",
            listing(&dir)
        );
        // And a further run works normally.
        let w = out.write_set(&set("next")).unwrap();
        assert_eq!(tag_of(&dir).as_deref(), Some("next"));
        assert!(w.history.is_some());
    }
}

#[test]
fn a_half_moved_set_without_replacement_moves_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("2020-H1");
    OutputDir::open(&dir)
        .unwrap()
        .write_set(&set("old"))
        .unwrap();
    let h = dir.join("lich-su/1");
    fs::create_dir_all(&h).unwrap();
    fs::rename(dir.join(MANIFEST), h.join(MANIFEST)).unwrap();
    fs::write(h.join(MOVING_OUT), "manifest.json\nkiem-tra.csv\n").unwrap();
    fs::create_dir_all(dir.join("lich-su/2")).unwrap();
    let out = OutputDir::open(&dir).unwrap();
    assert_eq!(tag_of(&dir).as_deref(), Some("old"));
    assert!(!dir.join("lich-su/2").exists(), "empty history folders go");
    assert_eq!(out.recovered.len(), 1);
}

#[cfg(unix)]
#[test]
fn unchanged_outputs_are_not_written_again() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out/2020-H1");
    let first = set("a");
    OutputDir::open(&dir).unwrap().write_set(&first).unwrap();
    let ino = |rel: &str| fs::metadata(dir.join(rel)).unwrap().ino();
    let before: Vec<u64> = first.keys().map(|k| ino(k)).collect();
    // One output changes; the rest keep their file (same inode, one name).
    let mut second = first.clone();
    second.insert("kiem-tra.csv".into(), b"b:kiem-tra.csv".to_vec());
    second.insert(MANIFEST.into(), b"manifest 2".to_vec());
    OutputDir::open(&dir).unwrap().write_set(&second).unwrap();
    for ((rel, bytes), old) in second.iter().zip(&before) {
        assert_eq!(&fs::read(dir.join(rel)).unwrap(), bytes, "{rel}");
        let meta = fs::metadata(dir.join(rel)).unwrap();
        assert_eq!(meta.nlink(), 1, "{rel} has one name");
        let kept = rel != "kiem-tra.csv" && rel != MANIFEST;
        assert_eq!(meta.ino() == *old, kept, "{rel}");
    }
    // The changed file and the manifest are in the history, nothing else.
    assert_eq!(listing(&dir.join("lich-su/1")), ["kiem-tra.csv", MANIFEST]);
    assert_eq!(
        fs::read(dir.join("lich-su/1/kiem-tra.csv")).unwrap(),
        b"a:kiem-tra.csv"
    );
    assert_eq!(
        listing(&dir)
            .iter()
            .filter(|p| !p.starts_with("lich-su/") && !p.starts_with('.'))
            .count(),
        second.len()
    );
}

#[test]
fn streamed_outputs_are_hashed_as_written_and_a_second_put_replaces_a_linked_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out/2020-H1");
    OutputDir::open(&dir).unwrap().write_set(&set("a")).unwrap();
    let out = OutputDir::open(&dir).unwrap();
    let s = out.staging().unwrap();
    // Identical to the current set's file: staged as a link to it.
    s.put("kiem-tra.csv", b"a:kiem-tra.csv").unwrap();
    // Then replaced: the current set's file must not change through the link.
    s.put("kiem-tra.csv", b"new").unwrap();
    s.put_streamed("du-lieu/nhiem-vu.csv", |w| {
        w.write_all(b"ma,")?;
        w.write_all(b"ten\n")
    })
    .unwrap();
    let hashes = s.hashes();
    assert_eq!(
        hashes["du-lieu/nhiem-vu.csv"],
        crate::write::manifest::sha256_hex(b"ma,ten\n")
    );
    assert_eq!(
        hashes["kiem-tra.csv"],
        crate::write::manifest::sha256_hex(b"new")
    );
    assert_eq!(
        fs::read(dir.join("kiem-tra.csv")).unwrap(),
        b"a:kiem-tra.csv"
    );
    s.put(MANIFEST, b"m").unwrap();
    s.finish().unwrap();
    assert_eq!(fs::read(dir.join("kiem-tra.csv")).unwrap(), b"new");
    assert_eq!(
        fs::read(dir.join("du-lieu/nhiem-vu.csv")).unwrap(),
        b"ma,ten\n"
    );
    assert_eq!(
        fs::read(dir.join("lich-su/1/kiem-tra.csv")).unwrap(),
        b"a:kiem-tra.csv"
    );
}

#[test]
fn a_staging_dropped_unfinished_leaves_the_current_set_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out/2020-H1");
    OutputDir::open(&dir).unwrap().write_set(&set("a")).unwrap();
    let out = OutputDir::open(&dir).unwrap();
    {
        let s = out.staging().unwrap();
        s.put("kiem-tra.csv", b"half").unwrap();
        let failed = s.put_streamed("du-lieu/nhiem-vu.csv", |_| {
            Err(io::Error::other("the disk is full"))
        });
        assert!(matches!(failed, Err(Error::Output { .. })));
    }
    let hidden: Vec<String> = files::entries(&dir)
        .unwrap()
        .into_iter()
        .filter(|n| n.starts_with(STAGING_PREFIX))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
    assert_eq!(tag_of(&dir).as_deref(), Some("a"));
}

#[test]
fn a_streamed_output_identical_to_the_current_file_is_kept_there_not_moved_to_the_history() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out/2020-H1");
    // Longer than one block of the comparison, and differing only at the
    // end of its second block in the changed case.
    let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let mut first = set("a");
    first.insert("du-lieu/nhiem-vu.csv".into(), big.clone());
    first.insert("du-lieu/chi-tieu.csv".into(), big.clone());
    OutputDir::open(&dir).unwrap().write_set(&first).unwrap();
    let out = OutputDir::open(&dir).unwrap();
    let s = out.staging().unwrap();
    for (rel, bytes) in &first {
        if !rel.starts_with("du-lieu/") {
            s.put(rel, bytes).unwrap();
        }
    }
    s.put_streamed("du-lieu/nhiem-vu.csv", |w| w.write_all(&big))
        .unwrap();
    let mut changed = big.clone();
    changed[131_071] ^= 1;
    s.put_streamed("du-lieu/chi-tieu.csv", |w| w.write_all(&changed))
        .unwrap();
    s.put(MANIFEST, b"m").unwrap();
    let w = s.finish().unwrap();
    assert_eq!(w.history.as_deref(), Some("lich-su/1"));
    // Only the changed export and the manifest went to the history.
    assert_eq!(
        listing(&dir.join("lich-su/1")),
        ["du-lieu/chi-tieu.csv", MANIFEST]
    );
    assert_eq!(fs::read(dir.join("du-lieu/nhiem-vu.csv")).unwrap(), big);
    assert_eq!(fs::read(dir.join("du-lieu/chi-tieu.csv")).unwrap(), changed);
    assert_eq!(
        fs::read(dir.join("lich-su/1/du-lieu/chi-tieu.csv")).unwrap(),
        big
    );
}

#[test]
fn a_file_is_compared_with_bytes_block_by_block() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("f");
    let big: Vec<u8> = (0..150_000u32).map(|i| (i % 253) as u8).collect();
    fs::write(&p, &big).unwrap();
    assert!(files::file_has(&p, &big));
    let mut other = big.clone();
    other[149_999] ^= 1;
    assert!(!files::file_has(&p, &other));
    assert!(!files::file_has(&p, &big[..149_999]));
    assert!(!files::file_has(&tmp.path().join("absent"), b""));
    fs::write(&p, b"").unwrap();
    assert!(files::file_has(&p, b""));
}

#[test]
fn a_file_written_with_seeks_is_hashed_from_its_bytes_and_linked_when_unchanged() {
    use std::io::{Seek, SeekFrom};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out/2020-H1");
    // A header completed after the body, as a zip writer does it.
    let write = |w: &mut io::BufWriter<fs::File>| {
        w.write_all(b"????body")?;
        w.seek(SeekFrom::Start(0))?;
        w.write_all(b"HEAD")?;
        w.seek(SeekFrom::End(0))?;
        w.write_all(b" end")
    };
    let want = b"HEADbody end";
    for round in 1..=2 {
        let out = OutputDir::open(&dir).unwrap();
        let s = out.staging().unwrap();
        s.put_file("bao-cao-2020-H1.docx", write).unwrap();
        assert_eq!(
            s.hashes()["bao-cao-2020-H1.docx"],
            crate::write::manifest::sha256_hex(want)
        );
        s.put(MANIFEST, format!("m{round}").as_bytes()).unwrap();
        s.finish().unwrap();
        assert_eq!(fs::read(dir.join("bao-cao-2020-H1.docx")).unwrap(), want);
    }
    // The second round's file was the same: only the manifest moved.
    assert_eq!(listing(&dir.join("lich-su/1")), [MANIFEST]);
}
