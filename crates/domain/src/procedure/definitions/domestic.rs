//! What KSDD and KSDPK (Permendagri 22/2020) share: every state from the preparation to the
//! end except KSDD's offer stages, and every step from the joint agreement on. "Days" are
//! calendar days unless configured.

use super::common::*;
use super::foreign_common::EXPIRY_TIMERS;
use crate::procedure::*;

const DPRD_45_DOMESTIC: &[TimerDef] = &[TimerDef {
    code: "dprd_45_hari",
    label_id: "DPRD bersikap dalam 45 hari, atau dianggap menyetujui",
    label_en: "The DPRD takes a position within 45 days, or approval is deemed given",
    article: "Permendagri 22/2020 Pasal 12 ayat (4) dan Pasal 34 ayat (6)",
    amount: 45,
    unit: CalendarDays,
    configurable_unit: true,
    start: TimerStart::Date("dprd_received_on"),
    effect: TimerEffect::Fire("dprd_dianggap_menyetujui"),
}];

// States.

pub(super) const PERSIAPAN: StateDef = st(
    "persiapan",
    "Persiapan (identifikasi dan pemetaan urusan; studi kelayakan untuk KSDPK)",
    "Preparation (mapping of affairs; feasibility study for KSDPK)",
    "Permendagri 22/2020 Bab II–III",
    Holder::Region,
    Phase::Preparation,
);

pub(super) const PENYUSUNAN_KESEPAKATAN: StateDef = st(
    "penyusunan_kesepakatan",
    "Penyusunan Kesepakatan Bersama",
    "Drafting the joint agreement",
    "Permendagri 22/2020 Pasal 9",
    Holder::Region,
    Phase::Drafting,
);

pub(super) const KESEPAKATAN_DITANDATANGANI: StateDef = st(
    "kesepakatan_ditandatangani",
    "Kesepakatan Bersama ditandatangani; penyusunan PKS",
    "Joint agreement signed; drafting the PKS",
    "Permendagri 22/2020 Pasal 9–11",
    Holder::Region,
    Phase::Drafting,
);

pub(super) const DIAJUKAN_DPRD: StateDef = StateDef {
    timers: DPRD_45_DOMESTIC,
    ..st(
        "diajukan_dprd",
        "Menunggu persetujuan DPRD",
        "Awaiting DPRD approval",
        "Permendagri 22/2020 Pasal 12",
        Holder::Dprd,
        Phase::Approval,
    )
};

pub(super) const SIAP_DITANDATANGANI: StateDef = st(
    "siap_ditandatangani",
    "PKS siap ditandatangani",
    "PKS ready to sign",
    "Permendagri 22/2020 Pasal 13",
    Holder::Region,
    Phase::Signing,
);

pub(super) const BERLAKU: StateDef = StateDef {
    registry_status: Some(S::InForce),
    timers: &[
        EXPIRY_TIMERS[1],
        EXPIRY_TIMERS[2],
        TimerDef {
            code: "laporan_semester",
            label_id: "Laporan pelaksanaan setiap semester",
            label_en: "Implementation report every semester",
            article: "Permendagri 22/2020 Pasal 17 dan 39",
            amount: 6,
            unit: Months,
            configurable_unit: false,
            start: TimerStart::Entered,
            effect: TimerEffect::Alert,
        },
    ],
    ..st(
        "berlaku",
        "Berlaku (pelaksanaan)",
        "In force (implementation)",
        "Permendagri 22/2020 Pasal 14–17",
        Holder::Region,
        Phase::InForce,
    )
};

pub(super) const BERAKHIR: StateDef = StateDef {
    registry_status: Some(S::Expired),
    ..st(
        "berakhir",
        "Berakhir",
        "Expired",
        "Permendagri 22/2020 Pasal 9 ayat (3)",
        Holder::Nobody,
        Phase::Closed,
    )
};

pub(super) const DIAKHIRI: StateDef = StateDef {
    registry_status: Some(S::Terminated),
    ..st(
        "diakhiri",
        "Diakhiri",
        "Terminated",
        "PP 28/2018 Pasal 9",
        Holder::Nobody,
        Phase::Closed,
    )
};

pub(super) const DIBATALKAN: StateDef = StateDef {
    registry_status: Some(S::Withdrawn),
    ..st(
        "dibatalkan",
        "Dibatalkan",
        "Withdrawn",
        "—",
        Holder::Nobody,
        Phase::Closed,
    )
};

// Steps.

