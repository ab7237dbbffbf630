//! Cooperation agreements: their form, document tier, parties, objects, fields, SDG tags,
//! dates, legal basis and status, and the rules that keep them consistent.

use crate::code_enum::code_enum;
use crate::codes::{CountryCode, GeonameId, RegionCode, SdgCode, SubdivisionCode, UrusanCode};
use crate::error::FieldErrors;
use crate::ids::{AgreementId, PartnerId};
use crate::legal_basis::{self, LegalBasis};
use crate::partner::{PartnerInput, PartnerKind};
use crate::text::non_empty;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::{Date, OffsetDateTime};

code_enum!(
    /// The four forms of regional cooperation of PP 28/2018.
    Form {
        /// With another Indonesian region (*dengan Daerah lain*).
        Ksdd = "KSDD",
        /// With a third party (*dengan Pihak Ketiga*).
        Ksdpk = "KSDPK",
        /// With a foreign regional government (*dengan Pemerintah Daerah di Luar Negeri*).
        Ksdpl = "KSDPL",
        /// With a foreign institution (*dengan Lembaga di Luar Negeri*).
        Ksdll = "KSDLL",
    }
);

impl Form {
    pub fn is_foreign(&self) -> bool {
        matches!(self, Self::Ksdpl | Self::Ksdll)
    }

    /// The sub-types this form has.
    pub fn subtypes(&self) -> &'static [SubType] {
        use SubType::*;
        match self {
            Self::Ksdd => &[Mandatory, Voluntary],
            Self::Ksdpk => &[PublicService, AssetManagement, Investment, OtherThirdParty],
            Self::Ksdpl => &[SisterProvince, SisterCity, OtherForeignGovernment],
            Self::Ksdll => &[Continuation, OtherCentralApproval],
        }
    }
}

code_enum!(
    /// The sub-type within a form.
    SubType {
        /// KSDD *wajib*: bordering regions, cross-border externalities.
        Mandatory = "mandatory",
        /// KSDD *sukarela*.
        Voluntary = "voluntary",
        /// KSDPK: provision of public services.
        PublicService = "public_service",
        /// KSDPK: management of regional assets.
        AssetManagement = "asset_management",
        /// KSDPK: investment.
        Investment = "investment",
        /// KSDPK: other.
        OtherThirdParty = "other_third_party",
        /// KSDPL: *provinsi kembar/bersaudara*.
        SisterProvince = "sister_province",
        /// KSDPL: *kabupaten/kota kembar/bersaudara*.
        SisterCity = "sister_city",
        /// KSDPL: *kerja sama lainnya*.
        OtherForeignGovernment = "other_foreign_government",
        /// KSDLL: continuation of a Central Government cooperation (*penerusan*).
        Continuation = "continuation",
        /// KSDLL: other cooperation with Central Government approval.
        OtherCentralApproval = "other_central_approval",
    }
);

code_enum!(
    /// The kind of document an agreement record stands for.
    DocumentTier {
        /// Letter of Intent (*Pernyataan Kehendak Kerja Sama*), valid at most one year.
        Loi = "loi",
        /// Memorandum of Understanding (*Nota Kesepahaman*).
        Mou = "mou",
        /// Cooperation agreement (*Perjanjian Kerja Sama*).
        Pks = "pks",
        /// Joint agreement (*Kesepakatan Bersama*), domestic framework level.
        KesepakatanBersama = "kesepakatan_bersama",
        /// Amendment (*perubahan / adendum*) of another agreement.
        Amendment = "amendment",
    }
);

code_enum!(
    /// Where an agreement stands in its life.
    AgreementStatus {
        /// Being written; not yet submitted.
        Draft = "draft",
        /// Going through the legal procedure.
        InProcess = "in_process",
        /// Signed and running (*berlaku*).
        InForce = "in_force",
        /// Ran to the end of its term (*berakhir*).
        Expired = "expired",
        /// Ended early by the parties (*diakhiri*).
        Terminated = "terminated",
        /// Abandoned before signing (*dibatalkan*).
        Withdrawn = "withdrawn",
        /// Refused by the DPRD or the Central Government.
        Rejected = "rejected",
    }
);

