//! The judgement on a whole column or report from the verdicts of its cells.

use super::syllable::reads_vietnamese;
use super::{decode, detect, fits, has_unicode_vietnamese, Encoding};

/// The verdicts of many cells, for a judgement on a whole column or report:
/// feed it every text cell with [`Detector::observe`], then ask
/// [`Detector::verdict`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detector {
    /// Cells judged TCVN3.
    pub tcvn3: usize,
    /// Cells judged VNI.
    pub vni: usize,
    /// Cells with Unicode Vietnamese.
    pub unicode: usize,
}

impl Detector {
    /// Counts one cell's text.
    pub fn observe(&mut self, text: &str) {
        if has_unicode_vietnamese(text) {
            self.unicode += 1;
            return;
        }
        match detect(text) {
            Some(Encoding::Tcvn3) => self.tcvn3 += 1,
            Some(Encoding::Vni) => self.vni += 1,
            None => {}
        }
    }

    /// The encoding most cells judged legacy are in, when they outnumber
    /// the cells of Unicode Vietnamese; `None` otherwise.
    ///
    /// A reader that has the verdict converts the cells the per-cell
    /// judgement left alone with [`Detector::convert_in`].
    ///
    /// # Examples
    /// ```
    /// use tonghop::text::legacy::{Detector, Encoding};
    /// let mut d = Detector::default();
    /// for s in ["Së X©y dùng", "Hoµn thµnh", "µg/m³", "2020"] {
    ///     d.observe(s);
    /// }
    /// assert_eq!(d.verdict(), Some(Encoding::Tcvn3));
    /// ```
    pub fn verdict(&self) -> Option<Encoding> {
        let (enc, n) = if self.vni > self.tcvn3 {
            (Encoding::Vni, self.vni)
        } else {
            (Encoding::Tcvn3, self.tcvn3)
        };
        (n > 0 && n > self.unicode).then_some(enc)
    }

    /// Converts a cell of a column or report judged to be in `enc`: unlike
    /// [`detect`], a short text ("Së") is converted too, and so is a text
    /// that would also read as Vietnamese as it stands ("Cã" is "Có" in
    /// TCVN3), as long as it reads as Vietnamese after conversion. A cell
    /// with Unicode Vietnamese stays as it is.
    pub fn convert_in(text: &str, enc: Encoding) -> Option<String> {
        if has_unicode_vietnamese(text) || !fits(text, enc) {
            return None;
        }
        let d = decode(text, enc, false);
        reads_vietnamese(&d, char::is_alphabetic).map(|_| d)
    }
}
