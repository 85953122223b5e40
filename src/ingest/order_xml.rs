//! Salesforce Commerce Cloud's order export (issue 12): an XML document of the impex order schema
//! (`<orders xmlns="http://www.demandware.com/xml/impex/order/…">`), not a table. Each `<product-lineitem>` of an
//! `<order>` becomes one row of cells named after the elements read (`order-no`, `order-date`, `customer-no`…), so
//! the rows go through the same mapping, platform layout and row builder as a CSV export.
//!
//! Read with the workbook reader's XML scanner: only the elements below, at their place in the schema (an order's
//! `net-price` in `<totals>` or a shipping line's is not a product line's).

use super::xlsx::{local, unescaped, Event, SheetRow, Xml};
use crate::error::{Error, ErrorKind};

/// The namespace that marks Commerce Cloud's order export.
const NAMESPACE: &[u8] = b"demandware.com/xml/impex/order/";

/// The columns of the rows: the element (or attribute) read, and the element it must sit in.
pub const COLUMNS: [(&str, &str); 14] = [
    ("order-no", "order"),
    ("order-date", "order"),
    ("currency", "order"),
    ("customer-no", "customer"),
    ("customer-name", "customer"),
    ("customer-email", "customer"),
    ("order-status", "status"),
    ("payment-status", "status"),
    ("product-id", "product-lineitem"),
    ("product-name", "product-lineitem"),
    ("quantity", "product-lineitem"),
    ("base-price", "product-lineitem"),
    ("net-price", "product-lineitem"),
    ("gross-price", "product-lineitem"),
];

/// The first product line column: the columns before are the order's.
const FIRST_LINE_COLUMN: usize = 8;

/// Whether the first bytes are Commerce Cloud's XML order export.
pub fn looks_like_order_xml(sample: &[u8]) -> bool {
    let head = &sample[..sample.len().min(4096)];
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head).trim_ascii_start();
    (text.starts_with(b"<?xml") || text.starts_with(b"<orders"))
        && head.windows(NAMESPACE.len()).any(|w| w == NAMESPACE)
}

/// The rows of the export: a header row of the [`COLUMNS`] the export has (an element it never holds is no
/// column, so an export without customers has no customer column) on line 1, then one row per product line,
/// numbered by the line its `<product-lineitem>` starts on.
pub fn read_orders(bytes: &[u8]) -> Result<Vec<SheetRow>, Error> {
    read(bytes).map_err(|reason| {
        Error::new(ErrorKind::NotText {
            looks_like: format!("a Salesforce Commerce Cloud XML order export that cannot be read ({reason})"),
        })
    })
}

