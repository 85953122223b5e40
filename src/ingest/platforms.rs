//! The export layouts of the platforms people export orders from, as data (issue 12): each platform's id, display
//! name, the headers that recognise its export, which of its columns plays which role (and which roles it has no
//! column for), and the status values that mean "not sold". Exported as it is by `catalog().platforms`.
//!
//! Headers are stored as compared: after [`normalize_header`](super::roles::normalize_header). Where a platform's
//! layout was only inferred (no real export was found: see tests/fixtures/platform-exports.md) it has no
//! signature and is matched by the header synonyms alone.

use super::roles::{normalize_header, Role};
use super::schema::FileKind;

/// How sure we are of a platform's layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// Read from a real export, the exporter's source or its documentation.
    Verified,
    /// From independent third-party code or fixtures that agree.
    PartlyVerified,
    /// From general knowledge: no signature, mapped by synonyms only.
    Inferred,
}

impl Evidence {
    /// The name in the catalog: `verified`, `partlyVerified`, `inferred`.
    pub fn name(self) -> &'static str {
        match self {
            Evidence::Verified => "verified",
            Evidence::PartlyVerified => "partlyVerified",
            Evidence::Inferred => "inferred",
        }
    }
}

/// One platform's export layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Platform {
    /// Stable id (`shopify_orders`).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// The kind of file the export is.
    pub kind: FileKind,
    /// How its layout is known.
    pub evidence: Evidence,
    /// Normalized headers that recognise the export (its stable core); empty when it cannot be recognised.
    pub signature: &'static [&'static str],
    /// Per role, the normalized headers that play it, the first present wins; an empty list means the export has
    /// no column for the role (it is then never guessed: a missing customer stops the load). Roles not listed are
    /// mapped by the synonyms.
    pub roles: &'static [(Role, &'static [&'static str])],
    /// Status values (normalized like headers) that mean the order was not sold, beyond the common ones.
    pub not_sold: &'static [&'static str],
    // platforms2 (issue 12)
    /// Rows that sum up an order's lines (a column, normalized, and its values): left out and reported as
    /// `order_summary`, so the order is counted once, by its lines.
    pub summary_rows: &'static [(&'static str, &'static [&'static str])],
}

/// The share of a platform's signature a file must have for the platform to be recognised.
pub const MIN_SIGNATURE_SHARE: f64 = 0.75;

/// Status values (normalized like headers) meaning an order was not sold (cancelled, refunded, failed, closed),
/// in the languages of the synonyms; a `statusFilter` replaces them.
pub const NOT_SOLD_STATUSES: &[&str] = &[
    "cancelled",
    "canceled",
    "refunded",
    "voided",
    "failed",
    "declined",
    "交易关闭",
    "交易被淘宝关闭",
    "已取消",
    "取消",
    "退款成功",
    "已退款",
    "已关闭",
    "交易關閉",
    "storniert",
    "erstattet",
    "annule",
    "annulee",
    "rembourse",
    "cancelado",
    "reembolsado",
    "annullato",
    "rimborsato",
    "geannuleerd",
    "terugbetaald",
    "キャンセル",
    "返金済み",
];

/// Status values (normalized) of orders that were sold or are in progress: with [`NOT_SOLD_STATUSES`], the
/// vocabulary that recognises a status column by its values.
pub const SOLD_STATUSES: &[&str] = &[
    "paid",
    "completed",
    "complete",
    "shipped",
    "delivered",
    "processing",
    "pending",
    "fulfilled",
    "unfulfilled",
    "onhold",
    "succeeded",
    "closedwon",
    "partiallyrefunded",
    "已付款",
    "交易成功",
    "已发货",
    "已完成",
    "待发货",
    "等待买家付款",
    "买家已付款，等待卖家发货",
    "卖家已发货，等待买家确认",
    "完成",
    "bezahlt",
    "versendet",
    "offen",
    "paye",
    "expedie",
    "pagado",
    "enviado",
    "pagato",
    "spedito",
    "pago",
    "betaald",
    "verzonden",
    "支払済み",
    "発送済み",
];

