//! The context every use case receives: who acts, for which request, and when.

use jalin_domain::codes::RegionCode;
use jalin_domain::ids::{CaseId, UserId};
use jalin_domain::role::Role;
use time::{Date, OffsetDateTime};

/// A signed-in person (or API client) acting in one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserActor {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    /// The region a regional officer/approver works for, or the province of a province
    /// officer. National roles have none.
    pub region: Option<RegionCode>,
    /// Cases a foreign-partner guest was invited to.
    pub cases: Vec<CaseId>,
    /// When acting through an API token: the token's scopes (reading, writing, admin).
    pub token_scopes: Option<Vec<jalin_domain::account::TokenScope>>,
}

/// Who performs an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Jalin itself or an operator's command line (`jalin import …`), named for the audit trail.
    System(String),
    /// An unauthenticated visitor.
    Anonymous,
    User(UserActor),
}

impl Actor {
    pub fn label(&self) -> String {
        match self {
            Self::System(name) => format!("system:{name}"),
            Self::Anonymous => "anonymous".to_owned(),
            Self::User(u) => user_label(&u.name),
        }
    }

    pub fn role(&self) -> Role {
        match self {
            Self::System(_) => Role::System,
            Self::Anonymous => Role::Public,
            Self::User(u) => u.role,
        }
    }

    pub fn user(&self) -> Option<&UserActor> {
        match self {
            Self::User(u) => Some(u),
            _ => None,
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

/// How a user appears as the actor of audit events.
pub fn user_label(email: &str) -> String {
    format!("user:{email}")
}

/// A context for the given actor at the clock's current time.
pub fn at(clock: &dyn crate::ports::clock::Clock, actor: Actor, request_id: impl Into<String>) -> Ctx {
    let now = crate::ports::clock::to_micros(clock.now());
    Ctx {
        actor,
        request_id: request_id.into(),
        now,
        today: now.to_offset(crate::ports::clock::WIB).date(),
    }
}

/// A context for Jalin itself or an operator command (`jalin import …`, the timers, …).
pub fn system(clock: &dyn crate::ports::clock::Clock, name: &str) -> Ctx {
    at(clock, Actor::System(name.to_owned()), uuid::Uuid::now_v7().to_string())
}
