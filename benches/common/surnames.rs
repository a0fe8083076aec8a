//! The shared-surname lexicon: 1,000 people named "<first> Smith", of equal weight (1, the
//! default), with made-up first names "Aaaton", "Baaton", ... Used by the `adversarial` bench
//! and by tests/robustness.rs (which includes this file with `#[path]`), so that both measure
//! and pin the same input.

use namefix::{Entity, Kind, Lexicon};

/// The lexicon (ids `p:0` to `p:999`, in the order of the first names) and the first names.
pub(crate) fn shared_surname_lexicon() -> (Lexicon, Vec<String>) {
    let firsts: Vec<String> = (0..1000)
        .map(|i| {
            let a = (b'A' + (i % 26) as u8) as char;
            let b = (b'a' + ((i / 26) % 26) as u8) as char;
            let c = (b'a' + ((i / 676) % 26) as u8) as char;
            format!("{a}{b}{c}ton")
        })
        .collect();
    let mut b = Lexicon::builder();
    for (i, f) in firsts.iter().enumerate() {
        b.push(Entity::new(format!("p:{i}"), format!("{f} Smith")).with_kind(Kind::Person))
            .unwrap();
    }
    (b.build(), firsts)
}
