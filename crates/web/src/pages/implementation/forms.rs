//! The implementation page's forms (multipart, so that files can ride along): an action-plan
//! item, an activity with an evidence file, a trip abroad, its permit and its report.
//! Each returns to the page; a refusal shows the page again with the errors and values.

use super::page;
use crate::AppState;
use crate::auth::Caller;
use crate::pages::form::{first, some};
use crate::pages::{PageError, PageResult, field_error_lines};
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect};
use jalin_app::AppError;
use jalin_domain::FieldErrors;
use jalin_domain::monitoring::activity::ActivityInput;
use jalin_domain::monitoring::parse_rupiah;
use jalin_domain::monitoring::plan::{IndicatorInput, PlanItemInput};
use jalin_domain::monitoring::travel::{DelegateInput, PermitInput, TravelInput, TripReportInput};
use std::collections::BTreeMap;

/// A posted form: its text fields in order, and its one file (if any) with its name.
struct Posted {
    text: Vec<(String, String)>,
    file: Option<(String, Bytes)>,
}

impl Posted {
    async fn read(multipart: &mut Multipart) -> Result<Self, AppError> {
        let mut form = Self {
            text: Vec::new(),
            file: None,
        };
        let bad =
            |e: axum::extract::multipart::MultipartError| AppError::BadFile(format!("the form could not be read: {e}"));
        while let Some(field) = multipart.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_owned();
            if field.file_name().is_some() {
                let filename = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(bad)?;
                if !bytes.is_empty() {
                    form.file = Some((filename, bytes));
                }
            } else {
                let value = field.text().await.map_err(bad)?;
                form.text.push((name, value));
            }
        }
        Ok(form)
    }

    fn get(&self, name: &str) -> Option<String> {
        some(first(&self.text, name))
    }

    /// The form's values to show again (the file cannot be).
    fn values(&self) -> BTreeMap<String, String> {
        self.text
            .iter()
            .filter(|(k, _)| k != "_csrf")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// An amount in rupiah, recording a bad one in `errors`.
    fn rupiah(&self, name: &str, errors: &mut FieldErrors) -> Option<i64> {
        self.get(name).and_then(|v| errors.take(name, parse_rupiah(&v)))
    }
}

/// Back to the page at `anchor`, or the page again with the refusal.
async fn answer(
    state: &AppState,
    caller: &Caller,
    uri: &Uri,
    id: &str,
    result: Result<(), AppError>,
    values: BTreeMap<String, String>,
    anchor: &str,
) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/kerja-sama/{id}/pelaksanaan#{anchor}")).into_response()),
        Err(AppError::Invalid(errors)) => page(state, caller, uri, id, field_error_lines(&errors), values).await,
        Err(e) => Err(PageError::new(uri.path(), e)),
    }
}

async fn read(multipart: &mut Multipart, uri: &Uri) -> Result<Posted, PageError> {
    Posted::read(multipart).await.map_err(|e| PageError::new(uri.path(), e))
}

