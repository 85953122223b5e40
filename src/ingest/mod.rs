//! Bytes → [`Table`]: detect the file's encoding and delimiter, map columns to roles, and read every row,
//! counting and reporting the rows that cannot be used. Input can arrive in chunks split anywhere.
//!
//! The same reading serves the three kinds of file ([`FileKind`]): an orders file becomes the [`Table`]; a
//! customers file and a campaign file become a [`CustomerFile`] and a [`CampaignFile`], which
//! [`join_customers`] and [`join_campaigns`] join to the orders by customer id through the orders' customer
//! dictionary.
//!
//! ```
//! let csv = "customer_id,order_date,amount\nC1,2024-03-05,19.99\nC2,2024-03-06,oops\n";
//! let loaded = clientele::ingest::load(csv.as_bytes(), &Default::default()).unwrap();
//! assert_eq!(loaded.table.len(), 1);
//! assert_eq!(loaded.report.skipped[0].examples[0].line, 3);
//! ```

mod campaigns;
mod cells;
mod currency;
mod customers;
mod dimensions;
// platforms2 (issue 12): DATEV's Buchungsstapel, a journal with a metadata first line.
mod journal;
mod options;
// platforms2 (issue 12): Salesforce Commerce Cloud's XML order export, read with the workbook's XML scanner.
#[cfg(feature = "xlsx")]
mod order_xml;
// parallel parsing (issue 20): byte ranges read apart and merged.
pub mod parallel;
mod part;
// platforms (issue 12): the export layouts of the platforms, as data.
mod platforms;
mod records;
mod report;
mod roles;
mod rows;
mod schema;
mod sniff;
// split (issue 17.13): UTF-8 only in the first-load module, every encoding in the full one.
mod text;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use campaigns::{join_campaigns, CampaignFile, CampaignJoinReport, CampaignSummary};
pub use customers::{join_customers, CustomerFile, CustomerJoinReport};
// Currency detection (issue 17, point 9).
pub use currency::{currency_code, currency_in_amount, CurrencyReport, CurrencyRows, CurrencySource};
// Markets defaults (issue 17, point 5).
pub use dimensions::{
    describe_dimensions, suggested_period, DimensionKind, DimensionReport, SuggestedPeriod, SUGGESTED_PERIOD_DAYS,
};
pub use options::{LoadOptions, RoleChoice, RoleOverrides, DEFAULT_MAX_BYTES};
pub use platforms::{
    Evidence, Platform, PlatformMatch, MIN_SIGNATURE_SHARE, NOT_SOLD_STATUSES, PLATFORMS, SOLD_STATUSES,
};
pub use report::{ColumnReport, CountedRows, FileSummary, LoadReport, RoleColumns, RoleNames, SkipGroup, SkipReason};
pub use report::{RoleConfidence, SourcePlatform};
// platforms2 (issue 12)
pub use journal::{is_day_month, Booking, DatevHeader, Journal};
pub use roles::{normalize_header, role_from_header, ColumnKind, Role, CONFIDENT};
pub use schema::{
    FileKind, RoleSpec, BLANK_CAMPAIGN, CONTROL_VALUES, DEFAULT_CAMPAIGN, FLAG_FALSE_VALUES, FLAG_TRUE_VALUES,
    SYNONYM_LANGUAGES, TREATMENT_VALUES,
};

use crate::catalog::limits;
use crate::date::parse_date;
use crate::error::{Error, ErrorKind, Warning, WarningKind};
use crate::money::{parse_decimal, strip_excel_guard, DecimalMark};
use crate::table::Table;
use campaigns::CampaignRows;
use customers::CustomerRows;
pub use records::UNTERMINATED_QUOTE_LINES;
use records::{Record, RecordSplitter};
use roles::{map_roles, ColumnProfile, Mapping, RoleMap};
use rows::{BuiltTable, DecimalMarks, TableBuilder};
use rustc_hash::FxHashSet;

/// Bytes decoded at a time.
const DECODE_WINDOW: usize = 64 * 1024;

/// How many rows after the header are profiled to map roles by value and pick decimal marks.
const PROFILE_ROWS: usize = 1000;

/// A loaded export: the table and the report of how it was read.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The usable rows.
    pub table: Table,
    /// What was read, used and skipped.
    pub report: LoadReport,
}

/// A file of any kind as read: an orders file is ready to analyse; the others wait to be joined.
// One value per file read, moved once: the size difference between the kinds costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum LoadedFile {
    /// An orders file.
    Orders(Loaded),
    /// A customers file, for [`join_customers`].
    Customers(CustomerFile),
    /// A campaign file, for [`join_campaigns`].
    Campaigns(CampaignFile),
}

impl LoadedFile {
    /// The kind of file.
    pub fn kind(&self) -> FileKind {
        match self {
            LoadedFile::Orders(_) => FileKind::Orders,
            LoadedFile::Customers(_) => FileKind::Customers,
            LoadedFile::Campaigns(_) => FileKind::Campaigns,
        }
    }
}

