//! Segment maps: ordered rules over R, F, M scores (or R and FM), first match wins, unmatched is the map's
//! "other" segment; presets from the contract, user maps as data; and the audit of a map's grid.

use crate::error::Error;
use serde::Serialize;

/// A segment's display names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    /// English.
    pub en: String,
    /// 简体中文.
    pub zh: String,
}

impl Label {
    fn new(en: &str, zh: &str) -> Label {
        Label { en: en.to_string(), zh: zh.to_string() }
    }
}

/// What a map's rules look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Axes {
    /// R, F and M separately.
    #[serde(rename = "rfm")]
    Rfm,
    /// R and FM = ceil((F + M) / 2).
    #[serde(rename = "r-fm")]
    RFm,
}

/// Inclusive score ranges of one box of cells; with [`Axes::RFm`], `f` is the FM range and `m` is ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CellBox {
    /// R range.
    pub r: [u8; 2],
    /// F (or FM) range.
    pub f: [u8; 2],
    /// M range.
    pub m: [u8; 2],
}

fn any_score() -> [u8; 2] {
    [1, u8::MAX]
}

impl CellBox {
    fn contains(&self, cell: [u8; 3]) -> bool {
        let within = |range: [u8; 2], v: u8| range[0] <= v && v <= range[1];
        within(self.r, cell[0]) && within(self.f, cell[1]) && within(self.m, cell[2])
    }
}

/// One rule: the segment it names and the cells it covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Segment name (stable identifier, English).
    pub segment: String,
    /// Display names; defaults to the name in both languages.
    pub label: Option<Label>,
    /// The boxes of cells it covers.
    pub cells: Vec<CellBox>,
}

/// A segment map whose rules are boxes on a score grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GridMap {
    /// The map's name.
    pub name: String,
    /// What the rules look at.
    pub axes: Axes,
    /// The score scale the rules are written for (5 for the presets, 4 for `pymc-5`).
    pub scale: u8,
    /// When true, scores on another B are first mapped to 1..scale by `ceil(score × scale ÷ B)` (rfm-11);
    /// when false, the map only applies with B = scale.
    pub rescale: bool,
    /// The rules, first match wins.
    pub rules: Vec<Rule>,
    /// The segment of customers no rule matches.
    pub other: Label,
}

/// A cell several rules cover, and which wins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Overlap {
    /// The cell, scores written one after another (`"545"`, or `"54"` for R and FM).
    pub cell: String,
    /// The segments of every covering rule, in rule order.
    pub segments: Vec<String>,
    /// The segment that wins (the first).
    pub winner: String,
}

/// What a map does with every cell of its grid.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Audit {
    /// Cells no rule covers (their customers are "other").
    pub uncovered: Vec<String>,
    /// Cells several rules cover.
    pub overlapping: Vec<Overlap>,
    /// Rules that never win a cell (`"#3 Loyal Customers"`).
    pub unreachable: Vec<String>,
}

