//! Requirements about what the cooperation covers: the affairs, plans, objects and
//! narratives of the proposal (P2, P3, P5, P6, P8, P9, P10, P13).

use super::*;
use crate::agreement::{LegalObject, SubType};
use crate::documents::DocumentKind as D;
use crate::reference::RegionType;
use Outcome::*;

/// P2: The affairs covered are held at the region's level of government.
pub(super) fn p2_regional_authority(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P2;
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

/// P3: The region opens no representative office abroad.
pub(super) fn p3_no_office_abroad(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P3;
    if !f.form.is_foreign() {
        return foreign_only(code);
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

/// P5: The plans the cooperation serves are linked; a reviewer confirms the fit.
pub(super) fn p5_development_plans(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P5;
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

/// P6: Science and technology cooperation comes with a plan to transfer knowledge.
pub(super) fn p6_knowledge_transfer(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P6;
    if !f.objects.contains(&LegalObject::ScienceTechnology) {
        return not_applicable(code, "Tidak ada objek iptek.", "No science and technology object.");
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

/// P8: the region describes how the two sides complement each other; Kemendagri assesses it.
pub(super) fn p8_complementarity(f: &Facts<'_>) -> RuleResult {
    ksdpl_narrative(
        RuleCode::P8,
        f,
        &f.declarations.complementarity,
        ("uraian saling melengkapi", "a description of complementarity"),
    )
}

/// P9: the region plans people-to-people activities; Kemendagri assesses them.
pub(super) fn p9_people_to_people(f: &Facts<'_>) -> RuleResult {
    ksdpl_narrative(
        RuleCode::P9,
        f,
        &f.declarations.people_to_people,
        (
            "rencana kegiatan antarmasyarakat",
            "planned people-to-people activities",
        ),
    )
}

/// A KSDPL requirement met by a narrative the region writes and Kemendagri assesses.
fn ksdpl_narrative(
    code: RuleCode,
    f: &Facts<'_>,
    given: &Option<String>,
    (what_id, what_en): (&str, &str),
) -> RuleResult {
    if f.form != Form::Ksdpl {
        return not_applicable(code, "Hanya untuk KSDPL.", "Only for KSDPL.");
    }
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

/// P10: The objects are among the lawful objects of foreign cooperation.
pub(super) fn p10_lawful_objects(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P10;
    if !f.form.is_foreign() {
        return foreign_only(code);
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

/// P13: A KSDLL continues a named central-government cooperation or has central approval.
pub(super) fn p13_ksdll_basis(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P13;
    if f.form != Form::Ksdll {
        return not_applicable(code, "Hanya untuk KSDLL.", "Only for KSDLL.");
    }
    match f.subtype {
        SubType::Continuation if text_given(&f.declarations.central_agreement) || has(f, D::PerjanjianPusat) => result(
            code,
            Pass,
            "Dasar: penerusan kerja sama Pemerintah Pusat yang dirujuk.",
            "Basis: continuation of the referenced central-government cooperation.",
        ),
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