/// Reads a whole orders file at once (the same as one [`Loader::push`] and [`Loader::finish`]).
pub fn load(bytes: &[u8], options: &LoadOptions) -> Result<Loaded, Error> {
    let mut loader = Loader::new(options.clone())?;
    loader.push(bytes)?;
    loader.finish()
}

/// Reads a whole file of `kind` at once (the same as one [`Loader::push`] and [`Loader::finish_file`]).
pub fn load_file(kind: FileKind, bytes: &[u8], options: &LoadOptions) -> Result<LoadedFile, Error> {
    let mut loader = Loader::for_kind(kind, options.clone())?;
    loader.push(bytes)?;
    loader.finish_file()
}

/// Streaming reader: push chunks split anywhere (inside a quoted field, a multi-byte character, a CRLF), then
/// finish. Memory grows with the table, not with the text. A workbook (`.xlsx`) cannot be read before its end
/// (the zip directory is last), so it is kept whole until `finish`.
pub struct Loader {
    kind: FileKind,
    options: LoadOptions,
    bytes_in: u64,
    state: State,
    /// The sample size at which detection is tried next: [`sniff::SNIFF_BYTES`], doubled while the sample holds
    /// no complete header row, up to `limits::FIRST_LINE_BYTES`.
    sniff_until: usize,
}

enum State {
    /// Collecting the first bytes to detect the format, encoding, delimiter and roles.
    Sniffing(Vec<u8>),
    /// Decoding text and splitting it into rows.
    Reading(Box<Pipeline>),
    /// Collecting a workbook's bytes (or an XML order export's: platforms2, issue 12).
    #[cfg(feature = "xlsx")]
    Workbook(Vec<u8>),
    /// Finished or failed.
    Done,
}

impl Loader {
    /// A loader of an orders file with checked options (`too_large` at once when `total_bytes` is over
    /// `max_bytes`).
    pub fn new(options: LoadOptions) -> Result<Loader, Error> {
        Loader::for_kind(FileKind::Orders, options)
    }

    /// A loader of a file of `kind`, with checked options as [`Loader::new`].
    pub fn for_kind(kind: FileKind, options: LoadOptions) -> Result<Loader, Error> {
        options.validate()?;
        // A size known in advance is refused at once, not after reading the allowed bytes.
        if let Some(total) = options.total_bytes.filter(|&total| total > options.max_bytes) {
            return Err(Error::new(ErrorKind::TooLarge {
                bytes: total,
                limit: options.max_bytes,
                what: "input".into(),
            }));
        }
        Ok(Loader { kind, options, bytes_in: 0, state: State::Sniffing(Vec::new()), sniff_until: sniff::SNIFF_BYTES })
    }

