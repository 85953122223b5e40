//! The one error type: something that stopped a whole operation, with a stable code, a plain-English message and
//! structured details the page can show or translate; and the warnings, which did not stop it, likewise coded.
//!
//! Every code and its parameter names are listed by `catalog()` ([`crate::catalog`]), so the page can check it has
//! a translation for each.

use crate::date::Day;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::fmt;

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
        /// The kind of file: `orders`, `customers` or `campaigns`.
        kind: String,
        /// The roles that could not be filled, e.g. `["date"]`.
        roles: Vec<String>,
        /// Every header the file has, so the user can pick one.
        headers: Vec<String>,
        // platforms (issue 12): the columns that could be the customer, best first.
        /// The columns that might play the first missing role (the customer), best first; empty when none.
        candidates: Vec<String>,
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
        /// Where the option is, as the caller wrote it: `bins`, `segmentMap.rules[0].cells[1].r`.
        option: String,
        /// The rule the value breaks, with its parameters; serialized flat, as `rule` and the parameters.
        #[serde(flatten)]
        rule: OptionRule,
        /// The rule in plain English ("must be a whole number from 2 to 10"), for callers without a translation.
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
    /// The churn-risk flag by time between purchases (§12.4) found no customer with two purchase dates.
    ChurnNoRepeatPurchases {
        /// Customers with a purchase before the analysis date (all with one purchase date).
        customers: u64,
    },
    /// A prediction's series did not settle (more than 2,000,000 terms) at these parameters.
    ClvNumeric {
        /// What was being computed, e.g. `expectedPurchases`.
        quantity: String,
        /// Terms summed before giving up.
        terms: u64,
    },
    /// The amounts of an orders file are too large to add up exactly: the sum of their absolute values passes
    /// the largest sum money can hold (i64 units of 1/10,000), so the load is refused instead of a total wrapping.
    AmountOverflow {
        /// The largest sum of absolute amounts, in whole currency units (922,337,203,685,477).
        limit: u64,
    },
    // Campaign evaluation (analytics.md §16).
    /// A campaign file has no usable contact: every row was skipped (no customer, no contact date, a group that is
    /// neither treatment nor control) or left out as a customer in both groups (§16.1, §16.8 F4).
    CampaignNoContacts {
        /// Data rows read.
        rows_read: u64,
        /// Rows skipped (the join report's reasons).
        skipped: u64,
        /// Customers left out for being in both groups of a campaign.
        conflicting: u64,
    },
    // products: affinity and the growth matrix (§15, §17)
    /// Product affinity (§15) needs a `product` or `category` column (the one the `level` asks for).
    AffinityNeedsProduct {
        /// The level asked for: `product`, `category`, or `any` (neither given nor mapped).
        level: String,
        /// The file's columns, to choose from in `roles`.
        columns: Vec<String>,
    },
    /// The growth matrix (§17) needs a business column: `business`, else the `product` or `category` role.
    GrowthNeedsBusiness {
        /// The file's columns, to choose from in `business`.
        columns: Vec<String>,
    },
    // platforms (issue 12)
    /// No row of an orders file could be used, and one role's column is why (a date column of names, an amount
    /// column of text): the error names the role, the column and the reason, so the user can pick another.
    UnusableColumn {
        /// The role: `customer`, `date`, `amount` (or `quantity`/`unitPrice` when they stand in), `status`.
        role: String,
        /// The column mapped to it.
        column: String,
        /// The skip reason of the rows (`bad_date`, `missing_customer`…).
        reason: String,
        /// How many rows it left out (all of them).
        rows: u64,
        /// Every header of the file, so the user can pick another.
        headers: Vec<String>,
    },
    // hostile input (issue 18): bounds as data (catalog().limits)
    /// No header row in the first `limit` bytes: the first line has no end that far, or only blank lines come first.
    NoHeader {
        /// `catalog().limits.firstLineBytes`.
        limit: u64,
    },
    /// The header has more columns than `limit` (`catalog().limits.headerColumns`).
    TooManyColumns {
        /// Columns of the header.
        columns: u64,
        /// The limit.
        limit: u64,
    },
    /// The sheet has more cells with a value than `limit` (`catalog().limits.sheetCells`), counted from its cells.
    TooManyCells {
        /// Cells read when the read stopped (one past the limit).
        cells: u64,
        /// The limit.
        limit: u64,
    },
    // platforms2 (issue 12): DATEV's DDMM dates
    /// The date column holds days and months without a year (DATEV's `DDMM` `Belegdatum`), and the file has no
    /// DATEV first line (`EXTF…`) that gives the year: never guessed.
    DateWithoutYear {
        /// The date column.
        column: String,
        /// One of its cells.
        example: String,
    },
    // split (issue 17.13): the page's first-load module reads UTF-8 text only.
    /// This build of the module (the page's small first-load one) cannot read the file: the page reads it again
    /// with the full module. Never raised by the full module (the npm package).
    NeedsFullModule {
        /// What it lacks: `encoding` (a file not in UTF-8), `workbook` (an .xlsx file) or `analysis` (an export
        /// with CLV or next-product columns).
        needs: String,
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
            ErrorKind::ChurnNoRepeatPurchases { .. } => "churn_no_repeat_purchases",
            ErrorKind::AmountOverflow { .. } => "amount_overflow",
            ErrorKind::CampaignNoContacts { .. } => "campaign_no_contacts",
            ErrorKind::AffinityNeedsProduct { .. } => "affinity_needs_product",
            ErrorKind::GrowthNeedsBusiness { .. } => "growth_needs_business",
            ErrorKind::UnusableColumn { .. } => "unusable_column",
            ErrorKind::NoHeader { .. } => "no_header",
            ErrorKind::TooManyColumns { .. } => "too_many_columns",
            ErrorKind::TooManyCells { .. } => "too_many_cells",
            ErrorKind::DateWithoutYear { .. } => "date_without_year",
            ErrorKind::NeedsFullModule { .. } => "needs_full_module",
        }
    }

    /// The names of the details (the keys of the serialized `details`), for message templates. An
    /// `invalid_option`'s details also hold its [`OptionRule`]'s parameters.
    pub fn params(&self) -> &'static [&'static str] {
        match self {
            ErrorKind::EmptyFile => &[],
            ErrorKind::NoRows { .. } => &["headers"],
            ErrorKind::NotText { .. } => &["looksLike"],
            ErrorKind::MissingRole { .. } => &["kind", "roles", "headers", "candidates"],
            ErrorKind::UnknownColumn { .. } => &["option", "column", "columns"],
            ErrorKind::InvalidOption { .. } => &["option", "rule", "reason"],
            ErrorKind::TooLarge { .. } => &["bytes", "limit", "what"],
            ErrorKind::NoCustomers { .. } => &["rowsUsed"],
            ErrorKind::InvalidState { .. } => &["action"],
            ErrorKind::ClvTooFewCustomers { .. } => &["found", "needed"],
            ErrorKind::ClvTooFewRepeatCustomers { .. } => &["model", "found", "needed"],
            ErrorKind::ClvDegenerateFit { .. } => &["model", "parameter", "value"],
            ErrorKind::ClvNotConverged { .. } => &["model", "evaluations", "gradient"],
            ErrorKind::ClvNumeric { .. } => &["quantity", "terms"],
            ErrorKind::ChurnNoRepeatPurchases { .. } => &["customers"],
            ErrorKind::CampaignNoContacts { .. } => &["rowsRead", "skipped", "conflicting"],
            ErrorKind::AffinityNeedsProduct { .. } => &["level", "columns"],
            ErrorKind::GrowthNeedsBusiness { .. } => &["columns"],
            ErrorKind::UnusableColumn { .. } => &["role", "column", "reason", "rows", "headers"],
            ErrorKind::AmountOverflow { .. } | ErrorKind::NoHeader { .. } => &["limit"],
            ErrorKind::TooManyColumns { .. } => &["columns", "limit"],
            ErrorKind::TooManyCells { .. } => &["cells", "limit"],
            ErrorKind::DateWithoutYear { .. } => &["column", "example"],
            ErrorKind::NeedsFullModule { .. } => &["needs"],
        }
    }
}

