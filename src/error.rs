//! The one error type: something that stopped a whole operation, with a stable code, a plain-English message,
//! the place in the input when there is one, and structured details the page can show or translate.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::fmt;

/// Where in the input something happened: 1-based physical line (as a user sees it in an editor; the header is
/// line 1), 0-based record index, and byte offset in the decoded text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// 0-based record index (the header is record 0).
    pub record: u64,
    /// Byte offset of the record start in the decoded UTF-8 text.
    pub byte: u64,
}

/// What went wrong. Each variant has a stable snake_case [`code`](ErrorKind::code); its fields are the details.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged, rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input has no bytes (or only a byte-order mark / whitespace).
    EmptyFile,
    /// The file has a header but no data rows.
    NoRows {
        /// The headers that were read.
        headers: Vec<String>,
    },
    /// The bytes are not text in any supported encoding (a binary file, a PDF, an image…).
    NotText {
        /// What the first bytes look like, e.g. "PDF document" or "binary data (NUL bytes)".
        looks_like: String,
    },
    /// Required roles could not be mapped to any column.
    MissingRole {
        /// The roles that could not be filled, e.g. `["date"]`.
        roles: Vec<String>,
        /// Every header the file has, so the user can pick one.
        headers: Vec<String>,
    },
    /// A role override names a column the file does not have.
    UnknownColumn {
        /// The option that named it, e.g. `roles.customer`.
        option: String,
        /// The name given.
        column: String,
        /// The columns the file has.
        columns: Vec<String>,
    },
    /// An option is out of range or malformed; raised before any work is done.
    InvalidOption {
        /// The option's name as the caller wrote it, e.g. `bins`.
        option: String,
        /// Why it is invalid, in plain English.
        reason: String,
    },
    /// The input is larger than this build accepts.
    TooLarge {
        /// How many bytes were offered (or declared).
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
        /// What was measured: `input` or `uncompressed workbook`.
        what: String,
    },
    /// No customer could be scored (every row was skipped, dated after the analysis date, or a return).
    NoCustomers {
        /// Rows that were readable.
        rows_used: u64,
    },
    /// The operation was used out of order (for example `push` after `finish`).
    InvalidState {
        /// What was attempted.
        action: String,
    },
    /// Too few customers in the CLV population to fit a model (analytics.md §11.7).
    ClvTooFewCustomers {
        /// Customers with an occasion before the analysis date.
        found: u64,
        /// The `minCustomers` option.
        needed: u64,
    },
    /// Too few repeat customers to fit a model (§11.7).
    ClvTooFewRepeatCustomers {
        /// `bgnbd` (customers with x ≥ 1) or `gammaGamma` (x ≥ 1 and a positive mean repeat value).
        model: String,
        /// How many there are.
        found: u64,
        /// The `minRepeatCustomers` option.
        needed: u64,
    },
    /// A fit ended where the model does not apply (Gamma-Gamma with q ≤ 1, or a non-finite likelihood).
    ClvDegenerateFit {
        /// `bgnbd` or `gammaGamma`.
        model: String,
        /// The parameter at fault (`q`), or `logLikelihood`.
        parameter: String,
        /// Its value.
        value: f64,
    },
    /// A fit reached its evaluation limit, or failed the gradient check, away from any ridge.
    ClvNotConverged {
        /// `bgnbd` or `gammaGamma`.
        model: String,
        /// Likelihood evaluations used.
        evaluations: u64,
        /// max |∂(LL/n)/∂ ln θ| where it stopped.
        gradient: f64,
    },
    /// A prediction's series did not settle (more than 2,000,000 terms) at these parameters.
    ClvNumeric {
        /// What was being computed, e.g. `expectedPurchases`.
        quantity: String,
        /// Terms summed before giving up.
        terms: u64,
    },
}

impl ErrorKind {
    /// The stable machine-readable code, used by the page to pick a translated message.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::EmptyFile => "empty_file",
            ErrorKind::NoRows { .. } => "no_rows",
            ErrorKind::NotText { .. } => "not_text",
            ErrorKind::MissingRole { .. } => "missing_role",
            ErrorKind::UnknownColumn { .. } => "unknown_column",
            ErrorKind::InvalidOption { .. } => "invalid_option",
            ErrorKind::TooLarge { .. } => "too_large",
            ErrorKind::NoCustomers { .. } => "no_customers",
            ErrorKind::InvalidState { .. } => "invalid_state",
            ErrorKind::ClvTooFewCustomers { .. } => "clv_too_few_customers",
            ErrorKind::ClvTooFewRepeatCustomers { .. } => "clv_too_few_repeat_customers",
            ErrorKind::ClvDegenerateFit { .. } => "clv_degenerate_fit",
            ErrorKind::ClvNotConverged { .. } => "clv_not_converged",
            ErrorKind::ClvNumeric { .. } => "clv_numeric",
        }
    }
}

