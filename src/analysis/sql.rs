//! The RFM analysis (analytics.md §3–§7) as one SQL query for a warehouse (DuckDB or Spark SQL), so a data team
//! gets the page's numbers on a table of hundreds of millions of order lines: common table expressions only, no
//! user-defined functions, no procedural code. The segment maps, tier names and shares, lifecycle stages and
//! breakpoint edges come from the same data the analysis uses (`rfm_11()`, `cn8::classes()`, `tier_names`, …),
//! so each fact lives once; what differs between the engines (quoting, date arithmetic, integer division) is in
//! [`Dialect`].
//!
//! Exactness: money is summed as `DECIMAL(38,4)`, compared and divided as whole 1/10,000 units (`BIGINT`), and the
//! quantile thresholds are compared as exact fractions, as `rfm()` does. The one comparison `rfm()` makes in
//! floating point that the query makes exactly is `cn-8` on raw monetary values against their mean (`rfm()` sums
//! the f64 currency values); the two can differ only for a customer whose value is within rounding of the mean.

use super::compare::{Baseline, CompareOptions, BLANK, COMPUTED_DIMENSIONS, OTHER};
use super::rfm::cn8::{self, Cn8Compare, Cn8Options};
use super::rfm::lifecycle::STAGES;
use super::rfm::segments::{Axes, GridMap};
use super::rfm::tiers::{tier_names, validate_shares};
use super::rfm::{breakpoint_edges, MonetaryMode, RfmOptions, ScoringMethod, SegmentMapChoice};
use crate::error::Error;
use crate::ingest::RoleNames;
use crate::money::UNITS_PER_CURRENCY;
use std::fmt::Write;

/// The SQL dialect of the warehouse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB (1.x).
    DuckDb,
    /// Spark SQL (3.x), also Databricks.
    Spark,
}

impl Dialect {
    /// The dialects by their option names.
    pub const NAMES: [(&'static str, Dialect); 2] = [("duckdb", Dialect::DuckDb), ("spark", Dialect::Spark)];

    /// The option name (`"duckdb"`, `"spark"`).
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "spark",
        }
    }

    /// A quoted identifier (a column name as the file's header gives it).
    fn ident(self, name: &str) -> String {
        match self {
            Dialect::DuckDb => format!("\"{}\"", name.replace('"', "\"\"")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
        }
    }

    /// A string literal. Spark reads backslash escapes and joins adjacent literals (`'a''b'` is `ab`), so it
    /// gets `\'`; DuckDB doubles the quote.
    fn text(self, value: &str) -> String {
        match self {
            Dialect::DuckDb => format!("'{}'", value.replace('\'', "''")),
            Dialect::Spark => format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'")),
        }
    }

    /// The name of the text type.
    fn text_type(self) -> &'static str {
        match self {
            Dialect::DuckDb => "VARCHAR",
            Dialect::Spark => "STRING",
        }
    }

    /// `later − earlier` in days, both DATEs.
    fn days_between(self, later: &str, earlier: &str) -> String {
        match self {
            Dialect::DuckDb => format!("date_diff('day', {earlier}, {later})"),
            Dialect::Spark => format!("datediff({later}, {earlier})"),
        }
    }

    /// A DATE plus one day.
    fn next_day(self, date: &str) -> String {
        match self {
            Dialect::DuckDb => format!("CAST({date} + INTERVAL 1 DAY AS DATE)"),
            Dialect::Spark => format!("date_add({date}, 1)"),
        }
    }

    /// Integer division of non-negative whole numbers.
    fn div(self, a: &str, b: &str) -> String {
        match self {
            Dialect::DuckDb => format!("(({a}) // ({b}))"),
            Dialect::Spark => format!("(({a}) div ({b}))"),
        }
    }
}

/// A table name as given when it is plain (`orders`, `sales.orders`), else quoted as one identifier.
fn table_name(dialect: Dialect, table: &str) -> String {
    let plain_part = |part: &str| {
        part.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if !table.is_empty() && table.split('.').all(plain_part) {
        table.to_string()
    } else {
        dialect.ident(table)
    }
}

/// What [`rfm_sql`] needs: the engine, the table, its columns by role, and the analysis options.
#[derive(Clone, Debug)]
pub struct SqlRequest {
    /// The engine.
    pub dialect: Dialect,
    /// The warehouse table holding the order lines.
    pub table: String,
    /// The column of each role (default: the loaded file's headers, `LoadReport.roles`).
    pub columns: RoleNames,
    /// The RFM options, as `rfm()` takes them.
    pub rfm: RfmOptions,
    /// The comparison to write as `compareSql` (one column of the table in `by`), if any.
    pub compare: Option<CompareOptions>,
}

/// The generated queries.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SqlQueries {
    /// `"duckdb"` or `"spark"`.
    pub dialect: String,
    /// One row per scored customer: `id, recencyDays, frequency, monetaryExact, tenureDays, r, f, m, segment,
    /// tier, lifecycle`, in customer-id order.
    pub sql: String,
    /// `compare()`'s groups (§8) when a `by` column was given: one row per group in the result's order.
    #[serde(rename = "compareSql")]
    pub compare_sql: Option<String>,
}

