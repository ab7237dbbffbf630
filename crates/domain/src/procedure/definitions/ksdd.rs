//! KSDD, cooperation between regions (Permendagri 22/2020; PP 28/2018 Pasal 2–12): an
//! offer the partner region answers itself (its steps carry `Side::PartnerRegion`), then the
//! steps shared with KSDPK.

use super::common::*;
use super::domestic::*;
use crate::agreement::{Form, SubType};
use crate::procedure::*;

const OFFER_30: &[TimerDef] = &[TimerDef {
    code: "tanggapan_30_hari",
    label_id: "Daerah mitra menanggapi penawaran dalam 30 hari",
    label_en: "The partner region answers the offer within 30 days",
    article: "Permendagri 22/2020 Pasal 8 ayat (3)–(4)",
    amount: 30,
    unit: CalendarDays,
    configurable_unit: true,
    start: TimerStart::Entered,
    effect: TimerEffect::Unlock,
}];

const OFFER_15: &[TimerDef] = &[TimerDef {
    code: "tanggapan_15_hari",
    label_id: "Tanggapan atas permintaan kedua dalam 15 hari",
    label_en: "Answer to the second request within 15 days",
    article: "Permendagri 22/2020 Pasal 8 ayat (5)–(7)",
    amount: 15,
    unit: CalendarDays,
    configurable_unit: true,
    start: TimerStart::Entered,
    effect: TimerEffect::Unlock,
}];

const PENAWARAN: StateDef = StateDef {
    timers: OFFER_30,
    ..st(
        "penawaran",
        "Penawaran dikirim kepada mitra",
        "Offer sent to the partner",
        "Permendagri 22/2020 Pasal 8",
        Holder::Partner,
        Phase::Preparation,
    )
};

const PENAWARAN_KEDUA: StateDef = StateDef {
    timers: OFFER_15,
    ..st(
        "penawaran_kedua",
        "Permintaan kedua",
        "Second request",
        "Permendagri 22/2020 Pasal 8 ayat (4)–(5)",
        Holder::Partner,
        Phase::Preparation,
    )
};

const DITOLAK_MITRA: StateDef = StateDef {
    registry_status: Some(S::Rejected),
    ..st(
        "ditolak_mitra",
        "Penawaran ditolak daerah mitra",
        "Offer declined by the partner region",
        "Permendagri 22/2020 Pasal 8",
        Holder::Nobody,
        Phase::Closed,
    )
};

const DPRD_45: &[TimerDef] = &dprd_45("Permendagri 22/2020 Pasal 12 ayat (4); PP 28/2018 Pasal 6 ayat (2)");
const IN_FORCE_TIMERS: &[TimerDef] =
    &in_force_timers("Permendagri 22/2020 Pasal 9 ayat (3)", "Permendagri 22/2020 Pasal 17");
const DPRD_ARTICLE: &str = "Permendagri 22/2020 Pasal 12; PP 28/2018 Pasal 6 ayat (2)";

const ESKALASI: StateDef = st(
    "eskalasi",
    "Dilaporkan kepada Gubernur/Menteri untuk memerintahkan tanggapan",
    "Reported to the Governor/Minister to order an answer",
    "Permendagri 22/2020 Pasal 8 ayat (6)–(7)",
    Holder::Governor,
    Phase::Preparation,
);

const KSDD_STATES: &[StateDef] = &[
    PERSIAPAN,
    PENAWARAN,
    PENAWARAN_KEDUA,
    ESKALASI,
    PENYUSUNAN_KESEPAKATAN,
    KESEPAKATAN_DITANDATANGANI,
    diajukan_dprd(DPRD_45, DPRD_ARTICLE),
    SIAP_DITANDATANGANI,
    berlaku(IN_FORCE_TIMERS),
    berakhir("Permendagri 22/2020 Pasal 9 ayat (3); PP 28/2018 Pasal 9"),
    diakhiri("PP 28/2018 Pasal 9"),
    DIBATALKAN,
    DITOLAK_MITRA,
];

