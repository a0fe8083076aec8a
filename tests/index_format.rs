//! The saved index (`Matcher::save` / `Matcher::load`, and the bundled index loaded from
//! `data/bundled.nfx`): a loaded matcher answers exactly like the one built from the lexicon,
//! and bad bytes are clear errors.

use std::path::{Path, PathBuf};

use namefix::{Correction, ErrorKind, Lexicon, Match, Matcher};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Everything a lookup answers, scores to the bit.
fn answer(m: Option<Match<'_>>) -> Option<(String, u32, String, String)> {
    m.map(|m| {
        (
            m.id().to_owned(),
            m.score().to_bits(),
            m.match_kind().to_string(),
            m.matched_name().to_owned(),
        )
    })
}

fn mentions(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next().map(str::to_owned))
        .collect()
}

fn eval_sets() -> Vec<PathBuf> {
    let mut sets: Vec<PathBuf> = std::fs::read_dir(root().join("tests/eval"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("mentions.tsv").is_file())
        .collect();
    sets.sort();
    assert!(sets.len() >= 4, "{sets:?}");
    sets
}

fn assert_same_lookups(built: &Matcher, loaded: &Matcher, queries: &[String], what: &str) {
    assert_eq!(built.lexicon().len(), loaded.lexicon().len(), "{what}");
    assert_eq!(built.threshold(), loaded.threshold(), "{what}");
    for q in queries {
        assert_eq!(
            answer(built.lookup(q)),
            answer(loaded.lookup(q)),
            "{what}: lookup {q:?}"
        );
        let a: Vec<_> = built
            .candidates(q, 5)
            .into_iter()
            .map(Some)
            .map(answer)
            .collect();
        let b: Vec<_> = loaded
            .candidates(q, 5)
            .into_iter()
            .map(Some)
            .map(answer)
            .collect();
        assert_eq!(a, b, "{what}: candidates {q:?}");
    }
}

/// Every evaluation set's matcher, saved and loaded, answers every mention of the set like
/// the matcher built from its lexicon.
#[test]
fn saved_and_loaded_matchers_answer_like_built_ones_on_every_eval_set() {
    for set in eval_sets() {
        let lex =
            Lexicon::from_tsv(&std::fs::read_to_string(set.join("lexicon.tsv")).unwrap()).unwrap();
        let built = Matcher::builder().threshold(0.55).build(lex);
        let loaded = Matcher::load(&built.save()).unwrap();
        let queries = mentions(&set.join("mentions.tsv"));
        assert_same_lookups(&built, &loaded, &queries, &set.display().to_string());
    }
}

fn texts() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for dir in ["tests/articles", "tests/golden", "tests/eval/clean-text"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let is_text = name.ends_with(".txt") && !name.ends_with(".gold.txt");
            if is_text || name.ends_with(".src") {
                out.push((p.clone(), std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    assert!(out.len() >= 6, "{}", out.len());
    out
}

fn corrections(m: &Matcher, text: &str) -> Vec<(usize, usize, String, String)> {
    m.check(text)
        .iter()
        .map(|c: &Correction<'_>| {
            (
                c.start(),
                c.end(),
                c.replacement().to_owned(),
                format!("{c:?}"),
            )
        })
        .collect()
}

/// The bundled matcher (loaded from the plain compact index in `data/bundled.nfx`) and the same
/// matcher saved in full and loaded again answer like a matcher built from
/// `data/lexicon.tsv`: every evaluation mention, and every article and clean text checked.
#[test]
fn bundled_and_full_indexes_answer_like_the_built_matcher() {
    let tsv = std::fs::read_to_string(root().join("data/lexicon.tsv")).unwrap();
    let built = Matcher::new(Lexicon::from_tsv(&tsv).unwrap());
    let bundled = Matcher::bundled();
    assert_eq!(
        Matcher::bundled_lexicon().entities(),
        built.lexicon().entities()
    );
    let saved = built.save();
    let full = Matcher::load(&saved).unwrap();
    // The same bytes kept for the life of the program: read in place, same answers.
    let kept: &'static [u8] = Vec::leak(saved);
    let full_static = Matcher::load_static(kept).unwrap();
    let mut queries = Vec::new();
    for set in eval_sets() {
        queries.extend(mentions(&set.join("mentions.tsv")));
    }
    assert_same_lookups(&built, bundled, &queries, "bundled");
    assert_same_lookups(&built, &full, &queries, "full");
    assert_same_lookups(&built, &full_static, &queries, "full, static");
    for (path, text) in texts() {
        let want = corrections(&built, &text);
        assert_eq!(
            want,
            corrections(bundled, &text),
            "bundled: {}",
            path.display()
        );
        assert_eq!(want, corrections(&full, &text), "full: {}", path.display());
        assert_eq!(
            want,
            corrections(&full_static, &text),
            "full, static: {}",
            path.display()
        );
    }
    assert_eq!(
        built.index_heap_bytes(),
        full.index_heap_bytes(),
        "same tables"
    );
    // Read in place: the postings, IDFs, priors, bigram postings, token texts and keys are
    // borrowed (where the allocator aligns the buffer to eight, as the payload needs).
    if cfg!(target_endian = "little") && kept.as_ptr() as usize % 8 == 0 {
        assert!(
            full_static.index_heap_bytes() < full.index_heap_bytes() / 4 * 3,
            "{} against {}",
            full_static.index_heap_bytes(),
            full.index_heap_bytes()
        );
    }
}

fn small() -> Matcher {
    let lex = Lexicon::from_tsv(
        "p:oc\tOlivia Colman\t\tperson\t80\n\
         tv:hs\tHeartstopper\tHeart Stopper\ttv\t50\n\
         f:r2\tRocky II\t\tfilm\t10\n",
    )
    .unwrap();
    Matcher::builder().threshold(0.6).build(lex)
}

#[test]
fn a_small_matcher_round_trips_with_its_settings() {
    let m = small();
    let bytes = m.save();
    let l = Matcher::load(&bytes).unwrap();
    assert_eq!(l.threshold(), 0.6);
    assert_eq!(l.lookup("Olivia Coleman").unwrap().id(), "p:oc");
    assert_eq!(l.lookup("rocky 2").unwrap().id(), "f:r2");
    // Saving is deterministic, and a loaded matcher saves the same bytes.
    assert_eq!(bytes, m.save());
    assert_eq!(bytes, l.save());
    // Readers and paths.
    let l = Matcher::load_from_reader(&bytes[..]).unwrap();
    assert_eq!(l.lexicon().len(), 3);
    let dir = std::env::temp_dir().join(format!("namefix-index-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("small.nfx");
    m.save_to_path(&path).unwrap();
    assert_eq!(Matcher::load_from_path(&path).unwrap().lexicon().len(), 3);
    let err = Matcher::load_from_path(dir.join("missing.nfx")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(err.to_string().contains("missing.nfx"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
    // An empty lexicon too.
    let empty = Matcher::new(Lexicon::builder().build());
    let l = Matcher::load(&empty.save()).unwrap();
    assert!(l.lookup("anything").is_none());
}

/// Every truncation, and every single flipped byte, of a saved index is a `Format` error
/// (never a panic), and says what is wrong.
#[test]
fn truncated_corrupt_and_foreign_bytes_are_clear_errors() {
    let bytes = small().save();
    for n in 0..bytes.len() {
        let err = Matcher::load(&bytes[..n]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Format, "{n}: {err}");
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x5a;
        let err = Matcher::load(&b).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Format, "byte {i}: {err}");
        if i >= 40 {
            assert!(
                err.to_string().contains("checksum mismatch"),
                "byte {i}: {err}"
            );
        }
    }
    let msg = |b: &[u8]| Matcher::load(b).unwrap_err().to_string();
    assert!(msg(b"").contains("not a namefix index"));
    assert!(msg(b"p:1\tOlivia Colman\n").contains("not a namefix index"));
    assert!(msg(&bytes[..20]).contains("truncated"));
    assert!(msg(&bytes[..bytes.len() - 1]).contains("truncated"));
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(msg(&longer).contains("trailing"));
    let mut b = bytes.clone();
    b[8] = 99;
    assert!(msg(&b).contains("version 99"), "{}", msg(&b));
    let mut b = bytes.clone();
    let last = b.len() - 1;
    b[last] ^= 1;
    assert!(msg(&b).contains("checksum"), "{}", msg(&b));
    // The checksum is compared while the payload is read, but a mismatch is still the error
    // reported for any damaged payload byte (before anything reading found), in every form,
    // from `load_static` as from `load`. (`load_static` needs bytes that are never freed, and
    // the full form is 256 KB here: it is sampled, every 4099th byte, the compact every 31st.)
    for (bytes, stride) in [(bytes, 4099), (small().save_compact(), 31)] {
        for i in (40..bytes.len()).step_by(stride) {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            assert!(
                msg(&b).contains("checksum mismatch"),
                "byte {i}: {}",
                msg(&b)
            );
            let kept: &'static [u8] = Vec::leak(b);
            let err = Matcher::load_static(kept).unwrap_err();
            assert!(
                err.to_string().contains("checksum mismatch"),
                "byte {i}: {err}"
            );
        }
        for n in (0..bytes.len()).step_by(stride) {
            let kept: &'static [u8] = Vec::leak(bytes[..n].to_vec());
            let err = Matcher::load_static(kept).unwrap_err();
            assert_eq!(err.to_string(), msg(&bytes[..n]), "{n}");
        }
    }
}

/// Payloads that pass the checksum but are structurally wrong (what a fuzzer or a hostile
/// file can produce) are errors too: the structural checks run on every load.
#[test]
fn structurally_wrong_payloads_are_errors() {
    // (tests/fuzz_regressions.rs replays the fuzz target's inputs.) Every prefix of a real
    // payload is an error, and so is every single flipped byte that changes a count or an id
    // out of range; none panics.
    let bytes = small().save();
    let payload = &bytes[40..];
    assert!(Matcher::__load_payload(payload, true).is_ok());
    for n in 0..payload.len() {
        assert!(Matcher::__load_payload(&payload[..n], true).is_err(), "{n}");
    }
    // Every byte of the lexicon and name sections (the first kilobyte), then a sample of the
    // derived tables (mostly the empty buckets of a tiny lexicon).
    for i in (0..payload.len()).filter(|&i| i < 1024 || i % 101 == 0) {
        for flip in [0x01, 0x80, 0xff] {
            let mut p = payload.to_vec();
            p[i] ^= flip;
            let _ = Matcher::__load_payload(&p, true);
            let _ = Matcher::__load_payload(&p, false);
        }
    }
    // Seeds for the fuzz target (written once, kept in tests/fixtures/robustness/index/).
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        let dir = root().join("tests/fixtures/robustness/index");
        std::fs::write(dir.join("seed-small-full.nfx"), &bytes).unwrap();
        let mut p = vec![1u8];
        p.extend_from_slice(payload);
        std::fs::write(dir.join("seed-small-full-payload"), &p).unwrap();
        std::fs::write(dir.join("seed-truncated.nfx"), &bytes[..bytes.len() / 2]).unwrap();
    }
}
