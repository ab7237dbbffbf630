//! Server-rendered pages: the public registry, the officers' workspace and the national
//! dashboard. Indonesian by default, English on request; readable without JavaScript
//! (htmx, vendored, only adds live updates); no inline script or style (CSP).

mod about;
mod account;
mod agreement;
mod board;
mod calendar;
mod cases;
mod charts;
mod country;
mod dashboard;
mod directory;
mod error;
mod evaluation;
mod form;
mod home;
mod implementation;
mod inbox;
mod map;
mod notice_mail;
mod records;
mod region;
mod reports;
mod sdg;
mod search;
mod views;

use crate::AppState;
use crate::auth::Caller;
use crate::i18n::{LANG_COOKIE, Lang, Tr};
use crate::policy::Access::{Open, Requires};
use crate::routes::Routes;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jalin_domain::role::Role;
use serde::Deserialize;

pub use error::{ErrorPage, OrPage, PageError, PageResult, error_page, page_error};

/// What every page's frame shows.
pub struct Layout {
    pub t: Tr,
    pub page_title: String,
    pub version: String,
    pub demo: bool,
    /// The signed-in user's e-mail address and role label.
    pub user: Option<String>,
    pub role_label: String,
    /// The session's CSRF token for the forms of the page.
    pub csrf: String,
    /// Which navigation entries the reader gets.
    pub can_work: bool,
    pub national: bool,
    /// Whether the reader has a dashboard (national, province or own region).
    pub dashboard: bool,
    /// Whether the reader files or reviews reports on agreements.
    pub reports: bool,
    /// Whether the reader may keep calendar feeds of deadlines.
    pub calendar: bool,
    /// The link that switches the language and comes back here.
    pub switch_lang: String,
    /// The current section, for `aria-current`.
    pub section: &'static str,
}

impl Layout {
    pub fn new(state: &AppState, lang: Lang, page_title: &str) -> Self {
        Self {
            t: Tr::new(lang),
            page_title: page_title.to_owned(),
            version: state.config.version.clone(),
            demo: state.config.demo,
            user: None,
            role_label: String::new(),
            csrf: String::new(),
            can_work: false,
            national: false,
            dashboard: false,
            reports: false,
            calendar: false,
            switch_lang: format!("/bahasa/{}", lang.other().code()),
            section: "",
        }
    }

    /// The frame for a caller: their name, role and the session's CSRF token.
    pub fn for_caller(state: &AppState, caller: &Caller, page_title: &str) -> Self {
        let mut layout = Self::new(state, caller.lang, page_title);
        if let Some(u) = caller.ctx.actor.user() {
            layout.user = Some(u.name.clone());
            layout.role_label = match caller.lang {
                Lang::Id => u.role.label_id().to_owned(),
                Lang::En => u.role.label_en().to_owned(),
            };
            layout.can_work = !matches!(u.role, Role::Public);
            layout.national = matches!(
                u.role,
                Role::KemendagriReviewer | Role::KemluReviewer | Role::Administrator
            );
            layout.dashboard = jalin_domain::authz::scope(u.role, jalin_domain::authz::Action::DashboardRead).is_some();
            layout.reports = jalin_domain::authz::scope(u.role, jalin_domain::authz::Action::ReportRead).is_some();
            layout.calendar =
                jalin_domain::authz::scope(u.role, jalin_domain::authz::Action::CalendarFeedOwn).is_some();
        }
        layout.csrf = caller.csrf.clone().unwrap_or_default();
        layout
    }

    /// Marks the page's section; `path` (with its query, see [`here`]) is where the
    /// language switch returns to.
    pub fn in_section(mut self, section: &'static str, path: &str) -> Self {
        self.section = section;
        self.switch_lang = format!(
            "/bahasa/{}?next={}",
            self.t.lang.other().code(),
            crate::url::query_value(path)
        );
        self
    }

    pub fn aria_current(&self, section: &str) -> &'static str {
        if self.section == section { "page" } else { "false" }
    }
}

/// The path and query of a request: where the language switch returns to, so that a
/// filtered list or a half-filled wizard stays as it was.
pub fn here(uri: &axum::http::Uri) -> &str {
    uri.path_and_query().map_or(uri.path(), |p| p.as_str())
}

/// Renders a template; a rendering failure is logged and shown as a plain 500.
pub fn render<T: Template>(page: &T) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// [`render`] with another status (a form shown again with its errors, a refused step).
pub fn render_with_status<T: Template>(status: StatusCode, page: &T) -> Response {
    let mut response = render(page);
    *response.status_mut() = status;
    response
}

const STYLE: &str = include_str!("../../static/style.css");
const HTMX: &str = include_str!("../../static/vendor/htmx.min.js");
const APP_JS: &str = include_str!("../../static/app.js");

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

async fn htmx() -> Response {
    asset("text/javascript; charset=utf-8", HTMX)
}

