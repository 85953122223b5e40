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
}

/// The generated queries.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SqlQueries {
    /// `"duckdb"` or `"spark"`.
    pub dialect: String,
    /// One row per scored customer: `id, recencyDays, frequency, monetaryExact, tenureDays, r, f, m, segment,
    /// tier, lifecycle`, in customer-id order.
    pub sql: String,
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
    let text = d.text_type();
    let bins = i64::from(options.bins);
    let mut sql = String::new();
    let w = &mut sql;
    // Readable rows (§1: customer, date and amount readable; ids trimmed, blank is missing).
    let _ = write!(
        w,
        "WITH src AS (\n  SELECT TRIM(CAST({customer} AS {text})) AS customer, CAST({date} AS DATE) AS day, {amount} AS amount"
    );
    match &order {
        Some(order) => {
            let _ = write!(w, ", NULLIF(TRIM(CAST({order} AS {text})), '') AS order_id");
        }
        None => w.push_str(", CAST(NULL AS STRING) AS order_id".replace("STRING", text).as_str()),
    }
    let _ = writeln!(
        w,
        "\n  FROM {}\n  WHERE {customer} IS NOT NULL AND TRIM(CAST({customer} AS {text})) <> '' AND {date} IS NOT NULL AND ({amount}) IS NOT NULL\n),",
        table_name(d, &request.table)
    );
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
        "long AS (\n  SELECT customer, 0 AS metric, CAST(recency_days AS BIGINT) AS v, n FROM valued\n  UNION ALL SELECT customer, 1, frequency, n FROM valued\n  UNION ALL SELECT customer, 2, monetary_units, n FROM valued\n),"
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
    Ok(SqlQueries { dialect: d.name().to_string(), sql })
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
                "scored AS (\n  SELECT customer, metric, {} + 1 AS score FROM long\n),",
                d.div(&format!("{worse} * {bins}"), "n")
            );
            return;
        }
        ScoringMethod::Quantile => {
            // R type-7 quantile at k/B plus one unit, kept exact as (x_lo·B + frac·(x_hi − x_lo) + unit·B) / B.
            let ks: Vec<String> = (1..bins).map(|k| format!("SELECT {k} AS k")).collect();
            let _ = writeln!(
                w,
                "sorted AS (\n  SELECT metric, v, n, ROW_NUMBER() OVER (PARTITION BY metric ORDER BY v) - 1 AS pos FROM long\n),\nks AS ({}),",
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
        "binned AS (\n  SELECT l.customer, l.metric, 1 + COUNT(t.k) AS bin FROM long l\n  LEFT JOIN thresholds t ON t.metric = l.metric AND t.scaled <= CAST(l.v AS DECIMAL(38,0)) * {bins}\n  GROUP BY l.customer, l.metric\n),\nscored AS (\n  SELECT customer, metric, {} AS score FROM binned\n),",
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
