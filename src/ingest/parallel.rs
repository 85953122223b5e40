//! Parallel parsing (issue 20): an orders file read as byte ranges, each by its own reader (a Web Worker in the
//! page), into partial tables that one merge turns into the single reader's [`Loaded`], identical to the last byte.
//!
//! Every range reader is given the file's head ([`head_len`] bytes) and detects from it exactly what the single
//! reader detects (the same sample, the same plan). A range starts speculatively at the first line start at or
//! after its nominal start and reads until the first line start at or after its nominal end where no record is
//! open (so a quoted field holding line breaks is read whole); range 0 starts at byte 0 and reads past the header.
//! The merge ([`PartsMerger`]) takes the partial tables in file order and checks each boundary: a range whose
//! start is not where the previous one ended (its start fell inside a quoted field), or whose first row would have
//! taken the previous row's order status, is read again from there ([`ReRead`]). What the single reader decides
//! from the whole file (date order, contradicting dates, the amount total, currencies, the skipped rows' examples,
//! warnings) is decided by the merged builder's `finish`, from the merged evidence.
//!
//! Text in encodings where a line-feed byte may be part of a character (UTF-16, ISO-2022-JP) and workbooks are
//! not split: [`plan_ranges`] says `None` and the single reader reads them.
//!
//! ```
//! use clientele::ingest::{load, parallel::load_in_ranges};
//! let csv = "customer_id,order_date,amount\nC1,2024-03-05,19.99\nC2,\"2024-03-06\",oops\nC1,2024-03-07,5\n";
//! let single = load(csv.as_bytes(), &Default::default()).unwrap();
//! let ranges = load_in_ranges(csv.as_bytes(), &Default::default(), 3).unwrap();
//! assert_eq!((ranges.table, ranges.report), (single.table, single.report));
//! ```

use super::part::{bad_part, PartReader, PartWriter};
use super::text::{self, TextEncoding};
use super::{sniff, sniff_plan, FileKind, LoadOptions, Loaded, LoadedFile, Pipeline, Plan, Rows, Sniffed, Source};
use crate::catalog::limits;
use crate::error::{Error, ErrorKind};

/// How many bytes of the file's head every range reader needs: the most the detection ever looks at, or the
/// whole file when it is shorter.
pub fn head_len(file_len: u64) -> u64 {
    file_len.min(limits::FIRST_LINE_BYTES)
}

/// The plan of an orders file from its head (the first [`head_len`] bytes), detected as [`super::Loader`] does:
/// the same samples, grown the same way. `None` for a file that is not split: a workbook, or an encoding in which
/// a line-feed byte is not always a line end.
fn head_plan(head: &[u8], file_len: u64, options: &LoadOptions) -> Result<Option<(TextEncoding, Plan)>, Error> {
    if head.len() as u64 != head_len(file_len) {
        return Err(Error::new(ErrorKind::InvalidState {
            action: format!("reading ranges with a head of {} bytes (it must be {})", head.len(), head_len(file_len)),
        }));
    }
    let mut until = sniff::SNIFF_BYTES;
    loop {
        // The loader tries the first `until` bytes as soon as it has them, and the whole file at its end.
        let (sample, is_complete) = if file_len >= until as u64 { (&head[..until], false) } else { (head, true) };
        match sniff_plan(FileKind::Orders, options, sample, is_complete)? {
            Sniffed::More => {
                if sample.len() as u64 >= limits::FIRST_LINE_BYTES {
                    return Err(Error::new(ErrorKind::NoHeader { limit: limits::FIRST_LINE_BYTES }));
                }
                until = (sample.len() * 2).min(limits::FIRST_LINE_BYTES as usize);
            }
            Sniffed::Text { encoding, plan, .. } => {
                let splits = text::line_feeds_end_lines(encoding);
                return Ok(splits.then_some((encoding, plan)));
            }
            #[cfg(feature = "xlsx")]
            Sniffed::Workbook => return Ok(None),
        }
    }
}