/// The JavaScript type of an option's value, as an [`OptionRule::Type`] names it (serialized as its
/// [`name`](ValueType::name)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// A string.
    String,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A plain object.
    Object,
    /// An array.
    Array,
    /// `null`.
    Null,
    /// A `Uint8Array` or `ArrayBuffer` (a file's bytes).
    Bytes,
}

impl ValueType {
    /// Every type, in the order the catalog lists them.
    pub const ALL: [ValueType; 7] = [
        ValueType::String,
        ValueType::Number,
        ValueType::Boolean,
        ValueType::Object,
        ValueType::Array,
        ValueType::Null,
        ValueType::Bytes,
    ];

    /// The stable name: `string`, `number`, `boolean`, `object`, `array`, `null`.
    pub fn name(self) -> &'static str {
        match self {
            ValueType::String => "string",
            ValueType::Number => "number",
            ValueType::Boolean => "boolean",
            ValueType::Object => "object",
            ValueType::Array => "array",
            ValueType::Null => "null",
            ValueType::Bytes => "bytes",
        }
    }

    fn english(self) -> &'static str {
        match self {
            ValueType::String => "a string",
            ValueType::Number => "a number",
            ValueType::Boolean => "true or false",
            ValueType::Object => "an object",
            ValueType::Array => "an array",
            ValueType::Null => "null",
            ValueType::Bytes => "a Uint8Array or ArrayBuffer",
        }
    }
}

