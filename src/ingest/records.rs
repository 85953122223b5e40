//! RFC 4180 records from UTF-8 text fed in chunks (csv-core's push parser), each with the physical line where it
//! starts, and a count of the lines no record covers (blank lines).

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// One record: its fields and where it starts.
pub struct Record<'a> {
    /// 1-based physical line of the record's first character.
    pub line: u64,
    /// Physical lines the record spans (more than one when a quoted field holds newlines).
    pub lines: u64,
    fields: &'a str,
    ends: &'a [usize],
}

impl<'a> Record<'a> {
    /// Number of fields.
    pub fn field_count(&self) -> usize {
        self.ends.len()
    }

    /// Field `i` as text; `""` past the end (a short row reads as empty cells).
    pub fn field(&self, i: usize) -> &'a str {
        if i >= self.ends.len() {
            return "";
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.fields.get(start..self.ends[i]).unwrap_or("")
    }

    /// Whether every field is empty or white space (such a record is a blank line, not a row).
    pub fn is_blank(&self) -> bool {
        self.fields.trim().is_empty()
    }

    /// The record written back as one CSV line (fields quoted where needed), cut at 200 characters, for reports.
    pub fn text(&self, delimiter: u8) -> String {
        let delimiter = delimiter as char;
        let mut line = String::new();
        for i in 0..self.field_count() {
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

/// A record that owns its fields: a spreadsheet row in the same shape as a CSV record.
pub struct OwnedRecord {
    line: u64,
    fields: String,
    ends: Vec<usize>,
}

impl OwnedRecord {
    /// A record of `cells` starting at `line`.
    pub fn new(line: u64, cells: &[String]) -> OwnedRecord {
        let mut fields = String::with_capacity(cells.iter().map(String::len).sum());
        let mut ends = Vec::with_capacity(cells.len());
        for cell in cells {
            fields.push_str(cell);
            ends.push(fields.len());
        }
        OwnedRecord { line, fields, ends }
    }

    /// The record as the borrowed form the row builder reads.
    pub fn as_record(&self) -> Record<'_> {
        Record { line: self.line, lines: 1, fields: &self.fields, ends: &self.ends }
    }
}

/// Splits UTF-8 text, fed in arbitrary chunks, into records.
pub struct RecordSplitter {
    reader: Reader,
    fields: Vec<u8>,
    ends: Vec<usize>,
    fields_len: usize,
    ends_len: usize,
    newlines: u64,
    last_byte_was_newline: bool,
    bytes_seen: u64,
    in_record: bool,
    record_line: u64,
    last_content_line: u64,
    lines_in_records: u64,
}

impl RecordSplitter {
    /// A splitter for `delimiter`, with RFC 4180 double quotes and CRLF or LF line ends.
    pub fn new(delimiter: u8) -> RecordSplitter {
        RecordSplitter {
            reader: ReaderBuilder::new().delimiter(delimiter).build(),
            fields: vec![0; 4096],
            ends: vec![0; 64],
            fields_len: 0,
            ends_len: 0,
            newlines: 0,
            last_byte_was_newline: false,
            bytes_seen: 0,
            in_record: false,
            record_line: 0,
            last_content_line: 0,
            lines_in_records: 0,
        }
    }

    /// Feeds `input` (empty means end of input) and calls `on_record` for every completed record.
    pub fn feed<E>(
        &mut self,
        mut input: &[u8],
        mut on_record: impl FnMut(Record<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        loop {
            let (result, read, written, ends_written) =
                self.reader.read_record(input, &mut self.fields[self.fields_len..], &mut self.ends[self.ends_len..]);
            self.track_lines(&input[..read]);
            input = &input[read..];
            self.fields_len += written;
            self.ends_len += ends_written;
            match result {
                // csv-core reads empty input as the end, so it never asks for more once `at_end`.
                ReadRecordResult::InputEmpty => return Ok(()),
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
                    let record = Record { line: self.record_line, lines, fields, ends: &self.ends[..self.ends_len] };
                    self.fields_len = 0;
                    self.ends_len = 0;
                    self.in_record = false;
                    on_record(record)?;
                }
                ReadRecordResult::End => return Ok(()),
            }
        }
    }

    /// Follows physical lines through the bytes csv-core consumed: where each record's first content byte is,
    /// and on which line its last content byte is (line ends counted in bulk).
    fn track_lines(&mut self, consumed: &[u8]) {
        let is_content = |b: &u8| *b != b'\n' && *b != b'\r';
        let count = |bytes: &[u8]| memchr::memchr_iter(b'\n', bytes).count() as u64;
        let newlines = count(consumed);
        if !self.in_record {
            if let Some(first) = consumed.iter().position(is_content) {
                self.in_record = true;
                self.record_line = self.newlines + count(&consumed[..first]) + 1;
            }
        }
        if let Some(last) = consumed.iter().rposition(is_content) {
            // Line ends before the last content byte = all of them minus those after it (usually one).
            self.last_content_line = self.newlines + newlines - count(&consumed[last..]) + 1;
        }
        if let Some(&last) = consumed.iter().rev().find(|&&b| b != b'\r') {
            self.last_byte_was_newline = last == b'\n';
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

    /// Physical lines covered by records so far.
    pub fn lines_in_records(&self) -> u64 {
        self.lines_in_records
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, lines, fields) of one record.
    type Split = (u64, u64, Vec<String>);

    /// Every record of `text` fed in chunks of `chunk` bytes, total lines and lines covered by records.
    fn split(text: &str, chunk: usize) -> (Vec<Split>, u64, u64) {
        let mut splitter = RecordSplitter::new(b',');
        let mut out = Vec::new();
        let mut push = |r: Record<'_>| -> Result<(), ()> {
            out.push((r.line, r.lines, (0..r.field_count()).map(|i| r.field(i).to_string()).collect()));
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

    #[test]
    fn a_last_line_without_newline_is_a_record() {
        let (records, total, covered) = split("h\nv", 2);
        assert_eq!(records.len(), 2);
        assert_eq!((total, covered), (2, 2));
    }
}
