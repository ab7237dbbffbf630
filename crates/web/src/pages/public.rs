//! The public registry: home with key figures, the directory with facets, agreement,
//! region, country and SDG pages, maps and charts.

use super::views::{
    AgreementRow, LinkView, Pager, PartyView, agreement_row, country_name, pager, party_view, query_string,
};
use super::{Layout, render};
use crate::AppState;
use crate::auth::{Caller, page_error};
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use jalin_app::agreements::AgreementQuery;
use jalin_app::ctx::Actor;
use jalin_app::ports::store::Page;
use jalin_app::registry_index::{FacetKey, FacetKind};
use jalin_app::stats::RegistryCounts;
use jalin_domain::reference::{DiplomaticRelations, RegionType};
use serde::Deserialize;

/// The figures shown on the home page.
pub struct Figure {
    pub value: String,
    pub label: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub t: Tr,
    pub layout: Layout,
    pub figures: Vec<Figure>,
    pub by_form: Vec<Figure>,
    pub rows: Vec<AgreementRow>,
    pub chart: String,
    pub chart_table: Vec<(String, Vec<u64>)>,
    pub chart_forms: Vec<String>,
    pub world_map: String,
}

pub async fn home(State(state): State<AppState>, caller: Caller, uri: Uri) -> Response {
    let t = Tr::new(caller.lang);
    // The figures are the public registry's, whoever looks.
    let public = state.app.ctx(Actor::Anonymous, caller.ctx.request_id.clone());
    let figures = match state.app.key_figures(&public).await {
        Ok(f) => f,
        Err(e) => return page_error(uri.path(), e),
    };
    let recent = state
        .app
        .list_agreement_views(
            &public,
            &AgreementQuery {
                status: Some("in_force".into()),
                ..AgreementQuery::default()
            },
            Page::new(Some(8), None),
        )
        .await
        .map(|l| l.items)
        .unwrap_or_default();
    let reference = state.app.reference();
    let yearly = state.app.yearly_by_form(&public, None).await.unwrap_or_default();
    let (chart, chart_table, chart_forms) = super::charts::yearly_chart(&t, &yearly);
    let world_map = super::charts::world_partnerships(&state, &t, &public).await;
    render(&HomePage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("home.title")).in_section("home", super::here(&uri)),
        figures: vec![
            Figure {
                value: t.number(figures.in_force),
                label: t.t("home.figure_in_force").to_owned(),
                href: "/kerja-sama?status=in_force".into(),
            },
            Figure {
                value: t.number(figures.regions_with_foreign),
                label: t.t("home.figure_regions_with").to_owned(),
                href: "/peta".into(),
            },
            Figure {
                value: t.number(figures.regions_without_foreign),
                label: t.t("home.figure_regions_without").to_owned(),
                href: "/peta#tanpa-kerja-sama".into(),
            },
            Figure {
                value: t.number(figures.countries),
                label: t.t("home.figure_countries").to_owned(),
                href: "/peta".into(),
            },
            Figure {
                value: t.number(figures.sdg_goals),
                label: t.t("home.figure_sdgs").to_owned(),
                href: "/sdg".into(),
            },
        ],
        by_form: figures
            .in_force_by_form
            .iter()
            .map(|(f, n)| Figure {
                value: t.number(*n),
                label: t.code("form", f.as_str()),
                href: format!("/kerja-sama?form={}&status=in_force", f.as_str()),
            })
            .collect(),
        rows: recent.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
        chart,
        chart_table,
        chart_forms,
        world_map,
    })
}

pub struct DatasetView {
    pub name: String,
    pub rows: i64,
    pub version: String,
    pub source: String,
    pub attribution: String,
}

#[derive(Template)]
#[template(path = "about.html")]
pub struct AboutPage {
    pub t: Tr,
    pub layout: Layout,
    pub datasets: Vec<DatasetView>,
}

pub async fn about(State(state): State<AppState>, caller: Caller, uri: Uri) -> Response {
    let t = Tr::new(caller.lang);
    let datasets = state
        .app
        .dataset_versions()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|d| DatasetView {
            name: d.name,
            rows: d.rows,
            version: d.version.chars().take(12).collect(),
            source: d.source,
            attribution: d.attribution,
        })
        .collect();
    render(&AboutPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("about.title")).in_section("about", super::here(&uri)),
        datasets,
    })
}

/// The directory's query string, as typed into the URL.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DirectoryParams {
    pub q: Option<String>,
    pub form: Option<String>,
    pub status: Option<String>,
    pub year: Option<String>,
    pub province: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub field: Option<String>,
    pub sdg: Option<String>,
    pub sort: Option<String>,
    pub offset: Option<i64>,
}

