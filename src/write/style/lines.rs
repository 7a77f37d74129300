//! How much room a text takes in a wrapped cell: the estimate the writers
//! set row heights from (Excel and LibreOffice do not grow a row for
//! wrapped text reliably on their own), and the cutting of a text too long
//! for the tallest row.

/// How many lines `text` takes in a wrapped cell `width` units wide, at a
/// font size of `points`. An estimate: Times New Roman at 12 points fits
/// about 1.4 characters of Vietnamese text per unit of column width in
/// LibreOffice's PDF and a little less in Excel; 1.36 leaves room for the
/// cell margin. The words are wrapped as the programs wrap them, whole
/// words to the next line (a word longer than a line is cut), so the room
/// a line loses at its end is counted: a long cell counted by characters
/// alone came out two or three lines short, and its end was cut off.
/// Writers set row heights from it: Excel and LibreOffice do not grow a row
/// for wrapped text reliably on their own.
///
/// # Examples
/// ```
/// use tonghop::write::style::text_lines;
/// assert_eq!(text_lines("", 10.0, 12.0), 1);
/// assert_eq!(text_lines(&"x".repeat(40), 10.0, 12.0), 4);
/// assert_eq!(text_lines("a\nb\nc", 50.0, 12.0), 3);
/// // 11.9 characters a line: "aaaa bbbb" fits, "cccc" goes to the next.
/// assert_eq!(text_lines("aaaa bbbb cccc", 10.0, 12.0), 2);
/// ```
pub fn text_lines(text: &str, width: f64, points: f64) -> usize {
    let per_line = per_line(width, points);
    text.split('\n')
        .map(|l| wrapped_lines(l, per_line))
        .sum::<usize>()
        .max(1)
}

/// `text` cut into parts of at most `max_lines` lines each, as
/// [`text_lines`] counts them, between paragraphs where it can, else
/// between words: for a cell whose text needs more than the tallest row
/// (409 points, about 26 lines at 12 points) and goes on in the rows below.
///
/// # Examples
/// ```
/// use tonghop::write::style::{split_lines, text_lines};
/// let text = ["một dòng"; 5].join("\n");
/// let parts = split_lines(&text, 40.0, 12.0, 2);
/// assert_eq!(parts.len(), 3);
/// assert!(parts.iter().all(|p| text_lines(p, 40.0, 12.0) <= 2));
/// assert_eq!(parts.join("\n"), text);
/// assert_eq!(split_lines("ngắn", 40.0, 12.0, 2), ["ngắn"]);
/// ```
pub fn split_lines(text: &str, width: f64, points: f64, max_lines: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    // The common case, a text that fits: one part, the text itself (each
    // paragraph counts at least one line, so the parts below would add up
    // to exactly `text_lines(text)` lines and never start a second part).
    if text_lines(text, width, points) <= max_lines {
        return vec![text.to_string()];
    }
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut used = 0usize;
    for paragraph in text.split('\n') {
        let n = text_lines(paragraph, width, points);
        if n > max_lines {
            // Too long for a part of its own: cut between words.
            for piece in split_words(paragraph, width, points, max_lines) {
                push_part(
                    &mut parts,
                    &mut current,
                    &mut used,
                    piece,
                    max_lines,
                    width,
                    points,
                );
            }
            continue;
        }
        push_part(
            &mut parts,
            &mut current,
            &mut used,
            paragraph.to_string(),
            max_lines,
            width,
            points,
        );
    }
    parts.push(current);
    parts
}

/// Adds `piece` (a paragraph or part of one) to the current part, or
/// starts the next part with it when it does not fit.
fn push_part(
    parts: &mut Vec<String>,
    current: &mut String,
    used: &mut usize,
    piece: String,
    max_lines: usize,
    width: f64,
    points: f64,
) {
    let n = text_lines(&piece, width, points);
    if *used > 0 && *used + n > max_lines {
        parts.push(std::mem::take(current));
        *used = 0;
    }
    if *used > 0 {
        current.push('\n');
    }
    current.push_str(&piece);
    *used += n;
}

/// One paragraph cut between words into pieces of at most `max_lines`
/// (a word longer than a part is cut as the cell would wrap it, not here).
fn split_words(paragraph: &str, width: f64, points: f64, max_lines: usize) -> Vec<String> {
    let per_line = per_line(width, points);
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut wrap = Wrap::default();
    for word in paragraph.split(' ') {
        let mut next = wrap;
        next.add(word, per_line);
        if !piece.is_empty() && next.lines > max_lines {
            pieces.push(std::mem::take(&mut piece));
            next = Wrap::default();
            next.add(word, per_line);
        } else if !piece.is_empty() {
            piece.push(' ');
        }
        piece.push_str(word);
        wrap = next;
    }
    pieces.push(piece);
    pieces
}

