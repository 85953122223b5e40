//! The command line, for files past the browser's memory: the same core as the page, the file streamed through
//! the core's [`Loader`] in 1 MiB slices.
//!
//! ```text
//! clientele rfm FILE [options]              the customer table (exportCustomers' CSV) on stdout
//! clientele report FILE [options]           what was read, used and skipped
//! clientele compare FILE --by COLUMN [--period DAYS [--vs previous|year]] [--top N] [--from D] [--to D]
//! clientele sql FILE [--dialect duckdb|spark] [--table NAME] [options]   the warehouse query (ds.sql)
//! ```
//!
//! Every command writes the load report (rows read, used, skipped with their lines, warnings) to stderr. The
//! arguments are parsed by hand: a dozen `--name value` flags do not justify a dependency, and the names of
//! methods, maps and modes are looked up in the catalog like the page's.

use clientele::analysis::compare::{Baseline, CompareOptions, CompareResult, Period};
use clientele::analysis::rfm::export::ExportFilter;
use clientele::analysis::rfm::{Cn8Options, RfmOptions, SegmentMapChoice};
use clientele::analysis::sql::{rfm_sql, Dialect, SqlRequest};
use clientele::catalog::{self, named, names};
use clientele::date::Day;
use clientele::ingest::{LoadOptions, LoadReport, Loader, RoleChoice};
use clientele::workspace::Workspace;
use clientele::Error;
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: clientele <rfm|report|compare|sql> FILE [options]

  rfm FILE       the customer table as CSV (the page's export) on stdout
  report FILE    what was read, used and skipped
  compare FILE --by COLUMN   the market comparison as CSV on stdout
  sql FILE       the RFM query for a warehouse (--dialect duckdb|spark, --table NAME)

options of the analysis:
  --analysis-date YYYY-MM-DD   --bins N (2-10)   --method rank|quantile   --monetary total|mean
  --segment-map rfm-11|cn-8|r-rfm-readme|r-rfm-tests|pymc-5   --cn8-compare mean|median   --cn8-on scores|raw
  --tiers 0.01,0.04,0.15,0.80   --lang en|zh (segment labels in the export)
options of compare:
  --by COLUMN   --period DAYS   --vs previous|year   --top N   --from YYYY-MM-DD   --to YYYY-MM-DD
options of reading:
  --encoding NAME   --delimiter C   --date-order ymd|mdy|dmy   --customer/--date/--amount/--order HEADER
The load report (skipped rows with their lines, warnings) goes to stderr.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("clientele: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The parsed command line.
struct Command {
    name: String,
    file: String,
    flags: Vec<(String, String)>,
}

impl Command {
    fn parse(args: &[String]) -> Result<Command, String> {
        if args.iter().any(|a| a == "-h" || a == "--help") || args.len() < 2 {
            return Err(USAGE.to_string());
        }
        let (name, file) = (args[0].clone(), args[1].clone());
        let mut flags = Vec::new();
        let mut rest = args[2..].iter();
        while let Some(flag) = rest.next() {
            let Some(key) = flag.strip_prefix("--") else {
                return Err(format!("unexpected argument {flag}\n\n{USAGE}"));
            };
            let value = rest.next().ok_or_else(|| format!("--{key} needs a value"))?;
            flags.push((key.to_string(), value.clone()));
        }
        Ok(Command { name, file, flags })
    }

    /// The value of `--key` (the last one given).
    fn get(&self, key: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Refuses flags other than `allowed`.
    fn check(&self, allowed: &[&str]) -> Result<(), String> {
        match self.flags.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            Some((k, _)) => Err(format!("unknown option --{k} for {}\n\n{USAGE}", self.name)),
            None => Ok(()),
        }
    }
}

const READ_FLAGS: [&str; 7] = ["encoding", "delimiter", "date-order", "customer", "date", "amount", "order"];
const RFM_FLAGS: [&str; 9] =
    ["analysis-date", "bins", "method", "monetary", "segment-map", "cn8-compare", "cn8-on", "tiers", "lang"];
const COMPARE_FLAGS: [&str; 6] = ["by", "period", "vs", "top", "from", "to"];

fn run(args: &[String]) -> Result<(), String> {
    let command = Command::parse(args)?;
    let mut allowed: Vec<&str> = READ_FLAGS.to_vec();
    match command.name.as_str() {
        "rfm" => allowed.extend(RFM_FLAGS),
        "report" => {}
        "compare" => allowed.extend(COMPARE_FLAGS.iter().chain(&RFM_FLAGS[..8])),
        "sql" => allowed.extend(RFM_FLAGS[..8].iter().chain(&["dialect", "table"]).chain(&COMPARE_FLAGS)),
        other => return Err(format!("unknown command {other}\n\n{USAGE}")),
    }
    command.check(&allowed)?;
    let workspace = load(&command)?;
    print_report(workspace.report());
    let mut out = std::io::stdout().lock();
    let text = match command.name.as_str() {
        "rfm" => {
            let filter = ExportFilter {
                chinese_labels: command.get("lang").is_some_and(|l| l.starts_with("zh")),
                ..Default::default()
            };
            let options = rfm_options(&command)?;
            let result = workspace.rfm(&options).map_err(describe)?;
            eprintln!(
                "clientele: analysis date {}; {} customers scored, {} not scored (no order); {} rows on or after it left out",
                result.analysis_date, result.customers_scored, result.customers_unscored, result.excluded.count
            );
            workspace.export_customers(&options, &filter).map_err(describe)?
        }
        "report" => String::new(),
        "compare" => compare_csv(&workspace, &command)?,
        _ => {
            let dialect = named(&Dialect::NAMES, command.get("dialect").unwrap_or("duckdb"))
                .ok_or("--dialect is duckdb or spark")?;
            let request = SqlRequest {
                dialect,
                table: command.get("table").unwrap_or("orders").to_string(),
                columns: workspace.report().roles.clone(),
                rfm: rfm_options(&command)?,
                compare: match command.get("by") {
                    Some(_) => Some(compare_options(&command)?),
                    None => None,
                },
            };
            let queries = rfm_sql(&request).map_err(describe)?;
            match queries.compare_sql {
                // With --by, the comparison's query instead of the customers'.
                Some(compare) => compare + "\n",
                None => queries.sql + "\n",
            }
        }
    };
    out.write_all(text.as_bytes()).map_err(|e| format!("writing the output: {e}"))
}

/// Reads the file through the core's streaming loader, 1 MiB at a time.
fn load(command: &Command) -> Result<Workspace, String> {
    let mut options = LoadOptions { file_name: Some(command.file.clone()), max_bytes: u64::MAX, ..Default::default() };
    options.encoding = command.get("encoding").map(str::to_string);
    if let Some(delimiter) = command.get("delimiter") {
        match delimiter.as_bytes() {
            [d] => options.delimiter = Some(*d),
            _ if delimiter == "tab" => options.delimiter = Some(b'\t'),
            _ => return Err("--delimiter is one character (or tab)".into()),
        }
    }
    if let Some(order) = command.get("date-order") {
        options.date_order = Some(named(&catalog::DATE_ORDERS, order).ok_or("--date-order is ymd, mdy or dmy")?);
    }
    let role = |key: &str| command.get(key).map(|h| RoleChoice::Column(h.to_string()));
    options.roles.customer = role("customer");
    options.roles.date = role("date");
    options.roles.amount = role("amount");
    options.roles.order = role("order");
    let mut file = std::fs::File::open(&command.file).map_err(|e| format!("cannot open {}: {e}", command.file))?;
    options.total_bytes = file.metadata().ok().map(|m| m.len());
    let mut loader = Loader::new(options).map_err(describe)?;
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer).map_err(|e| format!("reading {}: {e}", command.file))?;
        if n == 0 {
            break;
        }
        loader.push(&buffer[..n]).map_err(describe)?;
    }
    let loaded = loader.finish().map_err(describe)?;
    Ok(Workspace::new(loaded.table, loaded.report))
}

