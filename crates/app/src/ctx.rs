//! The context every use case receives: who acts, for which request, and when.

use time::{Date, OffsetDateTime};

/// Who performs an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Jalin itself or an operator's command line (`jalin import …`), named for the audit trail.
    System(String),
    /// An unauthenticated visitor.
    Anonymous,
}

impl Actor {
    pub fn label(&self) -> String {
        match self {
            Self::System(name) => format!("system:{name}"),
            Self::Anonymous => "anonymous".to_owned(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    /// Correlates log lines and audit rows of one request or command.
    pub request_id: String,
    pub now: OffsetDateTime,
    /// The registry's date (WIB) at `now`.
    pub today: Date,
}
