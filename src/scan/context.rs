//! Document context: what the rest of a document names, for checking it piece by piece
//! ([`Matcher::check_part`](crate::Matcher::check_part)), and what one piece's check depended on.

use std::cell::RefCell;

use rustc_hash::{FxHashMap, FxHashSet};

use super::Correction;
use crate::lexicon::EntityId;

/// How a document names an entity: the two levels of document context the scanner tells
/// apart (see [`DocContext`]). The stronger level is the greater one.
///
/// ```
/// use namefix::Naming;
/// assert!(Naming::Exact > Naming::Fixed);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Naming {
    /// Named only by a fuzzy correction ("Olivia Coleman", fixed to Olivia Colman).
    Fixed,
    /// Named by an exact-key window: written as one of its names or aliases, up to spacing,
    /// case and punctuation ("Olivia Colman", "heart stopper").
    Exact,
}

/// What the rest of a document names, for checking one part of it with
/// [`Matcher::check_part`](crate::Matcher::check_part).
///
/// The scanner settles close calls in favour of entities the document already names. Checking
/// a whole text, it first collects the entities the text names exactly, makes its fuzzy fixes
/// with those, then counts the entities of those fixes as named too and looks again. A caller
/// that checks a document piece by piece (an editor re-checking the paragraph being typed in)
/// supplies the rest of the document here, at the same two levels:
///
/// * [`Naming::Exact`]: every entity the other parts name exactly ([`Matcher::named_in`](crate::Matcher::named_in), or
///   [`PartCheck::named`]);
/// * [`Naming::Fixed`]: every entity the other parts' fuzzy fixes name
///   ([`PartCheck::fixed`], from checks whose context held the [`Naming::Exact`] level
///   complete).
///
/// Adding a part's own entities too changes nothing, so one context can serve every part. The
/// ids must come from the matcher's own lexicon.
///
/// ```
/// use namefix::{DocContext, Lexicon, Matcher, Naming, ScanOptions};
/// let m = Matcher::new(Lexicon::from_tsv(
///     "c:1\tLiverpool\t\tplace\t0.1\nc:2\tManchester\t\tplace\t100\n",
/// )?);
/// let opts = ScanOptions::new();
/// let parts = ["We left Liverpool at noon.", "Livepool, again."];
/// // On its own, a misspelling of this lexicon's least likely name is left alone.
/// assert!(m.check(parts[1]).is_empty());
/// // The first level: what every part names exactly (Liverpool, in the first part).
/// let mut context = DocContext::new();
/// for p in parts {
///     context.extend(m.named_in(p).into_iter().map(|id| (id, Naming::Exact)));
/// }
/// // The second level: what their fuzzy fixes name against the first.
/// let checks: Vec<_> = parts.iter().map(|p| m.check_part(p, &opts, &context)).collect();
/// for c in &checks {
///     context.extend(c.fixed().iter().map(|&id| (id, Naming::Fixed)));
/// }
/// // Each check holds unless the second level changed what it depends on; then check again.
/// let fixes: Vec<_> = parts
///     .iter()
///     .zip(checks)
///     .map(|(p, c)| {
///         if c.holds_in(&context) {
///             c.into_corrections()
///         } else {
///             m.check_part(p, &opts, &context).into_corrections()
///         }
///     })
///     .collect();
/// assert_eq!(fixes[1][0].replacement(), "Liverpool");
/// // The same as checking the whole text.
/// let whole = m.check(&parts.join("\n"));
/// assert_eq!(whole.len(), 1);
/// assert_eq!((whole[0].original(), whole[0].replacement()), ("Livepool", "Liverpool"));
/// # Ok::<(), namefix::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocContext {
    pub(super) entities: FxHashMap<EntityId, Naming>,
}

impl DocContext {
    /// An empty context (a document that names nothing else).
    pub fn new() -> DocContext {
        DocContext::default()
    }

