//! What happens to a finished document: its file names, atomic writes, the history of
//! convention files, the manifest of an output directory, and e-mail.

pub mod history;
pub mod mail;
pub mod manifest;
pub mod names;
pub mod verdict;
pub mod withdraw;
mod write;

pub use manifest::{Entry, KeepError, Manifest, Shelf, Status};
pub use names::{eml_name, output_names, pdf_name, signed_name, toml_name};
pub use verdict::{Changes, Original, SignatureVerdict, Signing, Verdict, Verified};
pub use write::{OutputDir, WriteError, remove_stale_temporaries, write_atomically, write_new};
