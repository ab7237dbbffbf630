//! The in-process registry index: a projection of the agreements table that answers the
//! registry's filtered, counted and ordered lists in microseconds and gives facet counts
//! for the directory.
//!
//! It is kept in step with the database by the registry's change counter
//! (`registry_state`): every insert or update takes the next change number in commit
//! order, and deleting agreements bumps a generation. Before answering, the index reads
//! the counter (one small query) and loads only the entries changed since; a new
//! generation makes it reload everything. So several application nodes sharing one
//! PostgreSQL database each see every committed change on their next request.

use crate::ports::store::{
    AgreementFilter, AgreementOrder, Page, RegistryEntry, RegistryVersion, StoreResult, Tx, Visibility,
};
use jalin_domain::agreement::{AgreementStatus, Form, VerificationStatus};
use jalin_domain::codes::{CountryCode, RegionCode, SdgLevel, UrusanCode};
use jalin_domain::ids::{AgreementId, PartnerId};
use roaring::RoaringBitmap;
use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};
use tokio::sync::{RwLock, RwLockReadGuard};

/// One value an agreement can be filtered or counted by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FacetKey {
    Form(Form),
    Status(AgreementStatus),
    Year(i32),
    Region(RegionCode),
    Province(RegionCode),
    Country(CountryCode),
    Partner(PartnerId),
    Field(UrusanCode),
    SdgGoal(u8),
    SdgTarget(String),
    Sdg(String),
    Demo(bool),
    Verification(VerificationStatus),
}

/// The kinds of facet the directory counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    Form,
    Status,
    Year,
    Region,
    Province,
    Country,
    Field,
    SdgGoal,
}

impl FacetKey {
    fn kind(&self) -> Option<FacetKind> {
        Some(match self {
            Self::Form(_) => FacetKind::Form,
            Self::Status(_) => FacetKind::Status,
            Self::Year(_) => FacetKind::Year,
            Self::Region(_) => FacetKind::Region,
            Self::Province(_) => FacetKind::Province,
            Self::Country(_) => FacetKind::Country,
            Self::Field(_) => FacetKind::Field,
            Self::SdgGoal(_) => FacetKind::SdgGoal,
            _ => return None,
        })
    }
}

fn keys_of(e: &RegistryEntry) -> Vec<FacetKey> {
    let mut keys = vec![
        FacetKey::Form(e.form),
        FacetKey::Status(e.status),
        FacetKey::Demo(e.is_demo),
        FacetKey::Verification(e.verification),
    ];
    if let Some(y) = e.year {
        keys.push(FacetKey::Year(y));
    }
    keys.extend(e.regions.iter().cloned().map(FacetKey::Region));
    keys.extend(e.provinces.iter().cloned().map(FacetKey::Province));
    keys.extend(e.countries.iter().cloned().map(FacetKey::Country));
    keys.extend(e.partners.iter().copied().map(FacetKey::Partner));
    keys.extend(e.fields.iter().cloned().map(FacetKey::Field));
    for s in &e.sdgs {
        keys.push(FacetKey::SdgGoal(s.goal()));
        if let Some(t) = s.target() {
            keys.push(FacetKey::SdgTarget(t));
        }
        keys.push(FacetKey::Sdg(s.as_str().to_owned()));
    }
    keys.sort();
    keys.dedup();
    keys
}

/// `YYYY-MM-DD` → `YYYYMMDD` as a number (0 when undated).
fn date_number(sort_key: &str) -> u32 {
    sort_key
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
}

/// Sort key of "newest first": signing date, then id, both descending.
type NewestKey = (Reverse<u32>, Reverse<u128>);
/// Sort key of "recently updated first".
type UpdatedKey = (Reverse<i128>, Reverse<u128>);

struct Slot {
    id: AgreementId,
    /// Interned facet ids (see `IndexState::facet_ids`).
    keys: Vec<u32>,
    newest: NewestKey,
    updated: UpdatedKey,
    title: (String, u128),
    search_text: String,
}

#[derive(Default)]
pub struct IndexState {
    loaded: bool,
    version: RegistryVersion,
    slots: Vec<Slot>,
    positions: HashMap<AgreementId, u32>,
    /// Facet values are interned: `facet_ids[key]` indexes `facet_keys` and `facets`.
    facet_ids: HashMap<FacetKey, u32>,
    facet_keys: Vec<FacetKey>,
    facets: Vec<RoaringBitmap>,
    all: RoaringBitmap,
    newest: BTreeSet<(NewestKey, u32)>,
    updated: BTreeSet<(UpdatedKey, u32)>,
    title: BTreeSet<((String, u128), u32)>,
    by_id: BTreeSet<(u128, u32)>,
}

/// Result sets at most this large are sorted directly; larger ones are read in index order.
const SORT_DIRECTLY_BELOW: u64 = 8192;