    /// Records that the document names `id` at level `naming`; an entity recorded at both
    /// levels keeps the stronger.
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Naming};
    /// let lex = Lexicon::from_tsv("p:1\tAlice Oseman\n")?;
    /// let id = lex.id_of("p:1").unwrap();
    /// let mut context = DocContext::new();
    /// context.add(id, Naming::Exact).add(id, Naming::Fixed);
    /// assert_eq!(context.naming(id), Some(Naming::Exact));
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn add(&mut self, id: EntityId, naming: Naming) -> &mut DocContext {
        let level = self.entities.entry(id).or_insert(naming);
        *level = (*level).max(naming);
        self
    }

    /// The level at which the document names `id`, if it does.
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Naming};
    /// let lex = Lexicon::from_tsv("p:1\tAlice Oseman\n")?;
    /// let id = lex.id_of("p:1").unwrap();
    /// let mut context = DocContext::new();
    /// assert_eq!(context.naming(id), None);
    /// context.add(id, Naming::Fixed);
    /// assert_eq!(context.naming(id), Some(Naming::Fixed));
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn naming(&self, id: EntityId) -> Option<Naming> {
        self.entities.get(&id).copied()
    }

    /// Every entity the context names, with its level, in no particular order.
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Naming};
    /// let lex = Lexicon::from_tsv("p:1\tAlice Oseman\n")?;
    /// let id = lex.id_of("p:1").unwrap();
    /// let context: DocContext = [(id, Naming::Exact)].into_iter().collect();
    /// assert_eq!(context.iter().collect::<Vec<_>>(), [(id, Naming::Exact)]);
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (EntityId, Naming)> + '_ {
        self.entities.iter().map(|(&id, &naming)| (id, naming))
    }

    /// How many entities the context names.
    ///
    /// ```
    /// use namefix::DocContext;
    /// assert_eq!(DocContext::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether the context names no entity.
    ///
    /// ```
    /// use namefix::DocContext;
    /// assert!(DocContext::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Forgets every entity.
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Naming};
    /// let lex = Lexicon::from_tsv("p:1\tAlice Oseman\n")?;
    /// let mut context = DocContext::new();
    /// context.add(lex.id_of("p:1").unwrap(), Naming::Exact);
    /// context.clear();
    /// assert!(context.is_empty());
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn clear(&mut self) {
        self.entities.clear();
    }
}

impl Extend<(EntityId, Naming)> for DocContext {
    /// Adds every entity, as [`add`](DocContext::add) does.
    fn extend<I: IntoIterator<Item = (EntityId, Naming)>>(&mut self, iter: I) {
        for (id, naming) in iter {
            self.add(id, naming);
        }
    }
}

impl FromIterator<(EntityId, Naming)> for DocContext {
    /// A context naming every entity, as [`add`](DocContext::add) does.
    fn from_iter<I: IntoIterator<Item = (EntityId, Naming)>>(iter: I) -> DocContext {
        let mut context = DocContext::new();
        context.extend(iter);
        context
    }
}

/// The result of checking one part of a document ([`Matcher::check_part`](crate::Matcher::check_part)): its corrections,
/// what the part names for the rest of the document's context, and which entries of its own
/// context the result depends on.
///
/// ```
/// use namefix::{DocContext, Lexicon, Matcher, ScanOptions};
/// let m = Matcher::new(Lexicon::from_tsv("p:1\tAlice Oseman\t\tperson\t50\n")?);
/// let part = m.check_part("Alice Osseman wrote it.", &ScanOptions::new(), &DocContext::new());
/// assert_eq!(part.corrections()[0].replacement(), "Alice Oseman");
/// assert!(part.named().is_empty());
/// assert_eq!(part.fixed(), [m.lexicon().id_of("p:1").unwrap()]);
/// # Ok::<(), namefix::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartCheck<'m> {
    pub(super) corrections: Vec<Correction<'m>>,
    pub(super) named: Vec<EntityId>,
    pub(super) fixed: Vec<EntityId>,
    pub(super) dependencies: ContextDependencies,
}

