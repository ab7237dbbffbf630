//! Facet counts straight from the fast-field term ordinals: one counter array per facet and
//! segment, turned into strings once per segment. The generic aggregation framework did
//! the same work through JSON requests and results and cost several milliseconds on
//! 20,000 matches (docs/benchmarks.md); this is a tight loop.

use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts, per facet field, how many matching documents carry each value.
pub struct FacetCollector {
    fields: &'static [&'static str],
}

impl FacetCollector {
    pub fn new(fields: &'static [&'static str]) -> Self {
        Self { fields }
    }
}

/// Per facet (in the order given): value → number of documents.
pub type FacetFruit = Vec<HashMap<String, u64>>;

pub struct FacetSegmentCollector {
    columns: Vec<Option<(StrColumn, Vec<u32>)>>,
}

impl Collector for FacetCollector {
    type Fruit = FacetFruit;
    type Child = FacetSegmentCollector;

    fn for_segment(&self, _segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let mut columns = Vec::with_capacity(self.fields.len());
        for name in self.fields {
            let column = reader.fast_fields().str(name)?;
            columns.push(column.map(|c| {
                let terms = c.num_terms();
                (c, vec![0u32; terms])
            }));
        }
        Ok(FacetSegmentCollector { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<FacetFruit>) -> tantivy::Result<FacetFruit> {
        let mut merged: FacetFruit = vec![HashMap::new(); self.fields.len()];
        for fruit in segments {
            for (into, from) in merged.iter_mut().zip(fruit) {
                for (value, n) in from {
                    *into.entry(value).or_insert(0) += n;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = FacetFruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in self.columns.iter_mut().flatten() {
            for ord in column.term_ords(doc) {
                if let Some(c) = counts.get_mut(ord as usize) {
                    *c += 1;
                }
            }
        }
    }

    fn harvest(self) -> FacetFruit {
        self.columns
            .into_iter()
            .map(|column| {
                let mut values = HashMap::new();
                if let Some((column, counts)) = column {
                    // One pass over the dictionary for all the values seen (looking each
                    // ordinal up on its own re-reads a block per value).
                    let seen: Vec<(u64, u32)> = counts
                        .into_iter()
                        .enumerate()
                        .filter(|(_, n)| *n > 0)
                        .map(|(ord, n)| (ord as u64, n))
                        .collect();
                    let ords: Vec<u64> = seen.iter().map(|(ord, _)| *ord).collect();
                    let mut counts = seen.into_iter().map(|(_, n)| n);
                    let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                        if let (Some(n), Ok(text)) = (counts.next(), std::str::from_utf8(bytes)) {
                            values.insert(text.to_owned(), u64::from(n));
                        }
                    });
                }
                values
            })
            .collect()
    }
}