impl AgreementStatus {
    /// The statuses that describe a signed agreement.
    pub fn is_signed(&self) -> bool {
        matches!(self, Self::InForce | Self::Expired | Self::Terminated)
    }
}

code_enum!(
    /// The legal objects of foreign cooperation (UU 23/2014 Pasal 367; PP 28/2018 Pasal 23).
    LegalObject {
        /// *Pengembangan ilmu pengetahuan dan teknologi*.
        ScienceTechnology = "science_technology",
        /// *Pertukaran budaya*.
        CulturalExchange = "cultural_exchange",
        /// *Peningkatan kemampuan teknis dan manajemen pemerintahan*.
        GovernmentCapacity = "government_capacity",
        /// *Promosi potensi daerah*.
        RegionalPromotion = "regional_promotion",
        /// *Objek lain yang tidak bertentangan dengan peraturan perundang-undangan*.
        Other = "other",
    }
);

/// One party of an agreement, with the identifiers the registry filters on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Party {
    pub partner_id: PartnerId,
    pub kind: PartnerKind,
    pub name: String,
    pub region_code: Option<RegionCode>,
    pub province_code: Option<RegionCode>,
    pub country_iso2: Option<CountryCode>,
    pub geonameid: Option<GeonameId>,
    pub subdivision_code: Option<SubdivisionCode>,
}

/// A registered agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agreement {
    pub id: AgreementId,
    pub form: Form,
    pub subtype: SubType,
    pub tier: DocumentTier,
    pub status: AgreementStatus,
    pub legal_basis: String,
    pub legal_basis_note: Option<String>,
    pub title_id: String,
    pub title_en: Option<String>,
    pub title_partner: Option<String>,
    /// ISO 639 code of the partner's language used in `title_partner`/`description_partner`.
    pub partner_language: Option<String>,
    pub description_id: Option<String>,
    pub description_en: Option<String>,
    pub description_partner: Option<String>,
    pub parties: Vec<Party>,
    pub objects: Vec<LegalObject>,
    pub other_object: Option<String>,
    /// Government affairs (*urusan*) the cooperation covers.
    pub fields: Vec<UrusanCode>,
    pub sdgs: Vec<SdgCode>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub signed_on: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub effective_on: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expires_on: Option<Date>,
    /// A legacy agreement without an end date; its text should be renewed (Permendagri
    /// 25/2020 Pasal 42 huruf b).
    pub open_ended: bool,
    pub amends: Option<AgreementId>,
    pub renews: Option<AgreementId>,
    pub source: Option<String>,
    /// Part of the clearly-labelled demonstration dataset.
    pub is_demo: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    /// Incremented on every change; send it back in `If-Match` to avoid lost updates.
    pub version: i64,
}

impl Agreement {
    /// The year the registry files the agreement under: signing, else entry into force.
    pub fn year(&self) -> Option<i32> {
        self.signed_on.or(self.effective_on).map(|d| d.year())
    }

    /// Indonesian regions among the parties.
    pub fn region_codes(&self) -> impl Iterator<Item = &RegionCode> {
        self.parties.iter().filter_map(|p| p.region_code.as_ref())
    }

