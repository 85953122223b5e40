//! The kinds of file a dataset reads, the roles each kind's columns can play, which of them are required, and
//! the header synonyms that map a column to a role, as data (the contract's §1, §14.1 and §16.1 tables; exported
//! as they are by the module's catalog).

use super::roles::{normalize_header, Role};
use serde::Serialize;

/// What a file holds, which decides its roles and what is built from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FileKind {
    /// Order lines (§1): the dataset's main table.
    Orders,
    /// One row per customer with attributes (§14.1), joined to the orders by customer id.
    Customers,
    /// One row per contact of a marketing campaign (§16.1), joined to the orders by customer id.
    Campaigns,
}

/// One role of a kind of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleSpec {
    /// The role.
    pub role: Role,
    /// Whether a file of this kind must have a column for it.
    pub required: bool,
    /// Roles that together stand in for a required one (`amount` = `quantity` × `unitPrice`); empty otherwise.
    pub unless: &'static [Role],
    /// Header names that map to the role, as compared: after [`normalize_header`] (lower case, without spaces,
    /// underscores, hyphens or dots).
    pub synonyms: &'static [&'static str],
}

impl FileKind {
    /// Every kind, in the order the API lists them.
    pub const ALL: [FileKind; 3] = [FileKind::Orders, FileKind::Customers, FileKind::Campaigns];

    /// The kind's name in the API and in error details: `orders`, `customers`, `campaigns`.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Orders => "orders",
            FileKind::Customers => "customers",
            FileKind::Campaigns => "campaigns",
        }
    }

    /// The kind named `name` (as [`name`](FileKind::name) gives it).
    pub fn from_name(name: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The roles of this kind's columns, in the contract's order.
    pub fn roles(self) -> &'static [RoleSpec] {
        match self {
            FileKind::Orders => ORDER_ROLES,
            FileKind::Customers => CUSTOMER_ROLES,
            FileKind::Campaigns => CAMPAIGN_ROLES,
        }
    }

    /// Whether `role` is one of this kind's roles.
    pub fn has_role(self, role: Role) -> bool {
        self.roles().iter().any(|spec| spec.role == role)
    }

    /// The role of this kind that `header` names, if it is one of the synonyms.
    pub fn role_from_header(self, header: &str) -> Option<Role> {
        let key = normalize_header(header);
        self.roles().iter().find(|spec| spec.synonyms.contains(&key.as_str())).map(|spec| spec.role)
    }
}

/// Customer id headers, the same in every kind of file.
const CUSTOMER_SYNONYMS: &[&str] = &[
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
    // platforms (issue 12): more platforms' headers, and German, French, Spanish, Italian, Portuguese, Dutch, Japanese.
    "customeremail",
    "buyerusername",
    "buyeruserid",
    "soldtoparty",
    "会员名",
    "买家昵称",
    "下单帐号",
    "客户姓名",
    "客戶名稱",
    "會員帳號",
    "買家帳號",
    "kundennummer",
    "kundennr",
    "debitorennummer",
    "debitor",
    "kunde",
    "nutzernamedeskaufers",
    "namedeskaufers",
    "auftraggeber",
    "numeroclient",
    "nclient",
    "identifiantclient",
    "acheteur",
    "cliente",
    "iddecliente",
    "ndecliente",
    "comprador",
    "codicecliente",
    "idcliente",
    "acquirente",
    "codigodocliente",
    "iddocliente",
    "klant",
    "klantnummer",
    "klantid",
    "koper",
    "顧客id",
    "顧客番号",
    "会員id",
    "会員番号",
    "顧客名",
    "購入者",
    "注文者",
];

const fn required(role: Role, synonyms: &'static [&'static str]) -> RoleSpec {
    RoleSpec { role, required: true, unless: &[], synonyms }
}

const fn optional(role: Role, synonyms: &'static [&'static str]) -> RoleSpec {
    RoleSpec { role, required: false, unless: &[], synonyms }
}

