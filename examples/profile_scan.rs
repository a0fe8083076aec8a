//! Profiling aid: checks the first N KB of the clean prose with the bundled matcher.
//! `cargo run --release --example profile_scan [-- KB]`
use namefix::Matcher;
fn main() {
    let kb: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/eval/clean-text/squad-paragraphs.txt"
    ))
    .unwrap();
    let mut end = (kb * 1000).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let m = Matcher::bundled();
    m.lookup("warm up");
    let t = std::time::Instant::now();
    let n = m.check(text).len();
    let s = t.elapsed().as_secs_f64();
    println!(
        "{n} corrections, {:.1} ms, {:.2} MB/s",
        s * 1e3,
        text.len() as f64 / s / 1e6
    );
}
