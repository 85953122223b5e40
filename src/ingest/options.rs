//! What the caller may say about a file before it is read; every field defaults to "detect it".

use crate::date::DateOrder;
use crate::error::Error;

/// The largest input accepted by default: 2 GiB of text. The table built from it stays within wasm32's 4 GiB.
pub const DEFAULT_MAX_BYTES: u64 = 2 << 30;

/// A role the caller fixed: a column named by its header, or "the file has no such column".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleChoice {
    /// Use the column with this header.
    Column(String),
    /// The file has no column for this role; do not auto-map one.
    Absent,
}

/// Role overrides; `None` means "map automatically".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleOverrides {
    /// The customer id column.
    pub customer: Option<RoleChoice>,
    /// The order date column.
    pub date: Option<RoleChoice>,
    /// The line amount column.
    pub amount: Option<RoleChoice>,
    /// The quantity column.
    pub quantity: Option<RoleChoice>,
    /// The unit price column.
    pub unit_price: Option<RoleChoice>,
    /// The order id column.
    pub order: Option<RoleChoice>,
}

/// Options for reading one export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// The file's name, used to tell `.xlsx` from text and in messages.
    pub file_name: Option<String>,
    /// A WHATWG encoding label (`"gbk"`, `"utf-16le"`…) overriding detection.
    pub encoding: Option<String>,
    /// The field delimiter overriding detection.
    pub delimiter: Option<u8>,
    /// The spreadsheet sheet to read; default the first.
    pub sheet: Option<String>,
    /// Day/month order of ambiguous dates overriding the per-column decision.
    pub date_order: Option<DateOrder>,
    /// Role overrides.
    pub roles: RoleOverrides,
    /// Inputs above this many bytes are refused with `too_large`.
    pub max_bytes: u64,
    /// The size of the whole input when known in advance (a `File`'s size): columns are then allocated once for
    /// the expected rows instead of doubling as they grow, which keeps peak memory near the table's size. Over
    /// `max_bytes`, the loader refuses the input before reading it.
    pub total_bytes: Option<u64>,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            file_name: None,
            encoding: None,
            delimiter: None,
            sheet: None,
            date_order: None,
            roles: RoleOverrides::default(),
            max_bytes: DEFAULT_MAX_BYTES,
            total_bytes: None,
        }
    }
}

impl LoadOptions {
    /// Checks the options before any byte is read, naming the option at fault.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(label) = &self.encoding {
            if encoding_rs::Encoding::for_label(label.as_bytes()).is_none() {
                return Err(Error::invalid_option(
                    "encoding",
                    format!("\"{label}\" is not an encoding name; use e.g. \"utf-8\", \"gbk\", \"big5\", \"utf-16le\""),
                ));
            }
        }
        if let Some(d) = self.delimiter {
            if matches!(d, b'"' | b'\r' | b'\n') || !d.is_ascii() {
                return Err(Error::invalid_option("delimiter", "use one of , ; | or a tab"));
            }
        }
        if self.max_bytes == 0 {
            return Err(Error::invalid_option("maxBytes", "must be a positive number of bytes"));
        }
        Ok(())
    }
}
