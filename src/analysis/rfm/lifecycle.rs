//! Lifecycle stages: New (first purchase within `newDays`), then Active, At risk or Lapsed by recency.

use crate::error::Error;

/// The stage names (English, 简体中文), in order.
pub const STAGES: [(&str, &str); 4] =
    [("New", "新客户"), ("Active", "活跃"), ("At risk", "有流失风险"), ("Lapsed", "已流失")];

/// Day thresholds of the stages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LifecycleThresholds {
    /// New when tenure ≤ this (first purchase on D − 30 … D − 1 by default).
    pub new_days: i32,
    /// Active when recency ≤ this.
    pub active_days: i32,
    /// At risk when recency ≤ this; Lapsed beyond.
    pub at_risk_days: i32,
}

impl Default for LifecycleThresholds {
    fn default() -> Self {
        LifecycleThresholds { new_days: 30, active_days: 90, at_risk_days: 180 }
    }
}

impl LifecycleThresholds {
    /// Positive and ascending active ≤ at risk.
    pub fn validate(&self) -> Result<(), Error> {
        if self.new_days < 1 || self.active_days < 1 || self.at_risk_days < self.active_days {
            return Err(Error::invalid_option(
                "lifecycle",
                "newDays and activeDays must be at least 1, and atRiskDays at least activeDays",
            ));
        }
        Ok(())
    }

    /// The stage index (into [`STAGES`]) of a customer.
    pub fn stage(&self, tenure_days: i32, recency_days: i32) -> u8 {
        if tenure_days <= self.new_days {
            0
        } else if recency_days <= self.active_days {
            1
        } else if recency_days <= self.at_risk_days {
            2
        } else {
            3
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_boundaries() {
        let t = LifecycleThresholds::default();
        assert_eq!(t.stage(30, 30), 0, "first purchase on D − 30 is New");
        assert_eq!(t.stage(31, 90), 1);
        assert_eq!(t.stage(400, 91), 2);
        assert_eq!(t.stage(400, 180), 2);
        assert_eq!(t.stage(400, 181), 3);
    }
}