    /// The kind of file being read.
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// Feeds the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.bytes_in += chunk.len() as u64;
        if self.bytes_in > self.options.max_bytes {
            self.state = State::Done;
            return Err(Error::new(ErrorKind::TooLarge {
                bytes: self.bytes_in,
                limit: self.options.max_bytes,
                what: "input".into(),
            }));
        }
        self.accept(chunk)
    }

    /// Routes a chunk by state: the first [`sniff::SNIFF_BYTES`] are collected to detect the settings, the
    /// rest goes straight to the pipeline (or the workbook buffer) without being copied first.
    fn accept(&mut self, chunk: &[u8]) -> Result<(), Error> {
        match &mut self.state {
            State::Sniffing(buffer) => {
                let (head, rest) = chunk.split_at(chunk.len().min(self.sniff_until.saturating_sub(buffer.len())));
                buffer.extend_from_slice(head);
                if buffer.len() >= self.sniff_until {
                    self.start(false)?;
                    return self.accept(rest);
                }
                Ok(())
            }
            State::Reading(pipeline) => {
                let fed = pipeline.feed(chunk, false);
                if fed.is_err() {
                    self.state = State::Done; // split (issue 17.13): a refused input cannot be continued
                }
                fed
            }
            #[cfg(feature = "xlsx")]
            State::Workbook(buffer) => {
                buffer.extend_from_slice(chunk);
                Ok(())
            }
            State::Done => Err(Error::new(ErrorKind::InvalidState { action: "push after finish".into() })),
        }
    }

    /// Ends the input of an orders file and returns the table and report (`invalid_state` for another kind:
    /// see [`Loader::finish_file`]).
    pub fn finish(self) -> Result<Loaded, Error> {
        if self.kind != FileKind::Orders {
            let action = format!("finish() of a {} file (use finish_file)", self.kind.name());
            return Err(Error::new(ErrorKind::InvalidState { action }));
        }
        match self.finish_file()? {
            LoadedFile::Orders(loaded) => Ok(loaded),
            _ => Err(Error::new(ErrorKind::InvalidState { action: "finish() of another kind of file".into() })),
        }
    }

    /// Ends the input and returns the file as read, whatever its kind.
    pub fn finish_file(mut self) -> Result<LoadedFile, Error> {
        if let State::Sniffing(_) = self.state {
            self.start(true)?;
        }
        match std::mem::replace(&mut self.state, State::Done) {
            State::Reading(pipeline) => pipeline.finish(),
            #[cfg(feature = "xlsx")]
            State::Workbook(bytes) if !xlsx::looks_like_xlsx(&bytes) => {
                load_order_xml(self.kind, &bytes, &self.options)
            }
            #[cfg(feature = "xlsx")]
            State::Workbook(bytes) => load_workbook(self.kind, &bytes, &self.options),
            _ => Err(Error::new(ErrorKind::InvalidState { action: "finish after an error".into() })),
        }
    }

    /// Detects the settings from the buffered bytes and starts the pipeline with them.
    fn start(&mut self, is_complete: bool) -> Result<(), Error> {
        let State::Sniffing(sample) = std::mem::replace(&mut self.state, State::Done) else {
            return Ok(());
        };
        let (encoding, mut plan, rows, bytes_seen) = match sniff_plan(self.kind, &self.options, &sample, is_complete)? {
            #[cfg(feature = "xlsx")]
            Sniffed::Workbook => {
                self.state = State::Workbook(sample);
                return Ok(());
            }
            Sniffed::More => return self.sniff_further(sample),
            Sniffed::Text { encoding, plan, rows, bytes_seen } => (encoding, plan, rows, bytes_seen),
        };
        if let (Some(total), true) = (self.options.total_bytes, rows > 0 && bytes_seen > 0) {
            // Rows expected from the sample's bytes per row (a little over, so the columns never double).
            // hostile input (issue 18): only the first RESERVED_INPUT_BYTES of a declared size are reserved for,
            // so a size declared but never sent cannot keep memory.
            let total = total.min(crate::catalog::limits::RESERVED_INPUT_BYTES);
            let expected = total as f64 * rows as f64 / bytes_seen as f64 * 1.05;
            if let Rows::Orders(builder) = &mut plan.rows {
                builder.reserve((expected as usize).min(total as usize / 4));
            }
        }
        let mut pipeline = Box::new(Pipeline::new(encoding, text::TextDecoder::new(encoding), plan));
        pipeline.feed(&sample, false)?;
        self.state = State::Reading(pipeline);
        Ok(())
    }
}

/// What the first bytes of a file tell.
// One value per detection, moved once: the plan is not worth a box.
#[allow(clippy::large_enum_variant)]
enum Sniffed {
    /// A workbook: read whole at the end.
    #[cfg(feature = "xlsx")]
    Workbook,
    /// Not enough yet: no complete header row (or only blank lines) in an incomplete sample.
    More,
    /// Delimited text: its encoding, the plan of its columns, and the records profiled over the sample's bytes.
    Text { encoding: text::TextEncoding, plan: Plan, rows: usize, bytes_seen: u64 },
}

/// Detects the format, encoding, delimiter and roles from `sample` (the whole file when `is_complete`). The one
/// detection of the single reader and of every range reader (parallel parsing): the same sample gives the same
/// plan.
fn sniff_plan(kind: FileKind, options: &LoadOptions, sample: &[u8], is_complete: bool) -> Result<Sniffed, Error> {
    #[cfg(feature = "xlsx")]
    // platforms2 (issue 12): Salesforce Commerce Cloud's XML order export is read whole, like a workbook.
    if xlsx::looks_like_xlsx(sample) || order_xml::looks_like_order_xml(sample) {
        return Ok(Sniffed::Workbook);
    }
    // split (issue 17.13): a workbook in the first-load module, which has no workbook reader, is read again by the
    // full one.
    #[cfg(not(feature = "xlsx"))]
    if sample.starts_with(b"PK\x03\x04") {
        return Err(text::needs_full("workbook"));
    }
    let (encoding, _) = sniff::detect_encoding(sample, is_complete, options.encoding.as_deref())?;
    let text = text::decode_sample(encoding, sample, is_complete)?;
    // hostile input (issue 18): a sample of blank lines, or one without a complete header row, is not "empty":
    // read on (doubling the sample, linear in all) up to limits::FIRST_LINE_BYTES.
    if !is_complete && text.trim().is_empty() {
        return Ok(Sniffed::More);
    }
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::EmptyFile));
    }
    let delimiter = options.delimiter.unwrap_or_else(|| sniff::detect_delimiter(text.as_bytes()));
    let mut profiler = Profiler::default();
    let mut splitter = RecordSplitter::new(delimiter);
    let mut rows = 0;
    let mut collect = |record: Record<'_>| -> Result<(), ()> {
        // The last record of an incomplete sample may be cut short: profile only complete ones.
        profiler.push(&record);
        rows += 1;
        if rows > PROFILE_ROWS {
            Err(())
        } else {
            Ok(())
        }
    };
    let stopped = splitter.feed(text.as_bytes(), &mut collect).is_err();
    if is_complete && !stopped {
        let _ = splitter.feed(&[], &mut collect);
    }
    if !is_complete && profiler.headers.is_none() {
        return Ok(Sniffed::More);
    }
    let plan = Plan::new(kind, profiler, options, delimiter, false)?;
    Ok(Sniffed::Text { encoding, plan, rows, bytes_seen: splitter.bytes_seen() })
}

