//! Requirements about who takes part: the partner's country and standing, and the region's
//! autonomy (P1, P4, P7, P15, P16).

use super::*;
use crate::documents::DocumentKind as D;
use crate::partner::{ForeignLevel, PartnerCategory};
use crate::reference::{DiplomaticRelations, RegionType};
use Outcome::*;

/// P1: The partner's country has diplomatic relations with Indonesia; an international organisation needs none.
pub(super) fn p1_diplomatic_relations(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P1;
    if !f.form.is_foreign() {
        return foreign_only(code);
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

/// P4: Non-interference is always a reviewer's attestation.
pub(super) fn p4_no_interference(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P4;
    if !f.form.is_foreign() {
        return foreign_only(code);
    }
    result(
        code,
        NeedsReview,
        "Perlu penilaian Kemendagri atau Kemlu bahwa mitra tidak mencampuri urusan dalam negeri.",
        "Kemendagri or Kemlu must attest that the partner does not interfere in domestic affairs.",
    )
}

/// P7: A province pairs with a first-level government, a regency or city with a local one.
pub(super) fn p7_equal_status(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P7;
    if f.form != Form::Ksdpl {
        return not_applicable(code, "Hanya untuk KSDPL.", "Only for KSDPL.");
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

/// P15: A foreign non-profit holds both permits.
pub(super) fn p15_non_profit_permits(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P15;
    if f.partner.category != Some(PartnerCategory::ForeignNonProfit) {
        return not_applicable(
            code,
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

/// P16: The region is autonomous, not one of Jakarta's administrative units.
pub(super) fn p16_autonomous_region(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P16;
    match f.region {
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
    }
}
