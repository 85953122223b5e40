//! Dictionary-encoded text columns: each distinct string is stored once, end to end in one buffer, and rows hold
//! a `u32` code.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// The code of an empty cell.
pub const NO_TEXT: u32 = u32::MAX;

/// A finished text column: `codes[i]` is the code of row `i`'s value, or [`NO_TEXT`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextColumn {
    /// One code per row.
    pub codes: Vec<u32>,
    /// The distinct strings in order of first appearance, end to end (one allocation, not one per string).
    text: String,
    /// Where each distinct string ends in `text`.
    ends: Vec<usize>,
}

impl TextColumn {
    /// The string of `code` (a code from `codes`, not [`NO_TEXT`]).
    pub fn value(&self, code: u32) -> &str {
        let code = code as usize;
        let start = if code == 0 { 0 } else { self.ends[code - 1] };
        &self.text[start..self.ends[code]]
    }

    /// The distinct strings, in code order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        (0..self.ends.len() as u32).map(|code| self.value(code))
    }

    /// The text of row `i`, `None` when empty.
    pub fn text(&self, i: usize) -> Option<&str> {
        let code = self.codes[i];
        (code != NO_TEXT).then(|| self.value(code))
    }

    /// Number of distinct non-empty values.
    pub fn distinct(&self) -> usize {
        self.ends.len()
    }

    /// Keeps only the rows where `keep` is true.
    pub fn retain_rows(&mut self, keep: &[bool]) {
        super::retain_by_mask(&mut self.codes, keep);
    }

    /// The bytes of `code`'s string, for the builder's comparisons.
    fn bytes(&self, code: u32) -> &[u8] {
        let code = code as usize;
        let start = if code == 0 { 0 } else { self.ends[code - 1] };
        &self.text.as_bytes()[start..self.ends[code]]
    }
}

/// A distinct string's entry in the builder's hash table: its code, and 32 bits of its hash so that lookups
/// compare strings only on a likely match and growing the table never hashes a string again.
#[derive(Clone, Copy)]
struct Slot {
    code: u32,
    hash: u32,
}

/// The table hash of a slot: the stored 32 bits in both halves, so the bucket (low bits) and the tag (high bits)
/// come from them on 32- and 64-bit targets alike.
fn table_hash(hash: u32) -> u64 {
    (u64::from(hash) << 32) | u64::from(hash)
}

/// Builds a [`TextColumn`] row by row, interning strings: a new string is appended to the column's buffer once,
/// a known one is found by its hash and costs no allocation.
pub struct TextColumnBuilder {
    column: TextColumn,
    index: HashTable<Slot>,
    hasher: FxBuildHasher,
    /// The code of the previous row ([`NO_TEXT`] at first): order lines come in runs that repeat it (order id,
    /// customer, region…), and one comparison is cheaper than a hash.
    last: u32,
}

impl Default for TextColumnBuilder {
    fn default() -> TextColumnBuilder {
        TextColumnBuilder {
            column: TextColumn::default(),
            index: HashTable::new(),
            hasher: FxBuildHasher,
            last: NO_TEXT,
        }
    }
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
        if self.last != NO_TEXT && same_bytes(self.column.bytes(self.last), text.as_bytes()) {
            return self.last;
        }
        let code = self.lookup_or_insert(text);
        self.last = code;
        code
    }

    fn lookup_or_insert(&mut self, text: &str) -> u32 {
        let full = self.hasher.hash_one(text);
        let hash = (full as u32) ^ ((full >> 32) as u32);
        let column = &self.column;
        let found = self
            .index
            .find(table_hash(hash), |slot| slot.hash == hash && same_bytes(column.bytes(slot.code), text.as_bytes()));
        if let Some(slot) = found {
            return slot.code;
        }
        let code = self.column.ends.len() as u32;
        self.column.text.push_str(text);
        self.column.ends.push(self.column.text.len());
        self.index.insert_unique(table_hash(hash), Slot { code, hash }, |slot| table_hash(slot.hash));
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

/// Byte equality for the short strings of ids and names, eight bytes at a time: cheaper than a call to `memcmp`
/// (in WebAssembly, `memcmp` is a byte loop).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    if len < 8 {
        return a == b;
    }
    let mut at = 0;
    while at + 8 < len {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    // The last eight bytes (overlapping the previous word when the length is not a multiple of eight).
    word(a, len - 8) == word(b, len - 8)
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
    fn same_bytes_compares_every_byte() {
        for len in 0..40 {
            let a: Vec<u8> = (0..len as u8).collect();
            assert!(same_bytes(&a, &a.clone()));
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 1;
                assert!(!same_bytes(&a, &b), "len {len}, byte {at}");
            }
            assert!(!same_bytes(&a, &a[..len.saturating_sub(1)]) || len == 0);
        }
    }
}