use Role::{Amount, Customer, Date, Order, Quantity, Status, UnitPrice};

/// Every platform, in the catalog's order (the list).
pub const PLATFORMS: &[Platform] = &[
    Platform {
        id: "shopify_orders",
        name: "Shopify orders export",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &["name", "financialstatus", "createdat", "lineitemquantity", "lineitemname", "lineitemprice"],
        // One row per line item; `Total` is the order's total on its first line only: kept as a measure.
        roles: &[
            (Order, &["name"]),
            (Customer, &["email"]),
            (Date, &["createdat"]),
            (Quantity, &["lineitemquantity"]),
            (UnitPrice, &["lineitemprice"]),
            (Amount, &[]),
            (Status, &["financialstatus"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "shopify_customers",
        name: "Shopify customers export",
        kind: FileKind::Customers,
        evidence: Evidence::Verified,
        signature: &["firstname", "lastname", "email", "totalspent", "totalorders", "taxexempt"],
        roles: &[(Customer, &["email", "customerid"])],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "woocommerce",
        name: "WooCommerce (Analytics › Orders)",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &["date", "order", "status", "customer", "customertype", "products", "itemssold", "netsales"],
        roles: &[
            (Order, &["order"]),
            (Date, &["date"]),
            (Customer, &["customer"]),
            (Amount, &["netsales"]),
            (Quantity, &["itemssold"]),
            (UnitPrice, &[]),
            (Status, &["status"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "magento",
        name: "Magento / Adobe Commerce (orders grid)",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &[
            "id",
            "purchasepoint",
            "purchasedate",
            "billtoname",
            "shiptoname",
            "grandtotalbase",
            "grandtotalpurchased",
            "status",
        ],
        roles: &[
            (Order, &["id"]),
            (Date, &["purchasedate"]),
            (Customer, &["customeremail", "customername", "billtoname"]),
            (Amount, &["grandtotalpurchased", "grandtotalbase"]),
            (Status, &["status"]),
        ],
        not_sold: &["closed"],
        summary_rows: &[],
    },
    Platform {
        id: "bigcommerce",
        name: "BigCommerce orders export",
        kind: FileKind::Orders,
        evidence: Evidence::PartlyVerified,
        signature: &[
            "orderid",
            "customerid",
            "customeremail",
            "orderdate",
            "orderstatus",
            "ordertotalinctax",
            "totalquantity",
            "productdetails",
        ],
        roles: &[
            (Order, &["orderid"]),
            (Customer, &["customeremail", "customerid"]),
            (Date, &["orderdate"]),
            (Amount, &["ordertotalinctax"]),
            (Quantity, &["totalquantity"]),
            (Status, &["orderstatus"]),
        ],
        not_sold: &["incomplete"],
        summary_rows: &[],
    },
    Platform {
        id: "prestashop",
        name: "PrestaShop orders export",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &["id", "reference", "newclient", "delivery", "customer", "total", "payment", "status", "date"],
        roles: &[
            (Order, &["reference", "id"]),
            (Customer, &["customer"]),
            (Date, &["date"]),
            (Amount, &["total"]),
            (Status, &["status"]),
        ],
        not_sold: &["paymenterror"],
        summary_rows: &[],
    },
    Platform {
        id: "shopware",
        name: "Shopware 6 (default orders profile)",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &[
            "ordernumber",
            "saleschannelid",
            "customerfirstname",
            "customerlastname",
            "customeremail",
            "amounttotal",
            "orderstateid",
            "orderdatetime",
        ],
        // `order_state_id` is a state's id, not its name: no status can be read.
        roles: &[
            (Order, &["ordernumber"]),
            (Customer, &["customeremail"]),
            (Date, &["orderdatetime"]),
            (Amount, &["amounttotal"]),
            (Status, &[]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "amazon_orders",
        name: "Amazon Seller Central All Orders report",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &[
            "amazonorderid",
            "merchantorderid",
            "purchasedate",
            "orderstatus",
            "sku",
            "itemstatus",
            "itemprice",
        ],
        // No buyer column at all: the customer must be named by the user.
        roles: &[
            (Order, &["amazonorderid"]),
            (Customer, &[]),
            (Date, &["purchasedate"]),
            (Amount, &["itemprice"]),
            (Quantity, &["quantity"]),
            (UnitPrice, &[]),
            (Status, &["itemstatus"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "ebay_orders",
        name: "eBay Seller Hub orders report",
        kind: FileKind::Orders,
        evidence: Evidence::PartlyVerified,
        signature: &[
            "salesrecordnumber",
            "ordernumber",
            "buyerusername",
            "itemnumber",
            "itemtitle",
            "quantity",
            "soldfor",
            "totalprice",
            "saledate",
        ],
        // `Sold For` is the unit price; `Total Price` the order's total with shipping and tax.
        roles: &[
            (Order, &["ordernumber", "salesrecordnumber"]),
            (Customer, &["buyerusername"]),
            (Date, &["saledate"]),
            (Quantity, &["quantity"]),
            (UnitPrice, &["soldfor"]),
            (Amount, &[]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "etsy_orders",
        name: "Etsy sold orders",
        kind: FileKind::Orders,
        evidence: Evidence::PartlyVerified,
        signature: &["saledate", "orderid", "buyeruserid", "numberofitems", "ordervalue", "ordertotal", "ordernet"],
        roles: &[
            (Order, &["orderid"]),
            (Customer, &["buyeruserid", "buyer"]),
            (Date, &["saledate"]),
            (Amount, &["ordervalue"]),
            (Quantity, &["numberofitems"]),
            (Status, &["status"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "etsy_items",
        name: "Etsy sold order items",
        kind: FileKind::Orders,
        evidence: Evidence::PartlyVerified,
        signature: &["saledate", "itemname", "buyer", "quantity", "price", "itemtotal", "transactionid", "listingid"],
        roles: &[
            (Order, &["orderid"]),
            (Customer, &["buyer"]),
            (Date, &["saledate"]),
            (Amount, &["itemtotal"]),
            (Quantity, &["quantity"]),
            (UnitPrice, &["price"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "square_items",
        name: "Square item sales",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &["date", "time", "timezone", "item", "qty", "grosssales", "netsales", "transactionid", "paymentid"],
        // Refunds are rows with negative amounts (returns), not a status.
        roles: &[
            (Order, &["transactionid"]),
            (Customer, &["customerid", "customername"]),
            (Date, &["date"]),
            (Amount, &["netsales"]),
            (Quantity, &["qty"]),
            (UnitPrice, &[]),
            (Status, &[]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    // platforms2 (issue 12): the layouts of the second round (Lightspeed, Weidian, SAP, Lexware; DATEV's journal).
    Platform {
        id: "lightspeed",
        name: "Lightspeed X-Series (Vend) sales export",
        kind: FileKind::Orders,
        evidence: Evidence::PartlyVerified,
        signature: &[
            "date",
            "receiptnumber",
            "linetype",
            "customercode",
            "customername",
            "quantity",
            "subtotal",
            "salestax",
            "loyalty",
            "paid",
            "register",
            "accountcodesale",
        ],
        // A receipt is a `Sale` row with its totals, then one `Sale Line` row per product: the lines are counted.
        roles: &[
            (Order, &["receiptnumber"]),
            (Customer, &["customercode"]),
            (Date, &["date"]),
            (Amount, &["total"]),
            (Quantity, &["quantity"]),
            (UnitPrice, &[]),
            (Status, &["status"]),
        ],
        not_sold: &[],
        summary_rows: &[("linetype", &["sale"])],
    },
    Platform {
        id: "salesforce_commerce",
        name: "Salesforce Commerce Cloud XML order export",
        kind: FileKind::Orders,
        evidence: Evidence::PartlyVerified,
        // platforms2 (issue 12): the XML's elements as columns, one row per product line (src/ingest/order_xml.rs).
        signature: &[
            "orderno",
            "orderdate",
            "customerno",
            "customeremail",
            "orderstatus",
            "productid",
            "quantity",
            "netprice",
        ],
        roles: &[
            (Order, &["orderno"]),
            (Customer, &["customerno", "customeremail"]),
            (Date, &["orderdate"]),
            (Amount, &["netprice"]),
            (Quantity, &["quantity"]),
            (UnitPrice, &["baseprice"]),
            (Status, &["orderstatus"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "hubspot_deals",
        name: "HubSpot deals export",
        kind: FileKind::Orders,
        evidence: Evidence::Inferred,
        signature: &["recordid", "dealname", "dealstage", "closedate", "amount"],
        roles: &[
            (Order, &["recordid"]),
            (Customer, &["associatedcompany", "associatedcontact"]),
            (Date, &["closedate"]),
            (Amount, &["amount"]),
            (Status, &["dealstage"]),
        ],
        // Only won deals are sales.
        not_sold: &[
            "closedlost",
            "appointmentscheduled",
            "qualifiedtobuy",
            "presentationscheduled",
            "decisionmakerboughtin",
            "contractsent",
        ],
        summary_rows: &[],
    },
    Platform {
        id: "stripe_payments",
        name: "Stripe payments export",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &["id", "createddateutc", "amount", "amountrefunded", "currency", "captured", "status"],
        roles: &[
            (Order, &["id"]),
            (Customer, &["customerid", "customeremail"]),
            (Date, &["createddateutc"]),
            (Amount, &["amount"]),
            (Status, &["status"]),
        ],
        not_sold: &["requirespaymentmethod"],
        summary_rows: &[],
    },
    Platform {
        id: "taobao_orders",
        name: "淘宝/天猫 订单报表 (Taobao/Tmall orders)",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &[
            "订单编号",
            "买家会员名",
            "买家应付货款",
            "总金额",
            "买家实际支付金额",
            "订单状态",
            "订单创建时间",
            "宝贝总数量",
        ],
        // What the buyer paid, not 总金额 (goods and postage before discounts).
        roles: &[
            (Order, &["订单编号"]),
            (Customer, &["买家会员名"]),
            (Date, &["订单创建时间"]),
            (Amount, &["买家实际支付金额"]),
            (Quantity, &["宝贝总数量"]),
            (UnitPrice, &[]),
            (Status, &["订单状态"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "taobao_items",
        name: "淘宝/天猫 宝贝报表 (Taobao/Tmall order items)",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &["订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "商家编码"],
        // No buyer column: join it to the 订单报表 on 订单编号 instead.
        roles: &[
            (Order, &["订单编号"]),
            (Customer, &[]),
            (Quantity, &["购买数量"]),
            (UnitPrice, &["价格"]),
            (Status, &["订单状态"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "jd_orders",
        name: "京东 JD 订单导出",
        kind: FileKind::Orders,
        evidence: Evidence::PartlyVerified,
        signature: &[
            "订单号",
            "商品id",
            "商品名称",
            "订购数量",
            "下单时间",
            "京东价",
            "订单金额",
            "订单状态",
            "下单帐号",
        ],
        // 订单金额 and 应付金额 repeat the order's total on each line: the line amount is 订购数量 × 京东价.
        roles: &[
            (Order, &["订单号"]),
            (Customer, &["下单帐号", "客户姓名"]),
            (Date, &["下单时间"]),
            (Quantity, &["订购数量"]),
            (UnitPrice, &["京东价"]),
            (Amount, &[]),
            (Status, &["订单状态"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "pinduoduo_orders",
        name: "拼多多 Pinduoduo 订单导出",
        kind: FileKind::Orders,
        evidence: Evidence::PartlyVerified,
        signature: &[
            "商品",
            "订单号",
            "订单状态",
            "商品总价元",
            "店铺优惠折扣元",
            "用户实付金额元",
            "商家实收金额元",
            "商品数量件",
        ],
        // No buyer id (only a masked phone): the customer must be named by the user.
        roles: &[
            (Order, &["订单号"]),
            (Customer, &[]),
            (Date, &["支付时间", "订单成交时间"]),
            (Amount, &["用户实付金额元"]),
            (Quantity, &["商品数量件"]),
            (UnitPrice, &[]),
            (Status, &["订单状态"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "youzan_orders",
        name: "有赞 Youzan 订单导出",
        kind: FileKind::Orders,
        evidence: Evidence::Inferred,
        signature: &["订单号", "订单状态", "买家付款时间", "全部商品名称", "商品种类数", "订单实付金额"],
        roles: &[
            (Order, &["订单号"]),
            (Customer, &["买家昵称", "买家手机号"]),
            (Date, &["买家付款时间"]),
            (Amount, &["订单实付金额"]),
            (Status, &["订单状态"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "weidian",
        name: "微店 Weidian 订单导出",
        kind: FileKind::Orders,
        evidence: Evidence::Inferred,
        signature: &[
            "订单号",
            "订单状态",
            "下单时间",
            "付款时间",
            "买家id",
            "商品名称",
            "商品单价",
            "购买数量",
            "实付金额",
        ],
        // One row per item; 实付金额 is the order's (repeated on each item): the line amount is 购买数量 × 商品单价.
        roles: &[
            (Order, &["订单号"]),
            (Customer, &["买家id"]),
            (Date, &["下单时间"]),
            (Quantity, &["购买数量"]),
            (UnitPrice, &["商品单价"]),
            (Amount, &[]),
            (Status, &["订单状态"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "datev",
        name: "DATEV Buchungsstapel",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &[
            "umsatzohnesollhabenkz",
            "sollhabenkennzeichen",
            "wkzumsatz",
            "konto",
            "gegenkontoohnebuschlussel",
            "belegdatum",
            "belegfeld1",
        ],
        // A journal: the customer is the debtor account (Konto or Gegenkonto, see src/ingest/journal.rs), the amount
        // signed by Soll/Haben, the invoice number Belegfeld 1, DDMM dates in the year of the EXTF first line.
        roles: &[
            (Order, &["belegfeld1"]),
            (Customer, &["konto"]),
            (Date, &["belegdatum"]),
            (Amount, &["umsatzohnesollhabenkz"]),
            (Status, &[]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "sap_billing",
        name: "SAP billing document list (VF05, German)",
        kind: FileKind::Orders,
        evidence: Evidence::Inferred,
        signature: &[
            "faktura",
            "fakturadatum",
            "auftraggeber",
            "material",
            "fakturiertemenge",
            "nettowert",
            "belegwahrung",
        ],
        // Credit memos carry SAP's trailing minus (`1.234,56-`); customers keep their leading zeros.
        roles: &[
            (Order, &["faktura"]),
            (Customer, &["auftraggeber"]),
            (Date, &["fakturadatum"]),
            (Amount, &["nettowert"]),
            (Quantity, &["fakturiertemenge"]),
            (UnitPrice, &[]),
            (Status, &[]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "lexware",
        name: "Lexware Rechnungsausgangsbuch (invoice list)",
        kind: FileKind::Orders,
        evidence: Evidence::Inferred,
        signature: &[
            "rechnungsnummer",
            "rechnungsdatum",
            "kundennummer",
            "kunde",
            "nettobetrag",
            "bruttobetrag",
            "status",
        ],
        // What the customer was invoiced (gross); cancelled invoices (storniert) are not sold.
        roles: &[
            (Order, &["rechnungsnummer"]),
            (Customer, &["kundennummer"]),
            (Date, &["rechnungsdatum"]),
            (Amount, &["bruttobetrag"]),
            (Quantity, &[]),
            (UnitPrice, &[]),
            (Status, &["status"]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "superstore",
        name: "Excel \"Superstore\" sample",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &[
            "rowid",
            "orderid",
            "orderdate",
            "shipdate",
            "shipmode",
            "customerid",
            "segment",
            "sales",
            "profit",
        ],
        roles: &[
            (Order, &["orderid"]),
            (Customer, &["customerid"]),
            (Date, &["orderdate"]),
            (Amount, &["sales"]),
            (Quantity, &["quantity"]),
            (UnitPrice, &[]),
            (Status, &[]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "uci_online_retail",
        name: "UCI Online Retail",
        kind: FileKind::Orders,
        evidence: Evidence::Verified,
        signature: &["invoiceno", "stockcode", "description", "quantity", "invoicedate", "unitprice", "country"],
        // Invoices starting with C are cancellations, with negative quantities: returns.
        roles: &[
            (Order, &["invoiceno"]),
            (Customer, &["customerid"]),
            (Date, &["invoicedate"]),
            (Quantity, &["quantity"]),
            (UnitPrice, &["unitprice"]),
            (Amount, &[]),
            (Status, &[]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
    Platform {
        id: "uci_online_retail_ii",
        name: "UCI Online Retail II",
        kind: FileKind::Orders,
        evidence: Evidence::Inferred,
        signature: &["invoice", "stockcode", "description", "quantity", "invoicedate", "price", "country"],
        roles: &[
            (Order, &["invoice"]),
            (Customer, &["customerid"]),
            (Date, &["invoicedate"]),
            (Quantity, &["quantity"]),
            (UnitPrice, &["price"]),
            (Amount, &[]),
            (Status, &[]),
        ],
        not_sold: &[],
        summary_rows: &[],
    },
];

/// A recognised platform: which, and the share of its signature the file has.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlatformMatch {
    /// The platform.
    pub platform: &'static Platform,
    /// The share of its signature headers present (from [`MIN_SIGNATURE_SHARE`] to 1).
    pub confidence: f64,
}

/// The platform of `kind` whose signature the `headers` match best, if one matches at least
/// [`MIN_SIGNATURE_SHARE`] of it (ties: the longer signature, which says more).
pub fn recognise(kind: FileKind, headers: &[String]) -> Option<PlatformMatch> {
    let keys: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let mut best: Option<PlatformMatch> = None;
    for platform in PLATFORMS.iter().filter(|p| p.kind == kind && !p.signature.is_empty()) {
        let found = platform.signature.iter().filter(|s| keys.iter().any(|k| k == *s)).count();
        let share = found as f64 / platform.signature.len() as f64;
        let better = best.is_none_or(|b| {
            share > b.confidence || (share == b.confidence && platform.signature.len() > b.platform.signature.len())
        });
        if share >= MIN_SIGNATURE_SHARE && better {
            best = Some(PlatformMatch { platform, confidence: share });
        }
    }
    best
}

/// Whether `status` (as written) means not sold, by `not_sold` (normalized values).
pub fn is_listed_status(status: &str, listed: &[String]) -> bool {
    let key = normalize_header(status);
    !key.is_empty() && listed.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_data_is_stored_as_compared_and_ids_are_unique() {
        let mut ids = std::collections::HashSet::new();
        for p in PLATFORMS {
            assert!(ids.insert(p.id), "{}", p.id);
            for h in p.signature.iter().chain(p.roles.iter().flat_map(|(_, hs)| hs.iter())).chain(p.not_sold) {
                assert_eq!(normalize_header(h), *h, "{} {h}", p.id);
            }
            assert!(p.roles.iter().all(|(role, _)| p.kind.has_role(*role)), "{}", p.id);
            for (column, values) in p.summary_rows {
                assert!(std::iter::once(column).chain(values.iter()).all(|h| normalize_header(h) == *h), "{}", p.id);
            }
        }
        let mut seen = std::collections::HashSet::new();
        for s in NOT_SOLD_STATUSES.iter().chain(SOLD_STATUSES) {
            assert_eq!(normalize_header(s), *s);
            assert!(seen.insert(*s), "{s} listed twice");
        }
    }

    #[test]
    fn a_platform_is_recognised_by_its_core_headers() {
        let h = |list: &str| list.split(',').map(String::from).collect::<Vec<_>>();
        let shopify = h("Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price,Total");
        let found = recognise(FileKind::Orders, &shopify).unwrap();
        assert_eq!((found.platform.id, found.confidence), ("shopify_orders", 1.0));
        assert!(recognise(FileKind::Orders, &h("customer_id,order_date,amount")).is_none());
        assert!(recognise(FileKind::Customers, &shopify).is_none(), "only platforms of the file's kind");
    }
}
