//! convgen: Caf conventions (CTG, CEJ) from TOML files to PDF documents ready to sign.
//!
//! Data flows one way, each layer using only those listed before it:
//! [`model`], [`french`] and [`files`] (types, pure functions, safe file access) → [`diag`] (diagnostics and their
//! printer) → [`format`] (TOML ↔ model, schema) → [`validate`] (rules within a file and
//! across files) → [`templates`], [`render`] (minijinja → Typst source), [`compile`]
//! (Typst → PDF), [`renew`] (CEJ → CTG) → [`pipeline`] (one convention through all stages)
//! → [`deliver`] (output names, atomic writes, manifest, e-mail) → [`commands`] (check,
//! render, renew, send, serve) → [`cli`] (arguments, configuration, exit codes).

pub mod calendar;
pub mod cli;
pub mod commands;
pub mod compile;
pub mod deliver;
pub mod diag;
pub mod diff;
pub mod digest;
pub mod files;
pub mod format;
pub mod french;
pub mod i18n;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod renew;
pub mod sheets;
pub mod templates;
pub mod validate;
pub mod verify;
