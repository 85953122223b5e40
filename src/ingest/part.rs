//! The byte form of a partial table (parallel parsing, issue 20): what a range reader built, sent from its worker
//! to the one that merges. Little-endian numbers and length-prefixed arrays of fixed-width integers, so that a
//! column is written and read as one run of bytes (no per-value encoding).
//!
//! Hand-written rather than serde with a binary format (postcard, bincode): the partial is a handful of integer
//! columns, strings end to end and a few counters; a serde format varint-encodes each value one by one (slower on
//! millions of rows) and adds its serializer code to the `.wasm`, where these ~100 lines add a few hundred bytes.

use crate::error::{Error, ErrorKind};

/// The first bytes of every partial: a format tag and version, so that a part of another build is refused.
const MAGIC: [u8; 4] = *b"CLP1";

/// Appends values to a partial's bytes.
pub struct PartWriter {
    bytes: Vec<u8>,
}

impl PartWriter {
    /// A writer with the format tag written.
    pub fn new() -> PartWriter {
        PartWriter { bytes: MAGIC.to_vec() }
    }

    /// The bytes written.
    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }

    /// A byte.
    pub fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    /// A boolean as one byte.
    pub fn bool(&mut self, value: bool) {
        self.u8(u8::from(value));
    }

    /// A `u64`.
    pub fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// An `i64`.
    pub fn i64(&mut self, value: i64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// A length (as a `u64`).
    pub fn len(&mut self, len: usize) {
        self.u64(len as u64);
    }

    /// A string: its length in bytes, then its UTF-8.
    pub fn str(&mut self, text: &str) {
        self.len(text.len());
        self.bytes.extend_from_slice(text.as_bytes());
    }

    /// An array of `u32`.
    pub fn u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        self.bytes.reserve(values.len() * 4);
        for value in values {
            self.bytes.extend_from_slice(&value.to_le_bytes());
        }
    }

    /// An array of `i32`.
    pub fn i32s(&mut self, values: impl ExactSizeIterator<Item = i32>) {
        self.len(values.len());
        self.bytes.reserve(values.len() * 4);
        for value in values {
            self.bytes.extend_from_slice(&value.to_le_bytes());
        }
    }

    /// An array of `i64`.
    pub fn i64s(&mut self, values: impl ExactSizeIterator<Item = i64>) {
        self.len(values.len());
        self.bytes.reserve(values.len() * 8);
        for value in values {
            self.bytes.extend_from_slice(&value.to_le_bytes());
        }
    }

    /// An array of `u64`.
    pub fn u64s(&mut self, values: &[u64]) {
        self.i64s(values.iter().map(|&v| v as i64));
    }
}

/// Reads a partial's values in the order they were written; every read fails (never panics) on bytes cut short.
pub struct PartReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> PartReader<'a> {
    /// A reader of `bytes`, checking the format tag.
    pub fn new(bytes: &'a [u8]) -> Result<PartReader<'a>, Error> {
        if bytes.get(..4) != Some(&MAGIC[..]) {
            return Err(bad_part("it is not a partial table of this version of the module"));
        }
        Ok(PartReader { bytes, at: 4 })
    }

    /// Whether every byte was read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.at.checked_add(n).filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| bad_part("it is cut short"))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    /// A byte.
    pub fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    /// A boolean.
    pub fn bool(&mut self) -> Result<bool, Error> {
        Ok(self.u8()? != 0)
    }

    /// A `u64`.
    pub fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap_or([0; 8])))
    }

    /// An `i64`.
    pub fn i64(&mut self) -> Result<i64, Error> {
        Ok(self.u64()? as i64)
    }

    /// A length of items of `width` bytes each, checked against the bytes left.
    fn len(&mut self, width: usize) -> Result<usize, Error> {
        let len = usize::try_from(self.u64()?).map_err(|_| bad_part("a length is too large"))?;
        if len.saturating_mul(width) > self.bytes.len() - self.at {
            return Err(bad_part("it is cut short"));
        }
        Ok(len)
    }

    /// A string.
    pub fn str(&mut self) -> Result<&'a str, Error> {
        let len = self.len(1)?;
        std::str::from_utf8(self.take(len)?).map_err(|_| bad_part("a text is not UTF-8"))
    }

    /// An array of 4-byte values, each as read by `read`.
    fn fours<T>(&mut self, read: impl Fn([u8; 4]) -> T) -> Result<Vec<T>, Error> {
        let len = self.len(4)?;
        let bytes = self.take(len * 4)?;
        Ok(bytes.chunks_exact(4).map(|b| read([b[0], b[1], b[2], b[3]])).collect())
    }

    /// An array of `u32`.
    pub fn u32s(&mut self) -> Result<Vec<u32>, Error> {
        self.fours(u32::from_le_bytes)
    }

    /// An array of `i32`.
    pub fn i32s(&mut self) -> Result<Vec<i32>, Error> {
        self.fours(i32::from_le_bytes)
    }

    /// An array of `i64`.
    pub fn i64s(&mut self) -> Result<Vec<i64>, Error> {
        let len = self.len(8)?;
        let bytes = self.take(len * 8)?;
        Ok(bytes.chunks_exact(8).map(|b| i64::from_le_bytes(b.try_into().unwrap_or([0; 8]))).collect())
    }

    /// An array of `u64`.
    pub fn u64s(&mut self) -> Result<Vec<u64>, Error> {
        Ok(self.i64s()?.into_iter().map(|v| v as u64).collect())
    }
}

/// The error of a partial table that cannot be read.
pub fn bad_part(why: &str) -> Error {
    Error::new(ErrorKind::InvalidState { action: format!("merging a partial table ({why})") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_in_order_and_short_bytes_fail() {
        let mut w = PartWriter::new();
        w.bool(true);
        w.u64(u64::MAX - 3);
        w.i64(-5);
        w.str("é,\"x\"");
        w.u32s(&[1, u32::MAX]);
        w.i32s([-2, 7].into_iter());
        w.i64s([i64::MIN, 3].into_iter());
        w.u64s(&[9, 10]);
        let bytes = w.finish();
        let mut r = PartReader::new(&bytes).unwrap();
        assert!(r.bool().unwrap());
        assert_eq!(r.u64().unwrap(), u64::MAX - 3);
        assert_eq!(r.i64().unwrap(), -5);
        assert_eq!(r.str().unwrap(), "é,\"x\"");
        assert_eq!(r.u32s().unwrap(), [1, u32::MAX]);
        assert_eq!(r.i32s().unwrap(), [-2, 7]);
        assert_eq!(r.i64s().unwrap(), [i64::MIN, 3]);
        assert_eq!(r.u64s().unwrap(), [9, 10]);
        assert!(r.is_done());
        for cut in 0..bytes.len() {
            let read = |bytes: &[u8]| -> Result<(), Error> {
                let mut r = PartReader::new(bytes)?;
                let values = (r.bool()?, r.u64()?, r.i64()?, r.str()?, r.u32s()?, r.i32s()?, r.i64s()?, r.u64s()?);
                drop(values);
                Ok(())
            };
            assert!(read(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }
}
