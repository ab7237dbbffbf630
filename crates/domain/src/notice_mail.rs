//! How a person wants notices by e-mail: at once, in one daily digest at an hour of their
//! own time zone (WIB, WITA, WIT), or not at all; in Indonesian or English; with the kinds
//! they unsubscribed from left out.

use crate::code_enum::code_enum;
use crate::error::CodeError;
use crate::notification::NotificationKind;
use crate::role::Role;
use time::{OffsetDateTime, UtcOffset};

code_enum!(
    /// When notices leave by e-mail.
    DeliveryMode {
        /// One message per notice, as it is raised.
        Immediate = "immediate",
        /// One message a day listing the notices not mailed yet.
        Digest = "digest",
        /// Inbox only.
        Off = "off",
    }
);

code_enum!(
    /// Indonesia's three time zones.
    TimeZone {
        /// Waktu Indonesia Barat, UTC+7.
        Wib = "WIB",
        /// Waktu Indonesia Tengah, UTC+8.
        Wita = "WITA",
        /// Waktu Indonesia Timur, UTC+9.
        Wit = "WIT",
    }
);

code_enum!(
    /// The language of a person's e-mail.
    MailLang {
        Id = "id",
        En = "en",
    }
);

impl TimeZone {
    pub fn offset(self) -> UtcOffset {
        let hours = match self {
            Self::Wib => 7,
            Self::Wita => 8,
            Self::Wit => 9,
        };
        UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
    }
}

/// A person's e-mail preferences. The default mails every notice at once, in Indonesian.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeSettings {
    pub lang: MailLang,
    pub mode: DeliveryMode,
    /// The hour (0–23, in `zone`) of the daily digest.
    pub digest_hour: u8,
    pub zone: TimeZone,
    /// Kinds never mailed (the inbox still shows them).
    pub muted: Vec<NotificationKind>,
}

impl Default for NoticeSettings {
    fn default() -> Self {
        Self {
            lang: MailLang::Id,
            mode: DeliveryMode::Immediate,
            digest_hour: 7,
            zone: TimeZone::Wib,
            muted: Vec::new(),
        }
    }
}

impl NoticeSettings {
    /// The preferences of someone who chose none: national reviewers, who follow hundreds
    /// of agreements, get one digest a day at 07.00 WIB; everyone else each notice at once.
    pub fn default_for(role: Role) -> Self {
        match role {
            Role::KemendagriReviewer | Role::KemluReviewer | Role::Administrator => Self {
                mode: DeliveryMode::Digest,
                ..Self::default()
            },
            _ => Self::default(),
        }
    }

    /// Checks the hour and puts the muted kinds in order without repeats.
    pub fn validated(mut self) -> Result<Self, CodeError> {
        if self.digest_hour > 23 {
            return Err(CodeError::new(
                "invalid_digest_hour",
                format!("the digest hour must be 0–23, not {}", self.digest_hour),
            ));
        }
        self.muted.sort();
        self.muted.dedup();
        Ok(self)
    }

    /// Whether a notice of this kind leaves by e-mail at all.
    pub fn mails(&self, kind: NotificationKind) -> bool {
        self.mode != DeliveryMode::Off && !self.muted.contains(&kind)
    }

    /// The day (in the person's zone) whose digest is due at `now`, if the digest hour of
    /// that day has come.
    pub fn digest_day(&self, now: OffsetDateTime) -> Option<time::Date> {
        if self.mode != DeliveryMode::Digest {
            return None;
        }
        let local = now.to_offset(self.zone.offset());
        (local.hour() >= self.digest_hour).then_some(local.date())
    }

    /// The muted kinds as stored (`expiry,dormancy`).
    pub fn muted_codes(&self) -> String {
        self.muted.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(",")
    }

    /// Reads stored muted kinds, skipping codes this version does not know.
    pub fn parse_muted(codes: &str) -> Vec<NotificationKind> {
        codes.split(',').filter_map(|c| c.parse().ok()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_digest_is_due_from_its_local_hour_on() {
        let wita_eight = NoticeSettings {
            mode: DeliveryMode::Digest,
            digest_hour: 8,
            zone: TimeZone::Wita,
            ..Default::default()
        };
        // 23:30 UTC is 07:30 WITA of the next day: not yet.
        assert_eq!(wita_eight.digest_day(datetime!(2026-12-04 23:30 UTC)), None);
        // 00:00 UTC is 08:00 WITA.
        assert_eq!(
            wita_eight.digest_day(datetime!(2026-12-05 00:00 UTC)),
            Some(time::macros::date!(2026 - 12 - 05))
        );
        assert_eq!(
            NoticeSettings::default_for(Role::KemendagriReviewer).mode,
            DeliveryMode::Digest
        );
        assert_eq!(
            NoticeSettings::default_for(Role::RegionalOfficer).mode,
            DeliveryMode::Immediate
        );
        let immediate = NoticeSettings::default();
        assert_eq!(immediate.digest_day(datetime!(2026-12-05 12:00 UTC)), None);
    }

    #[test]
    fn muted_kinds_and_off_stop_mail() {
        let mut s = NoticeSettings {
            muted: vec![NotificationKind::Opportunity, NotificationKind::Opportunity],
            ..Default::default()
        }
        .validated()
        .unwrap();
        assert_eq!(s.muted.len(), 1);
        assert!(!s.mails(NotificationKind::Opportunity));
        assert!(s.mails(NotificationKind::Expiry));
        s.mode = DeliveryMode::Off;
        assert!(!s.mails(NotificationKind::Expiry));
        assert_eq!(NoticeSettings::parse_muted("expiry,bogus,handoff").len(), 2);
        let bad = NoticeSettings {
            digest_hour: 24,
            ..Default::default()
        };
        assert_eq!(bad.validated().unwrap_err().code, "invalid_digest_hour");
    }
}
