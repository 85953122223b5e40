//! Which column plays which role: by header first (English, 简体, 繁體, as the contract lists), then by the
//! values of columns whose header is unknown, then the caller's overrides on top.

use super::options::{RoleChoice, RoleOverrides};
use crate::error::{Error, ErrorKind};
use serde::Serialize;

/// The roles a column can play.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// Customer id.
    Customer,
    /// Order date.
    Date,
    /// Line amount.
    Amount,
    /// Quantity.
    Quantity,
    /// Unit price.
    UnitPrice,
    /// Order id.
    Order,
    /// Any other text column, kept for comparisons.
    Dimension,
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
}

impl RoleMap {
    /// The role of column `index`, if one of the six.
    pub fn role_of(&self, index: usize) -> Option<Role> {
        let pairs = [
            (self.customer, Role::Customer),
            (self.date, Role::Date),
            (self.amount, Role::Amount),
            (self.quantity, Role::Quantity),
            (self.unit_price, Role::UnitPrice),
            (self.order, Role::Order),
        ];
        pairs.iter().find(|(col, _)| *col == Some(index)).map(|(_, role)| *role)
    }
}

/// Header synonyms per role, compared after [`normalize_header`].
pub const SYNONYMS: [(Role, &[&str]); 6] = [
    (
        Role::Customer,
        &[
            "customerid",
            "customer",
            "client",
            "clientid",
            "memberid",
            "userid",
            "email",
            "customerno",
            "customernumber",
            "buyer",
            "buyerid",
            "客户id",
            "客户编号",
            "会员id",
            "客户",
            "用户id",
            "买家会员名",
            "客户名称",
            "买家",
            "会员",
            "客戶編號",
            "會員編號",
            "客戶",
            "會員id",
        ],
    ),
    (
        Role::Date,
        &[
            "orderdate",
            "date",
            "invoicedate",
            "createdat",
            "purchasedate",
            "transactiondate",
            "saledate",
            "orderdatetime",
            "订单日期",
            "日期",
            "下单时间",
            "交易日期",
            "购买日期",
            "订单创建时间",
            "付款时间",
            "訂單日期",
            "交易日期",
            "日期時間",
            "下單時間",
        ],
    ),
    (
        Role::Amount,
        &[
            "amount",
            "total",
            "revenue",
            "sales",
            "linetotal",
            "netsales",
            "totalamount",
            "orderamount",
            "salesamount",
            "value",
            "金额",
            "销售额",
            "订单金额",
            "实付金额",
            "买家实际支付金额",
            "总金额",
            "金額",
            "銷售額",
            "訂單金額",
        ],
    ),
    (Role::Quantity, &["quantity", "qty", "units", "数量", "件数", "數量", "購買數量", "购买数量"]),
    (Role::UnitPrice, &["unitprice", "price", "单价", "單價", "价格", "價格"]),
    (
        Role::Order,
        &[
            "orderid",
            "order",
            "invoice",
            "invoiceno",
            "ordernumber",
            "orderno",
            "invoiceid",
            "invoicenumber",
            "订单号",
            "订单编号",
            "订单id",
            "訂單編號",
            "訂單號",
        ],
    ),
];

/// Lower case without spaces, underscores, hyphens or dots, so `Customer ID`, `customer_id` and `CustomerID` meet.
pub fn normalize_header(header: &str) -> String {
    header.chars().filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '\u{3000}')).flat_map(char::to_lowercase).collect()
}

/// The role a header names, if it is one of the contract's synonyms.
pub fn role_from_header(header: &str) -> Option<Role> {
    let key = normalize_header(header);
    SYNONYMS.iter().find(|(_, names)| names.contains(&key.as_str())).map(|(role, _)| *role)
}