    /// The input that would recreate this agreement (for patches and exports).
    pub fn to_input(&self) -> AgreementInput {
        AgreementInput {
            id: Some(self.id.to_string()),
            form: Some(self.form.as_str().to_owned()),
            subtype: Some(self.subtype.as_str().to_owned()),
            tier: Some(self.tier.as_str().to_owned()),
            status: Some(self.status.as_str().to_owned()),
            legal_basis: Some(self.legal_basis.clone()),
            legal_basis_note: self.legal_basis_note.clone(),
            title_id: Some(self.title_id.clone()),
            title_en: self.title_en.clone(),
            title_partner: self.title_partner.clone(),
            partner_language: self.partner_language.clone(),
            description_id: self.description_id.clone(),
            description_en: self.description_en.clone(),
            description_partner: self.description_partner.clone(),
            parties: Some(
                self.parties
                    .iter()
                    .map(|p| PartyInput {
                        partner_id: Some(p.partner_id.to_string()),
                        ..Default::default()
                    })
                    .collect(),
            ),
            objects: Some(self.objects.iter().map(|o| o.as_str().to_owned()).collect()),
            other_object: self.other_object.clone(),
            fields: Some(self.fields.iter().map(|f| f.as_str().to_owned()).collect()),
            sdgs: Some(self.sdgs.iter().map(|s| s.as_str().to_owned()).collect()),
            signed_on: self.signed_on.map(|d| d.to_string()),
            effective_on: self.effective_on.map(|d| d.to_string()),
            expires_on: self.expires_on.map(|d| d.to_string()),
            open_ended: Some(self.open_ended),
            amends: self.amends.map(|a| a.to_string()),
            renews: self.renews.map(|a| a.to_string()),
            source: self.source.clone(),
            created_at: None,
            updated_at: None,
        }
    }
}

/// How a client names a party: an existing partner, a region, a place from the reference
/// data, or a full partner description (resolved to an existing partner where one matches).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyInput {
    /// An existing partner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// An Indonesian region by Kemendagri code (`32.73`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    /// A foreign city by GeoNames id, as a foreign regional government.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<i64>,
    /// A foreign first-level subdivision, as a foreign regional government.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdivision_code: Option<String>,
    /// A partner described in full (kind, name, country, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<PartnerInput>,
}

/// A parsed party reference, resolved to a partner by the application.
#[derive(Debug, Clone, PartialEq)]
pub enum PartyRef {
    Partner(PartnerId),
    Region(RegionCode),
    City(GeonameId),
    Subdivision(SubdivisionCode),
    Described(crate::partner::NewPartner),
}

impl PartyInput {
    pub fn parse(&self) -> Result<PartyRef, FieldErrors> {
        let mut errors = FieldErrors::new();
        let given = [
            self.partner_id.is_some(),
            self.region_code.is_some(),
            self.geonameid.is_some(),
            self.subdivision_code.is_some(),
            self.partner.is_some(),
        ]
        .iter()
        .filter(|g| **g)
        .count();
        if given != 1 {
            errors.push(
                "",
                "invalid_choice",
                "name a party by exactly one of partner_id, region_code, geonameid, subdivision_code or partner",
            );
            return Err(errors);
        }
        let parsed = if let Some(id) = &self.partner_id {
            errors.take("partner_id", id.parse()).map(PartyRef::Partner)
        } else if let Some(code) = &self.region_code {
            errors.take("region_code", code.parse()).map(PartyRef::Region)
        } else if let Some(g) = self.geonameid {
            errors
                .take("geonameid", g.to_string().parse::<GeonameId>())
                .map(PartyRef::City)
        } else if let Some(code) = &self.subdivision_code {
            errors.take("subdivision_code", code.parse()).map(PartyRef::Subdivision)
        } else if let Some(partner) = &self.partner {
            match partner.parse() {
                Ok(p) => Some(PartyRef::Described(p)),
                Err(e) => {
                    errors.extend_prefixed("partner.", e);
                    None
                }
            }
        } else {
            None
        };
        match parsed {
            Some(p) if errors.is_empty() => Ok(p),
            _ => Err(errors),
        }
    }
}

/// An agreement as a client describes it: the JSON body of `POST /api/v1/agreements`, a
/// JSON import record, or a CSV row after column mapping. Every field is optional here so
/// that parsing can report all missing and malformed fields at once.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementInput {
    /// Only for imports; the server assigns ids to new agreements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Defaults to the current basis for the form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_basis_note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_partner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_partner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parties: Option<Vec<PartyInput>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objects: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_object: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sdgs: Option<Vec<String>>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_ended: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renews: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Only for imports: when the agreement was first registered (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Only for imports: when it was last changed (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// A parsed agreement whose parties are not yet resolved to partners.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementDraft {
    pub id: Option<AgreementId>,
    pub form: Form,
    pub subtype: SubType,
    pub tier: DocumentTier,
    pub status: AgreementStatus,
    pub legal_basis: &'static LegalBasis,
    pub legal_basis_note: Option<String>,
    pub title_id: String,
    pub title_en: Option<String>,
    pub title_partner: Option<String>,
    pub partner_language: Option<String>,
    pub description_id: Option<String>,
    pub description_en: Option<String>,
    pub description_partner: Option<String>,
    pub parties: Vec<PartyRef>,
    pub objects: Vec<LegalObject>,
    pub other_object: Option<String>,
    pub fields: Vec<UrusanCode>,
    pub sdgs: Vec<SdgCode>,
    pub signed_on: Option<Date>,
    pub effective_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub open_ended: bool,
    pub amends: Option<AgreementId>,
    pub renews: Option<AgreementId>,
    pub source: Option<String>,
}

