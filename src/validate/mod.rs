//! The domain rules: within one file ([`validate`]), and across the files of a batch
//! ([`references`]).

mod amendment;
pub mod references;
mod rules;

pub use references::{Claim, References};
pub use rules::{LIMITS, MAX_REFERENCE_CHARS, bonus_equipment, is_email, luhn_valid, validate};
