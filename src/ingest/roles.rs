//! Which column plays which role: by header first (English, 简体, 繁體, as the contract lists), then by the
//! values of columns whose header is unknown, then the caller's overrides on top.

use super::options::{RoleChoice, RoleOverrides};
use super::platforms::{recognise, PlatformMatch, NOT_SOLD_STATUSES, SOLD_STATUSES};
use super::report::RoleColumns;
use super::schema::FileKind;
use crate::error::{Error, ErrorKind};
use crate::money::{parse_decimal, DecimalMark, UNITS_PER_CURRENCY};
use rustc_hash::{FxHashMap, FxHashSet};
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
    // platforms (issue 12): the order's status, whose not-sold values leave the row out.
    /// Order status (orders): paid, cancelled, refunded… (`statusFilter` says which values leave a row out).
    Status,
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
    pub const MAPPED: [Role; 19] = [
        Role::Customer,
        Role::Date,
        Role::Amount,
        Role::Quantity,
        Role::UnitPrice,
        Role::Order,
        Role::Status,
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
            Role::Status => "status",
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

/// Lower case without spaces, underscores, hyphens, dots, `#`, `°`, brackets, slashes or quotes, accents folded
/// (`é` → `e`, `ß` → `ss`), so `Customer ID`, `customer_id`, `CustomerID`, `N° commande`, `Order #` and
/// `用户实付金额(元)` meet their synonyms.
pub fn normalize_header(header: &str) -> String {
    let mut key = String::with_capacity(header.len());
    for c in header.chars().flat_map(char::to_lowercase) {
        match c {
            ' ' | '_' | '-' | '.' | '\u{3000}' | '\u{a0}' | '\t' | '#' | '°' | 'º' | '(' | ')' | '（' | '）' | '/'
            | '\'' | '’' | '"' | ':' | '：' | '[' | ']' | '【' | '】' => {}
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => key.push('a'),
            'ç' => key.push('c'),
            'è' | 'é' | 'ê' | 'ë' => key.push('e'),
            'ì' | 'í' | 'î' | 'ï' => key.push('i'),
            'ñ' => key.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => key.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => key.push('u'),
            'ý' | 'ÿ' => key.push('y'),
            'ß' => key.push_str("ss"),
            other => key.push(other),
        }
    }
    key
}

/// The role a header names in an orders file, if it is one of the contract's synonyms.
pub fn role_from_header(header: &str) -> Option<Role> {
    FileKind::Orders.role_from_header(header)
}

/// Confidence of a role named by the caller.
pub const CONFIDENCE_CHOSEN: f64 = 1.0;
/// Confidence of a role named by one of the synonyms.
pub const CONFIDENCE_HEADER: f64 = 0.9;
/// Below this, a column is not taken as the customer (loading stops with `missing_role`), and an amount or date
/// column is taken with a `low_confidence_mapping` warning.
pub const CONFIDENT: f64 = 0.6;

/// What [`map_roles`] decided: the columns, how sure it is of each, and the platform recognised.
#[derive(Clone, Debug)]
pub struct Mapping {
    /// The column of each role.
    pub roles: RoleMap,
    /// The confidence (0–1) of each mapped role.
    pub confidence: Vec<(Role, f64)>,
    /// The platform whose export this is, if recognised.
    pub platform: Option<PlatformMatch>,
}

impl Mapping {
    /// The confidence of `role`'s column, `None` when unmapped.
    pub fn confidence_of(&self, role: Role) -> Option<f64> {
        self.confidence.iter().find(|(r, _)| *r == role).map(|(_, c)| *c)
    }
}

/// The sample's cells of column `index`, row by row (an empty string where a row is short).
fn cells<'a>(sample: &'a [Vec<String>], index: usize) -> impl Iterator<Item = &'a str> + 'a {
    sample.iter().map(move |row| row.get(index).map_or("", String::as_str))
}

/// The sample's number in a cell, as a float (money and quantities compared with a tolerance).
fn number_of(cell: &str) -> Option<f64> {
    parse_decimal(cell, DecimalMark::Point).map(|units| units as f64 / UNITS_PER_CURRENCY as f64)
}

