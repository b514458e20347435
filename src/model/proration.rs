//! A funding line's amounts are a yearly amount prorated by the months its period covers of
//! each year: the one rule `renew` and the workspace's « Recalculer les montants » follow.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Money, Period};

impl Period {
    /// A line's amount for a whole year: that of its last year the period covers whole (a
    /// period ending on 30 June has half a year's amount in its last year); when it covers
    /// none whole, its last amount scaled up to twelve months.
    pub fn yearly_amount(&self, amounts: &BTreeMap<i32, Money>) -> Option<Money> {
        let whole = (amounts.iter().rev()).find(|(year, _)| self.months_in(**year) == 12);
        let (&year, &amount) = whole.or(amounts.last_key_value())?;
        Some(self.whole_year(amount, year))
    }

    /// `amount`, given for the months of `year` the period covers, for the whole year; as is
    /// for a year covered whole or not at all.
    pub fn whole_year(&self, amount: Money, year: i32) -> Money {
        match self.months_in(year) {
            0 | 12 => amount,
            months => amount.times(12, months).unwrap_or(amount),
        }
    }

    /// `yearly` for the months of `year` the period covers (half for a year from 1 July).
    pub fn share_of(&self, yearly: Money, year: i32) -> Option<Money> {
        yearly.times(self.months_in(year), 12)
    }
}

impl Money {
    /// The amount × `numerator` / `denominator`, to the cent: computed exactly, then a half
    /// cent rounded away from zero (1 000 € for 7 months: 583,33 €); none past the limit.
    fn times(self, numerator: u32, denominator: u32) -> Option<Money> {
        let exact = self.value() * Decimal::from(numerator) / Decimal::from(denominator);
        let rounding = RoundingStrategy::MidpointAwayFromZero;
        Money::new(exact.round_dp_with_strategy(2, rounding)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn period(start: (i32, u8), end: (i32, u8, u8)) -> Period {
        Period {
            start: Date::new(start.0, start.1, 1).unwrap(),
            end: Date::new(end.0, end.1, end.2).unwrap(),
        }
    }

    fn euros(text: &str) -> Money {
        Money::from_text(text).unwrap()
    }

    #[test]
    fn a_yearly_amount_is_prorated_by_the_months_covered() {
        let july = period((2023, 7), (2028, 6, 30));
        let amounts: BTreeMap<i32, Money> =
            [(2023, "500"), (2024, "1000"), (2027, "1000"), (2028, "500")]
                .map(|(y, a)| (y, euros(a)))
                .into();
        assert_eq!(july.yearly_amount(&amounts), Some(euros("1000")));
        assert_eq!(july.share_of(euros("1000"), 2028), Some(euros("500")));
        assert_eq!(july.share_of(euros("1000"), 2030), Some(Money::ZERO));
        // None covered whole: the last amount scaled up; a third of a cent rounded.
        let short = period((2024, 6), (2025, 5, 31));
        let months = [(2024, euros("700")), (2025, euros("500"))].into();
        assert_eq!(short.yearly_amount(&months), Some(euros("1200")));
        let seven = period((2024, 6), (2024, 12, 31));
        assert_eq!(seven.share_of(euros("1000"), 2024), Some(euros("583.33")));
        assert_eq!(seven.whole_year(euros("583.33"), 2024), euros("999.99"));
    }
}
