//! Capability-typed authorization. A use case first asks [`require`] for a [`Grant`]
//! of the action it performs; only that function makes one, from the policy table in
//! `jalin_domain::authz`. The grant then answers the scope questions ("is this case in my
//! region?") so that no use case compares roles and regions by hand.

use crate::ctx::{Actor, Ctx};
pub use crate::ports::store::Visibility;
use crate::{AppError, AppResult};
use jalin_domain::agreement::Agreement;
use jalin_domain::authz::{Action, Scope};
use jalin_domain::case::Case;
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::{CaseId, UserId};
use jalin_domain::procedure::Side;
use jalin_domain::role::Role;

/// Proof that the actor may perform one action, and over what.
#[derive(Debug, Clone)]
pub struct Grant {
    action: Action,
    scope: Scope,
    role: Role,
    region: Option<RegionCode>,
    user: Option<UserId>,
    cases: Vec<CaseId>,
}

impl Grant {
    pub fn action(&self) -> Action {
        self.action
    }

    pub fn scope(&self) -> Scope {
        self.scope
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// The acting user's account, if any (guest invitations are checked against it).
    pub fn user(&self) -> Option<UserId> {
        self.user
    }

    /// Whether the grant reaches records of `region`.
    pub fn covers_region(&self, region: &RegionCode) -> bool {
        match self.scope {
            Scope::All => true,
            Scope::OwnRegion => self.region.as_ref() == Some(region),
            Scope::OwnProvince => self.region.as_ref().is_some_and(|p| *p == region.province()),
            Scope::Invited | Scope::Own => false,
        }
    }

    /// Whether the grant reaches a case: its region's, or the partner region's of a KSDD
    /// case (which answers its own steps).
    pub fn covers_case(&self, case: &Case) -> bool {
        match self.scope {
            Scope::Invited => self.cases.contains(&case.id),
            _ => self.covers_region(&case.region_code) || case.partner_region().is_some_and(|r| self.covers_region(r)),
        }
    }

    /// Which Indonesian party of a case the actor acts for: the partner region only when
    /// the grant reaches the partner region of a KSDD case and not the case's own region.
    pub fn side_in(&self, case: &Case) -> Side {
        if !self.covers_region(&case.region_code) && case.partner_region().is_some_and(|r| self.covers_region(r)) {
            Side::PartnerRegion
        } else {
            Side::Region
        }
    }

    /// Whether the grant reaches an agreement: one of its Indonesian parties is in scope.
    pub fn covers_agreement(&self, agreement: &Agreement) -> bool {
        self.scope == Scope::All
            || agreement
                .parties
                .iter()
                .filter_map(|p| p.region_code.as_ref())
                .any(|r| self.covers_region(r))
    }

    /// Whether the grant reaches the account `user`.
    pub fn covers_user(&self, user: UserId) -> bool {
        self.scope == Scope::All || (self.scope == Scope::Own && self.user == Some(user))
    }

    /// The part of the registry this grant (of `registry.read`) shows.
    pub fn registry_visibility(&self) -> Visibility {
        match (self.role, &self.region) {
            (Role::System | Role::Administrator | Role::KemendagriReviewer | Role::KemluReviewer, _) => {
                Visibility::Everything
            }
            (Role::RegionalOfficer | Role::RegionalApprover, Some(r)) => Visibility::PublicAndRegion(r.clone()),
            (Role::ProvinceOfficer, Some(p)) => Visibility::PublicAndProvince(p.clone()),
            _ => Visibility::Public,
        }
    }

    /// The region a listing of cases or alerts is limited to, if any: `(region, province)`.
    pub fn region_limit(&self) -> (Option<RegionCode>, Option<RegionCode>) {
        match self.scope {
            Scope::OwnRegion => (self.region.clone(), None),
            Scope::OwnProvince => (None, self.region.clone()),
            _ => (None, None),
        }
    }

    /// Refuses unless `covered`; the message names the action, never the record's content.
    pub fn check(&self, covered: bool, what: &str) -> AppResult<()> {
        if covered {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!(
                "{} of {what} outside your scope ({})",
                self.action,
                scope_label(self.scope)
            )))
        }
    }
}

