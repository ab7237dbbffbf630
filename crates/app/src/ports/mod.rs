//! The ports the use cases run against. Adapters implement them: `jalin-store` the
//! [`store::Store`], the composition root the [`clock::Clock`].

pub mod clock;
pub mod mailer;
pub mod store;
