//! A campaign file (§16.1): one row per contact, read like an orders file; per campaign and customer the earliest
//! contact counts, later rows are duplicates (their opened/clicked OR-ed in, their cost added), and a customer in
//! both groups of a campaign is left out of it. Then joined to the orders' customer dictionary.

use super::cells::{
    ambiguous_order_warning, order_name, read_flag, read_group, sort_lines, trimmed_field, unreadable_warning,
    DateCells, DateRead, LineTally, RowBook,
};
use super::records::Record;
use super::report::{ColumnReport, CountedRows, FileSummary, RoleColumns, SkipGroup, SkipReason};
use super::roles::{Role, RoleMap};
use super::schema::{BLANK_CAMPAIGN, DEFAULT_CAMPAIGN};
use crate::date::{DateOrder, Day};
use crate::error::{Error, ErrorKind, LineExample, Warning, WarningKind, MAX_EXAMPLES};
use crate::money::{parse_decimal, DecimalMark, Money};
use crate::table::{sort_by_number, CampaignTable, ContactGroup, Dictionary, NO_TEXT};
use serde::Serialize;

/// A campaign file as read, before the join: its contacts (customer codes still the file's own) and how it was
/// read.
#[derive(Clone, Debug)]
pub struct CampaignFile {
    /// The file's customer ids: a row's `customer` is a code here until the join.
    ids: Dictionary,
    table: CampaignTable,
    duplicates: CountedRows,
    conflicting: CountedRows,
    summary: FileSummary,
}

impl CampaignFile {
    /// How the file was read (format, encoding, columns, roles, skipped rows, warnings).
    pub fn summary(&self) -> &FileSummary {
        &self.summary
    }

    /// Number of contacts (campaign × customer).
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the file has no usable contact.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

/// One campaign of a joined file, for the join report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignSummary {
    /// The campaign's name.
    pub name: String,
    /// Contacted customers (treatment and control).
    pub contacts: u64,
    /// Contacted customers in the treatment group.
    pub treatment: u64,
    /// Contacted customers in the control group.
    pub control: u64,
    /// The earliest contact day.
    pub first_contact: Day,
    /// The latest (first) contact day of a customer.
    pub last_contact: Day,
}

/// What joining a campaign file did (§16.1, §16.6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignJoinReport {
    /// Data rows read (header and blank lines excluded).
    pub rows_read: u64,
    /// Rows that became a contact: rows read less skipped rows, duplicates and the rows of conflicting customers.
    pub rows_used: u64,
    /// Blank lines.
    pub blank_lines: u64,
    /// The encoding used, as its lower-case WHATWG name.
    pub encoding: String,
    /// The delimiter used (empty for workbooks).
    pub delimiter: String,
    /// `csv` or `xlsx`.
    pub format: String,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// Every column of the file with its role (`None` for the columns of no role, which are not read).
    pub columns: Vec<ColumnReport>,
    /// The header mapped to each role.
    pub roles: RoleColumns,
    /// Each campaign, in order of first appearance.
    pub campaigns: Vec<CampaignSummary>,
    /// Contacts over all campaigns.
    pub contacts: u64,
    /// Later rows of a customer in a campaign (`duplicate_contact`): how many, and the first with their lines.
    pub duplicates: CountedRows,
    /// Customers in both groups of a campaign, left out of it (`conflicting_group`): how many (one per campaign
    /// and customer), and the first with the line of their first row.
    pub conflicting: CountedRows,
    /// Skipped rows by reason (`missing_customer`, `missing_contact_date`, `bad_date`, `bad_group`).
    pub skipped: Vec<SkipGroup>,
    /// Warnings (`bad_flag`, unreadable costs, ambiguous date order, undecodable bytes).
    pub warnings: Vec<Warning>,
}

