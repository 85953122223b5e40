//! Native integration tests: files through the public API, checked against numbers computed independently here.
#![cfg(not(target_arch = "wasm32"))]

mod affinity;
mod campaigns;
mod cli;
mod clv;
mod clv_workspace;
mod cohorts;
mod common;
mod compare;
mod export;
mod fixtures;
mod frame;
mod fuzz_replay;
mod growth;
mod hostile;
mod ingest;
mod join;
mod migration;
mod parallel;
mod platforms;
mod products_roles;
mod profile;
mod properties;
mod rfm;
mod sample;
mod trend;
mod xlsx;
