//! Calendar feeds of deadlines (ADR 0016): a signed-in user makes a personal iCalendar
//! (RFC 5545) address that shows the deadlines they may read — the time limits of case
//! stages, agreement expiries and the reports their regions owe. The address carries a
//! secret, because calendar clients fetch without a session; only its hash is stored.

use crate::accounts::{random_secret, secret_hash};
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::cases::Cases;
use crate::ctx::{self, Actor, Ctx, UserActor};
use crate::monitoring::Monitoring;
use crate::ports::clock::Clock;
use crate::ports::store::{CalendarFeed, Page, Store};
use crate::registry::{AgreementQuery, Registry};
use crate::shared::ReferenceCache;
use crate::{AppError, AppResult};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Trigger};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::Agreement;
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::codes::RegionCode;
use jalin_domain::monitoring::report::ReportStatus;
use jalin_domain::role::Role;
use std::collections::HashMap;
use std::sync::Arc;
use time::{Date, Duration, OffsetDateTime};

/// The longest label a feed takes, in characters.
pub const LABEL_MAX: usize = 80;

/// Trip reports due further ahead than this are not listed yet (a trip's report is due
/// days after its return).
const TRIP_REPORT_HORIZON_DAYS: i64 = 400;

/// Agreement expiries further back than this are history, not deadlines: left out.
const EXPIRY_HISTORY_DAYS: i64 = 90;

/// The ports and services a feed reads.
pub struct CalendarPorts {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub reference: ReferenceCache,
    pub cases: Arc<Cases>,
    pub registry: Arc<Registry>,
    pub monitoring: Arc<Monitoring>,
}

pub struct CalendarFeeds {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    reference: ReferenceCache,
    cases: Arc<Cases>,
    registry: Arc<Registry>,
    monitoring: Arc<Monitoring>,
}

/// A feed as just created: the secret is shown once, then only its hash exists.
#[derive(Debug, Clone)]
pub struct CreatedFeed {
    pub feed: CalendarFeed,
    pub secret: String,
}

/// One dated deadline, as a calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// Stable across fetches and feeds (RFC 5545 3.8.4.7), e.g. `case-…-stage-…@jalin`.
    pub uid: String,
    pub due_on: Date,
    pub summary: String,
    pub description: String,
    /// The item's page, relative to the public address (`/kasus/…`).
    pub path: String,
    pub region: Option<RegionCode>,
}

/// The account behind `ctx`, which a feed belongs to.
fn owner(ctx: &Ctx) -> AppResult<&UserActor> {
    require(ctx, Action::CalendarFeedOwn)?;
    ctx.actor.user().ok_or(AppError::Unauthorized)
}

/// A forbidden source is left out of a feed, not an error: every role sees some deadlines.
fn or_empty<T>(r: AppResult<Vec<T>>) -> AppResult<Vec<T>> {
    match r {
        Err(AppError::Forbidden(_)) => Ok(Vec::new()),
        other => other,
    }
}

impl CalendarFeeds {
    pub fn new(ports: CalendarPorts) -> Self {
        let CalendarPorts {
            store,
            clock,
            reference,
            cases,
            registry,
            monitoring,
        } = ports;
        Self {
            store,
            clock,
            reference,
            cases,
            registry,
            monitoring,
        }
    }