/// The nominal byte ranges of `count` readers of a file of `file_len` bytes whose head is `head`: `count + 1`
/// boundaries from 0 to `file_len`. `None` when the file is read by one reader: a workbook, UTF-16 or
/// ISO-2022-JP text, a file over `max_bytes`, or one whose head already fails (the single reader says why).
pub fn plan_ranges(head: &[u8], file_len: u64, count: usize, options: &LoadOptions) -> Option<Vec<u64>> {
    if count == 0 || file_len > options.max_bytes || options.validate().is_err() {
        return None;
    }
    head_plan(head, file_len, options).ok().flatten()?;
    let count = count as u64;
    Some((0..=count).map(|i| (u128::from(file_len) * u128::from(i) / u128::from(count)) as u64).collect())
}

/// Where a range reader is in its bytes.
enum Phase {
    /// Looking for the first line start at or after the nominal start; `previous` is the byte before.
    Seeking { previous: Option<u8> },
    /// Reading records (`pending_cr`: the last byte given was a CR, and whether an LF follows is not known yet).
    Reading { pending_cr: bool },
    /// Ended between records at or after the nominal end.
    Done,
}

/// Reads one range of an orders file into a partial table: push the file's bytes from
/// [`read_from`](RangeReader::read_from) on, in chunks split anywhere, until `push` says the range is complete
/// (or the file ends), then [`finish`](RangeReader::finish).
pub struct RangeReader {
    nominal_start: u64,
    nominal_end: u64,
    file_len: u64,
    /// The offset in the file of the next byte pushed.
    position: u64,
    phase: Phase,
    actual_start: u64,
    actual_end: u64,
    seed: Option<(String, String)>,
    pipeline: Box<Pipeline>,
    /// The first error of the decoder (the UTF-8-only build's `needs_full_module`), returned by the next push.
    failed: Option<Error>,
}

impl RangeReader {
    /// A reader of the bytes `nominal_start..nominal_end` of a file of `file_len` bytes whose head is `head`;
    /// `seed` is the (order id, status) of the row before the range when known (a range read again).
    pub fn new(
        head: &[u8],
        file_len: u64,
        nominal_start: u64,
        nominal_end: u64,
        seed: Option<(String, String)>,
        options: &LoadOptions,
    ) -> Result<RangeReader, Error> {
        options.validate()?;
        let Some((encoding, mut plan)) = head_plan(head, file_len, options)? else {
            return Err(Error::new(ErrorKind::InvalidState { action: "reading this file in ranges".into() }));
        };
        if nominal_start > nominal_end || nominal_end > file_len {
            return Err(Error::new(ErrorKind::InvalidState {
                action: format!("reading the range {nominal_start}..{nominal_end} of a file of {file_len} bytes"),
            }));
        }
        let decoder = if nominal_start == 0 {
            text::TextDecoder::new(encoding)
        } else {
            // A later range starts after a line end, where no character is open; its bytes are never a BOM.
            plan.header_seen = true;
            text::TextDecoder::mid_file(encoding)
        };
        if let (Some((order, status)), Rows::Orders(builder)) = (&seed, &mut plan.rows) {
            builder.seed_status(order, status);
        }
        let mut pipeline = Box::new(Pipeline::new(encoding, decoder, plan));
        pipeline.watch_replacement = true;
        let phase =
            if nominal_start == 0 { Phase::Reading { pending_cr: false } } else { Phase::Seeking { previous: None } };
        let position = nominal_start.saturating_sub(1);
        Ok(RangeReader {
            nominal_start,
            nominal_end,
            file_len,
            position,
            phase,
            actual_start: nominal_start,
            actual_end: nominal_start,
            seed,
            pipeline,
            failed: None,
        })
    }

    /// The file offset of the first byte to push: the byte before the nominal start (to see whether a line
    /// starts there), or 0.
    pub fn read_from(&self) -> u64 {
        self.nominal_start.saturating_sub(1)
    }

    /// Whether the range is complete: the rest of the file is not needed.
    pub fn is_done(&self) -> bool {
        matches!(self.phase, Phase::Done)
    }

    /// Takes the next bytes of the file; returns whether the range is complete.
    pub fn push(&mut self, mut chunk: &[u8]) -> Result<bool, Error> {
        while !chunk.is_empty() {
            match self.phase {
                Phase::Done => break,
                Phase::Seeking { previous } => chunk = self.seek(chunk, previous),
                Phase::Reading { pending_cr } => chunk = self.read(chunk, pending_cr),
            }
            if let Some(error) = self.failed.take() {
                return Err(error);
            }
        }
        Ok(self.is_done())
    }