impl GridMap {
    /// Checks the map's own consistency and that it applies with `bins`.
    pub fn validate(&self, bins: u8) -> Result<(), Error> {
        if !(2..=10).contains(&self.scale) {
            return Err(Error::invalid_option("segmentMap.scale", "must be between 2 and 10"));
        }
        if !self.rescale && bins != self.scale {
            return Err(Error::invalid_option(
                "bins",
                format!("the segment map {} is written for {} bins; use bins: {}", self.name, self.scale, self.scale),
            ));
        }
        if self.rules.is_empty() {
            return Err(Error::invalid_option("segmentMap.rules", "a segment map needs at least one rule"));
        }
        // hostile input (issue 18): the map's size is bounded before any cell is checked.
        use crate::catalog::limits::{SEGMENT_MAP_CELLS, SEGMENT_MAP_RULES};
        use crate::error::OptionRule::MaxItems;
        if self.rules.len() > SEGMENT_MAP_RULES {
            return Err(Error::option_rule("segmentMap.rules", MaxItems { limit: SEGMENT_MAP_RULES as u64 }));
        }
        if self.rules.iter().map(|rule| rule.cells.len()).sum::<usize>() > SEGMENT_MAP_CELLS {
            return Err(Error::option_rule("segmentMap.rules[].cells", MaxItems { limit: SEGMENT_MAP_CELLS as u64 }));
        }
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.segment.trim().is_empty() {
                return Err(Error::invalid_option(format!("segmentMap.rules[{i}].segment"), "is empty"));
            }
            if rule.cells.is_empty() {
                return Err(Error::invalid_option(format!("segmentMap.rules[{i}].cells"), "names no cells"));
            }
            for range in rule.cells.iter().flat_map(|b| [b.r, b.f, b.m]) {
                let open_m = range == any_score();
                if !open_m && (range[0] < 1 || range[0] > range[1] || range[1] > self.scale) {
                    return Err(Error::invalid_option(
                        format!("segmentMap.rules[{i}]"),
                        format!("range {}–{} is not within 1–{} in ascending order", range[0], range[1], self.scale),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The distinct segment names in rule order, then the other segment.
    pub fn segments(&self) -> Vec<(String, Label)> {
        let mut out: Vec<(String, Label)> = Vec::new();
        for rule in &self.rules {
            if !out.iter().any(|(name, _)| *name == rule.segment) {
                let label = rule.label.clone().unwrap_or_else(|| Label::new(&rule.segment, &rule.segment));
                out.push((rule.segment.clone(), label));
            }
        }
        out.push((self.other.en.clone(), self.other.clone()));
        out
    }

    /// The grid cell of a customer's scores on `bins`.
    fn cell(&self, r: u8, f: u8, m: u8, bins: u8) -> [u8; 3] {
        let to_scale = |s: u8| {
            if self.rescale && bins != self.scale {
                (u16::from(s) * u16::from(self.scale)).div_ceil(u16::from(bins)) as u8
            } else {
                s
            }
        };
        let (r, f, m) = (to_scale(r), to_scale(f), to_scale(m));
        match self.axes {
            Axes::Rfm => [r, f, m],
            Axes::RFm => [r, (f + m).div_ceil(2), 1],
        }
    }

    /// The index (into [`segments`](GridMap::segments)) of each customer's segment.
    pub fn assign(&self, r: &[u8], f: &[u8], m: &[u8], bins: u8) -> Vec<u16> {
        let segments = self.segments();
        let rule_segment: Vec<u16> = self
            .rules
            .iter()
            .map(|rule| segments.iter().position(|(name, _)| *name == rule.segment).unwrap_or(0) as u16)
            .collect();
        let other = (segments.len() - 1) as u16;
        // Look-up table over the grid, so each customer costs one index.
        let scale = usize::from(self.scale);
        let mut table = vec![other; (scale + 1).pow(3)];
        for cell in self.grid_cells() {
            if let Some(rule) = self.rules.iter().position(|rule| rule.cells.iter().any(|b| b.contains(cell))) {
                table[cell_index(cell, scale)] = rule_segment[rule];
            }
        }
        (0..r.len()).map(|i| table[cell_index(self.cell(r[i], f[i], m[i], bins), scale)]).collect()
    }

    fn grid_cells(&self) -> Vec<[u8; 3]> {
        let s = self.scale;
        let mut cells = Vec::new();
        for r in 1..=s {
            for f in 1..=s {
                match self.axes {
                    Axes::RFm => cells.push([r, f, 1]),
                    Axes::Rfm => cells.extend((1..=s).map(|m| [r, f, m])),
                }
            }
        }
        cells
    }

    /// Every cell of the grid checked against every rule.
    pub fn audit(&self) -> Audit {
        let mut audit = Audit::default();
        let mut wins = vec![false; self.rules.len()];
        for cell in self.grid_cells() {
            let covering: Vec<usize> =
                (0..self.rules.len()).filter(|&i| self.rules[i].cells.iter().any(|b| b.contains(cell))).collect();
            let name = match self.axes {
                Axes::Rfm => format!("{}{}{}", cell[0], cell[1], cell[2]),
                Axes::RFm => format!("{}{}", cell[0], cell[1]),
            };
            match covering.as_slice() {
                [] => audit.uncovered.push(name),
                [only] => wins[*only] = true,
                [first, ..] => {
                    wins[*first] = true;
                    audit.overlapping.push(Overlap {
                        cell: name,
                        segments: covering.iter().map(|&i| self.rules[i].segment.clone()).collect(),
                        winner: self.rules[*first].segment.clone(),
                    });
                }
            }
        }
        audit.unreachable = (0..self.rules.len())
            .filter(|&i| !wins[i])
            .map(|i| format!("#{} {}", i + 1, self.rules[i].segment))
            .collect();
        audit
    }
}

fn cell_index(cell: [u8; 3], scale: usize) -> usize {
    let side = scale + 1;
    (usize::from(cell[0]) * side + usize::from(cell[1])) * side + usize::from(cell[2])
}

/// `rfm-11` (analytics.md §5): eleven segments partitioning the 25 (R, FM) cells.
pub fn rfm_11() -> GridMap {
    let segment = |en: &str, zh: &str, cells: &[&str]| Rule {
        segment: en.to_string(),
        label: Some(Label::new(en, zh)),
        cells: cells
            .iter()
            .map(|c| {
                let b = c.as_bytes();
                let (r, fm) = (b[0] - b'0', b[1] - b'0');
                CellBox { r: [r, r], f: [fm, fm], m: any_score() }
            })
            .collect(),
    };
    GridMap {
        name: "rfm-11".into(),
        axes: Axes::RFm,
        scale: 5,
        rescale: true,
        rules: vec![
            segment("Champions", "冠军客户", &["55", "54", "45"]),
            segment("Loyal", "忠诚客户", &["53", "44", "35", "34"]),
            segment("Potential Loyalist", "潜力客户", &["52", "42", "43", "33"]),
            segment("New Customers", "新客户", &["51"]),
            segment("Promising", "有望客户", &["41", "31"]),
            segment("Need Attention", "需关注客户", &["32", "23", "22"]),
            segment("About To Sleep", "将沉睡客户", &["21"]),
            segment("At Risk", "高风险客户", &["25", "24", "13"]),
            segment("Can't Lose Them", "不可流失客户", &["15", "14"]),
            segment("Hibernating", "沉睡客户", &["12"]),
            segment("Lost", "流失客户", &["11"]),
        ],
        other: Label::new("Other", "其他"),
    }
}

/// 简体中文 names of the presets' segments (the contract's rfm-11 labels where the names meet).
const CHINESE_NAMES: [(&str, &str); 16] = [
    ("Champions", "冠军客户"),
    ("Loyal Customers", "忠诚客户"),
    ("Potential Loyalist", "潜力客户"),
    ("New Customers", "新客户"),
    ("Promising", "有望客户"),
    ("Need Attention", "需关注客户"),
    ("About To Sleep", "将沉睡客户"),
    ("At Risk", "高风险客户"),
    ("Can't Lose Them", "不可流失客户"),
    ("Lost", "流失客户"),
    ("Premium Customer", "优质客户"),
    ("Repeat Customer", "回头客"),
    ("Top Spender", "高消费客户"),
    ("At Risk Customer", "风险客户"),
    ("Inactive Customer", "不活跃客户"),
    ("Others", "其他"),
];

/// The preset label of a segment: English name and its Chinese name.
fn preset_label(segment: &str) -> Label {
    let zh = CHINESE_NAMES.iter().find(|(en, _)| *en == segment).map_or(segment, |(_, zh)| zh);
    Label::new(segment, zh)
}

/// A rule from inclusive R, F, M ranges (the R `rfm` package's grids).
fn range_rule(segment: &str, r: [u8; 2], f: [u8; 2], m: [u8; 2]) -> Rule {
    Rule { segment: segment.to_string(), label: Some(preset_label(segment)), cells: vec![CellBox { r, f, m }] }
}

/// A map over R, F and M written for exactly B = `scale`.
fn rfm_grid(name: &str, scale: u8, other: Label, rules: Vec<Rule>) -> GridMap {
    GridMap { name: name.into(), axes: Axes::Rfm, scale, rescale: false, rules, other }
}

/// `r-rfm-readme`: the R `rfm` package's README grid (segment-presets.md), first match wins, B = 5.
pub fn r_rfm_readme() -> GridMap {
    rfm_grid(
        "r-rfm-readme",
        5,
        Label::new("Others", "其他"),
        vec![
            range_rule("Champions", [5, 5], [5, 5], [5, 5]),
            range_rule("Potential Loyalist", [3, 5], [3, 5], [2, 5]),
            range_rule("Loyal Customers", [2, 4], [2, 4], [2, 4]),
            range_rule("Promising", [3, 4], [1, 3], [3, 5]),
            range_rule("New Customers", [4, 5], [1, 3], [1, 5]),
            range_rule("Can't Lose Them", [1, 2], [3, 4], [4, 5]),
            range_rule("At Risk", [1, 2], [2, 5], [4, 5]),
            range_rule("Need Attention", [1, 3], [3, 5], [3, 5]),
            range_rule("About To Sleep", [2, 3], [1, 3], [1, 4]),
            range_rule("Lost", [1, 1], [1, 5], [1, 5]),
        ],
    )
}

/// `r-rfm-tests`: the grid of the R `rfm` package's own tests (segment-presets.md), B = 5.
pub fn r_rfm_tests() -> GridMap {
    rfm_grid(
        "r-rfm-tests",
        5,
        Label::new("Others", "其他"),
        vec![
            range_rule("Champions", [4, 5], [4, 5], [4, 5]),
            range_rule("Loyal Customers", [2, 5], [3, 5], [3, 5]),
            range_rule("Potential Loyalist", [3, 5], [1, 3], [1, 3]),
            range_rule("New Customers", [4, 5], [1, 1], [1, 1]),
            range_rule("Promising", [3, 4], [1, 1], [1, 1]),
            range_rule("Need Attention", [2, 3], [2, 3], [2, 3]),
            range_rule("About To Sleep", [2, 3], [1, 2], [1, 2]),
            range_rule("At Risk", [1, 2], [2, 5], [2, 5]),
            range_rule("Can't Lose Them", [1, 1], [4, 5], [4, 5]),
            range_rule("Lost", [1, 2], [1, 2], [1, 2]),
        ],
    )
}

/// `pymc-5`: pymc-marketing's five segments on quartile codes (B = 4), looked up by the R F M code.
pub fn pymc_5() -> GridMap {
    let segment = |name: &str, codes: &str| Rule {
        segment: name.to_string(),
        label: Some(preset_label(name)),
        cells: codes
            .split(' ')
            .map(|code| {
                let d: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
                CellBox { r: [d[0], d[0]], f: [d[1], d[1]], m: [d[2], d[2]] }
            })
            .collect(),
    };
    rfm_grid(
        "pymc-5",
        4,
        Label::new("Other", "其他"),
        vec![
            segment("Premium Customer", "334 443 444 344 434 433 343 333"),
            segment("Repeat Customer", "244 234 232 332 143 233 243"),
            segment("Top Spender", "424 414 144 314 324 124 224 423 413 133 323 313 134"),
            segment("At Risk Customer", "422 223 212 122 222 132 322 312 412 123 214"),
            segment("Inactive Customer", "411 111 113 114 112 211 311"),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_audits() {
        // pymc-5 lists 46 of the 64 codes, each once: 18 uncovered, no overlap, every rule reachable.
        let audit = pymc_5().audit();
        assert_eq!((audit.uncovered.len(), audit.overlapping.len(), audit.unreachable.len()), (18, 0, 0));
        assert!(audit.uncovered.contains(&"121".to_string()));
        // r-rfm-tests: "New Customers" (R 4–5, F 1, M 1) lies inside "Potential Loyalist" (R 3–5, F 1–3, M 1–3)
        // listed before it, so it never wins; likewise "Promising" (R 3–4, F 1, M 1).
        let audit = r_rfm_tests().audit();
        assert!(audit.unreachable.contains(&"#4 New Customers".to_string()), "{:?}", audit.unreachable);
        assert!(audit.unreachable.contains(&"#5 Promising".to_string()));
        let cell_111 = audit.overlapping.iter().all(|o| o.cell != "111");
        assert!(cell_111, "111 is only Lost");
        // r-rfm-readme: 555 is covered by Champions and Potential Loyalist; Champions wins.
        let audit = r_rfm_readme().audit();
        let o = audit.overlapping.iter().find(|o| o.cell == "555").unwrap();
        assert_eq!((o.winner.as_str(), o.segments.len()), ("Champions", 2));
        assert!(!audit.uncovered.contains(&"511".to_string()), "511 is New Customers");
        // Every preset segment has a Chinese label.
        for map in [r_rfm_readme(), r_rfm_tests(), pymc_5(), rfm_11()] {
            for (name, label) in map.segments() {
                assert!(label.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{name}: {}", label.zh);
            }
        }
    }

    #[test]
    fn rfm_11_partitions_its_grid() {
        let audit = rfm_11().audit();
        assert_eq!(audit, Audit::default(), "every (R, FM) cell covered exactly once");
    }

    #[test]
    fn rfm_11_cells_by_hand() {
        let map = rfm_11();
        let names: Vec<String> = map.segments().into_iter().map(|(n, _)| n).collect();
        let segment = |r: u8, f: u8, m: u8, bins: u8| names[map.assign(&[r], &[f], &[m], bins)[0] as usize].clone();
        assert_eq!(segment(5, 5, 4, 5), "Champions"); // FM = ceil(9/2) = 5 → 55
        assert_eq!(segment(5, 1, 2, 5), "Potential Loyalist"); // FM = ceil(3/2) = 2 → 52
        assert_eq!(segment(1, 1, 1, 5), "Lost");
        assert_eq!(segment(1, 5, 4, 5), "Can't Lose Them"); // 15
        assert_eq!(segment(2, 3, 2, 5), "Need Attention"); // FM = 3 → 23
                                                           // B = 3: ceil(s × 5 / 3): 1 → 2, 2 → 4, 3 → 5. (3, 1, 2) → R 5, F 2, M 4 → FM 3 → 53 Loyal.
        assert_eq!(segment(3, 1, 2, 3), "Loyal");
        // B = 7: ceil(s × 5 / 7): 7 → 5, 4 → 3, 1 → 1. (7, 4, 1) → R 5, FM ceil(4/2) = 2 → 52.
        assert_eq!(segment(7, 4, 1, 7), "Potential Loyalist");
    }

    #[test]
    fn the_audit_names_overlaps_gaps_and_dead_rules() {
        let map = GridMap {
            name: "test".into(),
            axes: Axes::RFm,
            scale: 2,
            rescale: false,
            rules: vec![
                Rule {
                    segment: "A".into(),
                    label: None,
                    cells: vec![CellBox { r: [1, 2], f: [2, 2], m: any_score() }],
                },
                Rule {
                    segment: "B".into(),
                    label: None,
                    cells: vec![CellBox { r: [2, 2], f: [2, 2], m: any_score() }],
                },
                Rule {
                    segment: "C".into(),
                    label: None,
                    cells: vec![CellBox { r: [1, 1], f: [1, 1], m: any_score() }],
                },
            ],
            other: Label::new("Other", "其他"),
        };
        let audit = map.audit();
        assert_eq!(audit.uncovered, vec!["21"]);
        assert_eq!(audit.overlapping.len(), 1);
        assert_eq!(audit.overlapping[0].cell, "22");
        assert_eq!(audit.overlapping[0].winner, "A");
        assert_eq!(audit.unreachable, vec!["#2 B"]);
        assert!(map.validate(3).is_err(), "a map without rescale needs its own B");
    }
}
