//! Customers and campaign files: read with the orders' ingest (encodings, delimiters, workbooks, streaming,
//! skipped rows with lines) and joined to the orders through the orders' customer dictionary (analytics.md §14.1,
//! §16.1; the worked examples D1 of §14.6 and F1 of §16.8).

use clientele::date::Day;
use clientele::ingest::{
    join_campaigns, join_customers, load, load_file, CampaignFile, CampaignJoinReport, CustomerFile,
    CustomerJoinReport, FileKind, LoadOptions, Loaded, LoadedFile, Loader, Role, RoleChoice, SkipReason,
};
use clientele::table::{CampaignTable, ContactGroup, CustomerTable, Dictionary, MEASURE_MISSING, NO_TEXT};
use clientele::ErrorKind;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn orders(text: &str) -> Loaded {
    load(text.as_bytes(), &LoadOptions::default()).unwrap()
}

/// Scored customers by code, recomputed here: a customer with a row of amount > 0 (every row of these tests is
/// before the analysis date).
fn scored(orders: &Loaded) -> Vec<bool> {
    let table = &orders.table;
    let mut scored = vec![false; table.customer.dictionary.len()];
    for (i, &code) in table.customer.codes.iter().enumerate() {
        scored[code as usize] |= table.amount[i].0 > 0;
    }
    scored
}

fn named(name: &str) -> LoadOptions {
    LoadOptions { file_name: Some(name.into()), ..Default::default() }
}

fn customers_file(bytes: &[u8], options: &LoadOptions) -> CustomerFile {
    match load_file(FileKind::Customers, bytes, options).unwrap() {
        LoadedFile::Customers(file) => file,
        other => panic!("{:?}", other.kind()),
    }
}

fn campaign_file(bytes: &[u8], options: &LoadOptions) -> CampaignFile {
    match load_file(FileKind::Campaigns, bytes, options).unwrap() {
        LoadedFile::Campaigns(file) => file,
        other => panic!("{:?}", other.kind()),
    }
}

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

/// The contacts of a campaign table by customer id: (id, group, opened, clicked).
fn contacts(table: &CampaignTable, dictionary: &Dictionary) -> Vec<(String, ContactGroup, bool, bool)> {
    let flag = |values: &Option<Vec<bool>>, i: usize| values.as_ref().unwrap()[i];
    let mut out: Vec<_> = (0..table.len())
        .map(|i| {
            let id = dictionary.value(table.customer[i]).to_string();
            (id, table.group[i], flag(&table.opened, i), flag(&table.clicked, i))
        })
        .collect();
    out.sort();
    out
}

/// §16.8 F1's orders.
const F1_ORDERS: &str = "customer_id,order_date,amount\n\
    t1,2024-03-05,100\nt2,2024-03-10,50\nt2,2024-03-12,-20\nt3,2024-02-20,30\nt3,2024-03-20,40\n\
    t4,2024-03-01,25\nt6,2024-03-14,10\nk1,2024-03-03,60\nk4,2024-03-15,30\n";