const KSDD_BEFORE_SIGNING: &[&str] = &[
    "persiapan",
    "penawaran",
    "penawaran_kedua",
    "eskalasi",
    "penyusunan_kesepakatan",
    "kesepakatan_ditandatangani",
    "diajukan_dprd",
    "siap_ditandatangani",
];

const KSDD_TRANSITIONS: &[TransitionDef] = &[
    TransitionDef {
        documents: &[D::SuratPenawaran],
        requires: &[R::P16],
        ..t(
            "kirim_penawaran",
            &["persiapan"],
            "penawaran",
            "Kirim penawaran kerja sama",
            "Send the offer of cooperation",
            "Permendagri 22/2020 Pasal 8 ayat (1)–(3)",
            OFFICER,
        )
    },
    TransitionDef {
        documents: &[D::TanggapanPenawaran],
        side: Side::PartnerRegion,
        ..t(
            "catat_tanggapan",
            &["penawaran", "penawaran_kedua", "eskalasi"],
            "penyusunan_kesepakatan",
            "Daerah mitra menjawab penawaran (setuju)",
            "The partner region answers the offer (agreed)",
            "Permendagri 22/2020 Pasal 8",
            OFFICER,
        )
    },
    TransitionDef {
        documents: &[D::TanggapanPenawaran],
        data: &[REASON],
        side: Side::PartnerRegion,
        ..t(
            "tolak_penawaran",
            &["penawaran", "penawaran_kedua", "eskalasi"],
            "ditolak_mitra",
            "Daerah mitra menolak penawaran",
            "The partner region declines the offer",
            "Permendagri 22/2020 Pasal 8",
            OFFICER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPenawaranKedua],
        conditions: &[Condition::TimerExpired("tanggapan_30_hari")],
        ..t(
            "kirim_penawaran_kedua",
            &["penawaran"],
            "penawaran_kedua",
            "Kirim permintaan kedua (tanpa tanggapan 30 hari)",
            "Send a second request (no answer in 30 days)",
            "Permendagri 22/2020 Pasal 8 ayat (4)",
            OFFICER,
        )
    },
    TransitionDef {
        conditions: &[Condition::TimerExpired("tanggapan_15_hari")],
        ..t(
            "laporkan_tanpa_tanggapan",
            &["penawaran_kedua"],
            "eskalasi",
            "Laporkan kepada Gubernur/Menteri (tanpa tanggapan 15 hari)",
            "Report to the Governor/Minister (no answer in 15 days)",
            "Permendagri 22/2020 Pasal 8 ayat (5)–(7)",
            APPROVER,
        )
    },
    tandatangani_kesepakatan("Permendagri 22/2020 Pasal 9"),
    ajukan_dprd(DPRD_ARTICLE),
    catat_persetujuan_dprd("Permendagri 22/2020 Pasal 12"),
    dprd_dianggap_menyetujui("Permendagri 22/2020 Pasal 12 ayat (4)"),
    SIAPKAN_PKS,
    TANDATANGANI_PKS,
    CATAT_KEGIATAN,
    kirim_laporan_semester("Permendagri 22/2020 Pasal 17"),
    berakhir_step("Permendagri 22/2020 Pasal 9 ayat (3)"),
    akhiri("PP 28/2018 Pasal 9"),
    batalkan(KSDD_BEFORE_SIGNING),
];

pub static KSDD: ProcedureDef = ProcedureDef {
    code: "ksdd_pmdn22",
    version: 1,
    title_id: "KSDD (Permendagri 22/2020)",
    title_en: "KSDD: cooperation between regions (Permendagri 22/2020)",
    legal_basis: "pmdn_22_2020",
    applies_to: &[(Form::Ksdd, &[SubType::Mandatory, SubType::Voluntary])],
    initial: "persiapan",
    states: KSDD_STATES,
    transitions: KSDD_TRANSITIONS,
};