impl Serialize for ValueType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Which rule an option's value breaks: a short stable code (`rule`) and its parameters, so that the page can say
/// it in any language from the code, the option's path and these.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum OptionRule {
    /// The key is not an option at this place.
    UnknownField {
        /// The options this place has.
        allowed: Vec<String>,
    },
    /// The value is of the wrong type.
    Type {
        /// The types accepted here.
        expected: Vec<ValueType>,
    },
    /// A required option is missing.
    Required,
    /// A whole number from `min` to `max` (no upper bound when `max` is `None`).
    WholeNumberRange {
        /// Smallest value.
        min: i64,
        /// Largest value, if any.
        max: Option<i64>,
    },
    /// Two whole numbers `[low, high]` from `min` to `max`, low first.
    WholeNumberPair {
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
    },
    /// One of these names.
    OneOf {
        /// The names accepted.
        allowed: Vec<String>,
    },
    /// A date written `YYYY-MM-DD`.
    Date,
    /// Exactly one character.
    OneCharacter,
    /// A list of at most `limit` items (a bound of `catalog().limits`).
    MaxItems {
        /// The most items accepted.
        limit: u64,
    },
    /// A condition between options or on the data, stated only in the error's `reason` (checked by the core,
    /// e.g. tier shares that must add up to 1).
    Condition,
}

impl OptionRule {
    /// The code of the rule (`whole_number_range`, …).
    pub fn code(&self) -> &'static str {
        match self {
            OptionRule::UnknownField { .. } => "unknown_field",
            OptionRule::Type { .. } => "type",
            OptionRule::Required => "required",
            OptionRule::WholeNumberRange { .. } => "whole_number_range",
            OptionRule::WholeNumberPair { .. } => "whole_number_pair",
            OptionRule::OneOf { .. } => "one_of",
            OptionRule::Date => "date",
            OptionRule::OneCharacter => "one_character",
            OptionRule::MaxItems { .. } => "max_items",
            OptionRule::Condition => "condition",
        }
    }

    /// The names of the rule's parameters (besides `option`, `rule` and `reason`).
    pub fn params(&self) -> &'static [&'static str] {
        match self {
            OptionRule::UnknownField { .. } | OptionRule::OneOf { .. } => &["allowed"],
            OptionRule::MaxItems { .. } => &["limit"],
            OptionRule::Type { .. } => &["expected"],
            OptionRule::WholeNumberRange { .. } | OptionRule::WholeNumberPair { .. } => &["min", "max"],
            OptionRule::Required | OptionRule::Date | OptionRule::OneCharacter | OptionRule::Condition => &[],
        }
    }

    /// The rule in plain English, to follow the option's path: "must be a whole number from 2 to 10".
    pub fn describe(&self) -> String {
        let quoted = |names: &[String]| names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>();
        match self {
            OptionRule::UnknownField { allowed } => {
                format!("is not an option here; the options are {}", allowed.join(", "))
            }
            OptionRule::Type { expected } => {
                let names: Vec<&str> = expected.iter().map(|t| t.english()).collect();
                format!("must be {}", or_list(&names))
            }
            OptionRule::Required => "is required".into(),
            OptionRule::WholeNumberRange { min, max: Some(max) } => {
                format!("must be a whole number from {min} to {max}")
            }
            OptionRule::WholeNumberRange { min, max: None } => format!("must be a whole number of at least {min}"),
            OptionRule::WholeNumberPair { min, max } => {
                format!("must be two whole numbers from {min} to {max}, the smaller first")
            }
            OptionRule::OneOf { allowed } => format!("must be {}", or_list(&quoted(allowed))),
            OptionRule::Date => "must be a date written YYYY-MM-DD".into(),
            OptionRule::OneCharacter => "must be one character, such as , ; | or a tab".into(),
            OptionRule::MaxItems { limit } => format!("must have at most {limit} items"),
            OptionRule::Condition => "is not valid".into(),
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_string(),
        [init @ .., last] => {
            format!("{} or {}", init.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", "), last.as_ref())
        }
    }
}