pub async fn add_plan_item(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> PageResult {
    let form = read(&mut multipart, &uri).await?;
    let mut errors = FieldErrors::new();
    let budget_planned = form.rupiah("budget_planned", &mut errors);
    let sdgs: Vec<String> = form
        .get("indicator_sdgs")
        .unwrap_or_default()
        .split([',', ';', ' '])
        .filter(|c| !c.trim().is_empty())
        .map(|c| c.trim().to_owned())
        .collect();
    let indicators = form.get("indicator").map(|text| {
        vec![IndicatorInput {
            text: Some(text),
            sdg_indicators: Some(sdgs),
        }]
    });
    let input = PlanItemInput {
        field: form.get("field"),
        activity: form.get("activity"),
        lead_opd: form.get("lead_opd"),
        partner_unit: form.get("partner_unit"),
        start_on: form.get("start_on"),
        end_on: form.get("end_on"),
        budget_source: form.get("budget_source"),
        budget_planned,
        indicators,
    };
    let result = match errors.finish(()) {
        Err(e) => Err(AppError::Invalid(e)),
        Ok(()) => state
            .app
            .monitoring
            .create_plan_item(&caller.ctx, &id, &input)
            .await
            .map(|_| ()),
    };
    answer(&state, &caller, &uri, &id, result, form.values(), "rencana").await
}

pub async fn record_activity(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> PageResult {
    let form = read(&mut multipart, &uri).await?;
    let mut errors = FieldErrors::new();
    let cost = form.rupiah("cost", &mut errors);
    let participants = form.get("participants").and_then(|p| {
        errors.take(
            "participants",
            p.parse::<i64>()
                .map_err(|_| jalin_domain::error::CodeError::new("invalid_number", "a whole number")),
        )
    });
    let input = ActivityInput {
        occurred_on: form.get("occurred_on"),
        title: form.get("title"),
        kind: form.get("kind"),
        outputs: form.get("outputs"),
        cost,
        participants,
        plan_item_id: form.get("plan_item_id"),
        grant_reference: form.get("grant_reference"),
    };
    let result = match errors.finish(()) {
        Err(e) => Err(AppError::Invalid(e)),
        Ok(()) => record_with_evidence(&state, &caller, &id, &input, form.file.as_ref()).await,
    };
    answer(&state, &caller, &uri, &id, result, form.values(), "kegiatan").await
}

/// The activity, then its evidence file. The file is checked after the activity is stored;
/// a refused file leaves the activity recorded and says why (it can be added again).
async fn record_with_evidence(
    state: &AppState,
    caller: &Caller,
    id: &str,
    input: &ActivityInput,
    file: Option<&(String, Bytes)>,
) -> Result<(), AppError> {
    let activity = state.app.monitoring.record_activity(&caller.ctx, id, input).await?;
    if let Some((name, bytes)) = file {
        state
            .app
            .monitoring
            .add_evidence(&caller.ctx, id, &activity.id.to_string(), bytes, name)
            .await?;
    }
    Ok(())
}

pub async fn record_travel(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> PageResult {
    let form = read(&mut multipart, &uri).await?;
    let mut errors = FieldErrors::new();
    let cost = form.rupiah("cost", &mut errors);
    let names = form
        .text
        .iter()
        .filter(|(k, _)| k == "delegate_name")
        .map(|(_, v)| v.clone());
    let positions: Vec<String> = form
        .text
        .iter()
        .filter(|(k, _)| k == "delegate_position")
        .map(|(_, v)| v.clone())
        .collect();
    let delegation = names
        .enumerate()
        .map(|(i, name)| DelegateInput {
            name: some(name.trim().to_owned()),
            position: positions.get(i).and_then(|p| some(p.trim().to_owned())),
        })
        .collect();
    let input = TravelInput {
        title: form.get("title"),
        delegation: Some(delegation),
        country: form.get("country").map(|c| c.to_ascii_uppercase()),
        city: form.get("city"),
        departure_on: form.get("departure_on"),
        return_on: form.get("return_on"),
        permit_reference: form.get("permit_reference"),
        permit_status: form.get("permit_status"),
        outputs: None,
        cost,
        plan_item_id: form.get("plan_item_id"),
    };
    let result = match errors.finish(()) {
        Err(e) => Err(AppError::Invalid(e)),
        Ok(()) => state
            .app
            .monitoring
            .record_travel(&caller.ctx, &id, &input)
            .await
            .map(|_| ()),
    };
    // The trip form shares field names with the activity form; its values go back under
    // their own keys.
    let mut values = form.values();
    for (from, to) in [("title", "travel_title"), ("cost", "travel_cost")] {
        if let Some(v) = values.remove(from) {
            values.insert(to.to_owned(), v);
        }
    }
    answer(&state, &caller, &uri, &id, result, values, "perjalanan").await
}

pub async fn update_permit(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path((id, trip)): Path<(String, String)>,
    mut multipart: Multipart,
) -> PageResult {
    let form = read(&mut multipart, &uri).await?;
    let input = PermitInput {
        permit_status: form.get("permit_status"),
        permit_reference: form.get("permit_reference"),
    };
    let result = state
        .app
        .monitoring
        .update_permit(&caller.ctx, &id, &trip, &input)
        .await
        .map(|_| ());
    answer(
        &state,
        &caller,
        &uri,
        &id,
        result,
        BTreeMap::new(),
        &format!("perjalanan-{trip}"),
    )
    .await
}

pub async fn file_trip_report(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path((id, trip)): Path<(String, String)>,
    mut multipart: Multipart,
) -> PageResult {
    let form = read(&mut multipart, &uri).await?;
    let result = report_with_document(&state, &caller, &id, &trip, &form).await;
    answer(
        &state,
        &caller,
        &uri,
        &id,
        result,
        BTreeMap::new(),
        &format!("perjalanan-{trip}"),
    )
    .await
}

/// The report's document is stored as evidence of the trip first, then named by the report.
async fn report_with_document(
    state: &AppState,
    caller: &Caller,
    id: &str,
    trip: &str,
    form: &Posted,
) -> Result<(), AppError> {
    let monitoring = &state.app.monitoring;
    let document = match &form.file {
        Some((name, bytes)) => Some(
            monitoring
                .add_evidence(&caller.ctx, id, trip, bytes, name)
                .await?
                .sha256,
        ),
        None => None,
    };
    let input = TripReportInput {
        text: form.get("text"),
        document,
    };
    monitoring
        .file_trip_report(&caller.ctx, id, trip, &input)
        .await
        .map(|_| ())
}
