//! Turning party references (a partner id, a region code, a GeoNames id, a subdivision
//! code or a partner description) into parties, reusing existing partners and creating
//! the missing ones. Used by single creates and by bulk imports alike; imports prefetch
//! everything first so that resolution itself never waits on the database.

use crate::ports::store::{PartnerIdentity, StoreResult, Tx};
use crate::reference::ReferenceSnapshot;
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Party, PartyRef};
use jalin_domain::codes::{GeonameId, RegionCode, SubdivisionCode};
use jalin_domain::ids::PartnerId;
use jalin_domain::partner::{ForeignLevel, NewPartner, Partner, PartnerKind};
use jalin_domain::reference::{City, Subdivision};
use jalin_domain::text::fold;
use std::collections::HashMap;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Region(String),
    Geoname(i64),
    Subdivision(String),
    Name(PartnerKind, Option<String>, String),
}

fn keys_of(p: &Partner) -> Vec<Key> {
    let mut keys = Vec::new();
    if let Some(r) = &p.region_code {
        keys.push(Key::Region(r.to_string()));
    }
    if let Some(g) = p.geonameid {
        keys.push(Key::Geoname(g.0));
    }
    if let Some(s) = &p.subdivision_code {
        keys.push(Key::Subdivision(s.to_string()));
    }
    keys.push(Key::Name(
        p.kind,
        p.country_iso2.as_ref().map(|c| c.to_string()),
        fold(&p.name),
    ));
    keys
}

pub(crate) struct PartyResolver<'a> {
    reference: &'a ReferenceSnapshot,
    now: OffsetDateTime,
    by_id: HashMap<PartnerId, Partner>,
    by_key: HashMap<Key, PartnerId>,
    cities: HashMap<i64, City>,
    subdivisions: HashMap<String, Subdivision>,
    /// Partners created during resolution, to be inserted with the agreements.
    pub new_partners: Vec<Partner>,
}