/// Joins a campaign file to the orders: each contacted id is looked up in (or, when no order has it, appended to)
/// the orders' customer `dictionary`.
pub fn join_campaigns(file: CampaignFile, dictionary: &mut Dictionary) -> (CampaignTable, CampaignJoinReport) {
    let CampaignFile { ids, mut table, duplicates, conflicting, summary } = file;
    // Only the ids of contacts are interned (not those of rows left out as conflicting).
    let mut codes = vec![NO_TEXT; ids.len()];
    for customer in &mut table.customer {
        let code = &mut codes[*customer as usize];
        if *code == NO_TEXT {
            *code = dictionary.intern(ids.value(*customer));
        }
        *customer = *code;
    }
    let campaigns = (0..table.campaigns.len() as u32)
        .filter_map(|code| {
            let rows = table.campaign_rows(code);
            let days = &table.contact_day[rows.clone()];
            let treatment = table.group[rows.clone()].iter().filter(|&&g| g == ContactGroup::Treatment).count();
            Some(CampaignSummary {
                name: table.campaigns.value(code).to_string(),
                contacts: rows.len() as u64,
                treatment: treatment as u64,
                control: (rows.len() - treatment) as u64,
                first_contact: *days.iter().min()?,
                last_contact: *days.iter().max()?,
            })
        })
        .collect();
    let report = CampaignJoinReport {
        rows_read: summary.rows_read,
        rows_used: table.len() as u64,
        blank_lines: summary.blank_lines,
        encoding: summary.encoding,
        delimiter: summary.delimiter,
        format: summary.format,
        sheet: summary.sheet,
        columns: summary.columns,
        roles: summary.roles,
        campaigns,
        contacts: table.len() as u64,
        duplicates,
        conflicting,
        skipped: summary.skipped,
        warnings: summary.warnings,
    };
    (table, report)
}

/// The campaign name of a file without a campaign column: its name without folders and extension.
pub fn campaign_from_file_name(file_name: Option<&str>) -> String {
    let base = file_name.map_or("", |name| name.rsplit(['/', '\\']).next().unwrap_or(name));
    let stem = match base.rfind('.') {
        Some(dot) if dot > 0 => &base[..dot],
        _ => base,
    };
    let stem = stem.trim();
    if stem.is_empty() {
        DEFAULT_CAMPAIGN.to_string()
    } else {
        stem.to_string()
    }
}

/// Reads a campaign file's records into candidate contacts; [`finish`](CampaignRows::finish) keeps one per
/// campaign and customer.
pub struct CampaignRows {
    book: RowBook,
    delimiter: u8,
    excel_serials: bool,
    customer: usize,
    contact_date: usize,
    campaign_column: Option<usize>,
    group_column: Option<usize>,
    opened_column: Option<usize>,
    clicked_column: Option<usize>,
    cost_column: Option<(usize, String, DecimalMark)>,
    date_header: String,
    ids: Dictionary,
    campaigns: Dictionary,
    /// The campaign of every row when the file has no campaign column.
    default_campaign: u32,
    // One entry per candidate row (readable customer, contact date and group).
    customer_codes: Vec<u32>,
    campaign_codes: Vec<u32>,
    dates: DateCells,
    groups: Vec<ContactGroup>,
    opened: Vec<bool>,
    clicked: Vec<bool>,
    cost: Vec<Money>,
    line: Vec<u64>,
    bad_flags: LineTally,
    unreadable_cost: LineTally,
}

