//! Native integration tests: files through the public API, checked against numbers computed independently here.
#![cfg(not(target_arch = "wasm32"))]

mod export;
mod ingest;
mod rfm;
mod sample;
mod xlsx;
