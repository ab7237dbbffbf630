//! Authorization over HTTP: every route has a policy, and every role meets every protected
//! route with the expected outcome (allowed → 2xx, forbidden → 403, anonymous → 401) while
//! no response to a regional user ever carries another region's non-public data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_app::cases::CaseInput;
use jalin_app::ctx::{Actor, UserActor};
use jalin_domain::agreement::PartyInput;
use jalin_domain::eligibility::Declarations;
use jalin_domain::role::Role;
use jalin_web::policy::Access;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Text that only the region it belongs to (and national roles) may ever see.
const BANDUNG_SECRET: &str = "RAHASIA-BANDUNG";
const KUKAR_SECRET: &str = "RAHASIA-KUKAR";

#[tokio::test]
async fn every_route_has_a_policy_and_every_policy_a_route() {
    let doc: Value = serde_json::from_str(&jalin_web::api::docs::openapi_json()).unwrap();
    let mut api: BTreeSet<(String, String)> = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            api.insert((method.to_uppercase(), path.clone()));
        }
    }
    // The guard's table, read from the registrations (the handlers' annotations and the
    // page router).
    let table: BTreeSet<(String, String)> = jalin_web::policy::table()
        .iter()
        .map(|r| (r.method.to_string(), r.path.clone()))
        .collect();
    let missing: Vec<_> = api.difference(&table).collect();
    assert!(
        missing.is_empty(),
        "API routes without an authorization policy: {missing:?}"
    );
    let documented_elsewhere: BTreeSet<(String, String)> = jalin_web::policy::page_routes()
        .map(|(m, p)| (m.to_owned(), p.to_owned()))
        .collect();
    let stale: Vec<_> = table
        .difference(&api)
        .filter(|r| !documented_elsewhere.contains(*r) && r.1 != "/api/openapi.json" && r.1 != "/api/docs")
        .collect();
    assert!(stale.is_empty(), "policies for routes that do not exist: {stale:?}");
}

