//! The fuzzing entry points (issue 18), shared by the `cargo fuzz` targets (fuzz/fuzz_targets/) and the replay
//! of the committed corpus in the test command (tests/it/fuzz_replay.rs). Each takes arbitrary bytes and must
//! return without panicking, in time linear in the input; what it checks beyond that is asserted here.

use clientele::analysis::rfm::segments::{Axes, CellBox, GridMap, Label, Rule};
use clientele::analysis::rfm::{rfm, RfmOptions, ScoringMethod, SegmentMapChoice};
use clientele::date::{parse_date, Day};
use clientele::ingest::{FileKind, LoadOptions, LoadedFile, Loader};
use clientele::money::{parse_decimal, parse_money, DecimalMark};

/// Separates the parts of an `.xlsx` input: workbook, its relationships, the sheet, the shared strings.
pub const PART_SEPARATOR: &[u8] = b"\n--part--\n";

/// A small deterministic generator (xorshift) for chunk sizes and choices taken from the input's first bytes.
struct Choices(u64);

impl Choices {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below.max(1)
    }
}

/// `Loader::push` with chunks split anywhere (sizes from the first 8 bytes), then `finish_file`; an orders file
/// that loads is analysed with the default options, whose scores must lie in 1..=bins.
pub fn loader(data: &[u8]) {
    let (seed, file) = data.split_at(data.len().min(8));
    let mut seed_bytes = [0u8; 8];
    seed_bytes[..seed.len()].copy_from_slice(seed);
    let mut choices = Choices(u64::from_le_bytes(seed_bytes) | 1);
    let kind = FileKind::ALL[choices.next(FileKind::ALL.len() as u64) as usize];
    let options = LoadOptions { total_bytes: Some(file.len() as u64), ..LoadOptions::default() };
    let Ok(mut loader) = Loader::for_kind(kind, options) else { return };
    let mut rest = file;
    while !rest.is_empty() {
        let largest = if choices.next(4) == 0 { 4 } else { 4096 };
        let size = 1 + choices.next(largest) as usize;
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        if loader.push(chunk).is_err() {
            return;
        }
        rest = tail;
    }
    if let Ok(LoadedFile::Orders(loaded)) = loader.finish_file() {
        assert!(loaded.report.rows_used <= loaded.report.rows_read);
        if let Ok(result) = rfm(&loaded.table, &RfmOptions::default()) {
            assert!(result.customers.r.iter().all(|&r| (1..=5).contains(&r)));
        }
    }
}

