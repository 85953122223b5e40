//! Parallel parsing (issue 20): a file read in byte ranges and merged gives the single reader's table and report,
//! to the byte, on every ingest fixture and on random files with quoted line breaks, CRLF and multi-byte characters
//! at every boundary.

use clientele::error::Error;
use clientele::ingest::parallel::{head_len, load_at, load_in_ranges_by, plan_ranges, read_range, PartsMerger};
use clientele::ingest::{load, LoadOptions, Loaded};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// The fixture files of tests/fixtures, every folder (not the scripts and notes).
fn fixture_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("csv" | "txt" | "xlsx")) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"), &mut out);
    out
}

/// The outcome as something comparable: the table and report, or the error's code and message.
fn outcome(result: Result<Loaded, Error>) -> Result<Loaded, (String, String)> {
    result.map_err(|e| (e.code().to_string(), e.to_string()))
}

fn assert_same(single: &Result<Loaded, (String, String)>, ranges: &Result<Loaded, (String, String)>, what: &str) {
    match (single, ranges) {
        (Ok(single), Ok(ranges)) => {
            assert_eq!(single.report, ranges.report, "{what}: report");
            assert_eq!(single.table, ranges.table, "{what}: table");
        }
        (single, ranges) => assert_eq!(
            single.as_ref().err(),
            ranges.as_ref().err(),
            "{what}: one failed ({})",
            if single.is_ok() { "ranges" } else { "single" }
        ),
    }
}

#[test]
fn every_fixture_gives_the_single_reader_s_table_and_report_in_1_2_3_4_and_8_ranges() {
    let files = fixture_files();
    assert!(files.len() > 40, "the fixtures are found: {}", files.len());
    let mut split = 0;
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let options = LoadOptions { file_name: Some(name.clone()), ..Default::default() };
        let single = outcome(load(&bytes, &options));
        let head = &bytes[..head_len(bytes.len() as u64) as usize];
        split += usize::from(plan_ranges(head, bytes.len() as u64, 2, &options).is_some());
        for count in [1, 2, 3, 4, 8] {
            for chunk in [7, 64 * 1024] {
                let ranges = outcome(load_in_ranges_by(&bytes, &options, count, chunk));
                assert_same(&single, &ranges, &format!("{name}, {count} ranges, chunks of {chunk}"));
            }
        }
    }
    assert!(split > 25, "most fixtures are split ({split})");
}

#[test]
fn every_boundary_of_the_small_fixtures_and_24_of_the_others() {
    for path in fixture_files() {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let options = LoadOptions { file_name: Some(name.clone()), ..Default::default() };
        let len = bytes.len() as u64;
        if plan_ranges(&bytes[..head_len(len) as usize], len, 2, &options).is_none() {
            continue;
        }
        let single = outcome(load(&bytes, &options));
        let step = (len / 24).max(1);
        let cuts: Vec<u64> = if len <= 1000 { (0..=len).collect() } else { (0..=len).step_by(step as usize).collect() };
        for cut in cuts {
            let ranges = outcome(load_at(&bytes, &options, &[0, cut, len], 4096).map(|(loaded, _)| loaded));
            assert_same(&single, &ranges, &format!("{name}, cut at {cut}"));
        }
    }
}

#[test]
fn a_quoted_line_break_across_a_boundary_reads_the_next_range_again() {
    // The boundary falls inside the quoted note of line 3: range 1 starts speculatively after the note's line
    // break, which the merge finds is not where range 0 ended, so range 1 is read again from there.
    let csv = "customer_id,order_date,amount,note\nC1,2024-03-05,10,plain\nC2,2024-03-06,20,\"first part\nC9,2024-01-01,99,looks like a row\nlast part\"\nC3,2024-03-07,30,after\n";
    let bytes = csv.as_bytes();
    let cut = csv.find("first part").unwrap() as u64 + 3;
    let options = LoadOptions::default();
    let (loaded, reread) = load_at(bytes, &options, &[0, cut, bytes.len() as u64], 5).unwrap();
    assert_eq!(reread, 1, "range 1 read again");
    let single = load(bytes, &options).unwrap();
    assert_eq!((&loaded.table, &loaded.report), (&single.table, &single.report));
    assert_eq!(loaded.table.len(), 3, "the quoted lines are one row's note");
    assert_eq!(loaded.table.line, [2, 3, 6]);

    // The merge's check, step by step: range 1 as a worker reads it starts at the fake row.
    let head = &bytes[..head_len(bytes.len() as u64) as usize];
    let mut merger = PartsMerger::new(head, bytes.len() as u64, &options).unwrap();
    let part0 = read_range(bytes, (0, cut), None, 64, &options).unwrap();
    let part1 = read_range(bytes, (cut, bytes.len() as u64), None, 64, &options).unwrap();
    assert_eq!(merger.add(&part0).unwrap(), None);
    let again = merger.add(&part1).unwrap().expect("a boundary inside a quoted field is read again");
    assert_eq!(again.start, csv.find("C3,").unwrap() as u64, "from where range 0 ended: after the quoted field");
    assert_eq!(again.end, bytes.len() as u64);
    let part1 = read_range(bytes, (again.start, again.end), again.seed, 64, &options).unwrap();
    assert_eq!(merger.add(&part1).unwrap(), None);
    let merged = merger.finish().unwrap();
    assert_eq!(merged.report, single.report);
}

