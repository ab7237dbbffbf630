//! Partners in the index: visible as the agreements and cases that name them are. A
//! partner named by a signed agreement is public; one named only by drafts, agreements in
//! procedure or cases is visible to their regions and provinces (and national roles), not
//! to the public (issue 13).

use super::partner_key;
use crate::AppResult;
use crate::ports::search::{SearchDoc, SearchKind};
use crate::ports::store::{PartnerReach, Tx};
use jalin_domain::ids::PartnerId;
use jalin_domain::partner::Partner;

/// The index documents of these partners, with their visibility as of now.
pub(super) async fn docs(tx: &mut dyn Tx, ids: &[PartnerId]) -> AppResult<Vec<SearchDoc>> {
    let mut out = Vec::new();
    for id in ids {
        if let Some(p) = tx.partners().get(*id).await? {
            let reach = tx.partners().reach(*id).await?;
            out.push(doc(&p, &reach));
        }
    }
    Ok(out)
}

/// The visibility tokens of a partner (`public`, `region:…`, `province:…`).
fn visibility(reach: &PartnerReach) -> Vec<String> {
    if reach.public {
        return vec!["public".to_owned()];
    }
    let regions = reach.regions.iter().map(|r| format!("region:{r}"));
    let provinces = reach.provinces.iter().map(|p| format!("province:{p}"));
    regions.chain(provinces).collect()
}

fn doc(p: &Partner, reach: &PartnerReach) -> SearchDoc {
    SearchDoc {
        id: partner_key(p.id),
        kind: Some(SearchKind::Partner),
        title: p.name.clone(),
        text_id: p.name.clone(),
        text_en: p.name_en.clone().unwrap_or_default(),
        names: [p.name.as_str(), p.name_en.as_deref().unwrap_or_default()].join(" "),
        href: format!("/kerja-sama?partner={}", p.id),
        countries: p.country_iso2.iter().map(|c| c.to_string()).collect(),
        regions: p.region_code.iter().map(|c| c.to_string()).collect(),
        visibility: visibility(reach),
        ..SearchDoc::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partner_of_drafts_only_is_not_public() {
        let draft = PartnerReach {
            public: false,
            regions: vec!["35.78".parse().unwrap()],
            provinces: vec!["35".parse().unwrap()],
        };
        assert_eq!(visibility(&draft), ["region:35.78", "province:35"]);
        assert!(
            visibility(&PartnerReach::default()).is_empty(),
            "named by nothing: nobody's"
        );
        let signed = PartnerReach { public: true, ..draft };
        assert_eq!(visibility(&signed), ["public"]);
    }
}
