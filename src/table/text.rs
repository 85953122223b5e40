//! Dictionary-encoded text columns: each distinct string is stored once, end to end in one buffer, and rows hold
//! a `u32` code.

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
        &self.text[self.range(code)]
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
        &self.text.as_bytes()[self.range(code)]
    }

    /// Where `code`'s string lies in `text`.
    fn range(&self, code: u32) -> std::ops::Range<usize> {
        let code = code as usize;
        let start = if code == 0 { 0 } else { self.ends[code - 1] };
        start..self.ends[code]
    }
}

/// A distinct string's entry in the builder's hash table: its code ([`NO_TEXT`] for a free slot), and 32 bits of
/// its hash so that lookups compare strings only on a likely match and growing never hashes a string again.
#[derive(Clone, Copy)]
struct Slot {
    code: u32,
    hash: u32,
}

const FREE: Slot = Slot { code: NO_TEXT, hash: 0 };

/// An open-addressing table of codes (linear probing, at most half full), keyed by the strings in the column.
///
/// Hand-written rather than hashbrown's `HashTable`: in WebAssembly hashbrown probes groups of 4 bytes without
/// SIMD and its comparisons do not inline, and interning was 30 % of a 1M-line load there (measured in Node).
/// Codes are never removed, which keeps this small.
struct Index {
    slots: Vec<Slot>,
}

impl Index {
    /// The code of the string with `hash` for which `same(code)` holds, or the free slot where it goes.
    #[inline]
    fn find(&self, hash: u32, mut same: impl FnMut(u32) -> bool) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot.code == NO_TEXT {
                return Err(at);
            }
            if slot.hash == hash && same(slot.code) {
                return Ok(slot.code);
            }
            at = (at + 1) & mask;
        }
    }

    /// Stores `code` in the free slot `at`, then doubles the table when it is half full.
    fn insert(&mut self, at: usize, code: u32, hash: u32) {
        self.slots[at] = Slot { code, hash };
        if (code as usize + 1) * 2 > self.slots.len() {
            let mut grown = vec![FREE; self.slots.len() * 2];
            let mask = grown.len() - 1;
            for slot in self.slots.iter().filter(|slot| slot.code != NO_TEXT) {
                let mut at = slot.hash as usize & mask;
                while grown[at].code != NO_TEXT {
                    at = (at + 1) & mask;
                }
                grown[at] = *slot;
            }
            self.slots = grown;
        }
    }
}

/// Builds a [`TextColumn`] row by row, interning strings: a new string is appended to the column's buffer once,
/// a known one is found by its hash and costs no allocation.
pub struct TextColumnBuilder {
    column: TextColumn,
    index: Index,
    /// The code of the previous row ([`NO_TEXT`] at first): order lines come in runs that repeat it (order id,
    /// customer, region…), and one comparison is cheaper than a hash.
    last: u32,
}

impl Default for TextColumnBuilder {
    fn default() -> TextColumnBuilder {
        TextColumnBuilder { column: TextColumn::default(), index: Index { slots: vec![FREE; 16] }, last: NO_TEXT }
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
        let hash = hash_text(text.as_bytes());
        let column = &self.column;
        match self.index.find(hash, |code| same_bytes(column.bytes(code), text.as_bytes())) {
            Ok(code) => code,
            Err(free) => {
                let code = self.column.ends.len() as u32;
                self.column.text.push_str(text);
                self.column.ends.push(self.column.text.len());
                self.index.insert(free, code, hash);
                code
            }
        }
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

/// A 32-bit hash of a string, eight bytes at a time with 64-bit multiplies (the Fx scheme, keeping the well-mixed
/// high half of the product). Written out rather than taken from `rustc_hash` because that one hashes in 32-bit
/// words on 32-bit targets such as WebAssembly. The last bytes are read as one overlapping word, not copied into a
/// padded one: in WebAssembly a small copy is a call, and without it interning took 0.98 s instead of 1.31 s over
/// three 1M-line loads in Node.
#[inline]
fn hash_text(bytes: &[u8]) -> u32 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let len = bytes.len();
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8]));
    let half = |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or([0; 4])));
    let mix = |hash: u64, word: u64| (hash.rotate_left(26) ^ word).wrapping_mul(K);
    let mut hash = (len as u64).wrapping_mul(K);
    if len >= 8 {
        let mut at = 0;
        while at + 8 < len {
            hash = mix(hash, word(at));
            at += 8;
        }
        hash = mix(hash, word(len - 8));
    } else if len >= 4 {
        hash = mix(hash, half(0) | (half(len - 4) << 32));
    } else if len > 0 {
        let small = u64::from(bytes[0]) | (u64::from(bytes[len / 2]) << 8) | (u64::from(bytes[len - 1]) << 16);
        hash = mix(hash, small);
    }
    (hash >> 32) as u32
}

/// Byte equality for the short strings of ids and names, eight bytes at a time: cheaper than a call to `memcmp`
/// (in WebAssembly, `memcmp` is a byte loop).
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    if len < 8 {
        let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or([0; 4]));
        return if len >= 4 {
            half(a, 0) == half(b, 0) && half(a, len - 4) == half(b, len - 4)
        } else {
            a.iter().zip(b).all(|(x, y)| x == y)
        };
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
