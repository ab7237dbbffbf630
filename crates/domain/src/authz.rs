//! The authorization policy as data: which role may perform which action, and over what
//! scope. `docs/authorization.md` is rendered from this table; every API route names the
//! action it performs, and a test fails if a route has none.

use crate::code_enum::code_enum;
use crate::role::Role;
use serde::Serialize;

code_enum!(
    /// Something a person can do.
    Action {
        ReferenceRead = "reference.read",
        RegistryRead = "registry.read",
        RegistryWrite = "registry.write",
        RegistryImport = "registry.import",
        EligibilityEvaluate = "eligibility.evaluate",
        CaseOpen = "case.open",
        CaseRead = "case.read",
        CaseTransition = "case.transition",
        CaseDecide = "case.decide",
        AlertRead = "alert.read",
        DashboardRead = "dashboard.read",
        AuditReadCase = "audit.read_case",
        AuditReadUser = "audit.read_user",
        AuditVerify = "audit.verify",
        UserManage = "user.manage",
        TokenManageOwn = "token.manage_own",
        SessionOwn = "session.own",
        OpportunityOffer = "opportunity.offer",
        OpportunityNeed = "opportunity.need",
        EvaluationRead = "evaluation.read",
        EvaluationFill = "evaluation.fill",
        HealthRead = "health.read",
        RevivalTake = "revival.take",
        ReportRead = "report.read",
        ReportSubmit = "report.submit",
        ReportReview = "report.review",
        MonitoringWrite = "monitoring.write",
        RegistryVerify = "registry.verify",
        CalendarFeedOwn = "calendar_feed.own",
    }
);

impl Action {
    /// The API-token scope an action needs: reading, changing, or administering.
    pub fn token_scope(&self) -> crate::account::TokenScope {
        use crate::account::TokenScope;
        match self {
            Self::ReferenceRead
            | Self::RegistryRead
            | Self::EligibilityEvaluate
            | Self::CaseRead
            | Self::AlertRead
            | Self::DashboardRead
            | Self::AuditReadCase
            | Self::AuditReadUser
            | Self::SessionOwn
            | Self::EvaluationRead
            | Self::HealthRead
            | Self::ReportRead => TokenScope::Read,
            Self::AuditVerify | Self::UserManage => TokenScope::Admin,
            Self::RegistryWrite
            | Self::RegistryImport
            | Self::CaseOpen
            | Self::CaseTransition
            | Self::CaseDecide
            | Self::TokenManageOwn
            | Self::CalendarFeedOwn
            | Self::OpportunityOffer
            | Self::OpportunityNeed
            | Self::EvaluationFill
            | Self::RevivalTake
            | Self::ReportSubmit
            | Self::ReportReview
            | Self::MonitoringWrite
            | Self::RegistryVerify => TokenScope::Write,
        }
    }
}

/// Over what an allowed action reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Anything (public data, or national roles).
    All,
    /// Records of the user's own region.
    OwnRegion,
    /// Records of the user's province and of the kabupaten/kota in it.
    OwnProvince,
    /// Cases the user was invited to.
    Invited,
    /// The user's own account, sessions and tokens.
    Own,
}

use Action::*;
use Role::*;
use Scope::*;

