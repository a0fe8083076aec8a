//! The running-text examples of the issue on generalising correction, against the bundled
//! lexicon: garbles made of real words are found ("Keanu Reefs"), and ordinary words and
//! phrases that look like titles are left alone ("paramount", "What if").

use namefix::Matcher;

#[path = "../examples/support/issue_examples.rs"]
mod issue_examples;
use issue_examples::GARBLES_OF_REAL_WORDS;

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
    // "Ralph Fines", "Keanu Reefs", "Idris Elbow", "Emma Tomson".
    for (text, want) in GARBLES_OF_REAL_WORDS {
        assert_eq!(fixes(text), pairs(want), "{text}");
    }
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

#[test]
fn misspellings_beside_common_name_words_and_doubled_letters_are_found() {
    // "west" is a word of too many names to place them all from the misspelling; the
    // neighbour's exact word places the window. A doubled last letter is a typo, not an ending.
    assert_eq!(
        fixes("He met Kanye Wnest there."),
        pairs(&[("Kanye Wnest", "Kanye West")])
    );
    assert_eq!(
        fixes("She saw Michael Jordann play."),
        pairs(&[("Michael Jordann", "Michael Jordan")])
    );
}

#[test]
fn words_run_onto_one_word_names_are_split_off() {
    assert_eq!(
        fixes("But Albaniais merely a symptom of a real malaise."),
        pairs(&[("Albaniais", "Albania is")])
    );
    assert_eq!(
        fixes("We flew to Bucharestand then drove north."),
        pairs(&[("Bucharestand", "Bucharest and")])
    );
}

#[test]
fn words_that_english_text_writes_stay() {
    // A word or name in its own right, although no bundled list holds it: not split, not
    // respelled into a name of the lexicon.
    for text in [
        "States in four nations contain \"Amazonas\" in their names.",
        "William Caxton's 1485 edition of Le Morte d'Arthur was sold.",
        "If you are against Terran, put Observers in all of the bases.",
    ] {
        assert_eq!(fixes(text), pairs(&[]), "{text}");
    }
}

#[test]
fn a_plural_ending_on_a_persons_name_is_a_slip_but_titles_take_plurals() {
    assert_eq!(
        fixes("The Panthers line also featured veteran defensive end Jared Allens, a pro bowler."),
        pairs(&[("Jared Allens", "Jared Allen")])
    );
    // A number before the name counts it only when nothing but a space is between.
    assert_eq!(
        fixes("Theorists such as J. A. Hobson (1858–1940), Joseph Schumpeters (1883–1950)."),
        pairs(&[("Joseph Schumpeters", "Joseph Schumpeter")])
    );
    for text in [
        "She danced with the Ziegfeld Girls in 1931.",
        "The Black Panthers were founded in Oakland.",
    ] {
        assert_eq!(fixes(text), pairs(&[]), "{text}");
    }
}

#[test]
fn a_plural_ending_on_a_one_word_name_is_a_slip_only_where_no_plural_is_meant() {
    // A plural that English does not write, of a name that is no family's, with no word
    // before it that counts or determines it.
    assert_eq!(
        fixes("The young couple live in Pasadenas."),
        pairs(&[("Pasadenas", "Pasadena")])
    );
    assert_eq!(
        fixes("When completed, it stretched for 73 miles from Bowness to Wallsends"),
        pairs(&[("Wallsends", "Wallsend")])
    );
    for text in [
        // Written plurals, families, counted and determined plurals, and a transcript's
        // lowercase, where "pasadenas" may be "Pasadena's" without its apostrophe.
        "He owns two Toyotas and a truck.",
        "The Kennedys arrived at Hyannis Port.",
        "Then the Pasadenas of this world will fall.",
        "the young couple live in pasadenas",
    ] {
        assert_eq!(fixes(text), pairs(&[]), "{text}");
    }
}

#[test]
fn garbles_made_of_real_words_are_found_in_a_lowercase_transcript() {
    // A speech recogniser's lowercase, unpunctuated rendering of the same sentences: case is
    // no evidence either way, and the names are written in their canonical case.
    for (text, want) in GARBLES_OF_REAL_WORDS {
        let lower: String = text
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_ascii_punctuation())
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(span, name)| (span.to_lowercase(), name.to_string()))
            .collect();
        assert_eq!(fixes(&lower), want, "{lower}");
    }
    assert_eq!(
        fixes("we will see mark and bill at the grant hall next week"),
        pairs(&[])
    );
    // The name written right is only written in its case.
    assert_eq!(
        fixes("the panthers line also featured veteran defensive end jared allen a pro bowler"),
        pairs(&[("jared allen", "Jared Allen")])
    );
}

#[test]
fn a_transcript_writes_names_in_their_case() {
    // No capitals and no punctuation: a speech recogniser's output. A name whose words edited
    // English writes only with a capital is written in its case; words a dictionary also
    // writes in lowercase ("mark", "bill", "grant") or does not list ("rsync") stay.
    assert_eq!(
        fixes("the bible translated by william tyndale was printed in antwerp"),
        pairs(&[
            ("william tyndale", "William Tyndale"),
            ("antwerp", "Antwerp")
        ])
    );
    assert_eq!(
        fixes("we flew from geelong to khartoum last spring"),
        pairs(&[("geelong", "Geelong"), ("khartoum", "Khartoum")])
    );
    for text in [
        "we will see mark and bill at the grant hall next week",
        "use rsync to copy the files",
        // Lowercase writing with punctuation is a writer's style, not a transcript.
        "i had the pesto chicken on a rainy vancouver night.",
    ] {
        assert_eq!(fixes(text), pairs(&[]), "{text}");
    }
}