#[test]
fn an_order_s_status_given_on_its_first_line_only_crosses_a_boundary() {
    // Line 3 cancels order SO-2; line 4 (same order, blank status) takes it. A boundary between them: range 1
    // cannot know, so the merge reads it again with the status of the row before.
    let csv = "customer_id,order_id,order_date,amount,status\nC1,SO-1,2024-03-05,10,paid\nC2,SO-2,2024-03-06,20,cancelled\nC2,SO-2,2024-03-06,5,\nC3,SO-3,2024-03-07,30,paid\n";
    let bytes = csv.as_bytes();
    let cut = csv.find("C2,SO-2,2024-03-06,5").unwrap() as u64;
    let options = LoadOptions::default();
    let single = load(bytes, &options).unwrap();
    assert_eq!(single.table.len(), 2, "both lines of the cancelled order are left out");
    let (loaded, reread) = load_at(bytes, &options, &[0, cut, bytes.len() as u64], 64).unwrap();
    assert_eq!(reread, 1);
    assert_eq!((&loaded.table, &loaded.report), (&single.table, &single.report));
}

#[test]
fn a_stray_quote_makes_one_range_read_to_the_end_and_the_others_are_dropped() {
    let mut csv = String::from("customer_id,order_date,amount,note\nC1,2024-03-05,10,\"never closed\n");
    for i in 0..50 {
        csv.push_str(&format!("C{i},2024-03-06,{i},x\n"));
    }
    let bytes = csv.as_bytes();
    let options = LoadOptions::default();
    let single = outcome(load(bytes, &options));
    for count in 2..=8 {
        assert_same(&single, &outcome(load_in_ranges_by(bytes, &options, count, 16)), &format!("{count} ranges"));
    }
    let warnings: Vec<&str> = single.as_ref().unwrap().report.warnings.iter().map(|w| w.code()).collect();
    assert!(warnings.contains(&"unterminated_quote"), "{warnings:?}");
}

#[test]
fn whole_file_evidence_is_decided_after_the_merge() {
    // Ambiguous dates first, the evidence (a day above 12) in the last range only; rows contradicting the order,
    // mixed currencies, undecodable bytes and unreadable quantities spread over every range.
    let mut csv = String::from("customer_id,order_date,amount,quantity,currency\n");
    for i in 0..400 {
        let date = if i == 390 { "25/03/2024".to_string() } else { format!("{:02}/{:02}/2024", 1 + i % 12, 1 + i % 9) };
        let quantity = if i % 37 == 0 { "many".to_string() } else { (i % 5).to_string() };
        let currency = if i % 3 == 0 { "EUR" } else { "USD" };
        let amount = if i % 53 == 0 { "oops".to_string() } else { format!("{}.5", i) };
        csv.push_str(&format!("C{},{date},{amount},{quantity},{currency}\n", i % 41));
    }
    csv.push_str("C1,03/25/2024,1,1,EUR\n"); // month first: contradicts the file's day-first order
    let mut bytes = csv.into_bytes();
    let at = bytes.len() / 2;
    let line_start = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes.splice(line_start..line_start, b"C7,01/01/2024,\xff1,1,EUR\n".iter().copied());
    let options = LoadOptions::default();
    let single = load(&bytes, &options).unwrap();
    let codes: Vec<&str> = single.report.warnings.iter().map(|w| w.code()).collect();
    assert!(codes.contains(&"mixed_currencies") && codes.contains(&"unreadable_quantity"), "{codes:?}");
    assert_eq!(single.report.date_order, clientele::date::DateOrder::Dmy);
    assert!(single.report.skipped.iter().any(|g| g.reason.code() == "bad_date"));
    for count in 1..=8 {
        for chunk in [1, 100, 4096] {
            let ranges = load_in_ranges_by(&bytes, &options, count, chunk).unwrap();
            assert_eq!(single.report, ranges.report, "{count} ranges, chunks of {chunk}");
            assert_eq!(single.table, ranges.table, "{count} ranges, chunks of {chunk}");
        }
    }
}

