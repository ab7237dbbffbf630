//! Helpers shared by the cli tests.
#![allow(dead_code)]

pub mod smtp_sink;
