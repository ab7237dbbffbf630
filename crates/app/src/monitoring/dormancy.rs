//! Dormancy notices: each agreement in force that has been quiet for the dormancy period
//! raises one notice per quiet spell (its key carries the last sign of life), for its
//! region, its province and, for foreign cooperation, Kemendagri.

use super::Monitoring;
use crate::AppResult;
use crate::ctx::Ctx;
use crate::notifications::publish;
use crate::ports::store::{Page, Watch};
use jalin_domain::agreement::Agreement;
use jalin_domain::calendar::add_months;
use jalin_domain::case::Alert;
use jalin_domain::notification::DORMANCY_CODE;
use time::Date;

impl Monitoring {
    /// Raises the dormancy notices not raised yet; how many were new.
    #[tracing::instrument(skip_all)]
    pub async fn dormancy_sweep(&self) -> AppResult<usize> {
        let ctx = crate::ctx::system(self.clock.as_ref(), "monitoring");
        let months = self.procedure.dormant_months as i32;
        let quiet_since = add_months(ctx.today, -months);
        let mut offset = 0;
        let mut raised = 0;
        loop {
            let (page, health) = {
                let mut tx = self.store.read().await?;
                let page = tx
                    .agreements()
                    .watch(
                        Watch::QuietSince(quiet_since),
                        None,
                        None,
                        Page::new(Some(Page::MAX_LIMIT), Some(offset)),
                    )
                    .await?;
                let health = self.health_of(tx.as_mut(), &page.items, ctx.today).await?;
                (page, health)
            };
            let n = page.items.len() as i64;
            let mut tx = self.store.write().await?;
            for (agreement, h) in page.items.iter().zip(health) {
                let last = h.last_activity.or(agreement.effective_on).or(agreement.signed_on);
                let alert = dormancy_alert(&ctx, agreement, last, months);
                let key = format!("{}|{DORMANCY_CODE}|{}", agreement.id, alert.due_on);
                raised += publish::raise(tx.as_mut(), &alert, &key, agreement.form.is_foreign()).await? as usize;
            }
            tx.commit().await?;
            if n < Page::MAX_LIMIT {
                break;
            }
            offset += n;
        }
        Ok(raised)
    }
}

/// The notice of one dormant agreement; its date is the last sign of life (or the day it was
/// recorded, when none is known), so the key stays the same for the whole quiet spell.
fn dormancy_alert(ctx: &Ctx, a: &Agreement, last: Option<Date>, months: i32) -> Alert {
    let since = last.unwrap_or(a.created_at.date());
    let title_en = a.title_en.as_deref().unwrap_or(&a.title_id);
    let last_id = last.map_or("belum pernah ada kegiatan tercatat".to_owned(), |d| {
        format!("kegiatan terakhir {d}")
    });
    let last_en = last.map_or("no activity ever recorded".to_owned(), |d| format!("last activity {d}"));
    Alert {
        case_id: None,
        agreement_id: Some(a.id),
        code: format!("{DORMANCY_CODE}:{since}"),
        due_on: since,
        message_id: format!("«{}» tidak aktif (dorman) lebih dari {months} bulan: {last_id}.", a.title_id),
        message_en: format!("«{title_en}» has been dormant for over {months} months: {last_en}."),
        region_code: a.region_codes().next().cloned(),
        raised_at: ctx.now,
    }
}
