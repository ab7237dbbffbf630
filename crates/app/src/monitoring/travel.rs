//! Official foreign travel (PDLN): recorded as a `visit_out` activity with its travel
//! details, its permit as the issuing authority decided, its trip report; and the sweep
//! that reminds regions of reports due within three days and of overdue ones.

use super::activities::{check_activity_date, check_plan_item};
use super::{Monitoring, record_id};
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::store::Tx;
use crate::{AppError, AppResult};
use jalin_domain::agreement::Agreement;
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::case::Alert;
use jalin_domain::monitoring::activity::ActivityRecord;
use jalin_domain::monitoring::travel::{
    PermitInput, REPORT_REMINDER_DAYS, Travel, TravelInput, TripReport, TripReportInput, TripReportStatus,
};
use time::{Date, Duration};

/// A trip with its activity's title and the state of its report on the reader's day.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TravelView {
    #[serde(flatten)]
    pub travel: Travel,
    pub title: String,
    /// `pending`, `due_soon` (within 3 days), `overdue` or `filed`.
    pub report_status: TripReportStatus,
    pub report_overdue: bool,
}

impl TravelView {
    pub fn new(travel: Travel, activities: &[ActivityRecord], today: Date) -> Self {
        let title = activities
            .iter()
            .find(|a| a.id == travel.activity_id)
            .map(|a| a.title.clone())
            .unwrap_or_default();
        let report_status = travel.report_status(today);
        Self {
            title,
            report_status,
            report_overdue: report_status == TripReportStatus::Overdue,
            travel,
        }
    }
}