/// The RFM query for `request`, with every option checked as `rfm()` checks it.
pub fn rfm_sql(request: &SqlRequest) -> Result<SqlQueries, Error> {
    let options = &request.rfm;
    options.validate()?;
    let d = request.dialect;
    let column = |role: &str, name: &Option<String>| -> Result<String, Error> {
        match name {
            Some(name) if !name.trim().is_empty() => Ok(d.ident(name)),
            _ => Err(Error::invalid_option(
                format!("columns.{role}"),
                "name the warehouse column of this role (the file has none)",
            )),
        }
    };
    let columns = &request.columns;
    let customer = column("customer", &columns.customer)?;
    let date = column("date", &columns.date)?;
    let amount = match (&columns.amount, &columns.quantity, &columns.unit_price) {
        (Some(_), _, _) => format!("CAST({} AS DECIMAL(38,4))", column("amount", &columns.amount)?),
        (None, Some(_), Some(_)) => format!(
            "CAST(ROUND({} * {}, 4) AS DECIMAL(38,4))",
            column("quantity", &columns.quantity)?,
            column("unitPrice", &columns.unit_price)?
        ),
        _ => return Err(Error::invalid_option("columns.amount", "name the amount column, or quantity and unitPrice")),
    };
    let order = columns.order.as_ref().map(|name| d.ident(name));
    let bins = i64::from(options.bins);
    let mut sql = String::new();
    let w = &mut sql;
    let _ = write!(w, "WITH ");
    source_sql(w, d, &request.table, &customer, &date, &amount, order.as_deref(), &[])?;
    // The analysis date D (§2).
    match options.analysis_date {
        Some(day) => {
            let _ = writeln!(w, "params AS (SELECT DATE '{day}' AS d),");
        }
        None => {
            let _ = writeln!(w, "params AS (SELECT {} AS d FROM src),", d.next_day("MAX(day)"));
        }
    }
    // Per-customer metrics over the rows before D (§3); frequency 0 is not scored.
    let frequency = if order.is_some() {
        "COUNT(DISTINCT CASE WHEN amount > 0 THEN order_id END) + SUM(CASE WHEN amount > 0 AND order_id IS NULL THEN 1 ELSE 0 END)"
    } else {
        "SUM(CASE WHEN amount > 0 THEN 1 ELSE 0 END)"
    };
    let _ = writeln!(
        w,
        "customers AS (\n  SELECT customer, MIN(CASE WHEN amount > 0 THEN day END) AS first_purchase, MAX(CASE WHEN amount > 0 THEN day END) AS last_purchase,\n    {frequency} AS frequency, SUM(amount) AS total\n  FROM src, params WHERE day < params.d\n  GROUP BY customer\n),"
    );
    let units = format!("CAST(total * {UNITS_PER_CURRENCY} AS BIGINT)");
    let _ = writeln!(
        w,
        "metrics AS (\n  SELECT customer, {} AS recency_days, {} AS tenure_days, CAST(frequency AS BIGINT) AS frequency, total, {units} AS total_units, COUNT(*) OVER () AS n\n  FROM customers, params WHERE frequency > 0\n),",
        d.days_between("params.d", "last_purchase"),
        d.days_between("params.d", "first_purchase"),
    );
    // Monetary as configured: the total, or total ÷ frequency rounded half away from zero to 1/10,000.
    let (monetary_units, monetary_exact) = match options.monetary {
        MonetaryMode::Total => ("total_units".to_string(), "total".to_string()),
        MonetaryMode::Mean => {
            let quotient = d.div("ABS(total_units)", "frequency");
            let rounded = format!(
                "(SIGN(total_units) * ({quotient} + CASE WHEN 2 * (ABS(total_units) - {quotient} * frequency) >= frequency THEN 1 ELSE 0 END))"
            );
            (rounded.clone(), format!("CAST(CAST({rounded} AS DECIMAL(38,4)) * 0.0001 AS DECIMAL(38,4))"))
        }
    };
    let _ = writeln!(
        w,
        "valued AS (\n  SELECT *, CAST({monetary_units} AS BIGINT) AS monetary_units, {monetary_exact} AS monetary_exact FROM metrics\n),"
    );
    // One row per customer and metric: 0 recency (days), 1 frequency (orders), 2 monetary (1/10,000 units).
    let _ = writeln!(
        w,
        "metric_values AS (\n  SELECT customer, 0 AS metric, CAST(recency_days AS BIGINT) AS v, n FROM valued\n  UNION ALL SELECT customer, 1, frequency, n FROM valued\n  UNION ALL SELECT customer, 2, monetary_units, n FROM valued\n),"
    );
    scores_sql(w, d, &options.method, bins);
    let _ = writeln!(
        w,
        "scores AS (\n  SELECT customer, MAX(CASE WHEN metric = 0 THEN score END) AS r, MAX(CASE WHEN metric = 1 THEN score END) AS f, MAX(CASE WHEN metric = 2 THEN score END) AS m\n  FROM scored GROUP BY customer\n),"
    );
    let segment = match &options.segment_map {
        SegmentMapChoice::Grid(map) => grid_segment(d, map, bins),
        SegmentMapChoice::Cn8(cn8_options) => {
            cn8_stats(w, d, cn8_options);
            cn8_segment(d, cn8_options)
        }
    };
    let tier = tier_case(d, &options.tiers)?;
    let t = &options.lifecycle;
    let lifecycle = format!(
        "CASE WHEN v.tenure_days <= {} THEN {} WHEN v.recency_days <= {} THEN {} WHEN v.recency_days <= {} THEN {} ELSE {} END",
        t.new_days,
        d.text(STAGES[0].0),
        t.active_days,
        d.text(STAGES[1].0),
        t.at_risk_days,
        d.text(STAGES[2].0),
        d.text(STAGES[3].0)
    );
    let stats_join =
        if matches!(options.segment_map, SegmentMapChoice::Cn8(_)) { " CROSS JOIN cn8_stats c" } else { "" };
    let _ = writeln!(
        w,
        "ranked AS (\n  SELECT v.*, s.r, s.f, s.m, ROW_NUMBER() OVER (ORDER BY v.total DESC, v.customer) AS value_rank\n  FROM valued v JOIN scores s ON s.customer = v.customer\n)"
    );
    let q = |name: &str| d.ident(name);
    let _ = write!(
        w,
        "SELECT v.customer AS {}, CAST(v.recency_days AS INTEGER) AS {}, CAST(v.frequency AS INTEGER) AS {}, v.monetary_exact AS {}, CAST(v.tenure_days AS INTEGER) AS {},\n  CAST(v.r AS INTEGER) AS {}, CAST(v.f AS INTEGER) AS {}, CAST(v.m AS INTEGER) AS {},\n  {segment} AS {},\n  {tier} AS {},\n  {lifecycle} AS {}\nFROM ranked v{stats_join}\nORDER BY v.customer",
        q("id"),
        q("recencyDays"),
        q("frequency"),
        q("monetaryExact"),
        q("tenureDays"),
        q("r"),
        q("f"),
        q("m"),
        q("segment"),
        q("tier"),
        q("lifecycle"),
    );
    let compare_sql = match &request.compare {
        Some(compare) => Some(compare_sql(request, compare, [&customer, &date, &amount], order.as_deref())?),
        None => None,
    };
    Ok(SqlQueries { dialect: d.name().to_string(), sql, compare_sql })
}