#[test]
fn utf16_text_and_workbooks_stay_on_one_reader() {
    for name in ["utf16le-tab.txt", "utf16be-tab.txt", "orders.xlsx"] {
        let bytes = std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let options = LoadOptions { file_name: Some(name.into()), ..Default::default() };
        assert_eq!(plan_ranges(&bytes, bytes.len() as u64, 4, &options), None, "{name}");
    }
}

#[test]
fn a_cut_or_foreign_partial_is_an_error_not_a_crash() {
    let csv = "customer_id,order_date,amount\nC1,2024-03-05,10\nC2,2024-03-06,20\n";
    let bytes = csv.as_bytes();
    let options = LoadOptions::default();
    let part = read_range(bytes, (0, bytes.len() as u64), None, 64, &options).unwrap();
    for cut in [0, 3, 10, part.len() / 2, part.len() - 1] {
        let mut merger = PartsMerger::new(bytes, bytes.len() as u64, &options).unwrap();
        assert!(merger.add(&part[..cut]).is_err(), "cut at {cut}");
    }
    let merger = PartsMerger::new(bytes, bytes.len() as u64, &options).unwrap();
    assert_eq!(merger.finish().unwrap_err().code(), "invalid_state", "no range merged yet");
}

/// A cell of a random file: plain, or quoted with line breaks (LF or CRLF), delimiters, quotes and CJK.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9é张]{0,5}",
        "[a-z张,\n\"]{0,6}".prop_map(|s| format!("\"{}\"", s.replace('"', "\"\""))),
        "(\r\n|[a-z]){0,4}".prop_map(|s| format!("\"{s}\"")),
    ]
}

fn random_file() -> impl Strategy<Value = Vec<u8>> {
    let row = (0u8..6, 0u8..30, 0u8..40, cell(), prop::bool::ANY, 0u8..8);
    (prop::collection::vec(row, 1..24), prop::bool::ANY).prop_map(|(rows, crlf)| {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("customer,order_date,amount,note{end}");
        for (customer, day, amount, note, blank_line, shape) in rows {
            let customer = ["C1", "C2", "客户3", "", "C4", "C5"][customer as usize];
            let date = if shape == 0 { "soon".to_string() } else { format!("{:02}/03/2024", 1 + day % 28) };
            text.push_str(&format!("{customer},{date},{amount}.5,{note}{end}"));
            if blank_line {
                text.push_str(end);
            }
        }
        text.into_bytes()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Every two-range boundary, and random boundaries of 3 to 8 ranges, of random files whose quoted fields hold
    /// line breaks (LF and CRLF), whose text holds two- and three-byte characters and blank lines.
    #[test]
    fn random_files_give_the_single_reader_s_result_at_every_boundary(
        bytes in random_file(),
        cuts in prop::collection::vec(0u64..10_000, 2..7),
        chunk in 1usize..50,
    ) {
        let options = LoadOptions::default();
        let single = outcome(load(&bytes, &options));
        let len = bytes.len() as u64;
        for cut in 0..=len {
            let ranges = outcome(load_at(&bytes, &options, &[0, cut, len], chunk).map(|(loaded, _)| loaded));
            assert_same(&single, &ranges, &format!("cut at {cut} of {:?}", String::from_utf8_lossy(&bytes)));
        }
        let mut bounds: Vec<u64> = cuts.into_iter().map(|c| c % (len + 1)).collect();
        bounds.push(0);
        bounds.push(len);
        bounds.sort_unstable();
        let ranges = outcome(load_at(&bytes, &options, &bounds, chunk).map(|(loaded, _)| loaded));
        assert_same(&single, &ranges, &format!("bounds {bounds:?}"));
    }
}
#[test]
fn a_chunk_holding_only_the_start_of_a_character_does_not_end_a_record() {
    // Found by the ranges' small chunks: a window whose bytes decode to nothing was fed to the splitter as the end
    // of the input, which ended the record there. The single reader had it too, past its first 128 KiB.
    let mut csv = String::from("customer_id,order_date,amount,note\n");
    while csv.len() < 140_000 {
        csv.push_str("客户1,2024-03-05,1,\"张 \"\"李\"\" 王\"\n");
    }
    let bytes = csv.as_bytes();
    let options = LoadOptions::default();
    let whole = load(bytes, &options).unwrap();
    let mut loader = clientele::ingest::Loader::new(options.clone()).unwrap();
    for byte in bytes.chunks(1) {
        loader.push(byte).unwrap();
    }
    let by_bytes = loader.finish().unwrap();
    assert_eq!((&by_bytes.table, &by_bytes.report), (&whole.table, &whole.report));
    assert_eq!(whole.report.rows_read, whole.table.len() as u64);
}