impl DirectoryParams {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let v = |o: &Option<String>| o.clone().unwrap_or_default();
        vec![
            ("q", v(&self.q)),
            ("form", v(&self.form)),
            ("status", v(&self.status)),
            ("year", v(&self.year)),
            ("province", v(&self.province)),
            ("region", v(&self.region)),
            ("country", v(&self.country)),
            ("field", v(&self.field)),
            ("sdg", v(&self.sdg)),
            ("sort", v(&self.sort)),
        ]
    }

    /// This query with one parameter changed (and the page reset).
    fn with(&self, name: &str, value: &str) -> String {
        let pairs: Vec<(&str, String)> = self
            .pairs()
            .into_iter()
            .map(|(k, v)| if k == name { (k, value.to_owned()) } else { (k, v) })
            .collect();
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format!("/kerja-sama{}", query_string(&refs))
    }

    fn at_offset(&self, offset: i64) -> String {
        let mut pairs = self.pairs();
        let off = offset.to_string();
        if offset > 0 {
            pairs.push(("offset", off));
        }
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format!("/kerja-sama{}", query_string(&refs))
    }

    fn query(&self) -> AgreementQuery {
        AgreementQuery {
            form: self.form.clone(),
            region: self.region.clone(),
            province: self.province.clone(),
            country: self.country.clone(),
            field: self.field.clone(),
            sdg: self.sdg.clone(),
            status: self.status.clone(),
            year: self.year.clone(),
            partner: None,
            q: self.q.clone(),
            sort: self.sort.clone(),
        }
    }
}

/// One facet of the directory: a select with counts.
pub struct FacetView {
    pub name: String,
    pub label: String,
    pub options: Vec<FacetOption>,
    /// The value currently chosen and the link that removes it.
    pub chosen: Option<(String, String)>,
}

pub struct FacetOption {
    pub value: String,
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "directory.html")]
pub struct DirectoryPage {
    pub t: Tr,
    pub layout: Layout,
    pub q: String,
    pub sort: String,
    pub facets: Vec<FacetView>,
    pub any_chosen: bool,
    pub rows: Vec<AgreementRow>,
    pub pager: Pager,
    pub error: Option<String>,
}

const PAGE_SIZE: i64 = 20;

fn facet_label(t: &Tr, state: &AppState, key: &FacetKey) -> (String, String) {
    let reference = state.app.reference();
    match key {
        FacetKey::Form(f) => (f.as_str().to_owned(), t.code("form_short", f.as_str())),
        FacetKey::Status(s) => (s.as_str().to_owned(), t.code("status", s.as_str())),
        FacetKey::Year(y) => (y.to_string(), y.to_string()),
        FacetKey::Region(r) | FacetKey::Province(r) => (
            r.to_string(),
            reference
                .regions
                .get(r)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| r.to_string()),
        ),
        FacetKey::Country(c) => (c.to_string(), country_name(t, &reference, c)),
        FacetKey::Field(f) => (f.to_string(), super::views::field_name(t, &reference, f)),
        FacetKey::SdgGoal(g) => (
            g.to_string(),
            reference
                .sdg_goals
                .iter()
                .find(|x| x.goal == i32::from(*g))
                .map(|x| format!("{g}. {}", if t.is_id() { &x.short_name_id } else { &x.short_name_en }))
                .unwrap_or_else(|| g.to_string()),
        ),
        other => (format!("{other:?}"), format!("{other:?}")),
    }
}

fn facets(t: &Tr, state: &AppState, counts: &RegistryCounts, params: &DirectoryParams) -> Vec<FacetView> {
    let spec: [(&str, FacetKind, &Option<String>); 8] = [
        ("form", FacetKind::Form, &params.form),
        ("status", FacetKind::Status, &params.status),
        ("province", FacetKind::Province, &params.province),
        ("region", FacetKind::Region, &params.region),
        ("country", FacetKind::Country, &params.country),
        ("field", FacetKind::Field, &params.field),
        ("sdg", FacetKind::SdgGoal, &params.sdg),
        ("year", FacetKind::Year, &params.year),
    ];
    spec.iter()
        .map(|(name, kind, current)| {
            let current = current.as_deref().unwrap_or_default();
            let mut options: Vec<FacetOption> = counts
                .of(*kind)
                .iter()
                .filter(|c| !matches!(&c.key, FacetKey::Country(c) if c.is_indonesia()))
                .map(|c| {
                    let (value, label) = facet_label(t, state, &c.key);
                    FacetOption {
                        selected: value == current,
                        value,
                        label,
                        count: c.count,
                    }
                })
                .collect();
            match kind {
                FacetKind::Year => options.sort_by(|a, b| b.value.cmp(&a.value)),
                FacetKind::SdgGoal => options.sort_by_key(|o| o.value.parse::<u32>().unwrap_or(99)),
                FacetKind::Form | FacetKind::Status => {}
                _ => options.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label))),
            }
            options.truncate(200);
            let chosen = (!current.is_empty()).then(|| {
                let label = options
                    .iter()
                    .find(|o| o.selected)
                    .map(|o| o.label.clone())
                    .unwrap_or_else(|| current.to_owned());
                (label, params.with(name, ""))
            });
            FacetView {
                name: (*name).to_owned(),
                label: t.t(&format!("facet.{name}")).to_owned(),
                options,
                chosen,
            }
        })
        .collect()
}