/// Order lines (§1). `amount` may be replaced by `quantity` and `unitPrice`.
const ORDER_ROLES: &[RoleSpec] = &[
    required(Role::Customer, CUSTOMER_SYNONYMS),
    required(
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
            "日期時間",
            "下單時間",
            // platforms (issue 12): more platforms, DE, FR, ES, IT, PT, NL, JA.
            "订单付款时间",
            "支付时间",
            "订单成交时间",
            "买家付款时间",
            "付款時間",
            "交易日期時間",
            "closedate",
            "createddateutc",
            "saledatetime",
            "billingdate",
            "datetime",
            "datum",
            "bestelldatum",
            "rechnungsdatum",
            "belegdatum",
            "verkauftam",
            "zahlungsdatum",
            "fakturadatum",
            "auftragsdatum",
            "datedecommande",
            "datedefacture",
            "datedevente",
            "fecha",
            "fechadelpedido",
            "fechadefactura",
            "fechadeventa",
            "data",
            "dataordine",
            "datafattura",
            "datadellordine",
            "datadopedido",
            "datadafatura",
            "datadavenda",
            "besteldatum",
            "factuurdatum",
            "orderdatum",
            "注文日",
            "注文日時",
            "受注日",
            "購入日",
            "日付",
            "売上日",
        ],
    ),
    RoleSpec {
        role: Role::Amount,
        required: true,
        unless: &[Role::Quantity, Role::UnitPrice],
        synonyms: &[
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
            // platforms (issue 12): more platforms, DE, FR, ES, IT, PT, NL, JA.
            "用户实付金额元",
            "订单实付金额",
            "實付金額",
            "總金額",
            "ordertotal",
            "grandtotal",
            "itemtotal",
            "ordervalue",
            "netvalue",
            "netamount",
            "grossamount",
            "betrag",
            "gesamtbetrag",
            "umsatz",
            "bruttobetrag",
            "nettobetrag",
            "summe",
            "nettowert",
            "rechnungsbetrag",
            "montant",
            "montantttc",
            "montantht",
            "chiffredaffaires",
            "importe",
            "monto",
            "importetotal",
            "importo",
            "totale",
            "importototale",
            "valor",
            "montante",
            "valortotal",
            "bedrag",
            "totaal",
            "omzet",
            "totaalbedrag",
            "合計金額",
            "売上",
            "売上金額",
            "金額税込",
        ],
    },
    optional(
        Role::Quantity,
        &[
            "quantity",
            "qty",
            "units",
            "数量",
            "件数",
            "數量",
            "購買數量",
            "购买数量",
            // platforms (issue 12): more platforms, DE, FR, ES, IT, PT, NL, JA.
            "lineitemquantity",
            "itemssold",
            "numberofitems",
            "totalquantity",
            "billedquantity",
            "订购数量",
            "宝贝总数量",
            "商品数量件",
            "商品总件数",
            "件數",
            "menge",
            "anzahl",
            "stuckzahl",
            "fakturiertemenge",
            "quantite",
            "qte",
            "cantidad",
            "cant",
            "quantita",
            "qta",
            "quantidade",
            "qtd",
            "aantal",
            "hoeveelheid",
            "個数",
            "点数",
        ],
    ),
    optional(
        Role::UnitPrice,
        &[
            "unitprice",
            "price",
            "单价",
            "單價",
            "价格",
            "價格",
            // platforms (issue 12): more platforms, DE, FR, ES, IT, PT, NL, JA.
            "lineitemprice",
            "soldfor",
            "itemcost",
            "itemprice",
            "京东价",
            "商品单价",
            "einzelpreis",
            "stuckpreis",
            "preis",
            "prixunitaire",
            "prix",
            "preciounitario",
            "precio",
            "prezzounitario",
            "prezzo",
            "precounitario",
            "preco",
            "eenheidsprijs",
            "stukprijs",
            "prijs",
            "単価",
            "価格",
        ],
    ),
    optional(
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
            // platforms (issue 12): more platforms, DE, FR, ES, IT, PT, NL, JA.
            "主订单编号",
            "訂單號碼",
            "ordernr",
            "transactionid",
            "billingdocument",
            "salesrecordnumber",
            "bestellnummer",
            "auftragsnummer",
            "rechnungsnummer",
            "belegnummer",
            "bestellnr",
            "faktura",
            "ncommande",
            "numerodecommande",
            "reference",
            "nfacture",
            "numerodefacture",
            "commande",
            "ndepedido",
            "numerodepedido",
            "pedido",
            "factura",
            "numerodefactura",
            "numeroordine",
            "nordine",
            "ordine",
            "numerofattura",
            "numerodopedido",
            "ndopedido",
            "numerodafatura",
            "bestelnummer",
            "ordernummer",
            "factuurnummer",
            "注文番号",
            "受注番号",
            "注文id",
        ],
    ),
    // platforms (issue 12): the order's status (paid, cancelled, refunded, 交易关闭…).
    optional(
        Role::Status,
        &[
            "status",
            "orderstatus",
            "financialstatus",
            "itemstatus",
            "paymentstatus",
            "dealstage",
            "订单状态",
            "交易状态",
            "状态",
            "訂單狀態",
            "狀態",
            "bestellstatus",
            "zahlungsstatus",
            "auftragsstatus",
            "etat",
            "statut",
            "etatdelacommande",
            "estado",
            "estadodelpedido",
            "stato",
            "statoordine",
            "situacao",
            "statusdopedido",
            "bestelstatus",
            "ステータス",
            "注文ステータス",
        ],
    ),
    // products (§15.1): what was bought; the columns stay dimensions too.
    optional(
        Role::Product,
        &[
            "product",
            "sku",
            "item",
            "productname",
            "stockcode",
            "description",
            "productid",
            "productcode",
            "itemname",
            "skuid",
            "商品",
            "商品名称",
            "商品编码",
            "宝贝标题",
            "货号",
            "产品",
            "产品名称",
            "商品名稱",
            "商品編碼",
            "貨號",
            "產品",
            "產品名稱",
            // platforms × products: DE, FR, ES, IT, PT, NL, JA.
            "artikel",
            "produkt",
            "artikelbezeichnung",
            "produit",
            "article",
            "producto",
            "articulo",
            "prodotto",
            "articolo",
            "produto",
            "artigo",
            "商品名",
            "品名",
        ],
    ),
    optional(
        Role::Category,
        &[
            "category",
            "productcategory",
            "categoryname",
            "品类",
            "类目",
            "商品类别",
            "分类",
            "商品分类",
            "類別",
            "品類",
            "類目",
            "商品類別",
            "分類",
            "商品分類",
            // platforms × products: DE, FR, ES, IT, PT, NL, JA.
            "kategorie",
            "warengruppe",
            "categorie",
            "categoria",
            "カテゴリ",
            "カテゴリー",
        ],
    ),
];