/// The RFM options from the flags, names looked up in the catalog.
fn rfm_options(command: &Command) -> Result<RfmOptions, String> {
    let mut options = RfmOptions::default();
    if let Some(date) = command.get("analysis-date") {
        options.analysis_date = Some(Day::parse_iso(date).ok_or("--analysis-date is a date such as 2024-06-01")?);
    }
    if let Some(bins) = command.get("bins") {
        options.bins = bins.parse().map_err(|_| "--bins is a whole number from 2 to 10")?;
    }
    let pick = |flag: &str, value: &str, known: Vec<String>| format!("--{flag} {value}: one of {}", known.join(", "));
    if let Some(method) = command.get("method") {
        options.method =
            named(catalog::METHODS, method).ok_or_else(|| pick("method", method, names(catalog::METHODS)))?;
    }
    if let Some(mode) = command.get("monetary") {
        options.monetary = named(&catalog::MONETARY_MODES, mode)
            .ok_or_else(|| pick("monetary", mode, names(&catalog::MONETARY_MODES)))?;
    }
    if let Some(map) = command.get("segment-map") {
        options.segment_map = SegmentMapChoice::preset(map).ok_or_else(|| {
            pick("segment-map", map, SegmentMapChoice::PRESETS.iter().map(|p| p.to_string()).collect())
        })?;
    }
    if let SegmentMapChoice::Cn8(cn8) = &mut options.segment_map {
        let mut chosen = Cn8Options { compare: cn8.compare.clone(), raw: cn8.raw };
        if let Some(compare) = command.get("cn8-compare") {
            chosen.compare = named(catalog::CN8_COMPARES, compare)
                .ok_or_else(|| pick("cn8-compare", compare, names(catalog::CN8_COMPARES)))?;
        }
        if let Some(on) = command.get("cn8-on") {
            chosen.raw = named(&catalog::CN8_ON, on).ok_or_else(|| pick("cn8-on", on, names(&catalog::CN8_ON)))?;
        }
        *cn8 = chosen;
    }
    if let Some(tiers) = command.get("tiers") {
        options.tiers = tiers
            .split(',')
            .map(|s| s.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| "--tiers is a list of shares such as 0.01,0.04,0.15,0.80")?;
    }
    options.validate().map_err(describe)?;
    Ok(options)
}

