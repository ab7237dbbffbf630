//! Inbox groups: an offer that fits several of the reader's regions is one row naming
//! them all, not one row per region.

use crate::ports::store::InboxEntry;
use jalin_domain::codes::RegionCode;
use jalin_domain::notification::NotificationKind;
use std::collections::HashMap;

/// One row of an inbox as shown: an event, with the regions it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxGroup {
    /// The newest entry of the group (its message and link stand for the group).
    pub first: InboxEntry,
    /// Every alert in the group (what "mark read" marks).
    pub alert_ids: Vec<uuid::Uuid>,
    /// The distinct regions of the group, in order of arrival.
    pub regions: Vec<RegionCode>,
    pub unread: bool,
}

/// Summary of the unread opportunities: how many offers, for how many regions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpportunitySummary {
    pub offers: usize,
    pub regions: usize,
}

/// Groups a page of entries (newest first): the entries of one offer become one group at
/// the place of the newest; every other entry stands alone.
pub fn group(entries: Vec<InboxEntry>) -> Vec<InboxGroup> {
    let mut groups: Vec<InboxGroup> = Vec::new();
    let mut by_offer: HashMap<String, usize> = HashMap::new();
    for e in entries {
        let offer = (e.kind == NotificationKind::Opportunity).then(|| e.alert.code.clone());
        if let Some(i) = offer.as_ref().and_then(|code| by_offer.get(code)) {
            let g = &mut groups[*i];
            g.alert_ids.push(e.alert_id);
            g.unread |= e.read_at.is_none();
            if let Some(r) = e.alert.region_code
                && !g.regions.contains(&r)
            {
                g.regions.push(r);
            }
            continue;
        }
        if let Some(code) = offer {
            by_offer.insert(code, groups.len());
        }
        groups.push(InboxGroup {
            alert_ids: vec![e.alert_id],
            regions: e.alert.region_code.iter().cloned().collect(),
            unread: e.read_at.is_none(),
            first: e,
        });
    }
    groups
}

/// The unread opportunity groups summed up ("5 new opportunities for 3 of your regions").
pub fn opportunity_summary(groups: &[InboxGroup]) -> OpportunitySummary {
    let unread: Vec<&InboxGroup> = groups
        .iter()
        .filter(|g| g.unread && g.first.kind == NotificationKind::Opportunity)
        .collect();
    let mut regions: Vec<&RegionCode> = unread.iter().flat_map(|g| g.regions.iter()).collect();
    regions.sort();
    regions.dedup();
    OpportunitySummary {
        offers: unread.len(),
        regions: regions.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jalin_domain::case::Alert;
    use time::macros::{date, datetime};

    fn entry(code: &str, region: &str, read: bool) -> InboxEntry {
        InboxEntry {
            alert_id: uuid::Uuid::now_v7(),
            kind: NotificationKind::of_alert_code(code),
            read_at: read.then_some(datetime!(2026-12-05 08:00 UTC)),
            alert: Alert {
                case_id: None,
                agreement_id: None,
                code: code.into(),
                due_on: date!(2027 - 01 - 31),
                message_id: format!("{code} {region}"),
                message_en: format!("{code} {region}"),
                region_code: Some(region.parse().unwrap()),
                raised_at: datetime!(2026-12-05 07:00 UTC),
            },
        }
    }

    #[test]
    fn one_offer_for_several_regions_is_one_row() {
        let groups = group(vec![
            entry("peluang:a", "64.01", false),
            entry("akan_berakhir:30", "64.01", false),
            entry("peluang:a", "64.02", true),
            entry("peluang:b", "64.02", true),
            entry("peluang:a", "64.03", false),
            entry("peluang:a", "64.03", false),
        ]);
        assert_eq!(groups.len(), 3);
        assert_eq!(groups[0].alert_ids.len(), 4);
        let names: Vec<String> = groups[0].regions.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["64.01", "64.02", "64.03"]);
        assert!(groups[0].unread);
        assert!(!groups[2].unread);
        assert_eq!(
            opportunity_summary(&groups),
            OpportunitySummary { offers: 1, regions: 3 }
        );
    }
}