pub async fn directory(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(params): Query<DirectoryParams>,
) -> Response {
    let t = Tr::new(caller.lang);
    let offset = params.offset.unwrap_or(0).max(0);
    let page = Page::new(Some(PAGE_SIZE), Some(offset));
    let layout = Layout::for_caller(&state, &caller, t.t("directory.title")).in_section("registry", super::here(&uri));
    let reference = state.app.reference();
    match state.app.directory(&caller.ctx, &params.query(), page).await {
        Ok((listing, counts)) => {
            let facets = facets(&t, &state, &counts, &params);
            render(&DirectoryPage {
                t,
                layout,
                q: params.q.clone().unwrap_or_default(),
                sort: params.sort.clone().unwrap_or_default(),
                any_chosen: facets.iter().any(|f| f.chosen.is_some()),
                facets,
                rows: listing.items.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
                pager: pager(&t, listing.total, offset, PAGE_SIZE, |o| params.at_offset(o)),
                error: None,
            })
        }
        Err(jalin_app::AppError::Invalid(errors)) => {
            let message = super::field_errors_text(&errors);
            let mut r = render(&DirectoryPage {
                t,
                layout,
                q: params.q.clone().unwrap_or_default(),
                sort: String::new(),
                facets: Vec::new(),
                any_chosen: false,
                rows: Vec::new(),
                pager: Pager::default(),
                error: Some(message),
            });
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => page_error(uri.path(), e),
    }
}

/// A dated event of an agreement's life.
pub struct TimelineEntry {
    pub date: String,
    pub label: String,
}

pub struct ActivityView {
    pub date: String,
    pub title: String,
}

/// One suggested SDG target with the words that triggered it.
pub struct SuggestionView {
    pub target: String,
    pub goal_name: String,
    pub title: String,
    pub matched: Vec<String>,
    /// Where the confirm and reject forms post.
    pub action: String,
}

/// Suggested SDG targets, for readers who may change the agreement.
pub struct SdgPanel {
    pub items: Vec<SuggestionView>,
}

/// The goal's short name in the reader's language.
pub fn goal_name(t: &Tr, reference: &jalin_app::reference::ReferenceSnapshot, goal: i32) -> String {
    reference
        .sdg_goals
        .iter()
        .find(|g| g.goal == goal)
        .map(|g| {
            if t.is_id() {
                g.short_name_id.clone()
            } else {
                g.short_name_en.clone()
            }
        })
        .unwrap_or_default()
}

/// Views of suggestions; `action` gives each one's form target.
pub fn suggestion_views(
    t: &Tr,
    reference: &jalin_app::reference::ReferenceSnapshot,
    items: Vec<jalin_app::ports::sdg::SdgSuggestion>,
    action: impl Fn(&str) -> String,
) -> Vec<SuggestionView> {
    items
        .into_iter()
        .map(|s| SuggestionView {
            goal_name: goal_name(t, reference, s.goal),
            action: action(&s.target),
            target: s.target,
            title: s.title_en,
            matched: s.matched,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "agreement.html")]
pub struct AgreementPage {
    pub t: Tr,
    pub layout: Layout,
    pub title: String,
    pub title_other: Option<String>,
    pub description: Option<String>,
    pub form_label: String,
    pub subtype_label: String,
    pub tier_label: String,
    pub status: String,
    pub status_label: String,
    pub legal_basis: String,
    pub parties: Vec<PartyView>,
    pub objects: Vec<String>,
    pub fields: Vec<String>,
    pub sdgs: Vec<LinkView>,
    pub timeline: Vec<TimelineEntry>,
    pub flags: Vec<String>,
    pub activities: Vec<ActivityView>,
    pub demo: bool,
    pub api_href: String,
    /// Agreements with similar text (from the search index), that the reader may see.
    pub similar: Vec<LinkView>,
    pub sdg_panel: Option<SdgPanel>,
}

pub async fn agreement(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> Response {
    let t = Tr::new(caller.lang);
    let view = match state.app.get_agreement_view(&caller.ctx, &id).await {
        Ok(v) => v,
        Err(e) => return page_error(uri.path(), e),
    };
    let activities = state.app.list_activities(&caller.ctx, &id).await.unwrap_or_default();
    // Without a search index (or on its failure) the page simply has no such list.
    let similar = state
        .app
        .similar_agreements(&caller.ctx, &id, 5)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|h| LinkView {
            href: h.href,
            text: h.title,
        })
        .collect();
    let reference = state.app.reference();
    let a = &view.agreement;
    let sdg_panel = if state.app.can_edit_agreement(&caller.ctx, a) {
        match state.app.agreement_sdg_suggestions(&caller.ctx, &id, None).await {
            Ok(items) => Some(SdgPanel {
                items: suggestion_views(&t, &reference, items, |target| {
                    format!("/kerja-sama/{}/sdg/{target}", a.id)
                }),
            }),
            Err(e) => {
                tracing::warn!(error = %e, agreement = %a.id, "SDG suggestions not shown");
                None
            }
        }
    } else {
        None
    };
    let mut timeline = Vec::new();
    for (date, key) in [
        (a.signed_on, "agreement.signed_on"),
        (a.effective_on, "agreement.effective_on"),
        (view.flags.extension_deadline, "agreement.extension_deadline"),
        (a.expires_on, "agreement.expires_on"),
    ] {
        if let Some(d) = date {
            timeline.push((d, t.t(key).to_owned()));
        }
    }
    timeline.sort_by_key(|(d, _)| *d);
    let mut flags = Vec::new();
    if view.flags.expiring {
        flags.push(t.fmt("flag.expiring", &[("days", &view.flags.days_to_expiry.unwrap_or(0))]));
    }
    if view.flags.dormant {
        flags.push(t.t("flag.dormant").to_owned());
    }
    if view.flags.renewal_of_text_due {
        flags.push(t.t("flag.renewal_of_text_due").to_owned());
    }
    let legal = jalin_domain::legal_basis::find(&a.legal_basis)
        .map(|b| {
            if t.is_id() {
                b.label_id.to_owned()
            } else {
                b.label_en.to_owned()
            }
        })
        .unwrap_or_else(|| a.legal_basis.clone());
    render(&AgreementPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.pick(&a.title_id, a.title_en.as_deref()))
            .in_section("registry", super::here(&uri)),
        title: t.pick(&a.title_id, a.title_en.as_deref()).to_owned(),
        title_other: if t.is_id() {
            a.title_en.clone()
        } else {
            Some(a.title_id.clone())
        },
        description: if t.is_id() {
            a.description_id.clone().or(a.description_en.clone())
        } else {
            a.description_en.clone().or(a.description_id.clone())
        },
        form_label: t.code("form", a.form.as_str()),
        subtype_label: t.code("subtype", a.subtype.as_str()),
        tier_label: t.code("tier", a.tier.as_str()),
        status: a.status.as_str().to_owned(),
        status_label: t.code("status", a.status.as_str()),
        legal_basis: legal,
        parties: a.parties.iter().map(|p| party_view(&t, &reference, p)).collect(),
        objects: a
            .objects
            .iter()
            .map(|o| t.code("object", o.as_str()))
            .chain(a.other_object.iter().cloned())
            .collect(),
        fields: a
            .fields
            .iter()
            .map(|f| super::views::field_name(&t, &reference, f))
            .collect(),
        sdgs: a
            .sdgs
            .iter()
            .map(|s| LinkView {
                href: format!("/sdg/{}", s.goal()),
                text: format!("SDG {}", s.as_str()),
            })
            .collect(),
        timeline: timeline
            .into_iter()
            .map(|(d, label)| TimelineEntry {
                date: t.date(&d),
                label,
            })
            .collect(),
        flags,
        activities: activities
            .into_iter()
            .map(|x| ActivityView {
                date: t.date(&x.occurred_on),
                title: x.title,
            })
            .collect(),
        demo: a.is_demo,
        api_href: format!("/api/v1/agreements/{}", a.id),
        similar,
        sdg_panel,
    })
}

