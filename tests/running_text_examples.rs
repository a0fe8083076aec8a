//! The running-text examples of the issue on generalising correction, against the bundled
//! lexicon: garbles made of real words are found ("Keanu Reefs"), and ordinary words and
//! phrases that look like titles are left alone ("paramount", "What if").

use namefix::Matcher;

fn fixes(text: &str) -> Vec<(String, String)> {
    Matcher::bundled()
        .check(text)
        .iter()
        .map(|c| (c.original().to_string(), c.replacement().to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn garbles_made_of_real_words_are_found() {
    assert_eq!(
        fixes("Last night Ralph Fines presented the award."),
        pairs(&[("Ralph Fines", "Ralph Fiennes")])
    );
    assert_eq!(
        fixes("The film stars Keanu Reefs and Idris Elbow."),
        pairs(&[
            ("Keanu Reefs", "Keanu Reeves"),
            ("Idris Elbow", "Idris Elba")
        ])
    );
    assert_eq!(
        fixes("She starred with Emma Tomson in the film."),
        pairs(&[("Emma Tomson", "Emma Thompson")])
    );
}

#[test]
fn ordinary_words_that_look_like_titles_stay() {
    for text in [
        "The decision was paramount to their success.",
        "He was in jeopardy of losing it all.",
        "What if we tried again?",
        "Oh yeah, I remember that.",
        "Protect your skin from ultra-violet light.",
        "I love Tom Robbins novels.",
    ] {
        assert_eq!(fixes(text), pairs(&[]), "{text}");
    }
}

#[test]
fn parts_of_longer_names_stay() {
    for text in [
        "Katharine Hamnett created the T-shirt.",
        "For The Light Crust Dough Boys and W. Lee O'Daniel.",
        "The novels of Marie de La Fayette were praised.",
    ] {
        assert_eq!(fixes(text), pairs(&[]), "{text}");
    }
}
