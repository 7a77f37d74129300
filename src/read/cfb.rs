//! A compound file (the container of an .xls workbook), read only as far
//! as the guards need: the workbook stream, and where each of its bytes lies
//! in the file.

pub(super) fn u16_at(b: &[u8], o: usize) -> Option<u32> {
    let s = b.get(o..o + 2)?;
    Some(u32::from(u16::from_le_bytes([s[0], s[1]])))
}

pub(super) fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    let s = b.get(o..o + 4)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

const END: u32 = 0xFFFF_FFFA;

/// The sectors of a compound file.
pub(super) struct Cfb<'a> {
    bytes: &'a [u8],
    shift: u32,
    fat: Vec<u32>,
}

impl<'a> Cfb<'a> {
    pub(super) fn parse(bytes: &'a [u8]) -> Option<Cfb<'a>> {
        let shift = u16_at(bytes, 0x1E)?;
        if shift != 9 && shift != 12 {
            return None;
        }
        let sector_size = 1usize << shift;
        let fat_sectors = u32_at(bytes, 0x2C)? as usize;
        let max_sectors = bytes.len() / sector_size + 1;
        if fat_sectors > max_sectors {
            return None;
        }
        // DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
        let mut difat: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .filter(|s| *s < END)
            .collect();
        let mut next = u32_at(bytes, 0x44)?;
        let mut guard = 0;
        while next < END && difat.len() < fat_sectors && guard < max_sectors {
            let off = (next as usize + 1) << shift;
            let sector = bytes.get(off..off + sector_size)?;
            let n = sector_size / 4 - 1;
            difat.extend(
                (0..n)
                    .filter_map(|i| u32_at(sector, 4 * i))
                    .filter(|s| *s < END),
            );
            next = u32_at(sector, 4 * n)?;
            guard += 1;
        }
        let mut fat = Vec::new();
        for s in difat.iter().take(fat_sectors) {
            let off = (*s as usize + 1) << shift;
            let sector = bytes.get(off..off + sector_size)?;
            fat.extend((0..sector_size / 4).filter_map(|i| u32_at(sector, 4 * i)));
        }
        Some(Cfb { bytes, shift, fat })
    }

    /// The bytes of the chain starting at `start`, `size` long, in sectors
    /// of `1 << shift` taken from `area` (the file, or the mini stream)
    /// following `table` (the FAT or the mini FAT).
    fn chain(
        area: &[u8],
        table: &[u32],
        shift: u32,
        offset_by_one: bool,
        start: u32,
        size: usize,
    ) -> Option<Vec<u8>> {
        let sector_size = 1usize << shift;
        let mut out = Vec::with_capacity(size.min(area.len()));
        let mut cur = start;
        let mut steps = 0usize;
        while cur < END && out.len() < size {
            let idx = cur as usize + usize::from(offset_by_one);
            let off = idx.checked_mul(sector_size)?;
            let sector = area.get(off..(off + sector_size).min(area.len()))?;
            out.extend_from_slice(sector);
            cur = *table.get(cur as usize)?;
            steps += 1;
            if steps > table.len() {
                return None;
            }
        }
        if out.len() < size {
            return None;
        }
        out.truncate(size);
        Some(out)
    }

    fn stream(&self, start: u32, size: usize) -> Option<Vec<u8>> {
        if size > self.bytes.len() {
            return None;
        }
        Cfb::chain(self.bytes, &self.fat, self.shift, true, start, size)
    }

    /// The directory entries the workbook stream needs: the mini-stream
    /// cutoff, the root entry (which holds the mini stream) and the
    /// workbook stream ("Workbook", or "Book" for BIFF5), each as (first
    /// sector, size).
    fn entries(&self) -> Option<Entries> {
        let first_dir = u32_at(self.bytes, 0x30)?;
        let cutoff = u32_at(self.bytes, 0x38)? as usize;
        let dir = self.dir_bytes(first_dir)?;
        let mut root: Option<(u32, usize)> = None;
        let mut book: Option<(u32, usize)> = None;
        for e in dir.chunks_exact(128) {
            let name_len = u16_at(e, 0x40)? as usize;
            let name: Vec<u16> = (0..name_len.min(64) / 2)
                .filter_map(|i| u16_at(e, 2 * i).map(|c| c as u16))
                .take_while(|c| *c != 0)
                .collect();
            let name = String::from_utf16_lossy(&name);
            let typ = *e.get(0x42)?;
            let start = u32_at(e, 0x74)?;
            let size = u32_at(e, 0x78)? as usize;
            if typ == 5 {
                root = Some((start, size));
            } else if typ == 2
                && (name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book"))
                && book.is_none()
            {
                book = Some((start, size));
            }
        }
        Some(Entries {
            cutoff,
            root,
            book: book?,
        })
    }

    /// The workbook stream ("Workbook", or "Book" for BIFF5).
    pub(super) fn workbook(&self) -> Option<Vec<u8>> {
        let Entries {
            cutoff,
            root,
            book: (start, size),
        } = self.entries()?;
        if size >= cutoff {
            return self.stream(start, size);
        }
        // A small stream lives in the mini stream.
        let (root_start, root_size) = root?;
        let mini_stream = self.stream(root_start, root_size)?;
        let minifat_start = u32_at(self.bytes, 0x3C)?;
        let minifat_count = u32_at(self.bytes, 0x40)? as usize;
        let minifat_bytes = self.stream(
            minifat_start,
            minifat_count.checked_mul(1usize << self.shift)?,
        )?;
        let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
            .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
            .collect();
        let mini_shift = u16_at(self.bytes, 0x20)?;
        if mini_shift > 12 {
            return None;
        }
        Cfb::chain(&mini_stream, &minifat, mini_shift, false, start, size)
    }

    /// The sectors of the chain starting at `start` in `table`, enough for
    /// `size` bytes in sectors of `sector_size`.
    fn sectors(table: &[u32], start: u32, size: usize, sector_size: usize) -> Option<Vec<u32>> {
        let mut out = Vec::new();
        let mut cur = start;
        while cur < END && out.len().saturating_mul(sector_size) < size {
            out.push(cur);
            cur = *table.get(cur as usize)?;
            if out.len() > table.len() {
                return None;
            }
        }
        Some(out)
    }

    /// Where each byte of the workbook stream lies in the file: a function
    /// from stream offset to file offset (the same walk as
    /// [`Cfb::workbook`]).
    pub(super) fn workbook_offsets(&self) -> Option<impl Fn(usize) -> Option<usize>> {
        let Entries {
            cutoff,
            root,
            book: (start, size),
        } = self.entries()?;
        let ss = 1usize << self.shift;
        let file = move |secs: &[u32], p: usize| -> Option<usize> {
            let sec = *secs.get(p / ss)? as usize;
            (sec + 1).checked_mul(ss)?.checked_add(p % ss)
        };
        let (big, mini, mss) = if size >= cutoff {
            (Cfb::sectors(&self.fat, start, size, ss)?, Vec::new(), 0)
        } else {
            let (root_start, root_size) = root?;
            let minifat_start = u32_at(self.bytes, 0x3C)?;
            let minifat_count = u32_at(self.bytes, 0x40)? as usize;
            let minifat_bytes = self.stream(minifat_start, minifat_count.checked_mul(ss)?)?;
            let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
                .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
                .collect();
            let mss = 1usize << u16_at(self.bytes, 0x20)?.min(12);
            (
                Cfb::sectors(&self.fat, root_start, root_size, ss)?,
                Cfb::sectors(&minifat, start, size, mss)?,
                mss,
            )
        };
        Some(move |p: usize| match p.checked_div(mss) {
            // A stream in regular sectors (no mini sector size).
            None => file(&big, p),
            Some(i) => {
                let q = (*mini.get(i)? as usize)
                    .checked_mul(mss)?
                    .checked_add(p % mss)?;
                file(&big, q)
            }
        })
    }

    /// The whole directory chain.
    fn dir_bytes(&self, first: u32) -> Option<Vec<u8>> {
        let sector_size = 1usize << self.shift;
        let mut out = Vec::new();
        let mut cur = first;
        let mut steps = 0usize;
        while cur < END {
            let off = (cur as usize + 1).checked_mul(sector_size)?;
            out.extend_from_slice(self.bytes.get(off..off + sector_size)?);
            cur = *self.fat.get(cur as usize)?;
            steps += 1;
            if steps > self.fat.len() {
                return None;
            }
        }
        Some(out)
    }
}

/// What [`Cfb::entries`] finds in the directory.
struct Entries {
    cutoff: usize,
    root: Option<(u32, usize)>,
    book: (u32, usize),
}
