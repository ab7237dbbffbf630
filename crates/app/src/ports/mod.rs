//! The ports the use cases run against. Adapters implement them: `jalin-store` the
//! [`store::Store`] and the [`blobs::BlobStore`]s, the composition root the
//! [`clock::Clock`] and the [`mailer::Mailer`].

pub mod blobs;
pub mod clock;
pub mod mailer;
pub mod sdg;
pub mod search;
pub mod store;
