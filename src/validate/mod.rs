//! The domain rules: within one file ([`validate`]), and across the files of a batch
//! ([`references`]).

mod amendment;
pub mod references;
mod rules;
mod text;

pub use amendment::{changed_years, earlier_year_help};
pub use rules::{LIMITS, bonus_equipment, period_passed, validate};
pub use text::is_pilotage;
