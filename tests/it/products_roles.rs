//! The optional orders roles `product` and `category` (analytics.md §15.1): headers in English, 简体 and 繁體,
//! overrides, the report, and the column staying a dimension (compare by product still works).

use clientele::analysis::compare::{compare, CompareOptions};
use clientele::ingest::{load, LoadOptions, Role, RoleChoice, RoleOverrides};

#[test]
fn product_and_category_headers_in_three_languages_map_to_their_roles() {
    for (product, category) in [("StockCode", "product_category"), ("商品名称", "类目"), ("商品名稱", "類別")]
    {
        let csv = format!("customer_id,order_date,{product},{category},region,amount\nC1,2024-03-01,A,Fruit,N,5\n");
        let loaded = load(csv.as_bytes(), &LoadOptions::default()).unwrap();
        let report = &loaded.report;
        assert_eq!(report.roles.product.as_deref(), Some(product));
        assert_eq!(report.roles.category.as_deref(), Some(category));
        assert_eq!(report.columns[2].role, Some(Role::Product));
        assert_eq!(report.columns[3].role, Some(Role::Category));
        assert_eq!(report.columns[4].role, Some(Role::Dimension));
        let table = &loaded.table;
        assert_eq!(table.product().map(|d| d.name.as_str()), Some(product));
        assert_eq!(table.category().map(|d| d.name.as_str()), Some(category));
        assert_eq!(table.dimensions.len(), 3, "product and category stay dimensions, with region");
    }
}

#[test]
fn a_product_column_is_still_a_compare_dimension() {
    let csv = "customer_id,order_date,product,amount\nC1,2024-03-01,A,5\nC2,2024-03-01,B,7\nC2,2024-03-02,A,1\n";
    let table = load(csv.as_bytes(), &LoadOptions::default()).unwrap().table;
    let result = compare(&table, &CompareOptions { by: vec!["product".into()], ..Default::default() }).unwrap();
    let revenue: Vec<i64> = result.groups.iter().map(|g| g.current.revenue.0 / 10_000).collect();
    assert_eq!(revenue, [7, 6]);
}

#[test]
fn overrides_choose_or_refuse_the_product_column() {
    let csv = "customer_id,order_date,product,title,amount\nC1,2024-03-01,A,Apple,5\n";
    let named = LoadOptions {
        roles: RoleOverrides { product: Some(RoleChoice::Column("title".into())), ..Default::default() },
        ..Default::default()
    };
    let loaded = load(csv.as_bytes(), &named).unwrap();
    assert_eq!(loaded.report.roles.product.as_deref(), Some("title"));
    assert_eq!(loaded.table.product().unwrap().values.text(0), Some("Apple"));
    assert_eq!(loaded.report.columns[2].role, Some(Role::Dimension), "the header's column is a plain dimension");
    let absent = LoadOptions {
        roles: RoleOverrides { product: Some(RoleChoice::Absent), ..Default::default() },
        ..Default::default()
    };
    let loaded = load(csv.as_bytes(), &absent).unwrap();
    assert_eq!(loaded.report.roles.product, None);
    assert!(loaded.table.product().is_none());
    assert!(loaded.table.dimension("product").is_some(), "still a dimension");
    // Without any such column: no product, no category.
    let plain = load(b"customer_id,order_date,amount\nC1,2024-03-01,5\n", &LoadOptions::default()).unwrap();
    assert!(plain.table.product().is_none() && plain.table.category().is_none());
    assert_eq!((plain.report.roles.product, plain.report.roles.category), (None, None));
}