/// Whether a column's values are small whole positive numbers (≤ 10,000, half of them ≤ 10): a quantity.
fn looks_like_quantity(sample: &[Vec<String>], index: usize) -> bool {
    let values: Vec<f64> = cells(sample, index).filter(|c| !c.is_empty()).filter_map(number_of).collect();
    !values.is_empty()
        && values.iter().all(|v| v.fract() == 0.0 && v.abs() <= 10_000.0 && *v != 0.0)
        && values.iter().filter(|v| **v > 0.0).count() * 10 >= values.len() * 9
        && values.iter().filter(|v| v.abs() <= 10.0).count() * 2 >= values.len()
}

/// The share of rows (with a quantity other than 1, which tells nothing) where `amount` = `quantity` × `price`,
/// and how many such rows there were.
fn product_share(sample: &[Vec<String>], quantity: usize, amount: usize, price: usize) -> (f64, usize) {
    let (mut informative, mut hits) = (0usize, 0usize);
    for row in sample {
        let cell = |i: usize| row.get(i).map_or("", String::as_str);
        let (Some(q), Some(a), Some(p)) = (number_of(cell(quantity)), number_of(cell(amount)), number_of(cell(price)))
        else {
            continue;
        };
        if q == 1.0 || q == 0.0 {
            continue;
        }
        informative += 1;
        if (a - q * p).abs() <= 0.011 + a.abs() * 0.001 {
            hits += 1;
        }
    }
    (if informative == 0 { 0.0 } else { hits as f64 / informative as f64 }, informative)
}

/// How much a column looks like customer ids by its values (0–1): ids are many (at least 10 distinct), each on a
/// few rows and dates; a region or a product is a few values repeated across many dates.
fn customer_score(sample: &[Vec<String>], profile: &ColumnProfile, index: usize, date: Option<usize>) -> f64 {
    if profile.non_empty == 0 || profile.distinct < 10 || profile.with_spaces * 10 > profile.non_empty {
        return if profile.distinct == 0 { 0.0 } else { 0.2 };
    }
    let mut score: f64 = 0.65;
    let id_like = cells(sample, index).filter(|c| c.chars().any(|ch| ch.is_ascii_digit() || ch == '@')).count();
    if id_like * 10 >= profile.non_empty * 8 {
        score += 0.15;
    }
    if profile.non_empty > profile.distinct * 20 {
        score -= 0.3;
    }
    if let Some(date) = date {
        // Repeated across many dates: the dates a value is seen on, against the sample's dates.
        let mut pairs = FxHashSet::default();
        let mut dates = FxHashSet::default();
        for row in sample {
            let (value, day) = (row.get(index).map_or("", String::as_str), row.get(date).map_or("", String::as_str));
            if !value.is_empty() && !day.is_empty() {
                dates.insert(day);
                pairs.insert((value, day));
            }
        }
        let dates_per_value = pairs.len() as f64 / profile.distinct as f64;
        if dates.len() >= 4 && dates_per_value > dates.len() as f64 * 0.3 {
            score -= 0.3;
        }
        // Every value on one date, some on several rows: the lines of an order, not a customer's purchases.
        if pairs.len() == profile.distinct && profile.distinct < profile.non_empty {
            score -= 0.3;
        }
    }
    score.clamp(0.0, 1.0)
}

/// Whether a column's values are order ids: repeated on some rows, but each on one date (and one customer).
fn looks_like_order(sample: &[Vec<String>], profile: &ColumnProfile, index: usize, map: &RoleMap) -> bool {
    if profile.distinct < 10 || profile.distinct >= profile.non_empty || profile.with_spaces > 0 {
        return false;
    }
    let Some(date) = map.date else { return false };
    let mut seen: FxHashMap<&str, (&str, &str)> = FxHashMap::default();
    let (mut values, mut mixed) = (0usize, 0usize);
    for row in sample {
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map_or("", String::as_str);
        let (value, day, customer) = (cell(Some(index)), cell(Some(date)), cell(map.customer));
        if value.is_empty() {
            continue;
        }
        match seen.get(value) {
            None => {
                values += 1;
                seen.insert(value, (day, customer));
            }
            Some(&(d, c)) if d != day || c != customer => mixed += 1,
            Some(_) => {}
        }
    }
    values > 0 && mixed * 20 <= values
}

/// Whether a column's values are order statuses (most of them in the status vocabulary).
fn looks_like_status(sample: &[Vec<String>], profile: &ColumnProfile, index: usize) -> bool {
    let known = cells(sample, index)
        .filter(|c| !c.is_empty())
        .filter(|c| {
            let key = normalize_header(c);
            NOT_SOLD_STATUSES.contains(&key.as_str()) || SOLD_STATUSES.contains(&key.as_str())
        })
        .count();
    profile.non_empty > 0 && known * 10 >= profile.non_empty * 6
}

