//! Which column plays which role: by header first (English, 简体, 繁體, as the contract lists), then by the
//! values of columns whose header is unknown, then the caller's overrides on top.

use super::options::{RoleChoice, RoleOverrides};
use super::report::RoleColumns;
use super::schema::FileKind;
use crate::error::{Error, ErrorKind};
use serde::Serialize;

/// The roles a column can play (each kind of file has its own set: see [`FileKind::roles`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// Customer id (every kind).
    Customer,
    /// Order date (orders).
    Date,
    /// Line amount (orders).
    Amount,
    /// Quantity (orders).
    Quantity,
    /// Unit price (orders).
    UnitPrice,
    /// Order id (orders).
    Order,
    /// Any other text column of an orders file, kept for comparisons.
    Dimension,
    /// Any other numeric (decimal) column of an orders file, kept as numbers (cost, margin, discount…).
    Measure,
    /// Any other column of a customers file, kept as text (region, city, level…).
    Attribute,
    /// Birth date (customers).
    BirthDate,
    /// Age in years (customers).
    Age,
    /// Gender as written (customers).
    Gender,
    /// The day the customer joined or signed up (customers).
    JoinDate,
    /// The day of a contact (campaigns).
    ContactDate,
    /// Campaign name (campaigns).
    Campaign,
    /// Treatment or control group (campaigns).
    Group,
    /// Whether the contact was opened (campaigns).
    Opened,
    /// Whether the contact was clicked (campaigns).
    Clicked,
    /// The cost of the contact (campaigns).
    Cost,
    /// Product (orders, optional, §15.1): also kept as a dimension.
    Product,
    /// Product category (orders, optional, §15.1): also kept as a dimension.
    Category,
}

impl Role {
    /// Every role a column of some file can be mapped to (not the "any other column" roles).
    pub const MAPPED: [Role; 18] = [
        Role::Customer,
        Role::Date,
        Role::Amount,
        Role::Quantity,
        Role::UnitPrice,
        Role::Order,
        Role::BirthDate,
        Role::Age,
        Role::Gender,
        Role::JoinDate,
        Role::ContactDate,
        Role::Campaign,
        Role::Group,
        Role::Opened,
        Role::Clicked,
        Role::Cost,
        Role::Product,
        Role::Category,
    ];

    /// The role's name in the API (`unitPrice`, `contactDate`…), as it is serialized.
    pub fn name(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Date => "date",
            Role::Amount => "amount",
            Role::Quantity => "quantity",
            Role::UnitPrice => "unitPrice",
            Role::Order => "order",
            Role::Dimension => "dimension",
            Role::Measure => "measure",
            Role::Attribute => "attribute",
            Role::BirthDate => "birthDate",
            Role::Age => "age",
            Role::Gender => "gender",
            Role::JoinDate => "joinDate",
            Role::ContactDate => "contactDate",
            Role::Campaign => "campaign",
            Role::Group => "group",
            Role::Opened => "opened",
            Role::Clicked => "clicked",
            Role::Cost => "cost",
            Role::Product => "product",
            Role::Category => "category",
        }
    }

    /// The mapped role named `name` (as [`name`](Role::name) gives it).
    pub fn from_name(name: &str) -> Option<Role> {
        Role::MAPPED.into_iter().find(|role| role.name() == name)
    }
}

/// What the values of a column look like, from a sample of rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ColumnKind {
    /// No non-empty value in the sample.
    Empty,
    /// Mostly dates.
    Date,
    /// Mostly whole numbers.
    Integer,
    /// Mostly numbers with decimals (money-like).
    Decimal,
    /// Anything else.
    Text,
}

/// What the sample said about one column.
#[derive(Clone, Debug, Default)]
pub struct ColumnProfile {
    /// Non-empty cells seen.
    pub non_empty: usize,
    /// Cells that read as dates.
    pub dates: usize,
    /// Cells that read as numbers.
    pub numbers: usize,
    /// Numbers written with decimals.
    pub decimals: usize,
    /// Distinct non-empty values (capped at the sample size).
    pub distinct: usize,
    /// Cells containing a space (ids rarely do).
    pub with_spaces: usize,
}

impl ColumnProfile {
    /// The column's kind: a kind that covers at least 90 % of the non-empty cells, else text.
    pub fn kind(&self) -> ColumnKind {
        let most = |count: usize| count * 10 >= self.non_empty * 9;
        if self.non_empty == 0 {
            ColumnKind::Empty
        } else if most(self.dates) {
            ColumnKind::Date
        } else if most(self.numbers) && self.decimals > 0 {
            ColumnKind::Decimal
        } else if most(self.numbers) {
            ColumnKind::Integer
        } else {
            ColumnKind::Text
        }
    }
}