/// An error with its kind. (Errors concern a whole operation; rows with a place in the input are reported with
/// their lines in the load report's skipped rows and warnings, so an error has no position.)
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    kind: Box<ErrorKind>,
}

impl Error {
    /// An error of this kind.
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind: Box::new(kind) }
    }

    /// An [`ErrorKind::InvalidOption`] of a condition the core checks, said in `reason` ([`OptionRule::Condition`]).
    pub fn invalid_option(option: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidOption {
            option: option.into(),
            rule: OptionRule::Condition,
            reason: reason.into(),
        })
    }

    /// An [`ErrorKind::InvalidOption`] of an option at `option` (its path) that breaks `rule`.
    pub fn option_rule(option: impl Into<String>, rule: OptionRule) -> Error {
        let reason = rule.describe();
        Error::new(ErrorKind::InvalidOption { option: option.into(), rule, reason })
    }

    /// The same error with an `invalid_option`'s path placed under `parent` (`bins` → `rfm.bins`), for options
    /// read as part of another's.
    pub fn within(mut self, parent: &str) -> Error {
        if let ErrorKind::InvalidOption { option, .. } = &mut *self.kind {
            *option = format!("{parent}.{option}");
        }
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
}

fn join(items: &[String]) -> String {
    items.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
            ErrorKind::MissingRole { kind, roles, headers, candidates } if !candidates.is_empty() => write!(
                f,
                "no column of the {kind} file is surely the {} (a region or a product is not a customer id); it \
                 could be {}; the file's columns are {}: choose the column in the options (roles)",
                roles.join(" or "),
                join(candidates),
                join(headers)
            ),
            ErrorKind::MissingRole { kind, roles, headers, .. } => write!(
                f,
                "no column of the {kind} file could be used as {}; the file's columns are {}: name the column in \
                 the options (roles) or rename its header",
                roles.join(" or "),
                join(headers)
            ),
            ErrorKind::UnknownColumn { option, column, columns } => write!(
                f,
                "{option} names the column \"{column}\", which the file does not have; its columns are {}",
                join(columns)
            ),
            ErrorKind::InvalidOption { option, reason, .. } => write!(f, "{option}: {reason}"),
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
            ErrorKind::ChurnNoRepeatPurchases { customers } => write!(
                f,
                "the churn risk by time between purchases needs customers who bought on two different dates, and \
                 none of the {customers} customers did: use a longer export, or churnRisk.method \"pAlive\""
            ),
            ErrorKind::AmountOverflow { limit } => write!(
                f,
                "the amounts add up to more than {limit} currency units (counting returns as positive), too much \
                 to total exactly: check the amount column (wrong column or wrong decimal mark?), or split the export"
            ),
            ErrorKind::CampaignNoContacts { rows_read, skipped, conflicting } => write!(
                f,
                "none of the {rows_read} rows of the campaign file is a usable contact ({skipped} skipped, \
                 {conflicting} customers in both groups): check the customer, contact date and group columns (a \
                 group must be treatment or control, e.g. test / control, 实验组 / 对照组)"
            ),
            ErrorKind::AffinityNeedsProduct { level, columns } => write!(
                f,
                "product affinity needs a {} column, and the file has none mapped; its columns are {}: map one in \
                 the load options (roles.product or roles.category)",
                if level == "any" { "product or category" } else { level },
                join(columns)
            ),
            ErrorKind::GrowthNeedsBusiness { columns } => write!(
                f,
                "the growth matrix needs a business column (product or category), and the file has none mapped; its \
                 columns are {}: name one in the option business, or map roles.product",
                join(columns)
            ),
            ErrorKind::UnusableColumn { role, column, reason, rows, .. } => {
                let why = match reason.as_str() {
                    "bad_date" => "holds no readable date",
                    "missing_date" | "missing_customer" | "missing_amount" => "is empty",
                    "bad_amount" => "holds no readable number",
                    "not_sold" => "says no order was sold",
                    _ => "cannot be read",
                };
                write!(
                    f,
                    "no row could be used: the column \"{column}\" chosen as the {role} {why} ({rows} rows, {reason}): \
                     choose another column for the {role}"
                )
            }
            ErrorKind::NoHeader { limit } => write!(
                f,
                "no header row within the first {limit} bytes: the first line does not end that far (or only blank \
                 lines come first); check that this is a table export with one row per line"
            ),
            ErrorKind::TooManyColumns { columns, limit } => write!(
                f,
                "the header has {columns} columns, more than the {limit} this page reads: export only the columns \
                 you need"
            ),
            ErrorKind::TooManyCells { limit, .. } => write!(
                f,
                "the sheet has more than {limit} cells with a value: export only the columns you need, or split the \
                 export by date range"
            ),
            // platforms2 (issue 12)
            ErrorKind::DateWithoutYear { column, example } => write!(
                f,
                "the date column \"{column}\" holds days and months without a year (\"{example}\", DATEV's DDMM \
                 Belegdatum) and the file has no DATEV first line (\"EXTF\";700;…) that gives the year: export the \
                 Buchungsstapel with its first line, or choose a date column with years"
            ),
            ErrorKind::NeedsFullModule { needs } => write!(
                f,
                "this small build of the module cannot read this file (it needs the {needs} reader): read it with \
                 the full module"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Serializes as `{ code, message, position, details }`, the shape the JavaScript API throws; `position` is
/// always `null` (see [`Error`]), kept because the API contract names it.
impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 4)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("position", &None::<()>)?;
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

impl LineExample {
    /// Sorts examples by line, keeping the order of equal lines. Lists of examples are short (at most
    /// [`MAX_EXAMPLES`]), so this is an insertion sort: a few bytes of wasm where the library's stable sort is ≈4 KB.
    #[inline(never)]
    pub fn sort_by_line(examples: &mut [LineExample]) {
        for i in 1..examples.len() {
            let mut j = i;
            while j > 0 && examples[j - 1].line > examples[j].line {
                examples.swap(j - 1, j);
                j -= 1;
            }
        }
    }
}

/// Something worth knowing that did not stop the operation. Each variant has a stable snake_case
/// [`code`](WarningKind::code); its fields are the details.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged, rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum WarningKind {
    /// No date of the file (or of one date column) tells whether the day or the month comes first; dates were
    /// read month first.
    AmbiguousDateOrder {
        /// The date column's header when a file has several, else `None`.
        column: Option<String>,
    },
    /// Rows whose quantity cannot be read: kept, but not counted in units.
    UnreadableQuantity {
        /// How many rows.
        rows: u64,
    },
    /// Rows holding bytes that are not valid in the file's encoding (shown as U+FFFD).
    UndecodableBytes {
        /// How many rows.
        rows: u64,
    },
    /// Every scored customer has the same value of a metric, so the same score on it.
    MetricAllTied {
        /// `recency`, `frequency` or `monetary`.
        metric: String,
    },
    /// Rows whose value in a non-required column (a measure, a birth date, an age, a cost) cannot be read: the
    /// rows are kept without the value.
    UnreadableValue {
        /// The column's header.
        column: String,
        /// What the value should have been: `a number`, `a date`, `an amount of money`.
        expected: String,
        /// How many rows.
        rows: u64,
    },
    /// Rows of a campaign file whose opened or clicked value is neither yes nor no: read as no.
    BadFlag {
        /// The flag columns' headers.
        columns: Vec<String>,
        /// How many rows.
        rows: u64,
    },
    /// A CLV fit ended on a ridge (analytics.md §11.7): too few customers to tell how they differ; the predictions
    /// use the limiting model.
    ClvRidge {
        /// `bgnbd` or `gammaGamma`.
        model: String,
        /// The parameters at the edge, e.g. `["a", "b"]`.
        parameters: Vec<String>,
    },
    /// How often customers buy and how much they spend are correlated (|ρ| > 0.3), which Gamma-Gamma assumes they
    /// are not (§11.5).
    GgDependence {
        /// Pearson's ρ of x and zbar over the Gamma-Gamma customers.
        correlation: f64,
    },
    /// A quoted field opened and never closed (a stray opening quote): it ran to the end of the file, or over
    /// more than [`UNTERMINATED_QUOTE_LINES`](crate::ingest::UNTERMINATED_QUOTE_LINES) lines, swallowing the
    /// lines after it into one field.
    UnterminatedQuote {
        /// The line where the quoted field starts.
        line: u64,
        /// How many lines the record spans.
        lines: u64,
    },
    // Campaign evaluation (analytics.md §16.2).
    /// A campaign's last response window ends on or after the analysis date: its responses are not all in yet.
    WindowIncomplete {
        /// The campaign's name.
        campaign: String,
        /// The last day of the latest window (last contact + `windowDays` − 1).
        window_end: crate::date::Day,
        /// The analysis date D, before which rows count.
        analysis_date: crate::date::Day,
    },
    // Customer attributes (analytics.md §14.2):
    /// Records of a customers file whose age is outside 0–120 or whose birth date is on or after the analysis
    /// date: their age is unknown.
    BadAge {
        /// How many records.
        rows: u64,
    },
    // Currency detection (issue 17, point 9).
    /// The amounts are in several currencies and none was chosen (the load option `currency`): they are summed as
    /// one.
    MixedCurrencies {
        /// ISO codes, most rows first.
        currencies: Vec<String>,
        /// Rows of each currency, in the same order.
        rows: Vec<u64>,
    },
    // Far-future or past analysis date (issue 17, point 7).
    /// Every scored customer's last order is more than `atRiskDays` before the analysis date, so every customer is
    /// Lapsed: the analysis date is probably far after the file's last order.
    AllLapsed {
        /// How many customers were scored.
        customers: u64,
        /// The lifecycle threshold beyond which a customer is Lapsed.
        at_risk_days: i32,
    },
    /// Most rows (90 % or more) are dated on or after the analysis date and left out: the analysis date is
    /// probably far before the file's last order.
    MostRowsExcluded {
        /// Rows left out (dated on or after the analysis date).
        excluded: u64,
        /// Readable rows of the file.
        rows: u64,
    },
    // products: the growth matrix (§17)
    /// The growth matrix's current window starts at or before the first readable date (§17.2): nothing came
    /// before it, so every customer and business value is new.
    GrowthNoHistory {
        /// The window's first day.
        window_from: Day,
        /// The first readable date.
        first_date: Day,
    },
    // platforms (issue 12)
    /// A required role's column (amount or date) was taken on weak evidence (by its values, among several
    /// alike): check the mapping before trusting the numbers.
    LowConfidenceMapping {
        /// The role: `amount` or `date`.
        role: String,
        /// The column taken.
        column: String,
        /// How sure the mapping is, 0–1.
        confidence: f64,
    },
}