/// The comparison's groups as CSV: each metric, and with `--period` the previous window's and the change.
fn compare_csv(workspace: &Workspace, command: &Command) -> Result<String, String> {
    let by = command.get("by").ok_or("compare needs --by COLUMN")?;
    let options = compare_options(command)?;
    let result = workspace.compare(&options).map_err(describe)?;
    write_groups(by, &options, &result)
}

/// The comparison options from the flags.
fn compare_options(command: &Command) -> Result<CompareOptions, String> {
    let by = command.get("by").ok_or("compare needs --by COLUMN")?;
    let mut options = CompareOptions { by: vec![by.to_string()], rfm: rfm_options(command)?, ..Default::default() };
    options.analysis_date = options.rfm.analysis_date;
    let date = |flag: &str| -> Result<Option<Day>, String> {
        command.get(flag).map(|d| Day::parse_iso(d).ok_or(format!("--{flag} is a date such as 2024-06-01"))).transpose()
    };
    options.from = date("from")?;
    options.to = date("to")?;
    if let Some(days) = command.get("period") {
        let days = days.parse().map_err(|_| "--period is a number of days")?;
        let vs = command.get("vs").unwrap_or("previous");
        let vs: Baseline = named(&catalog::BASELINES, vs).ok_or("--vs is previous or year")?;
        options.period = Some(Period { days, vs });
    }
    if let Some(top) = command.get("top") {
        options.top = top.parse().map_err(|_| "--top is a whole number")?;
    }
    Ok(options)
}