#[test]
fn a_letter_doubled_dropped_or_swapped_is_a_slip() {
    for (text, want) in [
        (
            "Our cruise stopped at Tuvallu on the way to Fiji.",
            ("Tuvallu", "Tuvalu"),
        ),
        (
            "The new stadium in Beavertonn opens in May.",
            ("Beavertonn", "Beaverton"),
        ),
        (
            "She grew up in Geellong, near Melbourne.",
            ("Geellong", "Geelong"),
        ),
        ("The hikers reached Bdomin by noon.", ("Bdomin", "Bodmin")),
        // Four letters are enough for these slips.
        ("The city of Hnio lies west of Tokyo.", ("Hnio", "Hino")),
    ] {
        assert_eq!(fixes(text), pairs(&[want]), "{text}");
    }
}

#[test]
fn names_joined_to_a_hyphened_word_or_an_initial_and_counted_plurals_stay() {
    for text in [
        // Part of a longer name: a capitalised word hyphened on, an initial before.
        "The report on Neeru-Meeru helped the district.",
        "C. David Hermann wrote a biography of her.",
        // After a word that counts, the plural is meant.
        "How many Carl Sagans does it take?",
        "He owns two Jurassic Parks sets.",
    ] {
        assert_eq!(fixes(text), Vec::new(), "{text}");
    }
}

#[test]
fn a_pair_of_words_english_writes_far_more_than_the_spans_is_the_name() {
    // "niagara falls" is common in English text, "niagara false" is not.
    assert_eq!(
        fixes("The falls at Niagara False froze."),
        pairs(&[("Niagara False", "Niagara Falls")])
    );
    // Beside a word of the commonest English the pair says nothing of a name.
    assert_eq!(
        fixes("The horse was lean and the wiry trainer smiled."),
        Vec::new()
    );
}

#[test]
fn one_of_the_commonest_words_run_onto_a_capitalised_name_is_split_off() {
    assert_eq!(
        fixes("The trip from Caledoniato Fiji took a week."),
        pairs(&[("Caledoniato", "Caledonia to")])
    );
    assert_eq!(
        fixes("We drove from Little Rockand on to Memphis."),
        pairs(&[("Little Rockand", "Little Rock and")])
    );
    // A lowercase word of its own in cased text, or a short name part, stays.
    for text in [
        "Use hexedit to change the bytes.",
        "The farmer was grazin his cattle.",
    ] {
        assert_eq!(fixes(text), Vec::new(), "{text}");
    }
}

#[test]
fn a_name_in_lowercase_where_the_writer_capitalises_names_lost_its_capitals() {
    // Words that edited English writes only with a capital, in lowercase, in a sentence that
    // writes another such word with its capital.
    assert_eq!(
        fixes("In 1921 the Red Army crossed into mongolia and took Urga."),
        pairs(&[("mongolia", "Mongolia")])
    );
    assert_eq!(
        fixes("The museum in Springfield holds letters from winston churchill to his wife."),
        pairs(&[("winston churchill", "Winston Churchill")])
    );
    // One such word is enough when the others are no commonest words of English.
    assert_eq!(
        fixes("The actor hugh grant met Julia Roberts in London."),
        pairs(&[("hugh grant", "Hugh Grant")])
    );
    // The writer's habit is read from the paragraph, not the sentence alone: a name's
    // sentence often has no other name in it.
    assert_eq!(
        fixes("The Red Army took Kiev in 1920. It then crossed into mongolia and stayed."),
        pairs(&[("mongolia", "Mongolia")])
    );
    assert_eq!(
        fixes("I'm from dallas. This place near Houston is a must."),
        pairs(&[("dallas", "Dallas")])
    );
    for text in [
        // A writer who capitalises no name within the paragraph, or leaves another in
        // lowercase, writes names in lowercase by habit.
        "We flew over Peru last year. The inca emperor of peru learned chess.",
        "I'm from dallas and this place is a must.",
        "The inca emperor of peru learned chess.",
        // A one-word name before a lowercase noun, or after a determiner, is a word of a
        // lowercase compound or a common noun.
        "At Le Tigre the cauliflower and brussels sprouts hit the spot.",
        "If you loiter in a Tibetan sandwich shop, you dally in the dalai's deli.",
        // A path is no prose, and a hyphened compound is a word of its own.
        "Install it under /usr/local/share/emacs first, as Debian does.",
        "Critics found the ending topsy-turvy, as Variety said.",
    ] {
        assert_eq!(fixes(text), pairs(&[]), "{text}");
    }
}

#[test]
fn the_threshold_trades_precision_for_recall_in_running_text() {
    let at = |t: f32, text: &str| -> Vec<(String, String)> {
        let mut opts = namefix::ScanOptions::new();
        opts.threshold(t);
        Matcher::bundled()
            .check_with(text, &opts)
            .iter()
            .map(|c| (c.original().to_string(), c.replacement().to_string()))
            .collect()
    };
    // A typo the default leaves (the model's odds are below even) is fixed at a lower
    // threshold; a fix the default makes is left at a stricter one.
    let typo = "The old capital was moved to Willimmsburg in 1699.";
    assert_eq!(at(0.85, typo), pairs(&[]));
    assert_eq!(at(0.5, typo), pairs(&[("Willimmsburg", "Williamsburg")]));
    let known = "Yesterday Olivia Coleman won the award.";
    let fix = pairs(&[("Olivia Coleman", "Olivia Colman")]);
    assert_eq!(at(0.5, known), fix);
    assert_eq!(at(0.85, known), fix);
    assert_eq!(at(0.99, known), pairs(&[]));
}