/// Confirms or rejects a suggested SDG target from the agreement page, then returns there.
pub async fn decide_sdg(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path((id, target)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let decision = fields
        .iter()
        .find(|(k, _)| k == "decision")
        .and_then(|(_, v)| jalin_app::ports::store::SdgDecisionKind::parse(v.trim()));
    let Some(decision) = decision else {
        return page_error(
            uri.path(),
            jalin_app::AppError::invalid("decision", "invalid_choice", "confirmed or rejected"),
        );
    };
    match state
        .app
        .decide_sdg_suggestion(&caller.ctx, &id, &target, decision)
        .await
    {
        Ok(_) => axum::response::Redirect::to(&format!("/kerja-sama/{id}#saran-sdg")).into_response(),
        Err(e) => page_error(uri.path(), e),
    }
}

#[derive(Template)]
#[template(path = "region.html")]
pub struct RegionPage {
    pub t: Tr,
    pub layout: Layout,
    pub name: String,
    pub code: String,
    pub type_label: String,
    pub province: Option<LinkView>,
    pub capital: Option<String>,
    pub population: Option<String>,
    pub area: Option<String>,
    pub zone: String,
    pub is_3t: bool,
    pub border: Vec<LinkView>,
    pub outermost_islands: i32,
    pub administrative: bool,
    pub foreign_count: u64,
    pub rows: Vec<AgreementRow>,
    pub total: i64,
    pub partners: Vec<PartyView>,
    pub children: Vec<LinkView>,
    pub map: String,
    pub all_href: String,
    /// The recommender's top partners for this region.
    pub suggestions: Vec<super::opportunities::SuggestionView>,
    /// How many places were ranked, as a sentence.
    pub suggestions_hint: String,
    /// Open offers of the opportunity board that fit this region.
    pub offers: Vec<super::opportunities::OfferRow>,
}

pub async fn region(State(state): State<AppState>, caller: Caller, uri: Uri, Path(code): Path<String>) -> Response {
    let t = Tr::new(caller.lang);
    let region = match state.app.get_region(&code).await {
        Ok(r) => r,
        Err(e) => return page_error(uri.path(), e),
    };
    let reference = state.app.reference();
    let is_province = region.region_type == RegionType::Provinsi;
    let query = AgreementQuery {
        region: (!is_province).then(|| region.code.to_string()),
        province: is_province.then(|| region.code.to_string()),
        ..AgreementQuery::default()
    };
    let listing = match state
        .app
        .list_agreement_views(&caller.ctx, &query, Page::new(Some(50), None))
        .await
    {
        Ok(l) => l,
        Err(e) => return page_error(uri.path(), e),
    };
    let with_foreign = state.app.regions_with_foreign_cooperation().await.unwrap_or_default();
    let foreign_count = if is_province {
        with_foreign
            .iter()
            .filter(|(r, _)| r.province() == region.code)
            .map(|(_, n)| n)
            .sum()
    } else {
        with_foreign.get(&region.code).copied().unwrap_or(0)
    };
    let mut partners: Vec<PartyView> = Vec::new();
    for v in &listing.items {
        for p in &v.agreement.parties {
            if p.region_code.as_ref() != Some(&region.code) && !partners.iter().any(|x| x.name == p.name) {
                partners.push(party_view(&t, &reference, p));
            }
        }
    }
    let children = if is_province {
        reference
            .regions
            .values()
            .filter(|r| r.province_code == region.code && r.code != region.code)
            .map(|r| LinkView {
                href: format!("/daerah/{}", r.code),
                text: r.name.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let map = super::charts::region_map(&state, &t, &region.code, &with_foreign);
    // The partner panel is an addition to the page: a failure is logged, not shown.
    let (suggestions, suggestions_hint) = if region.is_administrative {
        (Vec::new(), String::new())
    } else {
        let query = jalin_app::recommend::RecommendationQuery {
            top: Some(10),
            ..Default::default()
        };
        match state
            .app
            .recommend_partners(&caller.ctx, region.code.as_str(), &query)
            .await
        {
            Ok(r) => (
                r.items
                    .iter()
                    .map(|s| super::opportunities::suggestion_view(&t, &reference, s))
                    .collect(),
                t.fmt("region.suggestions_hint", &[("ranked", &t.number(r.total as i64))]),
            ),
            Err(e) => {
                tracing::warn!(error = %e, region = %region.code, "no partner recommendations for the region page");
                (Vec::new(), String::new())
            }
        }
    };
    let offers = match state.app.region_opportunities(&caller.ctx, region.code.as_str()).await {
        Ok(m) => super::opportunities::offer_match_rows(&t, &reference, &m),
        Err(e) => {
            tracing::warn!(error = %e, region = %region.code, "no opportunities for the region page");
            Vec::new()
        }
    };
    let zone = match region.utc_offset {
        Some(8) => "WITA",
        Some(9) => "WIT",
        _ => "WIB",
    };
    render(&RegionPage {
        t,
        layout: Layout::for_caller(&state, &caller, &region.name).in_section("registry", super::here(&uri)),
        name: region.name.clone(),
        code: region.code.to_string(),
        type_label: t.code("region_type", region.region_type.as_str()),
        province: (!is_province).then(|| LinkView {
            href: format!("/daerah/{}", region.province_code),
            text: region.province_name.clone(),
        }),
        capital: region.capital.clone(),
        population: region.population.map(|p| t.number(p)),
        area: region.area_km2.map(|a| format!("{} km²", t.number(a.round() as i64))),
        zone: zone.to_owned(),
        is_3t: region.is_daerah_tertinggal,
        border: region
            .land_border_countries
            .iter()
            .map(|c| LinkView {
                href: format!("/negara/{c}"),
                text: country_name(&t, &reference, c),
            })
            .collect(),
        outermost_islands: region.outermost_small_islands,
        administrative: region.is_administrative,
        foreign_count,
        rows: listing.items.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
        total: listing.total,
        partners,
        children,
        map,
        all_href: format!(
            "/kerja-sama{}",
            query_string(&[(if is_province { "province" } else { "region" }, region.code.as_str())])
        ),
        suggestions,
        suggestions_hint,
        offers,
    })
}

#[derive(Template)]
#[template(path = "country.html")]
pub struct CountryPage {
    pub t: Tr,
    pub layout: Layout,
    pub name: String,
    pub other_name: String,
    pub iso2: String,
    pub relations: String,
    pub relations_ok: bool,
    pub relations_note: Option<String>,
    pub capital: Option<String>,
    pub rows: Vec<AgreementRow>,
    pub total: i64,
    pub regions: Vec<LinkView>,
    pub all_href: String,
}

pub async fn country(State(state): State<AppState>, caller: Caller, uri: Uri, Path(iso2): Path<String>) -> Response {
    let t = Tr::new(caller.lang);
    let country = match state.app.get_country(&iso2).await {
        Ok(c) => c,
        Err(e) => return page_error(uri.path(), e),
    };
    let reference = state.app.reference();
    let query = AgreementQuery {
        country: Some(country.iso2.to_string()),
        ..AgreementQuery::default()
    };
    let listing = match state
        .app
        .list_agreement_views(&caller.ctx, &query, Page::new(Some(50), None))
        .await
    {
        Ok(l) => l,
        Err(e) => return page_error(uri.path(), e),
    };
    let mut regions: Vec<LinkView> = Vec::new();
    for v in &listing.items {
        for p in &v.agreement.parties {
            if let Some(r) = &p.region_code
                && !regions.iter().any(|x| x.text == p.name)
            {
                regions.push(LinkView {
                    href: format!("/daerah/{r}"),
                    text: p.name.clone(),
                });
            }
        }
    }
    let relations_ok = matches!(
        country.diplomatic_relations,
        DiplomaticRelations::Yes | DiplomaticRelations::Itself
    );
    let relations = t.code(
        "relations",
        match country.diplomatic_relations {
            DiplomaticRelations::Yes => "yes",
            DiplomaticRelations::No => "no",
            DiplomaticRelations::Unknown => "unknown",
            DiplomaticRelations::NotApplicable => "not_applicable",
            DiplomaticRelations::Itself => "self",
        },
    );
    let (name, other_name) = if t.is_id() {
        (country.name_id.clone(), country.name_en.clone())
    } else {
        (country.name_en.clone(), country.name_id.clone())
    };
    render(&CountryPage {
        t,
        layout: Layout::for_caller(&state, &caller, &name).in_section("registry", super::here(&uri)),
        name,
        other_name,
        iso2: country.iso2.to_string(),
        relations,
        relations_ok,
        relations_note: country.relations_note.clone(),
        capital: country.capital.clone(),
        rows: listing.items.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
        total: listing.total,
        regions,
        all_href: format!("/kerja-sama?country={}", country.iso2),
    })
}

pub struct GoalView {
    pub goal: i32,
    pub name: String,
    pub count: u64,
    pub href: String,
}

#[derive(Template)]
#[template(path = "sdg_goals.html")]
pub struct SdgGoalsPage {
    pub t: Tr,
    pub layout: Layout,
    pub goals: Vec<GoalView>,
}

pub async fn sdg_goals(State(state): State<AppState>, caller: Caller, uri: Uri) -> Response {
    let t = Tr::new(caller.lang);
    let counts = match state
        .app
        .registry_counts(&caller.ctx, &AgreementQuery::default(), &[FacetKind::SdgGoal])
        .await
    {
        Ok(c) => c,
        Err(e) => return page_error(uri.path(), e),
    };
    let reference = state.app.reference();
    let goals = reference
        .sdg_goals
        .iter()
        .map(|g| GoalView {
            goal: g.goal,
            name: if t.is_id() {
                g.short_name_id.clone()
            } else {
                g.short_name_en.clone()
            },
            count: counts
                .of(FacetKind::SdgGoal)
                .iter()
                .find(|c| c.key == FacetKey::SdgGoal(g.goal as u8))
                .map(|c| c.count)
                .unwrap_or(0),
            href: format!("/sdg/{}", g.goal),
        })
        .collect();
    render(&SdgGoalsPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("sdg.title")).in_section("sdg", super::here(&uri)),
        goals,
    })
}

pub struct TargetView {
    pub code: String,
    pub title: String,
    pub count: u64,
    pub href: String,
}

#[derive(Template)]
#[template(path = "sdg_goal.html")]
pub struct SdgGoalPage {
    pub t: Tr,
    pub layout: Layout,
    pub goal: i32,
    pub name: String,
    pub title_en: String,
    pub targets: Vec<TargetView>,
    pub rows: Vec<AgreementRow>,
    pub total: i64,
    pub all_href: String,
}

pub async fn sdg_goal(State(state): State<AppState>, caller: Caller, uri: Uri, Path(goal): Path<String>) -> Response {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference();
    let Some(g) = goal
        .parse::<i32>()
        .ok()
        .and_then(|n| reference.sdg_goals.iter().find(|g| g.goal == n))
        .cloned()
    else {
        return page_error(uri.path(), jalin_app::AppError::NotFound(format!("SDG {goal}")));
    };
    let targets = state.app.sdg_targets(Some(g.goal)).await.unwrap_or_default();
    let mut views = Vec::new();
    for target in targets {
        let q = AgreementQuery {
            sdg: Some(target.target.clone()),
            ..AgreementQuery::default()
        };
        let count = state
            .app
            .registry_counts(&caller.ctx, &q, &[])
            .await
            .map(|c| c.total)
            .unwrap_or(0);
        views.push(TargetView {
            href: format!("/kerja-sama?sdg={}", target.target),
            code: target.target,
            title: target.title_en,
            count,
        });
    }
    let q = AgreementQuery {
        sdg: Some(g.goal.to_string()),
        ..AgreementQuery::default()
    };
    let listing = match state
        .app
        .list_agreement_views(&caller.ctx, &q, Page::new(Some(20), None))
        .await
    {
        Ok(l) => l,
        Err(e) => return page_error(uri.path(), e),
    };
    let name = if t.is_id() {
        g.short_name_id.clone()
    } else {
        g.short_name_en.clone()
    };
    render(&SdgGoalPage {
        t,
        layout: Layout::for_caller(&state, &caller, &format!("SDG {}: {name}", g.goal))
            .in_section("sdg", super::here(&uri)),
        goal: g.goal,
        name,
        title_en: g.title_en.clone(),
        targets: views,
        rows: listing.items.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
        total: listing.total,
        all_href: format!("/kerja-sama?sdg={}", g.goal),
    })
}

pub struct RegionCount {
    pub href: String,
    pub name: String,
    pub province: String,
    pub count: u64,
    pub is_3t: bool,
    pub border: bool,
}

#[derive(Template)]
#[template(path = "maps.html")]
pub struct MapsPage {
    pub t: Tr,
    pub layout: Layout,
    pub world_map: String,
    pub indonesia_map: String,
    pub countries: Vec<(LinkView, u64)>,
    pub with: Vec<RegionCount>,
    pub without: Vec<RegionCount>,
    pub chart_countries: String,
}

pub async fn maps(State(state): State<AppState>, caller: Caller, uri: Uri) -> Response {
    let t = Tr::new(caller.lang);
    let public = state.app.ctx(Actor::Anonymous, caller.ctx.request_id.clone());
    let reference = state.app.reference();
    let with_foreign = state.app.regions_with_foreign_cooperation().await.unwrap_or_default();
    let counts = state
        .app
        .registry_counts(
            &public,
            &AgreementQuery {
                status: Some("in_force".into()),
                ..AgreementQuery::default()
            },
            &[FacetKind::Country],
        )
        .await
        .unwrap_or_default();
    let countries: Vec<(LinkView, u64)> = counts
        .of(FacetKind::Country)
        .iter()
        .filter_map(|c| match &c.key {
            FacetKey::Country(code) if !code.is_indonesia() => Some((
                LinkView {
                    href: format!("/negara/{code}"),
                    text: country_name(&t, &reference, code),
                },
                c.count,
            )),
            _ => None,
        })
        .collect();
    let mut with = Vec::new();
    let mut without = Vec::new();
    for r in reference.regions.values().filter(|r| !r.is_administrative) {
        let n = with_foreign.get(&r.code).copied().unwrap_or(0);
        let row = RegionCount {
            href: format!("/daerah/{}", r.code),
            name: r.name.clone(),
            province: r.province_name.clone(),
            count: n,
            is_3t: r.is_daerah_tertinggal,
            border: !r.land_border_countries.is_empty() || r.outermost_small_islands > 0,
        };
        if n > 0 { with.push(row) } else { without.push(row) }
    }
    with.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    // 3T and border regions first: they are the ones the opportunity board serves first.
    without
        .sort_by(|a, b| (!a.is_3t, !a.border, &a.province, &a.name).cmp(&(!b.is_3t, !b.border, &b.province, &b.name)));
    let chart_countries = super::charts::countries_chart(&t, &countries);
    render(&MapsPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("maps.title")).in_section("maps", super::here(&uri)),
        world_map: super::charts::world_partnerships(&state, &t, &public).await,
        indonesia_map: super::charts::indonesia(&state, &t, &with_foreign, None),
        countries,
        with,
        without,
        chart_countries,
    })
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub form: Option<String>,
    pub status: Option<String>,
    pub year: Option<String>,
    pub province: Option<String>,
    pub country: Option<String>,
    pub sdg: Option<String>,
    pub offset: Option<usize>,
}

