//! Similarity and ranking. Everything here is pure and deterministic: the same inputs give
//! the same scores in the same order on every run and every machine.

pub mod names;