impl IndexState {
    fn intern(&mut self, key: FacetKey) -> u32 {
        if let Some(&id) = self.facet_ids.get(&key) {
            return id;
        }
        let id = self.facet_keys.len() as u32;
        self.facet_ids.insert(key.clone(), id);
        self.facet_keys.push(key);
        self.facets.push(RoaringBitmap::new());
        id
    }

    fn apply(&mut self, e: RegistryEntry) {
        let id_num = e.id.0.as_u128();
        let keys: Vec<u32> = keys_of(&e).into_iter().map(|k| self.intern(k)).collect();
        let slot = Slot {
            id: e.id,
            keys,
            newest: (Reverse(date_number(&e.sort_key)), Reverse(id_num)),
            updated: (Reverse(e.updated_at.unix_timestamp_nanos()), Reverse(id_num)),
            title: (e.title_key, id_num),
            search_text: e.search_text,
        };
        let pos = match self.positions.get(&e.id) {
            Some(&pos) => {
                self.remove_slot(pos);
                pos
            }
            None => {
                let pos = self.slots.len() as u32;
                self.positions.insert(e.id, pos);
                self.slots.push(Slot {
                    id: slot.id,
                    keys: Vec::new(),
                    newest: slot.newest,
                    updated: slot.updated,
                    title: (String::new(), id_num),
                    search_text: String::new(),
                });
                pos
            }
        };
        for k in &slot.keys {
            self.facets[*k as usize].insert(pos);
        }
        self.all.insert(pos);
        self.newest.insert((slot.newest, pos));
        self.updated.insert((slot.updated, pos));
        self.title.insert((slot.title.clone(), pos));
        self.by_id.insert((id_num, pos));
        self.slots[pos as usize] = slot;
    }

    fn remove_slot(&mut self, pos: u32) {
        let slot = &self.slots[pos as usize];
        for k in &slot.keys {
            self.facets[*k as usize].remove(pos);
        }
        self.newest.remove(&(slot.newest, pos));
        self.updated.remove(&(slot.updated, pos));
        self.title.remove(&(slot.title.clone(), pos));
        self.by_id.remove(&(slot.id.0.as_u128(), pos));
        self.all.remove(pos);
    }

    fn filter_keys(filter: &AgreementFilter) -> Vec<FacetKey> {
        let mut keys = Vec::new();
        if let Some(f) = filter.form {
            keys.push(FacetKey::Form(f));
        }
        if let Some(s) = filter.status {
            keys.push(FacetKey::Status(s));
        }
        if let Some(v) = filter.verification {
            keys.push(FacetKey::Verification(v));
        }
        if let Some(y) = filter.year {
            keys.push(FacetKey::Year(y));
        }
        if let Some(r) = &filter.region {
            keys.push(FacetKey::Region(r.clone()));
        }
        if let Some(p) = &filter.province {
            keys.push(FacetKey::Province(p.clone()));
        }
        if let Some(c) = &filter.country {
            keys.push(FacetKey::Country(c.clone()));
        }
        if let Some(p) = filter.partner {
            keys.push(FacetKey::Partner(p));
        }
        if let Some(f) = &filter.field {
            keys.push(FacetKey::Field(f.clone()));
        }
        if let Some(s) = &filter.sdg {
            keys.push(match s.level() {
                SdgLevel::Goal => FacetKey::SdgGoal(s.goal()),
                SdgLevel::Target => FacetKey::SdgTarget(s.as_str().to_owned()),
                SdgLevel::Indicator => FacetKey::Sdg(s.as_str().to_owned()),
            });
        }
        keys
    }

    /// The positions of the agreements that pass every filter.
    pub fn matching(&self, filter: &AgreementFilter) -> RoaringBitmap {
        let empty = RoaringBitmap::new();
        let mut sets: Vec<&RoaringBitmap> = Self::filter_keys(filter)
            .iter()
            .map(|k| {
                self.facet_ids
                    .get(k)
                    .map(|id| &self.facets[*id as usize])
                    .unwrap_or(&empty)
            })
            .collect();
        sets.sort_by_key(|s| s.len());
        let mut result = match sets.split_first() {
            None => self.all.clone(),
            Some((first, rest)) => {
                let mut r = (*first).clone();
                for s in rest {
                    r &= *s;
                }
                r
            }
        };
        if filter.visibility != Visibility::Everything {
            result &= self.visible(&filter.visibility);
        }
        if !filter.words.is_empty() {
            result.retain(|pos| {
                let text = &self.slots[pos as usize].search_text;
                filter.words.iter().all(|w| text.contains(w.as_str()))
            });
        }
        result
    }