impl AgreementDraft {
    /// Combines the draft with its resolved parties into a stored agreement.
    pub fn into_agreement(
        self,
        id: AgreementId,
        parties: Vec<Party>,
        is_demo: bool,
        created_at: OffsetDateTime,
        updated_at: OffsetDateTime,
        version: i64,
    ) -> Agreement {
        Agreement {
            id,
            form: self.form,
            subtype: self.subtype,
            tier: self.tier,
            status: self.status,
            legal_basis: self.legal_basis.code.to_owned(),
            legal_basis_note: self.legal_basis_note,
            title_id: self.title_id,
            title_en: self.title_en,
            title_partner: self.title_partner,
            partner_language: self.partner_language,
            description_id: self.description_id,
            description_en: self.description_en,
            description_partner: self.description_partner,
            parties,
            objects: self.objects,
            other_object: self.other_object,
            fields: self.fields,
            sdgs: self.sdgs,
            signed_on: self.signed_on,
            effective_on: self.effective_on,
            expires_on: self.expires_on,
            open_ended: self.open_ended,
            amends: self.amends,
            renews: self.renews,
            source: self.source,
            is_demo,
            created_at,
            updated_at,
            version,
        }
    }
}

const MAX_TITLE: usize = 500;
const MAX_TEXT: usize = 20_000;

fn parse_date(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<Date> {
    let value = non_empty(value)?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match Date::parse(&value, format) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(
                field,
                "invalid_date",
                format!("'{value}' is not a date of the form YYYY-MM-DD"),
            );
            None
        }
    }
}

fn check_len(errors: &mut FieldErrors, field: &str, value: &Option<String>, max: usize) {
    if let Some(v) = value
        && v.chars().count() > max
    {
        errors.push(field, "too_long", format!("at most {max} characters"));
    }
}

fn add_years(date: Date, years: i32) -> Date {
    let target_year = date.year() + years;
    Date::from_calendar_date(target_year, date.month(), date.day())
        .or_else(|_| Date::from_calendar_date(target_year, date.month(), date.day() - 1))
        .unwrap_or(date)
}

impl AgreementInput {
    /// Parses and checks everything that can be checked without the database. `today` is
    /// the registry's current date (for "signed in the future" and status/date checks).
    pub fn parse(&self, today: Date) -> Result<AgreementDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let id = non_empty(self.id.as_deref()).and_then(|v| errors.take("id", v.parse::<AgreementId>()));

