//! A kind's keys, read off its `Keys` struct ([`fields`]): the struct that
//! reads a rule's keys is also the list the loader checks keys against,
//! suggests from, and `rules` prints, so the two cannot drift apart.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// The field names of a struct deriving `Deserialize` (as serde names them:
/// renames applied), found by asking it to deserialize from a deserializer
/// that only records the names it is given.
pub fn fields<T: Deserialize<'static>>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    let _ = T::deserialize(Names(&mut names));
    names
}

/// A deserializer that records the field names of the struct asked for,
/// then stops with an error.
struct Names<'n>(&'n mut &'static [&'static str]);

/// The error that stops it.
#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field names recorded")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<M: std::fmt::Display>(_: M) -> Stop {
        Stop
    }
}

impl<'de> Deserializer<'de> for Names<'_> {
    type Error = Stop;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Stop> {
        *self.0 = fields;
        Err(Stop)
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Example {
        tokens: Vec<String>,
        #[serde(rename = "not_after")]
        after: Option<String>,
    }

    #[test]
    fn the_field_names_are_read_off_the_struct() {
        assert_eq!(fields::<Example>(), ["tokens", "not_after"]);
        assert!(fields::<String>().is_empty());
    }
}