#[tokio::test]
async fn unknown_methods_and_unlisted_routes_are_not_served() {
    jalin_testkit::each_backend(|db| async move {
        let s = Server::start(&db).await;
        // A method the route does not have.
        let (status, body) = s.call(Method::DELETE, "/api/v1/cases", Some(&s.admin), None).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
        let (status, _) = s.call(Method::GET, "/api/v1/nothing-here", Some(&s.admin), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // Every page route answers an anonymous GET: the page, or (protected pages) a
        // redirect to the sign-in page — never a policy refusal.
        for (method, route) in jalin_web::policy::page_routes() {
            if method == "GET" && !route.contains('{') {
                let r = s.client.get(format!("{}{route}", s.base)).send().await.unwrap();
                let status = r.status();
                let location = r
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                assert!(
                    status.is_success() || (status == StatusCode::SEE_OTHER && location.starts_with("/login?next=")),
                    "{route}: {status} {location}"
                );
            }
        }
    })
    .await;
}

fn kukar_case(title: &str) -> CaseInput {
    CaseInput {
        form: Some("KSDPL".into()),
        subtype: Some("sister_city".into()),
        region_code: Some("64.02".into()),
        partner: Some(PartyInput {
            geonameid: Some(1_859_307),
            ..Default::default()
        }),
        title_id: Some(title.into()),
        objects: vec!["cultural_exchange".into()],
        fields: vec!["2.11".into()],
        declarations: Declarations {
            opens_representative_office: Some(false),
            complementarity: Some("Lingkungan dan pariwisata".into()),
            people_to_people: Some("Pertukaran pelajar".into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn bandung_case(title: &str) -> CaseInput {
    CaseInput {
        region_code: Some("32.73".into()),
        partner: Some(PartyInput {
            geonameid: Some(1_835_553), // Suwon
            ..Default::default()
        }),
        ..kukar_case(title)
    }
}

/// The agreement body of the registry API.
fn agreement(region: &str, status: &str, title: &str, expires_on: &str) -> Value {
    json!({
        "form": "KSDPL",
        "subtype": "sister_city",
        "tier": "mou",
        "status": status,
        "title_id": title,
        "parties": [{"region_code": region}, {"geonameid": 1859307}],
        "objects": ["cultural_exchange"],
        "fields": ["2.11"],
        "signed_on": if status == "in_force" { json!("2022-01-10") } else { Value::Null },
        "expires_on": if status == "in_force" { json!(expires_on) } else { Value::Null },
    })
}

/// An offer of the opportunity board.
fn board_offer(title: &str) -> jalin_domain::opportunity::OfferInput {
    jalin_domain::opportunity::OfferInput {
        publisher_kind: Some("embassy".into()),
        publisher_name: Some("Embassy of Japan".into()),
        country: Some("JP".into()),
        title_id: Some(title.into()),
        fields: Some(vec!["2.11".into()]),
        deadline: Some("2027-06-30".into()),
        contact: Some("embassy@japan.example".into()),
        ..Default::default()
    }
}

/// A need of Kutai Kartanegara.
fn kukar_need(title: &str) -> jalin_domain::opportunity::NeedInput {
    jalin_domain::opportunity::NeedInput {
        region_code: Some("64.02".into()),
        title: Some(title.into()),
        fields: Some(vec!["2.11".into()]),
        ..Default::default()
    }
}

/// What a role should meet on one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// 2xx.
    Ok,
    /// 401 (anonymous on a protected route).
    SignIn,
    /// 403.
    Forbidden,
    /// 404: the record is hidden from this caller (drafts of other regions).
    Hidden,
    /// 409 `refused`: the policy allows the action but the procedure step names other roles.
    Refused,
    /// 409 `refused` for any procedural reason (the case may have moved on).
    RefusedAny,
}

struct Caller {
    name: &'static str,
    role: Option<Role>,
    region: Option<&'static str>,
    token: Option<String>,
    user_id: String,
}

/// A family of routes: the routes that one rule of the authorization matrix covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// The signed-in session (`/auth/me`, `/auth/logout`).
    Session,
    /// Reference data (here: SDG suggestions from text).
    Reference,
    /// Registry writes: partners, agreements, activities, SDG decisions.
    RegistryWrite,
    Eligibility,
    CaseOpen,
    /// Case lists, cases, their documents' files.
    CaseRead,
    /// Procedure steps and the files they carry.
    CaseTransition,
    /// Requirement decisions (attestations, waivers).
    CaseDecide,
    CaseAudit,
    Alerts,
    /// Accounts and guest invitations.
    UsersAdmin,
    /// A user's audit trail.
    UserAudit,
    /// API tokens.
    Tokens,
    AuditVerify,
    /// Publishing and closing offers on the opportunity board.
    BoardOffer,
    /// Publishing and closing a region's needs on the opportunity board.
    BoardNeed,
    /// The dashboard (a page): national, a province's, or a region's own.
    Dashboard,
    /// Reading evaluation rounds.
    EvaluationRead,
    /// Opening rounds, filing a side, inviting the partner to evaluate.
    EvaluationFill,
    /// An agreement's health; dormant lists.
    HealthRead,
    /// Taking a revival prompt.
    RevivalTake,
    /// Reading reports, report status and monitoring visits.
    ReportRead,
    /// Drafting, editing and submitting a region's reports.
    ReportSubmit,
    /// Reviewing reports and recording monitoring visits.
    ReportReview,
    /// Action plans, activities, evidence, travel and trip reports of an agreement.
    MonitoringWrite,
    /// Kemendagri's verification of registry records.
    RegistryVerify,
    /// The caller's own calendar feeds of deadlines.
    CalendarFeeds,
}

/// What a role meets on a family of routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// Allowed.
    Yes,
    /// 403.
    No,
    /// 401: sign in first.
    Auth,
    /// Allowed on records of the caller's region (a province officer: of the province and
    /// its kabupaten/kota), 403 elsewhere.
    Scoped,
    /// Allowed on the case the guest was invited to, 403 on others.
    Invited,
    /// Allowed on the caller's own account, tokens and offers, 403 on others'.
    Own,
}

/// The columns of [`MATRIX`]: anonymous, then every role a person can sign in with.
const COLUMNS: [Option<Role>; 8] = [
    None,
    Some(Role::RegionalOfficer),
    Some(Role::RegionalApprover),
    Some(Role::ProvinceOfficer),
    Some(Role::KemendagriReviewer),
    Some(Role::KemluReviewer),
    Some(Role::PartnerGuest),
    Some(Role::Administrator),
];

/// The expected authorization matrix, written by hand. It must never be computed from the
/// policy the guard reads (`jalin_domain::authz::POLICY`, the routes' declared actions): a
/// wrong entry there has to fail this test. Procedure steps restrict further (see
/// `transition_expect`).
#[rustfmt::skip]
const MATRIX: &[(Family, [Cell; 8])] = {
    use Cell::*;
    &[
        //                          anon  officer approver province kemendagri kemlu guest    admin
        (Family::Session,         [Auth, Yes,    Yes,     Yes,     Yes,       Yes,  Yes,     Yes]),
        (Family::Reference,       [Yes,  Yes,    Yes,     Yes,     Yes,       Yes,  Yes,     Yes]),
        (Family::RegistryWrite,   [Auth, Scoped, Scoped,  Scoped,  Yes,       No,   No,      Yes]),
        (Family::Eligibility,     [Yes,  Yes,    Yes,     Yes,     Yes,       Yes,  No,      Yes]),
        (Family::CaseOpen,        [Auth, Scoped, Scoped,  No,      No,        No,   No,      No ]),
        (Family::CaseRead,        [Auth, Scoped, Scoped,  Scoped,  Yes,       Yes,  Invited, Yes]),
        (Family::CaseTransition,  [Auth, Scoped, Scoped,  Scoped,  Yes,       Yes,  No,      No ]),
        (Family::CaseDecide,      [Auth, No,     No,      No,      Yes,       Yes,  No,      No ]),
        (Family::CaseAudit,       [Auth, Scoped, Scoped,  Scoped,  Yes,       Yes,  No,      Yes]),
        (Family::Alerts,          [Auth, Scoped, Scoped,  Scoped,  Yes,       Yes,  No,      Yes]),
        (Family::UsersAdmin,      [Auth, No,     No,      No,      No,        No,   No,      Yes]),
        (Family::UserAudit,       [Auth, Own,    Own,     Own,     Own,       Own,  No,      Yes]),
        (Family::Tokens,          [Auth, Own,    Own,     Own,     Own,       Own,  No,      Own]),
        (Family::AuditVerify,     [Auth, No,     No,      No,      No,        No,   No,      Yes]),
        // A partner guest publishes nothing on the board (issue 13).
        (Family::BoardOffer,      [Auth, No,     No,      No,      Yes,       Yes,  No,      Yes]),
        (Family::BoardNeed,       [Auth, Scoped, Scoped,  Scoped,  No,        No,   No,      No ]),
        (Family::EvaluationRead,  [Auth, Scoped, Scoped,  Scoped,  Yes,       Yes,  Invited, Yes]),
        (Family::EvaluationFill,  [Auth, Scoped, Scoped,  No,      No,        No,   Invited, No ]),
        (Family::HealthRead,      [Auth, Scoped, Scoped,  Scoped,  Yes,       Yes,  No,      Yes]),
        (Family::RevivalTake,     [Auth, Scoped, Scoped,  Scoped,  Yes,       No,   No,      No ]),
        (Family::Dashboard,       [Auth, Scoped, Scoped,  Scoped,  Yes,       Yes,  No,      Yes]),
        (Family::ReportRead,      [Auth, Scoped, Scoped,  Scoped,  Yes,       No,   No,      Yes]),
        // A province submits its own reports only; the probes touch a kabupaten's.
        (Family::ReportSubmit,    [Auth, Scoped, Scoped,  No,      No,        No,   No,      No ]),
        (Family::ReportReview,    [Auth, No,     No,      Scoped,  Yes,       No,   No,      No ]),
        (Family::MonitoringWrite, [Auth, Scoped, Scoped,  Scoped,  No,        No,   No,      Yes]),
        (Family::RegistryVerify,  [Auth, No,     No,      No,      Yes,       No,   No,      Yes]),
        (Family::CalendarFeeds,   [Auth, Own,    Own,     Own,     Own,       Own,  No,      Own]),
    ]
};

/// What a probe touches.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// Nothing bound to a region or a person (lists, new records without a region).
    Any,
    /// A record of a region.
    Region(&'static str),
    /// A case of a region, and whether the guest was invited to it.
    Case(&'static str, bool),
    /// The caller's own account, tokens or offers.
    Own,
    /// Someone else's.
    Others,
}

/// What `caller` should meet on a route of `family` touching `target`, from [`MATRIX`].
fn expected(caller: &Caller, family: Family, target: Target) -> Expect {
    let column = COLUMNS
        .iter()
        .position(|r| *r == caller.role)
        .expect("a role of the matrix");
    let row = MATRIX
        .iter()
        .find(|(f, _)| *f == family)
        .expect("a family of the matrix");
    let allowed = |yes: bool| if yes { Expect::Ok } else { Expect::Forbidden };
    match row.1[column] {
        Cell::Yes => Expect::Ok,
        Cell::No => Expect::Forbidden,
        Cell::Auth => Expect::SignIn,
        Cell::Scoped => match target {
            Target::Region(r) | Target::Case(r, _) => allowed(in_reach(caller, r)),
            Target::Any | Target::Own | Target::Others => Expect::Ok,
        },
        Cell::Invited => allowed(matches!(target, Target::Any | Target::Case(_, true))),
        Cell::Own => allowed(!matches!(target, Target::Others)),
    }
}

/// Whether a record of `region` lies in the caller's region (or province).
fn in_reach(caller: &Caller, region: &str) -> bool {
    caller
        .region
        .is_some_and(|own| region == own || region.starts_with(&format!("{own}.")))
}

fn matches(expect: Expect, status: StatusCode, body: &str) -> bool {
    match expect {
        Expect::Ok => status.is_success(),
        Expect::SignIn => status == StatusCode::UNAUTHORIZED,
        Expect::Forbidden => status == StatusCode::FORBIDDEN,
        Expect::Hidden => status == StatusCode::NOT_FOUND,
        Expect::Refused => status == StatusCode::CONFLICT && body.contains("role_not_allowed"),
        Expect::RefusedAny => status == StatusCode::CONFLICT && body.contains("\"refused\""),
    }
}

#[tokio::test]
async fn each_role_meets_each_protected_route_as_the_policy_says() {
    jalin_testkit::each_backend(|db| async move {
        let s = Server::start(&db).await;
        let app = s.app.clone();
        let system = app.system_ctx("test");

        // Cases of two regions, with non-public titles.
        let case_a = app.cases.open_case(&system, &kukar_case(&format!("Kasus {KUKAR_SECRET}"))).await.unwrap();
        let case_b = app.cases.open_case(&system, &bandung_case(&format!("Kasus {BANDUNG_SECRET}"))).await.unwrap();
        let case_a_id = case_a.case.id.to_string();
        let case_b_id = case_b.case.id.to_string();

        // Registry: drafts (non-public) of both regions, and signed agreements of both that
        // expire soon (public, but their alerts belong to their regions).
        let (st, draft_b) = s
            .send(Method::POST, "/api/v1/agreements", &agreement("32.73", "draft", &format!("Draf {BANDUNG_SECRET}"), ""), None)
            .await;
        assert_eq!(st, StatusCode::CREATED, "{draft_b}");
        let (st, draft_a) = s
            .send(Method::POST, "/api/v1/agreements", &agreement("64.02", "draft", &format!("Draf {KUKAR_SECRET}"), ""), None)
            .await;
        assert_eq!(st, StatusCode::CREATED, "{draft_a}");
        let (st, signed_a) = s
            .send(Method::POST, "/api/v1/agreements", &agreement("64.02", "in_force", "Kukar–Kitakyushu", "2026-12-20"), None)
            .await;
        assert_eq!(st, StatusCode::CREATED, "{signed_a}");
        let (st, signed_b) = s
            .send(Method::POST, "/api/v1/agreements", &agreement("32.73", "in_force", "Bandung–Kitakyushu", "2026-12-21"), None)
            .await;
        assert_eq!(st, StatusCode::CREATED, "{signed_b}");
        // A document with a file on the Kukar case.
        let kukar_officer = s.token_for("officer_kukar@jalin.test", "regional_officer", Some("64.02")).await;
        let upload = s
            .client
            .post(format!("{}/api/v1/cases/{case_a_id}/files?filename=surat.txt", s.base))
            .bearer_auth(&kukar_officer)
            .body(format!("Surat minat {KUKAR_SECRET}"))
            .send()
            .await
            .unwrap();
        assert_eq!(upload.status(), StatusCode::CREATED);
        let file: Value = upload.json().await.unwrap();
        let (st, moved) = s
            .call(
                Method::POST,
                &format!("/api/v1/cases/{case_a_id}/transitions"),
                Some(&kukar_officer),
                Some(&json!({"transition": "mulai_penjajakan", "documents": [{"kind": "surat_minat", "file": file["sha256"]}]})),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{moved}");
        let doc_id = moved["documents"][0]["id"].as_str().unwrap().to_owned();
        let timers = app.cases.run_timers().await.unwrap();
        assert!(timers.alerts_raised >= 2, "expiry alerts for both regions: {timers:?}");
        // Implementation records of the signed Kukar agreement: an activity with evidence.
        let signed_a_id = signed_a["id"].as_str().unwrap().to_owned();
        let evidence_activity = app
            .monitoring
            .record_activity(&system, &signed_a_id, &jalin_domain::monitoring::activity::ActivityInput {
                occurred_on: Some("2026-10-01".into()),
                title: Some("Rapat kelompok kerja".into()),
                ..Default::default()
            })
            .await
            .unwrap()
            .id
            .to_string();
        let evidence = app
            .monitoring
            .add_evidence(&system, &signed_a_id, &evidence_activity, b"Notulen rapat", "notulen.txt")
            .await
            .unwrap()
            .sha256;

        // The callers.
        let mut callers = vec![Caller { name: "anonymous", role: None, region: None, token: None, user_id: String::new() }];
        for (name, role, region) in [
            ("officer_kukar", Role::RegionalOfficer, Some("64.02")),
            ("approver_kukar", Role::RegionalApprover, Some("64.02")),
            ("province_kaltim", Role::ProvinceOfficer, Some("64")),
            ("officer_bandung", Role::RegionalOfficer, Some("32.73")),
            ("kemendagri", Role::KemendagriReviewer, None),
            ("kemlu", Role::KemluReviewer, None),
            ("guest", Role::PartnerGuest, None),
            ("administrator", Role::Administrator, None),
        ] {
            let email = format!("{name}@jalin.test");
            let token = s.token_for(&email, role.as_str(), region).await;
            let user = app.accounts.get_user(&system, &email).await.unwrap();
            callers.push(Caller { name, role: Some(role), region, token: Some(token), user_id: user.id.to_string() });
        }
        app.accounts.invite_guest(&system, "guest@jalin.test", &case_a_id).await.unwrap();
        let signed_a_id = signed_a["id"].as_str().unwrap().to_owned();
        let signed_b_id = signed_b["id"].as_str().unwrap().to_owned();
        app.accounts
            .invite_evaluation_guest(&system, &signed_a_id, "guest@jalin.test", None, "http://jalin.test")
            .await
            .unwrap();

        let mut covered: BTreeSet<(&str, &str)> = BTreeSet::new();
        let mut failures = Vec::new();
        let mut serial = 0;
        for caller in &callers {
            let token = caller.token.as_deref();
            // Requests that change things get fresh targets so that callers do not disturb
            // each other.
            serial += 1;
            let fresh_case = app.cases.open_case(&system, &kukar_case("Kasus baru")).await.unwrap().case.id.to_string();
            // A spare token of the caller's own, when the caller may have tokens at all (else
            // an id that names nothing).
            let own_token = match caller.role {
                Some(_) => {
                    let actor = app.accounts.act_as(&format!("{}@jalin.test", caller.name)).await.unwrap();
                    let ctx = app.ctx(Actor::User(UserActor { token_scopes: None, ..actor }), "t");
                    app.accounts.create_token(&ctx, None, "spare", &[jalin_domain::account::TokenScope::Read], None)
                        .await
                        .ok()
                        .map(|(token, _)| token.id.to_string())
                }
                None => None,
            }
            .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
            // The opportunity board: an offer and a Kukar need to close.
            let fresh_offer = app
                .board.publish_offer(&system, &board_offer(&format!("Tawaran {serial}")))
                .await
                .unwrap()
                .id
                .to_string();
            let fresh_need = app
                .board.publish_need(&system, &kukar_need(&format!("Kebutuhan {serial}")))
                .await
                .unwrap()
                .id
                .to_string();
            // The offer was published by Jalin itself, not by the caller.
            let close_offer_expect = expected(caller, Family::BoardOffer, Target::Others);
            let throwaway = format!("throwaway{serial}@jalin.test");
            s.token_for(&throwaway, "regional_officer", Some("64.02")).await;
            let throwaway_id = app.accounts.get_user(&system, &throwaway).await.unwrap().id.to_string();
            let other_user = callers.iter().find(|c| c.name == "officer_bandung").unwrap().user_id.clone();

            let transition_expect = match expected(caller, Family::CaseTransition, Target::Case("64.02", true)) {
                Expect::Ok if !matches!(caller.role, Some(Role::RegionalOfficer | Role::RegionalApprover)) => Expect::Refused,
                other => other,
            };
            let me_expect = expected(caller, Family::Session, Target::Own);
            let own_audit = expected(caller, Family::UserAudit, Target::Own);
            let others_audit = expected(caller, Family::UserAudit, Target::Others);
            let case_read = |case_region: &'static str, invited: bool| {
                expected(caller, Family::CaseRead, Target::Case(case_region, invited))
            };
            let registry_write = expected(caller, Family::RegistryWrite, Target::Region("64.02"));
            let monitoring_write = expected(caller, Family::MonitoringWrite, Target::Region("64.02"));
            // A plan item to change and one to delete, and a trip back from abroad to report on.
            let plan_input = jalin_domain::monitoring::plan::PlanItemInput {
                field: Some("2.11".into()),
                activity: Some(format!("Rencana {serial}")),
                lead_opd: Some("Dinas Lingkungan Hidup".into()),
                start_on: Some("2027-01-01".into()),
                end_on: Some("2027-12-31".into()),
                budget_source: Some("apbd".into()),
                ..Default::default()
            };
            let fresh_item = app.monitoring.create_plan_item(&system, &signed_a_id, &plan_input).await.unwrap().id;
            let doomed_item = app.monitoring.create_plan_item(&system, &signed_a_id, &plan_input).await.unwrap().id;
            let fresh_trip = app
                .monitoring
                .record_travel(&system, &signed_a_id, &jalin_domain::monitoring::travel::TravelInput {
                    delegation: Some(vec![jalin_domain::monitoring::travel::DelegateInput {
                        name: Some("Utusan".into()),
                        position: Some("Kepala Dinas".into()),
                    }]),
                    country: Some("JP".into()),
                    city: Some("Kitakyushu".into()),
                    departure_on: Some("2026-10-01".into()),
                    return_on: Some("2026-10-05".into()),
                    ..Default::default()
                })
                .await
                .unwrap()
                .travel
                .activity_id;
            let users_admin = expected(caller, Family::UsersAdmin, Target::Any);
            let tokens = expected(caller, Family::Tokens, Target::Own);
            let feeds = expected(caller, Family::CalendarFeeds, Target::Own);
            // An allowed caller revoking a feed that is not theirs (here: none) meets 404.
            let feeds_unknown = if feeds == Expect::Ok { Expect::Hidden } else { feeds };
            let kukar_need_expect = expected(caller, Family::BoardNeed, Target::Region("64.02"));
            let draft_b_visible = match caller.role {
                Some(Role::Administrator | Role::KemendagriReviewer | Role::KemluReviewer) => Expect::Ok,
                Some(Role::RegionalOfficer | Role::RegionalApprover) if caller.region == Some("32.73") => Expect::Ok,
                _ => Expect::Hidden,
            };
            // An evaluation round per caller (one per agreement and year: a year of its own).
            let fresh_input: jalin_domain::agreement::AgreementInput =
                serde_json::from_value(agreement("64.02", "in_force", &format!("Kukar–Kitakyushu {serial}"), "2026-12-20")).unwrap();
            let fresh_agreement = app.registry.create_agreement(&system, &fresh_input).await.unwrap().id.to_string();
            app.accounts
                .invite_evaluation_guest(&system, &fresh_agreement, "guest@jalin.test", None, "http://jalin.test")
                .await
                .unwrap();
            let fresh_round = app.monitoring.open_round(&system, &fresh_agreement, Some(2026)).await.unwrap().id.to_string();
            let evaluation_a = |family| expected(caller, family, Target::Case("64.02", true));
            let evaluation_b = |family| expected(caller, family, Target::Case("32.73", false));
            let rubric = json!({"efficiency": "4", "effectiveness": "3", "mutual_benefit": "5", "sustainability": "3",
                "people_to_people": "4", "recommendation": "continue", "justification": "ok"});
            // Reports: a fresh Kukar agreement, a complete draft and a submitted report.
            let (st, report_agreement) = s
                .send(Method::POST, "/api/v1/agreements", &agreement("64.02", "in_force", &format!("Laporan {serial}"), "2026-12-31"), None)
                .await;
            assert_eq!(st, StatusCode::CREATED, "{report_agreement}");
            let report_agreement = report_agreement["id"].as_str().unwrap().to_owned();
            let full = jalin_app::monitoring::ReportEditInput {
                items: jalin_domain::monitoring::report::ReportItem::ALL.iter().map(|i| (i.as_str().to_owned(), "Isi".to_owned())).collect(),
                expected_version: None,
            };
            let mut fresh_reports = Vec::new();
            for year in [2024, 2023] {
                let new = jalin_app::monitoring::NewReportInput { year: Some(year), ..Default::default() };
                let r = app.monitoring.draft_report(&system, &report_agreement, &new).await.unwrap().id.to_string();
                app.monitoring.edit_report(&system, &r, &full).await.unwrap();
                fresh_reports.push(r);
            }
            let (fresh_draft, fresh_submitted) = (fresh_reports[0].clone(), fresh_reports[1].clone());
            app.monitoring.submit_report(&system, &fresh_submitted, &Default::default()).await.unwrap();
            let report_read = expected(caller, Family::ReportRead, Target::Region("64.02"));
            let report_submit = expected(caller, Family::ReportSubmit, Target::Region("64.02"));
            let report_review = expected(caller, Family::ReportReview, Target::Region("64.02"));
            let probes: Vec<(Method, &str, String, Option<Value>, Expect)> = vec![
                (
                    Method::GET,
                    "/api/v1/agreements/{id}/evaluations",
                    format!("/api/v1/agreements/{signed_a_id}/evaluations"),
                    None,
                    evaluation_a(Family::EvaluationRead),
                ),
                (
                    Method::GET,
                    "/api/v1/agreements/{id}/evaluations",
                    format!("/api/v1/agreements/{signed_b_id}/evaluations"),
                    None,
                    evaluation_b(Family::EvaluationRead),
                ),
                (
                    Method::POST,
                    "/api/v1/agreements/{id}/evaluations",
                    format!("/api/v1/agreements/{signed_b_id}/evaluations"),
                    Some(json!({"year": 2026})),
                    match evaluation_b(Family::EvaluationFill) {
                        // A guest may fill but never open a round.
                        Expect::Ok if caller.role == Some(Role::PartnerGuest) => Expect::Forbidden,
                        other => other,
                    },
                ),
                (
                    Method::PUT,
                    "/api/v1/agreements/{id}/evaluations/{round}/side",
                    format!("/api/v1/agreements/{fresh_agreement}/evaluations/{fresh_round}/side"),
                    Some(rubric.clone()),
                    evaluation_a(Family::EvaluationFill),
                ),
                (
                    Method::POST,
                    "/api/v1/agreements/{id}/evaluation-guests",
                    format!("/api/v1/agreements/{signed_a_id}/evaluation-guests"),
                    Some(json!({"email": format!("partner{serial}@example.org")})),
                    match evaluation_a(Family::EvaluationFill) {
                        Expect::Ok if caller.role == Some(Role::PartnerGuest) => Expect::Forbidden,
                        other => other,
                    },
                ),
                (
                    Method::GET,
                    "/api/v1/agreements/{id}/health",
                    format!("/api/v1/agreements/{signed_b_id}/health"),
                    None,
                    evaluation_b(Family::HealthRead),
                ),
                (
                    Method::GET,
                    "/api/v1/dormant",
                    "/api/v1/dormant".into(),
                    None,
                    expected(caller, Family::HealthRead, Target::Any),
                ),
                (
                    Method::POST,
                    "/api/v1/agreements/{id}/revivals",
                    format!("/api/v1/agreements/{signed_a_id}/revivals"),
                    Some(json!({"kind": "schedule_meeting"})),
                    expected(caller, Family::RevivalTake, Target::Region("64.02")),
                ),
                (
                    Method::GET,
                    "/api/v1/agreements/{id}/reports",
                    format!("/api/v1/agreements/{}/reports", signed_a["id"].as_str().unwrap()),
                    None,
                    report_read,
                ),
                (
                    Method::POST,
                    "/api/v1/agreements/{id}/reports",
                    format!("/api/v1/agreements/{report_agreement}/reports"),
                    Some(json!({"year": 2025})),
                    report_submit,
                ),
                (Method::GET, "/api/v1/reports", "/api/v1/reports".into(), None, expected(caller, Family::ReportRead, Target::Any)),
                (Method::GET, "/api/v1/reports/{id}", format!("/api/v1/reports/{fresh_draft}"), None, report_read),
                (
                    Method::PATCH,
                    "/api/v1/reports/{id}",
                    format!("/api/v1/reports/{fresh_draft}"),
                    Some(json!({"items": {"obstacles": format!("Hambatan {}", caller.name)}})),
                    report_submit,
                ),
                (Method::POST, "/api/v1/reports/{id}/submit", format!("/api/v1/reports/{fresh_draft}/submit"), None, report_submit),
                (
                    Method::POST,
                    "/api/v1/reports/{id}/review",
                    format!("/api/v1/reports/{fresh_submitted}/review"),
                    Some(json!({"decision": "accept"})),
                    report_review,
                ),
                (Method::GET, "/api/v1/regions/{code}/report-status", "/api/v1/regions/64.02/report-status".into(), None, report_read),
                (
                    Method::GET,
                    "/api/v1/agreements/{id}/visits",
                    format!("/api/v1/agreements/{}/visits", signed_a["id"].as_str().unwrap()),
                    None,
                    report_read,
                ),
                (
                    Method::POST,
                    "/api/v1/agreements/{id}/visits",
                    format!("/api/v1/agreements/{}/visits", signed_a["id"].as_str().unwrap()),
                    Some(json!({"visited_on": "2026-10-01", "visitors": caller.name, "findings": "Berjalan"})),
                    report_review,
                ),
                (Method::GET, "/api/v1/auth/me", "/api/v1/auth/me".into(), None, me_expect),
                (Method::POST, "/api/v1/auth/logout", "/api/v1/auth/logout".into(), None, me_expect),
                (Method::GET, "/api/v1/regions", "/api/v1/regions?province=64".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/regions/{code}", "/api/v1/regions/64.02".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/countries", "/api/v1/countries".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/countries/{iso2}", "/api/v1/countries/JP".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/places", "/api/v1/places?q=kita".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/sdg/goals", "/api/v1/sdg/goals".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/sdg/targets", "/api/v1/sdg/targets?goal=11".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/sdg/indicators", "/api/v1/sdg/indicators?target=11.6".into(), None, Expect::Ok),
                (
                    Method::POST,
                    "/api/v1/sdg/suggest",
                    "/api/v1/sdg/suggest".into(),
                    Some(json!({"text": "Pengelolaan sampah dan daur ulang"})),
                    expected(caller, Family::Reference, Target::Any),
                ),
                (Method::GET, "/api/v1/fields", "/api/v1/fields".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/legal-bases", "/api/v1/legal-bases".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/reference/datasets", "/api/v1/reference/datasets".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/procedures", "/api/v1/procedures".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/procedures/{code}", "/api/v1/procedures/luar_negeri_pmdn25".into(), None, Expect::Ok),
                (Method::GET, "/api/v1/partners", "/api/v1/partners".into(), None, Expect::Ok),
                (
                    Method::GET,
                    "/api/v1/partners/{id}",
                    format!("/api/v1/partners/{}", case_a.case.partner.partner_id),
                    None,
                    Expect::Ok,
                ),
                (
                    Method::POST,
                    "/api/v1/partners",
                    "/api/v1/partners".into(),
                    Some(json!({"kind": "foreign_institution", "name": format!("Lembaga Uji {}", caller.name), "country": "JP", "category": "development_partner"})),
                    expected(caller, Family::RegistryWrite, Target::Any),
                ),
                (Method::GET, "/api/v1/agreements", "/api/v1/agreements".into(), None, Expect::Ok),
                (
                    Method::GET,
                    "/api/v1/agreements/{id}",
                    format!("/api/v1/agreements/{}", draft_b["id"].as_str().unwrap()),
                    None,
                    draft_b_visible,
                ),
                (
                    Method::POST,
                    "/api/v1/agreements",
                    "/api/v1/agreements".into(),
                    Some(agreement("64.02", "draft", &format!("Draf {} {KUKAR_SECRET}", caller.name), "")),
                    registry_write,
                ),
                (
                    Method::PATCH,
                    "/api/v1/agreements/{id}",
                    format!("/api/v1/agreements/{}", signed_a["id"].as_str().unwrap()),
                    Some(json!({"title_en": format!("Changed by {}", caller.name)})),
                    registry_write,
                ),
                (
                    Method::GET,
                    "/api/v1/agreements/{id}/similar",
                    format!("/api/v1/agreements/{}/similar", signed_a["id"].as_str().unwrap()),
                    None,
                    Expect::Ok,
                ),
                (Method::GET, "/api/v1/search", "/api/v1/search?q=kasus".into(), None, Expect::Ok),
                (
                    Method::GET,
                    "/api/v1/agreements/{id}/activities",
                    format!("/api/v1/agreements/{}/activities", draft_b["id"].as_str().unwrap()),
                    None,
                    draft_b_visible,
                ),
                (
                    Method::POST,
                    "/api/v1/agreements/{id}/activities",
                    format!("/api/v1/agreements/{}/activities", signed_a["id"].as_str().unwrap()),
                    Some(json!({"occurred_on": "2026-11-20", "title": format!("Kunjungan {}", caller.name)})),
                    monitoring_write,
                ),
                (
                    Method::POST,
                    "/api/v1/agreements/{id}/activities/{activity}/evidence",
                    format!("/api/v1/agreements/{signed_a_id}/activities/{evidence_activity}/evidence?filename=foto.txt"),
                    Some(json!("Foto kegiatan")),
                    monitoring_write,
                ),
                (
                    Method::GET,
                    "/api/v1/agreements/{id}/activities/{activity}/evidence/{sha256}",
                    format!("/api/v1/agreements/{signed_a_id}/activities/{evidence_activity}/evidence/{evidence}"),
                    None,
                    Expect::Ok,
                ),
                (
                    Method::GET,
                    "/api/v1/agreements/{id}/action-plan",
                    format!("/api/v1/agreements/{signed_a_id}/action-plan"),
                    None,
                    Expect::Ok,
                ),
                (
                    Method::POST,
                    "/api/v1/agreements/{id}/action-plan",
                    format!("/api/v1/agreements/{signed_a_id}/action-plan"),
                    Some(serde_json::to_value(&plan_input).unwrap()),
                    monitoring_write,
                ),
                (
                    Method::PUT,
                    "/api/v1/agreements/{id}/action-plan/{item}",
                    format!("/api/v1/agreements/{signed_a_id}/action-plan/{fresh_item}"),
                    Some(serde_json::to_value(&plan_input).unwrap()),
                    monitoring_write,
                ),
                (
                    Method::DELETE,
                    "/api/v1/agreements/{id}/action-plan/{item}",
                    format!("/api/v1/agreements/{signed_a_id}/action-plan/{doomed_item}"),
                    None,
                    monitoring_write,
                ),
                (
                    Method::GET,
                    "/api/v1/agreements/{id}/travels",
                    format!("/api/v1/agreements/{signed_a_id}/travels"),
                    None,
                    Expect::Ok,
                ),
                (
                    Method::POST,
                    "/api/v1/agreements/{id}/travels",
                    format!("/api/v1/agreements/{signed_a_id}/travels"),
                    Some(json!({"delegation": [{"name": caller.name, "position": "Staf"}], "country": "JP",
                        "city": "Kitakyushu", "departure_on": "2027-03-01", "return_on": "2027-03-05"})),
                    monitoring_write,
                ),
                (
                    Method::PUT,
                    "/api/v1/agreements/{id}/travels/{activity}/permit",
                    format!("/api/v1/agreements/{signed_a_id}/travels/{fresh_trip}/permit"),
                    Some(json!({"permit_status": "issued", "permit_reference": "B-1/2026"})),
                    monitoring_write,
                ),
                (
                    Method::POST,
                    "/api/v1/agreements/{id}/travels/{activity}/report",
                    format!("/api/v1/agreements/{signed_a_id}/travels/{fresh_trip}/report"),
                    Some(json!({"text": format!("Laporan {}", caller.name)})),
                    monitoring_write,
                ),
                (
                    Method::GET,
                    "/api/v1/agreements/{id}/sdg-suggestions",
                    format!("/api/v1/agreements/{}/sdg-suggestions", draft_b["id"].as_str().unwrap()),
                    None,
                    draft_b_visible,
                ),
                (
                    Method::PUT,
                    "/api/v1/agreements/{id}/sdg-decisions/{target}",
                    format!("/api/v1/agreements/{}/sdg-decisions/12.5", signed_a["id"].as_str().unwrap()),
                    Some(json!({"decision": "rejected"})),
                    registry_write,
                ),
                (
                    Method::POST,
                    "/api/v1/eligibility",
                    "/api/v1/eligibility".into(),
                    Some(json!({"form": "KSDPL", "subtype": "sister_city", "region_code": "64.02", "partner": {"geonameid": 1859307}})),
                    expected(caller, Family::Eligibility, Target::Any),
                ),
                (
                    Method::GET,
                    "/api/v1/cases",
                    "/api/v1/cases".into(),
                    None,
                    expected(caller, Family::CaseRead, Target::Any),
                ),
                (
                    Method::POST,
                    "/api/v1/cases",
                    "/api/v1/cases".into(),
                    Some(serde_json::to_value(kukar_case(&format!("Kasus {} {KUKAR_SECRET}", caller.name))).unwrap()),
                    expected(caller, Family::CaseOpen, Target::Region("64.02")),
                ),
                (Method::GET, "/api/v1/cases/{id}", format!("/api/v1/cases/{case_a_id}"), None, case_read("64.02", true)),
                (Method::GET, "/api/v1/cases/{id}", format!("/api/v1/cases/{case_b_id}"), None, case_read("32.73", false)),
                (
                    Method::POST,
                    "/api/v1/cases/{id}/transitions",
                    format!("/api/v1/cases/{fresh_case}/transitions"),
                    Some(json!({"transition": "mulai_penjajakan", "documents": [{"kind": "surat_minat", "number": "1/2026"}]})),
                    transition_expect,
                ),
                (
                    Method::POST,
                    "/api/v1/cases/{id}/transitions",
                    format!("/api/v1/cases/{case_b_id}/transitions"),
                    Some(json!({"transition": "mulai_penjajakan", "documents": [{"kind": "surat_minat"}]})),
                    match expected(caller, Family::CaseTransition, Target::Case("32.73", false)) {
                        Expect::Ok if caller.region != Some("32.73") => Expect::RefusedAny,
                        // The Bandung officer really moves the Bandung case; that is fine once.
                        other => other,
                    },
                ),
                (
                    Method::POST,
                    "/api/v1/cases/{id}/decisions",
                    format!("/api/v1/cases/{fresh_case}/decisions"),
                    Some(json!({"rule": "P4", "outcome": "pass"})),
                    expected(caller, Family::CaseDecide, Target::Case("64.02", true)),
                ),
                (
                    Method::GET,
                    "/api/v1/cases/{id}/audit",
                    format!("/api/v1/cases/{case_a_id}/audit"),
                    None,
                    expected(caller, Family::CaseAudit, Target::Case("64.02", true)),
                ),
                (
                    Method::GET,
                    "/api/v1/cases/{id}/audit",
                    format!("/api/v1/cases/{case_b_id}/audit"),
                    None,
                    expected(caller, Family::CaseAudit, Target::Case("32.73", false)),
                ),
                (
                    Method::POST,
                    "/api/v1/cases/{id}/files",
                    format!("/api/v1/cases/{case_a_id}/files?filename=nota.txt"),
                    Some(json!({"text": "Nota dinas"})),
                    expected(caller, Family::CaseTransition, Target::Case("64.02", true)),
                ),
                (
                    Method::GET,
                    "/api/v1/cases/{id}/documents/{doc}/file",
                    format!("/api/v1/cases/{case_a_id}/documents/{doc_id}/file"),
                    None,
                    case_read("64.02", true),
                ),
                (
                    Method::POST,
                    "/api/v1/cases/{id}/guests",
                    format!("/api/v1/cases/{case_a_id}/guests"),
                    Some(json!({"email": "guest@jalin.test"})),
                    users_admin,
                ),
                (
                    Method::GET,
                    "/api/v1/alerts",
                    "/api/v1/alerts".into(),
                    None,
                    expected(caller, Family::Alerts, Target::Any),
                ),
                (
                    Method::GET,
                    "/api/v1/notifications",
                    "/api/v1/notifications".into(),
                    None,
                    expected(caller, Family::Alerts, Target::Any),
                ),
                (
                    Method::POST,
                    "/api/v1/notifications/read",
                    "/api/v1/notifications/read".into(),
                    Some(json!({})),
                    expected(caller, Family::Alerts, Target::Any),
                ),
                (
                    Method::GET,
                    "/api/v1/notifications/settings",
                    "/api/v1/notifications/settings".into(),
                    None,
                    expected(caller, Family::Alerts, Target::Any),
                ),
                (
                    Method::PUT,
                    "/api/v1/notifications/settings",
                    "/api/v1/notifications/settings".into(),
                    Some(json!({"lang": "id", "mode": "immediate", "digest_hour": 7, "zone": "WIB", "muted": []})),
                    expected(caller, Family::Alerts, Target::Any),
                ),
                (
                    Method::GET,
                    "/api/v1/mail-deliveries",
                    "/api/v1/mail-deliveries".into(),
                    None,
                    users_admin,
                ),
                (Method::GET, "/api/v1/users", "/api/v1/users".into(), None, users_admin),
                (
                    Method::POST,
                    "/api/v1/users",
                    "/api/v1/users".into(),
                    Some(json!({"email": format!("new{serial}@jalin.test"), "role": "kemlu_reviewer"})),
                    users_admin,
                ),
                (
                    Method::GET,
                    "/api/v1/users/{id}",
                    format!("/api/v1/users/{throwaway_id}"),
                    None,
                    users_admin,
                ),
                (
                    Method::POST,
                    "/api/v1/users/{id}/grant",
                    format!("/api/v1/users/{throwaway_id}/grant"),
                    Some(json!({"role": "regional_approver", "region_code": "64.02"})),
                    users_admin,
                ),
                (
                    Method::POST,
                    "/api/v1/users/{id}/revoke",
                    format!("/api/v1/users/{throwaway_id}/revoke"),
                    None,
                    users_admin,
                ),
                (
                    Method::GET,
                    "/api/v1/users/{id}/audit",
                    format!("/api/v1/users/{}/audit", if caller.user_id.is_empty() { &other_user } else { &caller.user_id }),
                    None,
                    own_audit,
                ),
                (
                    Method::GET,
                    "/api/v1/users/{id}/audit",
                    format!("/api/v1/users/{other_user}/audit"),
                    None,
                    if caller.name == "officer_bandung" { own_audit } else { others_audit },
                ),
                (Method::GET, "/api/v1/calendar-feeds", "/api/v1/calendar-feeds".into(), None, feeds),
                (
                    Method::POST,
                    "/api/v1/calendar-feeds",
                    "/api/v1/calendar-feeds".into(),
                    Some(json!({"label": "probe"})),
                    feeds,
                ),
                (
                    Method::DELETE,
                    "/api/v1/calendar-feeds/{id}",
                    format!("/api/v1/calendar-feeds/{}", uuid::Uuid::now_v7()),
                    None,
                    feeds_unknown,
                ),
                (Method::GET, "/api/v1/tokens", "/api/v1/tokens".into(), None, tokens),
                (
                    Method::POST,
                    "/api/v1/tokens",
                    "/api/v1/tokens".into(),
                    Some(json!({"name": "probe", "scopes": ["read"]})),
                    tokens,
                ),
                (
                    Method::DELETE,
                    "/api/v1/tokens/{id}",
                    format!("/api/v1/tokens/{own_token}"),
                    None,
                    tokens,
                ),
                (Method::GET, "/api/v1/audit/verify", "/api/v1/audit/verify".into(), None, expected(caller, Family::AuditVerify, Target::Any)),
                (
                    Method::GET,
                    "/api/v1/agreements/to-verify",
                    "/api/v1/agreements/to-verify".into(),
                    None,
                    expected(caller, Family::RegistryVerify, Target::Any),
                ),
                (
                    Method::POST,
                    "/api/v1/agreements/{id}/verification",
                    format!("/api/v1/agreements/{}/verification", signed_a["id"].as_str().unwrap()),
                    Some(json!({"decision": "verified", "reason": "probe"})),
                    expected(caller, Family::RegistryVerify, Target::Any),
                ),
                (
                    Method::GET,
                    "/api/v1/regions/{code}/recommendations",
                    "/api/v1/regions/64.02/recommendations?top=3".into(),
                    None,
                    Expect::Ok,
                ),
                (
                    Method::GET,
                    "/api/v1/regions/{code}/opportunities",
                    "/api/v1/regions/64.02/opportunities".into(),
                    None,
                    Expect::Ok,
                ),
                (Method::GET, "/api/v1/opportunities/offers", "/api/v1/opportunities/offers".into(), None, Expect::Ok),
                (
                    Method::POST,
                    "/api/v1/opportunities/offers",
                    "/api/v1/opportunities/offers".into(),
                    Some(serde_json::to_value(board_offer(&format!("Tawaran {}", caller.name))).unwrap()),
                    expected(caller, Family::BoardOffer, Target::Own),
                ),
                (
                    Method::GET,
                    "/api/v1/opportunities/offers/{id}",
                    format!("/api/v1/opportunities/offers/{fresh_offer}"),
                    None,
                    Expect::Ok,
                ),
                (
                    Method::GET,
                    "/api/v1/opportunities/offers/{id}/matches",
                    format!("/api/v1/opportunities/offers/{fresh_offer}/matches"),
                    None,
                    Expect::Ok,
                ),
                (
                    Method::POST,
                    "/api/v1/opportunities/offers/{id}/close",
                    format!("/api/v1/opportunities/offers/{fresh_offer}/close"),
                    None,
                    close_offer_expect,
                ),
                (Method::GET, "/api/v1/opportunities/needs", "/api/v1/opportunities/needs".into(), None, Expect::Ok),
                (
                    Method::POST,
                    "/api/v1/opportunities/needs",
                    "/api/v1/opportunities/needs".into(),
                    Some(serde_json::to_value(kukar_need(&format!("Kebutuhan {}", caller.name))).unwrap()),
                    kukar_need_expect,
                ),
                (
                    Method::GET,
                    "/api/v1/opportunities/needs/{id}",
                    format!("/api/v1/opportunities/needs/{fresh_need}"),
                    None,
                    Expect::Ok,
                ),
                (
                    Method::POST,
                    "/api/v1/opportunities/needs/{id}/close",
                    format!("/api/v1/opportunities/needs/{fresh_need}/close"),
                    None,
                    kukar_need_expect,
                ),
            ];
            for (method, route, path, body, expect) in probes {
                covered.insert((method_str(&method), route));
                let (status, text) = s.call_text(method.clone(), &path, token, body.as_ref()).await;
                if !matches(expect, status, &text) {
                    failures.push(format!("{} {method} {path}: expected {expect:?}, got {status}: {text}", caller.name));
                }
                let foreign = match caller.region {
                    Some("64.02") | Some("64") => Some((BANDUNG_SECRET, case_b_id.as_str())),
                    Some("32.73") => Some((KUKAR_SECRET, case_a_id.as_str())),
                    _ => None,
                };
                if let Some((secret, foreign_case)) = foreign
                    && (text.contains(secret) || (text.contains(foreign_case) && !path.contains(foreign_case)))
                {
                    failures.push(format!("{} {method} {path}: another region's data in the response: {text}", caller.name));
                }
                if caller.role.is_none() && (text.contains(BANDUNG_SECRET) || text.contains(KUKAR_SECRET)) {
                    failures.push(format!("anonymous {method} {path}: non-public data in the response"));
                }
            }
            // Pages: a refusal is an error page; anonymous readers are sent to sign in.
            for (route, family) in [
                ("/dasbor", Family::Dashboard),
                ("/kasus", Family::CaseRead),
                ("/kasus/baru", Family::CaseOpen),
                ("/notifikasi", Family::Alerts),
                ("/laporan", Family::ReportRead),
                ("/kalender", Family::CalendarFeeds),
            ] {
                let expect = expected(caller, family, Target::Any);
                let mut request = s.client.get(format!("{}{route}", s.base));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let response = request.send().await.unwrap();
                let status = response.status();
                let to_sign_in = status == StatusCode::SEE_OTHER
                    && response
                        .headers()
                        .get("location")
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|l| l.starts_with("/login?next="));
                let met = match expect {
                    Expect::SignIn => to_sign_in,
                    other => matches(other, status, ""),
                };
                if !met {
                    failures.push(format!("{} GET {route}: expected {expect:?}, got {status}", caller.name));
                }
            }
            // Alerts: regional callers see their own region's only.
            if let Some(region) = caller.region {
                let (_, alerts) = s.call(Method::GET, "/api/v1/alerts", token, None).await;
                for a in alerts["items"].as_array().unwrap() {
                    let r = a["region_code"].as_str().unwrap_or_default();
                    if !(r == region || r.starts_with(&format!("{region}."))) {
                        failures.push(format!("{} sees an alert of {r}", caller.name));
                    }
                }
                assert!(!alerts["items"].as_array().unwrap().is_empty(), "{} sees its own alerts", caller.name);
                // Case lists hold their own region only.
                let (_, cases) = s.call(Method::GET, "/api/v1/cases?limit=500", token, None).await;
                for c in cases["items"].as_array().unwrap() {
                    let r = c["case"]["region_code"].as_str().unwrap_or_default();
                    if !(r == region || r.starts_with(&format!("{region}."))) {
                        failures.push(format!("{} lists a case of {r}", caller.name));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{} mismatch(es):\n{}", failures.len(), failures.join("\n"));

        // Every protected route was probed.
        let protected: BTreeSet<(&str, &str)> = jalin_web::policy::table()
            .iter()
            .filter(|r| matches!(r.access, Access::Requires(_)) && r.path.starts_with("/api/"))
            .map(|r| (r.method.as_str(), r.path.as_str()))
            .collect();
        let unprobed: Vec<_> = protected.difference(&covered).collect();
        assert!(unprobed.is_empty(), "protected routes the matrix does not probe: {unprobed:?}");

        // The guest sees exactly the case it was invited to.
        let guest = callers.iter().find(|c| c.name == "guest").unwrap();
        let (_, cases) = s.call(Method::GET, "/api/v1/cases", guest.token.as_deref(), None).await;
        let ids: Vec<&str> = cases["items"].as_array().unwrap().iter().map(|c| c["case"]["id"].as_str().unwrap()).collect();
        assert_eq!(ids, vec![case_a_id.as_str()]);

        // The public registry shows signed agreements only; the region's officer also its drafts.
        let (_, public) = s.get("/api/v1/agreements?limit=500").await;
        assert!(public["items"].as_array().unwrap().iter().all(|a| a["status"] == "in_force"), "{public}");
        let kukar = callers.iter().find(|c| c.name == "officer_kukar").unwrap();
        let (_, theirs) = s.call(Method::GET, "/api/v1/agreements?limit=500&status=draft", kukar.token.as_deref(), None).await;
        let regions: BTreeMap<String, usize> = theirs["items"].as_array().unwrap().iter().fold(BTreeMap::new(), |mut m, a| {
            for p in a["parties"].as_array().unwrap() {
                if let Some(r) = p["region_code"].as_str() {
                    *m.entry(r.to_owned()).or_default() += 1;
                }
            }
            m
        });
        assert!(regions.keys().all(|r| r == "64.02"), "{regions:?}");
        assert!(regions.get("64.02").copied().unwrap_or(0) >= 1);
    })
    .await;
}

fn method_str(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::PUT => "PUT",
        _ => "OTHER",
    }
}

#[tokio::test]
async fn a_read_only_token_cannot_change_anything() {
    jalin_testkit::each_backend(|db| async move {
        let s = Server::start(&db).await;
        let system = s.app.system_ctx("test");
        s.token_for("reader@jalin.test", "regional_officer", Some("64.02"))
            .await;
        let (_, secret) = s
            .app
            .accounts
            .create_token(
                &system,
                Some("reader@jalin.test"),
                "reader",
                &[jalin_domain::account::TokenScope::Read],
                None,
            )
            .await
            .unwrap();
        let (status, body) = s
            .call(
                Method::POST,
                "/api/v1/agreements",
                Some(&secret),
                Some(&agreement("64.02", "draft", "Draf", "")),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body["message"].as_str().unwrap().contains("scope"), "{body}");
        let (status, _) = s.call(Method::GET, "/api/v1/cases", Some(&secret), None).await;
        assert_eq!(status, StatusCode::OK);
    })
    .await;
}
