//! scratch
use std::io::Read;
fn main() {
    let mut t = String::new();
    std::io::stdin().read_to_string(&mut t).unwrap();
    let m = namefix::Matcher::bundled();
    let names = namefix::Matcher::__scan_feature_names();
    for (s, e, r, x) in m.__scan_rows(&t) {
        let feats: Vec<String> = names
            .iter()
            .zip(&x)
            .filter(|(_, v)| **v != 0.0)
            .map(|(n, v)| format!("{n}={v:.2}"))
            .collect();
        println!("{:?} -> {:?}  {}", &t[s..e], r, feats.join(" "));
    }
}
