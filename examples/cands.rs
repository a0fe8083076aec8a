use namefix::{Lexicon, Matcher};
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::Path::new("tests/eval").join(&args[0]);
    let lex = Lexicon::from_tsv(&std::fs::read_to_string(dir.join("lexicon.tsv")).unwrap()).unwrap();
    let m = Matcher::new(lex);
    for q in &args[1..] {
        println!("{q:?} -> {:?}", m.lookup(q).map(|x| (x.name(), x.score())));
        for c in m.candidates(q, 5) { println!("   {} {:.3} {}", c.name(), c.score(), c.match_kind()); }
    }
}