/// An error with its kind and, when it concerns one place of the input, that position.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    kind: Box<ErrorKind>,
    position: Option<Position>,
}

impl Error {
    /// An error of this kind with no position.
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind: Box::new(kind), position: None }
    }

    /// Shorthand for an [`ErrorKind::InvalidOption`].
    pub fn invalid_option(option: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidOption { option: option.into(), reason: reason.into() })
    }

    /// The same error, located at `position`.
    pub fn at(mut self, position: Position) -> Error {
        self.position = Some(position);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The stable code of [`kind`](Error::kind).
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Where in the input, when the error concerns one place.
    pub fn position(&self) -> Option<Position> {
        self.position
    }
}

fn join(items: &[String]) -> String {
    items.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = self.position {
            write!(f, "line {}: ", p.line)?;
        }
        match &*self.kind {
            ErrorKind::EmptyFile => write!(f, "the file is empty: choose a file with a header line and order rows"),
            ErrorKind::NoRows { headers } => write!(
                f,
                "the file has a header ({}) but no data rows: export the orders again, with their rows",
                join(headers)
            ),
            ErrorKind::NotText { looks_like } => write!(
                f,
                "this is not a CSV or text export (it looks like {looks_like}): export the data as CSV or .xlsx"
            ),
            ErrorKind::MissingRole { roles, headers } => write!(
                f,
                "no column could be used as {}; the file's columns are {}: name the column in the options \
                 (roles) or rename its header",
                roles.join(" or "),
                join(headers)
            ),
            ErrorKind::UnknownColumn { option, column, columns } => write!(
                f,
                "{option} names the column \"{column}\", which the file does not have; its columns are {}",
                join(columns)
            ),
            ErrorKind::InvalidOption { option, reason } => write!(f, "option {option}: {reason}"),
            ErrorKind::TooLarge { bytes, limit, what } => write!(
                f,
                "the {what} ({bytes} bytes) is larger than the limit of {limit} bytes: split the export by date range"
            ),
            ErrorKind::NoCustomers { rows_used } => write!(
                f,
                "no customer has an order before the analysis date ({rows_used} readable rows): check the \
                 analysis date and the amount column"
            ),
            ErrorKind::InvalidState { action } => write!(f, "{action} is not possible now"),
            ErrorKind::ClvTooFewCustomers { found, needed } => write!(
                f,
                "lifetime value needs at least {needed} customers with a purchase before the analysis date, and \
                 there are {found}: use a longer export, or lower minCustomers (10 at least)"
            ),
            ErrorKind::ClvTooFewRepeatCustomers { model, found, needed } => write!(
                f,
                "the {model} model needs at least {needed} customers who bought again{}, and there are {found}: \
                 use a longer export, or lower minRepeatCustomers (10 at least)",
                if model == "gammaGamma" { " with a positive amount" } else { "" }
            ),
            ErrorKind::ClvDegenerateFit { model, parameter, value } => write!(
                f,
                "the {model} fit ended where the model does not apply ({parameter} = {value}): the data do not \
                 support it; give the parameters yourself (params) or use more customers"
            ),
            ErrorKind::ClvNotConverged { model, evaluations, gradient } => write!(
                f,
                "the {model} fit did not settle after {evaluations} likelihood evaluations (slope {gradient:e}): \
                 give the parameters yourself (params) or use more customers"
            ),
            ErrorKind::ClvNumeric { quantity, terms } => write!(
                f,
                "{quantity} could not be computed at these parameters (a series did not settle in {terms} terms): \
                 choose a shorter horizon or other parameters"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Serializes as `{ code, message, position, details }`, the shape the JavaScript API throws.
impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 4)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("position", &self.position)?;
        s.serialize_field("details", &*self.kind)?;
        s.end()
    }
}

/// A row the report points at: its 1-based physical line and a short text of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineExample {
    /// 1-based physical line where the row starts.
    pub line: u64,
    /// The row's text (cut at 200 characters), or a description rebuilt from its values.
    pub text: String,
}

/// Something worth knowing that did not stop the operation, with the lines it concerns (the first ones).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable code, e.g. `ambiguous_date_order`.
    pub code: String,
    /// Plain-English explanation.
    pub message: String,
    /// The first lines concerned (at most [`MAX_EXAMPLES`] × 4), empty when it concerns the whole file.
    pub lines: Vec<u64>,
}

/// How many example rows a report keeps per reason.
pub const MAX_EXAMPLES: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_the_place_and_the_fix() {
        let e = Error::new(ErrorKind::MissingRole {
            roles: vec!["date".into()],
            headers: vec!["id".into(), "total".into()],
        })
        .at(Position { line: 1, record: 0, byte: 0 });
        assert_eq!(e.code(), "missing_role");
        let text = e.to_string();
        assert!(text.starts_with("line 1: no column could be used as date"), "{text}");
        assert!(text.contains("\"id\", \"total\""), "{text}");
    }
}