impl Loader {
    /// Goes on collecting the sample to twice its size (`no_header` past `limits::FIRST_LINE_BYTES`).
    fn sniff_further(&mut self, sample: Vec<u8>) -> Result<(), Error> {
        if sample.len() as u64 >= limits::FIRST_LINE_BYTES {
            return Err(Error::new(ErrorKind::NoHeader { limit: limits::FIRST_LINE_BYTES }));
        }
        self.sniff_until = (sample.len() * 2).min(limits::FIRST_LINE_BYTES as usize);
        self.state = State::Sniffing(sample);
        Ok(())
    }
}

/// Counts, per column, which decimal mark its numbers show (`12,50` vs `12.50`).
#[derive(Clone, Copy, Debug, Default)]
struct MarkEvidence {
    comma: usize,
    point: usize,
}

impl MarkEvidence {
    fn mark(self) -> DecimalMark {
        if self.comma > self.point {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        }
    }
}

/// The header and a profile of each column over the first rows, from which roles and decimal marks are chosen.
#[derive(Default)]
struct Profiler {
    headers: Option<Vec<String>>,
    profiles: Vec<ColumnProfile>,
    marks: Vec<MarkEvidence>,
    distinct: Vec<FxHashSet<String>>,
    /// The profiled rows' cells (guards stripped), for the roles decided by values.
    sample: Vec<Vec<String>>,
    /// The header's columns when they are more than `limits::HEADER_COLUMNS` (refused by the plan).
    too_many_columns: Option<u64>,
    // platforms2 (issue 12)
    /// A DATEV metadata first line before the header (`"EXTF";700;…`), read for its year and accounts.
    preamble: Option<DatevHeader>,
    /// The lines of that first line.
    preamble_lines: u64,
}

impl Profiler {
    /// The first non-blank record is the header; the next ones are profiled.
    fn push(&mut self, record: &Record<'_>) {
        let is_blank = record.is_blank();
        let Some(headers) = &self.headers else {
            // platforms2 (issue 12): DATEV's metadata line comes before the header: kept, not taken as the header.
            if !is_blank && self.preamble.is_none() {
                if let Some(header) = DatevHeader::parse(|i| record.field(i)) {
                    self.preamble = Some(header);
                    self.preamble_lines = record.lines;
                    return;
                }
            }
            if !is_blank {
                if record.field_count() > limits::HEADER_COLUMNS {
                    self.too_many_columns = Some(record.field_count() as u64);
                    self.headers = Some(Vec::new());
                    return;
                }
                let headers = unique_headers(record);
                self.profiles = vec![ColumnProfile::default(); headers.len()];
                self.marks = vec![MarkEvidence::default(); headers.len()];
                self.distinct = vec![FxHashSet::default(); headers.len()];
                self.headers = Some(headers);
            }
            return;
        };
        if !is_blank && self.sample.len() < PROFILE_ROWS {
            self.sample.push((0..headers.len()).map(|i| strip_excel_guard(record.field(i)).to_string()).collect());
        }
        for i in 0..headers.len() {
            let cell = strip_excel_guard(record.field(i));
            if cell.is_empty() {
                continue;
            }
            let profile = &mut self.profiles[i];
            profile.non_empty += 1;
            profile.with_spaces += usize::from(cell.contains(' '));
            if self.distinct[i].len() < PROFILE_ROWS && self.distinct[i].insert(cell.to_string()) {
                profile.distinct += 1;
            }
            if parse_date(cell, None).is_some() {
                profile.dates += 1;
            } else if parse_decimal(cell, DecimalMark::Point).is_some() {
                profile.numbers += 1;
                let tail = |mark: char| cell.rfind(mark).is_some_and(|at| (1..=2).contains(&(cell.len() - at - 1)));
                if tail(',') {
                    self.marks[i].comma += 1;
                    profile.decimals += 1;
                } else if tail('.') {
                    self.marks[i].point += 1;
                    profile.decimals += 1;
                }
            }
        }
    }
}

/// Header texts trimmed, blanks named `column N`, repeats suffixed ` (2)`, ` (3)`…
fn unique_headers(record: &Record<'_>) -> Vec<String> {
    // hostile input (issue 18): names taken and the next suffix of each base are looked up in hash maps, so
    // thousands of equal names cost linear time, not quadratic.
    let mut headers: Vec<String> = Vec::with_capacity(record.field_count());
    let mut taken: FxHashSet<String> = FxHashSet::default();
    let mut next_suffix: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    for i in 0..record.field_count() {
        let raw = strip_excel_guard(record.field(i)).trim_start_matches('\u{feff}');
        let base = if raw.is_empty() { format!("column {}", i + 1) } else { raw.to_string() };
        let mut name = base.clone();
        if taken.contains(&name) {
            let n = next_suffix.entry(base.clone()).or_insert(2);
            loop {
                name = format!("{base} ({n})");
                *n += 1;
                if !taken.contains(&name) {
                    break;
                }
            }
        }
        taken.insert(name.clone());
        headers.push(name);
    }
    headers
}