/// Equality is reflexive: the one number in a warning (`GgDependence`'s correlation) is never NaN (an undefined
/// correlation gives no warning), so reports holding warnings can stay `Eq`.
impl Eq for WarningKind {}

impl WarningKind {
    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            WarningKind::AmbiguousDateOrder { .. } => "ambiguous_date_order",
            WarningKind::UnreadableQuantity { .. } => "unreadable_quantity",
            WarningKind::UndecodableBytes { .. } => "undecodable_bytes",
            WarningKind::MetricAllTied { .. } => "metric_all_tied",
            WarningKind::UnreadableValue { .. } => "unreadable_value",
            WarningKind::BadFlag { .. } => "bad_flag",
            WarningKind::ClvRidge { .. } => "clv_ridge",
            WarningKind::GgDependence { .. } => "gg_dependence",
            WarningKind::UnterminatedQuote { .. } => "unterminated_quote",
            WarningKind::WindowIncomplete { .. } => "window_incomplete",
            WarningKind::BadAge { .. } => "bad_age",
            WarningKind::AllLapsed { .. } => "all_lapsed",
            WarningKind::MixedCurrencies { .. } => "mixed_currencies",
            WarningKind::MostRowsExcluded { .. } => "most_rows_excluded",
            WarningKind::GrowthNoHistory { .. } => "growth_no_history",
            WarningKind::LowConfidenceMapping { .. } => "low_confidence_mapping",
        }
    }

    /// The names of the details (the keys of the serialized `details`).
    pub fn params(&self) -> &'static [&'static str] {
        match self {
            WarningKind::AmbiguousDateOrder { .. } => &["column"],
            WarningKind::UnreadableQuantity { .. } | WarningKind::UndecodableBytes { .. } => &["rows"],
            WarningKind::MetricAllTied { .. } => &["metric"],
            WarningKind::UnreadableValue { .. } => &["column", "expected", "rows"],
            WarningKind::BadFlag { .. } => &["columns", "rows"],
            WarningKind::ClvRidge { .. } => &["model", "parameters"],
            WarningKind::GgDependence { .. } => &["correlation"],
            WarningKind::UnterminatedQuote { .. } => &["line", "lines"],
            WarningKind::WindowIncomplete { .. } => &["campaign", "windowEnd", "analysisDate"],
            WarningKind::BadAge { .. } => &["rows"],
            WarningKind::AllLapsed { .. } => &["customers", "atRiskDays"],
            WarningKind::MixedCurrencies { .. } => &["currencies", "rows"],
            WarningKind::MostRowsExcluded { .. } => &["excluded", "rows"],
            WarningKind::GrowthNoHistory { .. } => &["windowFrom", "firstDate"],
            WarningKind::LowConfidenceMapping { .. } => &["role", "column", "confidence"],
        }
    }

    /// The warning in plain English.
    pub fn message(&self) -> String {
        match self {
            WarningKind::AmbiguousDateOrder { column } => {
                let which = column.as_ref().map_or_else(
                    || "no date in the file".to_string(),
                    |c| format!("no date in the column \"{c}\""),
                );
                format!(
                    "{which} tells whether the day or the month comes first; dates were read month first (3/5/2024 \
                     = 5 March). Set the date order if that is wrong."
                )
            }
            WarningKind::UnreadableQuantity { rows } => {
                format!("{rows} rows have a quantity that cannot be read; they are kept but not counted in units")
            }
            WarningKind::UndecodableBytes { rows } => format!(
                "{rows} rows hold bytes that are not valid in the file's encoding (they show as \u{fffd}); the file \
                 may mix two encodings. Check those rows, or choose the encoding in the options"
            ),
            WarningKind::MetricAllTied { metric } => format!(
                "every customer has the same {metric}, so every customer has the same {metric} score: the segments \
                 cannot tell customers apart by {metric}"
            ),
            WarningKind::UnreadableValue { column, expected, rows } => format!(
                "{rows} rows have a value in the column \"{column}\" that cannot be read as {expected}; the rows are \
                 kept without it"
            ),
            WarningKind::BadFlag { columns, rows } => format!(
                "{rows} rows have a value in {} that is neither yes (1, true, yes, y, 是, √ or a date) nor no (empty, 0, \
                 false, no, n, 否); it was read as no",
                columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(" or ")
            ),
            WarningKind::ClvRidge { parameters, .. } => {
                let mut aspects: Vec<&str> = Vec::new();
                for name in parameters {
                    let aspect = match name.as_str() {
                        "r" | "alpha" => "how often they buy",
                        "a" | "b" => "how soon they stop buying",
                        _ => "how much they spend",
                    };
                    if !aspects.contains(&aspect) {
                        aspects.push(aspect);
                    }
                }
                format!(
                    "too few customers to tell how they differ in {} ({} at the edge); the predictions use the \
                     limiting model",
                    aspects.join(" and "),
                    parameters.join(", ")
                )
            }
            WarningKind::GgDependence { correlation } => format!(
                "how often customers buy and how much they spend are correlated (ρ = {correlation:.2}); the value \
                 model assumes they are not, so CLVs are less reliable"
            ),
            WarningKind::MixedCurrencies { currencies, rows } => format!(
                "the amounts are in several currencies ({}); they are summed as one unless one currency is chosen \
                 (the load option currency)",
                currencies
                    .iter()
                    .zip(rows)
                    .map(|(c, n)| format!("{c}: {n} row{}", if *n == 1 { "" } else { "s" }))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            WarningKind::AllLapsed { customers, at_risk_days } => format!(
                "all {customers} customers last ordered more than {at_risk_days} days before the analysis date, so \
                 every one is Lapsed: the analysis date is probably far after the file's last order; leave it empty \
                 to use the day after the last order"
            ),
            WarningKind::MostRowsExcluded { excluded, rows } => format!(
                "{excluded} of the file's {rows} rows are on or after the analysis date and are left out: the \
                 analysis date is probably far before the file's last order; leave it empty to use the day after \
                 the last order"
            ),
            WarningKind::UnterminatedQuote { line, lines } => format!(
                "a quoted field starting on line {line} is never closed, so {lines} lines were read as one field: \
                 remove the stray quote (\") on line {line} or close it, and load the file again"
            ),
            WarningKind::WindowIncomplete { campaign, window_end, analysis_date } => format!(
                "the response windows of campaign \"{campaign}\" run to {window_end}, on or after the analysis date \
                 {analysis_date}: not every response is in yet, so its figures are low; look again later or shorten \
                 windowDays"
            ),
            WarningKind::BadAge { rows } => format!(
                "{rows} customers have an age outside 0–120 or a birth date on or after the analysis date; their age \
                 is unknown (age band (blank)). Check those rows of the customers file"
            ),
            WarningKind::GrowthNoHistory { window_from, first_date } => format!(
                "the window starts on {window_from}, at or before the first date of the file ({first_date}): with no \
                 history before it, every customer and every business value counts as new; choose a shorter period"
            ),
            WarningKind::LowConfidenceMapping { role, column, confidence } => format!(
                "the column \"{column}\" was taken as the {role} only by its values (confidence {:.0} %): check the \
                 mapping, and choose the right column if it is not",
                confidence * 100.0
            ),
        }
    }
}

