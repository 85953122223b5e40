//! Dictionary-encoded text columns: each distinct string is stored once and rows hold a `u32` code.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

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

/// Builds a [`TextColumn`] row by row, interning strings: a hash table of codes whose keys are the column's own
/// values, so a new string is allocated once and a known one not at all.
#[derive(Default)]
pub struct TextColumnBuilder {
    column: TextColumn,
    index: HashTable<u32>,
    hasher: FxBuildHasher,
    /// The code of the previous row: order lines come in runs that repeat it (order id, customer, region…).
    last: u32,
}

impl std::fmt::Debug for TextColumnBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextColumnBuilder").field("column", &self.column).finish()
    }
}

impl TextColumnBuilder {
    /// The code for `text`, adding it when new. Empty text gets [`NO_TEXT`].
    pub fn intern(&mut self, text: &str) -> u32 {
        if text.is_empty() {
            return NO_TEXT;
        }
        if self.column.values.get(self.last as usize).is_some_and(|last| **last == *text) {
            return self.last;
        }
        let code = self.lookup_or_insert(text);
        self.last = code;
        code
    }

    fn lookup_or_insert(&mut self, text: &str) -> u32 {
        let hash = self.hasher.hash_one(text);
        let values = &self.column.values;
        if let Some(&code) = self.index.find(hash, |&code| &*values[code as usize] == text) {
            return code;
        }
        let code = values.len() as u32;
        self.column.values.push(text.into());
        let (values, hasher) = (&self.column.values, &self.hasher);
        self.index.insert_unique(hash, code, |&code| hasher.hash_one(&*values[code as usize]));
        code
    }

    /// Appends a row holding `text` (empty for a blank cell).
    pub fn push(&mut self, text: &str) {
        let code = self.intern(text);
        self.column.codes.push(code);
    }

    /// Makes room for `rows` more rows.
    pub fn reserve(&mut self, rows: usize) {
        self.column.codes.reserve(rows);
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
