//! Who may see and act on what, by role and region. (Issue 4 renders the full policy.)

use crate::ctx::Actor;
use jalin_domain::case::Case;
use jalin_domain::codes::RegionCode;
use jalin_domain::role::Role;

/// Whether the actor may see the case at all.
pub fn may_see_case(actor: &Actor, case: &Case) -> bool {
    match actor {
        Actor::System(_) => true,
        Actor::Anonymous => false,
        Actor::User(u) => match u.role {
            Role::Administrator | Role::KemendagriReviewer | Role::KemluReviewer | Role::System => true,
            Role::RegionalOfficer | Role::RegionalApprover => u.region.as_ref() == Some(&case.region_code),
            Role::ProvinceOfficer => u.region.as_ref() == Some(&case.province_code),
            Role::PartnerGuest => u.cases.contains(&case.id),
            Role::Public => false,
        },
    }
}

/// Whether the actor may open a case for `region`.
pub fn may_open_case(actor: &Actor, region: &RegionCode) -> bool {
    match actor {
        Actor::System(_) => true,
        Actor::Anonymous => false,
        Actor::User(u) => match u.role {
            Role::RegionalOfficer | Role::RegionalApprover => u.region.as_ref() == Some(region),
            Role::Administrator => true,
            _ => false,
        },
    }
}
