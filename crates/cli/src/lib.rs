//! The composition root of Jalin as a library: the configuration, the outgoing mail, and
//! the assembly of a serving node ([`launch`]). Both `jalin serve` and the HTTP tests
//! start Jalin through it, so they run the same server.

mod background;
pub mod launch;
pub mod mail;
pub mod settings;

pub use launch::{LaunchOptions, Running, SearchPlacement, WorkerSelection, build_app, launch, launch_with};