/// Maps roles to columns: overrides first, then headers, then values for the columns no header named.
pub fn map_roles(headers: &[String], profiles: &[ColumnProfile], overrides: &RoleOverrides) -> Result<RoleMap, Error> {
    let mut map = RoleMap::default();
    let mut taken = vec![false; headers.len()];
    let choices = [
        ("roles.customer", &overrides.customer, Role::Customer),
        ("roles.date", &overrides.date, Role::Date),
        ("roles.amount", &overrides.amount, Role::Amount),
        ("roles.quantity", &overrides.quantity, Role::Quantity),
        ("roles.unitPrice", &overrides.unit_price, Role::UnitPrice),
        ("roles.order", &overrides.order, Role::Order),
    ];
    // 1. Overrides.
    let mut fixed = Vec::new();
    for (option, choice, role) in choices {
        match choice {
            Some(RoleChoice::Column(name)) => {
                let index = find_column(headers, name).ok_or_else(|| {
                    Error::new(ErrorKind::UnknownColumn {
                        option: option.to_string(),
                        column: name.clone(),
                        columns: headers.to_vec(),
                    })
                })?;
                *slot(&mut map, role) = Some(index);
                taken[index] = true;
                fixed.push(role);
            }
            Some(RoleChoice::Absent) => fixed.push(role),
            None => {}
        }
    }
    // 2. Headers, leftmost column first.
    for (index, header) in headers.iter().enumerate() {
        if taken[index] {
            continue;
        }
        if let Some(role) = role_from_header(header) {
            if role != Role::Dimension && !fixed.contains(&role) && slot(&mut map, role).is_none() {
                *slot(&mut map, role) = Some(index);
                taken[index] = true;
            }
        }
    }
    // 3. Values, for the required roles still missing, among columns no header named.
    let free = |taken: &[bool], index: usize| !taken[index] && role_from_header(&headers[index]).is_none();
    if map.date.is_none() && !fixed.contains(&Role::Date) {
        if let Some(index) = (0..headers.len()).find(|&i| free(&taken, i) && profiles[i].kind() == ColumnKind::Date) {
            map.date = Some(index);
            taken[index] = true;
        }
    }
    let computable = map.quantity.is_some() && map.unit_price.is_some();
    if map.amount.is_none() && !fixed.contains(&Role::Amount) && !computable {
        // The rightmost money-like column: exports put totals last.
        if let Some(index) =
            (0..headers.len()).rev().find(|&i| free(&taken, i) && profiles[i].kind() == ColumnKind::Decimal)
        {
            map.amount = Some(index);
            taken[index] = true;
        }
    }
    if map.customer.is_none() && !fixed.contains(&Role::Customer) {
        let id_like = |i: usize| {
            let p = &profiles[i];
            matches!(p.kind(), ColumnKind::Text | ColumnKind::Integer)
                && p.with_spaces * 10 <= p.non_empty
                && p.distinct < p.non_empty // ids repeat: customers buy more than once
                && p.distinct * 50 >= p.non_empty // …but are not a handful of categories
        };
        if let Some(index) = (0..headers.len()).find(|&i| free(&taken, i) && id_like(i)) {
            map.customer = Some(index);
        }
    }
    let mut missing = Vec::new();
    if map.customer.is_none() {
        missing.push("customer".to_string());
    }
    if map.date.is_none() {
        missing.push("date".to_string());
    }
    if map.amount.is_none() && !(map.quantity.is_some() && map.unit_price.is_some()) {
        missing.push("amount (or quantity and unitPrice)".to_string());
    }
    if !missing.is_empty() {
        return Err(Error::new(ErrorKind::MissingRole { roles: missing, headers: headers.to_vec() }));
    }
    Ok(map)
}

fn slot(map: &mut RoleMap, role: Role) -> &mut Option<usize> {
    match role {
        Role::Customer => &mut map.customer,
        Role::Date => &mut map.date,
        Role::Amount => &mut map.amount,
        Role::Quantity => &mut map.quantity,
        Role::UnitPrice => &mut map.unit_price,
        Role::Order | Role::Dimension => &mut map.order,
    }
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
        let map = map_roles(&h, &p, &overrides).unwrap();
        assert_eq!((map.customer, map.date, map.amount), (Some(0), Some(1), Some(2)));
        let bad = RoleOverrides { customer: Some(RoleChoice::Column("nope".into())), ..Default::default() };
        let err = map_roles(&h, &p, &bad).unwrap_err();
        assert_eq!(err.code(), "unknown_column");
    }

    #[test]
    fn missing_roles_list_the_headers() {
        let h = headers(&["name", "city"]);
        let p = vec![ColumnProfile { non_empty: 10, distinct: 10, with_spaces: 10, ..Default::default() }; 2];
        let err = map_roles(&h, &p, &RoleOverrides::default()).unwrap_err();
        match err.kind() {
            ErrorKind::MissingRole { roles, headers } => {
                assert_eq!(roles.len(), 3);
                assert_eq!(headers, &h);
            }
            other => panic!("{other:?}"),
        }
    }
}
