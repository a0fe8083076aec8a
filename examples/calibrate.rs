//! Dumps the feature rows behind namefix's calibrated score, for refitting its coefficients.
//!
//! ```text
//! cargo run --release --example calibrate > /tmp/features.tsv
//! python3 tools/fit_calibration.py /tmp/features.tsv
//! ```
//!
//! One row per (mention, candidate) of every evaluation set in `tests/eval/`: the set, the
//! mention's number, whether the candidate is the gold entity, and the feature values
//! (chars, phonetic, name_cover, query_cover, length, chars*phonetic).

use namefix::{Lexicon, Matcher};

#[path = "support/eval_sets.rs"]
mod eval_sets;

fn main() {
    let sets = eval_sets::eval_set_dirs();
    println!(
        "set\tmention\tgold\tchars\tphonetic\tname_cover\tquery_cover\tlength\tchars_x_phonetic"
    );
    for dir in sets {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let lex =
            Lexicon::from_tsv(&std::fs::read_to_string(dir.join("lexicon.tsv")).unwrap()).unwrap();
        let m = Matcher::new(lex);
        let mentions = std::fs::read_to_string(dir.join("mentions.tsv")).unwrap();
        for (i, line) in mentions.lines().enumerate() {
            let mut c = line.split('\t');
            let (q, gold) = (c.next().unwrap_or(""), c.next().unwrap_or(""));
            for (row, is_gold, _) in m.__calibration_rows(q, gold) {
                let f: Vec<String> = row.iter().map(|x| format!("{x:.4}")).collect();
                println!("{name}\t{i}\t{}\t{}", u8::from(is_gold), f.join("\t"));
            }
        }
    }
}
