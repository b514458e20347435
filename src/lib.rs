//! convgen: Caf conventions (CTG, CEJ) from TOML files to PDF documents ready to sign.
//!
//! The pipeline runs one way: [`load`] (TOML → [`model`], with spans) → [`validate`] →
//! [`render`] (minijinja → Typst source) → [`compile`] (Typst → PDF) → written by [`cli`].

pub mod batch;
pub mod cli;
pub mod compile;
pub mod diag;
pub mod document;
pub mod french;
pub mod load;
pub mod mail;
pub mod manifest;
pub mod model;
pub mod output;
pub mod render;
pub mod renew;
pub mod templates;
pub mod validate;
