//! The stage deadlines of the cases an actor may read, for calendar feeds (ADR 0016).

use super::support::{def_of, state_of};
use super::{Cases, TimerView, timer_view};
use crate::AppResult;
use crate::ctx::Ctx;
use crate::ports::store::{CaseFilter, Page};
use jalin_domain::case::Case;

/// A case in a stage with time limits, and those limits as the case page shows them.
#[derive(Debug, Clone)]
pub struct CaseDeadlines {
    pub case: Case,
    pub timers: Vec<TimerView>,
}

impl Cases {
    /// Every readable case whose current stage has a dated time limit. Scope is the one of
    /// [`Cases::list_cases`], so a feed never shows more than the case list does.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn stage_deadlines(&self, ctx: &Ctx) -> AppResult<Vec<CaseDeadlines>> {
        let listing = self.list_cases(ctx, CaseFilter::default(), Page::all()).await?;
        let snapshot = self.reference();
        let mut out = Vec::new();
        for summary in listing.items {
            let case = summary.case;
            let state = state_of(def_of(&case)?, &case)?;
            let timers: Vec<TimerView> = state
                .timers
                .iter()
                .map(|t| timer_view(t, &case, &snapshot, self, ctx.today))
                .filter(|t| t.deadline.is_some())
                .collect();
            if !timers.is_empty() {
                out.push(CaseDeadlines { case, timers });
            }
        }
        Ok(out)
    }
}
