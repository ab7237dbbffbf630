//! KSDPK, cooperation with a third party (Permendagri 22/2020): a feasibility study instead
//! of an offer, then the steps shared with KSDD.

use super::common::*;
use super::domestic::*;
use crate::agreement::{Form, SubType};
use crate::procedure::*;

const KSDPK_STATES: &[StateDef] = &[
    PERSIAPAN,
    PENYUSUNAN_KESEPAKATAN,
    KESEPAKATAN_DITANDATANGANI,
    DIAJUKAN_DPRD,
    SIAP_DITANDATANGANI,
    BERLAKU,
    BERAKHIR,
    DIAKHIRI,
    DIBATALKAN,
];

const KSDPK_BEFORE_SIGNING: &[&str] = &[
    "persiapan",
    "penyusunan_kesepakatan",
    "kesepakatan_ditandatangani",
    "diajukan_dprd",
    "siap_ditandatangani",
];

const KSDPK_TRANSITIONS: &[TransitionDef] = &[
    TransitionDef {
        documents: &[D::StudiKelayakan],
        requires: &[R::P16],
        ..t(
            "selesaikan_studi_kelayakan",
            &["persiapan"],
            "penyusunan_kesepakatan",
            "Studi kelayakan selesai; susun Kesepakatan Bersama",
            "Feasibility study done; draft the joint agreement",
            "Permendagri 22/2020 Bab III",
            OFFICER,
        )
    },
    TANDATANGANI_KESEPAKATAN,
    AJUKAN_DPRD,
    CATAT_PERSETUJUAN_DPRD,
    dprd_dianggap_menyetujui("Permendagri 22/2020 Pasal 34 ayat (6)"),
    SIAPKAN_PKS,
    TANDATANGANI_PKS,
    CATAT_KEGIATAN,
    KIRIM_LAPORAN_SEMESTER,
    BERAKHIR_STEP,
    AKHIRI,
    batalkan(KSDPK_BEFORE_SIGNING),
];

pub static KSDPK: ProcedureDef = ProcedureDef {
    code: "ksdpk_pmdn22",
    version: 1,
    title_id: "KSDPK (Permendagri 22/2020)",
    title_en: "KSDPK: cooperation with a third party (Permendagri 22/2020)",
    legal_basis: "pmdn_22_2020",
    applies_to: &[(
        Form::Ksdpk,
        &[
            SubType::PublicService,
            SubType::AssetManagement,
            SubType::Investment,
            SubType::OtherThirdParty,
        ],
    )],
    initial: "persiapan",
    states: KSDPK_STATES,
    transitions: KSDPK_TRANSITIONS,
};
