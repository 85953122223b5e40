//! `cargo fuzz run xlsx`: see fuzz/entries.rs (fuzz/run.sh runs it).
#![no_main]

#[allow(dead_code)] // each target uses one of the shared entry points
#[path = "../entries.rs"]
mod entries;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entries::xlsx(data));
