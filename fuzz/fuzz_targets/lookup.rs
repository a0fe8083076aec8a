//! Arbitrary text as one mention, against the bundled lexicon and a small custom one:
//! lookup, candidates, lookup_exhaustive (custom only) and the normalisers never panic and
//! answer sanely.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::run_lookup(data));
