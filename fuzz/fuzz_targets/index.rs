//! Arbitrary bytes as a saved index (`Matcher::load`) and as an index payload past its
//! checksum: an error or a matcher, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::run_index(data));
