//! `serde::Serialize` for the result types that borrow from a matcher (feature `serde`).
//!
//! [`Entity`] is serialized as `{"id", "name", "aliases", "kind", "weight"}`.
//! [`Match`] and [`Correction`] are serialized as flat objects of what their accessors give
//! (the same field names the CLI's JSON uses), not as their private fields.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::{Correction, Entity, Match};

impl Serialize for Match<'_> {
    /// `{"id", "name", "kind", "score", "match_kind", "matched_name"}`.
    ///
    /// ```
    /// let m = namefix::Matcher::bundled().lookup("heart stopper").unwrap();
    /// let json = serde_json::to_value(m).unwrap();
    /// assert_eq!(json["name"], "Heartstopper");
    /// assert_eq!(json["kind"], "tv");
    /// assert_eq!(json["match_kind"], "normalized");
    /// ```
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Match", 6)?;
        s.serialize_field("id", self.id())?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("score", &self.score())?;
        s.serialize_field("match_kind", &self.match_kind())?;
        s.serialize_field("matched_name", self.matched_name())?;
        s.end()
    }
}

impl Serialize for Correction<'_> {
    /// `{"start", "end", "original", "replacement", "id", "name", "kind", "score",
    /// "match_kind"}` (byte offsets).
    ///
    /// ```
    /// let fixes = namefix::Matcher::bundled().check("We watched heart stopper.");
    /// let json = serde_json::to_value(&fixes[0]).unwrap();
    /// assert_eq!(json["start"], 11);
    /// assert_eq!(json["original"], "heart stopper");
    /// assert_eq!(json["replacement"], "Heartstopper");
    /// ```
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Correction", 9)?;
        s.serialize_field("start", &self.start())?;
        s.serialize_field("end", &self.end())?;
        s.serialize_field("original", self.original())?;
        s.serialize_field("replacement", self.replacement())?;
        s.serialize_field("id", self.id())?;
        s.serialize_field("name", self.entity().name())?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("score", &self.score())?;
        s.serialize_field("match_kind", &self.match_kind())?;
        s.end()
    }
}

impl Serialize for Entity {
    /// `{"id", "name", "aliases", "kind", "weight"}`.
    ///
    /// ```
    /// let e = namefix::Entity::new("p:oc", "Olivia Colman").with_alias("Olivia Coleman");
    /// let json = serde_json::to_value(&e).unwrap();
    /// assert_eq!(json["name"], "Olivia Colman");
    /// assert_eq!(json["aliases"][0], "Olivia Coleman");
    /// assert_eq!(json["kind"], "other");
    /// ```
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Aliases<'a>(&'a Entity);
        impl Serialize for Aliases<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.aliases())
            }
        }
        let mut s = serializer.serialize_struct("Entity", 5)?;
        s.serialize_field("id", self.id())?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("aliases", &Aliases(self))?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("weight", &self.weight())?;
        s.end()
    }
}
