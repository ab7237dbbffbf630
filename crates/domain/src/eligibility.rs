//! Eligibility and procedure requirements (PP 28/2018 Pasal 27 and Permendagri 25/2020;
//! legal-domain.md §4 as corrected by legal-articles.md Q6). Each rule is evaluated
//! automatically, by a person (attestation), or both; every result explains itself in
//! Indonesian and English and names its article.

use crate::agreement::{Form, LegalObject, SubType};
use crate::code_enum::code_enum;
use crate::partner::{ForeignLevel, PartnerCategory, PartnerKind};
use crate::reference::{DiplomaticRelations, Region, RegionType, Urusan};
use crate::role::Role;
use serde::{Deserialize, Serialize};
use time::Date;

code_enum!(
    /// A requirement.
    RuleCode {
        P1 = "P1",
        P2 = "P2",
        P3 = "P3",
        P4 = "P4",
        P5 = "P5",
        P6 = "P6",
        P7 = "P7",
        P8 = "P8",
        P9 = "P9",
        P10 = "P10",
        P11 = "P11",
        P12 = "P12",
        P13 = "P13",
        P15 = "P15",
        P16 = "P16",
        P17 = "P17",
        /// The LoI is at most one year old (Pasal 13 ayat (3)).
        LoiValid = "R-LOI",
        /// The draft text has the clauses of Pasal 20 ayat (5).
        DraftClauses = "R-NASKAH",
        /// The term is at most five years (Pasal 32).
        Term = "R-JANGKA",
        /// An extension is requested at least six months before expiry (Pasal 33).
        ExtensionDeadline = "R-PERPANJANGAN",
    }
);

/// How a rule is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Mode {
    /// From data alone.
    Automatic,
    /// By a named role's attestation.
    Manual,
    /// Data first, a person confirms.
    Hybrid,
}

/// The outcome of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Outcome {
    Pass,
    Fail,
    NeedsReview,
    Waived,
    /// Not required for this cooperation.
    NotApplicable,
    /// Checked at a later stage; nothing to decide yet.
    Pending,
}

impl Outcome {
    /// Whether a transition guarded by this rule may go ahead.
    pub fn allows(&self) -> bool {
        matches!(self, Self::Pass | Self::Waived | Self::NotApplicable)
    }
}

/// The static description of a rule.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleDef {
    pub code: RuleCode,
    pub title_id: &'static str,
    pub title_en: &'static str,
    pub article: &'static str,
    pub mode: Mode,
    /// Roles whose attestation decides a manual or hybrid rule.
    pub attested_by: &'static [Role],
    /// Roles that may waive a failed rule (none: it cannot be waived).
    pub waivable_by: &'static [Role],
}

const REVIEWERS: &[Role] = &[Role::KemendagriReviewer];
const REVIEWERS_AND_KEMLU: &[Role] = &[Role::KemendagriReviewer, Role::KemluReviewer];