/// The policy: one row per (role, action) that is allowed; absent means forbidden.
pub static POLICY: &[(Role, Action, Scope)] = &[
    // Everyone, signed in or not.
    (Public, ReferenceRead, All),
    (Public, RegistryRead, All),
    (Public, EligibilityEvaluate, All),
    // Regional cooperation officers: their region.
    (RegionalOfficer, ReferenceRead, All),
    (RegionalOfficer, RegistryRead, All),
    (RegionalOfficer, RegistryWrite, OwnRegion),
    (RegionalOfficer, EligibilityEvaluate, All),
    (RegionalOfficer, CaseOpen, OwnRegion),
    (RegionalOfficer, CaseRead, OwnRegion),
    (RegionalOfficer, CaseTransition, OwnRegion),
    (RegionalOfficer, AlertRead, OwnRegion),
    (RegionalOfficer, AuditReadCase, OwnRegion),
    (RegionalOfficer, AuditReadUser, Own),
    (RegionalOfficer, TokenManageOwn, Own),
    (RegionalOfficer, SessionOwn, Own),
    (RegionalOfficer, OpportunityNeed, OwnRegion),
    // Regional approvers (head of region, secretary): their region.
    (RegionalApprover, ReferenceRead, All),
    (RegionalApprover, RegistryRead, All),
    (RegionalApprover, RegistryWrite, OwnRegion),
    (RegionalApprover, EligibilityEvaluate, All),
    (RegionalApprover, CaseOpen, OwnRegion),
    (RegionalApprover, CaseRead, OwnRegion),
    (RegionalApprover, CaseTransition, OwnRegion),
    (RegionalApprover, AlertRead, OwnRegion),
    (RegionalApprover, AuditReadCase, OwnRegion),
    (RegionalApprover, AuditReadUser, Own),
    (RegionalApprover, TokenManageOwn, Own),
    (RegionalApprover, SessionOwn, Own),
    (RegionalApprover, OpportunityNeed, OwnRegion),
    // Province officers (the Governor as central-government representative).
    (ProvinceOfficer, ReferenceRead, All),
    (ProvinceOfficer, RegistryRead, All),
    (ProvinceOfficer, RegistryWrite, OwnProvince),
    (ProvinceOfficer, EligibilityEvaluate, All),
    (ProvinceOfficer, CaseRead, OwnProvince),
    (ProvinceOfficer, CaseTransition, OwnProvince),
    (ProvinceOfficer, AlertRead, OwnProvince),
    (ProvinceOfficer, DashboardRead, OwnProvince),
    (ProvinceOfficer, AuditReadCase, OwnProvince),
    (ProvinceOfficer, AuditReadUser, Own),
    (ProvinceOfficer, TokenManageOwn, Own),
    (ProvinceOfficer, SessionOwn, Own),
    (ProvinceOfficer, OpportunityNeed, OwnProvince),
    // Kemendagri (Pusat Fasilitasi Kerja Sama): national.
    (KemendagriReviewer, ReferenceRead, All),
    (KemendagriReviewer, RegistryRead, All),
    (KemendagriReviewer, RegistryWrite, All),
    (KemendagriReviewer, EligibilityEvaluate, All),
    (KemendagriReviewer, CaseRead, All),
    (KemendagriReviewer, CaseTransition, All),
    (KemendagriReviewer, CaseDecide, All),
    (KemendagriReviewer, AlertRead, All),
    (KemendagriReviewer, DashboardRead, All),
    (KemendagriReviewer, AuditReadCase, All),
    (KemendagriReviewer, AuditReadUser, Own),
    (KemendagriReviewer, TokenManageOwn, Own),
    (KemendagriReviewer, SessionOwn, Own),
    // Offers are published on behalf of foreign partners, embassies and programmes.
    (KemendagriReviewer, OpportunityOffer, All),
    // Kemendagri verifies registry records made outside Jalin (issue 12).
    (KemendagriReviewer, RegistryVerify, All),
    // Kemlu: national reading; its own procedure steps and attestations.
    (KemluReviewer, ReferenceRead, All),
    (KemluReviewer, RegistryRead, All),
    (KemluReviewer, EligibilityEvaluate, All),
    (KemluReviewer, CaseRead, All),
    (KemluReviewer, CaseTransition, All),
    (KemluReviewer, CaseDecide, All),
    (KemluReviewer, AlertRead, All),
    (KemluReviewer, DashboardRead, All),
    (KemluReviewer, AuditReadCase, All),
    (KemluReviewer, AuditReadUser, Own),
    (KemluReviewer, TokenManageOwn, Own),
    (KemluReviewer, SessionOwn, Own),
    (KemluReviewer, OpportunityOffer, All),
    // Foreign-partner guests: the cases they were invited to, read only.
    (PartnerGuest, ReferenceRead, All),
    (PartnerGuest, RegistryRead, All),
    (PartnerGuest, CaseRead, Invited),
    (PartnerGuest, SessionOwn, Own),
    // A partner guest speaks for no organisation Jalin has checked: it publishes nothing on
    // the opportunity board (issue 13); Kemendagri or Kemlu publish offers on its behalf.
    // Administrators run the installation.
    (Administrator, ReferenceRead, All),
    (Administrator, RegistryRead, All),
    (Administrator, RegistryWrite, All),
    (Administrator, RegistryImport, All),
    (Administrator, EligibilityEvaluate, All),
    (Administrator, CaseRead, All),
    (Administrator, AlertRead, All),
    (Administrator, DashboardRead, All),
    (Administrator, AuditReadCase, All),
    (Administrator, AuditReadUser, All),
    (Administrator, AuditVerify, All),
    (Administrator, UserManage, All),
    (Administrator, TokenManageOwn, Own),
    (Administrator, SessionOwn, Own),
    (Administrator, OpportunityOffer, All),
    (Administrator, RegistryVerify, All),
    // Jalin itself (timers, imports by the operator).
    (System, ReferenceRead, All),
    (System, RegistryRead, All),
    (System, RegistryWrite, All),
    (System, RegistryImport, All),
    (System, EligibilityEvaluate, All),
    (System, CaseOpen, All),
    (System, CaseRead, All),
    (System, CaseTransition, All),
    (System, AlertRead, All),
    (System, AuditReadCase, All),
    (System, AuditReadUser, All),
    (System, AuditVerify, All),
    (System, UserManage, All),
    (System, OpportunityOffer, All),
    (System, OpportunityNeed, All),
    // Monitoring: the two-sided evaluation, health and dormancy (issue 12). Regions see the
    // dashboard of their own region; a partner guest fills the evaluation of the agreements
    // it was invited to evaluate.
    (RegionalOfficer, DashboardRead, OwnRegion),
    (RegionalApprover, DashboardRead, OwnRegion),
    (RegionalOfficer, EvaluationRead, OwnRegion),
    (RegionalOfficer, EvaluationFill, OwnRegion),
    (RegionalOfficer, HealthRead, OwnRegion),
    (RegionalOfficer, RevivalTake, OwnRegion),
    (RegionalApprover, EvaluationRead, OwnRegion),
    (RegionalApprover, EvaluationFill, OwnRegion),
    (RegionalApprover, HealthRead, OwnRegion),
    (RegionalApprover, RevivalTake, OwnRegion),
    (ProvinceOfficer, EvaluationRead, OwnProvince),
    (ProvinceOfficer, HealthRead, OwnProvince),
    (ProvinceOfficer, RevivalTake, OwnProvince),
    (KemendagriReviewer, EvaluationRead, All),
    (KemendagriReviewer, HealthRead, All),
    (KemendagriReviewer, RevivalTake, All),
    (KemluReviewer, EvaluationRead, All),
    (KemluReviewer, HealthRead, All),
    (PartnerGuest, EvaluationRead, Invited),
    (PartnerGuest, EvaluationFill, Invited),
    (Administrator, EvaluationRead, All),
    (Administrator, HealthRead, All),
    (System, EvaluationRead, All),
    (System, EvaluationFill, All),
    (System, HealthRead, All),
    (System, RevivalTake, All),
    // Reports on agreements (Permendagri 25/2020 Pasal 35–39, Permendagri 22/2020 Pasal 17, 39):
    // a region drafts and submits its own; the province reviews its kabupaten/kota's reports
    // (and submits its own), Kemendagri reviews the provinces' (and may review any).
    (RegionalOfficer, ReportRead, OwnRegion),
    (RegionalOfficer, ReportSubmit, OwnRegion),
    (RegionalApprover, ReportRead, OwnRegion),
    (RegionalApprover, ReportSubmit, OwnRegion),
    (ProvinceOfficer, ReportRead, OwnProvince),
    (ProvinceOfficer, ReportSubmit, OwnRegion),
    (ProvinceOfficer, ReportReview, OwnProvince),
    (KemendagriReviewer, ReportRead, All),
    (KemendagriReviewer, ReportReview, All),
    (Administrator, ReportRead, All),
    (System, ReportRead, All),
    (System, ReportSubmit, All),
    (System, ReportReview, All),
    // Action plans, activities and official travel of an agreement: the regions party to
    // it (the province for its kabupaten/kota); administrators for corrections.
    (RegionalOfficer, MonitoringWrite, OwnRegion),
    (RegionalApprover, MonitoringWrite, OwnRegion),
    (ProvinceOfficer, MonitoringWrite, OwnProvince),
    (Administrator, MonitoringWrite, All),
    (System, MonitoringWrite, All),
    // Regions import the agreements they already have (the web page's upload), adding only:
    // each row must have one of the caller's regions among its Indonesian parties.
    (RegionalOfficer, RegistryImport, OwnRegion),
    (RegionalApprover, RegistryImport, OwnRegion),
    (ProvinceOfficer, RegistryImport, OwnProvince),
    // Calendar feeds of deadlines (ADR 0016): every signed-in role that follows deadlines
    // manages its own feeds; a feed shows what its owner may read.
    (RegionalOfficer, CalendarFeedOwn, Own),
    (RegionalApprover, CalendarFeedOwn, Own),
    (ProvinceOfficer, CalendarFeedOwn, Own),
    (KemendagriReviewer, CalendarFeedOwn, Own),
    (KemluReviewer, CalendarFeedOwn, Own),
    (Administrator, CalendarFeedOwn, Own),
];

