//! [`Matcher::check_iter`]: the corrections of a large text, paragraph by paragraph.

use std::ops::Range;

use super::{Correction, DocContext, Naming, PartCheck, ScanOptions};
use crate::matcher::Matcher;

/// Longest part before it is cut at the next line break even inside a paragraph.
const MAX_PART: usize = 64 * 1024;

/// The corrections of [`Matcher::check_iter`], in order.
///
/// Built lazily: the first call to `next` reads the whole text once (what every paragraph
/// names, and each paragraph's first check); later calls hand out each paragraph's
/// corrections, re-checking the few paragraphs whose result depended on the rest of the
/// document. Memory holds one paragraph's words at a time, plus the corrections.
#[derive(Debug)]
pub struct CheckIter<'m, 't> {
    matcher: &'m Matcher,
    text: &'t str,
    opts: ScanOptions,
    /// Parts with their first check, once computed.
    parts: Option<Vec<(Range<usize>, Option<PartCheck<'m>>)>>,
    context: DocContext,
    next_part: usize,
    pending: std::vec::IntoIter<Correction<'m>>,
}

/// The text cut at line breaks into paragraphs (blank lines end one), each at most about
/// [`MAX_PART`] bytes; the parts cover the text. The scanner's case evidence is read per
/// part too (see `segment`), so a part checked alone sees what it sees in the whole text.
pub(super) fn parts(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut line_start = 0;
    let bytes = text.as_bytes();
    for nl in memchr::memchr_iter(b'\n', bytes) {
        let line = &text[line_start..nl];
        let blank = line.trim().is_empty();
        line_start = nl + 1;
        if blank || nl + 1 - start >= MAX_PART {
            out.push(start..nl + 1);
            start = nl + 1;
        }
    }
    if start < text.len() || out.is_empty() {
        out.push(start..text.len());
    }
    out
}

impl<'m> CheckIter<'m, '_> {
    fn prepare(&mut self) {
        let m = self.matcher;
        let ranges = parts(self.text);
        for r in &ranges {
            self.context.extend(
                m.named_in(&self.text[r.clone()])
                    .into_iter()
                    .map(|id| (id, Naming::Exact)),
            );
        }
        let mut checked = Vec::with_capacity(ranges.len());
        for r in ranges {
            let c = m.check_part(&self.text[r.clone()], &self.opts, &self.context);
            checked.push((r, Some(c)));
        }
        for (_, c) in &checked {
            if let Some(c) = c {
                self.context
                    .extend(c.fixed().iter().map(|&id| (id, Naming::Fixed)));
            }
        }
        self.parts = Some(checked);
    }
}

impl<'m> Iterator for CheckIter<'m, '_> {
    type Item = Correction<'m>;

    fn next(&mut self) -> Option<Correction<'m>> {
        loop {
            if let Some(c) = self.pending.next() {
                return Some(c);
            }
            if self.parts.is_none() {
                self.prepare();
            }
            let parts = self.parts.as_mut()?;
            let (range, first) = parts.get_mut(self.next_part)?;
            self.next_part += 1;
            let first = first.take()?;
            let check = if first.holds_in(&self.context) {
                first
            } else {
                self.matcher
                    .check_part(&self.text[range.clone()], &self.opts, &self.context)
            };
            let shift = range.start;
            let mut fixes = check.into_corrections();
            for c in &mut fixes {
                c.start += shift;
                c.end += shift;
            }
            self.pending = fixes.into_iter();
        }
    }
}

impl Matcher {
    /// The corrections of [`check_with`](Self::check_with), as an iterator that checks the
    /// text paragraph by paragraph (for large texts: it holds one paragraph's words at a time
    /// instead of the whole text's).
    ///
    /// The corrections are exactly those of `check_with(text, opts)`: each paragraph is
    /// checked with what the rest of the document names ([`Matcher::check_part`] with a
    /// [`DocContext`]). The first item comes after one pass over the whole text.
    ///
    /// ```
    /// use namefix::{Matcher, ScanOptions};
    /// let m = Matcher::bundled();
    /// let text = "We watched heart stopper.\n\nThen Olivia Coleman won.\n";
    /// let opts = ScanOptions::new();
    /// let all: Vec<_> = m.check_iter(text, &opts).collect();
    /// assert_eq!(all, m.check_with(text, &opts));
    /// assert_eq!(all[1].replacement(), "Olivia Colman");
    /// ```
    pub fn check_iter<'m, 't>(&'m self, text: &'t str, opts: &ScanOptions) -> CheckIter<'m, 't> {
        CheckIter {
            matcher: self,
            text,
            opts: opts.clone(),
            parts: None,
            context: DocContext::new(),
            next_part: 0,
            pending: Vec::new().into_iter(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parts;

    #[test]
    fn parts_cover_the_text() {
        for text in ["", "a", "a\n", "a\n\nb", "a\nb\n\n\nc\n", "\n\n"] {
            let p = parts(text);
            assert_eq!(p.first().map(|r| r.start), Some(0), "{text:?}");
            assert_eq!(p.last().map(|r| r.end), Some(text.len()), "{text:?}");
            for w in p.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
        }
        assert_eq!(parts("a\nb\n\nc"), [0..5, 5..6]);
    }
}
