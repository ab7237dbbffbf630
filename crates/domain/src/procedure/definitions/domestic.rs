//! What KSDD and KSDPK (Permendagri 22/2020) share: every state from the preparation to the
//! end except KSDD's offer stages, and every step from the joint agreement on. "Days" are
//! calendar days unless configured.

use super::common::*;
use crate::procedure::*;

/// The DPRD's 45 days, then deemed approval (unless configured otherwise); the article
/// differs between KSDD (Pasal 12 ayat (4)) and KSDPK (Pasal 34 ayat (6)).
pub(super) const fn dprd_45(article: &'static str) -> [TimerDef; 1] {
    [TimerDef {
        code: "dprd_45_hari",
        label_id: "DPRD bersikap dalam 45 hari, atau dianggap menyetujui",
        label_en: "The DPRD takes a position within 45 days, or approval is deemed given",
        article,
        amount: 45,
        unit: CalendarDays,
        configurable_unit: true,
        start: TimerStart::Date("dprd_received_on"),
        effect: TimerEffect::Fire("dprd_dianggap_menyetujui"),
    }]
}

/// The timers of a domestic cooperation in force: the end of the term (at most five years,
/// `term_article`) and the semester report (`report_article`).
pub(super) const fn in_force_timers(term_article: &'static str, report_article: &'static str) -> [TimerDef; 3] {
    [
        TimerDef {
            code: "akan_berakhir",
            label_id: "Peringatan masa berlaku akan berakhir (180/90/60/30/7 hari)",
            label_en: "Expiry approaching (180/90/60/30/7 days)",
            article: term_article,
            amount: 180,
            unit: CalendarDays,
            configurable_unit: false,
            start: TimerStart::BeforeExpiry,
            effect: TimerEffect::Alert,
        },
        TimerDef {
            code: "masa_berlaku",
            label_id: "Masa berlaku berakhir",
            label_en: "End of the term",
            article: term_article,
            amount: 1,
            unit: CalendarDays,
            configurable_unit: false,
            start: TimerStart::Expiry,
            effect: TimerEffect::Fire("berakhir"),
        },
        TimerDef {
            code: "laporan_semester",
            label_id: "Laporan pelaksanaan setiap semester",
            label_en: "Implementation report every semester",
            article: report_article,
            amount: 6,
            unit: Months,
            configurable_unit: false,
            start: TimerStart::Entered,
            effect: TimerEffect::Alert,
        },
    ]
}

/// Withdrawal before signing: the region's own decision, no article of its own.
const WITHDRAWAL: &str = "Permendagri 22/2020 (penarikan oleh daerah)";

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

pub(super) const fn diajukan_dprd(timers: &'static [TimerDef], article: &'static str) -> StateDef {
    StateDef {
        timers,
        ..st(
            "diajukan_dprd",
            "Menunggu persetujuan DPRD",
            "Awaiting DPRD approval",
            article,
            Holder::Dprd,
            Phase::Approval,
        )
    }
}

pub(super) const SIAP_DITANDATANGANI: StateDef = st(
    "siap_ditandatangani",
    "PKS siap ditandatangani",
    "PKS ready to sign",
    "Permendagri 22/2020 Pasal 13",
    Holder::Region,
    Phase::Signing,
);

pub(super) const fn berlaku(timers: &'static [TimerDef]) -> StateDef {
    StateDef {
        registry_status: Some(S::InForce),
        timers,
        ..st(
            "berlaku",
            "Berlaku (pelaksanaan)",
            "In force (implementation)",
            "Permendagri 22/2020 Pasal 14–17",
            Holder::Region,
            Phase::InForce,
        )
    }
}

pub(super) const fn berakhir(article: &'static str) -> StateDef {
    StateDef {
        registry_status: Some(S::Expired),
        ..st(
            "berakhir",
            "Berakhir",
            "Expired",
            article,
            Holder::Nobody,
            Phase::Closed,
        )
    }
}

pub(super) const fn diakhiri(article: &'static str) -> StateDef {
    StateDef {
        registry_status: Some(S::Terminated),
        ..st(
            "diakhiri",
            "Diakhiri",
            "Terminated",
            article,
            Holder::Nobody,
            Phase::Closed,
        )
    }
}

