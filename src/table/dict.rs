//! The interner: each distinct string stored once, end to end in one buffer, and known by a `u32` code.
//!
//! One [`Dictionary`] is shared by every table of a dataset for customer ids: the orders' customer column holds
//! it, and a customers or campaign file joined later looks its ids up there (and appends the ids no order has),
//! so every table speaks of a customer by the same code.

use std::cell::OnceCell;

/// The code of an empty cell.
pub const NO_TEXT: u32 = u32::MAX;

/// Distinct strings and their codes (`0, 1, 2…` in order of first appearance). Codes are never removed.
///
/// The hash index behind [`lookup`](Dictionary::lookup) and [`intern`](Dictionary::intern) is built on first use
/// and not kept by a finished column: a loaded table holds only the strings, and a dictionary that is looked up
/// later (the customer ids, at a join) rebuilds it once from the strings.
#[derive(Clone, Default)]
pub struct Dictionary {
    /// The distinct strings in code order, end to end (one allocation, not one per string).
    text: String,
    /// Where each distinct string ends in `text`.
    ends: Vec<usize>,
    /// The hash index, when built.
    index: OnceCell<Index>,
}

impl Dictionary {
    /// An empty dictionary.
    pub fn new() -> Dictionary {
        Dictionary::default()
    }

    /// Number of distinct strings (the next new string gets this code).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no string was added.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The string of `code` (a code below [`len`](Dictionary::len), not [`NO_TEXT`]).
    pub fn value(&self, code: u32) -> &str {
        &self.text[self.range(code)]
    }

    /// The distinct strings, in code order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        (0..self.ends.len() as u32).map(|code| self.value(code))
    }

    /// The code of `text`, `None` when it was never added (or is empty).
    pub fn lookup(&self, text: &str) -> Option<u32> {
        if text.is_empty() {
            return None;
        }
        let index = self.index.get_or_init(|| self.build_index());
        index.find(hash_text(text.as_bytes()), |code| same_bytes(self.bytes(code), text.as_bytes())).ok()
    }

    /// The code of `text`, appending it when new. Empty text gets [`NO_TEXT`].
    pub fn intern(&mut self, text: &str) -> u32 {
        if text.is_empty() {
            return NO_TEXT;
        }
        let mut index = self.index.take().unwrap_or_else(|| self.build_index());
        let hash = hash_text(text.as_bytes());
        let code = match index.find(hash, |code| same_bytes(self.bytes(code), text.as_bytes())) {
            Ok(code) => code,
            Err(free) => {
                let code = self.append(text);
                index.insert(free, code, hash);
                code
            }
        };
        self.index = OnceCell::from(index);
        code
    }

    /// The code of the non-empty `text` found in (or added to) `index`, which must be this dictionary's: the
    /// column builder keeps its index beside the dictionary so that the hot path of a load is this call alone
    /// (its only caller, so that it is inlined there as the builder's own code was before the dictionary).
    pub(super) fn intern_with(&mut self, index: &mut Index, text: &str) -> u32 {
        let hash = hash_text(text.as_bytes());
        match index.find(hash, |code| same_bytes(self.bytes(code), text.as_bytes())) {
            Ok(code) => code,
            Err(free) => {
                let code = self.append(text);
                index.insert(free, code, hash);
                code
            }
        }
    }

    /// Adds `text` as the next code.
    fn append(&mut self, text: &str) -> u32 {
        let code = self.ends.len() as u32;
        self.text.push_str(text);
        self.ends.push(self.text.len());
        code
    }

    /// Drops the hash index (a finished column keeps only its strings; see the type's documentation).
    pub(super) fn drop_index(&mut self) {
        self.index = OnceCell::new();
    }

    /// The bytes of `code`'s string.
    #[inline]
    pub(super) fn bytes(&self, code: u32) -> &[u8] {
        &self.text.as_bytes()[self.range(code)]
    }

    /// Where `code`'s string lies in `text`.
    #[inline]
    fn range(&self, code: u32) -> std::ops::Range<usize> {
        let code = code as usize;
        let start = if code == 0 { 0 } else { self.ends[code - 1] };
        start..self.ends[code]
    }

    /// An index of every string, hashing each once.
    fn build_index(&self) -> Index {
        let mut index = Index::with_capacity(self.len());
        for code in 0..self.len() as u32 {
            index.place(Slot { code, hash: hash_text(self.bytes(code)) });
        }
        index
    }
}

/// Equal when the same strings have the same codes (whether an index is built does not matter).
impl PartialEq for Dictionary {
    fn eq(&self, other: &Dictionary) -> bool {
        self.ends == other.ends && self.text == other.text
    }
}

impl Eq for Dictionary {}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.values()).finish()
    }
}

/// A distinct string's entry in the hash table: its code ([`NO_TEXT`] for a free slot), and 32 bits of its hash so
/// that lookups compare strings only on a likely match and growing never hashes a string again.
#[derive(Clone, Copy)]
struct Slot {
    code: u32,
    hash: u32,
}