/// What to do with each column, decided once from the header and the profile, and the builder that does it.
struct Plan {
    headers: Vec<String>,
    columns: Vec<ColumnReport>,
    roles: RoleMap,
    /// How the roles were decided: confidences and the platform recognised.
    mapping: Mapping,
    rows: Rows,
    header_seen: bool,
    // platforms2 (issue 12)
    /// Whether a preamble line (DATEV's metadata) is still to be passed before the header.
    preamble_pending: bool,
    /// The lines of the preamble, for the report.
    preamble_lines: u64,
    /// The first record swallowed by a quote never closed: (its line, the lines it spans).
    unterminated_quote: Option<(u64, u64)>,
}

/// The row builder of each kind of file.
enum Rows {
    Orders(TableBuilder),
    Customers(CustomerRows),
    Campaigns(CampaignRows),
}

impl Rows {
    /// Notes that the decoder met undecodable bytes (rows are checked for U+FFFD from then on).
    fn note_undecodable(&mut self, had_errors: bool) {
        match self {
            Rows::Orders(builder) => builder.check_undecodable |= had_errors,
            Rows::Customers(rows) => rows.book().check_undecodable |= had_errors,
            Rows::Campaigns(rows) => rows.book().check_undecodable |= had_errors,
        }
    }

    /// The field delimiter.
    fn delimiter(&self) -> u8 {
        match self {
            Rows::Orders(builder) => builder.delimiter(),
            Rows::Customers(rows) => rows.delimiter(),
            Rows::Campaigns(rows) => rows.delimiter(),
        }
    }

    /// Data rows read so far.
    fn rows_read(&mut self) -> u64 {
        match self {
            Rows::Orders(builder) => builder.rows_read,
            Rows::Customers(rows) => rows.book().rows_read,
            Rows::Campaigns(rows) => rows.book().rows_read,
        }
    }
}