    /// Skips bytes up to the first line start at or after the nominal start: after an LF, or after a CR not
    /// followed by an LF.
    fn seek<'c>(&mut self, chunk: &'c [u8], mut previous: Option<u8>) -> &'c [u8] {
        for (i, &byte) in chunk.iter().enumerate() {
            let at = self.position;
            let starts = match previous {
                Some(b'\n') => true,
                Some(b'\r') => byte != b'\n',
                _ => false,
            };
            if at >= self.nominal_start && starts {
                self.begin(at);
                return &chunk[i..];
            }
            previous = Some(byte);
            self.position += 1;
        }
        self.phase = Phase::Seeking { previous };
        &[]
    }

    /// Starts reading records at `at` (a line start): at once complete when that is at or past the nominal end.
    fn begin(&mut self, at: u64) {
        self.actual_start = at;
        self.actual_end = at;
        self.phase = if at >= self.nominal_end { Phase::Done } else { Phase::Reading { pending_cr: false } };
    }

    /// Feeds records: in bulk up to the byte before the nominal end, then line by line until a line start where
    /// no record is open.
    fn read<'c>(&mut self, chunk: &'c [u8], pending_cr: bool) -> &'c [u8] {
        if pending_cr {
            // The CR given last ends a line; with the LF after it when there is one.
            let through = usize::from(chunk[0] == b'\n');
            self.feed(&chunk[..through]);
            return self.line_end(&chunk[through..]);
        }
        let bulk_until = self.nominal_end.saturating_sub(1);
        if self.position < bulk_until {
            let bulk = ((bulk_until - self.position).min(chunk.len() as u64)) as usize;
            self.feed(&chunk[..bulk]);
            return &chunk[bulk..];
        }
        let Some(at) = memchr::memchr2(b'\n', b'\r', chunk) else {
            self.feed(chunk);
            return &[];
        };
        if chunk[at] == b'\r' {
            match chunk.get(at + 1) {
                None => {
                    self.feed(chunk);
                    self.phase = Phase::Reading { pending_cr: true };
                    return &[];
                }
                Some(&next) => {
                    let through = at + 1 + usize::from(next == b'\n');
                    self.feed(&chunk[..through]);
                    return self.line_end(&chunk[through..]);
                }
            }
        }
        self.feed(&chunk[..=at]);
        self.line_end(&chunk[at + 1..])
    }

    /// At a line start past the nominal end's byte: the range is complete there when no record is open (and, in
    /// the first range, the header was read).
    fn line_end<'c>(&mut self, rest: &'c [u8]) -> &'c [u8] {
        self.phase = Phase::Reading { pending_cr: false };
        if self.position >= self.nominal_end
            && self.pipeline.splitter.between_records()
            && self.pipeline.plan.header_seen
        {
            self.actual_end = self.position;
            self.phase = Phase::Done;
        }
        rest
    }

    fn feed(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            self.failed = self.pipeline.feed(bytes, false).err();
        }
        self.position += bytes.len() as u64;
    }

    /// The partial table, once the range is complete or every byte to the end of the file was pushed.
    pub fn finish(mut self) -> Result<Vec<u8>, Error> {
        if let Some(error) = self.failed.take() {
            return Err(error);
        }
        if !self.is_done() {
            if self.position != self.file_len {
                return Err(Error::new(ErrorKind::InvalidState {
                    action: format!("finishing a range at byte {} before the end of the file", self.position),
                }));
            }
            match self.phase {
                Phase::Seeking { .. } => self.begin(self.file_len),
                _ => {
                    self.pipeline.feed(&[], true)?;
                    self.actual_end = self.file_len;
                }
            }
        }
        let pipeline = &self.pipeline;
        let Rows::Orders(builder) = &pipeline.plan.rows else {
            return Err(Error::new(ErrorKind::InvalidState {
                action: "reading another kind of file in ranges".into(),
            }));
        };
        let mut w = PartWriter::new();
        for value in [self.nominal_start, self.nominal_end, self.actual_start, self.actual_end] {
            w.u64(value);
        }
        let touched = self.actual_end > self.actual_start;
        w.u64(if touched { pipeline.splitter.total_lines() } else { 0 });
        w.u64(if touched { pipeline.splitter.lines_in_records() } else { 0 });
        let (line, lines) = pipeline.plan.unterminated_quote.unwrap_or((0, 0));
        w.u64(line);
        w.u64(lines);
        write_pair(&mut w, self.seed.as_ref().map(|(a, b)| (a.as_str(), b.as_str())));
        write_pair(&mut w, builder.leading_order().map(|order| (order, "")));
        write_pair(&mut w, builder.status_context());
        builder.write_part(&mut w);
        Ok(w.finish())
    }
}

