//! Positions of keys and values in a YAML file, by path (`rules[3].swap`).
//!
//! serde_yaml reports a position only for errors it raises itself; the
//! checks that come after deserialization (a bad regex, a failing spec, a key
//! that does not belong to a rule's kind, a duplicate id) need the position
//! of a given key. saphyr-parser's event stream carries it.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

use crate::source::LineCol;

/// Where the keys and values of one YAML text are.
#[derive(Debug, Default, Clone)]
pub struct YamlIndex {
    keys: HashMap<String, LineCol>,
    values: HashMap<String, LineCol>,
    key_lists: HashMap<String, Vec<String>>,
}

enum Frame {
    Map {
        path: String,
        /// The full path of the entry whose key was just read.
        key: Option<String>,
    },
    Seq {
        path: String,
        next: usize,
    },
    /// A complex (non-scalar) mapping key: ignored with what is under it.
    Skip,
}

impl YamlIndex {
    /// Indexes `text`; a scan error gives its message and position.
    pub fn new(text: &str) -> Result<YamlIndex, (String, LineCol)> {
        let mut idx = YamlIndex::default();
        let mut stack: Vec<Frame> = Vec::new();
        for item in Parser::new_from_str(text) {
            let (event, span) = item.map_err(|e| {
                let m = e.marker();
                (
                    e.info().to_string(),
                    LineCol {
                        line: m.line(),
                        column: m.col() + 1,
                    },
                )
            })?;
            let pos = LineCol {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map {
                        path,
                        key: key @ None,
                    }) = stack.last_mut()
                    {
                        let full = join(path, &value);
                        idx.keys.insert(full.clone(), pos);
                        // Every map's list was made at its start.
                        if let Some(list) = idx.key_lists.get_mut(path.as_str()) {
                            list.push(value.to_string());
                        }
                        *key = Some(full);
                    } else if let Some(path) = node_path(&mut stack) {
                        idx.values.insert(path, pos);
                    }
                }
                Event::Alias(_) => {
                    if let Some(path) = node_path(&mut stack) {
                        idx.values.insert(path, pos);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    let frame = if matches!(
                        stack.last(),
                        Some(Frame::Map { key: None, .. }) | Some(Frame::Skip)
                    ) {
                        Frame::Skip
                    } else {
                        let path = node_path(&mut stack).unwrap_or_default();
                        idx.values.insert(path.clone(), pos);
                        if is_map {
                            idx.key_lists.entry(path.clone()).or_default();
                            Frame::Map { path, key: None }
                        } else {
                            Frame::Seq { path, next: 0 }
                        }
                    };
                    stack.push(frame);
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        Ok(idx)
    }

    /// Position of the key that ends `path` (`rules[0].swap` → the `swap` key).
    pub fn key(&self, path: &str) -> Option<LineCol> {
        self.keys.get(path).copied()
    }

    /// Position of the value at `path`.
    pub fn value(&self, path: &str) -> Option<LineCol> {
        self.values.get(path).copied()
    }

    /// The key if `path` names a mapping entry, else the value; falling back
    /// to the nearest enclosing path that is known.
    pub fn locate(&self, path: &str) -> LineCol {
        let mut p = path.to_string();
        loop {
            if let Some(pos) = self.key(&p).or_else(|| self.value(&p)) {
                return pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p.truncate(i),
                None => {
                    return self.value("").unwrap_or(LineCol { line: 1, column: 1 });
                }
            }
        }
    }

    /// The keys of the mapping at `path`, in file order.
    pub fn keys_of(&self, path: &str) -> &[String] {
        self.key_lists.get(path).map(Vec::as_slice).unwrap_or(&[])
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The path of the node that starts now, advancing the parent frame.
fn node_path(stack: &mut [Frame]) -> Option<String> {
    match stack.last_mut() {
        None => Some(String::new()),
        Some(Frame::Map { key, .. }) => key.take(),
        Some(Frame::Seq { path, next }) => {
            let p = format!("{path}[{next}]");
            *next += 1;
            Some(p)
        }
        Some(Frame::Skip) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_values_by_path() {
        let text = "rules:\n  - id: a\n    tokens: [甲, 乙]\n  - id: b\n    swapp: {x: y}\n";
        let idx = YamlIndex::new(text).unwrap();
        assert_eq!(
            idx.key("rules[1].swapp"),
            Some(LineCol { line: 5, column: 5 })
        );
        assert_eq!(
            idx.value("rules[0].tokens[1]"),
            Some(LineCol {
                line: 3,
                column: 17
            })
        );
        assert_eq!(idx.keys_of("rules[1]"), ["id", "swapp"]);
        assert_eq!(
            idx.locate("rules[1].swapp.x.nothing"),
            LineCol {
                line: 5,
                column: 13
            }
        );
    }

    #[test]
    fn scan_errors_have_positions() {
        let (_, pos) = YamlIndex::new("a: [1, 2\nb: c\n").unwrap_err();
        assert!(pos.line >= 1);
    }
}