pub(super) const DIBATALKAN: StateDef = StateDef {
    registry_status: Some(S::Withdrawn),
    ..st(
        "dibatalkan",
        "Dibatalkan",
        "Withdrawn",
        WITHDRAWAL,
        Holder::Nobody,
        Phase::Closed,
    )
};

// Steps.

/// The joint agreement runs at most five years (KSDD Pasal 9 ayat (3), KSDPK Pasal 32
/// ayat (3)).
pub(super) const fn tandatangani_kesepakatan(article: &'static str) -> TransitionDef {
    TransitionDef {
        documents: &[D::KesepakatanBersama],
        requires: &[R::Term],
        data: &[SIGNED, EXPIRES],
        ..t(
            "tandatangani_kesepakatan",
            &["penyusunan_kesepakatan"],
            "kesepakatan_ditandatangani",
            "Catat Kesepakatan Bersama yang ditandatangani",
            "Record the signed joint agreement",
            article,
            OFFICER,
        )
    }
}

/// Offered when the funding recorded needs the DPRD (PP 28/2018 Pasal 6 ayat (2)).
pub(super) const fn ajukan_dprd(article: &'static str) -> TransitionDef {
    TransitionDef {
        documents: &[D::RancanganPks, D::SuratPermohonanDprd],
        data: &[DPRD_RECEIVED],
        conditions: &[Condition::Flag(CaseFlag::NeedsDprd, true)],
        ..t(
            "ajukan_dprd",
            &["kesepakatan_ditandatangani"],
            "diajukan_dprd",
            "Ajukan persetujuan DPRD",
            "Request DPRD approval",
            article,
            APPROVER,
        )
    }
}

pub(super) const fn catat_persetujuan_dprd(article: &'static str) -> TransitionDef {
    TransitionDef {
        documents: &[D::PersetujuanDprd],
        ..t(
            "catat_persetujuan_dprd",
            &["diajukan_dprd"],
            "siap_ditandatangani",
            "Catat persetujuan DPRD",
            "Record the DPRD approval",
            article,
            OFFICER,
        )
    }
}

/// Fired by the 45-day timer unless configured otherwise; the article differs between
/// KSDD and KSDPK.
pub(super) const fn dprd_dianggap_menyetujui(article: &'static str) -> TransitionDef {
    TransitionDef {
        conditions: &[Condition::Config(ConfigSwitch::DprdSilenceIsApproval, true)],
        ..t(
            "dprd_dianggap_menyetujui",
            &["diajukan_dprd"],
            "siap_ditandatangani",
            "DPRD dianggap menyetujui (45 hari)",
            "DPRD approval deemed given (45 days)",
            article,
            SYSTEM,
        )
    }
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
        "Permendagri 22/2020 Pasal 10–11; PP 28/2018 Pasal 6 ayat (2)",
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

/// The semester report: KSDD Pasal 17, KSDPK Pasal 39.
pub(super) const fn kirim_laporan_semester(article: &'static str) -> TransitionDef {
    TransitionDef {
        documents: &[D::LaporanSemester],
        data: &[SEMESTER],
        ..t(
            "kirim_laporan_semester",
            &["berlaku"],
            "berlaku",
            "Kirim laporan semester",
            "Send the semester report",
            article,
            OFFICER,
        )
    }
}

pub(super) const fn berakhir_step(article: &'static str) -> TransitionDef {
    t(
        "berakhir",
        &["berlaku"],
        "berakhir",
        "Masa berlaku habis",
        "The term ends",
        article,
        SYSTEM,
    )
}

/// Termination: PP 28/2018 Pasal 9 (KSDD), Pasal 22 (KSDPK).
pub(super) const fn akhiri(article: &'static str) -> TransitionDef {
    TransitionDef {
        documents: &[D::DokumenPengakhiran],
        data: &[REASON],
        ..t(
            "akhiri",
            &["berlaku"],
            "diakhiri",
            "Akhiri kerja sama",
            "Terminate",
            article,
            APPROVER,
        )
    }
}

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
            WITHDRAWAL,
            APPROVER,
        )
    }
}