const FREE: Slot = Slot { code: NO_TEXT, hash: 0 };

/// An open-addressing table of codes (linear probing, at most half full), keyed by the strings of a dictionary.
///
/// Hand-written rather than hashbrown's `HashTable`: in WebAssembly hashbrown probes groups of 4 bytes without
/// SIMD and its comparisons do not inline, and interning was 30 % of a 1M-line load there (measured in Node).
/// Codes are never removed, which keeps this small.
///
/// A string's first slot is the top bits of its hash, not the low ones: the hash is the high half of a product, and
/// the last bytes of a short string (the changing digits of `C000001`, `C000002`…) reach only its top bits, so with
/// the low bits ids that differ in their last digits shared a slot and piled up in long probe runs (joining 200,000
/// contacts took seconds).
#[derive(Clone)]
pub(super) struct Index {
    slots: Vec<Slot>,
}

impl Default for Index {
    fn default() -> Index {
        Index { slots: vec![FREE; 16] }
    }
}

impl Index {
    /// An empty index with room for `codes` codes before it grows.
    fn with_capacity(codes: usize) -> Index {
        Index { slots: vec![FREE; (codes * 2 + 2).next_power_of_two().max(16)] }
    }

    /// The code of the string with `hash` for which `same(code)` holds, or the free slot where it goes.
    #[inline]
    fn find(&self, hash: u32, mut same: impl FnMut(u32) -> bool) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut at = self.home(hash);
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
            let grown = vec![FREE; self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, grown);
            for slot in old.into_iter().filter(|slot| slot.code != NO_TEXT) {
                self.place(slot);
            }
        }
    }

    /// The first slot of the probe sequence of `hash`: its top bits (the table has a power of two of slots, at
    /// least 16 and below 2^32).
    #[inline]
    fn home(&self, hash: u32) -> usize {
        (hash >> (32 - self.slots.len().trailing_zeros())) as usize
    }

    /// How many slots past their first slot the codes sit, in all (a lookup of every code probes this many slots
    /// more than one each).
    #[cfg(test)]
    fn displacement(&self) -> usize {
        let mask = self.slots.len() - 1;
        let at = |(i, slot): (usize, &Slot)| (i.wrapping_sub(self.home(slot.hash))) & mask;
        self.slots.iter().enumerate().filter(|(_, slot)| slot.code != NO_TEXT).map(at).sum()
    }

    /// Puts a slot of a new code in the first free place of its probe sequence (the table has room).
    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut at = self.home(slot.hash);
        while self.slots[at].code != NO_TEXT {
            at = (at + 1) & mask;
        }
        self.slots[at] = slot;
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

    /// Strings of lengths 1–40 (crossing the 8-byte words of the hash and the comparison).
    fn text(i: usize) -> String {
        format!("{i:0width$}", width = 1 + i % 40)
    }

    #[test]
    fn interned_strings_keep_their_codes_and_lookups_find_them() {
        let mut d = Dictionary::new();
        for i in 0..5000 {
            assert_eq!(d.intern(&text(i)), i as u32);
        }
        for i in (0..5000).rev() {
            assert_eq!(d.intern(&text(i)), i as u32, "known strings are not appended again");
            assert_eq!(d.lookup(&text(i)), Some(i as u32));
            assert_eq!(d.value(i as u32), text(i));
        }
        assert_eq!(d.len(), 5000);
        assert_eq!(d.lookup("not there"), None);
        assert_eq!(d.lookup(""), None);
        assert_eq!(d.intern(""), NO_TEXT);
        assert_eq!(d.len(), 5000, "empty text is not a value");
    }

    #[test]
    fn a_dictionary_without_its_index_rebuilds_it_and_appends_after_the_last_code() {
        let mut d = Dictionary::new();
        for i in 0..300 {
            d.intern(&text(i));
        }
        d.drop_index();
        let copy = d.clone();
        assert_eq!(copy, d, "equality is about strings and codes");
        assert_eq!(d.lookup(&text(299)), Some(299));
        d.drop_index();
        assert_eq!(d.intern(&text(7)), 7);
        assert_eq!(d.intern("new"), 300);
        assert_eq!(d.lookup("new"), Some(300));
        assert_eq!(d.values().last(), Some("new"));
        assert_ne!(copy, d);
    }

    #[test]
    fn ids_that_differ_in_their_last_digits_do_not_pile_up() {
        // Customer ids as exports write them, then prospects of a campaign file appended at a join: each lookup
        // probes about one slot, so the work grows with the number of ids, not with its square.
        let mut d = Dictionary::new();
        for i in 0..180_000 {
            d.intern(&format!("C{i:06}"));
        }
        d.drop_index();
        for i in 180_000..200_000 {
            d.intern(&format!("P{i}"));
        }
        let index = d.index.get().unwrap();
        assert!(index.displacement() < d.len(), "{} slots of probing for {} ids", index.displacement(), d.len());
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