impl CampaignRows {
    /// A reader for a file whose columns play `roles` (`headers` name them); `cost_mark` is the decimal mark of
    /// the cost column; `file_name` names the campaign of a file without a campaign column.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        roles: &RoleMap,
        headers: &[String],
        cost_mark: DecimalMark,
        file_name: Option<&str>,
        date_order: Option<DateOrder>,
        delimiter: u8,
        excel_serials: bool,
    ) -> CampaignRows {
        let contact_date = roles.get(Role::ContactDate).unwrap_or(usize::MAX);
        let mut campaigns = Dictionary::new();
        let campaign_column = roles.get(Role::Campaign);
        let default_campaign = match campaign_column {
            Some(_) => 0,
            None => campaigns.intern(&campaign_from_file_name(file_name)),
        };
        CampaignRows {
            book: RowBook::default(),
            delimiter,
            excel_serials,
            customer: roles.customer.unwrap_or(usize::MAX),
            contact_date,
            campaign_column,
            group_column: roles.get(Role::Group),
            opened_column: roles.get(Role::Opened),
            clicked_column: roles.get(Role::Clicked),
            cost_column: roles.get(Role::Cost).map(|i| (i, headers[i].clone(), cost_mark)),
            date_header: headers.get(contact_date).cloned().unwrap_or_default(),
            ids: Dictionary::new(),
            campaigns,
            default_campaign,
            customer_codes: Vec::new(),
            campaign_codes: Vec::new(),
            dates: DateCells::new(date_order, excel_serials),
            groups: Vec::new(),
            opened: Vec::new(),
            clicked: Vec::new(),
            cost: Vec::new(),
            line: Vec::new(),
            bad_flags: LineTally::default(),
            unreadable_cost: LineTally::default(),
        }
    }

    /// The shared bookkeeping of records (for the undecodable-bytes check and the rows read).
    pub fn book(&mut self) -> &mut RowBook {
        &mut self.book
    }

    /// The field delimiter.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Adds one data record (not the header).
    pub fn push(&mut self, record: &Record<'_>) {
        if !self.book.accept(record) {
            return;
        }
        let cell = |index: Option<usize>| index.map_or("", |i| trimmed_field(record, i));
        let id = cell(Some(self.customer));
        let date = cell(Some(self.contact_date));
        let reason = if id.is_empty() {
            Some(SkipReason::MissingCustomer)
        } else if date.is_empty() {
            Some(SkipReason::MissingContactDate)
        } else if self.dates.push(date) == DateRead::Unreadable {
            self.dates.pop();
            Some(SkipReason::BadDate)
        } else {
            None
        };
        let group = match self.group_column {
            None => Some(ContactGroup::Treatment),
            Some(i) => read_group(cell(Some(i))),
        };
        let (reason, group) = match (reason, group) {
            (Some(reason), _) => (Some(reason), ContactGroup::Treatment),
            (None, None) => {
                self.dates.pop();
                (Some(SkipReason::BadGroup), ContactGroup::Treatment)
            }
            (None, Some(group)) => (None, group),
        };
        if let Some(reason) = reason {
            self.book.skipped.add(reason, record.line, || record.text(self.delimiter));
            return;
        }
        self.customer_codes.push(self.ids.intern(id));
        let campaign = match self.campaign_column {
            None => self.default_campaign,
            Some(i) => match cell(Some(i)) {
                "" => self.campaigns.intern(BLANK_CAMPAIGN),
                name => self.campaigns.intern(name),
            },
        };
        self.campaign_codes.push(campaign);
        self.groups.push(group);
        let mut bad_flag = false;
        for (column, values) in [(self.opened_column, &mut self.opened), (self.clicked_column, &mut self.clicked)] {
            if let Some(i) = column {
                let flag = read_flag(cell(Some(i)), self.excel_serials);
                bad_flag |= flag.is_none();
                values.push(flag.unwrap_or(false));
            }
        }
        if bad_flag {
            self.bad_flags.note(record.line);
        }
        if let Some((i, _, mark)) = &self.cost_column {
            let text = cell(Some(*i));
            let cost = if text.is_empty() {
                Money::ZERO
            } else {
                parse_decimal(text, *mark).map(Money).unwrap_or_else(|| {
                    self.unreadable_cost.note(record.line);
                    Money::ZERO
                })
            };
            self.cost.push(cost);
        }
        self.line.push(record.line);
    }

    /// The file as read: contact dates resolved (rows whose date contradicts the column's order skipped as
    /// `bad_date`), one contact per campaign and customer. `summary` says how the file was read; its rows,
    /// blank lines, skipped rows and warnings are completed here. A file without any contact is refused
    /// (`campaign_no_contacts`, §16.8 F4): there is nothing to evaluate, and the rows' reasons say why.
    pub fn finish(mut self, mut summary: FileSummary) -> Result<CampaignFile, Error> {
        let mut warnings = Vec::new();
        let resolved = self.dates.finish();
        if resolved.undecided {
            warnings.push(ambiguous_order_warning(Some(&self.date_header)));
        }
        for &row in &resolved.contradicting {
            let row = row as usize;
            let text = format!(
                "{}, campaign {} (the column's other dates are {})",
                self.ids.value(self.customer_codes[row]),
                self.campaigns.value(self.campaign_codes[row]),
                order_name(resolved.order)
            );
            self.book.skipped.add(SkipReason::BadDate, self.line[row], || text);
        }
        // Candidates by campaign and customer, then by day and line: each run is one contact. Sorted by day and
        // row (rows come in line order) with the shared index sort, then grouped stably by customer and by
        // campaign, rather than by a sort of its own on a four-part key.
        let mut order: Vec<u32> =
            (0..self.line.len() as u32).filter(|&row| resolved.days[row as usize].is_some()).collect();
        let day_then_row: Vec<i64> = (resolved.days.iter().enumerate())
            .map(|(row, day)| (i64::from(day.map_or(0, |d| d.0)) << 32) | row as i64)
            .collect();
        sort_by_number(&mut order, &day_then_row);
        let order = stable_by_code(&order, &self.customer_codes, self.ids.len());
        let order = stable_by_code(&order, &self.campaign_codes, self.campaigns.len());
        let mut kept: Vec<(u32, Vec<u32>)> = Vec::new(); // (first row, the run's other rows)
        let mut duplicates: Vec<(u64, (u32, u32))> = Vec::new(); // (line, (row, the contact's first row))
        let mut conflicting: Vec<(u64, std::ops::Range<usize>)> = Vec::new(); // (first line, the run in `order`)
        let same_contact = |a: u32, b: u32| {
            self.campaign_codes[a as usize] == self.campaign_codes[b as usize]
                && self.customer_codes[a as usize] == self.customer_codes[b as usize]
        };
        let mut start = 0;
        while start < order.len() {
            let mut end = start + 1;
            while end < order.len() && same_contact(order[start], order[end]) {
                end += 1;
            }
            let run = &order[start..end];
            let first = run[0] as usize;
            if run.iter().any(|&row| self.groups[row as usize] != self.groups[first]) {
                let first_line = run.iter().map(|&row| self.line[row as usize]).min().unwrap_or(0);
                conflicting.push((first_line, start..end));
            } else {
                duplicates.extend(run[1..].iter().map(|&row| (self.line[row as usize], (row, run[0]))));
                kept.push((run[0], run[1..].to_vec()));
            }
            start = end;
        }
        let describe = |row: usize| {
            let (id, campaign) = (self.customer_codes[row], self.campaign_codes[row]);
            format!("{} in campaign {}", self.ids.value(id), self.campaigns.value(campaign))
        };
        let duplicate_lines: Vec<u64> = duplicates.iter().map(|(line, _)| *line).collect();
        let duplicates = counted(&duplicate_lines, &|i| {
            let (row, first) = duplicates[i].1;
            let first_day = resolved.days[first as usize].map(|d| d.to_string()).unwrap_or_default();
            let first_line = self.line[first as usize];
            format!("{}: contacted again (first contact {first_day}, line {first_line})", describe(row as usize))
        });
        let conflicting_lines: Vec<u64> = conflicting.iter().map(|(line, _)| *line).collect();
        let conflicting = counted(&conflicting_lines, &|i| {
            let run = conflicting[i].1.clone();
            let mut lines: Vec<u64> = order[run.clone()].iter().map(|&row| self.line[row as usize]).collect();
            sort_lines(&mut lines);
            let listed: Vec<String> = lines.iter().map(u64::to_string).collect();
            format!("{}: in both groups (lines {})", describe(order[run.start] as usize), listed.join(", "))
        });
        // Contacts by campaign, then by line: `kept` is by campaign already (the runs come in campaign order), so
        // each campaign's contacts are sorted by the line of their first row (lines are far below 2^63).
        let first_lines: Vec<i64> = kept.iter().map(|(first, _)| self.line[*first as usize] as i64).collect();
        let mut by_line: Vec<u32> = (0..kept.len() as u32).collect();
        let mut start = 0;
        while start < kept.len() {
            let campaign = |k: &(u32, Vec<u32>)| self.campaign_codes[k.0 as usize];
            let end = start + kept[start..].iter().take_while(|k| campaign(k) == campaign(&kept[start])).count();
            sort_by_number(&mut by_line[start..end], &first_lines);
            start = end;
        }
        let kept: Vec<(u32, Vec<u32>)> = by_line.iter().map(|&k| std::mem::take(&mut kept[k as usize])).collect();
        let any = |values: &[bool], first: u32, others: &[u32]| {
            values[first as usize] || others.iter().any(|&row| values[row as usize])
        };
        let table = CampaignTable {
            campaign: kept.iter().map(|(first, _)| self.campaign_codes[*first as usize]).collect(),
            customer: kept.iter().map(|(first, _)| self.customer_codes[*first as usize]).collect(),
            contact_day: kept.iter().map(|(first, _)| resolved.days[*first as usize].unwrap_or(Day(0))).collect(),
            group: kept.iter().map(|(first, _)| self.groups[*first as usize]).collect(),
            opened: self.opened_column.map(|_| kept.iter().map(|(f, o)| any(&self.opened, *f, o)).collect()),
            clicked: self.clicked_column.map(|_| kept.iter().map(|(f, o)| any(&self.clicked, *f, o)).collect()),
            cost: self.cost_column.as_ref().map(|_| {
                let cost = |row: &u32| self.cost[*row as usize].0;
                kept.iter().map(|(f, o)| Money(o.iter().map(cost).fold(cost(f), i64::saturating_add))).collect()
            }),
            line: kept.iter().map(|(first, _)| self.line[*first as usize]).collect(),
            campaigns: self.campaigns,
        };
        if self.bad_flags.count > 0 {
            let columns: Vec<String> = [self.opened_column, self.clicked_column]
                .into_iter()
                .flatten()
                .map(|i| summary.columns[i].name.clone())
                .collect();
            let rows = self.bad_flags.count;
            warnings.push(Warning::new(WarningKind::BadFlag { columns, rows }, self.bad_flags.lines));
        }
        if let Some((_, name, _)) = &self.cost_column {
            if self.unreadable_cost.count > 0 {
                warnings.push(unreadable_warning(name, "an amount of money (it counts 0)", self.unreadable_cost));
            }
        }
        if let Some(warning) = self.book.undecodable_warning() {
            warnings.push(warning);
        }
        summary.rows_read = self.book.rows_read;
        summary.blank_lines += self.book.blank_record_lines;
        summary.skipped = std::mem::take(&mut self.book.skipped).sorted();
        summary.warnings.extend(warnings);
        if table.is_empty() {
            return Err(Error::new(ErrorKind::CampaignNoContacts {
                rows_read: summary.rows_read,
                skipped: summary.skipped.iter().map(|group| group.count).sum(),
                conflicting: conflicting.count,
            }));
        }
        Ok(CampaignFile { ids: self.ids, table, duplicates, conflicting, summary })
    }
}