#[test]
fn campaign_f1_duplicates_conflicts_groups_and_flags() {
    let orders = orders(F1_ORDERS);
    let mut dictionary = orders.table.customer.dictionary.clone();
    let ordering = dictionary.len();
    assert_eq!(ordering, 7);
    let file = campaign_file(&fixture("campaign-f1.csv"), &named("campaign-f1.csv"));
    let (table, report) = join_campaigns(file, &mut dictionary);
    assert_eq!((report.rows_read, report.rows_used, report.contacts), (13, 10, 10));
    assert_eq!(report.duplicates.count, 1);
    assert_eq!(report.duplicates.examples[0].line, 12, "t1 again on 03-02");
    assert!(report.duplicates.examples[0].text.starts_with("t1 in campaign campaign-f1"));
    assert_eq!(report.conflicting.count, 1);
    assert_eq!(report.conflicting.examples[0].line, 13);
    assert_eq!(report.conflicting.examples[0].text, "k5 in campaign campaign-f1: in both groups (lines 13, 14)");
    assert!(report.skipped.is_empty() && report.warnings.is_empty(), "{report:?}");
    assert_eq!(report.campaigns.len(), 1, "no campaign column: one campaign named after the file");
    let campaign = &report.campaigns[0];
    assert_eq!(campaign.name, "campaign-f1");
    assert_eq!((campaign.contacts, campaign.treatment, campaign.control), (10, 6, 4));
    assert_eq!((campaign.first_contact, campaign.last_contact), (day("2024-03-01"), day("2024-03-01")));
    assert_eq!(report.roles.get(Role::ContactDate), Some("send_date"));
    assert_eq!(report.roles.get(Role::Campaign), None);
    use ContactGroup::{Control as C, Treatment as T};
    let expected = [
        ("k1", C, false, false),
        ("k2", C, false, false),
        ("k3", C, false, false),
        ("k4", C, false, false),
        ("t1", T, true, true),
        ("t2", T, true, true),
        ("t3", T, true, true),
        ("t4", T, true, false),
        ("t5", T, false, false),
        ("t6", T, false, false),
    ];
    let expected: Vec<_> = expected.iter().map(|&(id, g, o, c)| (id.to_string(), g, o, c)).collect();
    assert_eq!(contacts(&table, &dictionary), expected);
    // One dictionary: ordering customers keep their codes, people without an order are appended after them.
    for (i, &code) in table.customer.iter().enumerate() {
        let id = dictionary.value(code);
        assert_eq!(orders.table.customer.dictionary.lookup(id), (code < ordering as u32).then_some(code), "{id}");
        assert_eq!(["t5", "k2", "k3"].contains(&id), code >= ordering as u32, "{id}");
        assert_eq!(table.contact_day[i], day("2024-03-01"), "the earliest contact counts");
    }
    assert_eq!(dictionary.len(), 10, "t5, k2, k3 appended; k5 is in no campaign after the conflict but was read");
    let t1 = table.customer.iter().position(|&c| dictionary.value(c) == "t1").unwrap();
    assert_eq!(table.line[t1], 2);
    assert_eq!(table.campaign_rows(0), 0..10);
    assert_eq!(table.cost, None);
}

#[test]
fn campaign_rows_are_skipped_with_reasons_and_repeated_contacts_merge() {
    // line 1 header; 2 a in spring (the later contact: its first contact comes on line 6); 3 missing customer;
    // 4 missing contact date; 5 bad date; 6 a in spring earlier (opened maybe → no, with a warning); 7 bad group;
    // 8 b with a blank campaign and an unreadable cost; 9 a in summer; 10 b in spring, opened on a date.
    let text = "customer,contact_date,campaign,group,opened,cost\n\
                a,2024-04-03,spring,test,0,\"1,50\"\n\
                ,2024-04-01,spring,test,1,1\n\
                c,,spring,test,1,1\n\
                c,2024-02-30,spring,test,1,1\n\
                a,2024-04-01,spring,TEST,maybe,2\n\
                d,2024-04-01,spring,treated,1,1\n\
                b,2024-04-01,,control,no,n/a\n\
                a,2024-05-01,summer,1,yes,0.25\n\
                b,2024-04-02,spring,0,2024-04-05,3\n";
    let mut dictionary = orders("customer,date,amount\nb,2024-01-01,5\n").table.customer.dictionary;
    let (table, report) = join_campaigns(campaign_file(text.as_bytes(), &named("ignored.csv")), &mut dictionary);
    let reasons: Vec<(SkipReason, u64, Vec<u64>)> =
        report.skipped.iter().map(|g| (g.reason, g.count, g.examples.iter().map(|e| e.line).collect())).collect();
    assert_eq!(
        reasons,
        vec![
            (SkipReason::MissingCustomer, 1, vec![3]),
            (SkipReason::MissingContactDate, 1, vec![4]),
            (SkipReason::BadDate, 1, vec![5]),
            (SkipReason::BadGroup, 1, vec![7]),
        ]
    );
    assert_eq!((report.rows_read, report.rows_used), (9, 4));
    assert_eq!(report.duplicates.count, 1);
    assert_eq!(report.duplicates.examples[0].line, 2, "the earlier contact on line 6 counts, line 2 repeats it");
    assert_eq!(
        report.duplicates.examples[0].text,
        "a in campaign spring: contacted again (first contact 2024-04-01, line 6)"
    );
    let names: Vec<&str> = table.campaigns.values().collect();
    assert_eq!(names, ["spring", "(blank)", "summer"]);
    let row = |id: &str, campaign: &str| {
        (0..table.len())
            .find(|&i| {
                dictionary.value(table.customer[i]) == id && table.campaigns.value(table.campaign[i]) == campaign
            })
            .unwrap()
    };
    let (a_spring, b_blank, a_summer, b_spring) =
        (row("a", "spring"), row("b", "(blank)"), row("a", "summer"), row("b", "spring"));
    assert_eq!([a_spring, b_spring, b_blank, a_summer], [0, 1, 2, 3], "by campaign, then line");
    assert_eq!(table.line, [6, 10, 8, 9]);
    assert_eq!(table.contact_day[a_spring], day("2024-04-01"));
    assert_eq!(table.group[b_spring], ContactGroup::Control);
    let opened = table.opened.as_ref().unwrap();
    assert_eq!((opened[a_spring], opened[b_spring], opened[b_blank], opened[a_summer]), (false, true, false, true));
    assert_eq!(table.clicked, None);
    let cost: Vec<i64> = table.cost.as_ref().unwrap().iter().map(|m| m.0).collect();
    assert_eq!(cost, [35_000, 30_000, 0, 2_500], "a in spring: 1.50 + 2 over both rows; n/a counts 0");
    let codes: Vec<&str> = report.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["bad_flag", "unreadable_value"]);
    assert_eq!(report.warnings[0].lines, [6]);
    assert_eq!(report.warnings[1].lines, [8]);
    assert_eq!(dictionary.value(0), "b", "the ordering customer keeps code 0");
}