/// The `src` CTE: the readable rows (§1: customer, date and amount readable; ids trimmed, blank is missing), with
/// the order id (blank is none) and `extra` columns `(expression, alias)`.
#[allow(clippy::too_many_arguments)]
fn source_sql(
    w: &mut String,
    d: Dialect,
    table: &str,
    customer: &str,
    date: &str,
    amount: &str,
    order: Option<&str>,
    extra: &[(String, &str)],
) -> Result<(), Error> {
    let text = d.text_type();
    let _ = write!(
        w,
        "src AS (\n  SELECT TRIM(CAST({customer} AS {text})) AS customer, CAST({date} AS DATE) AS day, {amount} AS amount"
    );
    match order {
        Some(order) => {
            let _ = write!(w, ", NULLIF(TRIM(CAST({order} AS {text})), '') AS order_id");
        }
        None => {
            let _ = write!(w, ", CAST(NULL AS {text}) AS order_id");
        }
    }
    for (expression, alias) in extra {
        let _ = write!(w, ", {expression} AS {alias}");
    }
    let _ = writeln!(
        w,
        "\n  FROM {}\n  WHERE {customer} IS NOT NULL AND TRIM(CAST({customer} AS {text})) <> '' AND {date} IS NOT NULL AND ({amount}) IS NOT NULL\n),",
        table_name(d, table)
    );
    Ok(())
}

