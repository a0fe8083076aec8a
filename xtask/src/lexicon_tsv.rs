//! The row format of a lexicon TSV (`id<TAB>name<TAB>aliases<TAB>kind<TAB>weight`, aliases
//! separated by `|`; rules in data/README.md), shared by the generator (`gen.rs`, reading
//! data/curated.tsv and data/lexicon.tsv) and the data lint (tests/data_lint.rs). The lint
//! includes this file with `#[path]`: a test of the root package cannot depend on the xtask
//! crate. Splitting only; each side checks the fields by its own rules.

/// The kinds an entity may have.
pub(crate) const KINDS: [&str; 11] = [
    "person",
    "film",
    "tv",
    "book",
    "work",
    "org",
    "place",
    "character",
    "product",
    "event",
    "other",
];

/// The five fields of one lexicon row, as written.
pub(crate) struct Fields<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    pub(crate) aliases: &'a str,
    pub(crate) kind: &'a str,
    pub(crate) weight: &'a str,
}

impl Fields<'_> {
    /// The aliases field split at `|`; none when it is empty.
    pub(crate) fn alias_list(&self) -> Vec<String> {
        if self.aliases.is_empty() {
            Vec::new()
        } else {
            self.aliases.split('|').map(str::to_string).collect()
        }
    }
}

/// The data rows of a lexicon TSV with their 1-based line numbers, blank lines and `#` comments
/// skipped. A row that does not have exactly five tab-separated fields is `Err(how many it has)`.
pub(crate) fn rows(text: &str) -> impl Iterator<Item = (usize, Result<Fields<'_>, usize>)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !(line.trim().is_empty() || line.starts_with('#')))
        .map(|(i, line)| {
            let f: Vec<&str> = line.split('\t').collect();
            let fields = match f[..] {
                [id, name, aliases, kind, weight] => Ok(Fields {
                    id,
                    name,
                    aliases,
                    kind,
                    weight,
                }),
                _ => Err(f.len()),
            };
            (i + 1, fields)
        })
}