/// §14.6's customers file (header on line 1).
const D1_CUSTOMERS: &str = "customer,birth_date,age,gender,region\n\
    a,1990-05-01,,F,Beijing\n\
    b,1999-05-02,,男,Shanghai\n\
    c,,34, M ,Shanghai\n\
    a,1980-01-01,,M,Tianjin\n\
    z,1970-01-01,,female,Beijing\n\
    e,1960-02-29,,女,Guangzhou\n";

/// §12.7's orders (f's only row is 0.00: not scored).
const D1_ORDERS: &str = "customer,date,amount\n\
    a,2024-01-05,100\na,2024-02-10,50\na,2024-04-20,30\nb,2024-01-20,80\nb,2024-03-03,-20\n\
    c,2024-02-02,60\nc,2024-02-25,40\nc,2024-03-15,70\nd,2024-02-14,20\ne,2024-03-30,90\ne,2024-04-02,10\n\
    f,2024-04-10,0.00\n";

#[test]
fn customers_d1_join_report() {
    let orders = orders(D1_ORDERS);
    let scored = scored(&orders);
    assert_eq!(scored, [true, true, true, true, true, false]);
    let mut dictionary = orders.table.customer.dictionary.clone();
    let (table, report) =
        join_customers(customers_file(D1_CUSTOMERS.as_bytes(), &named("customers.csv")), &mut dictionary, &scored);
    assert_eq!((report.rows_read, report.rows_used), (6, 5));
    assert_eq!(report.duplicates.count, 1);
    assert_eq!(report.duplicates.examples[0].line, 5);
    assert_eq!(report.duplicates.examples[0].text, "a,1980-01-01,,M,Tianjin");
    assert_eq!(report.records_without_customer.count, 1);
    assert_eq!(
        (report.records_without_customer.examples[0].line, report.records_without_customer.examples[0].text.as_str()),
        (6, "z")
    );
    assert_eq!((report.customers_without_record, report.matched), (1, 4), "d has no record; a, b, c, e matched");
    assert!(report.skipped.is_empty() && report.warnings.is_empty(), "{report:?}");
    let ids: Vec<&str> = table.customer.iter().map(|&c| dictionary.value(c)).collect();
    assert_eq!(ids, ["a", "b", "c", "z", "e"], "the first row of a wins");
    assert_eq!(table.customer[..3], [0, 1, 2], "the orders' codes");
    assert_eq!(table.customer[3], 6, "z, with no order, is appended after f");
    assert_eq!(table.line, [2, 3, 4, 6, 7]);
    let births: Vec<Option<String>> =
        table.birth_date.as_ref().unwrap().iter().map(|d| d.map(|d| d.to_string())).collect();
    assert_eq!(
        births,
        [
            Some("1990-05-01".into()),
            Some("1999-05-02".into()),
            None,
            Some("1970-01-01".into()),
            Some("1960-02-29".into())
        ]
    );
    assert_eq!(
        table.age.as_deref(),
        Some(&[MEASURE_MISSING, MEASURE_MISSING, 340_000, MEASURE_MISSING, MEASURE_MISSING][..])
    );
    let gender = table.gender.as_ref().unwrap();
    let genders: Vec<Option<&str>> = (0..table.len()).map(|i| gender.text(i)).collect();
    assert_eq!(genders, [Some("F"), Some("男"), Some("M"), Some("female"), Some("女")], "trimmed, as written");
    assert_eq!(table.join_date, None);
    assert_eq!(table.attributes.len(), 1);
    let region = table.attribute("region").unwrap();
    assert_eq!(region.values.text(4), Some("Guangzhou"));
    let rows = table.row_by_customer(dictionary.len());
    assert_eq!(rows[3], clientele::table::NO_ROW, "d has no record");
    assert_eq!(rows[6], 3);
    let roles: Vec<Option<Role>> = report.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        [Some(Role::Customer), Some(Role::BirthDate), Some(Role::Age), Some(Role::Gender), Some(Role::Attribute)]
    );
}

