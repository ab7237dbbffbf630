use time::{Date, OffsetDateTime, UtcOffset};

/// The registry's notion of "now". Injected so that tests can fix time.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;

    /// Today's date in Western Indonesian Time (UTC+7), the calendar the registry's
    /// dates (signing, expiry, deadlines) are kept in.
    fn today(&self) -> Date {
        self.now().to_offset(WIB).date()
    }
}

/// Western Indonesian Time, UTC+7.
pub const WIB: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        to_micros(OffsetDateTime::now_utc())
    }
}

/// A UTC timestamp truncated to whole microseconds: the precision both databases keep, so
/// a timestamp reads back equal to what was written.
pub fn to_micros(t: OffsetDateTime) -> OffsetDateTime {
    let t = t.to_offset(UtcOffset::UTC);
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000).unwrap_or(t)
}

/// A clock that stands still (tests, reproducible generation).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}