async fn app_js() -> Response {
    asset("text/javascript; charset=utf-8", APP_JS)
}

#[derive(Debug, Deserialize)]
pub struct NextParam {
    pub next: Option<String>,
}

/// Switches the interface language (a cookie) and returns to the page.
async fn switch_language(Path(code): Path<String>, Query(q): Query<NextParam>) -> Response {
    let Some(lang) = Lang::parse(&code) else {
        return error_page(StatusCode::NOT_FOUND, "unknown language");
    };
    let next = account::safe_next(q.next.as_deref());
    let mut response = Redirect::to(&next).into_response();
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// Every page route and what it needs.
pub fn routes() -> Routes {
    use jalin_domain::authz::Action::*;
    Routes::new()
        .get("/", home::home, Open)
        .get("/about", about::about, Open)
        .get("/kerja-sama", directory::directory, Requires(RegistryRead))
        .get("/kerja-sama/{id}", agreement::agreement, Requires(RegistryRead))
        .post(
            "/kerja-sama/{id}/sdg/{target}",
            agreement::decide_sdg,
            Requires(RegistryWrite),
        )
        .get(
            "/kerja-sama/{id}/pelaksanaan",
            implementation::implementation,
            Requires(RegistryRead),
        )
        .post(
            "/kerja-sama/{id}/pelaksanaan/rencana",
            implementation::add_plan_item,
            Requires(MonitoringWrite),
        )
        .post(
            "/kerja-sama/{id}/pelaksanaan/kegiatan",
            implementation::record_activity,
            Requires(MonitoringWrite),
        )
        .get(
            "/kerja-sama/{id}/pelaksanaan/kegiatan/{activity}/bukti/{sha256}",
            implementation::download_evidence,
            Requires(RegistryRead),
        )
        .post(
            "/kerja-sama/{id}/pelaksanaan/perjalanan",
            implementation::record_travel,
            Requires(MonitoringWrite),
        )
        .post(
            "/kerja-sama/{id}/pelaksanaan/perjalanan/{trip}/izin",
            implementation::update_permit,
            Requires(MonitoringWrite),
        )
        .post(
            "/kerja-sama/{id}/pelaksanaan/perjalanan/{trip}/laporan",
            implementation::file_trip_report,
            Requires(MonitoringWrite),
        )
        .get("/daerah/{code}", region::region, Requires(RegistryRead))
        .get("/negara/{iso2}", country::country, Requires(RegistryRead))
        .get("/sdg", sdg::sdg_goals, Requires(RegistryRead))
        .get("/sdg/{goal}", sdg::sdg_goal, Requires(RegistryRead))
        .get("/peta", map::maps, Requires(RegistryRead))
        .get("/cari", search::search_page, Requires(RegistryRead))
        .get("/peluang", board::board, Requires(RegistryRead))
        .get("/peluang/tawaran/baru", board::new_offer, Requires(OpportunityOffer))
        .post("/peluang/tawaran/baru", board::create_offer, Requires(OpportunityOffer))
        .get("/peluang/tawaran/{id}", board::offer, Requires(RegistryRead))
        .post(
            "/peluang/tawaran/{id}/tutup",
            board::close_offer,
            Requires(OpportunityOffer),
        )
        .get("/peluang/kebutuhan/baru", board::new_need, Requires(OpportunityNeed))
        .post("/peluang/kebutuhan/baru", board::create_need, Requires(OpportunityNeed))
        .get("/peluang/kebutuhan/{id}", board::need, Requires(RegistryRead))
        .post(
            "/peluang/kebutuhan/{id}/tutup",
            board::close_need,
            Requires(OpportunityNeed),
        )
        .get("/bahasa/{code}", switch_language, Open)
        .get("/static/style.css", style, Open)
        .get("/static/htmx.min.js", htmx, Open)
        .get("/static/app.js", app_js, Open)
        .get("/login", account::login_page, Open)
        .post("/login", account::login_form, Open)
        .post("/logout", account::logout_form, Requires(SessionOwn))
        .get("/reset-password", account::reset_page, Open)
        .post("/reset-password", account::reset_form, Open)
        .get("/kasus", cases::my_cases, Requires(CaseRead))
        .get("/kasus/baru", cases::new_case, Requires(CaseOpen))
        .post("/kasus/baru", cases::create_case, Requires(CaseOpen))
        .get("/kasus/baru/mitra", cases::partner_search, Requires(CaseOpen))
        .get("/kasus/baru/kelayakan", cases::eligibility, Requires(CaseOpen))
        .get("/kasus/baru/sdg", cases::sdg_suggestions, Requires(CaseOpen))
        .get("/kasus/{id}", cases::case_page, Requires(CaseRead))
        .post("/kasus/{id}/langkah", cases::take_step, Requires(CaseTransition))
        .post("/kasus/{id}/keputusan", cases::decide, Requires(CaseDecide))
        .get("/kasus/{id}/dokumen/{doc}", cases::download, Requires(CaseRead))
        .get("/notifikasi", inbox::inbox, Requires(AlertRead))
        .get("/kalender", calendar::calendar_page, Requires(CalendarFeedOwn))
        .post("/kalender", calendar::create_feed, Requires(CalendarFeedOwn))
        .post("/kalender/{id}/cabut", calendar::revoke_feed, Requires(CalendarFeedOwn))
        // The feed itself: calendar clients have no session; the secret in the address is
        // the credential (ADR 0016).
        .get("/kalender/{file}", calendar::feed, Open)
        .post("/notifikasi/dibaca", inbox::mark_read, Requires(AlertRead))
        .get("/notifikasi/pengaturan", notice_mail::settings, Requires(AlertRead))
        .post(
            "/notifikasi/pengaturan",
            notice_mail::save_settings,
            Requires(AlertRead),
        )
        .get("/notifikasi/berhenti", notice_mail::unsubscribe_page, Open)
        .post("/notifikasi/berhenti", notice_mail::unsubscribe, Open)
        .get("/notifikasi/pengiriman", notice_mail::deliveries, Requires(UserManage))
        .get("/dasbor", dashboard::dashboard, Requires(DashboardRead))
        .get(
            "/kerja-sama/{id}/evaluasi",
            evaluation::evaluation_page,
            Requires(EvaluationRead),
        )
        .post(
            "/kerja-sama/{id}/evaluasi/putaran",
            evaluation::open_round,
            Requires(EvaluationFill),
        )
        .post(
            "/kerja-sama/{id}/evaluasi/tamu",
            evaluation::invite_partner,
            Requires(EvaluationFill),
        )
        .post(
            "/kerja-sama/{id}/revitalisasi",
            evaluation::take_revival,
            Requires(RevivalTake),
        )
        .get("/evaluasi", evaluation::guest_home, Requires(EvaluationRead))
        .get("/evaluasi/{round}", evaluation::fill_form, Requires(EvaluationRead))
        .post("/evaluasi/{round}", evaluation::file_side, Requires(EvaluationFill))
        .get("/laporan", reports::reports_page, Requires(ReportRead))
        .get(
            "/kerja-sama/{id}/laporan",
            reports::agreement_reports,
            Requires(ReportRead),
        )
        .post(
            "/kerja-sama/{id}/laporan",
            reports::draft_report,
            Requires(ReportSubmit),
        )
        .post(
            "/kerja-sama/{id}/laporan/{rid}",
            reports::save_report,
            Requires(ReportSubmit),
        )
        .post(
            "/kerja-sama/{id}/laporan/{rid}/tinjau",
            reports::review_report,
            Requires(ReportReview),
        )
        // The registry kept in the web application (issue 12).
        .get("/kerja-sama/baru", records::new_record, Requires(RegistryWrite))
        .post("/kerja-sama/baru", records::create_record, Requires(RegistryWrite))
        .get(
            "/kerja-sama/baru/mitra",
            records::partner_search,
            Requires(RegistryWrite),
        )
        .get("/kerja-sama/impor", records::import_form, Requires(RegistryImport))
        .post("/kerja-sama/impor", records::preview_import, Requires(RegistryImport))
        .get(
            "/kerja-sama/impor/templat.csv",
            records::import_template,
            Requires(RegistryImport),
        )
        .post(
            "/kerja-sama/impor/konfirmasi",
            records::confirm_import,
            Requires(RegistryImport),
        )
        .get("/kerja-sama/{id}/ubah", records::edit_record, Requires(RegistryWrite))
        .post("/kerja-sama/{id}/ubah", records::update_record, Requires(RegistryWrite))
        .post("/kerja-sama/{id}/akhiri", records::terminate, Requires(RegistryWrite))
        .post("/kerja-sama/{id}/perpanjang", records::extend, Requires(RegistryWrite))
        .get("/kerja-sama/{id}/riwayat", records::history, Requires(RegistryWrite))
        .get(
            "/kerja-sama/{id}/dokumen/{doc}",
            records::download,
            Requires(RegistryRead),
        )
        .get("/verifikasi", records::verification_queue, Requires(RegistryVerify))
        .post("/verifikasi/{id}", records::verify_record, Requires(RegistryVerify))
}

pub fn router() -> Router<AppState> {
    routes().into_router()
}

/// Validation errors as one line for a page ("field: message; …").
pub(crate) fn field_errors_text(errors: &jalin_domain::FieldErrors) -> String {
    field_error_lines(errors).join("; ")
}

/// Validation errors one per line ("field: message"), for a form shown again.
pub(crate) fn field_error_lines(errors: &jalin_domain::FieldErrors) -> Vec<String> {
    errors.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect()
}
