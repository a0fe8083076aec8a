//! namefix-ls: a language server that reports garbled entity names ("heart stopper",
//! "Olivia Coleman") as diagnostics and fixes them, on top of the `namefix` library.
//!
//! * [`server`]: the LSP handshake (position encoding negotiation), text synchronisation and
//!   dispatch, on the main thread;
//! * [`worker`]: the checking thread (debouncing, diagnostics, code actions, ignore list);
//! * [`engine`]: incremental checking by paragraphs with `namefix`'s document context API,
//!   equal to checking the whole text;
//! * [`document`]: text edits and position conversion;
//! * [`config`]: settings, the ignore file and lexicon loading.
//!
//! The binary `namefix-ls` speaks LSP over stdio; see README.md for editor set-up.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod config;
pub mod document;
pub mod engine;
pub mod server;
pub mod worker;
