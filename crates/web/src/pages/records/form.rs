//! The registry form as posted (multipart, for the signed text), the agreement input it
//! makes, and the errors shown next to its fields in the reader's language.

use crate::i18n::Tr;
use crate::pages::form::{all, first, some};
use axum::body::Bytes;
use axum::extract::Multipart;
use jalin_app::AppError;
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Agreement, AgreementInput, PartyInput};
use jalin_domain::eligibility::{RuleCode, rule};
use jalin_domain::partner::PartnerInput;

/// The text fields of the form, in order, and the uploaded signed text.
#[derive(Default)]
pub struct RecordForm {
    pub text: Vec<(String, String)>,
    pub file: Option<(String, Bytes)>,
}

/// The text fields of the record form that map one to one onto the agreement input.
pub const TEXT_FIELDS: &[&str] = &[
    "form",
    "subtype",
    "tier",
    "status",
    "legal_basis",
    "legal_basis_note",
    "title_id",
    "title_en",
    "description_id",
    "signed_on",
    "effective_on",
    "expires_on",
    "amends",
    "renews",
    "kemlu_confirmation_ref",
    "kemlu_confirmation_on",
    "minister_approval_ref",
    "minister_approval_on",
    "dprd_decision_ref",
    "dprd_decision_on",
    "terminated_on",
    "termination_reason",
];

impl RecordForm {
    pub async fn read(multipart: &mut Multipart) -> Result<Self, AppError> {
        let mut form = Self::default();
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => return Ok(form),
                Err(e) => return Err(AppError::BadFile(format!("the form could not be read: {e}"))),
            };
            let name = field.name().unwrap_or_default().to_owned();
            if name == "signed_text" {
                let filename = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(|e| AppError::BadFile(e.to_string()))?;
                if !bytes.is_empty() {
                    form.file = Some((filename, bytes));
                }
            } else {
                let value = field.text().await.map_err(|e| AppError::BadFile(e.to_string()))?;
                form.text.push((name, value));
            }
        }
    }

    pub fn get(&self, name: &str) -> String {
        first(&self.text, name)
    }

    /// The form from a stored agreement (the edit page).
    pub fn of(a: &Agreement) -> Self {
        let input = a.to_input();
        let value = serde_json::to_value(&input).unwrap_or_default();
        let mut text: Vec<(String, String)> = TEXT_FIELDS
            .iter()
            .filter_map(|f| {
                value
                    .get(*f)
                    .and_then(|v| v.as_str())
                    .map(|v| ((*f).to_owned(), v.to_owned()))
            })
            .collect();
        if a.open_ended {
            text.push(("open_ended".into(), "true".into()));
        }
        text.push(("version".into(), a.version.to_string()));
        let mut regions = a.region_codes();
        if let Some(r) = regions.next() {
            text.push(("region".into(), r.to_string()));
        }
        if let Some(r) = regions.next() {
            text.push(("region2".into(), r.to_string()));
        }
        if let Some(p) = a.parties.iter().find(|p| p.region_code.is_none()) {
            text.push(("partner_id".into(), p.partner_id.to_string()));
            text.push(("partner_label".into(), p.name.clone()));
        }
        text.extend(a.objects.iter().map(|o| ("objects".to_owned(), o.as_str().to_owned())));
        text.extend(a.fields.iter().map(|f| ("fields".to_owned(), f.as_str().to_owned())));
        let sdgs: Vec<&str> = a.sdgs.iter().map(|s| s.as_str()).collect();
        text.push(("sdgs".into(), sdgs.join(", ")));
        Self { text, file: None }
    }

    /// The agreement the form describes.
    pub fn input(&self) -> AgreementInput {
        let mut value = serde_json::Map::new();
        for f in TEXT_FIELDS {
            if let Some(v) = some(self.get(f)) {
                value.insert((*f).to_owned(), serde_json::Value::String(v));
            }
        }
        let mut input: AgreementInput = serde_json::from_value(serde_json::Value::Object(value)).unwrap_or_default();
        input.open_ended = Some(!self.get("open_ended").is_empty());
        input.objects = Some(all(&self.text, "objects"));
        input.fields = Some(all(&self.text, "fields"));
        let sdgs: Vec<String> = self
            .get("sdgs")
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        input.sdgs = Some(sdgs);
        input.parties = Some(self.parties());
        input
    }

    /// The Indonesian region(s), then the partner: a place found by the search
    /// (`city:{geonameid}` / `subdivision:{code}`), an institution by name and country, or
    /// the partner the record already has.
    fn parties(&self) -> Vec<PartyInput> {
        let mut parties: Vec<PartyInput> = ["region", "region2"]
            .iter()
            .filter_map(|f| some(self.get(f)))
            .map(|r| PartyInput {
                region_code: Some(r),
                ..Default::default()
            })
            .collect();
        let partner = self.get("partner");
        let partner = match partner.split_once(':') {
            Some(("city", g)) => Some(PartyInput {
                geonameid: g.parse().ok(),
                ..Default::default()
            }),
            Some(("subdivision", s)) => Some(PartyInput {
                subdivision_code: Some(s.to_owned()),
                ..Default::default()
            }),
            _ => match (some(self.get("partner_name")), some(self.get("partner_id"))) {
                (Some(name), _) => Some(PartyInput {
                    partner: Some(PartnerInput {
                        kind: some(self.get("partner_kind")),
                        name: Some(name),
                        country: some(self.get("partner_country")),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                (None, Some(id)) => Some(PartyInput {
                    partner_id: Some(id),
                    ..Default::default()
                }),
                (None, None) => None,
            },
        };
        parties.extend(partner);
        parties
    }
}

/// Which form field an input error belongs to: the parties' errors go to the region or
/// the partner field.
pub fn form_field(field: &str, regions: usize) -> String {
    let base = field.split(['[', '.']).next().unwrap_or(field);
    if base != "parties" {
        return base.to_owned();
    }
    let index: Option<usize> = field
        .strip_prefix("parties[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse().ok());
    match index {
        Some(0) => "region".into(),
        Some(i) if i < regions => "region2".into(),
        _ => "partner".into(),
    }
}

/// The error messages per form field, in the reader's language where the code has a
/// translation (the rule and article are named for rule P1).
pub fn field_messages(t: &Tr, errors: &FieldErrors, regions: usize) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| {
            let key = format!("field_error.{}", e.code);
            let message = if e.code == "no_diplomatic_relations" {
                let p1 = rule(RuleCode::P1);
                t.fmt(&key, &[("rule", &p1.code), ("article", &p1.article)])
            } else if t.t(&key) != key {
                t.t(&key).to_owned()
            } else {
                e.message.clone()
            };
            (form_field(&e.field, regions), message)
        })
        .collect()
}