/// Maps a `kind` of file's roles to columns: overrides first, then the recognised platform's layout, then
/// headers, then values for the roles still missing, among the columns no header named. Each role gets a
/// confidence; a customer column found only by values below [`CONFIDENT`] is not taken (the load stops with
/// `missing_role`, its details listing the candidate columns).
pub fn map_roles(
    kind: FileKind,
    headers: &[String],
    profiles: &[ColumnProfile],
    sample: &[Vec<String>],
    overrides: &RoleOverrides,
) -> Result<Mapping, Error> {
    let mut map = RoleMap::default();
    let mut confidence: Vec<(Role, f64)> = Vec::new();
    let mut taken = vec![false; headers.len()];
    let keys: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
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
            confidence.push((role, CONFIDENCE_CHOSEN));
            taken[index] = true;
        }
        fixed.push(role);
    }
    // 2. The platform's layout: its columns, and the roles it has no column for (never guessed).
    let platform = recognise(kind, headers);
    if let Some(found) = platform {
        for &(role, columns) in found.platform.roles {
            if fixed.contains(&role) {
                continue;
            }
            let index = columns.iter().find_map(|c| (0..headers.len()).find(|&i| !taken[i] && keys[i] == *c));
            if let Some(index) = index {
                map.set(role, index);
                confidence.push((role, found.confidence.min(0.99)));
                taken[index] = true;
            }
            fixed.push(role);
        }
    }
    // 3. Headers: per role, the column of its strongest synonym (the earliest listed), leftmost on a tie; so
    //    `customer_id` wins over `Kunde`, `买家实际支付金额` over `总金额`.
    for spec in kind.roles() {
        if fixed.contains(&spec.role) || map.get(spec.role).is_some() {
            continue;
        }
        let index =
            spec.synonyms.iter().find_map(|synonym| (0..headers.len()).find(|&i| !taken[i] && keys[i] == *synonym));
        if let Some(index) = index {
            map.set(spec.role, index);
            confidence.push((spec.role, CONFIDENCE_HEADER));
            taken[index] = true;
        }
    }
    // 4. Values, for the roles still missing, among columns no header named.
    let free = |taken: &[bool], index: usize| !taken[index] && kind.role_from_header(&headers[index]).is_none();
    let unset = |map: &RoleMap, role: Role| map.get(role).is_none() && !fixed.contains(&role);
    let date_role = match kind {
        FileKind::Orders => Some(Role::Date),
        FileKind::Campaigns => Some(Role::ContactDate),
        FileKind::Customers => None,
    };
    if let Some(role) = date_role.filter(|&role| unset(&map, role)) {
        let dates: Vec<usize> =
            (0..headers.len()).filter(|&i| free(&taken, i) && profiles[i].kind() == ColumnKind::Date).collect();
        if let Some(&index) = dates.first() {
            map.set(role, index);
            // Several date columns (ordered, paid, shipped…): which one is the order's is a guess.
            confidence.push((role, if dates.len() == 1 { 0.75 } else { 0.5 }));
            taken[index] = true;
        }
    }
    if kind == FileKind::Orders {
        // Quantity, amount and unit price by values: the amount is quantity × price on most rows. A column of
        // small whole numbers is only taken as the quantity when that holds (a store number is not a quantity).
        let numeric = |i: usize| matches!(profiles[i].kind(), ColumnKind::Decimal | ColumnKind::Integer);
        let pick = |map: &RoleMap, taken: &[bool], role: Role| -> Vec<usize> {
            match map.get(role) {
                Some(index) => vec![index],
                None if unset(map, role) => (0..headers.len()).filter(|&i| free(taken, i) && numeric(i)).collect(),
                None => Vec::new(),
            }
        };
        let quantities: Vec<usize> = match map.quantity {
            Some(index) => vec![index],
            None if unset(&map, Role::Quantity) => (0..headers.len())
                .filter(|&i| {
                    free(&taken, i) && profiles[i].kind() == ColumnKind::Integer && looks_like_quantity(sample, i)
                })
                .collect(),
            None => Vec::new(),
        };
        let (amounts, prices) = (pick(&map, &taken, Role::Amount), pick(&map, &taken, Role::UnitPrice));
        let undecided = map.amount.is_none() || map.unit_price.is_none() || map.quantity.is_none();
        let mut triples = Vec::new();
        for &q in &quantities {
            for &a in &amounts {
                for &p in &prices {
                    if undecided && q != a && q != p && a != p {
                        triples.push((q, a, p));
                    }
                }
            }
        }
        let triple = triples.into_iter().find(|&(q, a, p)| {
            let (share, rows) = product_share(sample, q, a, p);
            rows >= 3 && share >= 0.8
        });
        if let Some((q, a, p)) = triple {
            for (role, index) in [(Role::Quantity, q), (Role::Amount, a), (Role::UnitPrice, p)] {
                if map.get(role).is_none() {
                    map.set(role, index);
                    confidence.push((role, 0.85));
                    taken[index] = true;
                }
            }
        }
    }
    let computable = map.quantity.is_some() && map.unit_price.is_some();
    if kind == FileKind::Orders && unset(&map, Role::Amount) && !computable {
        // The rightmost money-like column: exports put totals last.
        let decimals: Vec<usize> =
            (0..headers.len()).filter(|&i| free(&taken, i) && profiles[i].kind() == ColumnKind::Decimal).collect();
        if let Some(&index) = decimals.last() {
            map.set(Role::Amount, index);
            confidence.push((Role::Amount, if decimals.len() == 1 { 0.7 } else { 0.45 }));
            taken[index] = true;
        }
    }
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
    let mut candidates: Vec<String> = Vec::new();
    if map.get(Role::Customer).is_none() {
        let date = date_role.and_then(|role| map.get(role));
        let mut scored: Vec<(usize, f64)> = (0..headers.len())
            .filter(|&i| free(&taken, i) && matches!(profiles[i].kind(), ColumnKind::Text | ColumnKind::Integer))
            .map(|i| {
                let score = match (id_like(&profiles[i]), kind) {
                    (false, _) => 0.1,
                    (true, FileKind::Orders) => customer_score(sample, &profiles[i], i, date),
                    // One row per customer (or per contact): the shape of the column says enough.
                    (true, _) => 0.7,
                };
                (i, score)
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        match scored.first() {
            Some(&(index, score)) if score >= CONFIDENT && unset(&map, Role::Customer) => {
                map.set(Role::Customer, index);
                confidence.push((Role::Customer, score));
                taken[index] = true;
            }
            _ => candidates = scored.iter().map(|&(i, _)| headers[i].clone()).collect(),
        }
    }
    if kind == FileKind::Orders && unset(&map, Role::Order) && map.customer.is_some() {
        let order = (0..headers.len()).find(|&i| {
            free(&taken, i)
                && matches!(profiles[i].kind(), ColumnKind::Text | ColumnKind::Integer)
                && looks_like_order(sample, &profiles[i], i, &map)
        });
        if let Some(index) = order {
            map.set(Role::Order, index);
            confidence.push((Role::Order, 0.7));
            taken[index] = true;
        }
    }
    if kind == FileKind::Orders && unset(&map, Role::Status) {
        let status = (0..headers.len()).find(|&i| {
            free(&taken, i) && profiles[i].kind() == ColumnKind::Text && looks_like_status(sample, &profiles[i], i)
        });
        if let Some(index) = status {
            map.set(Role::Status, index);
            confidence.push((Role::Status, 0.7));
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
            candidates,
        }));
    }
    Ok(Mapping { roles: map, confidence, platform })
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
        let map = map_roles(FileKind::Orders, &h, &p, &[], &overrides).unwrap().roles;
        assert_eq!((map.customer, map.date, map.amount), (Some(0), Some(1), Some(2)));
        let bad = RoleOverrides { customer: Some(RoleChoice::Column("nope".into())), ..Default::default() };
        let err = map_roles(FileKind::Orders, &h, &p, &[], &bad).unwrap_err();
        assert_eq!(err.code(), "unknown_column");
    }

    #[test]
    fn missing_roles_list_the_headers() {
        let h = headers(&["name", "city"]);
        let p = vec![ColumnProfile { non_empty: 10, distinct: 10, with_spaces: 10, ..Default::default() }; 2];
        let err = map_roles(FileKind::Orders, &h, &p, &[], &RoleOverrides::default()).unwrap_err();
        match err.kind() {
            ErrorKind::MissingRole { kind, roles, headers, .. } => {
                assert_eq!(kind, "orders");
                assert_eq!(roles, &["customer", "date", "amount (or quantity and unitPrice)"]);
                assert_eq!(headers, &h);
            }
            other => panic!("{other:?}"),
        }
    }
}