impl Plan {
    fn new(
        kind: FileKind,
        profiler: Profiler,
        options: &LoadOptions,
        delimiter: u8,
        excel_serials: bool,
    ) -> Result<Plan, Error> {
        if let Some(columns) = profiler.too_many_columns {
            return Err(Error::new(ErrorKind::TooManyColumns { columns, limit: limits::HEADER_COLUMNS as u64 }));
        }
        let Profiler { headers, profiles, marks, sample, preamble, preamble_lines, .. } = profiler;
        let headers = headers.ok_or_else(|| Error::new(ErrorKind::EmptyFile))?;
        let mapping = map_roles(kind, &headers, &profiles, &sample, &options.roles)?;
        let roles = mapping.roles.clone();
        // platforms2 (issue 12): days and months without a year (DATEV's DDMM) are never guessed.
        if let (Some(date), None, FileKind::Orders) = (roles.date, &preamble, kind) {
            let cells: Vec<&str> = sample.iter().filter_map(|row| row.get(date)).map(|c| c.trim()).collect();
            let cells: Vec<&str> = cells.into_iter().filter(|c| !c.is_empty()).collect();
            let day_months = cells.iter().filter(|c| is_day_month(c)).count();
            if !cells.is_empty() && day_months * 10 >= cells.len() * 9 {
                let example = cells.iter().find(|c| is_day_month(c)).map_or(String::new(), |c| c.to_string());
                return Err(Error::new(ErrorKind::DateWithoutYear { column: headers[date].clone(), example }));
            }
        }
        let mark = |index: Option<usize>| index.map_or(DecimalMark::Point, |i| marks[i].mark());
        let mut columns = Vec::with_capacity(headers.len());
        let (mut dimensions, mut measures, mut attributes) = (Vec::new(), Vec::new(), Vec::new());
        for (i, header) in headers.iter().enumerate() {
            let kind_of_values = profiles[i].kind();
            // Columns of no role: text kept as dimensions and decimals as measures in an orders file; everything
            // kept as text attributes in a customers file; not read in a campaign file.
            let role = roles.role_of(i).or(match kind {
                FileKind::Orders => match kind_of_values {
                    ColumnKind::Text | ColumnKind::Integer | ColumnKind::Empty => Some(Role::Dimension),
                    ColumnKind::Decimal => Some(Role::Measure),
                    ColumnKind::Date => None,
                },
                FileKind::Customers => Some(Role::Attribute),
                FileKind::Campaigns => None,
            });
            match role {
                // A product or category column is a dimension too (compare by product still works).
                Some(Role::Dimension | Role::Product | Role::Category) => dimensions.push((i, header.clone())),
                Some(Role::Measure) => measures.push((i, header.clone(), mark(Some(i)))),
                Some(Role::Attribute) => attributes.push((i, header.clone())),
                _ => {}
            }
            columns.push(ColumnReport { name: header.clone(), role, kind: kind_of_values });
        }
        let rows = match kind {
            FileKind::Orders => {
                let marks = DecimalMarks {
                    amount: mark(roles.amount),
                    quantity: mark(roles.quantity),
                    unit_price: mark(roles.unit_price),
                };
                // The status values that leave a row out: the caller's, else the common ones and the platform's.
                let not_sold: Vec<String> = match &options.status_filter {
                    Some(values) => values.iter().map(|v| normalize_header(v)).filter(|v| !v.is_empty()).collect(),
                    None => NOT_SOLD_STATUSES
                        .iter()
                        .chain(mapping.platform.iter().flat_map(|p| p.platform.not_sold))
                        .map(|v| v.to_string())
                        .collect(),
                };
                let mut builder = TableBuilder::new(
                    roles.clone(),
                    marks,
                    options.date_order,
                    delimiter,
                    excel_serials,
                    dimensions,
                    measures,
                );
                // Currency detection (issue 17, point 9): a currency column no role took, else the amount cells.
                let column = (0..headers.len()).find(|&i| {
                    roles.role_of(i).is_none_or(|r| r.name() == "currency") && currency::is_currency_header(&headers[i])
                });
                builder.read_currency(column, options.currency.as_deref().and_then(currency::currency_code));
                builder.leave_out_statuses(not_sold);
                // platforms2 (issue 12): a DATEV journal: DDMM dates in the metadata's year; its bookings read as
                // debtors' sales when the customer is one of its account columns.
                if let Some(header) = &preamble {
                    let journal = Journal::new(&headers, header).filter(|j| {
                        mapping.platform.is_some_and(|p| p.platform.id == "datev")
                            && (roles.customer == Some(j.account) || roles.customer == Some(j.counter_account))
                    });
                    builder.read_journal(header.clone(), journal);
                }
                let summaries =
                    mapping.platform.iter().flat_map(|p| p.platform.summary_rows).filter_map(|(column, values)| {
                        let index = headers.iter().position(|h| normalize_header(h) == *column)?;
                        Some((index, values.iter().map(|v| v.to_string()).collect()))
                    });
                builder.leave_out_summaries(summaries.collect());
                Rows::Orders(builder)
            }
            FileKind::Customers => Rows::Customers(CustomerRows::new(
                &roles,
                &headers,
                attributes,
                mark(roles.get(Role::Age)),
                options.date_order,
                delimiter,
                excel_serials,
            )),
            FileKind::Campaigns => Rows::Campaigns(CampaignRows::new(
                &roles,
                &headers,
                mark(roles.get(Role::Cost)),
                options.file_name.as_deref(),
                options.date_order,
                delimiter,
                excel_serials,
            )),
        };
        Ok(Plan {
            headers,
            columns,
            roles,
            mapping,
            rows,
            header_seen: false,
            preamble_pending: preamble.is_some(),
            preamble_lines,
            unterminated_quote: None,
        })
    }

    /// Takes one record: the first non-blank one is the header, the others are rows.
    fn push(&mut self, record: &Record<'_>) {
        if record.unterminated_quote && self.unterminated_quote.is_none() {
            self.unterminated_quote = Some((record.line, record.lines));
        }
        if !self.header_seen {
            if self.preamble_pending && !record.is_blank() {
                self.preamble_pending = false;
                return;
            }
            self.header_seen = !record.is_blank();
            return;
        }
        match &mut self.rows {
            Rows::Orders(builder) => builder.push(record),
            Rows::Customers(rows) => rows.push(record),
            Rows::Campaigns(rows) => rows.push(record),
        }
    }

