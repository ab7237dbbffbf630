//! Timers: deemed approvals and expiry fire as the regulations say; deadlines and due
//! reports raise alerts (once each). Runs periodically in the server (`jalin serve`) and on
//! demand (`jalin case tick`).

#[allow(unused_imports)]
use super::eligibility::*;
#[allow(unused_imports)]
use super::inputs::*;
#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use super::views::*;
use super::*;
use super::{TransitionInput, timer_view};
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::store::{AgreementFilter, CaseFilter, Page, StoreError};
use crate::reference::ReferenceSnapshot;
use crate::{AppError, AppResult};
use jalin_domain::agreement::AgreementStatus;
use jalin_domain::audit::codes;
use jalin_domain::calendar::add_months;
use jalin_domain::case::{Alert, Case};
use jalin_domain::ids::AgreementId;
use jalin_domain::notification::nearest_threshold;
use jalin_domain::procedure::{Phase, StateDef, TimerDef, TimerEffect, definitions};
use serde::Serialize;
use std::collections::BTreeSet;
use time::{Date, Duration, Month};

/// What one run of the timers did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TimerReport {
    /// Transitions fired by timers (deemed approvals, expiries).
    pub fired: Vec<String>,
    pub alerts_raised: usize,
    /// Registry agreements (without a case) moved to `expired`.
    pub agreements_expired: usize,
}

const LEAD_DAYS: i64 = 30;

/// The step a DPRD time limit fires when silence counts as approval.
const DEEMED_DPRD_APPROVAL: &str = "dprd_dianggap_menyetujui";

/// The alert of a lapsed DPRD time limit. It carries the case's region, so the region's
/// inbox and its province's (which reads the kabupaten/kota under it) both show it.
fn dprd_lapse_alert(case: &Case, t: &TimerDef, deadline: Date, ctx: &Ctx, silence_approves: bool) -> Alert {
    let (id, en) = if silence_approves {
        (
            format!(
                "Tenggat DPRD lewat pada {deadline} tanpa keputusan: persetujuan DPRD dianggap diberikan ({}).",
                t.article
            ),
            format!(
                "The DPRD's time limit ran out on {deadline} without a decision: approval is deemed given ({}).",
                t.article
            ),
        )
    } else {
        (
            format!(
                "Tenggat DPRD lewat pada {deadline} tanpa keputusan. Menurut konfigurasi, diamnya DPRD tidak dianggap persetujuan: catat keputusan DPRD ({}).",
                t.article
            ),
            format!(
                "The DPRD's time limit ran out on {deadline} without a decision. By configuration silence is not approval: record the DPRD's decision ({}).",
                t.article
            ),
        )
    };
    let code = if silence_approves {
        "dianggap_menyetujui"
    } else {
        "terlewati"
    };
    case_alert(case, &format!("{}:{code}", t.code), deadline, ctx, id, en)
}