impl Monitoring {
    /// The trips of an agreement the actor may see, latest departure first.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn travels(&self, ctx: &Ctx, id: &str) -> AppResult<Vec<TravelView>> {
        Ok(self.implementation(ctx, id).await?.travels)
    }

    /// Records a trip abroad (planned or made) as an activity of a signed agreement.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn record_travel(&self, ctx: &Ctx, id: &str, input: &TravelInput) -> AppResult<TravelView> {
        let grant = require(ctx, Action::MonitoringWrite)?;
        let mut tx = self.store.write().await?;
        let agreement = self.agreement_in_scope(tx.as_mut(), &grant, id).await?;
        let (activity, travel) = input.parse(
            agreement.id,
            self.procedure.trip_report_days,
            ctx.actor.label(),
            ctx.now,
        )?;
        if self.reference.get().country(&travel.country).is_none() {
            return Err(AppError::invalid("country", "unknown_reference", "no such country"));
        }
        check_activity_date(&agreement, "departure_on", travel.departure_on)?;
        check_plan_item(tx.as_mut(), &agreement, activity.plan_item_id).await?;
        tx.implementation().insert_activity(&activity).await?;
        tx.implementation().insert_travel(&travel).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::TRAVEL_RECORDED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(
                        serde_json::json!({"activity": activity.id.to_string(), "country": travel.country,
                        "city": travel.city, "departure_on": travel.departure_on, "return_on": travel.return_on,
                        "permit_status": travel.permit_status, "report_due_on": travel.report_due_on}),
                    ),
            )
            .await?;
        tx.commit().await?;
        Ok(TravelView::new(travel, &[activity], ctx.today))
    }

    /// The trip of the agreement in scope, with its activity, read in `tx`.
    async fn travel_in_scope(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        id: &str,
        activity_id: &str,
    ) -> AppResult<(Agreement, ActivityRecord, Travel)> {
        let grant = require(ctx, Action::MonitoringWrite)?;
        let activity_uuid = record_id("travel", activity_id)?;
        let agreement = self.agreement_in_scope(tx, &grant, id).await?;
        let activity = self.activity_of(tx, agreement.id, activity_uuid, activity_id).await?;
        let travel = tx
            .implementation()
            .travel(activity_uuid)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("travel {activity_id}")))?;
        Ok((agreement, activity, travel))
    }

    /// Records the permit as the authority decided it (requested, issued or refused).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn update_permit(
        &self,
        ctx: &Ctx,
        id: &str,
        activity_id: &str,
        input: &PermitInput,
    ) -> AppResult<TravelView> {
        let (status, reference) = input.parse()?;
        let mut tx = self.store.write().await?;
        let (agreement, activity, current) = self.travel_in_scope(tx.as_mut(), ctx, id, activity_id).await?;
        let travel = Travel {
            permit_status: status,
            permit_reference: reference.or_else(|| current.permit_reference.clone()),
            version: current.version + 1,
            ..current.clone()
        };
        tx.implementation().update_travel(&travel, current.version).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::TRAVEL_PERMIT_UPDATED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(
                        serde_json::json!({"activity": activity_id, "permit_status": travel.permit_status,
                        "permit_reference": travel.permit_reference}),
                    ),
            )
            .await?;
        tx.commit().await?;
        Ok(TravelView::new(travel, &[activity], ctx.today))
    }

    /// Files the report of a trip, after the return; its document, if any, must be one of
    /// the trip's evidence files (uploaded first).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn file_trip_report(
        &self,
        ctx: &Ctx,
        id: &str,
        activity_id: &str,
        input: &TripReportInput,
    ) -> AppResult<TravelView> {
        let mut tx = self.store.write().await?;
        let (agreement, activity, current) = self.travel_in_scope(tx.as_mut(), ctx, id, activity_id).await?;
        let (text, document) = input.parse(&current, ctx.today)?;
        if let Some(d) = &document
            && !activity.evidence.iter().any(|f| &f.sha256 == d)
        {
            return Err(AppError::invalid(
                "document",
                "unknown_reference",
                "upload the document as evidence of this trip first",
            ));
        }
        let travel = Travel {
            report: Some(TripReport {
                text,
                filed_on: ctx.today,
                filed_by: ctx.actor.label(),
                document,
            }),
            version: current.version + 1,
            ..current.clone()
        };
        tx.implementation().update_travel(&travel, current.version).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::TRIP_REPORT_FILED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(serde_json::json!({"activity": activity_id, "filed_on": ctx.today,
                        "late": ctx.today > current.report_due_on})),
            )
            .await?;
        tx.commit().await?;
        Ok(TravelView::new(travel, &[activity], ctx.today))
    }

    /// Raises an inbox alert for each trip report due within three days and for each
    /// overdue one (once per trip, state and due date); how many were new.
    #[tracing::instrument(skip_all)]
    pub async fn run_sweep(&self) -> AppResult<usize> {
        let ctx = crate::ctx::system(self.clock.as_ref(), "monitoring");
        let awaiting = {
            let mut tx = self.store.read().await?;
            tx.implementation()
                .travels_awaiting_report(ctx.today + Duration::days(REPORT_REMINDER_DAYS))
                .await?
        };
        let mut raised = 0;
        for travel in awaiting {
            let mut tx = self.store.write().await?;
            let Some(agreement) = tx.agreements().get(travel.agreement_id).await? else {
                continue;
            };
            let alert = trip_report_alert(&travel, &agreement, &ctx);
            let key = format!("|{}|{}|{}", travel.agreement_id, alert.code, alert.due_on);
            if crate::notifications::publish::raise(tx.as_mut(), &alert, &key, agreement.form.is_foreign()).await? {
                raised += 1;
            }
            tx.commit().await?;
        }
        Ok(raised)
    }
}

fn trip_report_alert(travel: &Travel, agreement: &Agreement, ctx: &Ctx) -> Alert {
    let due = travel.report_due_on;
    let place = format!("{}, {}", travel.city, travel.country);
    let (code, message_id, message_en) = if travel.is_report_overdue(ctx.today) {
        (
            format!("laporan_perjalanan_terlambat:{}", travel.activity_id),
            format!("Laporan perjalanan dinas luar negeri ke {place} terlambat (jatuh tempo {due})."),
            format!("The report of the official trip to {place} is overdue (it was due on {due})."),
        )
    } else {
        (
            format!("laporan_perjalanan:{}", travel.activity_id),
            format!("Laporan perjalanan dinas luar negeri ke {place} jatuh tempo {due}."),
            format!("The report of the official trip to {place} is due on {due}."),
        )
    };
    Alert {
        case_id: None,
        agreement_id: Some(travel.agreement_id),
        code,
        due_on: due,
        message_id,
        message_en,
        region_code: agreement.region_codes().next().cloned(),
        raised_at: ctx.now,
    }
}
