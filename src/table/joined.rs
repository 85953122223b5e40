//! The tables of the files joined to the orders by customer id: a customers file (one row per customer, §14.1)
//! and a campaign file (one row per contact of a customer in a campaign, §16.1). Customer ids are codes of the
//! orders' customer [`Dictionary`]; a code at or past the number of ordering customers is someone with no order.

use super::{Dictionary, Dimension, TextColumn};
use crate::date::Day;
use crate::money::Money;

/// "No row" in [`CustomerTable::row_by_customer`].
pub const NO_ROW: u32 = u32::MAX;

/// A customers file joined to the orders: one row per customer (the file's first row of each id), values as read.
/// Deriving age, age bands and gender labels from them is the analysis' work (§14.2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerTable {
    /// Customer codes in the orders' customer dictionary, each once, in file order.
    pub customer: Vec<u32>,
    /// Birth dates when a `birthDate` column is mapped; `None` where blank or unreadable.
    pub birth_date: Option<Vec<Option<Day>>>,
    /// Ages as written, in 1/10,000 years (exact, like measures), when an `age` column is mapped;
    /// [`MEASURE_MISSING`](super::MEASURE_MISSING) where blank or unreadable.
    pub age: Option<Vec<i64>>,
    /// Genders as written (trimmed) when a `gender` column is mapped; [`NO_TEXT`](super::NO_TEXT) where blank.
    pub gender: Option<TextColumn>,
    /// Join (sign-up) dates when a `joinDate` column is mapped; `None` where blank or unreadable.
    pub join_date: Option<Vec<Option<Day>>>,
    /// Every other column of the file, as text, in file order.
    pub attributes: Vec<Dimension>,
    /// 1-based physical line of each row (row number in spreadsheets).
    pub line: Vec<u64>,
}

impl CustomerTable {
    /// Number of customers with a record.
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether no customer has a record.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    /// The attribute whose header is `name`.
    pub fn attribute(&self, name: &str) -> Option<&Dimension> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The row of each customer code below `customers` (the dictionary's size), [`NO_ROW`] for a customer without
    /// a record: the lookup an analysis makes once before reading attributes per customer.
    pub fn row_by_customer(&self, customers: usize) -> Vec<u32> {
        let mut rows = vec![NO_ROW; customers];
        for (row, &code) in self.customer.iter().enumerate() {
            if let Some(slot) = rows.get_mut(code as usize) {
                *slot = row as u32;
            }
        }
        rows
    }
}

/// The group of a contact: the contract's value lists (§16.1) decide it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContactGroup {
    /// Received the campaign.
    Treatment,
    /// Held out, to measure what would have happened anyway.
    Control,
}

/// A campaign file joined to the orders: one row per campaign and contacted customer, sorted by campaign (code
/// order = first appearance in the file), then by line. Contacted people need not be customers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CampaignTable {
    /// The campaign names, in order of first appearance; a row's `campaign` is a code here. Without a campaign
    /// column, one campaign named after the file. A blank campaign cell is the campaign `(blank)`.
    pub campaigns: Dictionary,
    /// Campaign code of each row.
    pub campaign: Vec<u32>,
    /// Customer code of each row in the orders' customer dictionary.
    pub customer: Vec<u32>,
    /// The customer's earliest contact day in the campaign.
    pub contact_day: Vec<Day>,
    /// Treatment or control (a customer in both groups of a campaign is left out of it).
    pub group: Vec<ContactGroup>,
    /// Opened, OR-ed over the customer's rows in the campaign, when an `opened` column is mapped.
    pub opened: Option<Vec<bool>>,
    /// Clicked, OR-ed over the customer's rows in the campaign, when a `clicked` column is mapped.
    pub clicked: Option<Vec<bool>>,
    /// Cost of the contact when a `cost` column is mapped: the sum over the customer's rows in the campaign (a
    /// repeated contact was paid for too); blank cells count 0.
    pub cost: Option<Vec<Money>>,
    /// 1-based line of the row that gave the earliest contact.
    pub line: Vec<u64>,
}

impl CampaignTable {
    /// Number of contacts (campaign × customer).
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether there is no contact.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    /// The rows of campaign `code` (contiguous, since rows are sorted by campaign).
    pub fn campaign_rows(&self, code: u32) -> std::ops::Range<usize> {
        let start = self.campaign.partition_point(|&c| c < code);
        let end = self.campaign.partition_point(|&c| c <= code);
        start..end
    }
}