/// The customers file (§14.1): every other column is an attribute, read as text.
const CUSTOMER_ROLES: &[RoleSpec] = &[
    required(Role::Customer, CUSTOMER_SYNONYMS),
    optional(
        Role::BirthDate,
        &[
            "birthdate",
            "birthday",
            "dob",
            "dateofbirth",
            "出生日期",
            "生日",
            // platforms (issue 12): DE, FR, ES, IT, PT, NL, JA.
            "geburtsdatum",
            "datedenaissance",
            "fechadenacimiento",
            "datadinascita",
            "datadenascimento",
            "geboortedatum",
            "生年月日",
        ],
    ),
    optional(Role::Age, &["age", "年龄", "年齡", "alter", "edad", "eta", "idade", "leeftijd", "年齢"]),
    optional(
        Role::Gender,
        &["gender", "sex", "性别", "性別", "geschlecht", "sexe", "sexo", "sesso", "geslacht", "genero"],
    ),
    optional(
        Role::JoinDate,
        &[
            "signupdate",
            "joindate",
            "registeredat",
            "membersince",
            "registrationdate",
            "注册时间",
            "注册日期",
            "入会日期",
            "註冊日期",
            "註冊時間",
        ],
    ),
];

/// The campaign file (§16.1): one row per contact.
const CAMPAIGN_ROLES: &[RoleSpec] = &[
    required(Role::Customer, CUSTOMER_SYNONYMS),
    required(
        Role::ContactDate,
        &[
            "senddate",
            "sentat",
            "contactdate",
            "date",
            "sentdate",
            "contactedat",
            "发送时间",
            "发送日期",
            "触达日期",
            "發送日期",
            "觸達日期",
        ],
    ),
    optional(
        Role::Campaign,
        &["campaign", "campaignid", "campaignname", "活动", "活动名称", "营销活动", "活動", "活動名稱"],
    ),
    optional(Role::Group, &["group", "variant", "arm", "testgroup", "分组", "组别", "分組", "組別"]),
    optional(Role::Opened, &["opened", "open", "openedat", "打开", "是否打开", "打開", "是否打開"]),
    optional(Role::Clicked, &["clicked", "click", "clickedat", "点击", "是否点击", "點擊", "是否點擊"]),
    optional(Role::Cost, &["cost", "costpercontact", "成本", "费用", "費用"]),
];

