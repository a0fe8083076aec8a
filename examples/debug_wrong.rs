use namefix::{Lexicon, Matcher};
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::Path::new("tests/eval").join(&args[0]);
    let lex = Lexicon::from_tsv(&std::fs::read_to_string(dir.join("lexicon.tsv")).unwrap()).unwrap();
    let mut b = Matcher::builder();
    b.threshold(args[1].parse().unwrap());
    let m = b.build(lex);
    let text = std::fs::read_to_string(dir.join("mentions.tsv")).unwrap();
    let mut kinds = std::collections::BTreeMap::new();
    let mut shown = 0;
    for l in text.lines() {
        let mut c = l.split('\t');
        let (q, gold) = (c.next().unwrap(), c.next().unwrap());
        if let Some(r) = m.lookup(q) {
            let ok = r.id() == gold;
            let e = kinds.entry(r.match_kind().as_str()).or_insert((0, 0));
            if ok { e.0 += 1 } else { e.1 += 1 }
            if !ok && shown < 40 && (args.len() < 3 || r.match_kind().as_str() == args[2]) {
                shown += 1;
                let g = m.lexicon().get(gold).map(|e| e.name()).unwrap_or("?");
                println!("{q:?} gold={g:?} got={:?} {} {:.3}", r.name(), r.match_kind(), r.score());
            }
        }
    }
    println!("{kinds:?}");
}