pub static RULES: &[RuleDef] = &[
    RuleDef {
        code: RuleCode::P1,
        title_id: "Negara mitra mempunyai hubungan diplomatik dengan Indonesia",
        title_en: "The partner's country has diplomatic relations with Indonesia",
        article: "PP 28/2018 Pasal 27; Permendagri 25/2020 (persyaratan KSDPL/KSDLL)",
        mode: Mode::Automatic,
        attested_by: REVIEWERS_AND_KEMLU,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P2,
        title_id: "Objek merupakan urusan pemerintahan yang menjadi kewenangan daerah",
        title_en: "The subject is a government affair within the region's authority",
        article: "PP 28/2018 Pasal 27; UU 23/2014 Pasal 12 dan Lampiran",
        mode: Mode::Hybrid,
        attested_by: REVIEWERS,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P3,
        title_id: "Daerah tidak membuka kantor perwakilan di luar negeri",
        title_en: "The region opens no representative office abroad",
        article: "PP 28/2018 Pasal 27 dan Penjelasan",
        mode: Mode::Hybrid,
        attested_by: REVIEWERS,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P4,
        title_id: "Mitra tidak mencampuri urusan pemerintahan dalam negeri",
        title_en: "The partner does not interfere in Indonesia's domestic affairs",
        article: "PP 28/2018 Pasal 27",
        mode: Mode::Manual,
        attested_by: REVIEWERS_AND_KEMLU,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P5,
        title_id: "Sesuai dengan kebijakan dan rencana pembangunan nasional dan daerah",
        title_en: "Consistent with national and regional development policy and plans",
        article: "PP 28/2018 Pasal 27",
        mode: Mode::Hybrid,
        attested_by: REVIEWERS,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P6,
        title_id: "Kerja sama iptek dapat dialihkan kepada SDM Indonesia",
        title_en: "Science and technology cooperation transfers knowledge to Indonesian staff",
        article: "PP 28/2018 Pasal 27",
        mode: Mode::Hybrid,
        attested_by: REVIEWERS,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P7,
        title_id: "Kesetaraan status administrasi dan/atau kesetaraan wilayah",
        title_en: "Equal administrative status and/or equal territory",
        article: "PP 28/2018 Pasal 27 (untuk setiap KSDPL)",
        mode: Mode::Hybrid,
        attested_by: REVIEWERS,
        waivable_by: REVIEWERS,
    },
    RuleDef {
        code: RuleCode::P8,
        title_id: "Saling melengkapi",
        title_en: "Complementarity",
        article: "PP 28/2018 Pasal 27 dan Penjelasan (untuk setiap KSDPL)",
        mode: Mode::Manual,
        attested_by: REVIEWERS,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P9,
        title_id: "Peningkatan hubungan antarmasyarakat",
        title_en: "Strengthens people-to-people ties",
        article: "PP 28/2018 Pasal 27 (untuk setiap KSDPL)",
        mode: Mode::Manual,
        attested_by: REVIEWERS,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P10,
        title_id: "Objek kerja sama termasuk objek yang sah",
        title_en: "The objects are lawful objects of foreign cooperation",
        article: "PP 28/2018 Pasal 23; UU 23/2014 Pasal 367",
        mode: Mode::Hybrid,
        attested_by: REVIEWERS,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P11,
        title_id: "Persetujuan Menteri berdasarkan Surat Konfirmasi Kemlu sebelum penandatanganan",
        title_en: "The Minister's approval, based on Kemlu's confirmation letter, before signing",
        article: "Permendagri 25/2020 Pasal 23–24; PP 28/2018 Pasal 33 ayat (3)–(4)",
        mode: Mode::Automatic,
        attested_by: &[],
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P12,
        title_id: "Persetujuan DPRD atau persetujuan yang dianggap diberikan",
        title_en: "DPRD approval, or approval deemed given",
        article: "Permendagri 25/2020 Pasal 16–17; PP 28/2018 Pasal 30",
        mode: Mode::Automatic,
        attested_by: &[],
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P13,
        title_id: "Dasar KSDLL: penerusan kerja sama Pemerintah Pusat atau kerja sama lain dengan persetujuan Pemerintah Pusat",
        title_en: "KSDLL basis: continuation of a central-government cooperation, or other cooperation approved by the Central Government",
        article: "PP 28/2018 Pasal 25; Permendagri 25/2020 Pasal 7 dan 27",
        mode: Mode::Automatic,
        attested_by: REVIEWERS,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P15,
        title_id: "Lembaga nirlaba asing memiliki Izin Prinsip dan Izin Operasional",
        title_en: "A foreign non-profit holds the principle and operating permits",
        article: "Permendagri 25/2020 Pasal 30 ayat (2)",
        mode: Mode::Automatic,
        attested_by: REVIEWERS,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P16,
        title_id: "Daerah adalah daerah otonom (bukan kota/kabupaten administrasi DKI Jakarta)",
        title_en: "The region is autonomous (not one of Jakarta's administrative units)",
        article: "PP 28/2018 Pasal 1 dan 2; UU 29/2007 (wilayah administrasi DKI Jakarta)",
        mode: Mode::Automatic,
        attested_by: &[],
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::P17,
        title_id: "Daerah telah menyampaikan laporan tahunan tahun lalu",
        title_en: "The region has sent last year's annual report",
        article: "Permendagri 25/2020 Pasal 35–38",
        mode: Mode::Automatic,
        attested_by: REVIEWERS,
        waivable_by: REVIEWERS,
    },
    RuleDef {
        code: RuleCode::LoiValid,
        title_id: "LoI masih berlaku (paling lama 1 tahun)",
        title_en: "The LoI is still valid (at most one year)",
        article: "Permendagri 25/2020 Pasal 13 ayat (3)",
        mode: Mode::Automatic,
        attested_by: &[],
        waivable_by: REVIEWERS,
    },
    RuleDef {
        code: RuleCode::DraftClauses,
        title_id: "Rancangan naskah memuat klausul wajib",
        title_en: "The draft text contains the required clauses",
        article: "Permendagri 25/2020 Pasal 20 ayat (5)",
        mode: Mode::Hybrid,
        attested_by: REVIEWERS,
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::Term,
        title_id: "Jangka waktu paling lama 5 tahun",
        title_en: "The term is at most five years",
        article: "Permendagri 25/2020 Pasal 32 ayat (1)",
        mode: Mode::Automatic,
        attested_by: &[],
        waivable_by: &[],
    },
    RuleDef {
        code: RuleCode::ExtensionDeadline,
        title_id: "Perpanjangan diajukan paling lama 6 bulan sebelum berakhir",
        title_en: "Extension requested no later than six months before expiry",
        article: "Permendagri 25/2020 Pasal 33 ayat (1)",
        mode: Mode::Automatic,
        attested_by: &[],
        waivable_by: REVIEWERS,
    },
];

pub fn rule(code: RuleCode) -> &'static RuleDef {
    RULES.iter().find(|r| r.code == code).unwrap_or(&RULES[0])
}

/// The required clauses of a draft text (Pasal 20 ayat (5)), as keys and labels.
pub const REQUIRED_CLAUSES: &[(&str, &str, &str)] = &[
    ("judul", "judul", "title"),
    ("para_pihak", "identitas para pihak", "parties"),
    ("maksud_tujuan", "maksud dan tujuan", "purpose"),
    ("ruang_lingkup", "ruang lingkup", "scope"),
    ("pelaksanaan", "pelaksanaan", "implementation"),
    ("pembiayaan", "pembiayaan", "financing"),
    ("kelompok_kerja", "kelompok kerja bersama", "joint working group"),
    (
        "penyelesaian_perselisihan",
        "penyelesaian perselisihan",
        "dispute settlement",
    ),
    ("perubahan", "perubahan", "amendment"),
    (
        "jangka_waktu",
        "jangka waktu, perpanjangan dan pengakhiran",
        "validity, extension and termination",
    ),
    (
        "tempat_tanggal",
        "tempat dan tanggal penandatanganan",
        "place and date of signing",
    ),
];