        let required = |errors: &mut FieldErrors, field: &str, v: &Option<String>| {
            let v = non_empty(v.as_deref());
            if v.is_none() {
                errors.push(field, "required", format!("{field} is required"));
            }
            v
        };
        let form = required(&mut errors, "form", &self.form).and_then(|v| errors.take("form", v.parse::<Form>()));
        let subtype =
            required(&mut errors, "subtype", &self.subtype).and_then(|v| errors.take("subtype", v.parse::<SubType>()));
        let tier =
            required(&mut errors, "tier", &self.tier).and_then(|v| errors.take("tier", v.parse::<DocumentTier>()));
        let status = required(&mut errors, "status", &self.status)
            .and_then(|v| errors.take("status", v.parse::<AgreementStatus>()));
        let title_id = required(&mut errors, "title_id", &self.title_id);
        check_len(&mut errors, "title_id", &title_id, MAX_TITLE);
        let title_en = non_empty(self.title_en.as_deref());
        check_len(&mut errors, "title_en", &title_en, MAX_TITLE);
        let title_partner = non_empty(self.title_partner.as_deref());
        check_len(&mut errors, "title_partner", &title_partner, MAX_TITLE);
        let description_id = non_empty(self.description_id.as_deref());
        check_len(&mut errors, "description_id", &description_id, MAX_TEXT);
        let description_en = non_empty(self.description_en.as_deref());
        check_len(&mut errors, "description_en", &description_en, MAX_TEXT);
        let description_partner = non_empty(self.description_partner.as_deref());
        check_len(&mut errors, "description_partner", &description_partner, MAX_TEXT);
        let partner_language = non_empty(self.partner_language.as_deref()).map(|l| l.to_ascii_lowercase());
        match (
            &partner_language,
            title_partner.is_some() || description_partner.is_some(),
        ) {
            (Some(lang), _) if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|c| c.is_ascii_lowercase()) => {
                errors.push(
                    "partner_language",
                    "invalid_format",
                    "an ISO 639 language code such as ko, de or ja",
                )
            }
            (None, true) => errors.push(
                "partner_language",
                "required",
                "name the language of the partner-language title/description",
            ),
            _ => {}
        }

        if let (Some(form), Some(subtype)) = (form, subtype)
            && !form.subtypes().contains(&subtype)
        {
            let allowed: Vec<&str> = form.subtypes().iter().map(SubType::as_str).collect();
            errors.push(
                "subtype",
                "invalid_choice",
                format!("{form} has the sub-types {}", allowed.join(", ")),
            );
        }
        if let (Some(form), Some(tier)) = (form, tier)
            && tier == DocumentTier::Loi
            && !form.is_foreign()
        {
            errors.push(
                "tier",
                "invalid_choice",
                "a Letter of Intent belongs to foreign cooperation (KSDPL/KSDLL)",
            );
        }

        let legal_basis = match (non_empty(self.legal_basis.as_deref()), form) {
            (Some(code), _) => match legal_basis::find(&code) {
                Some(b) => Some(b),
                None => {
                    let all: Vec<&str> = legal_basis::LEGAL_BASES.iter().map(|b| b.code).collect();
                    errors.push(
                        "legal_basis",
                        "invalid_choice",
                        format!("'{code}' is not one of: {}", all.join(", ")),
                    );
                    None
                }
            },
            (None, Some(form)) => Some(legal_basis::current_for(form)),
            (None, None) => None,
        };
        let legal_basis_note = non_empty(self.legal_basis_note.as_deref());
        if let Some(basis) = legal_basis {
            if let Some(form) = form
                && !basis.forms.contains(&form)
            {
                errors.push(
                    "legal_basis",
                    "mismatch",
                    format!("{} does not govern {form}", basis.code),
                );
            }
            if basis.code == "other" && legal_basis_note.is_none() {
                errors.push(
                    "legal_basis_note",
                    "required",
                    "explain the legal basis when it is 'other'",
                );
            }
        }

        let objects: Vec<LegalObject> = errors.parse_list("objects", self.objects.as_deref());
        let other_object = non_empty(self.other_object.as_deref());
        match (objects.contains(&LegalObject::Other), &other_object) {
            (true, None) => errors.push("other_object", "required", "describe the other object"),
            (false, Some(_)) => errors.push("other_object", "not_allowed", "only with the object 'other'"),
            _ => {}
        }
        let fields: Vec<UrusanCode> = errors.parse_list("fields", self.fields.as_deref());
        let sdgs: Vec<SdgCode> = errors.parse_list("sdgs", self.sdgs.as_deref());

        let signed_on = parse_date(&mut errors, "signed_on", self.signed_on.as_deref());
        let effective_on = parse_date(&mut errors, "effective_on", self.effective_on.as_deref());
        let expires_on = parse_date(&mut errors, "expires_on", self.expires_on.as_deref());
        let open_ended = self.open_ended.unwrap_or(false);

        if let Some(s) = signed_on
            && s > today
        {
            errors.push("signed_on", "in_future", "a signing date cannot be in the future");
        }
        if let (Some(s), Some(e)) = (signed_on, effective_on)
            && e < s
        {
            errors.push(
                "effective_on",
                "before_signing",
                "entry into force cannot precede signing",
            );
        }
        let start = effective_on.or(signed_on);
        if let (Some(start), Some(end)) = (start, expires_on)
            && end <= start
        {
            errors.push(
                "expires_on",
                "before_start",
                "the expiry date must fall after the start of the agreement",
            );
        }
        if let Some(status) = status {
            if status.is_signed() && signed_on.is_none() && effective_on.is_none() {
                errors.push(
                    "signed_on",
                    "required",
                    format!("an agreement with status {status} needs its signing date"),
                );
            }
            if let Some(end) = expires_on {
                if status == AgreementStatus::InForce && end < today {
                    errors.push(
                        "status",
                        "inconsistent",
                        format!("the agreement expired on {end}; its status is 'expired', not 'in_force'"),
                    );
                }
                if status == AgreementStatus::Expired && end >= today {
                    errors.push(
                        "status",
                        "inconsistent",
                        format!("the agreement runs until {end}; it has not expired"),
                    );
                }
            }
        }
        if let Some(basis) = legal_basis {
            if open_ended {
                if expires_on.is_some() {
                    errors.push(
                        "open_ended",
                        "inconsistent",
                        "an open-ended agreement has no expiry date",
                    );
                }
                if !basis.allows_open_ended {
                    errors.push(
                        "open_ended",
                        "not_allowed",
                        format!("agreements under {} have a fixed term", basis.code),
                    );
                }
            }
            if let (Some(years), Some(start), Some(end)) = (basis.max_term_years, start, expires_on)
                && end > add_years(start, years)
            {
                errors.push(
                    "expires_on",
                    "term_too_long",
                    format!(
                        "the term may not exceed {years} years under {} (Permendagri 25/2020 Pasal 32)",
                        basis.code
                    ),
                );
            }
            if let Some(signed) = signed_on {
                if let Some(from) = basis.in_force_from
                    && signed < from
                {
                    errors.push(
                        "legal_basis",
                        "not_yet_in_force",
                        format!(
                            "{} applied only from {from}; the agreement was signed on {signed}",
                            basis.code
                        ),
                    );
                }
                if let Some(until) = basis.in_force_until
                    && signed >= until
                {
                    errors.push(
                        "legal_basis",
                        "revoked",
                        format!(
                            "{} was revoked on {until}; the agreement was signed on {signed}",
                            basis.code
                        ),
                    );
                }
            }
        }

        let amends = non_empty(self.amends.as_deref()).and_then(|v| errors.take("amends", v.parse::<AgreementId>()));
        let renews = non_empty(self.renews.as_deref()).and_then(|v| errors.take("renews", v.parse::<AgreementId>()));
        if tier == Some(DocumentTier::Amendment) && amends.is_none() && self.amends.is_none() {
            errors.push("amends", "required", "an amendment names the agreement it amends");
        }
        if amends.is_some() && amends == id && id.is_some() {
            errors.push("amends", "invalid_choice", "an agreement cannot amend itself");
        }

        let mut parties = Vec::new();
        match &self.parties {
            None => errors.push("parties", "required", "list the parties"),
            Some(list) if list.is_empty() => errors.push("parties", "required", "list the parties"),
            Some(list) => {
                for (i, p) in list.iter().enumerate() {
                    match p.parse() {
                        Ok(r) => parties.push(r),
                        Err(e) => errors.extend_prefixed(&format!("parties[{i}]."), e),
                    }
                }
            }
        }

        let source = non_empty(self.source.as_deref());
        check_len(&mut errors, "source", &source, MAX_TITLE);

        match (form, subtype, tier, status, legal_basis, title_id) {
            (Some(form), Some(subtype), Some(tier), Some(status), Some(legal_basis), Some(title_id))
                if errors.is_empty() =>
            {
                Ok(AgreementDraft {
                    id,
                    form,
                    subtype,
                    tier,
                    status,
                    legal_basis,
                    legal_basis_note,
                    title_id,
                    title_en,
                    title_partner,
                    partner_language,
                    description_id,
                    description_en,
                    description_partner,
                    parties,
                    objects,
                    other_object,
                    fields,
                    sdgs,
                    signed_on,
                    effective_on,
                    expires_on,
                    open_ended,
                    amends,
                    renews,
                    source,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Checks that the resolved parties fit the form and sub-type (PP 28/2018 Pasal 1, 24,
/// 36; Permendagri 25/2020 Pasal 5). Returns errors on the `parties` field.
pub fn check_parties(form: Form, subtype: SubType, parties: &[Party]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let count = |k: PartnerKind| parties.iter().filter(|p| p.kind == k).count();
    let regions = count(PartnerKind::IndonesianRegion);
    let foreign_gov = count(PartnerKind::ForeignRegionalGovernment);
    let institutions = count(PartnerKind::ForeignInstitution);
    let third = count(PartnerKind::ThirdParty);

    let mut ids = BTreeSet::new();
    for (i, p) in parties.iter().enumerate() {
        if !ids.insert(p.partner_id) {
            errors.push(
                format!("parties[{i}]"),
                "duplicate",
                format!("{} is listed twice", p.name),
            );
        }
    }
    let mut need = |ok: bool, message: &str| {
        if !ok {
            errors.push("parties", "composition", message.to_owned());
        }
    };
    match form {
        Form::Ksdd => need(
            regions >= 2 && regions == parties.len(),
            "KSDD is cooperation between Indonesian regions: list at least two regions and no other parties",
        ),
        Form::Ksdpk => need(
            regions >= 1 && third >= 1 && regions + third == parties.len(),
            "KSDPK joins at least one Indonesian region and at least one third party, and no foreign party",
        ),
        Form::Ksdpl => need(
            regions >= 1 && foreign_gov >= 1 && regions + foreign_gov == parties.len(),
            "KSDPL joins at least one Indonesian region and at least one foreign regional government, and no one else",
        ),
        Form::Ksdll => need(
            regions >= 1 && institutions >= 1 && regions + institutions == parties.len(),
            "KSDLL joins at least one Indonesian region and at least one foreign institution, and no one else",
        ),
    }
    let mut region_parties = parties.iter().filter_map(|p| p.region_code.as_ref());
    match subtype {
        SubType::SisterProvince => need(
            region_parties.all(RegionCode::is_province),
            "a sister-province agreement is made by a province (equal status, Pasal 5)",
        ),
        SubType::SisterCity => need(
            !region_parties.any(RegionCode::is_province),
            "a sister-city/regency agreement is made by a kabupaten or kota (equal status, Pasal 5)",
        ),
        _ => {}
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 28);

    fn sister_city() -> AgreementInput {
        AgreementInput {
            form: Some("KSDPL".into()),
            subtype: Some("sister_city".into()),
            tier: Some("mou".into()),
            status: Some("in_force".into()),
            title_id: Some("Kerja Sama Kota Kembar Bandung–Suwon".into()),
            parties: Some(vec![
                PartyInput {
                    region_code: Some("32.73".into()),
                    ..Default::default()
                },
                PartyInput {
                    geonameid: Some(1835553),
                    ..Default::default()
                },
            ]),
            objects: Some(vec!["cultural_exchange".into()]),
            fields: Some(vec!["1.01".into(), "1.01".into()]),
            sdgs: Some(vec!["4".into(), "4.1".into()]),
            signed_on: Some("2023-03-01".into()),
            expires_on: Some("2028-02-28".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_sister_city_parses_with_the_current_basis_and_deduplicated_lists() {
        let d = sister_city().parse(TODAY).unwrap();
        assert_eq!(d.legal_basis.code, "pmdn_25_2020");
        assert_eq!(d.fields.len(), 1);
        assert_eq!(d.parties.len(), 2);
    }

    #[test]
    fn term_longer_than_five_years_is_rejected_under_the_2020_rule() {
        let mut a = sister_city();
        a.expires_on = Some("2028-03-02".into());
        let err = a.parse(TODAY).unwrap_err();
        assert!(
            err.iter().any(|e| e.field == "expires_on" && e.code == "term_too_long"),
            "{err}"
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let a = AgreementInput {
            form: Some("KSDX".into()),
            tier: Some("loi".into()),
            signed_on: Some("2020-13-01".into()),
            sdgs: Some(vec!["19".into()]),
            parties: Some(vec![PartyInput::default()]),
            ..Default::default()
        };
        let err = a.parse(TODAY).unwrap_err();
        let fields: BTreeSet<&str> = err.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "form",
            "subtype",
            "status",
            "title_id",
            "signed_on",
            "sdgs[0]",
            "parties[0].",
        ] {
            assert!(fields.contains(f), "missing {f} in {err}");
        }
    }

    #[test]
    fn status_must_agree_with_the_dates() {
        let mut a = sister_city();
        a.signed_on = Some("2019-01-10".into());
        a.legal_basis = Some("pmdn_3_2008".into());
        a.expires_on = Some("2024-01-09".into());
        let err = a.parse(TODAY).unwrap_err();
        assert!(err.iter().any(|e| e.field == "status" && e.code == "inconsistent"));
        a.status = Some("expired".into());
        assert!(a.parse(TODAY).is_ok());
    }

    #[test]
    fn a_legal_basis_applies_only_in_its_period() {
        let mut a = sister_city();
        a.signed_on = Some("2019-05-01".into());
        a.expires_on = Some("2027-01-01".into());
        let err = a.parse(TODAY).unwrap_err();
        assert!(err.iter().any(|e| e.code == "not_yet_in_force"), "{err}");
        a.legal_basis = Some("pmdn_3_2008".into());
        assert!(a.parse(TODAY).is_ok());
        a.signed_on = Some("2021-01-01".into());
        assert!(a.parse(TODAY).unwrap_err().iter().any(|e| e.code == "revoked"));
    }

    #[test]
    fn open_ended_only_for_legacy_bases() {
        let mut a = sister_city();
        a.expires_on = None;
        a.open_ended = Some(true);
        assert!(a.parse(TODAY).unwrap_err().iter().any(|e| e.field == "open_ended"));
        a.legal_basis = Some("se_mendagri_1993".into());
        a.signed_on = Some("1997-08-27".into());
        assert!(a.parse(TODAY).is_ok());
    }

    fn party(kind: PartnerKind, region: Option<&str>) -> Party {
        Party {
            partner_id: PartnerId::new(),
            kind,
            name: "x".into(),
            region_code: region.map(|r| r.parse().unwrap()),
            province_code: region.map(|r| r.parse::<RegionCode>().unwrap().province()),
            country_iso2: None,
            geonameid: None,
            subdivision_code: None,
        }
    }

    #[test]
    fn parties_must_fit_the_form_and_equal_status() {
        let region = party(PartnerKind::IndonesianRegion, Some("32.73"));
        let province = party(PartnerKind::IndonesianRegion, Some("32"));
        let city = party(PartnerKind::ForeignRegionalGovernment, None);
        let inst = party(PartnerKind::ForeignInstitution, None);
        assert!(check_parties(Form::Ksdpl, SubType::SisterCity, &[region.clone(), city.clone()]).is_empty());
        assert!(!check_parties(Form::Ksdpl, SubType::SisterProvince, &[region.clone(), city.clone()]).is_empty());
        assert!(check_parties(Form::Ksdpl, SubType::SisterProvince, &[province.clone(), city.clone()]).is_empty());
        assert!(!check_parties(Form::Ksdpl, SubType::SisterCity, &[region.clone(), inst.clone()]).is_empty());
        assert!(check_parties(Form::Ksdll, SubType::Continuation, &[province.clone(), inst]).is_empty());
        assert!(!check_parties(Form::Ksdd, SubType::Voluntary, std::slice::from_ref(&region)).is_empty());
        assert!(check_parties(Form::Ksdd, SubType::Voluntary, &[region.clone(), province]).is_empty());
        let dup = check_parties(Form::Ksdd, SubType::Voluntary, &[region.clone(), region]);
        assert!(dup.iter().any(|e| e.code == "duplicate"));
    }
}