    /// The built table or file and its report. `blank_lines` are the lines no record covered.
    fn finish(mut self, source: Source, blank_lines: u64) -> Result<LoadedFile, Error> {
        if self.rows.rows_read() == 0 {
            return Err(Error::new(ErrorKind::NoRows { headers: self.headers }));
        }
        let kind = match &self.rows {
            Rows::Orders(_) => FileKind::Orders,
            Rows::Customers(_) => FileKind::Customers,
            Rows::Campaigns(_) => FileKind::Campaigns,
        };
        let summary = FileSummary {
            format: source.format.into(),
            sheet: source.sheet,
            encoding: source.encoding.to_ascii_lowercase(),
            delimiter: source.delimiter,
            rows_read: 0,
            blank_lines,
            columns: self.columns,
            roles: self.roles.columns(kind, &self.headers),
            skipped: Vec::new(),
            warnings: self
                .unterminated_quote
                .map(|(line, lines)| Warning::new(WarningKind::UnterminatedQuote { line, lines }, vec![line]))
                .into_iter()
                .collect(),
        };
        let builder = match self.rows {
            Rows::Orders(builder) => builder,
            Rows::Customers(rows) => return Ok(LoadedFile::Customers(rows.finish(summary))),
            Rows::Campaigns(rows) => return Ok(LoadedFile::Campaigns(rows.finish(summary)?)),
        };
        let name = |index: Option<usize>| index.map(|i| self.headers[i].clone());
        let roles = RoleNames {
            customer: name(self.roles.customer),
            date: name(self.roles.date),
            amount: name(self.roles.amount),
            quantity: name(self.roles.quantity),
            unit_price: name(self.roles.unit_price),
            order: name(self.roles.order),
            product: name(self.roles.get(Role::Product)),
            category: name(self.roles.get(Role::Category)),
            status: name(self.roles.get(Role::Status)),
        };
        let role_confidence = RoleConfidence(
            FileKind::Orders.roles().iter().map(|spec| (spec.role, self.mapping.confidence_of(spec.role))).collect(),
        );
        let source = self.mapping.platform.map(|found| SourcePlatform {
            platform: found.platform.id.to_string(),
            name: found.platform.name.to_string(),
            confidence: found.confidence,
        });
        // Amount and date columns taken on weak evidence: said, so the page opens the mapping check.
        let low_confidence: Vec<Warning> = [Role::Date, Role::Amount]
            .into_iter()
            .filter_map(|role| {
                let confidence = self.mapping.confidence_of(role).filter(|&c| c < roles::CONFIDENT)?;
                let column = self.headers[self.roles.get(role)?].clone();
                let kind = WarningKind::LowConfidenceMapping { role: role.name().to_string(), column, confidence };
                Some(Warning::new(kind, Vec::new()))
            })
            .collect();
        let BuiltTable { mut table, date_order, mut warnings, rows_read, blank_record_lines, skipped, currency } =
            builder.finish()?;
        let dimension_of = |header: &Option<String>| {
            header.as_ref().and_then(|header| table.dimensions.iter().position(|d| &d.name == header))
        };
        (table.product, table.category) = (dimension_of(&roles.product), dimension_of(&roles.category));
        // platforms (issue 12): no row used, and one role's column is why: say which, so another can be chosen.
        if table.is_empty() {
            if let Some(group) = skipped.groups.iter().max_by_key(|g| g.count) {
                let role = match group.reason {
                    SkipReason::MissingCustomer => Some(Role::Customer),
                    SkipReason::MissingDate | SkipReason::BadDate => Some(Role::Date),
                    SkipReason::MissingAmount | SkipReason::BadAmount => {
                        Some(if self.roles.amount.is_some() { Role::Amount } else { Role::UnitPrice })
                    }
                    SkipReason::NotSold => Some(Role::Status),
                    _ => None,
                };
                if let Some((role, index)) = role.and_then(|role| Some((role, self.roles.get(role)?))) {
                    return Err(Error::new(ErrorKind::UnusableColumn {
                        role: role.name().to_string(),
                        column: self.headers[index].clone(),
                        reason: group.reason.code().to_string(),
                        rows: group.count,
                        headers: self.headers.clone(),
                    }));
                }
            }
        }
        warnings.splice(0..0, summary.warnings.into_iter().chain(low_confidence));
        let (min_date, max_date) = table.date_range().unzip();
        let report = LoadReport {
            format: summary.format,
            sheet: summary.sheet,
            rows_read,
            rows_used: table.len() as u64,
            blank_lines: blank_lines + blank_record_lines,
            // platforms2 (issue 12)
            preamble_lines: self.preamble_lines,
            encoding: summary.encoding,
            delimiter: summary.delimiter,
            date_order,
            columns: summary.columns,
            roles,
            role_confidence,
            source,
            skipped: skipped.sorted(),
            warnings,
            min_date,
            max_date,
            // Markets defaults (issue 17, point 5).
            dimensions: describe_dimensions(&table),
            suggested_period: min_date.zip(max_date).and_then(|(first, last)| suggested_period(first, last.plus(1))),
            // Currency detection (issue 17, point 9).
            currency,
        };
        Ok(LoadedFile::Orders(Loaded { table, report }))
    }
}

/// Where the rows came from, for the report.
struct Source {
    format: &'static str,
    sheet: Option<String>,
    encoding: String,
    delimiter: String,
}

/// The decoding and row-building state of a text file once its settings are known.
struct Pipeline {
    encoding: text::TextEncoding,
    decoder: text::TextDecoder,
    splitter: RecordSplitter,
    plan: Plan,
    /// parallel parsing (issue 20): set in a range reader, whose decoded windows are watched for U+FFFD written
    /// in the file (see `TableBuilder::shadow_check`).
    watch_replacement: bool,
}

impl Pipeline {
    /// A pipeline decoding with `decoder` (the encoding's) and building rows by `plan`.
    fn new(encoding: text::TextEncoding, decoder: text::TextDecoder, plan: Plan) -> Pipeline {
        let splitter = RecordSplitter::new(plan.rows.delimiter());
        Pipeline { encoding, decoder, splitter, plan, watch_replacement: false }
    }