impl<'m> PartCheck<'m> {
    /// The part's corrections, sorted and non-overlapping, as [`Matcher::check_with`](crate::Matcher::check_with) gives
    /// them (byte offsets into the part).
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Matcher, ScanOptions};
    /// let m = Matcher::new(Lexicon::from_tsv("p:1\tJoe Locke\t\tperson\t10\n")?);
    /// let part = m.check_part("Then joe locke smiled.", &ScanOptions::new(), &DocContext::new());
    /// assert_eq!(part.corrections(), m.check("Then joe locke smiled.").as_slice());
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn corrections(&self) -> &[Correction<'m>] {
        &self.corrections
    }

    /// The corrections, by value.
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Matcher, ScanOptions};
    /// let m = Matcher::new(Lexicon::from_tsv("p:1\tJoe Locke\t\tperson\t10\n")?);
    /// let part = m.check_part("Then joe locke smiled.", &ScanOptions::new(), &DocContext::new());
    /// assert_eq!(part.into_corrections()[0].replacement(), "Joe Locke");
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn into_corrections(self) -> Vec<Correction<'m>> {
        self.corrections
    }

    /// The entities the part names exactly, sorted: what it adds to the rest of the
    /// document's context at [`Naming::Exact`]. The same as [`Matcher::named_in`](crate::Matcher::named_in): it depends
    /// on the text only (not on the options or the context), and holds every entity the part
    /// names exactly, written correctly or not.
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Matcher, ScanOptions};
    /// let m = Matcher::new(Lexicon::from_tsv("p:1\tJoe Locke\t\tperson\t10\n")?);
    /// let part = m.check_part("Joe Locke smiles.", &ScanOptions::new(), &DocContext::new());
    /// assert_eq!(part.named(), m.named_in("Joe Locke smiles."));
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn named(&self) -> &[EntityId] {
        &self.named
    }

    /// The entities the part's fuzzy fixes name and [`named`](Self::named) does not, sorted:
    /// what it adds to the rest of the document's context at [`Naming::Fixed`].
    ///
    /// These are the fixes of the scanner's first round, made against the part's own exact
    /// names and the context's [`Naming::Exact`] entries only (so they do not change with the
    /// context's [`Naming::Fixed`] entries), including any that a better-supported span
    /// overrides later.
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Matcher, ScanOptions};
    /// let m = Matcher::new(Lexicon::from_tsv("p:1\tAlice Oseman\t\tperson\t50\n")?);
    /// let part = m.check_part("By Alice Osseman.", &ScanOptions::new(), &DocContext::new());
    /// assert_eq!(part.fixed(), [m.lexicon().id_of("p:1").unwrap()]);
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn fixed(&self) -> &[EntityId] {
        &self.fixed
    }

    /// Which entries of the context this result depends on, and what they were: keep it
    /// beside a cached result to learn later whether the result still holds.
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Matcher, ScanOptions};
    /// let m = Matcher::new(Lexicon::from_tsv("c:1\tLiverpool\t\tplace\t0.1\nc:2\tManchester\t\tplace\t100\n")?);
    /// let part = m.check_part("Livepool, again.", &ScanOptions::new(), &DocContext::new());
    /// // Whether the document names Liverpool decides the one-word fix.
    /// let liverpool = m.lexicon().id_of("c:1").unwrap();
    /// assert_eq!(part.dependencies().entities().collect::<Vec<_>>(), [liverpool]);
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn dependencies(&self) -> &ContextDependencies {
        &self.dependencies
    }

    /// Whether checking the same text with the same options under `context` would give this
    /// same result ([`ContextDependencies::holds_in`]).
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Matcher, Naming, ScanOptions};
    /// let m = Matcher::new(Lexicon::from_tsv("c:1\tLiverpool\t\tplace\t0.1\nc:2\tManchester\t\tplace\t100\n")?);
    /// let opts = ScanOptions::new();
    /// let part = m.check_part("Livepool, again.", &opts, &DocContext::new());
    /// assert!(part.corrections().is_empty());
    /// let mut context = DocContext::new();
    /// context.add(m.lexicon().id_of("c:2").unwrap(), Naming::Exact);
    /// assert!(part.holds_in(&context));
    /// context.add(m.lexicon().id_of("c:1").unwrap(), Naming::Exact);
    /// assert!(!part.holds_in(&context));
    /// assert_eq!(m.check_part("Livepool, again.", &opts, &context).corrections().len(), 1);
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn holds_in(&self, context: &DocContext) -> bool {
        self.dependencies.holds_in(context)
    }
}

/// Which entries of a document context one part's check depends on, and what they were
/// ([`PartCheck::dependencies`]). It owns its data, so it can be kept beside a cached result
/// (after the [`PartCheck`] is gone) and asked later whether that result still holds.
///
/// ```
/// use namefix::{DocContext, Lexicon, Matcher, Naming, ScanOptions};
/// let m = Matcher::new(Lexicon::from_tsv(
///     "p:1\tJana Kowalski\t\tperson\t10\np:2\tJona Kowalski\t\tperson\t10\n",
/// )?);
/// let part = m.check_part("Later, Jena Kowalski spoke.", &ScanOptions::new(), &DocContext::new());
/// // One letter from both: too close to call, unless the document names one of them.
/// assert!(part.corrections().is_empty());
/// let deps = part.dependencies().clone();
/// assert_eq!(deps.len(), 2);
/// let mut context = DocContext::new();
/// context.add(m.lexicon().id_of("p:2").unwrap(), Naming::Fixed);
/// assert!(!deps.holds_in(&context));
/// # Ok::<(), namefix::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextDependencies {
    /// Sorted by entity: the entity, the level the part's own fixes give it, and the level the
    /// check counted it at (the stronger of that and the context's).
    pub(super) entries: Vec<(EntityId, Option<Naming>, Option<Naming>)>,
}