#[test]
fn a_gbk_semicolon_customers_file() {
    let orders = orders("客户编号,订单日期,金额\n李四,2024-03-01,10\n张三,2024-03-02,5\n");
    let scored = scored(&orders);
    let mut dictionary = orders.table.customer.dictionary.clone();
    let file = customers_file(&fixture("customers-gbk-semicolon.csv"), &named("customers-gbk-semicolon.csv"));
    let (table, report) = join_customers(file, &mut dictionary, &scored);
    assert_eq!((report.encoding.as_str(), report.delimiter.as_str(), report.format.as_str()), ("gbk", ";", "csv"));
    assert_eq!((report.rows_read, report.rows_used), (6, 4));
    assert_eq!((report.duplicates.count, report.duplicates.examples[0].line), (1, 5));
    assert_eq!(report.skipped.len(), 1);
    assert_eq!((report.skipped[0].reason, report.skipped[0].examples[0].line), (SkipReason::MissingCustomer, 6));
    assert_eq!((report.matched, report.customers_without_record), (2, 0));
    let without: Vec<(u64, &str)> =
        report.records_without_customer.examples.iter().map(|e| (e.line, e.text.as_str())).collect();
    assert_eq!(without, [(4, "王小明"), (7, "赵六")]);
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert_eq!((report.warnings[0].code(), report.warnings[0].lines.as_slice()), ("unreadable_value", &[7][..]));
    assert!(report.warnings[0].message().contains("出生日期"));
    assert_eq!(table.customer, [1, 0, 2, 3], "张三 and 李四 by the orders' codes");
    let dates = |values: &Option<Vec<Option<Day>>>| -> Vec<Option<String>> {
        values.as_ref().unwrap().iter().map(|d| d.map(|d| d.to_string())).collect()
    };
    assert_eq!(dates(&table.birth_date), [Some("1990-05-01".into()), None, Some("1985-12-24".into()), None]);
    assert_eq!(
        dates(&table.join_date),
        [Some("2020-01-15".into()), Some("2021-06-30".into()), None, Some("2023-03-03".into())]
    );
    assert_eq!(
        table.age.as_deref(),
        Some(&[MEASURE_MISSING, 340_000, 385_000, MEASURE_MISSING][..]),
        "38,5 with a decimal comma"
    );
    assert_eq!(table.gender.as_ref().unwrap().codes[2], NO_TEXT);
    assert_eq!(table.attribute("省份").unwrap().values.text(3), None);
    assert_eq!(report.roles.get(Role::JoinDate), Some("注册日期"));
}

#[test]
fn an_xlsx_customers_file() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Members").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (col, header) in ["会员ID", "生日", "性别", "等级"].iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    sheet.write_number(1, 0, 10042.0).unwrap();
    sheet.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(1990, 5, 1).unwrap(), &date).unwrap();
    sheet.write_string(1, 2, "女").unwrap();
    sheet.write_number(1, 3, 3.0).unwrap();
    sheet.write_string(2, 0, "A7").unwrap();
    sheet.write_string(2, 1, "1985-12-24").unwrap();
    sheet.write_string(3, 0, "10042").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let orders = orders("customer_id,order_date,amount\n10042,2024-03-01,10\n");
    let mut dictionary = orders.table.customer.dictionary.clone();
    let file = customers_file(&bytes, &named("members.xlsx"));
    let (table, report) = join_customers(file, &mut dictionary, &[true]);
    assert_eq!(
        (report.format.as_str(), report.sheet.as_deref(), report.delimiter.as_str()),
        ("xlsx", Some("Members"), "")
    );
    assert_eq!((report.rows_read, report.rows_used, report.matched), (3, 2, 1));
    assert_eq!(report.duplicates.examples[0].line, 4, "number 10042 and text \"10042\" are one customer");
    assert_eq!(table.customer, [0, 1]);
    let births = table.birth_date.as_ref().unwrap();
    assert_eq!(births, &[Some(day("1990-05-01")), Some(day("1985-12-24"))]);
    assert_eq!(table.attribute("等级").unwrap().values.text(0), Some("3"), "attributes are text");
}

