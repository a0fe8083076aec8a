//! namefix-ls: a language server that reports garbled entity names as diagnostics.
pub mod engine;
pub mod mentions;