/// `rows` ordered by `codes[row]` (each below `count`), keeping the order of rows of the same code: a counting
/// sort, O(rows + count).
fn stable_by_code(rows: &[u32], codes: &[u32], count: usize) -> Vec<u32> {
    let mut next = vec![0usize; count + 1];
    for &row in rows {
        next[codes[row as usize] as usize + 1] += 1;
    }
    for code in 0..count {
        next[code + 1] += next[code];
    }
    let mut sorted = vec![0u32; rows.len()];
    for &row in rows {
        let at = &mut next[codes[row as usize] as usize];
        sorted[*at] = row;
        *at += 1;
    }
    sorted
}

/// Rows counted (row `i` at `lines[i]`), the first [`MAX_EXAMPLES`] by line described by `describe(i)` as
/// examples. Picked in one pass rather than by sorting every row (and not generic: a sort per caller is ≈3 KB of
/// wasm each).
fn counted(lines: &[u64], describe: &dyn Fn(usize) -> String) -> CountedRows {
    // The rows of the smallest lines so far, by line (a row after an equal line: as a stable sort keeps them).
    let mut first: Vec<usize> = Vec::with_capacity(MAX_EXAMPLES + 1);
    for (i, &line) in lines.iter().enumerate() {
        let at = first.partition_point(|&j| lines[j] <= line);
        if at < MAX_EXAMPLES {
            first.insert(at, i);
            first.truncate(MAX_EXAMPLES);
        }
    }
    let examples = first.iter().map(|&i| LineExample { line: lines[i], text: describe(i) }).collect();
    CountedRows { count: lines.len() as u64, examples }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_come_by_campaign_then_by_line() {
        let csv = "customer_id,send_date,campaign\nb,2024-01-02,X\na,2024-01-01,Y\nc,2024-01-03,X\na,2024-01-05,X\n\
                   b,2024-01-01,Y\n";
        let options = crate::ingest::LoadOptions::default();
        let Ok(crate::ingest::LoadedFile::Campaigns(file)) =
            crate::ingest::load_file(crate::ingest::FileKind::Campaigns, csv.as_bytes(), &options)
        else {
            panic!("a campaign file");
        };
        assert_eq!(file.table.campaign, [0, 0, 0, 1, 1], "X first seen, then Y");
        assert_eq!(file.table.line, [2, 4, 5, 3, 6]);
        let ids: Vec<&str> = file.table.customer.iter().map(|&code| file.ids.value(code)).collect();
        assert_eq!(ids, ["b", "c", "a", "a", "b"]);
    }

    #[test]
    fn grouping_by_code_keeps_the_order_inside_a_code() {
        let codes = [2, 0, 2, 1, 0, 2];
        assert_eq!(stable_by_code(&[5, 4, 3, 2, 1, 0], &codes, 3), [4, 1, 3, 5, 2, 0]);
        assert_eq!(stable_by_code(&[0, 1, 2, 3, 4, 5], &codes, 3), [1, 4, 3, 0, 2, 5]);
    }

    #[test]
    fn counted_rows_keep_the_first_lines_in_line_order() {
        let lines = [40, 7, 31, 2, 19, 8, 3, 25];
        let counted = counted(&lines, &|i| format!("row {i}"));
        assert_eq!(counted.count, 8);
        let examples: Vec<(u64, &str)> = counted.examples.iter().map(|e| (e.line, e.text.as_str())).collect();
        assert_eq!(examples, [(2, "row 3"), (3, "row 6"), (7, "row 1"), (8, "row 5"), (19, "row 4")]);
        assert_eq!(counted.examples.len(), MAX_EXAMPLES);
        assert_eq!(super::counted(&[], &|_| unreachable!()), CountedRows::default());
    }
}