impl<'a> PartyResolver<'a> {
    /// The reference data the parties are resolved against.
    pub fn reference(&self) -> &'a ReferenceSnapshot {
        self.reference
    }

    pub fn new(reference: &'a ReferenceSnapshot, now: OffsetDateTime) -> Self {
        Self {
            reference,
            now,
            by_id: HashMap::new(),
            by_key: HashMap::new(),
            cities: HashMap::new(),
            subdivisions: HashMap::new(),
            new_partners: Vec::new(),
        }
    }

    fn remember(&mut self, p: Partner) {
        for k in keys_of(&p) {
            self.by_key.entry(k).or_insert(p.id);
        }
        self.by_id.insert(p.id, p);
    }

    /// Loads what resolving `refs` needs. With `all_partners` every stored partner is read
    /// at once (bulk imports); otherwise only the ones the references can match.
    pub async fn prefetch(&mut self, tx: &mut dyn Tx, refs: &[&PartyRef], all_partners: bool) -> StoreResult<()> {
        let mut geonames: Vec<GeonameId> = Vec::new();
        let mut subdivisions: Vec<SubdivisionCode> = Vec::new();
        for r in refs {
            match r {
                PartyRef::City(g) => geonames.push(*g),
                PartyRef::Subdivision(s) => subdivisions.push(s.clone()),
                PartyRef::Described(p) => {
                    if let Some(g) = p.geonameid {
                        geonames.push(g);
                    }
                    if let Some(s) = &p.subdivision_code {
                        subdivisions.push(s.clone());
                    }
                }
                _ => {}
            }
        }
        geonames.sort();
        geonames.dedup();
        subdivisions.sort();
        subdivisions.dedup();
        for chunk in geonames.chunks(500) {
            for c in tx.reference().cities_by_ids(chunk).await? {
                self.cities.insert(c.geonameid.0, c);
            }
        }
        for chunk in subdivisions.chunks(500) {
            for s in tx.reference().subdivisions_by_codes(chunk).await? {
                self.subdivisions.insert(s.code.to_string(), s);
            }
        }
        if all_partners {
            for p in tx.partners().all().await? {
                self.remember(p);
            }
            return Ok(());
        }
        for r in refs {
            let found = match r {
                PartyRef::Partner(id) => tx.partners().get(*id).await?.into_iter().collect(),
                PartyRef::Region(code) => tx.partners().find(&PartnerIdentity::Region(code.clone())).await?,
                PartyRef::City(g) => tx.partners().find(&PartnerIdentity::Geoname(*g)).await?,
                PartyRef::Subdivision(s) => tx.partners().find(&PartnerIdentity::Subdivision(s.clone())).await?,
                PartyRef::Described(p) => {
                    let mut found = Vec::new();
                    for identity in identities_of(p) {
                        found.extend(tx.partners().find(&identity).await?);
                    }
                    found
                }
            };
            for p in found {
                self.remember(p);
            }
        }
        Ok(())
    }

    fn party_of(p: &Partner) -> Party {
        Party {
            partner_id: p.id,
            kind: p.kind,
            name: p.name.clone(),
            region_code: p.region_code.clone(),
            province_code: p.region_code.as_ref().map(RegionCode::province),
            country_iso2: p.country_iso2.clone(),
            geonameid: p.geonameid,
            subdivision_code: p.subdivision_code.clone(),
        }
    }

    fn existing(&self, key: &Key) -> Option<Party> {
        self.by_key
            .get(key)
            .and_then(|id| self.by_id.get(id))
            .map(Self::party_of)
    }

    fn create(&mut self, new: NewPartner) -> Party {
        let partner = new.into_partner(PartnerId::new(), self.now);
        let party = Self::party_of(&partner);
        self.new_partners.push(partner.clone());
        self.remember(partner);
        party
    }

    fn region(&mut self, code: &RegionCode, errors: &mut FieldErrors, field: &str) -> Option<Party> {
        let Some(region) = self.reference.region(code) else {
            errors.push(
                field,
                "unknown_reference",
                format!("there is no region with Kemendagri code {code}"),
            );
            return None;
        };
        if region.is_administrative {
            errors.push(
                field,
                "not_autonomous",
                format!("{} is an administrative unit of Jakarta, not an autonomous region; the party is Provinsi DKI Jakarta", region.name),
            );
            return None;
        }
        if let Some(p) = self.existing(&Key::Region(code.to_string())) {
            return Some(p);
        }
        let name = region.name.clone();
        Some(self.create(NewPartner {
            kind: PartnerKind::IndonesianRegion,
            name,
            name_en: None,
            country_iso2: Some(jalin_domain::codes::CountryCode::indonesia()),
            region_code: Some(code.clone()),
            geonameid: None,
            subdivision_code: None,
            level: None,
            category: None,
            website: None,
            description: None,
        }))
    }

    fn city(&mut self, g: GeonameId, errors: &mut FieldErrors, field: &str) -> Option<Party> {
        let Some(city) = self.cities.get(&g.0).cloned() else {
            errors.push(
                field,
                "unknown_reference",
                format!("there is no city with GeoNames id {g}"),
            );
            return None;
        };
        if city.country_iso2.is_indonesia() {
            errors.push(
                field,
                "invalid_choice",
                format!(
                    "{} is in Indonesia: name Indonesian parties by their Kemendagri region code",
                    city.name
                ),
            );
            return None;
        }
        if let Some(p) = self.existing(&Key::Geoname(g.0)) {
            return Some(p);
        }
        Some(self.create(NewPartner {
            kind: PartnerKind::ForeignRegionalGovernment,
            name: city.name.clone(),
            name_en: None,
            country_iso2: Some(city.country_iso2.clone()),
            region_code: None,
            geonameid: Some(g),
            subdivision_code: None,
            level: Some(ForeignLevel::Local),
            category: None,
            website: None,
            description: None,
        }))
    }

    fn subdivision(&mut self, code: &SubdivisionCode, errors: &mut FieldErrors, field: &str) -> Option<Party> {
        let Some(sub) = self.subdivisions.get(code.as_str()).cloned() else {
            errors.push(
                field,
                "unknown_reference",
                format!("there is no first-level subdivision {code}"),
            );
            return None;
        };
        if sub.country_iso2.is_indonesia() {
            errors.push(
                field,
                "invalid_choice",
                "Indonesian provinces are named by their Kemendagri code",
            );
            return None;
        }
        if let Some(p) = self.existing(&Key::Subdivision(code.to_string())) {
            return Some(p);
        }
        Some(self.create(NewPartner {
            kind: PartnerKind::ForeignRegionalGovernment,
            name: sub.name.clone(),
            name_en: None,
            country_iso2: Some(sub.country_iso2.clone()),
            region_code: None,
            geonameid: sub.geonameid,
            subdivision_code: Some(code.clone()),
            level: Some(ForeignLevel::FirstLevel),
            category: None,
            website: None,
            description: None,
        }))
    }

    fn described(&mut self, new: &NewPartner, errors: &mut FieldErrors, field: &str) -> Option<Party> {
        if new.kind == PartnerKind::IndonesianRegion {
            return match &new.region_code {
                Some(code) => self.region(code, errors, &format!("{field}.region_code")),
                None => None,
            };
        }
        if let Some(c) = &new.country_iso2
            && self.reference.country(c).is_none()
            && !self.reference.is_empty()
        {
            errors.push(
                format!("{field}.country"),
                "unknown_reference",
                format!("there is no country {c}"),
            );
            return None;
        }
        if let Some(g) = new.geonameid {
            if let Some(city) = self.cities.get(&g.0)
                && new.country_iso2.as_ref() != Some(&city.country_iso2)
            {
                errors.push(
                    format!("{field}.geonameid"),
                    "mismatch",
                    format!("GeoNames id {g} ({}) is in {}", city.name, city.country_iso2),
                );
                return None;
            }
            if let Some(p) = self.existing(&Key::Geoname(g.0))
                && p.kind == new.kind
            {
                return Some(p);
            }
        }
        if let Some(s) = &new.subdivision_code {
            if !self.subdivisions.contains_key(s.as_str()) {
                errors.push(
                    format!("{field}.subdivision_code"),
                    "unknown_reference",
                    format!("there is no subdivision {s}"),
                );
                return None;
            }
            if let Some(p) = self.existing(&Key::Subdivision(s.to_string()))
                && p.kind == new.kind
            {
                return Some(p);
            }
        }
        let name_key = Key::Name(
            new.kind,
            new.country_iso2.as_ref().map(|c| c.to_string()),
            fold(&new.name),
        );
        if let Some(p) = self.existing(&name_key) {
            return Some(p);
        }
        Some(self.create(new.clone()))
    }

    /// Resolves one reference; problems are recorded under `field`.
    pub fn resolve(&mut self, r: &PartyRef, errors: &mut FieldErrors, field: &str) -> Option<Party> {
        match r {
            PartyRef::Partner(id) => match self.by_id.get(id) {
                Some(p) => Some(Self::party_of(p)),
                None => {
                    errors.push(
                        format!("{field}.partner_id"),
                        "unknown_reference",
                        format!("there is no partner {id}"),
                    );
                    None
                }
            },
            PartyRef::Region(code) => self.region(code, errors, &format!("{field}.region_code")),
            PartyRef::City(g) => self.city(*g, errors, &format!("{field}.geonameid")),
            PartyRef::Subdivision(s) => self.subdivision(s, errors, &format!("{field}.subdivision_code")),
            PartyRef::Described(p) => self.described(p, errors, &format!("{field}.partner")),
        }
    }
}

/// The identities under which a described partner could already be stored.
pub(crate) fn identities_of(p: &NewPartner) -> Vec<PartnerIdentity> {
    let mut out = Vec::new();
    if let Some(r) = &p.region_code {
        out.push(PartnerIdentity::Region(r.clone()));
    }
    if let Some(g) = p.geonameid {
        out.push(PartnerIdentity::Geoname(g));
    }
    if let Some(s) = &p.subdivision_code {
        out.push(PartnerIdentity::Subdivision(s.clone()));
    }
    out.push(PartnerIdentity::Name {
        kind: p.kind,
        country: p.country_iso2.clone(),
        name_key: fold(&p.name),
    });
    out
}