/// `compare()`'s groups (§8, §9) on one column of the table: the window (all rows before D, `from`/`to`, or a
/// period of P days against the P days before or a year earlier), the top N by current revenue (ties by name) and
/// `Other` with its distinct orders and customers recomputed, every metric in both windows and its change.
fn compare_sql(
    request: &SqlRequest,
    options: &CompareOptions,
    [customer, date, amount]: [&str; 3],
    order: Option<&str>,
) -> Result<String, Error> {
    options.validate()?;
    let d = request.dialect;
    let by = match options.by.as_slice() {
        [one] => one,
        _ => return Err(Error::invalid_option("by", "the warehouse query compares by one column")),
    };
    if COMPUTED_DIMENSIONS.contains(&by.as_str()) {
        return Err(Error::invalid_option(
            "by",
            format!("{by} is computed by the page; the warehouse query compares by a column of the table"),
        ));
    }
    let text = d.text_type();
    let quantity = request.columns.quantity.as_ref().map(|q| d.ident(q));
    let mut extra = vec![(format!("NULLIF(TRIM(CAST({} AS {text})), '')", d.ident(by)), "dim")];
    if let Some(quantity) = &quantity {
        extra.push((format!("CAST({quantity} AS DECIMAL(38,4))"), "quantity"));
    }
    let mut sql = String::new();
    let w = &mut sql;
    let _ = write!(w, "WITH ");
    source_sql(w, d, &request.table, customer, date, amount, order, &extra)?;
    let minus = |date: &str, days: i64| match d {
        Dialect::DuckDb => format!("CAST({date} - INTERVAL {days} DAY AS DATE)"),
        Dialect::Spark => format!("date_sub({date}, {days})"),
    };
    let year_earlier = |date: &str| match d {
        Dialect::DuckDb => format!("CAST({date} - INTERVAL 1 YEAR AS DATE)"),
        Dialect::Spark => format!("add_months({date}, -12)"),
    };
    match options.analysis_date.or(options.rfm.analysis_date) {
        Some(day) => {
            let _ = writeln!(w, "params AS (SELECT DATE '{day}' AS d),");
        }
        None => {
            let _ = writeln!(w, "params AS (SELECT {} AS d FROM src),", d.next_day("MAX(day)"));
        }
    }
    // The windows: current [cur_from, cur_to], previous [prev_from, prev_to] (NULL without a period).
    let (cur_from, cur_to, prev_from, prev_to) = match options.period {
        Some(period) => {
            let p = i64::from(period.days);
            let (prev_from, prev_to) = match period.vs {
                Baseline::Previous => (minus("d", 2 * p), minus("d", p + 1)),
                Baseline::Year => (year_earlier(&minus("d", p)), year_earlier(&minus("d", 1))),
            };
            (minus("d", p), minus("d", 1), prev_from, prev_to)
        }
        None => {
            let from = options.from.map_or("CAST(NULL AS DATE)".to_string(), |f| format!("DATE '{f}'"));
            let to = match options.to {
                Some(to) => format!("LEAST(DATE '{to}', {})", minus("d", 1)),
                None => minus("d", 1),
            };
            (from, to, "CAST(NULL AS DATE)".into(), "CAST(NULL AS DATE)".into())
        }
    };
    let _ = writeln!(
        w,
        "windows AS (SELECT d, {cur_from} AS cur_from, {cur_to} AS cur_to, {prev_from} AS prev_from, {prev_to} AS prev_to FROM params),"
    );
    let _ = writeln!(
        w,
        "rows_in AS (\n  SELECT src.*, COALESCE(dim, {}) AS key_text, CASE WHEN dim IS NULL THEN 1 ELSE 0 END AS key_kind,\n    CASE WHEN day <= cur_to AND (cur_from IS NULL OR day >= cur_from) THEN 'current' ELSE 'previous' END AS win\n  FROM src, windows\n  WHERE day < windows.d AND ((day <= cur_to AND (cur_from IS NULL OR day >= cur_from)) OR (day >= prev_from AND day <= prev_to))\n),",
        d.text(BLANK)
    );
    // Top N by current revenue, ties by name (code points) then kind; the rest is Other (kind 2).
    let _ = writeln!(
        w,
        "ranked AS (\n  SELECT key_text, key_kind, ROW_NUMBER() OVER (ORDER BY SUM(CASE WHEN win = 'current' THEN amount ELSE 0 END) DESC, key_text, key_kind) AS group_rank\n  FROM rows_in GROUP BY key_text, key_kind\n),"
    );
    let top = options.top;
    let _ = writeln!(
        w,
        "keyed AS (\n  SELECT r.customer, r.amount, r.order_id, r.win{}, CASE WHEN g.group_rank <= {top} THEN r.key_text ELSE {} END AS key_text, CASE WHEN g.group_rank <= {top} THEN r.key_kind ELSE 2 END AS key_kind\n  FROM rows_in r JOIN ranked g ON g.key_text = r.key_text AND g.key_kind = r.key_kind\n),",
        if quantity.is_some() { ", r.quantity" } else { "" },
        d.text(OTHER)
    );
    // Orders: distinct (customer, order id) pairs with amount > 0, a row without an order id being one of its own.
    let pair = format!("concat(CAST(length(customer) AS {text}), ':', customer, order_id)");
    let orders = format!(
        "COUNT(DISTINCT CASE WHEN amount > 0 AND order_id IS NOT NULL THEN {pair} END) + SUM(CASE WHEN amount > 0 AND order_id IS NULL THEN 1 ELSE 0 END)"
    );
    let units = if quantity.is_some() { "SUM(quantity)" } else { "CAST(NULL AS DECIMAL(38,4))" };
    let sums = format!(
        "CAST(SUM(amount) * {UNITS_PER_CURRENCY} AS BIGINT) AS revenue_units, SUM(amount) AS revenue, {orders} AS orders, COUNT(DISTINCT CASE WHEN amount > 0 THEN customer END) AS customers, {units} AS units"
    );
    let _ =
        writeln!(w, "sums AS (SELECT key_text, key_kind, win, {sums} FROM keyed GROUP BY key_text, key_kind, win),");
    let _ = writeln!(w, "totals AS (SELECT win, {sums} FROM keyed GROUP BY win),");
    let _ = writeln!(w, "group_keys AS (SELECT DISTINCT key_text, key_kind FROM keyed),");
    // Metrics of each group in each window, zeros where the group has no row in it (§8's quotients).
    let per = |num: &str, den: &str| {
        format!("CASE WHEN {den} = 0 THEN NULL ELSE CAST({num} AS DOUBLE) / {UNITS_PER_CURRENCY} / CAST({den} AS DOUBLE) END")
    };
    let metrics = |window: &str, alias: &str| {
        let zero_units = if quantity.is_some() { "0" } else { "NULL" };
        format!(
            "{alias} AS (\n  SELECT g.key_text, g.key_kind, COALESCE(s.revenue_units, 0) AS revenue_units, COALESCE(s.revenue, CAST(0 AS DECIMAL(38,4))) AS revenue, COALESCE(s.orders, 0) AS orders, COALESCE(s.customers, 0) AS customers, CAST(COALESCE(s.units, {zero_units}) AS DOUBLE) AS units,\n    t.revenue_units AS total_units, t.orders AS total_orders, t.customers AS total_customers, t.win IS NOT NULL AS has_window\n  FROM group_keys g LEFT JOIN sums s ON s.key_text = g.key_text AND s.key_kind = g.key_kind AND s.win = '{window}'\n  LEFT JOIN totals t ON t.win = '{window}'\n),"
        )
    };
    let _ = writeln!(w, "{}", metrics("current", "cur"));
    let _ = writeln!(w, "{}", metrics("previous", "prev"));
    let ratios = |alias: &str| {
        let aov = per(&format!("{alias}.revenue_units"), &format!("{alias}.orders"));
        let rpc = per(&format!("{alias}.revenue_units"), &format!("{alias}.customers"));
        let total_aov = per(&format!("{alias}.total_units"), &format!("{alias}.total_orders"));
        let total_rpc = per(&format!("{alias}.total_units"), &format!("{alias}.total_customers"));
        let share = format!(
            "CASE WHEN COALESCE({alias}.total_units, 0) = 0 THEN NULL ELSE CAST({alias}.revenue_units AS DOUBLE) / CAST({alias}.total_units AS DOUBLE) END"
        );
        let index = |value: &str, overall: &str| {
            format!("CASE WHEN ({value}) IS NULL OR ({overall}) IS NULL OR ({overall}) = 0 THEN NULL ELSE 100.0 * ({value}) / ({overall}) END")
        };
        [
            format!("{alias}.revenue"),
            format!("CAST({alias}.orders AS BIGINT)"),
            format!("CAST({alias}.customers AS BIGINT)"),
            format!("{alias}.units"),
            aov.clone(),
            rpc.clone(),
            share,
            index(&aov, &total_aov),
            index(&rpc, &total_rpc),
        ]
    };
    let names = [
        "revenueExact",
        "orders",
        "customers",
        "units",
        "aov",
        "revenuePerCustomer",
        "share",
        "aovIndex",
        "revenuePerCustomerIndex",
    ];
    let current = ratios("cur");
    let previous = ratios("prev");
    let mut select: Vec<String> = vec![
        format!("cur.key_text AS {}", d.ident("key")),
        format!("CASE cur.key_kind WHEN 0 THEN 'value' WHEN 1 THEN 'blank' ELSE 'other' END AS {}", d.ident("keyKind")),
    ];
    for (name, value) in names.iter().zip(&current) {
        select.push(format!("{value} AS {}", d.ident(name)));
    }
    let has_previous = options.period.is_some();
    for (name, value) in names.iter().zip(&previous) {
        let value = if has_previous { value.clone() } else { "NULL".into() };
        select.push(format!("{value} AS {}", d.ident(&format!("previous{}{}", name[..1].to_uppercase(), &name[1..]))));
    }
    // change = (current − previous) ÷ |previous|; NULL when previous is 0 or either is undefined.
    let exact = ["cur.revenue_units", "cur.orders", "cur.customers"];
    let exact_previous = ["prev.revenue_units", "prev.orders", "prev.customers"];
    for (k, name) in names.iter().enumerate() {
        let name = if k == 0 { "revenue" } else { name };
        let (c, p) = if k < 3 {
            (exact[k].to_string(), exact_previous[k].to_string())
        } else {
            (current[k].clone(), previous[k].clone())
        };
        let change = if has_previous {
            format!("CASE WHEN ({p}) IS NULL OR ({c}) IS NULL OR ({p}) = 0 THEN NULL ELSE CAST(({c}) - ({p}) AS DOUBLE) / ABS(CAST(({p}) AS DOUBLE)) END")
        } else {
            "NULL".into()
        };
        select.push(format!("{change} AS {}", d.ident(&format!("change{}{}", name[..1].to_uppercase(), &name[1..]))));
    }
    let _ = write!(
        w,
        "result_rows AS (\n  SELECT {}, CASE WHEN cur.key_kind = 2 THEN 1 ELSE 0 END AS is_other, cur.revenue_units AS sort_revenue, cur.key_text AS sort_text, cur.key_kind AS sort_kind\n  FROM cur JOIN prev ON prev.key_text = cur.key_text AND prev.key_kind = cur.key_kind\n)\nSELECT {} FROM result_rows ORDER BY is_other, sort_revenue DESC, sort_text, sort_kind",
        select.join(",\n    "),
        std::iter::once("key".to_string())
            .chain(std::iter::once("keyKind".to_string()))
            .chain(names.iter().map(|n| n.to_string()))
            .chain(names.iter().map(|n| format!("previous{}{}", n[..1].to_uppercase(), &n[1..])))
            .chain(names.iter().enumerate().map(|(k, n)| {
                let n = if k == 0 { "revenue" } else { n };
                format!("change{}{}", n[..1].to_uppercase(), &n[1..])
            }))
            .map(|n| d.ident(&n))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(sql)
}

/// The `thresholds` and `scored` CTEs: each (customer, metric)'s score 1..B by the method (§4).
fn scores_sql(w: &mut String, d: Dialect, method: &ScoringMethod, bins: i64) {
    let orient = |bin: &str| format!("CASE WHEN metric = 0 THEN {bins} + 1 - {bin} ELSE {bin} END");
    match method {
        ScoringMethod::Rank => {
            // score = floor(count(worse) × B / n) + 1; worse = smaller (larger recency): min rank − 1.
            let worse = "(RANK() OVER (PARTITION BY metric ORDER BY CASE WHEN metric = 0 THEN -v ELSE v END) - 1)";
            let _ = writeln!(
                w,
                "scored AS (\n  SELECT customer, metric, {} + 1 AS score FROM metric_values\n),",
                d.div(&format!("{worse} * {bins}"), "n")
            );
            return;
        }
        ScoringMethod::Quantile => {
            // R type-7 quantile at k/B plus one unit, kept exact as (x_lo·B + frac·(x_hi − x_lo) + unit·B) / B.
            let ks: Vec<String> = (1..bins).map(|k| format!("SELECT {k} AS k")).collect();
            let _ = writeln!(
                w,
                "sorted AS (\n  SELECT metric, v, n, ROW_NUMBER() OVER (PARTITION BY metric ORDER BY v) - 1 AS pos FROM metric_values\n),\nks AS ({}),",
                ks.join(" UNION ALL ")
            );
            let big = |x: &str| format!("CAST({x} AS DECIMAL(38,0))");
            let _ = writeln!(
                w,
                "thresholds AS (\n  SELECT lo.metric, ks.k, {} * {bins} + (((lo.n - 1) * ks.k) % {bins}) * ({} - {}) + CASE WHEN lo.metric = 2 THEN {UNITS_PER_CURRENCY} ELSE 1 END * {bins} AS scaled\n  FROM ks JOIN sorted lo ON lo.pos = {}\n  JOIN sorted hi ON hi.metric = lo.metric AND hi.pos = LEAST(lo.pos + 1, lo.n - 1)\n),",
                big("lo.v"),
                big("hi.v"),
                big("lo.v"),
                d.div("(lo.n - 1) * ks.k", &bins.to_string()),
            );
        }
        ScoringMethod::Breakpoints { recency, frequency, monetary } => {
            // Edges as given (no +1), in the metrics' whole units, compared as scaled × B like the thresholds.
            let edges = breakpoint_edges(recency, frequency, monetary);
            let rows: Vec<String> = edges
                .iter()
                .enumerate()
                .flat_map(|(metric, edges)| {
                    edges.iter().enumerate().map(move |(k, e)| {
                        format!(
                            "SELECT {metric} AS metric, {} AS k, CAST({e} AS DECIMAL(38,0)) * {bins} AS scaled",
                            k + 1
                        )
                    })
                })
                .collect();
            let _ = writeln!(w, "thresholds AS (\n  {}\n),", rows.join("\n  UNION ALL "));
        }
    }
    // bin = 1 + the thresholds at or below the value; [lower, upper) bins, numbered low to high.
    let _ = writeln!(
        w,
        "binned AS (\n  SELECT l.customer, l.metric, 1 + COUNT(t.k) AS bin FROM metric_values l\n  LEFT JOIN thresholds t ON t.metric = l.metric AND t.scaled <= CAST(l.v AS DECIMAL(38,0)) * {bins}\n  GROUP BY l.customer, l.metric\n),\nscored AS (\n  SELECT customer, metric, {} AS score FROM binned\n),",
        orient("bin")
    );
}

/// The segment of a grid map (§5): scores mapped to the map's scale when it rescales, FM = ceil((F + M) / 2) on
/// R-FM maps, first matching rule, else the map's other segment.
fn grid_segment(d: Dialect, map: &GridMap, bins: i64) -> String {
    let scale = i64::from(map.scale);
    let to_scale = |s: &str| {
        if map.rescale && i64::from(map.scale) != bins {
            d.div(&format!("v.{s} * {scale} + {}", bins - 1), &bins.to_string())
        } else {
            format!("v.{s}")
        }
    };
    let (r, f, m) = (to_scale("r"), to_scale("f"), to_scale("m"));
    let (second, third) = match map.axes {
        Axes::Rfm => (f, Some(m)),
        Axes::RFm => (d.div(&format!("{f} + {m} + 1"), "2"), None),
    };
    let within = |value: &str, range: [u8; 2]| format!("{value} BETWEEN {} AND {}", range[0], range[1]);
    let mut case = String::from("CASE");
    for rule in &map.rules {
        let boxes: Vec<String> = rule
            .cells
            .iter()
            .map(|b| {
                let mut parts = vec![within(&r, b.r), within(&second, b.f)];
                if let Some(third) = &third {
                    if b.m != [1, u8::MAX] {
                        parts.push(within(third, b.m));
                    }
                }
                format!("({})", parts.join(" AND "))
            })
            .collect();
        let _ = write!(case, "\n    WHEN {} THEN {}", boxes.join(" OR "), d.text(&rule.segment));
    }
    let _ = write!(case, "\n    ELSE {} END", d.text(&map.other.en));
    case
}

/// The `cn8_stats` CTE: per metric, n and the sum (for the mean) or the two middle values (for the median) of
/// what is compared (scores, or raw days, orders and 1/10,000 units).
fn cn8_stats(w: &mut String, d: Dialect, options: &Cn8Options) {
    let source = |metric: usize| -> String {
        match (options.raw, metric) {
            (false, 0) => "s.r".into(),
            (false, 1) => "s.f".into(),
            (false, _) => "s.m".into(),
            (true, 0) => "v.recency_days".into(),
            (true, 1) => "v.frequency".into(),
            (true, _) => "v.monetary_units".into(),
        }
    };
    let _ = write!(w, "cn8_values AS (\n  SELECT ");
    let values: Vec<String> =
        (0..3).map(|metric| format!("CAST({} AS DECIMAL(38,0)) AS x{metric}", source(metric))).collect();
    let _ = writeln!(w, "{}, v.n FROM valued v JOIN scores s ON s.customer = v.customer\n),", values.join(", "));
    match options.compare {
        Cn8Compare::Median => {
            // The middle values x[(n − 1) / 2] and x[n / 2] (0-based; the same one when n is odd).
            let ranked: Vec<String> =
                (0..3).map(|k| format!("x{k}, ROW_NUMBER() OVER (ORDER BY x{k}) - 1 AS p{k}")).collect();
            let _ = writeln!(w, "cn8_ranked AS (SELECT n, {} FROM cn8_values),", ranked.join(", "));
            let middle: Vec<String> = (0..3)
                .map(|k| {
                    let low = d.div("n - 1", "2");
                    let high = d.div("n", "2");
                    format!("SUM(CASE WHEN p{k} = {low} THEN x{k} ELSE 0 END) + SUM(CASE WHEN p{k} = {high} THEN x{k} ELSE 0 END) AS middle{k}")
                })
                .collect();
            let _ = writeln!(w, "cn8_stats AS (SELECT {} FROM cn8_ranked),", middle.join(", "));
        }
        _ => {
            let sums: Vec<String> = (0..3).map(|k| format!("SUM(x{k}) AS sum{k}")).collect();
            let _ = writeln!(w, "cn8_stats AS (SELECT COUNT(*) AS n, {} FROM cn8_values),", sums.join(", "));
        }
    }
}

/// The `cn-8` class (§5): each metric high when at least the comparison value (raw recency: at most), compared
/// exactly (`x · n ≥ Σ` for the mean, `2x ≥ a + b` for the median).
fn cn8_segment(d: Dialect, options: &Cn8Options) -> String {
    let value = |metric: usize| -> String {
        match (options.raw, metric) {
            (false, 0) => "v.r".into(),
            (false, 1) => "v.f".into(),
            (false, _) => "v.m".into(),
            (true, 0) => "v.recency_days".into(),
            (true, 1) => "v.frequency".into(),
            (true, _) => "v.monetary_units".into(),
        }
    };
    let high = |metric: usize| -> String {
        let x = format!("CAST({} AS DECIMAL(38,0))", value(metric));
        let op = if options.raw && metric == 0 { "<=" } else { ">=" };
        match &options.compare {
            Cn8Compare::Mean => format!("{x} * c.n {op} c.sum{metric}"),
            Cn8Compare::Median => format!("2 * {x} {op} c.middle{metric}"),
            Cn8Compare::Fixed { recency, frequency, monetary } => {
                let fixed = [recency, frequency, monetary][metric];
                // As rfm() compares: the value in f64 (raw money ÷ 10,000) against the given f64.
                let scaled = if options.raw && metric == 2 {
                    format!("CAST({} AS DOUBLE) / {UNITS_PER_CURRENCY}.0", value(metric))
                } else {
                    format!("CAST({} AS DOUBLE)", value(metric))
                };
                format!("{scaled} {op} {fixed:e}")
            }
        }
    };
    let mut case = String::from("CASE");
    for (en, _, key) in cn8::classes() {
        let parts: Vec<String> =
            (0..3).map(|k| if key[k] { format!("({})", high(k)) } else { format!("NOT ({})", high(k)) }).collect();
        let _ = write!(case, "\n    WHEN {} THEN {}", parts.join(" AND "), d.text(en));
    }
    case.push_str("\n  END");
    case
}

/// The tier (§6): rank k by total monetary (largest first, ties by id) in the first tier with `k ≤ ceil(s × n)`,
/// s the cumulative share (in whole millionths, as `rfm()`).
fn tier_case(d: Dialect, shares: &[f64]) -> Result<String, Error> {
    let micros = validate_shares(shares)?;
    let names = tier_names(micros.len());
    let mut case = String::from("CASE");
    let mut cumulative = 0u64;
    for (k, (micro, (en, _))) in micros.iter().zip(&names).enumerate() {
        cumulative += micro;
        if k + 1 == micros.len() {
            let _ = write!(case, " ELSE {} END", d.text(en));
        } else {
            let bound = d.div(&format!("CAST(v.n AS BIGINT) * {cumulative} + 999999"), "1000000");
            let _ = write!(case, " WHEN v.value_rank <= {bound} THEN {}", d.text(en));
        }
    }
    Ok(case)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(dialect: Dialect, rfm: RfmOptions) -> SqlRequest {
        SqlRequest {
            dialect,
            table: "orders".into(),
            columns: RoleNames {
                customer: Some("customer_id".into()),
                date: Some("order_date".into()),
                amount: Some("amount".into()),
                order: Some("order id".into()),
                ..RoleNames::default()
            },
            rfm,
            compare: None,
        }
    }

    #[test]
    fn names_the_columns_and_quotes_per_dialect() {
        let duck = rfm_sql(&request(Dialect::DuckDb, RfmOptions::default())).unwrap().sql;
        assert!(duck.contains("\"customer_id\"") && duck.contains("\"order id\"") && duck.contains("FROM orders"));
        assert!(duck.contains("'Can''t Lose Them'"), "rfm-11's names as DuckDB literals");
        let spark = rfm_sql(&request(Dialect::Spark, RfmOptions::default())).unwrap().sql;
        assert!(spark.contains("`order id`") && spark.contains("'Can\\'t Lose Them'") && spark.contains("datediff("));
        assert!(!spark.contains("date_diff") && !spark.contains("//"));
    }

    #[test]
    fn refuses_what_rfm_refuses_and_missing_columns() {
        let bad = RfmOptions { bins: 11, ..RfmOptions::default() };
        assert_eq!(rfm_sql(&request(Dialect::DuckDb, bad)).unwrap_err().code(), "invalid_option");
        let mut no_amount = request(Dialect::DuckDb, RfmOptions::default());
        no_amount.columns.amount = None;
        assert_eq!(rfm_sql(&no_amount).unwrap_err().code(), "invalid_option");
        no_amount.columns.quantity = Some("qty".into());
        no_amount.columns.unit_price = Some("price".into());
        assert!(rfm_sql(&no_amount).unwrap().sql.contains("ROUND(\"qty\" * \"price\", 4)"));
    }

    #[test]
    fn odd_table_names_are_quoted() {
        assert_eq!(table_name(Dialect::DuckDb, "main.orders_2024"), "main.orders_2024");
        assert_eq!(table_name(Dialect::DuckDb, "order lines"), "\"order lines\"");
        assert_eq!(table_name(Dialect::Spark, "x;drop"), "`x;drop`");
    }
}
