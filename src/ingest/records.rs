//! RFC 4180 records from UTF-8 text fed in chunks, each with the physical line where it starts, and a count of
//! the lines no record covers (blank lines).
//!
//! csv-core's push parser reads every record that needs it: quotes, a line cut by the end of a chunk, input with
//! a lone CR. The common line (no quote, LF or CRLF at its end, complete in the chunk) is split at its delimiters
//! where it lies, found with memchr, without a copy. Measured on a 1M-line export, csv-core plus following its
//! bytes for line numbers was a quarter of the load time.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// A record spanning more lines than this is taken for a stray opening quote (a quoted field holding a thousand
/// line breaks is not a real export's cell), as is a multi-line record left inside a quote at the end of input.
pub const UNTERMINATED_QUOTE_LINES: u64 = 1000;

/// One record: its fields and where it starts.
pub struct Record<'a> {
    /// 1-based physical line of the record's first character.
    pub line: u64,
    /// Physical lines the record spans (more than one when a quoted field holds newlines).
    pub lines: u64,
    fields: &'a str,
    ends: &'a [usize],
    /// Bytes between one field's end and the next one's start: 0 in csv-core's output (fields end to end), 1 in
    /// a line split in place (the delimiter).
    gap: usize,
    /// Empty for a dense record (field `i` is stored `i`-th); otherwise the column of each stored field, ascending:
    /// a sparse spreadsheet row, whose missing columns read as empty cells.
    columns: &'a [u32],
    /// Whether the record looks swallowed by a quoted field never closed: it spans more than
    /// [`UNTERMINATED_QUOTE_LINES`] lines, or spans several and ended at the end of input inside a quote.
    pub unterminated_quote: bool,
}

impl<'a> Record<'a> {
    /// Number of fields (of a sparse record: up to its last stored column).
    pub fn field_count(&self) -> usize {
        match self.columns.last() {
            Some(&last) => last as usize + 1,
            None => self.ends.len(),
        }
    }

    /// Field `i` as text; `""` past the end (a short row reads as empty cells) or where a sparse row has no cell.
    pub fn field(&self, i: usize) -> &'a str {
        if self.columns.is_empty() {
            return self.stored(i);
        }
        match u32::try_from(i).map(|column| self.columns.binary_search(&column)) {
            Ok(Ok(slot)) => self.stored(slot),
            _ => "",
        }
    }

    /// The `slot`-th stored field.
    fn stored(&self, slot: usize) -> &'a str {
        if slot >= self.ends.len() {
            return "";
        }
        let start = if slot == 0 { 0 } else { self.ends[slot - 1] + self.gap };
        self.fields.get(start..self.ends[slot]).unwrap_or("")
    }

    /// Whether every field is empty or white space (such a record is a blank line, not a row).
    pub fn is_blank(&self) -> bool {
        // Usually the first byte is visible ASCII: not blank, without a Unicode trim.
        if self.fields.as_bytes().first().is_some_and(u8::is_ascii_graphic) && self.ends.first() != Some(&0) {
            return false;
        }
        (0..self.ends.len()).all(|slot| self.stored(slot).trim().is_empty())
    }

    /// The record written back as one CSV line (fields quoted where needed), cut at 200 characters, for reports.
    pub fn text(&self, delimiter: u8) -> String {
        let delimiter = delimiter as char;
        let mut line = String::new();
        for i in 0..self.field_count() {
            if line.len() > 800 {
                break; // cut below: a wide sparse row costs no more than 200 characters
            }
            if i > 0 {
                line.push(delimiter);
            }
            let field = self.field(i);
            if field.contains([delimiter, '"', '\n', '\r']) {
                line.push('"');
                line.push_str(&field.replace('"', "\"\""));
                line.push('"');
            } else {
                line.push_str(field);
            }
        }
        match line.char_indices().nth(200) {
            Some((cut, _)) => format!("{}…", &line[..cut]),
            None => line,
        }
    }
}

/// A record that owns its fields: a spreadsheet row, stored sparsely, in the same shape as a CSV record.
#[cfg_attr(not(feature = "xlsx"), allow(dead_code))] // split (issue 17.13): read by the workbook reader only
pub struct OwnedRecord {
    line: u64,
    fields: String,
    ends: Vec<usize>,
    columns: Vec<u32>,
}

#[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
impl OwnedRecord {
    /// A record of `cells` ((column, text), columns ascending and distinct) starting at `line`; the columns
    /// between them read as empty cells.
    pub fn new(line: u64, cells: &[(u32, String)]) -> OwnedRecord {
        let mut fields = String::with_capacity(cells.iter().map(|(_, cell)| cell.len()).sum());
        let mut ends = Vec::with_capacity(cells.len());
        for (_, cell) in cells {
            fields.push_str(cell);
            ends.push(fields.len());
        }
        OwnedRecord { line, fields, ends, columns: cells.iter().map(|&(column, _)| column).collect() }
    }