fn write_pair(w: &mut PartWriter, pair: Option<(&str, &str)>) {
    w.bool(pair.is_some());
    let (a, b) = pair.unwrap_or_default();
    w.str(a);
    w.str(b);
}

fn read_pair(r: &mut PartReader<'_>) -> Result<Option<(String, String)>, Error> {
    let (some, a, b) = (r.bool()?, r.str()?, r.str()?);
    Ok(some.then(|| (a.to_string(), b.to_string())))
}

/// A range to read again (with a [`RangeReader`]) before the merge can go on: from `start` (where the previous
/// range ended) to the same nominal end, the previous row's (order id, status) as `seed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReRead {
    /// Where the range really starts.
    pub start: u64,
    /// Its nominal end.
    pub end: u64,
    /// The (order id, status) of the row before it.
    pub seed: Option<(String, String)>,
}

/// Merges the partial tables of an orders file, given in file order, into the single reader's [`Loaded`].
pub struct PartsMerger {
    file_len: u64,
    plan: Plan,
    encoding: TextEncoding,
    /// Where the next range must start: the end of the last one merged.
    expected_start: u64,
    /// The (order id, status) of the last row merged.
    carried_status: Option<(String, String)>,
    lines: u64,
    lines_in_records: u64,
}

impl PartsMerger {
    /// A merger of the ranges of a file of `file_len` bytes whose head is `head`.
    pub fn new(head: &[u8], file_len: u64, options: &LoadOptions) -> Result<PartsMerger, Error> {
        options.validate()?;
        let Some((encoding, plan)) = head_plan(head, file_len, options)? else {
            return Err(Error::new(ErrorKind::InvalidState { action: "merging ranges of this file".into() }));
        };
        Ok(PartsMerger {
            file_len,
            plan,
            encoding,
            expected_start: 0,
            carried_status: None,
            lines: 0,
            lines_in_records: 0,
        })
    }

    /// Where the next range must start (the end of the ranges merged so far).
    pub fn merged_until(&self) -> u64 {
        self.expected_start
    }

    /// Adds the next range's partial table; `Some` when it must be read again first (then add that one instead).
    pub fn add(&mut self, part: &[u8]) -> Result<Option<ReRead>, Error> {
        let mut r = PartReader::new(part)?;
        let (_nominal_start, nominal_end, start, end) = (r.u64()?, r.u64()?, r.u64()?, r.u64()?);
        let (lines, lines_in_records, quote_line, quote_lines) = (r.u64()?, r.u64()?, r.u64()?, r.u64()?);
        let (seed, leading, context) = (read_pair(&mut r)?, read_pair(&mut r)?, read_pair(&mut r)?);
        if nominal_end > self.file_len || start > end || end > self.file_len {
            return Err(bad_part("its range is not in the file"));
        }
        if self.expected_start >= nominal_end && self.expected_start > 0 {
            // The previous range read past this one's end (a quoted field across it): nothing left here.
            return Ok(None);
        }
        // The status the first row takes from the row before, as this range read it and as the file has it.
        let taken = |before: &Option<(String, String)>| match (&leading, before) {
            (Some((order, _)), Some((last_order, status))) if order == last_order => status.clone(),
            _ => String::new(),
        };
        if start != self.expected_start || taken(&seed) != taken(&self.carried_status) {
            let seed = self.carried_status.clone();
            return Ok(Some(ReRead { start: self.expected_start, end: nominal_end, seed }));
        }
        let Rows::Orders(builder) = &mut self.plan.rows else {
            return Err(bad_part("it is not of an orders file"));
        };
        let first = self.expected_start == 0;
        builder.absorb_part(&mut r, self.lines)?;
        if first && end > start {
            // The columns sized once for the whole file from the first range's rows per byte (a little over, as the
            // single reader does from its sample), instead of doubling as later ranges are appended.
            let rows = builder.rows() as f64;
            let expected = rows * self.file_len as f64 / (end - start) as f64 * 1.05;
            builder.reserve((expected as usize).saturating_sub(builder.rows()).min(self.file_len as usize / 4));
        }
        if !r.is_done() {
            return Err(bad_part("it has bytes past its end"));
        }
        if quote_lines > 0 && self.plan.unterminated_quote.is_none() {
            self.plan.unterminated_quote = Some((quote_line + self.lines, quote_lines));
        }
        self.lines += lines;
        self.lines_in_records += lines_in_records;
        self.expected_start = end;
        if context.is_some() {
            self.carried_status = context;
        }
        Ok(None)
    }

