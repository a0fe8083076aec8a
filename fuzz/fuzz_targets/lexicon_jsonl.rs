//! Arbitrary bytes as a JSON Lines lexicon: parsing never panics, errors name a line of the
//! text; a lexicon that parses builds a matcher whose names look up and scan cleanly.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::run_lexicon_jsonl(data));