    /// The record as the borrowed form the row builder reads.
    pub fn as_record(&self) -> Record<'_> {
        Record {
            line: self.line,
            lines: 1,
            fields: &self.fields,
            ends: &self.ends,
            gap: 0,
            columns: &self.columns,
            unterminated_quote: false,
        }
    }
}

/// Splits UTF-8 text, fed in arbitrary chunks, into records.
pub struct RecordSplitter {
    reader: Reader,
    delimiter: u8,
    /// Field ends of a line split in place.
    line_ends: Vec<usize>,
    /// Whether plain lines are split in place (off only to test that csv-core alone gives the same records).
    split_in_place: bool,
    fields: Vec<u8>,
    ends: Vec<usize>,
    fields_len: usize,
    ends_len: usize,
    /// Line ends so far: LF, CRLF (counted at its CR) and a lone CR (classic Mac, Excel's "CSV (Macintosh)").
    newlines: u64,
    last_byte_was_newline: bool,
    /// Whether the last byte consumed was a CR: an LF right after it ends no further line.
    after_cr: bool,
    bytes_seen: u64,
    in_record: bool,
    record_line: u64,
    last_content_line: u64,
    lines_in_records: u64,
    /// Whether the quotes consumed so far in the current record are odd in number (a quoted field is open).
    odd_quotes: bool,
    /// Set while the end of input is being fed: a record completed then ended because the input did.
    at_end: bool,
}

impl RecordSplitter {
    /// A splitter for `delimiter`, with RFC 4180 double quotes and CRLF or LF line ends.
    pub fn new(delimiter: u8) -> RecordSplitter {
        RecordSplitter {
            reader: ReaderBuilder::new().delimiter(delimiter).build(),
            delimiter,
            line_ends: Vec::with_capacity(64),
            split_in_place: true,
            fields: vec![0; 4096],
            ends: vec![0; 64],
            fields_len: 0,
            ends_len: 0,
            newlines: 0,
            last_byte_was_newline: false,
            after_cr: false,
            bytes_seen: 0,
            in_record: false,
            record_line: 0,
            last_content_line: 0,
            lines_in_records: 0,
            odd_quotes: false,
            at_end: false,
        }
    }

    /// Feeds `input` (empty means end of input) and calls `on_record` for every completed record.
    pub fn feed<E>(
        &mut self,
        mut input: &[u8],
        mut on_record: impl FnMut(Record<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        if input.is_empty() {
            self.at_end = true;
            return self.parse(input, &mut on_record).map(|_| ());
        }
        // csv-core ends a record at a lone CR too: input holding one is left to it.
        let in_place = self.split_in_place && !has_lone_cr(input);
        while !input.is_empty() {
            // Between records (csv-core holds no part of one), plain lines are split in place.
            if in_place && !self.in_record {
                input = self.split_lines(input, &mut on_record)?;
                if input.is_empty() {
                    break;
                }
            }
            input = self.parse(input, &mut on_record)?;
        }
        Ok(())
    }

    /// Splits the complete lines at the start of `input` in place, up to the first one holding a quote or not
    /// UTF-8, and returns the rest (that line, or the last one when it has no line end yet) for csv-core. The
    /// delimiters, line ends and quotes are found with memchr (SIMD where the target has it), not byte by byte.
    fn split_lines<'i, E>(
        &mut self,
        input: &'i [u8],
        on_record: &mut impl FnMut(Record<'_>) -> Result<(), E>,
    ) -> Result<&'i [u8], E> {
        let mut line_start = 0;
        if self.after_cr && input.first() == Some(&b'\n') {
            // The LF of a CRLF cut by the end of the last chunk: its line end was counted at the CR.
            line_start = 1;
            self.bytes_seen += 1;
            self.last_byte_was_newline = true;
        }
        self.after_cr = false;
        self.line_ends.clear();
        let skipped = line_start;
        for at in memchr::memchr3_iter(self.delimiter, b'\n', b'"', &input[skipped..]).map(|at| at + skipped) {
            match input[at] {
                b'\n' => {
                    let end = if at > line_start && input[at - 1] == b'\r' { at - 1 } else { at };
                    if end > line_start {
                        let Ok(fields) = std::str::from_utf8(&input[line_start..end]) else {
                            return Ok(&input[line_start..]);
                        };
                        self.line_ends.push(end - line_start);
                        self.newlines += 1;
                        self.lines_in_records += 1;
                        let record = Record {
                            line: self.newlines,
                            lines: 1,
                            fields,
                            ends: &self.line_ends,
                            gap: 1,
                            columns: &[],
                            unterminated_quote: false,
                        };
                        on_record(record)?;
                        self.line_ends.clear();
                    } else {
                        self.newlines += 1;
                    }
                    self.bytes_seen += (at + 1 - line_start) as u64;
                    self.last_byte_was_newline = true;
                    line_start = at + 1;
                }
                b'"' => return Ok(&input[line_start..]),
                _ => self.line_ends.push(at - line_start),
            }
        }
        Ok(&input[line_start..])
    }