impl ContextDependencies {
    /// The entities whose level in the context can change the result, sorted: the entities
    /// the scanner asked about while settling close calls and one-word fixes, except those
    /// the part names exactly itself (named whatever the context says). Usually few or none.
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Matcher, ScanOptions};
    /// let m = Matcher::new(Lexicon::from_tsv("c:1\tLiverpool\t\tplace\t0.1\nc:2\tManchester\t\tplace\t100\n")?);
    /// let opts = ScanOptions::new();
    /// let part = m.check_part("Livepool, again.", &opts, &DocContext::new());
    /// assert_eq!(part.dependencies().entities().count(), 1);
    /// // Where Liverpool is named in the part itself, the context cannot matter.
    /// let part = m.check_part("Liverpool and Livepool, again.", &opts, &DocContext::new());
    /// assert_eq!(part.dependencies().entities().count(), 0);
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn entities(&self) -> impl ExactSizeIterator<Item = EntityId> + '_ {
        self.entries.iter().map(|&(id, _, _)| id)
    }

    /// Whether checking the same text with the same options under `context` gives the same
    /// [`PartCheck`] as the check these dependencies come from.
    ///
    /// It does when `context` names every entity of [`entities`](Self::entities) at the same
    /// level ([`DocContext::naming`]) as the context of that check did; where the part's own
    /// fuzzy fixes name the entity, only whether the context names it exactly matters. Other
    /// entities do not matter at all.
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Matcher, Naming, ScanOptions};
    /// let m = Matcher::new(Lexicon::from_tsv("c:1\tLiverpool\t\tplace\t0.1\nc:2\tManchester\t\tplace\t100\n")?);
    /// let part = m.check_part("Livepool, again.", &ScanOptions::new(), &DocContext::new());
    /// let mut context = DocContext::new();
    /// context.add(m.lexicon().id_of("c:2").unwrap(), Naming::Exact);
    /// assert!(part.dependencies().holds_in(&context));
    /// context.add(m.lexicon().id_of("c:1").unwrap(), Naming::Fixed);
    /// assert!(!part.dependencies().holds_in(&context));
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn holds_in(&self, context: &DocContext) -> bool {
        self.entries
            .iter()
            .all(|&(id, own, seen)| context.naming(id).max(own) == seen)
    }

    /// How many entities the result depends on.
    ///
    /// ```
    /// use namefix::ContextDependencies;
    /// assert_eq!(ContextDependencies::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the result depends on no entry of the context (it holds in every context).
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Matcher, ScanOptions};
    /// let m = Matcher::new(Lexicon::from_tsv("p:1\tJoe Locke\t\tperson\t10\n")?);
    /// let part = m.check_part("Then joe locke smiled.", &ScanOptions::new(), &DocContext::new());
    /// assert!(part.dependencies().is_empty());
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The entities the fuzzy probes count as named in the document: the text's own and the
/// context's from `level` up. Records every entity it is asked about.
pub(super) struct Named<'a> {
    pub(super) own: &'a FxHashSet<u32>,
    /// The text's own exact names.
    pub(super) exact: &'a FxHashSet<u32>,
    pub(super) context: &'a DocContext,
    pub(super) level: Naming,
    pub(super) asked: &'a RefCell<FxHashSet<u32>>,
}

impl Named<'_> {
    pub(super) fn contains(&self, entity: &u32) -> bool {
        self.asked.borrow_mut().insert(*entity);
        self.holds(*entity)
    }

    /// Whether the document names `entity` exactly: the text itself, or the context at the
    /// [`Naming::Exact`] level. A fix is no evidence here, not even another one: the same
    /// misspelling repeated ("Grettel" six times) is more often deliberate. Records the
    /// question.
    pub(super) fn named_exactly(&self, entity: u32) -> bool {
        self.asked.borrow_mut().insert(entity);
        self.exact.contains(&entity) || self.context.naming(EntityId(entity)) == Some(Naming::Exact)
    }

    /// Membership without recording the question.
    pub(super) fn holds(&self, entity: u32) -> bool {
        self.own.contains(&entity)
            || self
                .context
                .naming(EntityId(entity))
                .is_some_and(|n| n >= self.level)
    }
}
