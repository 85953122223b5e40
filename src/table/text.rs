//! Dictionary-encoded text columns: each distinct string is stored once and rows hold a `u32` code.

use rustc_hash::FxHashMap;

/// The code of an empty cell.
pub const NO_TEXT: u32 = u32::MAX;

/// A finished text column: `codes[i]` indexes `values`, or is [`NO_TEXT`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextColumn {
    /// One code per row.
    pub codes: Vec<u32>,
    /// The distinct strings, in order of first appearance.
    pub values: Vec<Box<str>>,
}

impl TextColumn {
    /// The text of row `i`, `None` when empty.
    pub fn text(&self, i: usize) -> Option<&str> {
        self.values.get(self.codes[i] as usize).map(|s| &**s)
    }

    /// Number of distinct non-empty values.
    pub fn distinct(&self) -> usize {
        self.values.len()
    }

    /// Keeps only the rows where `keep` is true.
    pub fn retain_rows(&mut self, keep: &[bool]) {
        super::retain_by_mask(&mut self.codes, keep);
    }
}

/// Builds a [`TextColumn`] row by row, interning strings with a fast hash map.
#[derive(Debug, Default)]
pub struct TextColumnBuilder {
    column: TextColumn,
    index: FxHashMap<Box<str>, u32>,
}

impl TextColumnBuilder {
    /// The code for `text`, adding it when new. Empty text gets [`NO_TEXT`].
    pub fn intern(&mut self, text: &str) -> u32 {
        if text.is_empty() {
            return NO_TEXT;
        }
        if let Some(&code) = self.index.get(text) {
            return code;
        }
        let code = self.column.values.len() as u32;
        self.column.values.push(text.into());
        self.index.insert(text.into(), code);
        code
    }

    /// Appends a row holding `text` (empty for a blank cell).
    pub fn push(&mut self, text: &str) {
        let code = self.intern(text);
        self.column.codes.push(code);
    }

    /// Number of rows so far.
    pub fn len(&self) -> usize {
        self.column.codes.len()
    }

    /// Whether no row was pushed.
    pub fn is_empty(&self) -> bool {
        self.column.codes.is_empty()
    }

    /// The finished column.
    pub fn finish(self) -> TextColumn {
        self.column
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
    }
}