    /// The table and report, once every range is merged.
    pub fn finish(self) -> Result<Loaded, Error> {
        if self.expected_start != self.file_len {
            return Err(Error::new(ErrorKind::InvalidState {
                action: format!("merging the ranges when only bytes 0..{} were merged", self.expected_start),
            }));
        }
        let source = Source {
            format: "csv",
            sheet: None,
            encoding: text::encoding_name(self.encoding).to_string(),
            delimiter: (self.plan.rows.delimiter() as char).to_string(),
        };
        match self.plan.finish(source, self.lines - self.lines_in_records)? {
            LoadedFile::Orders(loaded) => Ok(loaded),
            _ => Err(Error::new(ErrorKind::InvalidState { action: "merging another kind of file".into() })),
        }
    }
}

/// Reads one range of `bytes` (the whole file) as a worker would: the bytes from its `read_from` on, in chunks of
/// `chunk` bytes, until it is complete.
pub fn read_range(
    bytes: &[u8],
    range: (u64, u64),
    seed: Option<(String, String)>,
    chunk: usize,
    options: &LoadOptions,
) -> Result<Vec<u8>, Error> {
    let file_len = bytes.len() as u64;
    let head = &bytes[..head_len(file_len) as usize];
    let mut reader = RangeReader::new(head, file_len, range.0, range.1, seed, options)?;
    for piece in bytes[reader.read_from() as usize..].chunks(chunk.max(1)) {
        if reader.push(piece)? {
            break;
        }
    }
    reader.finish()
}

/// Reads `bytes` (an orders file) in `count` ranges, each into a partial table, and merges them, reading a range
/// again where the merge asks: what the page's workers and their coordinator do, in one thread. The single reader
/// ([`super::load`]) reads files [`plan_ranges`] does not split.
pub fn load_in_ranges(bytes: &[u8], options: &LoadOptions, count: usize) -> Result<Loaded, Error> {
    load_in_ranges_by(bytes, options, count, 64 * 1024)
}

/// [`load_in_ranges`] with the bytes pushed in chunks of `chunk` bytes.
pub fn load_in_ranges_by(bytes: &[u8], options: &LoadOptions, count: usize, chunk: usize) -> Result<Loaded, Error> {
    let file_len = bytes.len() as u64;
    let head = &bytes[..head_len(file_len) as usize];
    match plan_ranges(head, file_len, count, options) {
        Some(bounds) => load_at(bytes, options, &bounds, chunk).map(|(loaded, _)| loaded),
        None => super::load(bytes, options),
    }
}

/// Reads `bytes` in the ranges between `bounds` (from 0 to the file's length, ascending), pushed in chunks of
/// `chunk` bytes, and merges them; also says how many ranges were read again.
pub fn load_at(bytes: &[u8], options: &LoadOptions, bounds: &[u64], chunk: usize) -> Result<(Loaded, usize), Error> {
    let file_len = bytes.len() as u64;
    let head = &bytes[..head_len(file_len) as usize];
    let parts: Vec<Vec<u8>> = bounds
        .windows(2)
        .map(|pair| read_range(bytes, (pair[0], pair[1]), None, chunk, options))
        .collect::<Result<_, _>>()?;
    let mut merger = PartsMerger::new(head, file_len, options)?;
    let mut reread = 0;
    for part in parts {
        let mut part = part;
        while let Some(again) = merger.add(&part)? {
            reread += 1;
            part = read_range(bytes, (again.start, again.end), again.seed, chunk, options)?;
        }
    }
    Ok((merger.finish()?, reread))
}