/// Group values of a treatment contact (§16.1), compared trimmed and case-insensitively.
pub const TREATMENT_VALUES: &[&str] = &["treatment", "test", "t", "target", "1", "实验组", "实验", "测试组", "目标组"];

/// Group values of a control contact (§16.1), compared trimmed and case-insensitively.
pub const CONTROL_VALUES: &[&str] = &["control", "holdout", "c", "0", "对照组", "对照", "控制组", "對照組"];

/// Opened / clicked values that mean yes (§16.1); a readable date also does.
pub const FLAG_TRUE_VALUES: &[&str] = &["1", "true", "yes", "y", "是", "√"];

/// Opened / clicked values that mean no (§16.1); an empty cell also does.
pub const FLAG_FALSE_VALUES: &[&str] = &["0", "false", "no", "n", "否"];

/// The campaign name of a file without a campaign column when the file has no name.
pub const DEFAULT_CAMPAIGN: &str = "campaign";

/// The campaign name of a row whose campaign cell is blank.
pub const BLANK_CAMPAIGN: &str = "(blank)";

// platforms (issue 12): the language of the header synonyms, for the catalog (English: every synonym listed in none).
/// The header synonyms of each language other than English (`zh-Hans`, `zh-Hant`, `ja`, `de`, `fr`, `es`, `it`, `pt`,
/// `nl`), as compared; a synonym shared by languages (`数量`, `total`, `status`) is listed in each. Every entry is a
/// synonym of some role (a test checks it), so `catalog().roles` can show each role's synonyms per language.
pub const SYNONYM_LANGUAGES: &[(&str, &[&str])] = &[
    (
        "zh-Hans",
        &[
            "商品",
            "商品名称",
            "商品编码",
            "宝贝标题",
            "货号",
            "产品",
            "产品名称",
            "品类",
            "类目",
            "商品类别",
            "分类",
            "商品分类",
            "客户id",
            "客户编号",
            "会员id",
            "客户",
            "用户id",
            "买家会员名",
            "客户名称",
            "买家",
            "会员",
            "会员名",
            "买家昵称",
            "下单帐号",
            "客户姓名",
            "订单日期",
            "日期",
            "下单时间",
            "交易日期",
            "购买日期",
            "订单创建时间",
            "付款时间",
            "订单付款时间",
            "支付时间",
            "订单成交时间",
            "买家付款时间",
            "金额",
            "销售额",
            "订单金额",
            "实付金额",
            "买家实际支付金额",
            "总金额",
            "用户实付金额元",
            "订单实付金额",
            "数量",
            "件数",
            "购买数量",
            "订购数量",
            "宝贝总数量",
            "商品数量件",
            "商品总件数",
            "单价",
            "价格",
            "京东价",
            "商品单价",
            "订单号",
            "订单编号",
            "订单id",
            "主订单编号",
            "订单状态",
            "交易状态",
            "状态",
            "出生日期",
            "生日",
            "年龄",
            "性别",
            "注册时间",
            "注册日期",
            "入会日期",
            "发送时间",
            "发送日期",
            "触达日期",
            "活动",
            "活动名称",
            "营销活动",
            "分组",
            "组别",
            "打开",
            "是否打开",
            "点击",
            "是否点击",
            "成本",
            "费用",
        ],
    ),
    (
        "zh-Hant",
        &[
            "商品",
            "商品名稱",
            "商品編碼",
            "貨號",
            "產品",
            "產品名稱",
            "類別",
            "品類",
            "類目",
            "商品類別",
            "分類",
            "商品分類",
            "客戶編號",
            "會員編號",
            "客戶",
            "會員id",
            "客戶名稱",
            "會員帳號",
            "買家帳號",
            "訂單日期",
            "日期",
            "日期時間",
            "下單時間",
            "交易日期",
            "付款時間",
            "交易日期時間",
            "金額",
            "銷售額",
            "訂單金額",
            "實付金額",
            "總金額",
            "數量",
            "購買數量",
            "件數",
            "單價",
            "價格",
            "訂單編號",
            "訂單號",
            "訂單號碼",
            "訂單狀態",
            "狀態",
            "出生日期",
            "生日",
            "年齡",
            "性別",
            "註冊日期",
            "註冊時間",
            "發送日期",
            "觸達日期",
            "活動",
            "活動名稱",
            "分組",
            "組別",
            "打開",
            "是否打開",
            "點擊",
            "是否點擊",
            "成本",
            "費用",
        ],
    ),
    (
        "ja",
        &[
            "商品",
            "商品名",
            "品名",
            "カテゴリ",
            "カテゴリー",
            "顧客id",
            "顧客番号",
            "会員id",
            "会員番号",
            "顧客名",
            "購入者",
            "注文者",
            "注文日",
            "注文日時",
            "受注日",
            "購入日",
            "日付",
            "売上日",
            "金額",
            "合計金額",
            "売上",
            "売上金額",
            "金額税込",
            "数量",
            "個数",
            "点数",
            "単価",
            "価格",
            "注文番号",
            "受注番号",
            "注文id",
            "ステータス",
            "注文ステータス",
            "生年月日",
            "年齢",
            "性別",
        ],
    ),
    (
        "de",
        &[
            "artikel",
            "produkt",
            "artikelbezeichnung",
            "kategorie",
            "warengruppe",
            "kundennummer",
            "kundennr",
            "debitorennummer",
            "debitor",
            "kunde",
            "nutzernamedeskaufers",
            "namedeskaufers",
            "auftraggeber",
            "datum",
            "bestelldatum",
            "rechnungsdatum",
            "belegdatum",
            "verkauftam",
            "zahlungsdatum",
            "fakturadatum",
            "auftragsdatum",
            "betrag",
            "gesamtbetrag",
            "umsatz",
            "bruttobetrag",
            "nettobetrag",
            "summe",
            "nettowert",
            "rechnungsbetrag",
            "menge",
            "anzahl",
            "stuckzahl",
            "fakturiertemenge",
            "einzelpreis",
            "stuckpreis",
            "preis",
            "bestellnummer",
            "auftragsnummer",
            "rechnungsnummer",
            "belegnummer",
            "bestellnr",
            "faktura",
            "bestellstatus",
            "zahlungsstatus",
            "auftragsstatus",
            "geburtsdatum",
            "alter",
            "geschlecht",
        ],
    ),
    (
        "fr",
        &[
            "produit",
            "article",
            "categorie",
            "numeroclient",
            "nclient",
            "identifiantclient",
            "acheteur",
            "datedecommande",
            "datedefacture",
            "datedevente",
            "montant",
            "montantttc",
            "montantht",
            "chiffredaffaires",
            "quantite",
            "qte",
            "prixunitaire",
            "prix",
            "ncommande",
            "numerodecommande",
            "reference",
            "nfacture",
            "numerodefacture",
            "commande",
            "etat",
            "statut",
            "etatdelacommande",
            "datedenaissance",
            "sexe",
        ],
    ),
    (
        "es",
        &[
            "producto",
            "articulo",
            "categoria",
            "cliente",
            "iddecliente",
            "ndecliente",
            "comprador",
            "fecha",
            "fechadelpedido",
            "fechadefactura",
            "fechadeventa",
            "importe",
            "monto",
            "importetotal",
            "cantidad",
            "cant",
            "preciounitario",
            "precio",
            "ndepedido",
            "numerodepedido",
            "pedido",
            "factura",
            "numerodefactura",
            "estado",
            "estadodelpedido",
            "fechadenacimiento",
            "edad",
            "sexo",
            "genero",
        ],
    ),
    (
        "it",
        &[
            "prodotto",
            "articolo",
            "categoria",
            "cliente",
            "codicecliente",
            "idcliente",
            "acquirente",
            "data",
            "dataordine",
            "datafattura",
            "datadellordine",
            "importo",
            "totale",
            "importototale",
            "quantita",
            "qta",
            "prezzounitario",
            "prezzo",
            "numeroordine",
            "nordine",
            "ordine",
            "numerofattura",
            "stato",
            "statoordine",
            "datadinascita",
            "eta",
            "sesso",
        ],
    ),
    (
        "pt",
        &[
            "produto",
            "artigo",
            "categoria",
            "cliente",
            "codigodocliente",
            "iddocliente",
            "comprador",
            "data",
            "datadopedido",
            "datadafatura",
            "datadavenda",
            "valor",
            "montante",
            "valortotal",
            "quantidade",
            "qtd",
            "precounitario",
            "preco",
            "numerodopedido",
            "ndopedido",
            "pedido",
            "numerodafatura",
            "situacao",
            "statusdopedido",
            "datadenascimento",
            "idade",
            "sexo",
            "genero",
        ],
    ),
    (
        "nl",
        &[
            "artikel",
            "product",
            "categorie",
            "klant",
            "klantnummer",
            "klantid",
            "koper",
            "datum",
            "besteldatum",
            "factuurdatum",
            "orderdatum",
            "bedrag",
            "totaal",
            "omzet",
            "totaalbedrag",
            "aantal",
            "hoeveelheid",
            "eenheidsprijs",
            "stukprijs",
            "prijs",
            "bestelnummer",
            "ordernummer",
            "factuurnummer",
            "bestelstatus",
            "geboortedatum",
            "leeftijd",
            "geslacht",
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_are_stored_as_they_are_compared_and_name_one_role_per_kind() {
        for kind in FileKind::ALL {
            assert_eq!(FileKind::from_name(kind.name()), Some(kind));
            let mut seen = std::collections::HashSet::new();
            for spec in kind.roles() {
                for synonym in spec.synonyms {
                    assert_eq!(normalize_header(synonym), *synonym, "{} {synonym}", kind.name());
                    assert!(seen.insert(*synonym), "{synonym} names two roles of {}", kind.name());
                }
            }
        }
    }

    // platforms (issue 12)
    #[test]
    fn every_synonym_of_a_language_is_a_synonym_and_the_languages_cover_the_issues_ten() {
        let all: Vec<&str> =
            FileKind::ALL.iter().flat_map(|kind| kind.roles()).flat_map(|spec| spec.synonyms.iter().copied()).collect();
        for (language, synonyms) in SYNONYM_LANGUAGES {
            for synonym in *synonyms {
                assert!(all.contains(synonym), "{language}: {synonym} is no role's synonym");
            }
        }
        let languages: Vec<&str> = SYNONYM_LANGUAGES.iter().map(|(language, _)| *language).collect();
        assert_eq!(languages, ["zh-Hans", "zh-Hant", "ja", "de", "fr", "es", "it", "pt", "nl"]);
        // Every non-ASCII synonym (Chinese, Japanese) has its language.
        for synonym in all.iter().filter(|s| !s.is_ascii()) {
            assert!(SYNONYM_LANGUAGES.iter().any(|(_, list)| list.contains(synonym)), "{synonym} has no language");
        }
        assert_eq!(FileKind::Orders.role_from_header("N° commande"), Some(Role::Order));
        assert_eq!(FileKind::Orders.role_from_header("Quantité"), Some(Role::Quantity));
        assert_eq!(FileKind::Orders.role_from_header("Bestellnummer"), Some(Role::Order));
        assert_eq!(FileKind::Orders.role_from_header("Menge"), Some(Role::Quantity));
        assert_eq!(FileKind::Orders.role_from_header("Belegdatum"), Some(Role::Date));
        assert_eq!(FileKind::Orders.role_from_header("Betrag"), Some(Role::Amount));
        assert_eq!(FileKind::Orders.role_from_header("用户实付金额(元)"), Some(Role::Amount));
        assert_eq!(FileKind::Orders.role_from_header("注文番号"), Some(Role::Order));
    }

    #[test]
    fn the_same_header_plays_the_role_of_its_kind() {
        assert_eq!(FileKind::Orders.role_from_header("Date"), Some(Role::Date));
        assert_eq!(FileKind::Campaigns.role_from_header("Date"), Some(Role::ContactDate));
        assert_eq!(FileKind::Customers.role_from_header("Date"), None, "an attribute of a customers file");
        assert_eq!(FileKind::Customers.role_from_header("Date of Birth"), Some(Role::BirthDate));
        assert_eq!(FileKind::Campaigns.role_from_header("test_group"), Some(Role::Group));
        assert_eq!(FileKind::Customers.role_from_header("客户编号"), Some(Role::Customer));
        let required = |kind: FileKind| -> Vec<Role> {
            kind.roles().iter().filter(|spec| spec.required).map(|spec| spec.role).collect()
        };
        assert_eq!(required(FileKind::Orders), [Role::Customer, Role::Date, Role::Amount]);
        assert_eq!(required(FileKind::Customers), [Role::Customer]);
        assert_eq!(required(FileKind::Campaigns), [Role::Customer, Role::ContactDate]);
    }
}