/// The partner as far as eligibility needs to know it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerFacts {
    pub name: String,
    pub kind: Option<PartnerKind>,
    pub country_iso2: Option<String>,
    pub country_name: Option<String>,
    pub relations: Option<DiplomaticRelations>,
    /// For a territory, the sovereign's relations.
    pub sovereign_relations: Option<DiplomaticRelations>,
    pub level: Option<ForeignLevel>,
    pub category: Option<PartnerCategory>,
}

/// Declarations and narratives the region gives with a proposal or case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Declarations {
    /// Whether the cooperation would open or rent an office abroad.
    pub opens_representative_office: Option<bool>,
    /// References to RPJMN/RPJMD/RKPD programmes the cooperation serves.
    #[serde(default)]
    pub plan_links: Vec<String>,
    /// How knowledge is transferred to Indonesian staff (needed for science and technology).
    pub knowledge_transfer: Option<String>,
    /// How the two sides complement each other.
    pub complementarity: Option<String>,
    /// The people-to-people activities planned.
    pub people_to_people: Option<String>,
    /// For KSDLL continuation: the central-government agreement being continued.
    pub central_agreement: Option<String>,
    /// Clause keys of Pasal 20 ayat (5) the draft text contains (see REQUIRED_CLAUSES).
    #[serde(default)]
    pub draft_clauses: Vec<String>,
}

/// Everything the evaluators look at.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub form: Form,
    pub subtype: SubType,
    pub region: Option<&'a Region>,
    pub partner: PartnerFacts,
    pub objects: &'a [LegalObject],
    pub other_object: Option<&'a str>,
    pub fields: Vec<&'a Urusan>,
    pub unknown_fields: Vec<String>,
    pub declarations: &'a Declarations,
    /// Documents on file for the case (kinds).
    pub documents: &'a [crate::documents::DocumentKind],
    /// DPRD approval was deemed given by its timer.
    pub dprd_deemed: bool,
    /// Whether the region sent last year's annual report: `None` when it had no foreign
    /// cooperation in force last year.
    pub annual_report_sent: Option<bool>,
    pub loi_signed_on: Option<Date>,
    pub signed_on: Option<Date>,
    pub expires_on: Option<Date>,
    /// The expiry of the agreement being extended, and the request date.
    pub extension: Option<(Date, Date)>,
    pub renewal: bool,
    pub today: Date,
}

/// One rule's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleResult {
    pub rule: RuleCode,
    pub title_id: &'static str,
    pub title_en: &'static str,
    pub article: &'static str,
    pub mode: Mode,
    pub outcome: Outcome,
    pub explanation_id: String,
    pub explanation_en: String,
    /// Who decided a manual outcome or waiver, and why.
    pub decided_by: Option<String>,
    pub reason: Option<String>,
}

fn result(code: RuleCode, outcome: Outcome, id: impl Into<String>, en: impl Into<String>) -> RuleResult {
    let def = rule(code);
    RuleResult {
        rule: code,
        title_id: def.title_id,
        title_en: def.title_en,
        article: def.article,
        mode: def.mode,
        outcome,
        explanation_id: id.into(),
        explanation_en: en.into(),
        decided_by: None,
        reason: None,
    }
}

fn has(facts: &Facts<'_>, kind: crate::documents::DocumentKind) -> bool {
    facts.documents.contains(&kind)
}

fn text_given(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|t| !t.trim().is_empty())
}