    /// Decodes `bytes` in windows of [`DECODE_WINDOW`] bytes (a small buffer that stays in cache, whatever the
    /// chunk size) and turns the completed records into rows; `last` flushes the decoder and the last record.
    /// Fails only in the UTF-8-only build, on bytes that are not UTF-8 (`needs_full_module`).
    fn feed(&mut self, bytes: &[u8], last: bool) -> Result<(), Error> {
        for window in bytes.chunks(DECODE_WINDOW) {
            self.decode_and_split(window, false)?;
        }
        if last {
            self.decode_and_split(&[], true)?;
            let plan = &mut self.plan;
            let _ = self.splitter.feed(&[], |record| {
                plan.push(&record);
                Ok::<(), ()>(())
            });
        }
        Ok(())
    }

    fn decode_and_split(&mut self, window: &[u8], last: bool) -> Result<(), Error> {
        let Pipeline { decoder, splitter, plan, watch_replacement, .. } = self;
        decoder.decode(window, last, |utf8, had_errors| {
            // Rows are checked for U+FFFD from the first text that replaced undecodable bytes.
            plan.rows.note_undecodable(had_errors);
            // parallel parsing (issue 20): a range reader also watches for U+FFFD written in the file itself.
            if *watch_replacement && !had_errors {
                if let Rows::Orders(builder) = &mut plan.rows {
                    if !builder.shadow_check && !builder.check_undecodable {
                        builder.shadow_check = memchr::memmem::find(utf8, "\u{fffd}".as_bytes()).is_some();
                    }
                }
            }
            // Nothing decoded (a window holding only the start of a character) is not the end of the input, which
            // is what an empty feed means to the splitter: it would end the record there.
            if !utf8.is_empty() {
                let _ = splitter.feed(utf8, |record| {
                    plan.push(&record);
                    Ok::<(), ()>(())
                });
            }
        })
    }

    fn finish(mut self: Box<Self>) -> Result<LoadedFile, Error> {
        self.feed(&[], true)?;
        let source = Source {
            format: "csv",
            sheet: None,
            encoding: text::encoding_name(self.encoding).to_string(),
            delimiter: (self.plan.rows.delimiter() as char).to_string(),
        };
        let blank_lines = self.splitter.total_lines() - self.splitter.lines_in_records();
        self.plan.finish(source, blank_lines)
    }
}

/// Reads a whole `.xlsx` workbook through the same profile, plan and row builder as text.
#[cfg(feature = "xlsx")]
fn load_workbook(kind: FileKind, bytes: &[u8], options: &LoadOptions) -> Result<LoadedFile, Error> {
    let (sheet, rows) = xlsx::read_sheet(bytes, options.sheet.as_deref())?;
    let source = Source { format: "xlsx", sheet: Some(sheet), encoding: "utf-8".into(), delimiter: String::new() };
    load_rows(kind, &rows, options, source, true)
}

// platforms2 (issue 12)
/// Reads Salesforce Commerce Cloud's XML order export: one row per product line, through the same profile, plan and
/// row builder as text.
#[cfg(feature = "xlsx")]
fn load_order_xml(kind: FileKind, bytes: &[u8], options: &LoadOptions) -> Result<LoadedFile, Error> {
    let rows = order_xml::read_orders(bytes)?;
    let source = Source { format: "xml", sheet: None, encoding: "utf-8".into(), delimiter: String::new() };
    load_rows(kind, &rows, options, source, false)
}

/// Reads rows of cells (a sheet's, an XML export's): the first holding cells is the header. A `sheet`'s numbers
/// may be Excel serial days, and its skipped row numbers are blank rows (an XML export's rows are numbered by
/// the line their element starts on).
#[cfg(feature = "xlsx")]
fn load_rows(
    kind: FileKind,
    rows: &[xlsx::SheetRow],
    options: &LoadOptions,
    source: Source,
    sheet: bool,
) -> Result<LoadedFile, Error> {
    let records: Vec<records::OwnedRecord> =
        rows.iter().map(|row| records::OwnedRecord::new(row.number, &row.cells)).collect();
    let mut profiler = Profiler::default();
    for record in records.iter().take(PROFILE_ROWS + 1) {
        profiler.push(&record.as_record());
    }
    if profiler.headers.is_none() {
        return Err(Error::new(ErrorKind::EmptyFile));
    }
    let mut plan = Plan::new(kind, profiler, options, b',', sheet)?;
    for record in &records {
        plan.push(&record.as_record());
    }
    // The sheet's empty rows between its first and last row holding cells (not stored): blank lines, as in text.
    let empty_rows = rows.windows(2).map(|pair| pair[1].number.saturating_sub(pair[0].number + 1)).sum();
    plan.finish(source, if sheet { empty_rows } else { 0 })
}