    /// Runs csv-core over `input` up to the end of its next record (calling `on_record`) or of `input`, and
    /// returns the rest.
    fn parse<'i, E>(
        &mut self,
        mut input: &'i [u8],
        on_record: &mut impl FnMut(Record<'_>) -> Result<(), E>,
    ) -> Result<&'i [u8], E> {
        loop {
            let (result, read, written, ends_written) =
                self.reader.read_record(input, &mut self.fields[self.fields_len..], &mut self.ends[self.ends_len..]);
            self.track_lines(&input[..read]);
            input = &input[read..];
            self.fields_len += written;
            self.ends_len += ends_written;
            match result {
                // csv-core reads empty input as the end, so it never asks for more once `at_end`.
                ReadRecordResult::InputEmpty => return Ok(input),
                ReadRecordResult::OutputFull => {
                    let grown = self.fields.len() * 2;
                    self.fields.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
                ReadRecordResult::Record => {
                    let lines = self.last_content_line - self.record_line + 1;
                    self.lines_in_records += lines;
                    // Validated once per record. The input is UTF-8 and csv-core splits only at ASCII bytes, so
                    // this never fails; if it did, the fields would be cut at the first invalid byte.
                    let bytes = &self.fields[..self.fields_len];
                    let fields = std::str::from_utf8(bytes)
                        .unwrap_or_else(|e| std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default());
                    let ends = &self.ends[..self.ends_len];
                    let unterminated_quote =
                        lines > UNTERMINATED_QUOTE_LINES || (self.at_end && self.odd_quotes && lines > 1);
                    self.odd_quotes = false;
                    let record = Record {
                        line: self.record_line,
                        lines,
                        fields,
                        ends,
                        gap: 0,
                        columns: &[],
                        unterminated_quote,
                    };
                    self.fields_len = 0;
                    self.ends_len = 0;
                    self.in_record = false;
                    on_record(record)?;
                    return Ok(input);
                }
                ReadRecordResult::End => return Ok(input),
            }
        }
    }

    /// Follows physical lines through the bytes csv-core consumed: where each record's first content byte is,
    /// and on which line its last content byte is (line ends counted in bulk).
    fn track_lines(&mut self, consumed: &[u8]) {
        let is_content = |b: &u8| *b != b'\n' && *b != b'\r';
        let after_cr = self.after_cr;
        let newlines = line_ends(consumed, after_cr);
        // Each RFC 4180 quote pair ("x" or an escaped "") is even: an odd count means a quote is still open.
        self.odd_quotes ^= memchr::memchr_iter(b'"', consumed).count() % 2 == 1;
        if !self.in_record {
            if let Some(first) = consumed.iter().position(is_content) {
                self.in_record = true;
                self.record_line = self.newlines + line_ends(&consumed[..first], after_cr) + 1;
            }
        }
        if let Some(last) = consumed.iter().rposition(is_content) {
            // Line ends before the last content byte = all of them minus those after it (usually one).
            self.last_content_line = self.newlines + newlines - line_ends(&consumed[last..], false) + 1;
        }
        if let Some(&last) = consumed.last() {
            self.last_byte_was_newline = !is_content(&last);
            self.after_cr = last == b'\r';
        }
        self.newlines += newlines;
        self.bytes_seen += consumed.len() as u64;
    }

    /// Physical lines of the text so far (a last line without a line end counts).
    pub fn total_lines(&self) -> u64 {
        if self.bytes_seen == 0 {
            0
        } else if self.last_byte_was_newline {
            self.newlines
        } else {
            self.newlines + 1
        }
    }

    /// Bytes of text consumed so far.
    pub fn bytes_seen(&self) -> u64 {
        self.bytes_seen
    }

    /// Whether the text so far ends between records (not inside one, nor inside a quoted field): where a range
    /// of the file may end (parallel parsing, issue 20).
    pub fn between_records(&self) -> bool {
        !self.in_record
    }

    /// Physical lines covered by records so far.
    pub fn lines_in_records(&self) -> u64 {
        self.lines_in_records
    }
}