/// Characters per line of a cell `width` units wide at `points`.
fn per_line(width: f64, points: f64) -> f64 {
    ((width - 1.0) * 1.36 * 12.0 / points).max(1.0)
}

/// Greedy word wrapping, one word at a time: the lines so far and the
/// characters used on the last.
#[derive(Debug, Clone, Copy)]
struct Wrap {
    lines: usize,
    used: f64,
}

impl Default for Wrap {
    fn default() -> Wrap {
        Wrap {
            lines: 1,
            used: 0.0,
        }
    }
}

impl Wrap {
    fn add(&mut self, word: &str, per_line: f64) {
        let w = word.chars().count() as f64;
        let need = if self.used > 0.0 {
            self.used + 1.0 + w
        } else {
            w
        };
        if need <= per_line || self.used == 0.0 {
            self.used = need;
        } else {
            self.lines += 1;
            self.used = w;
        }
        while self.used > per_line {
            self.lines += 1;
            self.used -= per_line;
        }
    }
}

/// The lines one paragraph takes when wrapped at `per_line` characters.
fn wrapped_lines(paragraph: &str, per_line: f64) -> usize {
    // A paragraph no longer than a line takes one, however its words fall
    // (most cells): its bytes are at least its characters, which are
    // counted only when the bytes are more than a line.
    if paragraph.len() as f64 <= per_line || paragraph.chars().count() as f64 <= per_line {
        return 1;
    }
    let mut wrap = Wrap::default();
    for word in paragraph.split(' ') {
        wrap.add(word, per_line);
    }
    wrap.lines
}

/// The row height, in points, for `lines` lines of text at `points`, within
/// Excel's limits.
pub fn row_height(lines: usize, points: f64) -> f64 {
    (lines as f64 * points * 1.3 + 3.0).clamp(15.0, 409.0)
}

/// Column width (in characters) that fits the longest line of the given
/// texts, between `min` and `max`. Vietnamese letters count as one.
pub fn fit_width<'a>(texts: impl IntoIterator<Item = &'a str>, min: f64, max: f64) -> f64 {
    let longest = texts
        .into_iter()
        .flat_map(|t| t.lines())
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0) as f64;
    (longest * 1.1 + 2.0).clamp(min, max)
}

#[cfg(test)]
mod tests {
    use super::{per_line, split_lines, text_lines, Wrap};

    /// The lines of `text` wrapped word by word, without the shortcut for
    /// paragraphs shorter than a line.
    fn wrapped_word_by_word(text: &str, width: f64, points: f64) -> usize {
        let per_line = per_line(width, points);
        text.split('\n')
            .map(|p| {
                let mut wrap = Wrap::default();
                for word in p.split(' ') {
                    wrap.add(word, per_line);
                }
                wrap.lines
            })
            .sum::<usize>()
            .max(1)
    }

    /// Texts of Vietnamese and ASCII words, spaces (doubled, leading,
    /// trailing) and line breaks, of every length around a line's.
    fn texts() -> Vec<String> {
        let words = [
            "Hải",
            "Phòng",
            "nhiệm",
            "vụ",
            "",
            "x",
            "đường",
            "abcdefghijklmnopqrstuvwxyz",
            "ở",
        ];
        let mut seed: u64 = 7;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize
        };
        (0..3_000)
            .map(|i| {
                let n = i % 40;
                let mut t = String::new();
                for k in 0..n {
                    if k > 0 {
                        t.push(if next() % 9 == 0 { '\n' } else { ' ' });
                    }
                    t.push_str(words[next() % words.len()]);
                }
                t
            })
            .collect()
    }

    #[test]
    fn a_paragraph_shorter_than_a_line_counts_as_wrapping_it_would() {
        for t in texts() {
            for width in [3.0, 8.0, 10.0, 18.0, 44.0, 60.0] {
                assert_eq!(
                    text_lines(&t, width, 12.0),
                    wrapped_word_by_word(&t, width, 12.0),
                    "{t:?} at {width}"
                );
            }
        }
    }

    #[test]
    fn a_text_that_fits_is_one_part() {
        for t in texts() {
            for (width, max) in [(10.0, 2), (18.0, 3), (44.0, 24)] {
                let parts = split_lines(&t, width, 12.0, max);
                if text_lines(&t, width, 12.0) <= max {
                    assert_eq!(parts, std::slice::from_ref(&t));
                }
            }
        }
    }
}