fn read(bytes: &[u8]) -> Result<Vec<SheetRow>, String> {
    let mut xml = Xml::new(bytes, "the order export")?;
    let mut rows = Vec::new();
    let mut seen = [false; COLUMNS.len()];
    let mut path: Vec<&str> = Vec::new();
    let mut order: Vec<String> = vec![String::new(); FIRST_LINE_COLUMN];
    let mut line_cells: Vec<String> = vec![String::new(); COLUMNS.len() - FIRST_LINE_COLUMN];
    // The order's product lines (start line, cells), emitted at the order's end with the order's cells.
    let mut lines: Vec<(u64, Vec<String>)> = Vec::new();
    let (mut line, mut counted_to) = (1u64, 0usize);
    loop {
        let before = xml.at;
        line += memchr::memchr_iter(b'\n', &bytes[counted_to..before]).count() as u64;
        counted_to = before;
        match xml.next()? {
            Event::Start(tag) => {
                let name = local(tag.name);
                let parent = path.last().copied().unwrap_or("");
                if name == "order" {
                    order.iter_mut().for_each(String::clear);
                    if let Some(number) = tag.attr("order-no")? {
                        order[0] = unescaped(number)?;
                        seen[0] = true;
                    }
                    lines.clear();
                } else if name == "product-lineitem" {
                    line_cells.iter_mut().for_each(String::clear);
                    lines.push((line, Vec::new()));
                }
                let column = COLUMNS.iter().position(|&(column, within)| column == name && within == parent);
                match column {
                    Some(i) if i > 0 => {
                        seen[i] = true;
                        let text = xml.text_to_end(tag.name)?.trim().to_string();
                        if i < FIRST_LINE_COLUMN {
                            order[i] = text;
                        } else {
                            line_cells[i - FIRST_LINE_COLUMN] = text;
                        }
                    }
                    _ => path.push(name),
                }
            }
            Event::End(end) => {
                let name = local(end);
                path.pop();
                if name == "product-lineitem" {
                    if let Some(last) = lines.last_mut() {
                        last.1 = line_cells.clone();
                    }
                } else if name == "order" {
                    for (number, cells) in lines.drain(..) {
                        rows.push((number, order.iter().chain(cells.iter()).cloned().collect::<Vec<String>>()));
                    }
                }
            }
            Event::Text(..) => {}
            Event::Eof => break,
        }
    }
    // Only the columns the export holds, numbered from 0.
    let kept: Vec<usize> = (0..COLUMNS.len()).filter(|&i| seen[i]).collect();
    let row = |number: u64, cell: &dyn Fn(usize) -> String| SheetRow {
        number,
        cells: kept.iter().enumerate().map(|(column, &i)| (column as u32, cell(i))).collect(),
    };
    let mut sheet = vec![row(1, &|i| COLUMNS[i].0.to_string())];
    sheet.extend(rows.iter().map(|(number, cells)| row(*number, &|i| cells[i].clone())));
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_product_line_is_a_row_with_its_orders_cells() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<orders xmlns="http://www.demandware.com/xml/impex/order/2006-10-31">
  <order order-no="00001">
    <order-date>2024-03-05T10:00:00.000Z</order-date>
    <customer><customer-no>C7</customer-no><customer-email>a&amp;b@example.com</customer-email></customer>
    <status><order-status>COMPLETED</order-status></status>
    <product-lineitems>
      <product-lineitem><net-price>20.00</net-price><quantity unit="">2.0</quantity><product-id>S1</product-id></product-lineitem>
      <product-lineitem><net-price>5.00</net-price><quantity unit="">1.0</quantity></product-lineitem>
    </product-lineitems>
    <shipping-lineitems><shipping-lineitem><net-price>4.99</net-price></shipping-lineitem></shipping-lineitems>
    <totals><merchandize-total><net-price>25.00</net-price></merchandize-total></totals>
  </order>
</orders>
"#;
        assert!(looks_like_order_xml(xml.as_bytes()));
        assert!(!looks_like_order_xml(b"customer,date,amount\n"));
        let rows = read_orders(xml.as_bytes()).unwrap();
        assert_eq!(rows.len(), 3, "the header and two product lines, not the shipping line or the totals");
        // Columns by the header's names: only the elements the export holds are columns.
        fn cell<'r>(rows: &'r [SheetRow], row: usize, name: &str) -> &'r str {
            let column = rows[0].cells.iter().find(|(_, t)| t == name).map(|(c, _)| *c).unwrap();
            rows[row].cells.iter().find(|(c, _)| *c == column).map(|(_, t)| t.as_str()).unwrap()
        }
        assert!(rows[0].cells.iter().all(|(_, name)| name != "customer-name" && name != "payment-status"));
        assert_eq!(cell(&rows, 1, "order-no"), "00001");
        assert_eq!(cell(&rows, 1, "customer-email"), "a&b@example.com");
        assert_eq!((cell(&rows, 1, "net-price"), cell(&rows, 2, "net-price")), ("20.00", "5.00"));
        assert_eq!(cell(&rows, 2, "order-status"), "COMPLETED");
        assert_eq!((rows[1].number, rows[2].number), (8, 9), "the line each product line starts on");
        assert!(read_orders(b"<orders xmlns=\"http://www.demandware.com/xml/impex/order/1\"><order").is_err());
    }
}