fn scope_label(scope: Scope) -> &'static str {
    match scope {
        Scope::All => "all",
        Scope::OwnRegion => "your region",
        Scope::OwnProvince => "your province",
        Scope::Invited => "what you were invited to",
        Scope::Own => "your own account",
    }
}

/// The grant of `action` to the context's actor, or 401 (anonymous) / 403 (signed in,
/// but the role may not; or an API token without the needed scope).
pub fn require(ctx: &Ctx, action: Action) -> AppResult<Grant> {
    let role = ctx.actor.role();
    let Some(scope) = jalin_domain::authz::scope(role, action) else {
        return Err(match ctx.actor {
            Actor::Anonymous => AppError::Unauthorized,
            _ => AppError::Forbidden(format!("role {role} may not {action}")),
        });
    };
    let user = ctx.actor.user();
    if let Some(limits) = user.and_then(|u| u.token_scopes.as_ref()) {
        let needed = action.token_scope();
        if !limits.contains(&needed) {
            return Err(AppError::Forbidden(format!(
                "this API token lacks the '{}' scope needed to {action}",
                serde_json::to_value(needed)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            )));
        }
    }
    Ok(Grant {
        action,
        scope,
        role,
        region: user.and_then(|u| u.region.clone()),
        user: user.map(|u| u.id),
        cases: user.map(|u| u.cases.clone()).unwrap_or_default(),
    })
}

/// [`require`], and the grant must reach everything: for operator tasks (reference data,
/// reindexing, known partnerships) named by an action that regions hold only in part.
pub fn require_all(ctx: &Ctx, action: Action) -> AppResult<Grant> {
    let grant = require(ctx, action)?;
    grant.check(grant.scope == Scope::All, "the whole installation")?;
    Ok(grant)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctx::UserActor;

    fn grant(role: Role, region: Option<&str>, action: Action) -> Option<Grant> {
        let scope = jalin_domain::authz::scope(role, action)?;
        Some(Grant {
            action,
            scope,
            role,
            region: region.map(|r| r.parse().unwrap()),
            user: Some(UserId::new()),
            cases: vec![],
        })
    }

    #[test]
    fn scopes_reach_their_regions_only() {
        let kukar: RegionCode = "64.02".parse().unwrap();
        let bandung: RegionCode = "32.73".parse().unwrap();
        let officer = grant(Role::RegionalOfficer, Some("64.02"), Action::CaseRead).unwrap();
        assert!(officer.covers_region(&kukar));
        assert!(!officer.covers_region(&bandung));
        let province = grant(Role::ProvinceOfficer, Some("64"), Action::CaseRead).unwrap();
        assert!(province.covers_region(&kukar));
        assert!(province.covers_region(&"64".parse().unwrap()));
        assert!(!province.covers_region(&bandung));
        let national = grant(Role::KemendagriReviewer, None, Action::CaseRead).unwrap();
        assert!(national.covers_region(&bandung));
        assert!(grant(Role::PartnerGuest, None, Action::CaseOpen).is_none());
    }

    #[test]
    fn token_scopes_limit_what_a_token_may_do() {
        let _ = UserActor {
            id: UserId::new(),
            name: "a".into(),
            role: Role::RegionalOfficer,
            region: None,
            cases: vec![],
            token_scopes: Some(vec![jalin_domain::account::TokenScope::Read]),
        };
        assert_eq!(Action::CaseRead.token_scope(), jalin_domain::account::TokenScope::Read);
        assert_eq!(
            Action::CaseTransition.token_scope(),
            jalin_domain::account::TokenScope::Write
        );
        assert_eq!(
            Action::UserManage.token_scope(),
            jalin_domain::account::TokenScope::Admin
        );
    }
}