    /// Creates a feed for the signed-in user; the secret is returned once.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn create_feed(&self, ctx: &Ctx, label: &str, region: Option<&str>) -> AppResult<CreatedFeed> {
        let user = owner(ctx)?;
        let label = label.trim();
        let mut errors = FieldErrors::new();
        if label.chars().count() > LABEL_MAX {
            errors.push("label", "too_long", "a label has at most 80 characters");
        }
        let region = self.feed_region(user, region.map(str::trim).filter(|r| !r.is_empty()), &mut errors);
        errors.finish(())?;
        let secret = random_secret()?;
        let feed = CalendarFeed {
            id: uuid::Uuid::now_v7(),
            user_id: user.id,
            label: if label.is_empty() {
                "Jalin".to_owned()
            } else {
                label.to_owned()
            },
            region,
            created_at: ctx.now,
            revoked_at: None,
        };
        let mut tx = self.store.write().await?;
        tx.calendar_feeds().insert_feed(&feed, &secret_hash(&secret)).await?;
        let event = audit::event(ctx, codes::CALENDAR_FEED_CREATED, "calendar_feed", feed.id)
            .after(serde_json::to_value(&feed).map_err(|e| AppError::Internal(e.into()))?);
        tx.audit().append(&event).await?;
        tx.commit().await?;
        Ok(CreatedFeed { feed, secret })
    }

    /// The region a new feed is narrowed to: a known region the owner may read (their own,
    /// their province's, or any for national roles); a field error otherwise.
    fn feed_region(&self, user: &UserActor, code: Option<&str>, errors: &mut FieldErrors) -> Option<RegionCode> {
        let code = code?;
        let Ok(region) = code.parse::<RegionCode>() else {
            errors.push(
                "region",
                "invalid_region",
                "a Kemendagri region code such as 64.02 or 64",
            );
            return None;
        };
        if self.reference.get().region(&region).is_none() {
            errors.push("region", "unknown_region", format!("no region has the code {code}"));
            return None;
        }
        let within = match (user.role, &user.region) {
            (Role::KemendagriReviewer | Role::KemluReviewer | Role::Administrator, _) => true,
            (Role::ProvinceOfficer, Some(own)) => region.province() == *own,
            (_, Some(own)) => region == *own,
            _ => false,
        };
        if !within {
            errors.push("region", "outside_scope", format!("{code} is not a region you follow"));
            return None;
        }
        Some(region)
    }

    /// The signed-in user's feeds, oldest first, revoked ones included.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_feeds(&self, ctx: &Ctx) -> AppResult<Vec<CalendarFeed>> {
        let user = owner(ctx)?;
        let mut tx = self.store.read().await?;
        Ok(tx.calendar_feeds().feeds_of(user.id).await?)
    }

    /// Revokes one of the user's feeds. Someone else's feed is "not found": its existence
    /// is nobody else's business.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn revoke_feed(&self, ctx: &Ctx, id: &str) -> AppResult<()> {
        let user = owner(ctx)?;
        let not_found = || AppError::NotFound(format!("calendar feed {id}"));
        let id: uuid::Uuid = id.parse().map_err(|_| not_found())?;
        let mut tx = self.store.write().await?;
        let feed = tx.calendar_feeds().feed(id).await?.filter(|f| f.user_id == user.id);
        if feed.is_none() {
            return Err(not_found());
        }
        if !tx.calendar_feeds().revoke_feed(id, ctx.now).await? {
            // Already revoked: nothing changes, nothing to record.
            return Ok(());
        }
        let event = audit::event(ctx, codes::CALENDAR_FEED_REVOKED, "calendar_feed", id);
        tx.audit().append(&event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The iCalendar text of the feed whose secret is `secret`; "not found" for an unknown
    /// or revoked secret and for a deactivated owner. `link_base` is the public address.
    #[tracing::instrument(skip_all)]
    pub async fn render_feed(&self, secret: &str, link_base: &str) -> AppResult<String> {
        let not_found = || AppError::NotFound("calendar feed".to_owned());
        let (actor, region) = {
            let mut tx = self.store.read().await?;
            let feed = tx
                .calendar_feeds()
                .feed_by_hash(&secret_hash(secret))
                .await?
                .filter(|f| f.revoked_at.is_none())
                .ok_or_else(not_found)?;
            let user = tx
                .accounts()
                .user(feed.user_id)
                .await?
                .filter(|u| u.active)
                .ok_or_else(not_found)?;
            let actor = UserActor {
                id: user.id,
                name: user.email.clone(),
                role: user.role,
                region: user.region_code.clone(),
                cases: Vec::new(),
                token_scopes: None,
            };
            (actor, feed.region)
        };
        // The feed reads as its owner would, so it shows exactly what they may read.
        let ctx = ctx::at(
            self.clock.as_ref(),
            Actor::User(actor),
            uuid::Uuid::now_v7().to_string(),
        );
        let mut deadlines = self.deadlines(&ctx).await?;
        if let Some(r) = &region {
            deadlines.retain(|d| d.region.as_ref().is_some_and(|dr| dr == r || dr.province() == *r));
        }
        let sequences = self.sequences(&deadlines, ctx.now).await?;
        Ok(render(&deadlines, &sequences, link_base, ctx.now))
    }

    /// Every deadline the actor may read, by UID order.
    pub async fn deadlines(&self, ctx: &Ctx) -> AppResult<Vec<Deadline>> {
        let mut out = or_empty(self.case_deadlines(ctx).await)?;
        let agreements = or_empty(self.visible_agreements(ctx).await)?;
        out.extend(self.expiries(ctx, &agreements));
        out.extend(self.trip_reports(&agreements).await?);
        out.extend(or_empty(self.reports_due(ctx).await)?);
        out.sort_by(|a, b| a.uid.cmp(&b.uid));
        out.dedup_by(|a, b| a.uid == b.uid);
        Ok(out)
    }

    fn region_name(&self, code: &RegionCode) -> String {
        self.reference
            .get()
            .region(code)
            .map_or_else(|| code.to_string(), |r| r.name.clone())
    }

    async fn case_deadlines(&self, ctx: &Ctx) -> AppResult<Vec<Deadline>> {
        let mut out = Vec::new();
        for cd in self.cases.stage_deadlines(ctx).await? {
            let case = &cd.case;
            let region = self.region_name(&case.region_code);
            for t in &cd.timers {
                let Some(due_on) = t.deadline else { continue };
                out.push(Deadline {
                    uid: format!("case-{}-stage-{}-{}@jalin", case.id, case.state, t.code),
                    due_on,
                    summary: format!("{} — {} ({region})", t.label_id, case.title_id),
                    description: format!(
                        "Tenggat tahap kasus / Case stage time limit: {} / {} ({}).",
                        t.label_id, t.label_en, t.article
                    ),
                    path: format!("/kasus/{}", case.id),
                    region: Some(case.region_code.clone()),
                });
            }
        }
        Ok(out)
    }

    /// The agreements of the actor's regions (every agreement for national roles).
    async fn visible_agreements(&self, ctx: &Ctx) -> AppResult<Vec<Agreement>> {
        let Some(user) = ctx.actor.user() else {
            return Ok(Vec::new());
        };
        let region = user.region.as_ref().map(ToString::to_string);
        let query = match user.role {
            Role::RegionalOfficer | Role::RegionalApprover => AgreementQuery {
                region,
                ..Default::default()
            },
            Role::ProvinceOfficer => AgreementQuery {
                province: region,
                ..Default::default()
            },
            Role::KemendagriReviewer | Role::KemluReviewer | Role::Administrator => AgreementQuery::default(),
            _ => return Ok(Vec::new()),
        };
        Ok(self.registry.list_agreements(ctx, &query, Page::all()).await?.items)
    }

    /// Expiries of these agreements, from `EXPIRY_HISTORY_DAYS` ago on.
    fn expiries(&self, ctx: &Ctx, agreements: &[Agreement]) -> Vec<Deadline> {
        let since = ctx.today - Duration::days(EXPIRY_HISTORY_DAYS);
        let mut out = Vec::new();
        for a in agreements {
            let Some(due_on) = a.expires_on.filter(|d| *d >= since) else {
                continue;
            };
            let region = a.parties.iter().find_map(|p| p.region_code.clone());
            let place = region.as_ref().map(|r| format!(" ({})", self.region_name(r)));
            out.push(Deadline {
                uid: format!("agreement-{}-expiry@jalin", a.id),
                due_on,
                summary: format!("Berakhir: {}{}", a.title_id, place.unwrap_or_default()),
                description: "Masa berlaku kerja sama berakhir / The agreement expires.".to_owned(),
                path: format!("/kerja-sama/{}", a.id),
                region,
            });
        }
        out
    }

    /// Trip reports (PDLN) awaiting their report on these agreements.
    async fn trip_reports(&self, agreements: &[Agreement]) -> AppResult<Vec<Deadline>> {
        let by_id: HashMap<_, _> = agreements.iter().map(|a| (a.id, a)).collect();
        let far = self.clock.now().date() + Duration::days(TRIP_REPORT_HORIZON_DAYS);
        let travels = self
            .store
            .read()
            .await?
            .implementation()
            .travels_awaiting_report(far)
            .await?;
        let mut out = Vec::new();
        for t in travels {
            let Some(a) = by_id.get(&t.agreement_id) else { continue };
            let region = a.parties.iter().find_map(|p| p.region_code.clone());
            let place = region.as_ref().map(|r| format!(" ({})", self.region_name(r)));
            out.push(Deadline {
                uid: format!("trip-{}-report@jalin", t.activity_id),
                due_on: t.report_due_on,
                summary: format!(
                    "Laporan perjalanan {}, {}: {}{}",
                    t.city,
                    t.country,
                    a.title_id,
                    place.unwrap_or_default()
                ),
                description: "Laporan perjalanan dinas luar negeri / Report of the official trip abroad.".to_owned(),
                path: format!("/kerja-sama/{}/pelaksanaan", a.id),
                region,
            });
        }
        Ok(out)
    }

    /// The annual and semester reports the actor's scope owes and has not yet filed.
    async fn reports_due(&self, ctx: &Ctx) -> AppResult<Vec<Deadline>> {
        let view = self.monitoring.report_overview(ctx).await?;
        let mut out = Vec::new();
        for o in view.obligations {
            if matches!(o.status, Some(ReportStatus::Submitted | ReportStatus::Accepted)) {
                continue;
            }
            let period = o.period.label();
            out.push(Deadline {
                uid: format!(
                    "report-{}-{}-{}@jalin",
                    o.agreement_id,
                    o.region_code,
                    period.replace(' ', "-")
                ),
                due_on: o.due_on,
                summary: format!(
                    "{} {period}: {} ({})",
                    o.period.kind.label_id(),
                    o.agreement_title,
                    self.region_name(&o.region_code)
                ),
                description: format!(
                    "{} / {} {period} jatuh tempo / is due.",
                    o.period.kind.label_id(),
                    o.period.kind.label_en()
                ),
                path: format!("/kerja-sama/{}", o.agreement_id),
                region: Some(o.region_code),
            });
        }
        Ok(out)
    }

    /// The SEQUENCE of each event: unchanged events keep theirs, moved ones take the next
    /// (recorded in one write, only when something is new or moved).
    async fn sequences(&self, deadlines: &[Deadline], now: OffsetDateTime) -> AppResult<HashMap<String, i64>> {
        let uids: Vec<String> = deadlines.iter().map(|d| d.uid.clone()).collect();
        let stored: HashMap<String, (Date, i64)> = {
            let mut tx = self.store.read().await?;
            let rows = tx.calendar_feeds().event_versions(&uids).await?;
            rows.into_iter().map(|(uid, due, seq)| (uid, (due, seq))).collect()
        };
        let mut out: HashMap<String, i64> = stored.iter().map(|(u, (_, s))| (u.clone(), *s)).collect();
        let changed: Vec<&Deadline> = deadlines
            .iter()
            .filter(|d| stored.get(&d.uid).is_none_or(|(due, _)| *due != d.due_on))
            .collect();
        if changed.is_empty() {
            return Ok(out);
        }
        let mut tx = self.store.write().await?;
        for d in changed {
            let seq = tx.calendar_feeds().record_event_version(&d.uid, d.due_on, now).await?;
            out.insert(d.uid.clone(), seq);
        }
        tx.commit().await?;
        Ok(out)
    }
}