/// The bytes of a stored (uncompressed) zip holding `parts` as (name, bytes), with correct CRCs: the structure
/// the reader expects, so the fuzzer's mutations reach the XML instead of stopping at the zip.
pub fn stored_zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, bytes) in parts {
        let (crc, size, offset) = (crc32(bytes), bytes.len() as u32, out.len() as u32);
        let header = |signature: u32, central: bool, into: &mut Vec<u8>| {
            into.extend_from_slice(&signature.to_le_bytes());
            if central {
                into.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            into.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, method 0, time, date
            for v in [crc, size, size] {
                into.extend_from_slice(&v.to_le_bytes());
            }
            into.extend_from_slice(&(name.len() as u16).to_le_bytes());
            into.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                into.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
                into.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                into.extend_from_slice(&offset.to_le_bytes());
            }
            into.extend_from_slice(name.as_bytes());
        };
        header(0x0403_4b50, false, &mut out);
        out.extend_from_slice(bytes);
        header(0x0201_4b50, true, &mut directory);
    }
    let (directory_offset, directory_size) = (out.len() as u32, directory.len() as u32);
    out.extend_from_slice(&directory);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&directory_size.to_le_bytes());
    out.extend_from_slice(&directory_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// The parts of a workbook an `.xlsx` input holds, in order.
pub const XLSX_PARTS: [&str; 5] = [
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
];

/// `_rels/.rels`: where the workbook is (not fuzzed; the reader needs it to find the parts that are).
const PACKAGE_RELATIONSHIPS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

/// The `.xlsx` reader, structure-aware: the input is the workbook's parts separated by [`PART_SEPARATOR`]
/// (in the order of [`XLSX_PARTS`]), written into a valid zip with the package's fixed relationships, and loaded.
pub fn xlsx(data: &[u8]) {
    if let Ok(loaded) = clientele::ingest::load(&xlsx_zip(data), &LoadOptions::default()) {
        assert!(loaded.report.rows_used <= loaded.report.rows_read);
    }
}

/// The zip [`xlsx`] loads: the parts of `data` (an empty one left out) and the package relationships.
pub fn xlsx_zip(data: &[u8]) -> Vec<u8> {
    let mut parts: Vec<(&str, &[u8])> = vec![("_rels/.rels", PACKAGE_RELATIONSHIPS)];
    let mut rest = data;
    for name in XLSX_PARTS {
        let end = rest.windows(PART_SEPARATOR.len()).position(|w| w == PART_SEPARATOR);
        let (part, tail) = match end {
            Some(at) => (&rest[..at], &rest[at + PART_SEPARATOR.len()..]),
            None => (rest, &rest[rest.len()..]),
        };
        if !part.is_empty() {
            parts.push((name, part)); // an empty part is a missing one
        }
        rest = tail;
    }
    stored_zip(&parts)
}

/// Reads bytes as the options the readers build (`LoadOptions`, `RfmOptions` with tiers, breakpoints and a
/// user's segment map), then runs the core's validation and the analysis on a small table: every option is
/// either refused with a coded `invalid_option` or used, never a panic.
pub fn options(data: &[u8]) {
    let mut input = Input(data.iter().copied());
    let load = LoadOptions {
        encoding: Some(["utf-8", "gbk", "nonsense", "utf-16le", ""][usize::from(input.byte()) % 5].to_string()),
        delimiter: Some(input.byte()).filter(|d| d % 3 != 0),
        max_bytes: u64::from(input.byte()) << (input.byte() % 40),
        // Small declared sizes: a large one only reserves memory (bounded by limits::RESERVED_INPUT_BYTES).
        total_bytes: Some(u64::from(input.byte()) << (input.byte() % 12)).filter(|_| input.byte() % 2 == 0),
        ..LoadOptions::default()
    };
    let csv = "customer_id,order_date,amount\nA,2024-01-02,10\nB,2024-02-03,20.5\nA,2024-03-04,5\nC,2024-03-05,7\n";
    let table = match Loader::new(load) {
        Ok(mut loader) => {
            let _ = loader.push(csv.as_bytes());
            loader.finish().ok().map(|loaded| loaded.table)
        }
        Err(error) => {
            assert!(!error.code().is_empty());
            None
        }
    };
    let table =
        table.unwrap_or_else(|| clientele::ingest::load(csv.as_bytes(), &LoadOptions::default()).unwrap().table);
    let mut options = RfmOptions { bins: input.byte() % 12, ..RfmOptions::default() };
    let count = input.byte() % 14;
    let tiers = (0..count).map(|_| input.float()).collect();
    if input.byte() % 2 == 0 {
        options.tiers = tiers;
    }
    if input.byte() % 3 == 0 {
        let mut list = |n: u8| (0..n % 6).map(|_| input.float()).collect::<Vec<f64>>();
        let (recency, frequency, monetary) = (list(7), list(5), list(4));
        options.method = ScoringMethod::Breakpoints { recency, frequency, monetary };
    }
    if input.byte() % 2 == 0 {
        let scale = input.byte() % 12;
        let rules = (0..input.byte() % 6)
            .map(|i| Rule {
                segment: format!("S{}", i % 3),
                label: None,
                cells: (0..input.byte() % 4)
                    .map(|_| {
                        let mut score = || input.byte() % 12;
                        CellBox { r: [score(), score()], f: [score(), score()], m: [1, score()] }
                    })
                    .collect(),
            })
            .collect();
        let other = Label { en: "Other".into(), zh: "其他".into() };
        let axes = if input.byte() % 2 == 0 { Axes::Rfm } else { Axes::RFm };
        let rescale = input.byte() % 2 == 0;
        options.segment_map =
            SegmentMapChoice::Grid(GridMap { name: "fuzz".into(), axes, scale, rescale, rules, other });
    }
    let day = Day(i32::from(i16::from_le_bytes([input.byte(), input.byte()])) * 8);
    options.analysis_date = Some(day).filter(|_| input.byte() % 4 == 0);
    if let Err(error) = rfm(&table, &options) {
        assert!(!error.code().is_empty());
    }
}

/// The option bytes, read one at a time (zeros past the end).
struct Input<I>(I);

impl<I: Iterator<Item = u8>> Input<I> {
    fn byte(&mut self) -> u8 {
        self.0.next().unwrap_or(0)
    }

    /// Any f64: raw bits (NaN, infinities, subnormals), small fractions or large negatives.
    fn float(&mut self) -> f64 {
        let raw = u64::from_le_bytes(std::array::from_fn(|_| self.byte()));
        match raw % 4 {
            0 => f64::from_bits(raw),
            1 => (raw >> 8) as f64 / 1000.0,
            2 => f64::from(self.byte()) / 100.0,
            _ => -((raw >> 40) as f64),
        }
    }
}

/// The money and date parsers on any text: no panic, and what they accept is consistent (a date parsed as ISO
/// prints back the same; an amount without a comma or a point parses the same whichever mark is assumed).
pub fn parsers(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for mark in [DecimalMark::Point, DecimalMark::Comma] {
        let _ = parse_money(&text, mark);
        let _ = parse_decimal(&text, mark);
    }
    if !text.contains([',', '.']) {
        assert_eq!(parse_decimal(&text, DecimalMark::Point), parse_decimal(&text, DecimalMark::Comma), "{text:?}");
    }
    let _ = parse_date(&text, None);
    for order in [clientele::date::DateOrder::Ymd, clientele::date::DateOrder::Mdy, clientele::date::DateOrder::Dmy] {
        let _ = parse_date(&text, Some(order));
    }
    if let Some(day) = Day::parse_iso(&text) {
        let (y, m, d) = day.ymd();
        assert_eq!(format!("{y:04}-{m:02}-{d:02}"), text.trim(), "{text:?}");
    }
    if data.len() >= 8 {
        let serial = f64::from_le_bytes(data[..8].try_into().unwrap());
        let _ = Day::from_excel_serial(serial, false);
        let _ = Day::from_excel_serial(serial, true);
    }
}
