//! CLV inputs and a bit-exact checksum shared by the native (`tests/it/clv_workspace.rs`) and WebAssembly
//! (`tests/wasm.rs`) tests, so both compute the same thing from the same bytes and compare with the same numbers.
//! Included with `#[path]` by both; nothing here reads `../shared` at test time.

/// analytics.md §11.12 A1 as an orders file (c4's 04-01 row is on D = 2024-04-01; c5 has a return only).
pub const A1_CSV: &str = "customer,date,amount\n\
    c1,2024-01-01,30.00\n\
    c1,2024-01-01,10.00\n\
    c1,2024-01-15,25.00\n\
    c1,2024-02-12,-5.00\n\
    c1,2024-03-11,35.00\n\
    c1,2024-03-11,-10.00\n\
    c2,2024-02-05,0.00\n\
    c2,2024-02-19,50.00\n\
    c2,2024-03-04,70.00\n\
    c3,2024-03-31,20.00\n\
    c4,2024-01-10,15.00\n\
    c4,2024-04-01,99.00\n\
    c5,2024-02-01,-20.00\n";

/// §11.12 A2's options on A1: the given parameters, horizon 52 weeks, 12 months at 1 %; and A4's holdout.
pub const A2_OPTIONS_JSON: &str = r#"{"analysisDate": "2024-04-01",
    "params": {"bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
               "gammaGamma": {"p": 6.25, "q": 3.74, "gamma": 15.44}},
    "holdout": {"from": "2024-03-01"}}"#;

/// §11.12 A3's options on the CDNOW sample: both models fitted.
pub const CDNOW_OPTIONS_JSON: &str = r#"{"analysisDate": "1997-10-01"}"#;

/// The CDNOW sample (`tests/fixtures/cdnow/CDNOW_sample.txt`: id, customer, yyyymmdd, quantity, amount, blank
/// separated) as an orders file `customer,date,amount` (§11.12 A3: customer = second column, amount = fifth).
pub fn cdnow_csv(sample: &str) -> String {
    let mut csv = String::from("customer,date,amount\n");
    for line in sample.lines().filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let date = fields[2];
        csv.push_str(&format!("{},{}-{}-{},{}\n", fields[1], &date[..4], &date[4..6], &date[6..], fields[4]));
    }
    csv
}

/// The numbers of a `ClvResult` the checksum covers, by path: the models, the summary figures and the holdout's
/// prediction (a `null` counts as such).
pub const SCALARS: [&[&str]; 13] = [
    &["bgnbd", "r"],
    &["bgnbd", "alpha"],
    &["bgnbd", "a"],
    &["bgnbd", "b"],
    &["bgnbd", "logLikelihood"],
    &["gammaGamma", "p"],
    &["gammaGamma", "q"],
    &["gammaGamma", "gamma"],
    &["gammaGamma", "logLikelihood"],
    &["populationMeanValue"],
    &["newCustomerExpectedPurchases"],
    &["totals", "clv"],
    &["holdout", "predictedTotal"],
];

/// The per-customer columns the checksum covers, in this order (a `null` column counts as such).
pub const COLUMNS: [&str; 7] = ["tx", "T", "meanRepeatValue", "pAlive", "expectedPurchases", "expectedValue", "clv"];

/// FNV-1a (64 bits) over the bit patterns of numbers, with a fixed pattern for `null`: equal checksums mean the
/// same numbers to the last bit (but for a collision), and different bits change it.
pub struct Checksum(u64);

impl Checksum {
    /// The FNV offset basis.
    pub fn new() -> Checksum {
        Checksum(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(&mut self, bytes: [u8; 8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Adds a number (`None` for `null`).
    pub fn add(&mut self, value: Option<f64>) {
        self.bytes(value.map_or(u64::MAX, f64::to_bits).to_le_bytes());
    }

    /// Adds a column (`None` for `null`), its length first.
    pub fn add_column(&mut self, values: Option<&[f64]>) {
        match values {
            None => self.add(None),
            Some(values) => {
                self.bytes((values.len() as u64).to_le_bytes());
                values.iter().for_each(|&v| self.add(Some(v)));
            }
        }
    }

    /// The checksum.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

/// The checksums of A1 with A2's options and of the CDNOW sample with A3's, as the native build computes them
/// (`cargo test --test it clv_checksums_native`, which asserts these and prints the values it got when they
/// differ). The WebAssembly test must get the same bits. When the CLV numerics change on purpose (another fit
/// method, another summation order), run the native test and copy the two values it prints.
pub const A1_CHECKSUM: u64 = 0x3103_d86e_dea6_ab02;
/// See [`A1_CHECKSUM`].
pub const CDNOW_CHECKSUM: u64 = 0x330d_69b8_3882_f48c;