/// The column index of each role, `None` when the file has none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleMap {
    /// Customer id column.
    pub customer: Option<usize>,
    /// Date column.
    pub date: Option<usize>,
    /// Amount column.
    pub amount: Option<usize>,
    /// Quantity column.
    pub quantity: Option<usize>,
    /// Unit price column.
    pub unit_price: Option<usize>,
    /// Order id column.
    pub order: Option<usize>,
    /// The other roles (customers and campaign files), by role.
    others: Vec<(Role, usize)>,
}

impl RoleMap {
    /// The column of `role`, `None` when unmapped.
    pub fn get(&self, role: Role) -> Option<usize> {
        match role {
            Role::Customer => self.customer,
            Role::Date => self.date,
            Role::Amount => self.amount,
            Role::Quantity => self.quantity,
            Role::UnitPrice => self.unit_price,
            Role::Order => self.order,
            _ => self.others.iter().find(|(r, _)| *r == role).map(|(_, column)| *column),
        }
    }

    /// Maps `role` to `column`.
    fn set(&mut self, role: Role, column: usize) {
        match role {
            Role::Customer => self.customer = Some(column),
            Role::Date => self.date = Some(column),
            Role::Amount => self.amount = Some(column),
            Role::Quantity => self.quantity = Some(column),
            Role::UnitPrice => self.unit_price = Some(column),
            Role::Order => self.order = Some(column),
            _ => {
                self.others.retain(|(r, _)| *r != role);
                self.others.push((role, column));
            }
        }
    }

    /// The header of each of `kind`'s roles, for a report.
    pub fn columns(&self, kind: FileKind, headers: &[String]) -> RoleColumns {
        RoleColumns(
            kind.roles().iter().map(|spec| (spec.role, self.get(spec.role).map(|i| headers[i].clone()))).collect(),
        )
    }

    /// The mapped role of column `index`, if any.
    pub fn role_of(&self, index: usize) -> Option<Role> {
        Role::MAPPED.into_iter().find(|&role| self.get(role) == Some(index))
    }
}

/// Lower case without spaces, underscores, hyphens or dots, so `Customer ID`, `customer_id` and `CustomerID` meet.
pub fn normalize_header(header: &str) -> String {
    header.chars().filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '\u{3000}')).flat_map(char::to_lowercase).collect()
}

/// The role a header names in an orders file, if it is one of the contract's synonyms.
pub fn role_from_header(header: &str) -> Option<Role> {
    FileKind::Orders.role_from_header(header)
}

