use namefix::{Lexicon, Matcher};
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::Path::new("tests/eval").join(&args[0]);
    let lex = Lexicon::from_tsv(&std::fs::read_to_string(dir.join("lexicon.tsv")).unwrap()).unwrap();
    let mut b = Matcher::builder();
    b.threshold(0.0);
    let m = b.build(lex);
    let text = std::fs::read_to_string(dir.join("mentions.tsv")).unwrap();
    let (mut idx_ok, mut ex_ok, mut n) = (0, 0, 0);
    let limit: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(30);
    let mut shown = 0;
    for l in text.lines().step_by(args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1)) {
        let mut c = l.split('\t');
        let (q, gold) = (c.next().unwrap(), c.next().unwrap());
        n += 1;
        let a = m.lookup(q);
        let b = m.lookup_exhaustive(q);
        let ai = a.map(|x| x.id() == gold).unwrap_or(false);
        let bi = b.map(|x| x.id() == gold).unwrap_or(false);
        idx_ok += ai as usize;
        ex_ok += bi as usize;
        if shown < limit && (ai != bi || !ai) {
            shown += 1;
            let g = m.lexicon().get(gold).map(|e| e.name()).unwrap_or("?");
            println!("{q:?} gold={g:?} idx={:?} ex={:?}", a.map(|x| (x.name(), x.score())), b.map(|x| (x.name(), x.score())));
        }
    }
    println!("n={n} index={idx_ok} exhaustive={ex_ok}");
}
