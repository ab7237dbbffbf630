//! The catalogue of requirements: each rule's title, article, mode and who may attest or
//! waive it, and the clauses a draft text must contain.

use super::{Mode, RuleCode, RuleDef};
use crate::agreement::Form;
use crate::role::Role;

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

/// The article a rule rests on for a form of cooperation: the catalogue's (Permendagri
/// 25/2020, PP 28/2018 Bab IV) for foreign cooperation; Permendagri 22/2020 and PP 28/2018
/// Bab II–III for KSDD and KSDPK.
pub fn article_for(code: RuleCode, form: Form) -> &'static str {
    use RuleCode::*;
    let ksdd = form == Form::Ksdd;
    match (form, code) {
        (Form::Ksdpl | Form::Ksdll, _) => rule(code).article,
        (_, P2) if ksdd => "PP 28/2018 Pasal 4 ayat (1); UU 23/2014 Pasal 12 dan Lampiran",
        (_, P2) => "PP 28/2018 Pasal 16 ayat (1); UU 23/2014 Pasal 12 dan Lampiran",
        (_, P5) if ksdd => "PP 28/2018 Pasal 4 ayat (2)–(3)",
        (_, P5) => "PP 28/2018 Pasal 16 ayat (2)–(3)",
        (_, P12) if ksdd => "Permendagri 22/2020 Pasal 12; PP 28/2018 Pasal 6 ayat (2)",
        (_, P12) => "Permendagri 22/2020 Pasal 34; PP 28/2018 Pasal 19 ayat (1) jo. Pasal 6 ayat (2)",
        (_, P16) => rule(code).article,
        (_, Term | ExtensionDeadline) if ksdd => "Permendagri 22/2020 Pasal 9 ayat (3)",
        (_, Term | ExtensionDeadline) => "Permendagri 22/2020 Pasal 32 ayat (3)",
        // The foreign-only rules do not apply to domestic cooperation.
        _ if ksdd => "PP 28/2018 Bab II (KSDD)",
        _ => "PP 28/2018 Bab III (KSDPK)",
    }
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