    /// The positions a reader with this visibility may see.
    fn visible(&self, visibility: &Visibility) -> RoaringBitmap {
        let facet = |key: FacetKey| {
            self.facet_ids
                .get(&key)
                .map(|id| self.facets[*id as usize].clone())
                .unwrap_or_default()
        };
        let mut set = RoaringBitmap::new();
        for status in [
            AgreementStatus::InForce,
            AgreementStatus::Expired,
            AgreementStatus::Terminated,
        ] {
            set |= facet(FacetKey::Status(status));
        }
        match visibility {
            Visibility::Everything => return self.all.clone(),
            Visibility::Public => {}
            Visibility::PublicAndRegion(r) => set |= facet(FacetKey::Region(r.clone())),
            Visibility::PublicAndProvince(p) => set |= facet(FacetKey::Province(p.clone())),
        }
        set
    }

    /// One page of `set` in the requested order.
    pub fn page(&self, set: &RoaringBitmap, order: AgreementOrder, page: Page) -> Vec<AgreementId> {
        let skip = page.offset.max(0) as usize;
        let take = page.limit.max(0) as usize;
        let positions: Vec<u32> = if set.len() < SORT_DIRECTLY_BELOW {
            let mut members: Vec<u32> = set.iter().collect();
            match order {
                AgreementOrder::Newest => members.sort_by_key(|p| self.slots[*p as usize].newest),
                AgreementOrder::RecentlyUpdated => members.sort_by_key(|p| self.slots[*p as usize].updated),
                AgreementOrder::Title => {
                    members.sort_by(|a, b| self.slots[*a as usize].title.cmp(&self.slots[*b as usize].title))
                }
                AgreementOrder::Id => members.sort_by_key(|p| self.slots[*p as usize].id),
            }
            members.into_iter().skip(skip).take(take).collect()
        } else {
            let pick = |it: &mut dyn Iterator<Item = u32>| -> Vec<u32> {
                it.filter(|p| set.contains(*p)).skip(skip).take(take).collect()
            };
            match order {
                AgreementOrder::Newest => pick(&mut self.newest.iter().map(|(_, p)| *p)),
                AgreementOrder::RecentlyUpdated => pick(&mut self.updated.iter().map(|(_, p)| *p)),
                AgreementOrder::Title => pick(&mut self.title.iter().map(|(_, p)| *p)),
                AgreementOrder::Id => pick(&mut self.by_id.iter().map(|(_, p)| *p)),
            }
        };
        positions.into_iter().map(|p| self.slots[p as usize].id).collect()
    }

    /// How many agreements of `set` carry each value of a facet kind, largest first.
    pub fn counts(&self, set: &RoaringBitmap, kind: FacetKind) -> Vec<(FacetKey, u64)> {
        let mut out: Vec<(FacetKey, u64)> = self
            .facet_keys
            .iter()
            .zip(&self.facets)
            .filter(|(k, _)| k.kind() == Some(kind))
            .map(|(k, b)| (k.clone(), b.intersection_len(set)))
            .filter(|(_, n)| *n > 0)
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    pub fn len(&self) -> u64 {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }
}

/// The index and the lock that guards it.
#[derive(Default)]
pub struct RegistryIndex {
    state: RwLock<IndexState>,
}

const LOAD_BATCH: i64 = 20_000;

impl RegistryIndex {
    /// Whether the index has been loaded (a load in progress counts as not yet).
    pub fn is_loaded(&self) -> bool {
        self.state.try_read().is_ok_and(|state| state.loaded)
    }

    /// The index, brought up to date with the database through `tx`.
    pub async fn fresh(&self, tx: &mut dyn Tx) -> StoreResult<RwLockReadGuard<'_, IndexState>> {
        let version = tx.agreements().registry_version().await?;
        {
            let state = self.state.read().await;
            if state.loaded && state.version == version {
                return Ok(state);
            }
        }
        let mut state = self.state.write().await;
        if !state.loaded || state.version.generation != version.generation {
            *state = IndexState::default();
            state.version.generation = version.generation;
        }
        if state.version.last_seq < version.last_seq || !state.loaded {
            let started = std::time::Instant::now();
            let before = state.len();
            let mut after = state.version.last_seq;
            loop {
                let batch = tx.agreements().registry_entries(after, LOAD_BATCH).await?;
                let Some(last) = batch.last() else { break };
                after = last.change_seq;
                let full = batch.len() as i64 == LOAD_BATCH;
                for e in batch {
                    state.apply(e);
                }
                if !full {
                    break;
                }
            }
            state.version.last_seq = after.max(version.last_seq);
            tracing::debug!(
                entries = state.len(),
                added = state.len().saturating_sub(before),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "registry index refreshed"
            );
        }
        state.loaded = true;
        Ok(state.downgrade())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_sortable_numbers() {
        assert_eq!(date_number("2024-03-09"), 20_240_309);
        assert_eq!(date_number("0000-00-00"), 0);
    }
}
