//! clientele: customer analytics (RFM scores and segments, value tiers, lifecycle stages, market comparison)
//! computed from the order exports marketers already have, entirely on the user's machine.
//!
//! The crate is a pure core — [`ingest`] (bytes → [`table::Table`]) and [`analysis`] (table → results) over the
//! leaves [`money`], [`date`] and [`error`], joined by the [`workspace::Workspace`] that caches what analyses
//! share (the customer frame per analysis date) — plus one binding module compiled only for `wasm32`, the only
//! code that knows it runs in a browser. What every number means is fixed by the analytics contract
//! (`docs`: README → "The contract").
//!
//! ```
//! use clientele::{analysis::rfm::{rfm, RfmOptions}, ingest};
//! let csv = "customer_id,order_date,amount\nC1,2024-03-01,10\nC1,2024-03-04,5\nC2,2024-01-10,99.5\n";
//! let loaded = ingest::load(csv.as_bytes(), &Default::default()).unwrap();
//! let result = rfm(&loaded.table, &RfmOptions::default()).unwrap();
//! assert_eq!(result.analysis_date.to_string(), "2024-03-05");
//! assert_eq!(result.customers_scored, 2);
//! ```
#![deny(missing_docs)]

pub mod analysis;
pub mod catalog;
pub mod date;
pub mod error;
pub mod ingest;
pub mod money;
pub mod table;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, ErrorKind};