pub struct HitView {
    pub href: String,
    pub title: String,
    pub kind: String,
    /// The snippet as HTML, from [`super::views::snippet_html`].
    pub snippet_html: String,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub t: Tr,
    pub layout: Layout,
    pub q: String,
    pub kind: String,
    pub kinds: Vec<(String, String)>,
    pub facets: Vec<FacetView>,
    pub hits: Vec<HitView>,
    pub pager: Pager,
    pub error: Option<String>,
    pub searched: bool,
}

pub async fn search_page(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(p): Query<SearchParams>,
) -> Response {
    let t = Tr::new(caller.lang);
    let offset = p.offset.unwrap_or(0);
    let query = jalin_app::search::SearchQuery {
        q: p.q.clone(),
        kind: p.kind.clone(),
        form: p.form.clone(),
        status: p.status.clone(),
        year: p.year.clone(),
        province: p.province.clone(),
        country: p.country.clone(),
        sdg: p.sdg.clone(),
        limit: Some(20),
        offset: Some(offset),
        ..Default::default()
    };
    let pairs = |offset: usize| -> String {
        let v = |o: &Option<String>| o.clone().unwrap_or_default();
        let off = offset.to_string();
        let items = [
            ("q", v(&p.q)),
            ("kind", v(&p.kind)),
            ("form", v(&p.form)),
            ("status", v(&p.status)),
            ("year", v(&p.year)),
            ("province", v(&p.province)),
            ("country", v(&p.country)),
            ("sdg", v(&p.sdg)),
            ("offset", if offset > 0 { off } else { String::new() }),
        ];
        let refs: Vec<(&str, &str)> = items.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format!("/cari{}", query_string(&refs))
    };
    let layout = Layout::for_caller(&state, &caller, t.t("search.title")).in_section("search", super::here(&uri));
    let kinds = ["agreement", "partner", "case", "document"]
        .iter()
        .map(|k| ((*k).to_owned(), t.code("search_kind", k)))
        .collect();
    let searched = p.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    match state.app.search(&caller.ctx, &query).await {
        Ok(results) => {
            let current = |name: &str| match name {
                "form" => p.form.clone(),
                "status" => p.status.clone(),
                "year" => p.year.clone(),
                "province" => p.province.clone(),
                "country" => p.country.clone(),
                "sdg" => p.sdg.clone(),
                _ => None,
            };
            let facets = results
                .facets
                .iter()
                .filter(|f| {
                    matches!(
                        f.facet.as_str(),
                        "form" | "status" | "year" | "province" | "country" | "sdg"
                    )
                })
                .map(|f| {
                    let chosen = current(&f.facet).unwrap_or_default();
                    let mut options: Vec<FacetOption> = f
                        .values
                        .iter()
                        .map(|(value, count)| {
                            let key = match f.facet.as_str() {
                                "form" => value.parse().ok().map(FacetKey::Form),
                                "status" => value.parse().ok().map(FacetKey::Status),
                                "province" => value.parse().ok().map(FacetKey::Province),
                                "country" => value.parse().ok().map(FacetKey::Country),
                                "sdg" => value.parse().ok().map(FacetKey::SdgGoal),
                                _ => None,
                            };
                            let label = key
                                .map(|k| facet_label(&t, &state, &k).1)
                                .unwrap_or_else(|| value.clone());
                            FacetOption {
                                selected: *value == chosen,
                                value: value.clone(),
                                label,
                                count: *count,
                            }
                        })
                        .collect();
                    if f.facet == "year" {
                        options.sort_by(|a, b| b.value.cmp(&a.value));
                    }
                    FacetView {
                        name: f.facet.clone(),
                        label: t.t(&format!("facet.{}", f.facet)).to_owned(),
                        options,
                        chosen: None,
                    }
                })
                .collect();
            render(&SearchPage {
                t,
                layout,
                q: p.q.clone().unwrap_or_default(),
                kind: p.kind.clone().unwrap_or_default(),
                kinds,
                facets,
                hits: results
                    .hits
                    .into_iter()
                    .map(|h| HitView {
                        kind: t.code("search_kind", h.kind.as_str()),
                        href: h.href,
                        title: h.title,
                        snippet_html: super::views::snippet_html(&h.snippet),
                    })
                    .collect(),
                pager: pager(&t, results.total as i64, offset as i64, 20, |o| pairs(o as usize)),
                error: None,
                searched,
            })
        }
        Err(jalin_app::AppError::Invalid(errors)) => {
            let message = super::field_errors_text(&errors);
            let mut r = render(&SearchPage {
                t,
                layout,
                q: p.q.clone().unwrap_or_default(),
                kind: String::new(),
                kinds,
                facets: Vec::new(),
                hits: Vec::new(),
                pager: Pager::default(),
                error: Some(message),
                searched,
            });
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => page_error(uri.path(), e),
    }
}