/// The groups of a comparison as CSV.
fn write_groups(by: &str, options: &CompareOptions, result: &CompareResult) -> Result<String, String> {
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let metrics = [
        "revenue",
        "orders",
        "customers",
        "units",
        "aov",
        "revenue_per_customer",
        "share",
        "aov_index",
        "revenue_per_customer_index",
    ];
    let mut header = vec![by.to_string()];
    header.extend(metrics.iter().map(|m| m.to_string()));
    if options.period.is_some() {
        header.extend(metrics.iter().map(|m| format!("previous_{m}")));
        header.extend(metrics.iter().map(|m| format!("change_{m}")));
    }
    let mut out = header.iter().map(|h| text_cell(h)).collect::<Vec<_>>().join(",") + "\r\n";
    let values = |m: &clientele::analysis::compare::Metrics| {
        vec![
            m.revenue_exact.clone(),
            m.orders.to_string(),
            m.customers.to_string(),
            number(m.units),
            number(m.aov),
            number(m.revenue_per_customer),
            number(m.share),
            number(m.aov_index),
            number(m.revenue_per_customer_index),
        ]
    };
    for group in &result.groups {
        let mut row = vec![text_cell(&group.key.iter().map(|k| k.text()).collect::<Vec<_>>().join(" / "))];
        row.extend(values(&group.current));
        if options.period.is_some() {
            row.extend(group.previous.as_ref().map(values).unwrap_or_else(|| vec![String::new(); 9]));
            let c = group.change.as_ref();
            let change = |f: fn(&clientele::analysis::compare::Change) -> Option<f64>| number(c.and_then(f));
            row.extend([
                change(|c| c.revenue),
                change(|c| c.orders),
                change(|c| c.customers),
                change(|c| c.units),
                change(|c| c.aov),
                change(|c| c.revenue_per_customer),
                change(|c| c.share),
                change(|c| c.aov_index),
                change(|c| c.revenue_per_customer_index),
            ]);
        }
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    eprintln!(
        "clientele: {} groups; {} rows on or after the analysis date left out",
        result.groups.len(),
        result.excluded.count
    );
    Ok(out)
}

fn text_cell(text: &str) -> String {
    clientele::analysis::rfm::export::text_cell(text)
}

/// The load report on stderr: what was read and used, every reason rows were skipped with their first lines,
/// and the warnings.
fn print_report(report: &LoadReport) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "clientele: {} rows read, {} used, {} blank lines; encoding {}, delimiter {:?}, dates {:?}",
        report.rows_read, report.rows_used, report.blank_lines, report.encoding, report.delimiter, report.date_order
    );
    let roles = &report.roles;
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let _ = writeln!(
        err,
        "clientele: columns customer={} date={} amount={} quantity={} unit_price={} order={}",
        show(&roles.customer),
        show(&roles.date),
        show(&roles.amount),
        show(&roles.quantity),
        show(&roles.unit_price),
        show(&roles.order)
    );
    for group in &report.skipped {
        let lines: Vec<String> = group.examples.iter().map(|e| e.line.to_string()).collect();
        let _ = writeln!(
            err,
            "clientele: skipped {} rows ({}), first lines {}",
            group.count,
            group.reason.code(),
            lines.join(", ")
        );
        for example in &group.examples {
            let _ = writeln!(err, "  line {}: {}", example.line, example.text);
        }
    }
    for warning in &report.warnings {
        let lines: Vec<String> = warning.lines.iter().map(|l| l.to_string()).collect();
        let at = if lines.is_empty() { String::new() } else { format!(" (lines {})", lines.join(", ")) };
        let _ = writeln!(err, "clientele: warning {}: {}{at}", warning.code(), warning.message());
    }
}

fn describe(error: Error) -> String {
    error.to_string()
}
