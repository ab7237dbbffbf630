//! Synthetic and demonstration data. The generator writes plausible agreements over the
//! reference data (benchmarks, `jalin dev generate`); the demo seeder fills a clearly
//! labelled demonstration installation (`jalin serve --demo`). Nothing in the production
//! use cases depends on this crate.

pub mod demo;
pub mod generate;

pub use demo::{DEMO_SOURCE, DemoReport, seed_demo};
pub use generate::{GeneratorReference, generate};
