//! The running-text examples of garbles made of real words, each sentence with the
//! fixes it must get: asserted by `tests/running_text_examples.rs`, and a bound on the
//! decision's intercept in `examples/scan_rows.rs` (shared so that the two cannot drift).

/// (sentence, [(span as written, replacement)]).
pub(crate) const GARBLES_OF_REAL_WORDS: [(&str, &[(&str, &str)]); 3] = [
    (
        "Last night Ralph Fines presented the award.",
        &[("Ralph Fines", "Ralph Fiennes")],
    ),
    (
        "The film stars Keanu Reefs and Idris Elbow.",
        &[
            ("Keanu Reefs", "Keanu Reeves"),
            ("Idris Elbow", "Idris Elba"),
        ],
    ),
    (
        "She starred with Emma Tomson in the film.",
        &[("Emma Tomson", "Emma Thompson")],
    ),
];
