//! Who published an offer or a need, as the board shows it to everyone: the organisation
//! the account speaks for and the person's display name — never an e-mail address (the
//! audit trail keeps the account).

use super::Board;
use crate::AppResult;
use crate::ctx::Ctx;
use jalin_domain::role::Role;

/// The organisation an account of `role` speaks for; `region` is the name of the region
/// (or province) of a regional role.
fn organisation(role: Role, region: Option<String>) -> String {
    match role {
        Role::KemendagriReviewer => "Kementerian Dalam Negeri".to_owned(),
        Role::KemluReviewer => "Kementerian Luar Negeri".to_owned(),
        Role::Administrator => "Administrator Jalin".to_owned(),
        Role::PartnerGuest => "Tamu mitra luar negeri".to_owned(),
        Role::RegionalOfficer | Role::RegionalApprover | Role::ProvinceOfficer => {
            region.unwrap_or_else(|| "Pemerintah daerah".to_owned())
        }
        Role::System | Role::Public => "Jalin".to_owned(),
    }
}

/// `organisation — name`, leaving out a name that is an e-mail address (accounts created
/// without a name are named by their address).
pub(super) fn label(role: Role, region: Option<String>, name: Option<&str>) -> String {
    let organisation = organisation(role, region);
    match name.map(str::trim).filter(|n| !n.is_empty() && !n.contains('@')) {
        Some(n) => format!("{organisation} — {n}"),
        None => organisation,
    }
}

impl Board {
    /// The public label of the context's actor as a publisher.
    pub(super) async fn publisher_label(&self, ctx: &Ctx) -> AppResult<String> {
        let Some(actor) = ctx.actor.user() else {
            return Ok(label(ctx.actor.role(), None, None));
        };
        let name = {
            let mut tx = self.store.read().await?;
            tx.accounts().user(actor.id).await?.map(|u| u.name)
        };
        let region = actor.region.as_ref().map(|code| {
            self.reference()
                .region(code)
                .map(|r| r.name.clone())
                .unwrap_or_else(|| code.to_string())
        });
        Ok(label(actor.role, region, name.as_deref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_publisher_is_an_organisation_and_a_name_never_an_address() {
        assert_eq!(
            label(Role::RegionalOfficer, Some("Kota Surabaya".into()), Some("Sari")),
            "Kota Surabaya — Sari"
        );
        assert_eq!(
            label(Role::KemendagriReviewer, None, Some("pfk@kemendagri.go.id")),
            "Kementerian Dalam Negeri"
        );
        assert_eq!(label(Role::System, None, None), "Jalin");
    }
}