fn naive(d: Date) -> chrono::NaiveDate {
    // Every `time::Date` Jalin stores lies within chrono's range; the epoch is a harmless
    // stand-in that cannot occur.
    chrono::NaiveDate::from_ymd_opt(d.year(), u32::from(u8::from(d.month())), u32::from(d.day())).unwrap_or_default()
}

/// The feed as iCalendar text: one all-day event per deadline.
/// A display alarm `days` before the deadline, with a stable UID (the crate's default is
/// random, which would change the feed on every fetch).
fn alarm(d: &Deadline, days: i64) -> Alarm {
    Alarm::display(&d.summary, Trigger::before_start(chrono::Duration::days(days)))
        .uid(&format!("{}-alarm-{days}d", d.uid))
        .done()
}

pub fn render(
    deadlines: &[Deadline],
    sequences: &HashMap<String, i64>,
    link_base: &str,
    now: OffsetDateTime,
) -> String {
    let stamp = chrono::DateTime::from_timestamp(now.unix_timestamp(), 0).unwrap_or_default();
    let base = link_base.trim_end_matches('/');
    let mut cal = Calendar::empty();
    cal.append_property(icalendar::Property::new("VERSION", "2.0"));
    cal.append_property(icalendar::Property::new("PRODID", "-//Jalin//Kalender Tenggat//ID"));
    cal.append_property(icalendar::Property::new("CALSCALE", "GREGORIAN"));
    cal.name("Jalin — tenggat / deadlines");
    for d in deadlines {
        let seq = sequences.get(&d.uid).copied().unwrap_or(0);
        let end = d.due_on.next_day().unwrap_or(d.due_on);
        let event = Event::new()
            .uid(&d.uid)
            .timestamp(stamp)
            .starts(naive(d.due_on))
            .ends(naive(end))
            .summary(&d.summary)
            .description(&d.description)
            .url(&format!("{base}{}", d.path))
            .sequence(u32::try_from(seq).unwrap_or(u32::MAX))
            // Reminders a week and a day ahead, in the reader's calendar program.
            .alarm(alarm(d, 7))
            .alarm(alarm(d, 1))
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn an_event_is_all_day_with_its_uid_sequence_and_link() {
        let d = Deadline {
            uid: "case-1-stage-x-t@jalin".into(),
            due_on: date!(2027 - 01 - 31),
            summary: "Tenggat — Kerja sama (Kota Bontang)".into(),
            description: "d".into(),
            path: "/kasus/1".into(),
            region: None,
        };
        let seqs = HashMap::from([(d.uid.clone(), 2)]);
        let text = render(&[d], &seqs, "https://jalin.example/", datetime!(2026-12-06 01:00 UTC));
        assert!(text.contains("UID:case-1-stage-x-t@jalin"), "{text}");
        assert!(text.contains("DTSTART;VALUE=DATE:20270131"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20270201"), "{text}");
        assert!(text.contains("SEQUENCE:2"), "{text}");
        assert!(text.contains("URL:https://jalin.example/kasus/1"), "{text}");
        assert!(text.contains("DTSTAMP:20261206T010000Z"), "{text}");
        assert_eq!(text.matches("BEGIN:VALARM").count(), 2, "{text}");
        assert!(text.contains("TRIGGER;RELATED=START:-PT604800S"), "{text}");
        assert!(text.contains("UID:case-1-stage-x-t@jalin-alarm-7d"), "{text}");
    }
}
