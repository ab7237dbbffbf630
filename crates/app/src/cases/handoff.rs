//! Hand-offs: when a transition passes a case to another office, that office is told (and
//! the region, when the case comes back to it), in the transition's own transaction.

use crate::AppResult;
use crate::ctx::Ctx;
use crate::notifications::publish;
use crate::ports::store::Tx;
use jalin_domain::case::{Alert, Case};
use jalin_domain::notification::HANDOFF_CODE;
use jalin_domain::procedure::{Holder, StateDef};

/// Raises the hand-off notice of a transition from `before` to `after` (event `seq` of the
/// case); nothing when the same office keeps the case or nobody holds it now.
pub(super) async fn notify(
    tx: &mut dyn Tx,
    ctx: &Ctx,
    case: &Case,
    before: &StateDef,
    after: &StateDef,
    seq: i64,
    region_name: &str,
) -> AppResult<bool> {
    if before.holder == after.holder || matches!(after.holder, Holder::Nobody | Holder::Partner) {
        return Ok(false);
    }
    let alert = handoff_alert(ctx, case, before, after, region_name);
    let to = publish::recipients_holding(after.holder, &alert, None);
    let key = format!("{}|{HANDOFF_CODE}|{seq}", case.id);
    publish::raise_to(tx, &alert, &key, &to).await
}

fn handoff_alert(ctx: &Ctx, case: &Case, before: &StateDef, after: &StateDef, region_name: &str) -> Alert {
    let title_en = case.title_en.as_deref().unwrap_or(&case.title_id);
    Alert {
        case_id: Some(case.id),
        agreement_id: case.agreement_id,
        code: format!("{HANDOFF_CODE}:{}", after.code),
        due_on: ctx.today,
        message_id: format!(
            "«{}» ({}) berpindah dari {} ke {}: {}.",
            case.title_id,
            region_name,
            before.holder.label_id(),
            after.holder.label_id(),
            after.label_id
        ),
        message_en: format!(
            "«{title_en}» ({region_name}) passed from {} to {}: {}.",
            before.holder.label_en(),
            after.holder.label_en(),
            after.label_en
        ),
        region_code: Some(case.region_code.clone()),
        raised_at: ctx.now,
    }
}
