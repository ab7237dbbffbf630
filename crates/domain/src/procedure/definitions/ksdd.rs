//! KSDD, cooperation between regions (Permendagri 22/2020): an offer the partner region
//! answers, then the steps shared with KSDPK.

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
    DIAJUKAN_DPRD,
    SIAP_DITANDATANGANI,
    BERLAKU,
    BERAKHIR,
    DIAKHIRI,
    DIBATALKAN,
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
        ..t(
            "catat_tanggapan",
            &["penawaran", "penawaran_kedua", "eskalasi"],
            "penyusunan_kesepakatan",
            "Catat tanggapan mitra (setuju)",
            "Record the partner's answer (agreed)",
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
    TANDATANGANI_KESEPAKATAN,
    AJUKAN_DPRD,
    CATAT_PERSETUJUAN_DPRD,
    dprd_dianggap_menyetujui("Permendagri 22/2020 Pasal 12 ayat (4)"),
    SIAPKAN_PKS,
    TANDATANGANI_PKS,
    CATAT_KEGIATAN,
    KIRIM_LAPORAN_SEMESTER,
    BERAKHIR_STEP,
    AKHIRI,
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
