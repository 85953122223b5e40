//! Properties over random inputs: fields written as CSV read back equal, any chunking gives the same dataset,
//! scores stay in 1..=B and equal values share a score.

use clientele::analysis::rfm::score::{rank_scores, Better};
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions, Loader};
use clientele::money::Money;
use proptest::prelude::*;

/// A customer id as exports have them: no surrounding spaces, not an Excel `="…"` guard, possibly with commas,
/// quotes, line breaks and CJK.
fn customer_id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9张李王,\"\\n;| ]{0,8}[A-Za-z0-9张李王]".prop_map(|s| s.trim_start().to_string())
}

fn row() -> impl Strategy<Value = (String, Day, i64, String)> {
    (customer_id(), 18_000i32..21_000, -10_000_000i64..10_000_000_000, "[a-z ,\"]{0,6}")
        .prop_map(|(id, day, units, note)| (id, Day(day), units, note))
}

fn write_csv(rows: &[(String, Day, i64, String)], delimiter: u8) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    writer.write_record(["customer_id", "order_date", "amount", "note"]).unwrap();
    for (id, day, units, note) in rows {
        writer.write_record([id.as_str(), &day.to_string(), &Money(*units).to_string(), note.as_str()]).unwrap();
    }
    writer.into_inner().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn fields_written_as_csv_read_back_equal(
        rows in prop::collection::vec(row(), 1..40),
        delimiter in prop::sample::select(vec![b',', b';', b'\t', b'|']),
    ) {
        let bytes = write_csv(&rows, delimiter);
        let loaded = load(&bytes, &LoadOptions { delimiter: Some(delimiter), ..Default::default() }).unwrap();
        let t = &loaded.table;
        prop_assert_eq!(t.len(), rows.len());
        for (i, (id, day, units, note)) in rows.iter().enumerate() {
            prop_assert_eq!(t.customer.text(i), Some(id.as_str()));
            prop_assert_eq!(t.day[i], *day);
            prop_assert_eq!(t.amount[i], Money(*units));
            let kept = t.dimension("note").map(|d| d.values.text(i).unwrap_or("").to_string());
            prop_assert!(kept.is_none() || kept.as_deref() == Some(note.trim()));
        }
    }

    #[test]
    fn any_chunking_gives_the_same_dataset(
        rows in prop::collection::vec(row(), 1..30),
        cuts in prop::collection::vec(0usize..4000, 0..12),
    ) {
        let bytes = write_csv(&rows, b',');
        let whole = load(&bytes, &LoadOptions::default()).unwrap();
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (bytes.len() + 1)).collect();
        cuts.sort_unstable();
        let mut loader = Loader::new(LoadOptions::default()).unwrap();
        let mut start = 0;
        for cut in cuts.into_iter().chain([bytes.len()]) {
            loader.push(&bytes[start..cut]).unwrap();
            start = cut;
        }
        let streamed = loader.finish().unwrap();
        prop_assert_eq!(streamed.table, whole.table);
        prop_assert_eq!(streamed.report, whole.report);
    }

    #[test]
    fn scores_are_in_range_monotone_and_shared_by_ties(
        values in prop::collection::vec(0i64..20, 1..60),
        bins in 2u8..=10,
    ) {
        let scores = rank_scores(&values, Better::Higher, bins);
        for i in 0..values.len() {
            prop_assert!((1..=bins).contains(&scores[i]));
            for j in 0..values.len() {
                if values[i] == values[j] { prop_assert_eq!(scores[i], scores[j]); }
                if values[i] < values[j] { prop_assert!(scores[i] <= scores[j]); }
            }
        }
    }
}