/// The scope over which `role` may perform `action`, if at all.
pub fn scope(role: Role, action: Action) -> Option<Scope> {
    POLICY
        .iter()
        .find(|(r, a, _)| *r == role && *a == action)
        .map(|(_, _, s)| *s)
}

/// `docs/authorization.md`: the policy as a role × action matrix.
pub fn render_markdown() -> String {
    use std::fmt::Write;
    let roles = Role::ALL;
    let mut out = String::from(
        "# Authorization policy\n\nGenerated from `crates/domain/src/authz.rs` (a test keeps this file current).\n\
         Cells give the scope over which a role may perform an action; empty means forbidden.\n\
         `all` = national or public data; `own_region` = the user's region; `own_province` = the user's province\n\
         and the kabupaten/kota in it; `invited` = cases (and agreements to evaluate) the guest was invited to; `own` = the user's own account.\n\
         Procedure steps are further limited by the roles each step names (docs/procedure.md), and\n\
         requirement attestations and waivers by the roles each rule names. A KSDD case is also\n\
         its partner region's (and that region's province's): the `own_region` and `own_province` scopes of\n\
         the `case.*` actions reach it, and the partner region's officers take only the steps marked for the\n\
         partner region.\n\n\
         The opportunity board speaks for organisations, so only accounts entitled to speak for one\n\
         publish on it: offers by Kemendagri and Kemlu reviewers and administrators (on behalf of\n\
         the embassy, partner or programme, after checking who it is), needs by a region's officers\n\
         for their region (a province officer for the province and its kabupaten/kota). A partner\n\
         guest was invited to one case and speaks for no organisation Jalin has checked, so it\n\
         publishes neither offers nor needs: the alerts an offer raises in every fitting region\n\
         must not be in a stranger's hands. Offers and needs show their publisher as organisation\n\
         and display name (`created_by`), never an e-mail address.\n\n\
         Administrators: the last active administrator can be neither deactivated nor given\n\
         another role (409 `last_administrator`, from the API and the command line alike).\n\n| action |",
    );
    for r in roles {
        let _ = write!(out, " {} |", r.as_str());
    }
    out.push_str("\n|---|");
    for _ in roles {
        out.push_str("---|");
    }
    out.push('\n');
    for a in Action::ALL {
        let _ = write!(out, "| `{}` |", a.as_str());
        for r in roles {
            let cell = match scope(*r, *a) {
                None => String::new(),
                Some(s) => serde_json::to_value(s)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            };
            let _ = write!(out, " {cell} |");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_action_pair_appears_once() {
        let mut seen = std::collections::BTreeSet::new();
        for (r, a, _) in POLICY {
            assert!(seen.insert((*r, *a)), "{r} {a} twice");
        }
    }

    #[test]
    fn the_public_can_only_read() {
        for (r, a, _) in POLICY {
            if *r == Role::Public {
                assert!(matches!(
                    a,
                    Action::ReferenceRead | Action::RegistryRead | Action::EligibilityEvaluate
                ));
            }
        }
    }

    #[test]
    fn only_accounts_that_speak_for_an_organisation_publish_on_the_board() {
        for role in [Role::Public, Role::PartnerGuest] {
            assert_eq!(scope(role, Action::OpportunityOffer), None, "{role}");
            assert_eq!(scope(role, Action::OpportunityNeed), None, "{role}");
        }
    }

    #[test]
    fn the_authorization_doc_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/authorization.md");
        let rendered = render_markdown();
        if std::env::var("JALIN_UPDATE_DOCS").is_ok() {
            std::fs::write(&path, &rendered).unwrap();
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == rendered,
            "docs/authorization.md is stale: run JALIN_UPDATE_DOCS=1 cargo test -p jalin-domain"
        );
    }
}