pub(super) const TANDATANGANI_KESEPAKATAN: TransitionDef = TransitionDef {
    documents: &[D::KesepakatanBersama],
    data: &[SIGNED, EXPIRES],
    ..t(
        "tandatangani_kesepakatan",
        &["penyusunan_kesepakatan"],
        "kesepakatan_ditandatangani",
        "Catat Kesepakatan Bersama yang ditandatangani",
        "Record the signed joint agreement",
        "Permendagri 22/2020 Pasal 9",
        OFFICER,
    )
};

pub(super) const AJUKAN_DPRD: TransitionDef = TransitionDef {
    documents: &[D::RancanganPks, D::SuratPermohonanDprd],
    data: &[DPRD_RECEIVED],
    conditions: &[Condition::Flag(CaseFlag::NeedsDprd, true)],
    ..t(
        "ajukan_dprd",
        &["kesepakatan_ditandatangani"],
        "diajukan_dprd",
        "Ajukan persetujuan DPRD",
        "Request DPRD approval",
        "Permendagri 22/2020 Pasal 12",
        APPROVER,
    )
};

pub(super) const CATAT_PERSETUJUAN_DPRD: TransitionDef = TransitionDef {
    documents: &[D::PersetujuanDprd],
    ..t(
        "catat_persetujuan_dprd",
        &["diajukan_dprd"],
        "siap_ditandatangani",
        "Catat persetujuan DPRD",
        "Record the DPRD approval",
        "Permendagri 22/2020 Pasal 12",
        OFFICER,
    )
};

/// Fired by the 45-day timer; the article differs between KSDD and KSDPK.
pub(super) const fn dprd_dianggap_menyetujui(article: &'static str) -> TransitionDef {
    t(
        "dprd_dianggap_menyetujui",
        &["diajukan_dprd"],
        "siap_ditandatangani",
        "DPRD dianggap menyetujui (45 hari)",
        "DPRD approval deemed given (45 days)",
        article,
        SYSTEM,
    )
}

pub(super) const SIAPKAN_PKS: TransitionDef = TransitionDef {
    documents: &[D::RancanganPks],
    conditions: &[Condition::Flag(CaseFlag::NeedsDprd, false)],
    ..t(
        "siapkan_pks",
        &["kesepakatan_ditandatangani"],
        "siap_ditandatangani",
        "Rancangan PKS selesai (tanpa persetujuan DPRD)",
        "Draft PKS final (no DPRD approval needed)",
        "Permendagri 22/2020 Pasal 10–11",
        OFFICER,
    )
};

pub(super) const TANDATANGANI_PKS: TransitionDef = TransitionDef {
    documents: &[D::PerjanjianKerjaSama],
    data: &[SIGNED, EXPIRES],
    ..t(
        "tandatangani_pks",
        &["siap_ditandatangani"],
        "berlaku",
        "Catat PKS yang ditandatangani",
        "Record the signed PKS",
        "Permendagri 22/2020 Pasal 13",
        OFFICER,
    )
};

pub(super) const CATAT_KEGIATAN: TransitionDef = TransitionDef {
    data: &[ACTIVITY_ON, ACTIVITY_TITLE],
    ..t(
        "catat_kegiatan",
        &["berlaku"],
        "berlaku",
        "Catat kegiatan pelaksanaan",
        "Record an implementation activity",
        "Permendagri 22/2020 Pasal 14",
        OFFICER,
    )
};

pub(super) const KIRIM_LAPORAN_SEMESTER: TransitionDef = TransitionDef {
    documents: &[D::LaporanSemester],
    data: &[SEMESTER],
    ..t(
        "kirim_laporan_semester",
        &["berlaku"],
        "berlaku",
        "Kirim laporan semester",
        "Send the semester report",
        "Permendagri 22/2020 Pasal 17 dan 39",
        OFFICER,
    )
};

pub(super) const BERAKHIR_STEP: TransitionDef = t(
    "berakhir",
    &["berlaku"],
    "berakhir",
    "Masa berlaku habis",
    "The term ends",
    "Permendagri 22/2020 Pasal 9",
    SYSTEM,
);

pub(super) const AKHIRI: TransitionDef = TransitionDef {
    documents: &[D::DokumenPengakhiran],
    data: &[REASON],
    ..t(
        "akhiri",
        &["berlaku"],
        "diakhiri",
        "Akhiri kerja sama",
        "Terminate",
        "PP 28/2018 Pasal 9",
        APPROVER,
    )
};

/// Withdrawal, offered from every state before signing (which differ between KSDD and KSDPK).
pub(super) const fn batalkan(before_signing: &'static [&'static str]) -> TransitionDef {
    TransitionDef {
        data: &[REASON],
        ..t(
            "batalkan",
            before_signing,
            "dibatalkan",
            "Batalkan",
            "Withdraw",
            "—",
            APPROVER,
        )
    }
}
