//! What the caller may say about a file before it is read; every field defaults to "detect it".

use super::roles::Role;
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

/// Role overrides; `None` means "map automatically". Only the roles of the file's kind may be set (see
/// [`FileKind::roles`](super::FileKind::roles)); another kind's role is an `invalid_option`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleOverrides {
    /// The customer id column (every kind).
    pub customer: Option<RoleChoice>,
    /// The order date column (orders).
    pub date: Option<RoleChoice>,
    /// The line amount column (orders).
    pub amount: Option<RoleChoice>,
    /// The quantity column (orders).
    pub quantity: Option<RoleChoice>,
    /// The unit price column (orders).
    pub unit_price: Option<RoleChoice>,
    /// The order id column (orders).
    pub order: Option<RoleChoice>,
    /// The order status column (orders).
    pub status: Option<RoleChoice>,
    /// The birth date column (customers).
    pub birth_date: Option<RoleChoice>,
    /// The age column (customers).
    pub age: Option<RoleChoice>,
    /// The gender column (customers).
    pub gender: Option<RoleChoice>,
    /// The join (sign-up) date column (customers).
    pub join_date: Option<RoleChoice>,
    /// The contact date column (campaigns).
    pub contact_date: Option<RoleChoice>,
    /// The campaign name column (campaigns).
    pub campaign: Option<RoleChoice>,
    /// The treatment/control group column (campaigns).
    pub group: Option<RoleChoice>,
    /// The opened flag column (campaigns).
    pub opened: Option<RoleChoice>,
    /// The clicked flag column (campaigns).
    pub clicked: Option<RoleChoice>,
    /// The cost per contact column (campaigns).
    pub cost: Option<RoleChoice>,
    /// The product column (orders, §15.1).
    pub product: Option<RoleChoice>,
    /// The product category column (orders, §15.1).
    pub category: Option<RoleChoice>,
}

impl RoleOverrides {
    /// The override of `role` (`None` for the "any other column" roles, which cannot be set).
    pub fn get(&self, role: Role) -> Option<&RoleChoice> {
        self.field(role).and_then(|choice| choice.as_ref())
    }

    /// Sets the override of `role` (a mapped role: see [`Role::MAPPED`]); other roles are ignored.
    pub fn set(&mut self, role: Role, choice: Option<RoleChoice>) {
        if let Some(field) = self.field_mut(role) {
            *field = choice;
        }
    }

    fn field(&self, role: Role) -> Option<&Option<RoleChoice>> {
        Some(match role {
            Role::Customer => &self.customer,
            Role::Date => &self.date,
            Role::Amount => &self.amount,
            Role::Quantity => &self.quantity,
            Role::UnitPrice => &self.unit_price,
            Role::Order => &self.order,
            Role::Status => &self.status,
            Role::BirthDate => &self.birth_date,
            Role::Age => &self.age,
            Role::Gender => &self.gender,
            Role::JoinDate => &self.join_date,
            Role::ContactDate => &self.contact_date,
            Role::Campaign => &self.campaign,
            Role::Group => &self.group,
            Role::Opened => &self.opened,
            Role::Clicked => &self.clicked,
            Role::Cost => &self.cost,
            Role::Product => &self.product,
            Role::Category => &self.category,
            Role::Dimension | Role::Measure | Role::Attribute => return None,
        })
    }

    fn field_mut(&mut self, role: Role) -> Option<&mut Option<RoleChoice>> {
        Some(match role {
            Role::Customer => &mut self.customer,
            Role::Date => &mut self.date,
            Role::Amount => &mut self.amount,
            Role::Quantity => &mut self.quantity,
            Role::UnitPrice => &mut self.unit_price,
            Role::Order => &mut self.order,
            Role::Status => &mut self.status,
            Role::BirthDate => &mut self.birth_date,
            Role::Age => &mut self.age,
            Role::Gender => &mut self.gender,
            Role::JoinDate => &mut self.join_date,
            Role::ContactDate => &mut self.contact_date,
            Role::Campaign => &mut self.campaign,
            Role::Group => &mut self.group,
            Role::Opened => &mut self.opened,
            Role::Clicked => &mut self.clicked,
            Role::Cost => &mut self.cost,
            Role::Product => &mut self.product,
            Role::Category => &mut self.category,
            Role::Dimension | Role::Measure | Role::Attribute => return None,
        })
    }
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
    // platforms (issue 12): which order statuses leave a row out.
    /// Status values whose rows are left out (reported as `not_sold`), compared like headers (case, spaces and
    /// accents aside); `None`: the not-sold values of the catalog and of the recognised platform; empty: keep
    /// every row.
    pub status_filter: Option<Vec<String>>,
    /// Inputs above this many bytes are refused with `too_large`.
    pub max_bytes: u64,
    /// The size of the whole input when known in advance (a `File`'s size): columns are then allocated once for
    /// the expected rows instead of doubling as they grow, which keeps peak memory near the table's size. Over
    /// `max_bytes`, the loader refuses the input before reading it.
    pub total_bytes: Option<u64>,
    // Currency detection (issue 17, point 9).
    /// The one currency to analyse (an ISO code such as `EUR`, or a sign such as `€`): rows written in another
    /// currency are skipped as `other_currency`; rows with none are kept. Also the currency of a file that names none.
    pub currency: Option<String>,
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
            status_filter: None,
            max_bytes: DEFAULT_MAX_BYTES,
            total_bytes: None,
            currency: None,
        }
    }
}

impl LoadOptions {
    /// Checks the options before any byte is read, naming the option at fault.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(label) = &self.encoding {
            super::text::check_label(label)?;
        }
        if let Some(d) = self.delimiter {
            if matches!(d, b'"' | b'\r' | b'\n') || !d.is_ascii() {
                return Err(Error::invalid_option("delimiter", "use one of , ; | or a tab"));
            }
        }
        if let Some(currency) = &self.currency {
            if super::currency::currency_code(currency).is_none() {
                return Err(Error::invalid_option(
                    "currency",
                    format!("\"{currency}\" is not a currency; use a three-letter code such as \"EUR\" or \"CNY\""),
                ));
            }
        }
        if self.max_bytes == 0 {
            return Err(Error::invalid_option("maxBytes", "must be a positive number of bytes"));
        }
        // hostile input (issue 18): one column named for two roles contradicts itself (a customer id that is also
        // the amount): refused, naming both.
        let mut named: Vec<(Role, &str)> = Vec::new();
        for role in Role::MAPPED {
            if let Some(RoleChoice::Column(column)) = self.roles.get(role) {
                if let Some((first, _)) = named.iter().find(|(_, c)| c == column) {
                    return Err(Error::invalid_option(
                        format!("roles.{}", role.name()),
                        format!("names the column \"{column}\", already the column of roles.{}", first.name()),
                    ));
                }
                named.push((role, column));
            }
        }
        // hostile input (issue 18): in the browser the limit can be lowered, not raised past what the module can hold
        // (the wasm option reader refuses a larger `maxBytes`); natively (the command line) it may be raised for
        // files past the browser's memory.
        Ok(())
    }
}
