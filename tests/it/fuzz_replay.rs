//! The fuzz corpus replayed (issue 18): every committed input of fuzz/corpus/<target>/ and fuzz/regressions/<target>/
//! through the same entry points the cargo-fuzz targets call (fuzz/entries.rs), so what the fuzzer once reached
//! stays without a panic in the test command. fuzz/run.sh runs the fuzzer itself.

#[allow(dead_code)]
#[path = "../../fuzz/entries.rs"]
mod entries;

use std::path::Path;

/// Every input of `target`, seeds and regressions, by file name.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut found = Vec::new();
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            found.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    found.sort();
    found
}

fn replay(target: &str, entry: fn(&[u8])) {
    let inputs = inputs(target);
    assert!(!inputs.is_empty(), "fuzz/corpus/{target} is empty: run fuzz/make_corpus.py");
    for (name, data) in inputs {
        if let Err(panic) = std::panic::catch_unwind(|| entry(&data)) {
            panic!("fuzz input {name} panics: {panic:?}");
        }
    }
}

#[test]
fn fuzz_corpus_of_the_loader_replays() {
    replay("loader", entries::loader);
}

#[test]
fn fuzz_corpus_of_the_xlsx_reader_replays() {
    replay("xlsx", entries::xlsx);
}

#[test]
fn fuzz_corpus_of_the_options_replays() {
    replay("options", entries::options);
}

#[test]
fn fuzz_corpus_of_the_parsers_replays() {
    replay("parsers", entries::parsers);
}

/// The structure-aware harness reaches the sheet: the seed made from tests/fixtures/orders.xlsx's parts, written
/// back into a zip by `xlsx_zip`, loads as the fixture does.
#[test]
fn fuzz_xlsx_harness_rebuilds_a_workbook_that_loads() {
    let seed = inputs("xlsx").into_iter().next().expect("an xlsx seed").1;
    let zip = entries::xlsx_zip(&seed);
    let fixture = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/orders.xlsx")).unwrap();
    let options = clientele::ingest::LoadOptions::default();
    let rebuilt = clientele::ingest::load(&zip, &options).unwrap();
    let original = clientele::ingest::load(&fixture, &options).unwrap();
    assert_eq!(rebuilt.report.rows_used, original.report.rows_used);
    assert!(rebuilt.report.rows_used > 0);
}