/// Evaluates one rule from the facts alone (manual decisions are applied by the caller).
pub fn evaluate(code: RuleCode, f: &Facts<'_>) -> RuleResult {
    use crate::documents::DocumentKind as D;
    use Outcome::*;
    let foreign = f.form.is_foreign();
    let na = |why_id: &str, why_en: &str| result(code, NotApplicable, why_id, why_en);
    match code {
        RuleCode::P1 => {
            if !foreign {
                return na("Hanya untuk kerja sama luar negeri.", "Only for foreign cooperation.");
            }
            let country = f
                .partner
                .country_name
                .clone()
                .or(f.partner.country_iso2.clone())
                .unwrap_or_default();
            let relations = match f.partner.relations {
                Some(DiplomaticRelations::NotApplicable) => f.partner.sovereign_relations,
                other => other,
            };
            match (f.partner.country_iso2.as_deref(), relations) {
                (None, _) if f.partner.category == Some(PartnerCategory::InternationalOrganization) => result(
                    code,
                    Pass,
                    "Mitra adalah organisasi internasional; tidak terikat pada satu negara.",
                    "The partner is an international organisation, not tied to one country.",
                ),
                (None, _) => result(
                    code,
                    NeedsReview,
                    "Negara mitra belum diisi.",
                    "The partner's country is not given.",
                ),
                (_, Some(DiplomaticRelations::Yes)) => result(
                    code,
                    Pass,
                    format!("Indonesia mempunyai hubungan diplomatik dengan {country}."),
                    format!("Indonesia has diplomatic relations with {country}."),
                ),
                (_, Some(DiplomaticRelations::No)) => result(
                    code,
                    Fail,
                    format!(
                        "Indonesia tidak mempunyai hubungan diplomatik dengan {country}; kerja sama daerah dengan mitra di sana tidak dapat diproses."
                    ),
                    format!(
                        "Indonesia has no diplomatic relations with {country}; regional cooperation with a partner there cannot proceed."
                    ),
                ),
                (_, Some(DiplomaticRelations::Itself)) => result(
                    code,
                    Fail,
                    "Mitra berada di Indonesia; ini bukan kerja sama luar negeri.",
                    "The partner is in Indonesia; this is not foreign cooperation.",
                ),
                _ => result(
                    code,
                    NeedsReview,
                    format!("Status hubungan diplomatik dengan {country} belum pasti; perlu konfirmasi Kemlu."),
                    format!("Diplomatic relations with {country} are uncertain; Kemlu must confirm."),
                ),
            }
        }
        RuleCode::P2 => {
            let level = match f.region.map(|r| r.region_type) {
                Some(RegionType::Provinsi) => "provinsi",
                Some(_) => "kabupaten_kota",
                None => return result(code, NeedsReview, "Daerah belum dikenali.", "The region is not known."),
            };
            if !f.unknown_fields.is_empty() {
                return result(
                    code,
                    Fail,
                    format!("Kode urusan tidak dikenal: {}.", f.unknown_fields.join(", ")),
                    format!("Unknown government-affair codes: {}.", f.unknown_fields.join(", ")),
                );
            }
            if f.fields.is_empty() {
                return result(
                    code,
                    NeedsReview,
                    "Sebutkan urusan pemerintahan (bidang) yang dikerjasamakan.",
                    "Name the government affairs (fields) the cooperation covers.",
                );
            }
            let outside: Vec<&str> = f
                .fields
                .iter()
                .filter(|u| !u.held_by.iter().any(|h| h == level))
                .map(|u| u.name_id.as_str())
                .collect();
            if !outside.is_empty() {
                return result(
                    code,
                    Fail,
                    format!(
                        "Urusan berikut bukan kewenangan daerah tingkat ini: {}.",
                        outside.join(", ")
                    ),
                    format!(
                        "These affairs are not held at this level of government: {}.",
                        outside.join(", ")
                    ),
                );
            }
            let names: Vec<&str> = f.fields.iter().map(|u| u.name_id.as_str()).collect();
            result(
                code,
                NeedsReview,
                format!("Urusan {} dibagi antara Pusat dan daerah; peninjau memastikan bagian yang dikerjasamakan menjadi kewenangan daerah.", names.join(", ")),
                "These affairs are shared between the Centre and the regions; a reviewer confirms that the part covered is the region's.".to_owned(),
            )
        }
        RuleCode::P3 => {
            if !foreign {
                return na("Hanya untuk kerja sama luar negeri.", "Only for foreign cooperation.");
            }
            match f.declarations.opens_representative_office {
                Some(true) => result(
                    code,
                    Fail,
                    "Kerja sama ini akan membuka kantor perwakilan di luar negeri; hal itu tidak diperbolehkan.",
                    "The cooperation would open a representative office abroad, which is not allowed.",
                ),
                Some(false) => result(
                    code,
                    Pass,
                    "Daerah menyatakan tidak membuka atau menyewa kantor perwakilan di luar negeri.",
                    "The region declares it opens or rents no office abroad.",
                ),
                None => result(
                    code,
                    NeedsReview,
                    "Nyatakan bahwa daerah tidak membuka kantor perwakilan di luar negeri.",
                    "Declare that the region opens no office abroad.",
                ),
            }
        }
        RuleCode::P4 => {
            if !foreign {
                return na("Hanya untuk kerja sama luar negeri.", "Only for foreign cooperation.");
            }
            result(
                code,
                NeedsReview,
                "Perlu penilaian Kemendagri atau Kemlu bahwa mitra tidak mencampuri urusan dalam negeri.",
                "Kemendagri or Kemlu must attest that the partner does not interfere in domestic affairs.",
            )
        }
        RuleCode::P5 => {
            if f.declarations.plan_links.is_empty() {
                result(
                    code,
                    NeedsReview,
                    "Tautkan program RPJMN/RPJMD/RKPD yang didukung kerja sama ini.",
                    "Link the RPJMN/RPJMD/RKPD programmes the cooperation serves.",
                )
            } else {
                result(
                    code,
                    NeedsReview,
                    format!(
                        "Tautan rencana: {}. Peninjau memastikan kesesuaiannya.",
                        f.declarations.plan_links.join("; ")
                    ),
                    format!(
                        "Plan links: {}. A reviewer confirms the fit.",
                        f.declarations.plan_links.join("; ")
                    ),
                )
            }
        }
        RuleCode::P6 => {
            if !f.objects.contains(&LegalObject::ScienceTechnology) {
                return na("Tidak ada objek iptek.", "No science and technology object.");
            }
            if text_given(&f.declarations.knowledge_transfer) {
                result(
                    code,
                    Pass,
                    "Rencana alih pengetahuan kepada SDM Indonesia tersedia.",
                    "A plan to transfer knowledge to Indonesian staff is given.",
                )
            } else {
                result(
                    code,
                    Fail,
                    "Kerja sama iptek harus memuat rencana alih pengetahuan kepada SDM Indonesia.",
                    "Science and technology cooperation needs a plan to transfer knowledge to Indonesian staff.",
                )
            }
        }
        RuleCode::P7 => {
            if f.form != Form::Ksdpl {
                return na("Hanya untuk KSDPL.", "Only for KSDPL.");
            }
            let Some(region) = f.region else {
                return result(code, NeedsReview, "Daerah belum dikenali.", "The region is not known.");
            };
            let province = region.region_type == RegionType::Provinsi;
            match (province, f.partner.level) {
                (true, Some(ForeignLevel::FirstLevel)) | (false, Some(ForeignLevel::Local)) => result(
                    code,
                    Pass,
                    format!("{} dan {} setara secara administrasi.", region.name, f.partner.name),
                    format!(
                        "{} and {} are of equal administrative status.",
                        region.name, f.partner.name
                    ),
                ),
                (true, Some(ForeignLevel::Local)) => result(
                    code,
                    Fail,
                    format!(
                        "{} adalah provinsi, sedangkan {} adalah pemerintah kota/kabupaten; tidak setara kecuali dikecualikan oleh Kemendagri.",
                        region.name, f.partner.name
                    ),
                    format!(
                        "{} is a province while {} is a city/local government: not equal unless Kemendagri waives it.",
                        region.name, f.partner.name
                    ),
                ),
                (false, Some(ForeignLevel::FirstLevel)) => result(
                    code,
                    Fail,
                    format!(
                        "{} adalah kabupaten/kota, sedangkan {} adalah pemerintah tingkat provinsi/negara bagian; tidak setara kecuali dikecualikan oleh Kemendagri.",
                        region.name, f.partner.name
                    ),
                    format!(
                        "{} is a regency/city while {} is a first-level (state/province) government: not equal unless Kemendagri waives it.",
                        region.name, f.partner.name
                    ),
                ),
                _ => result(
                    code,
                    NeedsReview,
                    "Tingkat pemerintahan mitra belum diketahui; peninjau menilai kesetaraan status atau wilayah.",
                    "The partner's level of government is unknown; a reviewer assesses equal status or territory.",
                ),
            }
        }
        RuleCode::P8 | RuleCode::P9 => {
            if f.form != Form::Ksdpl {
                return na("Hanya untuk KSDPL.", "Only for KSDPL.");
            }
            let (given, what_id, what_en) = if code == RuleCode::P8 {
                (
                    &f.declarations.complementarity,
                    "uraian saling melengkapi",
                    "a description of complementarity",
                )
            } else {
                (
                    &f.declarations.people_to_people,
                    "rencana kegiatan antarmasyarakat",
                    "planned people-to-people activities",
                )
            };
            if text_given(given) {
                result(
                    code,
                    NeedsReview,
                    format!("{} tersedia; menunggu penilaian Kemendagri.", capitalise(what_id)),
                    format!("{} is given; awaiting Kemendagri's assessment.", capitalise(what_en)),
                )
            } else {
                result(
                    code,
                    Fail,
                    format!("Lengkapi {what_id}."),
                    format!("Provide {what_en}."),
                )
            }
        }
        RuleCode::P10 => {
            if !foreign {
                return na("Hanya untuk kerja sama luar negeri.", "Only for foreign cooperation.");
            }
            if f.objects.is_empty() {
                return result(
                    code,
                    Fail,
                    "Sebutkan objek kerja sama (iptek, pertukaran budaya, kapasitas pemerintahan, promosi potensi daerah, atau objek lain yang sah).",
                    "Name the objects of cooperation (science and technology, cultural exchange, government capacity, promotion of regional potential, or another lawful object).",
                );
            }
            if f.objects.contains(&LegalObject::Other) {
                return result(
                    code,
                    NeedsReview,
                    format!(
                        "Objek lain: \"{}\"; peninjau memastikan tidak bertentangan dengan peraturan.",
                        f.other_object.unwrap_or("")
                    ),
                    format!(
                        "Other object: \"{}\"; a reviewer confirms it is lawful.",
                        f.other_object.unwrap_or("")
                    ),
                );
            }
            result(
                code,
                Pass,
                "Semua objek termasuk objek kerja sama luar negeri yang sah.",
                "Every object is a lawful object of foreign cooperation.",
            )
        }
        RuleCode::P11 => {
            if !foreign {
                return na("Hanya untuk kerja sama luar negeri.", "Only for foreign cooperation.");
            }
            let (approval, confirmation) = (has(f, D::PersetujuanMenteri), has(f, D::SuratKonfirmasi));
            match (approval, confirmation) {
                (true, true) => result(
                    code,
                    Pass,
                    "Surat Konfirmasi Kemlu dan persetujuan Menteri sudah ada.",
                    "Kemlu's confirmation letter and the Minister's approval are on file.",
                ),
                (false, true) => result(
                    code,
                    Fail,
                    "Persetujuan Menteri belum ada; naskah tidak boleh ditandatangani.",
                    "The Minister's approval is missing: the text may not be signed.",
                ),
                (true, false) => result(
                    code,
                    Fail,
                    "Surat Konfirmasi Kemlu belum ada; persetujuan Menteri harus didasarkan padanya.",
                    "Kemlu's confirmation letter is missing; the Minister's approval must rest on it.",
                ),
                (false, false) => result(
                    code,
                    Pending,
                    "Diperiksa sebelum penandatanganan: perlu Surat Konfirmasi Kemlu dan persetujuan Menteri.",
                    "Checked before signing: Kemlu's confirmation letter and the Minister's approval are needed.",
                ),
            }
        }
        RuleCode::P12 => {
            if has(f, D::PersetujuanDprd) {
                result(
                    code,
                    Pass,
                    "Persetujuan DPRD sudah ada.",
                    "The DPRD approval is on file.",
                )
            } else if f.dprd_deemed {
                result(
                    code,
                    Pass,
                    "DPRD tidak memutuskan dalam 45 hari kerja; persetujuan dianggap diberikan.",
                    "The DPRD did not decide within 45 working days; approval is deemed given.",
                )
            } else {
                result(
                    code,
                    Pending,
                    "Menunggu persetujuan DPRD (45 hari kerja sejak diterima Sekretariat DPRD).",
                    "Awaiting DPRD approval (45 working days from receipt by the DPRD Secretariat).",
                )
            }
        }
        RuleCode::P13 => {
            if f.form != Form::Ksdll {
                return na("Hanya untuk KSDLL.", "Only for KSDLL.");
            }
            match f.subtype {
                SubType::Continuation
                    if text_given(&f.declarations.central_agreement) || has(f, D::PerjanjianPusat) =>
                {
                    result(
                        code,
                        Pass,
                        "Dasar: penerusan kerja sama Pemerintah Pusat yang dirujuk.",
                        "Basis: continuation of the referenced central-government cooperation.",
                    )
                }
                SubType::Continuation => result(
                    code,
                    Fail,
                    "Sebutkan kerja sama Pemerintah Pusat yang diteruskan.",
                    "Name the central-government cooperation being continued.",
                ),
                _ => result(
                    code,
                    Pass,
                    "Dasar: kerja sama lain dengan persetujuan Pemerintah Pusat (prosedur lengkap Pasal 9).",
                    "Basis: other cooperation approved by the Central Government (full Pasal 9 procedure).",
                ),
            }
        }
        RuleCode::P15 => {
            if f.partner.category != Some(PartnerCategory::ForeignNonProfit) {
                return na(
                    "Mitra bukan lembaga nirlaba asing.",
                    "The partner is not a foreign non-profit.",
                );
            }
            match (has(f, D::IzinPrinsip), has(f, D::IzinOperasional)) {
                (true, true) => result(
                    code,
                    Pass,
                    "Izin Prinsip dan Izin Operasional sudah ada.",
                    "The principle and operating permits are on file.",
                ),
                (p, o) => {
                    let mut missing_id = Vec::new();
                    let mut missing_en = Vec::new();
                    if !p {
                        missing_id.push("Izin Prinsip (Menteri Luar Negeri)");
                        missing_en.push("principle permit (Foreign Minister)");
                    }
                    if !o {
                        missing_id.push("Izin Operasional (kementerian/lembaga mitra)");
                        missing_en.push("operating permit (partner ministry)");
                    }
                    result(
                        code,
                        Fail,
                        format!("Belum ada: {}.", missing_id.join(" dan ")),
                        format!("Missing: {}.", missing_en.join(" and ")),
                    )
                }
            }
        }
        RuleCode::P16 => match f.region {
            None => result(code, Fail, "Daerah tidak dikenal.", "Unknown region."),
            Some(r) if r.is_administrative => result(
                code,
                Fail,
                format!(
                    "{} adalah wilayah administrasi, bukan daerah otonom; kerja sama dilakukan oleh Provinsi DKI Jakarta.",
                    r.name
                ),
                format!(
                    "{} is an administrative unit, not an autonomous region; the cooperation is made by the Province of DKI Jakarta.",
                    r.name
                ),
            ),
            Some(r) => result(
                code,
                Pass,
                format!("{} adalah daerah otonom.", r.name),
                format!("{} is an autonomous region.", r.name),
            ),
        },
        RuleCode::P17 => {
            if !foreign {
                return na("Hanya untuk kerja sama luar negeri.", "Only for foreign cooperation.");
            }
            let year = f.today.year() - 1;
            match f.annual_report_sent {
                None => result(
                    code,
                    Pass,
                    format!("Daerah tidak mempunyai KSDPL/KSDLL yang berlaku pada {year}; tidak ada laporan terutang."),
                    format!("The region had no KSDPL/KSDLL in force in {year}; no report was due."),
                ),
                Some(true) => result(
                    code,
                    Pass,
                    format!("Laporan tahunan {year} sudah disampaikan."),
                    format!("The {year} annual report was sent."),
                ),
                Some(false) => result(
                    code,
                    Fail,
                    format!(
                        "Laporan tahunan {year} belum disampaikan; Menteri tidak menyetujui Rencana Kerja Sama baru sebelum laporan diterima."
                    ),
                    format!(
                        "The {year} annual report has not been sent; the Minister approves no new cooperation plan until it is."
                    ),
                ),
            }
        }
        RuleCode::LoiValid => {
            if f.renewal || !foreign {
                return na("Tidak memerlukan LoI.", "No LoI is needed.");
            }
            match f.loi_signed_on {
                None => result(
                    code,
                    Pending,
                    "LoI belum ditandatangani.",
                    "The LoI has not been signed.",
                ),
                Some(signed) => {
                    let until = crate::calendar::add_months(signed, 12);
                    if f.today <= until {
                        result(
                            code,
                            Pass,
                            format!("LoI ditandatangani {signed}, berlaku sampai {until}."),
                            format!("LoI signed on {signed}, valid until {until}."),
                        )
                    } else {
                        result(
                            code,
                            Fail,
                            format!("LoI ditandatangani {signed} dan berakhir {until} (paling lama 1 tahun)."),
                            format!("The LoI signed on {signed} lapsed on {until} (at most one year)."),
                        )
                    }
                }
            }
        }
        RuleCode::DraftClauses => {
            if !foreign {
                return na("Hanya untuk kerja sama luar negeri.", "Only for foreign cooperation.");
            }
            let missing: Vec<(&str, &str)> = REQUIRED_CLAUSES
                .iter()
                .filter(|(k, _, _)| !f.declarations.draft_clauses.iter().any(|c| c == k))
                .map(|(_, id, en)| (*id, *en))
                .collect();
            if missing.is_empty() {
                result(
                    code,
                    Pass,
                    "Rancangan naskah memuat semua klausul Pasal 20 ayat (5).",
                    "The draft contains every clause of Pasal 20(5).",
                )
            } else {
                result(
                    code,
                    Fail,
                    format!(
                        "Klausul yang belum ada: {}.",
                        missing.iter().map(|m| m.0).collect::<Vec<_>>().join(", ")
                    ),
                    format!(
                        "Missing clauses: {}.",
                        missing.iter().map(|m| m.1).collect::<Vec<_>>().join(", ")
                    ),
                )
            }
        }
        RuleCode::Term => match (f.signed_on, f.expires_on) {
            (Some(start), Some(end)) => {
                let max = crate::calendar::add_months(start, 60);
                if end <= max {
                    result(
                        code,
                        Pass,
                        format!("Berlaku {start} sampai {end} (paling lama 5 tahun)."),
                        format!("Runs from {start} to {end} (at most five years)."),
                    )
                } else {
                    result(
                        code,
                        Fail,
                        format!("Berakhir {end}, melewati batas 5 tahun ({max})."),
                        format!("Expiry {end} exceeds the five-year limit ({max})."),
                    )
                }
            }
            _ => result(
                code,
                Pending,
                "Tanggal penandatanganan dan berakhirnya diisi saat penandatanganan.",
                "The signing and expiry dates are given at signing.",
            ),
        },
        RuleCode::ExtensionDeadline => match f.extension {
            None => result(
                code,
                Pending,
                "Belum ada permohonan perpanjangan.",
                "No extension has been requested.",
            ),
            Some((expiry, requested)) => {
                let deadline = crate::calendar::add_months(expiry, -6);
                if requested <= deadline {
                    result(
                        code,
                        Pass,
                        format!("Diajukan {requested}, sebelum batas {deadline} (6 bulan sebelum berakhir {expiry})."),
                        format!(
                            "Requested on {requested}, before the deadline {deadline} (six months before expiry on {expiry})."
                        ),
                    )
                } else {
                    result(
                        code,
                        Fail,
                        format!("Diajukan {requested}, setelah batas {deadline} (6 bulan sebelum berakhir {expiry})."),
                        format!(
                            "Requested on {requested}, after the deadline {deadline} (six months before expiry on {expiry})."
                        ),
                    )
                }
            }
        },
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The rules a proposal of this form is evaluated against.
pub fn rules_for(form: Form) -> Vec<RuleCode> {
    use RuleCode::*;
    match form {
        Form::Ksdpl => vec![P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P16, P17],
        Form::Ksdll => vec![P1, P2, P3, P4, P5, P6, P10, P11, P12, P13, P15, P16, P17],
        Form::Ksdd | Form::Ksdpk => vec![P2, P5, P12, P16],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::DocumentKind as D;
    use time::macros::date;

    fn region(code: &str, kind: RegionType) -> Region {
        Region {
            code: code.parse().unwrap(),
            name: format!("Daerah {code}"),
            short_name: code.to_owned(),
            region_type: kind,
            is_administrative: false,
            province_code: code[..2].parse().unwrap(),
            province_name: "P".into(),
            province_name_en: None,
            province_iso_3166_2: None,
            capital: None,
            latitude: None,
            longitude: None,
            elevation_m: None,
            utc_offset: Some(8),
            population: None,
            population_male: None,
            population_female: None,
            area_km2: None,
            is_daerah_tertinggal: false,
            land_border_countries: vec![],
            outermost_small_islands: 0,
        }
    }

    fn facts<'a>(r: &'a Region, d: &'a Declarations, docs: &'a [D], partner: PartnerFacts) -> Facts<'a> {
        Facts {
            form: Form::Ksdpl,
            subtype: SubType::SisterCity,
            region: Some(r),
            partner,
            objects: &[LegalObject::CulturalExchange],
            other_object: None,
            fields: vec![],
            unknown_fields: vec![],
            declarations: d,
            documents: docs,
            dprd_deemed: false,
            annual_report_sent: None,
            loi_signed_on: None,
            signed_on: None,
            expires_on: None,
            extension: None,
            renewal: false,
            today: date!(2026 - 11 - 28),
        }
    }

    fn partner(country: &str, relations: DiplomaticRelations, level: ForeignLevel) -> PartnerFacts {
        PartnerFacts {
            name: "Mitra".into(),
            kind: Some(PartnerKind::ForeignRegionalGovernment),
            country_iso2: Some(country.into()),
            country_name: Some(country.into()),
            relations: Some(relations),
            sovereign_relations: None,
            level: Some(level),
            category: None,
        }
    }

    #[test]
    fn p1_fails_without_diplomatic_relations() {
        let r = region("64.02", RegionType::Kabupaten);
        let d = Declarations::default();
        for country in ["IL", "TW"] {
            let f = facts(
                &r,
                &d,
                &[],
                partner(country, DiplomaticRelations::No, ForeignLevel::Local),
            );
            let res = evaluate(RuleCode::P1, &f);
            assert_eq!(res.outcome, Outcome::Fail);
            assert!(res.explanation_id.contains("tidak mempunyai hubungan diplomatik"));
            assert!(res.explanation_en.contains(country));
            assert!(res.article.contains("Pasal 27"));
            assert!(rule(RuleCode::P1).waivable_by.is_empty(), "P1 cannot be waived");
        }
        let jp = facts(
            &r,
            &d,
            &[],
            partner("JP", DiplomaticRelations::Yes, ForeignLevel::Local),
        );
        assert_eq!(evaluate(RuleCode::P1, &jp).outcome, Outcome::Pass);
        let mut territory = partner("GU", DiplomaticRelations::NotApplicable, ForeignLevel::Local);
        territory.sovereign_relations = Some(DiplomaticRelations::Yes);
        assert_eq!(
            evaluate(RuleCode::P1, &facts(&r, &d, &[], territory)).outcome,
            Outcome::Pass
        );
    }

    #[test]
    fn p7_a_province_with_a_city_fails_and_can_be_waived_by_kemendagri() {
        let province = region("64", RegionType::Provinsi);
        let d = Declarations::default();
        let f = facts(
            &province,
            &d,
            &[],
            partner("JP", DiplomaticRelations::Yes, ForeignLevel::Local),
        );
        let res = evaluate(RuleCode::P7, &f);
        assert_eq!(res.outcome, Outcome::Fail);
        assert!(rule(RuleCode::P7).waivable_by.contains(&Role::KemendagriReviewer));
        let ok = facts(
            &province,
            &d,
            &[],
            partner("JP", DiplomaticRelations::Yes, ForeignLevel::FirstLevel),
        );
        assert_eq!(evaluate(RuleCode::P7, &ok).outcome, Outcome::Pass);
    }

    #[test]
    fn p11_signing_needs_the_ministers_approval_based_on_the_confirmation() {
        let r = region("64.02", RegionType::Kabupaten);
        let d = Declarations::default();
        let p = partner("JP", DiplomaticRelations::Yes, ForeignLevel::Local);
        let only_confirmation = [D::SuratKonfirmasi];
        let res = evaluate(RuleCode::P11, &facts(&r, &d, &only_confirmation, p.clone()));
        assert_eq!(res.outcome, Outcome::Fail);
        assert!(res.explanation_en.contains("approval is missing"));
        let both = [D::SuratKonfirmasi, D::PersetujuanMenteri];
        assert_eq!(evaluate(RuleCode::P11, &facts(&r, &d, &both, p)).outcome, Outcome::Pass);
    }

    #[test]
    fn p6_and_term_and_extension_deadline() {
        let r = region("64.02", RegionType::Kabupaten);
        let d = Declarations::default();
        let mut f = facts(
            &r,
            &d,
            &[],
            partner("JP", DiplomaticRelations::Yes, ForeignLevel::Local),
        );
        f.objects = &[LegalObject::ScienceTechnology];
        assert_eq!(evaluate(RuleCode::P6, &f).outcome, Outcome::Fail);
        f.signed_on = Some(date!(2026 - 01 - 10));
        f.expires_on = Some(date!(2031 - 01 - 10));
        assert_eq!(evaluate(RuleCode::Term, &f).outcome, Outcome::Pass);
        f.expires_on = Some(date!(2031 - 01 - 11));
        assert_eq!(evaluate(RuleCode::Term, &f).outcome, Outcome::Fail);
        f.extension = Some((date!(2027 - 06 - 30), date!(2026 - 12 - 30)));
        assert_eq!(evaluate(RuleCode::ExtensionDeadline, &f).outcome, Outcome::Pass);
        f.extension = Some((date!(2027 - 06 - 30), date!(2026 - 12 - 31)));
        assert_eq!(evaluate(RuleCode::ExtensionDeadline, &f).outcome, Outcome::Fail);
    }
}