/// Line ends in `bytes`: every CR (alone or the start of a CRLF) and every LF not right after a CR (`after_cr`:
/// whether the byte before `bytes` was one).
fn line_ends(bytes: &[u8], after_cr: bool) -> u64 {
    let crlf =
        memchr::memmem::find_iter(bytes, b"\r\n").count() + usize::from(after_cr && bytes.first() == Some(&b'\n'));
    (memchr::memchr2_iter(b'\r', b'\n', bytes).count() - crlf) as u64
}

/// Whether `bytes` hold a CR that is not followed by LF (one at the very end counts: its LF is not known yet).
fn has_lone_cr(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, lines, fields, whether blank) of one record.
    type Split = (u64, u64, Vec<String>, bool);

    /// Every record of `text` fed in chunks of `chunk` bytes, total lines and lines covered by records.
    fn split(text: &str, chunk: usize) -> (Vec<Split>, u64, u64) {
        split_with(text, chunk, true)
    }

    fn split_with(text: &str, chunk: usize, split_in_place: bool) -> (Vec<Split>, u64, u64) {
        let mut splitter = RecordSplitter::new(b',');
        splitter.split_in_place = split_in_place;
        let mut out = Vec::new();
        let mut push = |r: Record<'_>| -> Result<(), ()> {
            let fields = (0..r.field_count()).map(|i| r.field(i).to_string()).collect();
            out.push((r.line, r.lines, fields, r.is_blank()));
            Ok(())
        };
        for piece in text.as_bytes().chunks(chunk) {
            splitter.feed(piece, &mut push).unwrap();
        }
        splitter.feed(&[], &mut push).unwrap();
        (out, splitter.total_lines(), splitter.lines_in_records())
    }

    #[test]
    fn line_numbers_follow_quoted_newlines_and_blank_lines() {
        let text = "a,b\r\n1,\"x\r\ny\"\r\n\r\n2,\"q,\"\"r\"\"\"\n\n\n3,z";
        for chunk in 1..=text.len() {
            let (records, total, covered) = split(text, chunk);
            let lines: Vec<u64> = records.iter().map(|r| r.0).collect();
            assert_eq!(lines, vec![1, 2, 5, 8], "chunk {chunk}");
            assert_eq!(records[1].1, 2);
            assert_eq!(records[1].2, vec!["1", "x\r\ny"]);
            assert_eq!(records[2].2, vec!["2", "q,\"r\""]);
            assert_eq!(total, 8);
            assert_eq!(total - covered, 3, "three blank lines, chunk {chunk}");
        }
    }

    /// Lone CR line ends (classic Mac, Excel's "CSV (Macintosh)"), alone or mixed with LF and CRLF, cut into
    /// chunks of every size (a CRLF split between chunks too): every record on its own line, blank lines counted.
    #[test]
    fn lone_cr_line_ends_are_line_ends() {
        for text in
            ["a,b\r1,x\r\r2,\"q\rr\"\r3,z\r", "a,b\r\n1,x\r\r2,\"q\nr\"\n3,z\r\n", "a,b\n1,x\r\n\r2,\"q\r\nr\"\r3,z"]
        {
            for chunk in 1..=text.len() {
                for in_place in [true, false] {
                    let (records, total, covered) = split_with(text, chunk, in_place);
                    let lines: Vec<(u64, u64)> = records.iter().map(|r| (r.0, r.1)).collect();
                    assert_eq!(lines, vec![(1, 1), (2, 1), (4, 2), (6, 1)], "{text:?}, chunk {chunk}");
                    assert_eq!(records[3].2, vec!["3", "z"], "{text:?}, chunk {chunk}");
                    assert_eq!((total, covered), (6, 5), "{text:?}, chunk {chunk}: one blank line");
                }
            }
        }
    }

    #[test]
    fn a_last_line_without_newline_is_a_record() {
        let (records, total, covered) = split("h\nv", 2);
        assert_eq!(records.len(), 2);
        assert_eq!((total, covered), (2, 2));
    }

    #[test]
    fn lines_split_in_place_give_what_csv_core_gives() {
        // Random texts of quotes, CRs, LFs, delimiters, spaces and a two-byte character, cut into chunks of every
        // size: the same records, line numbers and line counts with and without splitting lines in place.
        let pieces = ["a", "b", ",", "\"", "\r", "\n", "\r\n", " ", "é", "\"\""];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for case in 0..1500 {
            let length = next(30);
            let text: String = (0..length).map(|_| pieces[next(pieces.len())]).collect();
            for chunk in [1, 2, 3, 5, 8, 64] {
                assert_eq!(split_with(&text, chunk, true), split_with(&text, chunk, false), "case {case}: {text:?}");
            }
        }
    }
}