#[test]
fn any_chunking_gives_the_same_join() {
    let customers = "\u{feff}customer;birth_date;age;city\r\nC1;05/03/1990;\"41,5\";\"Hang\r\nzhou\"\r\n\r\nC2;25/12/1980;;北京\r\nC1;01/01/2000;3;x\r\n";
    let campaigns = "customer\tsent_at\tgroup\tclicked\nC1\t03/05/2024\ttest\t1\nC3\t25/03/2024\tcontrol\t\n\nC1\t04/05/2024\ttest\tno\n";
    let run = |kind: FileKind, pieces: &[&[u8]]| {
        let mut loader = Loader::for_kind(kind, LoadOptions::default()).unwrap();
        for piece in pieces {
            loader.push(piece).unwrap();
        }
        let mut dictionary = orders("customer,date,amount\nC2,2024-01-01,1\n").table.customer.dictionary;
        match loader.finish_file().unwrap() {
            LoadedFile::Customers(file) => Joined::Customers(join_customers(file, &mut dictionary, &[true])),
            LoadedFile::Campaigns(file) => Joined::Campaigns(join_campaigns(file, &mut dictionary)),
            LoadedFile::Orders(_) => panic!("orders"),
        }
    };
    for (kind, text) in [(FileKind::Customers, customers), (FileKind::Campaigns, campaigns)] {
        let bytes = text.as_bytes();
        let whole = run(kind, &[bytes]);
        match &whole {
            Joined::Customers((table, report)) => {
                assert_eq!((report.rows_read, report.rows_used, report.duplicates.count), (3, 2, 1));
                assert_eq!(table.birth_date.as_ref().unwrap()[0], Some(day("1990-03-05")), "day first, from 25/12");
                assert_eq!(table.age.as_ref().unwrap()[0], 415_000);
                assert_eq!(table.line, [2, 5]);
            }
            Joined::Campaigns((table, report)) => {
                assert_eq!((report.rows_read, report.contacts, report.duplicates.count), (3, 2, 1));
                assert_eq!(report.duplicates.examples[0].line, 5);
                assert_eq!(table.contact_day, [day("2024-05-03"), day("2024-03-25")]);
            }
        }
        for size in 1..=bytes.len() {
            let pieces: Vec<&[u8]> = bytes.chunks(size).collect();
            assert_eq!(run(kind, &pieces), whole, "{kind:?}, chunks of {size}");
        }
        for at in 0..=bytes.len() {
            assert_eq!(run(kind, &[&bytes[..at], &bytes[at..]]), whole, "{kind:?}, split at {at}");
        }
    }
}

#[derive(Debug, PartialEq)]
enum Joined {
    Customers((CustomerTable, CustomerJoinReport)),
    Campaigns((CampaignTable, CampaignJoinReport)),
}

#[test]
fn a_missing_required_role_names_the_kind() {
    let missing = |kind: FileKind, text: &str| match load_file(kind, text.as_bytes(), &LoadOptions::default()) {
        Err(err) => match err.kind() {
            ErrorKind::MissingRole { kind, roles, .. } => (kind.clone(), roles.clone(), err.to_string()),
            other => panic!("{other:?}"),
        },
        Ok(file) => panic!("{:?} read", file.kind()),
    };
    // §16.8 F4: a campaign file without a contact date.
    let (kind, roles, message) = missing(FileKind::Campaigns, "customer_id,group\nt1,test\nt2,control\n");
    assert_eq!((kind.as_str(), roles.as_slice()), ("campaigns", &["contactDate".to_string()][..]));
    assert!(message.contains("campaigns file"), "{message}");
    let (kind, roles, _) = missing(FileKind::Customers, "full name,city\nAnn Lee,Paris\nBob Li,Paris\n");
    assert_eq!((kind.as_str(), roles.as_slice()), ("customers", &["customer".to_string()][..]));
    let (kind, roles, _) = missing(FileKind::Orders, "customer_id,order_date\nC1,2024-01-01\n");
    assert_eq!((kind.as_str(), roles.as_slice()), ("orders", &["amount (or quantity and unitPrice)".to_string()][..]));
    // Customer ids found by value when no header names them: distinct in a customers file, mostly distinct in a
    // campaign file; the contact date by value too.
    let file = customers_file(b"who,city\nC1,Paris\nC2,Rome\nC3,Paris\n", &LoadOptions::default());
    assert_eq!(file.summary().roles.get(Role::Customer), Some("who"));
    let file = campaign_file(
        b"arm,who,when\nT,C1,2024-03-01\nC,C2,2024-03-01\nT,C3,2024-03-02\nT,C4,2024-03-02\n",
        &LoadOptions::default(),
    );
    assert_eq!(file.summary().roles.get(Role::Customer), Some("who"));
    assert_eq!(file.summary().roles.get(Role::ContactDate), Some("when"));
    assert_eq!(file.summary().roles.get(Role::Group), Some("arm"));
}