/// Maps a `kind` of file's roles to columns: overrides first, then headers, then values for the required roles
/// still missing, among the columns no header named.
pub fn map_roles(
    kind: FileKind,
    headers: &[String],
    profiles: &[ColumnProfile],
    overrides: &RoleOverrides,
) -> Result<RoleMap, Error> {
    let mut map = RoleMap::default();
    let mut taken = vec![false; headers.len()];
    // 1. Overrides (a role of another kind of file is a mistake worth saying).
    let mut fixed = Vec::new();
    for role in Role::MAPPED {
        let Some(choice) = overrides.get(role) else { continue };
        let option = format!("roles.{}", role.name());
        if !kind.has_role(role) {
            let roles: Vec<&str> = kind.roles().iter().map(|spec| spec.role.name()).collect();
            return Err(Error::invalid_option(
                option,
                format!("{} files have no such role; their roles are {}", kind.name(), roles.join(", ")),
            ));
        }
        if let RoleChoice::Column(name) = choice {
            let index = find_column(headers, name).ok_or_else(|| {
                Error::new(ErrorKind::UnknownColumn { option, column: name.clone(), columns: headers.to_vec() })
            })?;
            map.set(role, index);
            taken[index] = true;
        }
        fixed.push(role);
    }
    // 2. Headers, leftmost column first.
    for (index, header) in headers.iter().enumerate() {
        if taken[index] {
            continue;
        }
        if let Some(role) = kind.role_from_header(header) {
            if !fixed.contains(&role) && map.get(role).is_none() {
                map.set(role, index);
                taken[index] = true;
            }
        }
    }
    // 3. Values, for the required roles still missing, among columns no header named.
    let free = |taken: &[bool], index: usize| !taken[index] && kind.role_from_header(&headers[index]).is_none();
    let unset = |map: &RoleMap, role: Role| map.get(role).is_none() && !fixed.contains(&role);
    let first_free = |taken: &[bool], test: &dyn Fn(&ColumnProfile) -> bool| {
        (0..headers.len()).find(|&i| free(taken, i) && test(&profiles[i]))
    };
    let date_role = match kind {
        FileKind::Orders => Some(Role::Date),
        FileKind::Campaigns => Some(Role::ContactDate),
        FileKind::Customers => None,
    };
    if let Some(role) = date_role.filter(|&role| unset(&map, role)) {
        if let Some(index) = first_free(&taken, &|p| p.kind() == ColumnKind::Date) {
            map.set(role, index);
            taken[index] = true;
        }
    }
    let computable = map.quantity.is_some() && map.unit_price.is_some();
    if kind == FileKind::Orders && unset(&map, Role::Amount) && !computable {
        // The rightmost money-like column: exports put totals last.
        if let Some(index) =
            (0..headers.len()).rev().find(|&i| free(&taken, i) && profiles[i].kind() == ColumnKind::Decimal)
        {
            map.set(Role::Amount, index);
            taken[index] = true;
        }
    }
    if unset(&map, Role::Customer) {
        let id_like = |p: &ColumnProfile| {
            matches!(p.kind(), ColumnKind::Text | ColumnKind::Integer) && p.with_spaces * 10 <= p.non_empty && {
                match kind {
                    // Ids repeat (customers buy more than once) but are not a handful of categories.
                    FileKind::Orders => p.distinct < p.non_empty && p.distinct * 50 >= p.non_empty,
                    // One row per customer.
                    FileKind::Customers => p.distinct == p.non_empty,
                    // Mostly distinct (a customer is contacted once per campaign), not a group or campaign name.
                    FileKind::Campaigns => p.distinct * 2 >= p.non_empty,
                }
            }
        };
        if let Some(index) = first_free(&taken, &id_like) {
            map.set(Role::Customer, index);
        }
    }
    let missing: Vec<String> = kind
        .roles()
        .iter()
        .filter(|spec| spec.required && map.get(spec.role).is_none())
        .filter(|spec| spec.unless.is_empty() || spec.unless.iter().any(|&role| map.get(role).is_none()))
        .map(|spec| match spec.unless {
            [] => spec.role.name().to_string(),
            unless => {
                let names: Vec<&str> = unless.iter().map(|role| role.name()).collect();
                format!("{} (or {})", spec.role.name(), names.join(" and "))
            }
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::new(ErrorKind::MissingRole {
            kind: kind.name().to_string(),
            roles: missing,
            headers: headers.to_vec(),
        }));
    }
    Ok(map)
}

/// The column whose header is `name` exactly, else the first whose normalized header matches.
fn find_column(headers: &[String], name: &str) -> Option<usize> {
    headers
        .iter()
        .position(|h| h == name)
        .or_else(|| headers.iter().position(|h| normalize_header(h) == normalize_header(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_in_three_languages() {
        assert_eq!(role_from_header("Customer ID"), Some(Role::Customer));
        assert_eq!(role_from_header("InvoiceDate"), Some(Role::Date));
        assert_eq!(role_from_header("买家实际支付金额"), Some(Role::Amount));
        assert_eq!(role_from_header("訂單編號"), Some(Role::Order));
        assert_eq!(role_from_header("UnitPrice"), Some(Role::UnitPrice));
        assert_eq!(role_from_header("region"), None);
    }

    #[test]
    fn overrides_win_and_unknown_names_are_errors() {
        let h = headers(&["id", "when", "total"]);
        let p = vec![ColumnProfile::default(); 3];
        let overrides = RoleOverrides {
            customer: Some(RoleChoice::Column("id".into())),
            date: Some(RoleChoice::Column("when".into())),
            ..Default::default()
        };
        let map = map_roles(FileKind::Orders, &h, &p, &overrides).unwrap();
        assert_eq!((map.customer, map.date, map.amount), (Some(0), Some(1), Some(2)));
        let bad = RoleOverrides { customer: Some(RoleChoice::Column("nope".into())), ..Default::default() };
        let err = map_roles(FileKind::Orders, &h, &p, &bad).unwrap_err();
        assert_eq!(err.code(), "unknown_column");
    }

    #[test]
    fn missing_roles_list_the_headers() {
        let h = headers(&["name", "city"]);
        let p = vec![ColumnProfile { non_empty: 10, distinct: 10, with_spaces: 10, ..Default::default() }; 2];
        let err = map_roles(FileKind::Orders, &h, &p, &RoleOverrides::default()).unwrap_err();
        match err.kind() {
            ErrorKind::MissingRole { kind, roles, headers } => {
                assert_eq!(kind, "orders");
                assert_eq!(roles, &["customer", "date", "amount (or quantity and unitPrice)"]);
                assert_eq!(headers, &h);
            }
            other => panic!("{other:?}"),
        }
    }
}
