//! Dictionary-encoded text columns: rows hold a `u32` code into a [`Dictionary`] of the column's distinct strings.

use super::dict::{same_bytes, Dictionary, Index, NO_TEXT};

/// A finished text column: `codes[i]` is the code of row `i`'s value in `dictionary`, or [`NO_TEXT`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextColumn {
    /// One code per row.
    pub codes: Vec<u32>,
    /// The distinct strings. For the orders' customer column this is the dataset's customer dictionary, which a
    /// joined file may extend (so it can hold ids that no row of this column has).
    pub dictionary: Dictionary,
}

impl TextColumn {
    /// The string of `code` (a code from `codes`, not [`NO_TEXT`]).
    pub fn value(&self, code: u32) -> &str {
        self.dictionary.value(code)
    }

    /// The distinct strings, in code order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        self.dictionary.values()
    }

    /// The text of row `i`, `None` when empty.
    pub fn text(&self, i: usize) -> Option<&str> {
        let code = self.codes[i];
        (code != NO_TEXT).then(|| self.value(code))
    }

    /// Number of distinct non-empty values (the dictionary's size).
    pub fn distinct(&self) -> usize {
        self.dictionary.len()
    }

    /// Keeps only the rows where `keep` is true.
    pub fn retain_rows(&mut self, keep: &[bool]) {
        super::retain_by_mask(&mut self.codes, keep);
    }
}

/// Builds a [`TextColumn`] row by row, interning strings: a new string is appended to the dictionary once, a known
/// one is found by its hash and costs no allocation.
pub struct TextColumnBuilder {
    codes: Vec<u32>,
    dictionary: Dictionary,
    /// The dictionary's hash index, held here rather than in the dictionary so that a row costs one call with no
    /// "is the index built?" test; dropped by [`finish`](TextColumnBuilder::finish).
    index: Index,
    /// The code of the previous row ([`NO_TEXT`] at first): order lines come in runs that repeat it (order id,
    /// customer, region…), and one comparison is cheaper than a hash.
    last: u32,
}

impl Default for TextColumnBuilder {
    fn default() -> TextColumnBuilder {
        TextColumnBuilder { codes: Vec::new(), dictionary: Dictionary::new(), index: Index::default(), last: NO_TEXT }
    }
}

impl std::fmt::Debug for TextColumnBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextColumnBuilder").field("codes", &self.codes).field("dictionary", &self.dictionary).finish()
    }
}

impl TextColumnBuilder {
    /// The code for `text`, adding it when new. Empty text gets [`NO_TEXT`].
    pub fn intern(&mut self, text: &str) -> u32 {
        if text.is_empty() {
            return NO_TEXT;
        }
        if self.last != NO_TEXT && same_bytes(self.dictionary.bytes(self.last), text.as_bytes()) {
            return self.last;
        }
        let code = self.dictionary.intern_with(&mut self.index, text);
        self.last = code;
        code
    }

    /// Appends a row holding `text` (empty for a blank cell).
    #[inline]
    pub fn push(&mut self, text: &str) {
        let code = self.intern(text);
        self.codes.push(code);
    }

    /// Makes room for `rows` more rows.
    pub fn reserve(&mut self, rows: usize) {
        self.codes.reserve(rows);
    }

    /// Number of rows so far.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether no row was pushed.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The codes so far and the dictionary's strings in code order (parallel parsing: a range's column, to be
    /// appended to another with [`append_coded`](TextColumnBuilder::append_coded)).
    pub fn parts(&self) -> (&[u32], impl ExactSizeIterator<Item = &str> + '_) {
        (&self.codes, self.dictionary.values())
    }

    /// Appends rows given as `codes` into `values` (another builder's dictionary, in code order): each value is
    /// interned here in that order, so the codes stay in order of first appearance, as if the rows had been pushed
    /// one by one. `None` when a code is not one of `values`.
    pub fn append_coded<'v>(&mut self, codes: &[u32], values: impl Iterator<Item = &'v str>) -> Option<()> {
        let map: Vec<u32> = values.map(|value| self.intern(value)).collect();
        self.codes.reserve(codes.len());
        for &code in codes {
            let code = if code == NO_TEXT { NO_TEXT } else { *map.get(code as usize)? };
            self.codes.push(code);
        }
        Some(())
    }

    /// The finished column (its dictionary without the hash index, which is rebuilt if it is ever looked up).
    pub fn finish(self) -> TextColumn {
        let mut dictionary = self.dictionary;
        dictionary.drop_index();
        TextColumn { codes: self.codes, dictionary }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_share_a_code_and_blanks_have_none() {
        let mut b = TextColumnBuilder::default();
        for t in ["north", "south", "", "north"] {
            b.push(t);
        }
        let c = b.finish();
        assert_eq!(c.codes, vec![0, 1, NO_TEXT, 0]);
        assert_eq!(c.text(3), Some("north"));
        assert_eq!(c.text(2), None);
        assert_eq!(c.distinct(), 2);
        assert_eq!(c.values().collect::<Vec<_>>(), ["north", "south"]);
    }

    #[test]
    fn many_strings_of_every_length_keep_their_codes_through_growth() {
        // Lengths 1–40 cross the 8-byte word boundaries of the comparison; 5,000 values make the index grow.
        let text = |i: usize| format!("{i:0width$}", width = 1 + i % 40);
        let mut b = TextColumnBuilder::default();
        for i in 0..5000 {
            b.push(&text(i));
        }
        for i in (0..5000).rev() {
            b.push(&text(i));
        }
        let c = b.finish();
        assert_eq!(c.distinct(), 5000);
        for i in 0..5000 {
            assert_eq!(c.codes[i], i as u32);
            assert_eq!(c.codes[9999 - i], i as u32);
            assert_eq!(c.value(i as u32), text(i));
        }
    }

    #[test]
    fn a_finished_column_s_dictionary_takes_new_strings_after_its_own() {
        let mut b = TextColumnBuilder::default();
        for t in ["C2", "C1", "C2"] {
            b.push(t);
        }
        let mut c = b.finish();
        assert_eq!(c.dictionary.lookup("C1"), Some(1));
        assert_eq!(c.dictionary.intern("Z9"), 2, "an id no row has is appended");
        assert_eq!(c.dictionary.intern("C2"), 0);
        assert_eq!(c.codes, vec![0, 1, 0], "the rows keep their codes");
        assert_eq!(c.distinct(), 3);
    }
}