#[test]
fn roles_are_chosen_per_kind_and_other_kinds_roles_are_refused() {
    let mut options = LoadOptions::default();
    options.roles.set(Role::ContactDate, Some(RoleChoice::Column("when".into())));
    options.roles.set(Role::Group, Some(RoleChoice::Absent));
    let text = "customer,when,date,group\nC1,2024-03-02,2024-01-01,control\n";
    let (table, report) = join_campaigns(campaign_file(text.as_bytes(), &options), &mut Dictionary::new());
    assert_eq!(table.contact_day, [day("2024-03-02")]);
    assert_eq!(table.group, [ContactGroup::Treatment], "a group column set absent: all treatment");
    assert_eq!(report.roles.get(Role::Group), None);
    assert_eq!(report.campaigns[0].name, "campaign", "no file name: the default name");
    let err = load_file(FileKind::Orders, text.as_bytes(), &options).unwrap_err();
    assert_eq!(err.code(), "invalid_option");
    assert!(err.to_string().starts_with("roles.contactDate: orders files have no such role"), "{err}");
    let err = Loader::for_kind(FileKind::Customers, LoadOptions::default()).map(|mut loader| {
        loader.push(b"customer\nC1\n").unwrap();
        loader.finish().unwrap_err()
    });
    assert_eq!(err.unwrap().code(), "invalid_state", "finish() reads orders; a customers file needs finish_file()");
}

#[test]
fn a_workspace_joins_through_its_dictionary_and_frames_carry_the_attributes() {
    use clientele::analysis::frame::JoinedValues;
    use clientele::analysis::rfm::RfmOptions;
    use clientele::workspace::Workspace;
    let mut workspace = Workspace::from(orders(
        "customer_id,order_date,amount\nC2,2024-03-01,10\nC1,2024-03-02,20\nC3,2024-03-03,-5\nC1,2024-03-04,7\n",
    ));
    let before = workspace.rfm(&RfmOptions::default()).unwrap();
    assert_eq!(workspace.cache_stats().frames_built, 1);
    let file = customers_file(b"id,gender,age,city\nC1,f,31,Lyon\nC9,m,40,Nice\nC3,m,,Caen\n", &named("c.csv"));
    let report = workspace.join_customers(file);
    assert_eq!((report.matched, report.customers_without_record), (1, 1), "C1 matched, C2 without record");
    assert_eq!(report.records_without_customer.count, 2, "C9 has no order, C3 only returned");
    // C9 joined the dictionary after the ordering customers; the orders' codes did not move.
    let dictionary = &workspace.orders().customer.dictionary;
    assert_eq!(dictionary.lookup("C9"), Some(3));
    assert_eq!(dictionary.lookup("C1"), Some(1));
    // The join emptied the cache: the next frame is built anew and carries the attributes in id order.
    let after = workspace.rfm(&RfmOptions::default()).unwrap();
    assert_eq!(after.customers.recency_days, before.customers.recency_days, "same analysis");
    assert_eq!(workspace.cache_stats().frames_built, 1, "a new cache counts from zero");
    let frame = workspace.frame(after.analysis_date);
    let ids: Vec<&str> = (0..frame.len()).map(|i| frame.id(workspace.orders(), i)).collect();
    assert_eq!(ids, ["C1", "C2", "C3"]);
    let names: Vec<&str> = frame.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["gender", "age", "city"]);
    let JoinedValues::Text { codes, names } = &frame.attributes[0].values else { panic!("gender is text") };
    let genders: Vec<Option<&str>> = codes.iter().map(|&c| names.get(c as usize).map(String::as_str)).collect();
    assert_eq!(genders, [Some("f"), None, Some("m")]);
    let JoinedValues::Number(ages) = &frame.attributes[1].values else { panic!("age is a number") };
    assert_eq!(ages, &[Some(310_000), None, None], "C2 has no record, C3's age is blank");
}