impl Cases {
    /// Open alerts the actor may see (their region, province, or all), newest first.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_alerts(&self, ctx: &Ctx, limit: i64) -> AppResult<Vec<Alert>> {
        let grant = require(ctx, jalin_domain::authz::Action::AlertRead)?;
        let (region, province) = grant.region_limit();
        let mut tx = self.store.read().await?;
        Ok(tx
            .cases()
            .alerts(region.as_ref(), province.as_ref(), None, limit)
            .await?)
    }

    /// Runs every due timer once.
    #[tracing::instrument(skip_all)]
    pub async fn run_timers(&self) -> AppResult<TimerReport> {
        let ctx = crate::ctx::system(self.clock.as_ref(), "timers");
        let mut report = TimerReport::default();
        let cases = {
            let mut tx = self.store.read().await?;
            tx.cases().list(&CaseFilter::default(), Page::all()).await?.items
        };
        let snapshot = self.reference();
        let mut linked: BTreeSet<AgreementId> = BTreeSet::new();
        for case in cases {
            if let Some(a) = case.agreement_id {
                linked.insert(a);
            }
            let Some(def) = definitions::find(&case.procedure, case.procedure_version) else {
                continue;
            };
            let Some(state) = def.state(&case.state) else { continue };
            if state.is_terminal() {
                continue;
            }
            self.state_timers(&ctx, &case, state, &snapshot, &mut report).await?;
            // Annual reports are due in January (Pasal 35–36).
            if state.phase == Phase::InForce && case.form.is_foreign() && ctx.today.month() == Month::January {
                report.alerts_raised += self.annual_report_alert(&ctx, &case).await?;
            }
        }
        let (expired, alerts) = self.sweep_registry(&ctx, &linked).await?;
        report.agreements_expired = expired;
        report.alerts_raised += alerts;
        Ok(report)
    }

    /// The timers of the case's current stage: the first expired one that fires a
    /// transition fires it (and ends the stage's timers); the others raise their alerts.
    async fn state_timers(
        &self,
        ctx: &Ctx,
        case: &Case,
        state: &StateDef,
        snapshot: &ReferenceSnapshot,
        report: &mut TimerReport,
    ) -> AppResult<()> {
        for t in state.timers {
            let view = timer_view(t, case, snapshot, self, ctx.today);
            let Some(deadline) = view.deadline else { continue };
            match t.effect {
                TimerEffect::Fire(step) if view.expired => {
                    let dprd = step == DEEMED_DPRD_APPROVAL;
                    let silence_approves = self.procedure.dprd_silence_is_approval;
                    let fired = (!dprd || silence_approves) && self.fire(ctx, case, step, t.code, deadline).await?;
                    if fired {
                        report.fired.push(format!("{} {step}", case.id));
                    }
                    if dprd && (fired || !silence_approves) {
                        let alert = dprd_lapse_alert(case, t, deadline, ctx, silence_approves);
                        report.alerts_raised += self.raise(&alert, case.form.is_foreign()).await? as usize;
                    }
                    break;
                }
                TimerEffect::Unlock if view.expired => {
                    let alert = case_alert(
                        case,
                        &format!("{}:terlewati", t.code),
                        deadline,
                        ctx,
                        format!(
                            "Tenggat \"{}\" lewat pada {deadline}; langkah lanjutan kini dapat dilakukan ({}).",
                            t.label_id, t.article
                        ),
                        format!(
                            "The time limit \"{}\" ran out on {deadline}; the next step is now open ({}).",
                            t.label_en, t.article
                        ),
                    );
                    report.alerts_raised += self.raise(&alert, case.form.is_foreign()).await? as usize;
                }
                TimerEffect::Alert => {
                    report.alerts_raised += self
                        .timer_alerts(
                            ctx,
                            case,
                            t.code,
                            t.label_id,
                            t.label_en,
                            t.article,
                            deadline,
                            view.starts_on,
                        )
                        .await?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The alert for last year's annual report of the case's region, when it is owed and
    /// not filed (through a case or a report); how many alerts were raised.
    async fn annual_report_alert(&self, ctx: &Ctx, case: &Case) -> AppResult<usize> {
        let year = ctx.today.year() - 1;
        let period = jalin_domain::monitoring::report::ReportPeriod::annual(year);
        let due = self
            .procedure_config()
            .report_schedule()
            .due_on(&period, &case.region_code);
        let owed = {
            let mut tx = self.store.read().await?;
            self.annual_report_status(tx.as_mut(), &case.region_code, ctx.today)
                .await?
                == Some(false)
        };
        if !owed {
            return Ok(0);
        }
        let alert = case_alert(
            case,
            &format!("laporan_tahunan:{year}"),
            due,
            ctx,
            format!("Laporan tahunan kerja sama {year} jatuh tempo {due} (Permendagri 25/2020 Pasal 35–36)."),
            format!("The {year} annual cooperation report is due on {due} (Permendagri 25/2020 Pasal 35–36)."),
        );
        Ok(self.raise(&alert, case.form.is_foreign()).await? as usize)
    }

    /// Fires a timer's transition as the system; false when it could not (logged).
    async fn fire(&self, ctx: &Ctx, case: &Case, step: &str, timer: &str, deadline: Date) -> AppResult<bool> {
        let mut tx = self.store.write().await?;
        let Some(current) = tx.cases().get(case.id).await? else {
            return Ok(false);
        };
        if current.version != case.version {
            return Ok(false);
        }
        let input = TransitionInput {
            transition: step.to_owned(),
            note: Some(format!(
                "Tenggat {timer} berakhir {deadline} / time limit {timer} ran out on {deadline}"
            )),
            ..Default::default()
        };
        match self.apply_transition(tx.as_mut(), ctx, current, &input).await {
            Ok(_) => {
                tx.commit().await?;
                Ok(true)
            }
            Err(AppError::Refused(reasons)) => {
                let reasons: Vec<String> = reasons.into_iter().map(|r| r.message_en).collect();
                tracing::warn!(case = %case.id, step, reasons = ?reasons, "timer could not fire");
                Ok(false)
            }
            Err(AppError::VersionMismatch { .. }) | Err(AppError::Conflict(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Raises the alert once (by its case, agreement, code and date) and gives it to the
    /// region, its province, and for foreign cooperation Kemendagri where it follows the kind.
    async fn raise(&self, alert: &Alert, foreign: bool) -> AppResult<bool> {
        let key = format!(
            "{}|{}|{}|{}",
            alert.case_id.map(|c| c.to_string()).unwrap_or_default(),
            alert.agreement_id.map(|c| c.to_string()).unwrap_or_default(),
            alert.code,
            alert.due_on
        );
        let mut tx = self.store.write().await?;
        let new = crate::notifications::publish::raise(tx.as_mut(), alert, &key, foreign).await?;
        tx.commit().await?;
        Ok(new)
    }

    #[allow(clippy::too_many_arguments)]
    async fn timer_alerts(
        &self,
        ctx: &Ctx,
        case: &Case,
        code: &str,
        label_id: &str,
        label_en: &str,
        article: &str,
        deadline: Date,
        starts_on: Option<Date>,
    ) -> AppResult<usize> {
        let mut raised = 0;
        let mut alerts = Vec::new();
        match code {
            "akan_berakhir" => {
                if let Some(expiry) = case.value_date("expires_on")
                    && let Some(d) = nearest_threshold(ctx.today, expiry, &self.procedure.expiry_alert_days)
                {
                    alerts.push(case_alert(
                        case,
                        &format!("akan_berakhir:{d}"),
                        expiry,
                        ctx,
                        format!("Kerja sama berakhir {expiry} ({d} hari lagi atau kurang)."),
                        format!("The cooperation ends on {expiry} (in {d} days or less)."),
                    ));
                }
            }
            "laporan_semester" => {
                if let Some(start) = starts_on {
                    // Only the latest semester that fell due: earlier ones were reminded in
                    // their time, and a case opened late is not flooded with the backlog.
                    let mut k = 0;
                    while add_months(start, 6 * (k + 1)) <= ctx.today && k < 40 {
                        k += 1;
                    }
                    if k > 0 {
                        let due = add_months(start, 6 * k);
                        alerts.push(case_alert(
                            case,
                            &format!("laporan_semester:{k}"),
                            due,
                            ctx,
                            format!("Laporan semester ke-{k} jatuh tempo {due} ({article})."),
                            format!("Semester report {k} is due on {due} ({article})."),
                        ));
                    }
                }
            }
            _ => {
                if ctx.today >= deadline - Duration::days(LEAD_DAYS) {
                    alerts.push(case_alert(
                        case,
                        code,
                        deadline,
                        ctx,
                        format!("{label_id}: batas {deadline} ({article})."),
                        format!("{label_en}: deadline {deadline} ({article})."),
                    ));
                }
            }
        }
        for a in alerts {
            raised += self.raise(&a, case.form.is_foreign()).await? as usize;
        }
        Ok(raised)
    }

    /// Registry agreements without a case: expire the ones past their end and raise expiry
    /// alerts. Returns (expired, alerts raised).
    async fn sweep_registry(&self, ctx: &Ctx, linked: &BTreeSet<AgreementId>) -> AppResult<(usize, usize)> {
        let filter = AgreementFilter {
            status: Some(AgreementStatus::InForce),
            ..Default::default()
        };
        let mut offset = 0;
        let mut expired = 0;
        let mut alerts = 0;
        loop {
            let expired_before = expired;
            let page = self
                .registry
                .list_agreements_filtered(&filter, Page::new(Some(Page::MAX_LIMIT), Some(offset)))
                .await?;
            let n = page.items.len() as i64;
            for a in page.items.into_iter().filter(|a| !linked.contains(&a.id)) {
                let Some(expiry) = a.expires_on else { continue };
                if expiry < ctx.today {
                    let mut tx = self.store.write().await?;
                    let mut updated = a.clone();
                    updated.status = AgreementStatus::Expired;
                    updated.updated_at = ctx.now;
                    updated.version = a.version + 1;
                    match tx.agreements().update(&updated, a.version).await {
                        Ok(()) => {
                            tx.audit()
                                .append(
                                    &audit::event(ctx, codes::AGREEMENT_EXPIRED, "agreement", a.id)
                                        .region(a.region_codes().next())
                                        .changes(
                                            &serde_json::json!({"status": a.status.as_str(), "expires_on": expiry}),
                                            &serde_json::json!({"status": updated.status.as_str(), "expires_on": expiry}),
                                        ),
                                )
                                .await?;
                            crate::search::log(tx.as_mut(), vec![crate::search::agreement_key(a.id)], ctx.now).await?;
                            tx.commit().await?;
                            expired += 1;
                        }
                        Err(StoreError::Conflict(_)) => {}
                        Err(e) => return Err(e.into()),
                    }
                    continue;
                }
                if let Some(d) = nearest_threshold(ctx.today, expiry, &self.procedure.expiry_alert_days) {
                    let alert = Alert {
                        case_id: None,
                        agreement_id: Some(a.id),
                        code: format!("akan_berakhir:{d}"),
                        due_on: expiry,
                        message_id: format!("«{}» berakhir {expiry} ({d} hari lagi atau kurang).", a.title_id),
                        message_en: format!(
                            "«{}» ends on {expiry} (in {d} days or less).",
                            a.title_en.as_deref().unwrap_or(&a.title_id)
                        ),
                        region_code: a.region_codes().next().cloned(),
                        raised_at: ctx.now,
                    };
                    alerts += self.raise(&alert, a.form.is_foreign()).await? as usize;
                }
            }
            if n < Page::MAX_LIMIT {
                break;
            }
            // Expired agreements left the in-force list: the next page starts that much earlier.
            offset += n - (expired - expired_before) as i64;
        }
        Ok((expired, alerts))
    }
}

/// An alert about a case; its message starts with the case's title, so an inbox row names
/// its subject.
fn case_alert(case: &Case, code: &str, due_on: Date, ctx: &Ctx, message_id: String, message_en: String) -> Alert {
    let title_en = case.title_en.as_deref().unwrap_or(&case.title_id);
    Alert {
        case_id: Some(case.id),
        agreement_id: case.agreement_id,
        code: code.to_owned(),
        due_on,
        message_id: format!("«{}»: {message_id}", case.title_id),
        message_en: format!("«{title_en}»: {message_en}"),
        region_code: Some(case.region_code.clone()),
        raised_at: ctx.now,
    }
}
