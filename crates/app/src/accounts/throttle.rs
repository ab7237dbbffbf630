//! Counters per key within a window (the `login_attempts` table): failed sign-ins per
//! account, per account and address and per address, and password-reset requests per
//! account and per address.

use crate::AppResult;
use crate::ports::store::Tx;
use time::{Duration, OffsetDateTime};

/// The start of the current window under `key` and what it counted so far (a window
/// that has passed counts nothing).
pub(super) async fn in_window(
    tx: &mut dyn Tx,
    key: &str,
    window: Duration,
    now: OffsetDateTime,
) -> AppResult<(OffsetDateTime, i64)> {
    Ok(match tx.accounts().login_failures(key).await? {
        Some((start, n)) if start + window > now => (start, n),
        _ => (now, 0),
    })
}

/// Counts one more under `key`; the new count.
pub(super) async fn bump(tx: &mut dyn Tx, key: &str, window: Duration, now: OffsetDateTime) -> AppResult<i64> {
    let (start, n) = in_window(tx, key, window, now).await?;
    tx.accounts().set_login_failures(key, start, n + 1).await?;
    Ok(n + 1)
}

/// Seconds until the window under `key` ends, if it counted `limit` or more.
pub(super) async fn refusal(
    tx: &mut dyn Tx,
    key: &str,
    limit: i64,
    window: Duration,
    now: OffsetDateTime,
) -> AppResult<Option<i64>> {
    let (start, n) = in_window(tx, key, window, now).await?;
    Ok((n >= limit).then(|| (start + window - now).whole_seconds().max(1)))
}
