//! KSDPK, cooperation with a third party (Permendagri 22/2020 Bab III; PP 28/2018 Pasal
//! 13–22): a feasibility study instead of an offer, then the steps shared with KSDD.

use super::common::*;
use super::domestic::*;
use crate::agreement::{Form, SubType};
use crate::procedure::*;

const DPRD_45: &[TimerDef] =
    &dprd_45("Permendagri 22/2020 Pasal 34 ayat (6); PP 28/2018 Pasal 19 ayat (1) jo. Pasal 6 ayat (2)");
const IN_FORCE_TIMERS: &[TimerDef] =
    &in_force_timers("Permendagri 22/2020 Pasal 32 ayat (3)", "Permendagri 22/2020 Pasal 39");
const DPRD_ARTICLE: &str = "Permendagri 22/2020 Pasal 34; PP 28/2018 Pasal 19 ayat (1) jo. Pasal 6 ayat (2)";

const KSDPK_STATES: &[StateDef] = &[
    PERSIAPAN,
    PENYUSUNAN_KESEPAKATAN,
    KESEPAKATAN_DITANDATANGANI,
    diajukan_dprd(DPRD_45, DPRD_ARTICLE),
    SIAP_DITANDATANGANI,
    berlaku(IN_FORCE_TIMERS),
    berakhir("Permendagri 22/2020 Pasal 32 ayat (3); PP 28/2018 Pasal 22"),
    diakhiri("PP 28/2018 Pasal 22"),
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
    tandatangani_kesepakatan("Permendagri 22/2020 Pasal 32"),
    ajukan_dprd(DPRD_ARTICLE),
    catat_persetujuan_dprd("Permendagri 22/2020 Pasal 34"),
    dprd_dianggap_menyetujui("Permendagri 22/2020 Pasal 34 ayat (6)"),
    SIAPKAN_PKS,
    TANDATANGANI_PKS,
    CATAT_KEGIATAN,
    kirim_laporan_semester("Permendagri 22/2020 Pasal 39"),
    berakhir_step("Permendagri 22/2020 Pasal 32 ayat (3)"),
    akhiri("PP 28/2018 Pasal 22"),
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