/// A warning with the lines it concerns (the first ones). Serializes as `{ code, message, lines, details }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What it is, with its details.
    pub kind: WarningKind,
    /// The first lines concerned (at most [`MAX_EXAMPLES`] × 4), empty when it concerns the whole file.
    pub lines: Vec<u64>,
}

impl Warning {
    /// A warning of this kind about these lines.
    pub fn new(kind: WarningKind, lines: Vec<u64>) -> Warning {
        Warning { kind, lines }
    }

    /// The stable code of [`kind`](Warning::kind).
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The warning in plain English.
    pub fn message(&self) -> String {
        self.kind.message()
    }
}

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Warning", 4)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.kind.message())?;
        s.serialize_field("lines", &self.lines)?;
        s.serialize_field("details", &self.kind)?;
        s.end()
    }
}

/// How many example rows a report keeps per reason.
pub const MAX_EXAMPLES: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn message_names_the_problem_and_the_fix() {
        let e = Error::new(ErrorKind::MissingRole {
            kind: "orders".into(),
            roles: vec!["date".into()],
            headers: vec!["id".into(), "total".into()],
            candidates: Vec::new(),
        });
        assert_eq!(e.code(), "missing_role");
        let text = e.to_string();
        assert!(text.starts_with("no column of the orders file could be used as date"), "{text}");
        assert!(text.contains("\"id\", \"total\""), "{text}");
    }

    #[test]
    fn option_errors_carry_their_path_rule_and_parameters() {
        let e = Error::option_rule("segmentMap.rules[0].cells[1].r", OptionRule::WholeNumberPair { min: 1, max: 5 })
            .within("rfm");
        assert_eq!(
            e.to_string(),
            "rfm.segmentMap.rules[0].cells[1].r: must be two whole numbers from 1 to 5, the smaller first"
        );
        let thrown = serde_json::to_value(&e).unwrap();
        assert_eq!(
            thrown["details"],
            json!({ "option": "rfm.segmentMap.rules[0].cells[1].r", "rule": "whole_number_pair", "min": 1, "max": 5,
                    "reason": "must be two whole numbers from 1 to 5, the smaller first" })
        );
        assert_eq!(thrown["position"], json!(null));
        let e = Error::option_rule("bins", OptionRule::Type { expected: vec![ValueType::String, ValueType::Object] });
        assert_eq!(e.to_string(), "bins: must be a string or an object");
        let e = Error::option_rule("method", OptionRule::OneOf { allowed: vec!["rank".into(), "quantile".into()] });
        assert_eq!(e.to_string(), "method: must be \"rank\" or \"quantile\"");
        let e = Error::option_rule("top", OptionRule::WholeNumberRange { min: 1, max: None });
        assert_eq!(serde_json::to_value(&e).unwrap()["details"]["max"], json!(null));
        // The core's own checks keep their words, under the rule `condition`.
        let e = Error::invalid_option("tiers", "the shares must add up to 1");
        assert_eq!(e.to_string(), "tiers: the shares must add up to 1");
        assert_eq!(serde_json::to_value(&e).unwrap()["details"]["rule"], json!("condition"));
    }

    #[test]
    fn examples_sort_by_line_keeping_equal_lines_in_order() {
        let example = |line: u64, text: &str| LineExample { line, text: text.into() };
        let mut examples = vec![example(9, "a"), example(2, "b"), example(9, "c"), example(1, "d"), example(2, "e")];
        LineExample::sort_by_line(&mut examples);
        let order: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(order, ["d", "b", "e", "a", "c"]);
    }

    #[test]
    fn warnings_serialize_with_code_message_lines_and_details() {
        let w = Warning::new(WarningKind::UnreadableQuantity { rows: 3 }, vec![4, 9]);
        let value = serde_json::to_value(&w).unwrap();
        assert_eq!(value["code"], json!("unreadable_quantity"));
        assert_eq!(value["lines"], json!([4, 9]));
        assert_eq!(value["details"], json!({ "rows": 3 }));
        assert!(value["message"].as_str().unwrap().starts_with("3 rows have a quantity"));
        let w = Warning::new(WarningKind::AmbiguousDateOrder { column: None }, Vec::new());
        assert_eq!(serde_json::to_value(&w).unwrap()["details"], json!({ "column": null }));
    }
}
