//! What the two Permendagri 25/2020 procedures (foreign cooperation and KSDLL
//! continuation) share: the agreement in force, its extension, expiry and termination
//! (Pasal 25–26 and 32–37), the Governor's and the DPRD's time limits, and the signing
//! documents.

use super::common::*;
use crate::procedure::*;

pub(super) const EXPIRY_TIMERS: &[TimerDef] = &[
    TimerDef {
        code: "batas_perpanjangan",
        label_id: "Batas pengajuan perpanjangan (6 bulan sebelum berakhir)",
        label_en: "Deadline for an extension request (6 months before expiry)",
        article: "Permendagri 25/2020 Pasal 33 ayat (1)",
        amount: 6,
        unit: Months,
        configurable_unit: false,
        start: TimerStart::BeforeExpiry,
        effect: TimerEffect::Alert,
    },
    TimerDef {
        code: "akan_berakhir",
        label_id: "Peringatan masa berlaku akan berakhir (180/90/60/30/7 hari)",
        label_en: "Expiry approaching (180/90/60/30/7 days)",
        article: "Permendagri 25/2020 Pasal 32",
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
        article: "Permendagri 25/2020 Pasal 32",
        amount: 1,
        unit: CalendarDays,
        configurable_unit: false,
        start: TimerStart::Expiry,
        effect: TimerEffect::Fire("berakhir"),
    },
];

pub(super) const IN_FORCE_STATES: [StateDef; 5] = [
    StateDef {
        registry_status: Some(S::InForce),
        timers: EXPIRY_TIMERS,
        ..st(
            "ditandatangani",
            "Ditandatangani; naskah asli dikirim kepada Menteri",
            "Signed; original to be sent to the Minister",
            "Permendagri 25/2020 Pasal 25",
            Holder::Region,
            Phase::InForce,
        )
    },
    StateDef {
        registry_status: Some(S::InForce),
        timers: EXPIRY_TIMERS,
        ..st(
            "berlaku",
            "Berlaku (pelaksanaan)",
            "In force (implementation)",
            "Permendagri 25/2020 Pasal 26",
            Holder::Region,
            Phase::InForce,
        )
    },
    StateDef {
        registry_status: Some(S::InForce),
        timers: EXPIRY_TIMERS,
        ..st(
            "perpanjangan_diajukan",
            "Perpanjangan diajukan",
            "Extension requested",
            "Permendagri 25/2020 Pasal 33",
            Holder::Kemendagri,
            Phase::InForce,
        )
    },
    StateDef {
        registry_status: Some(S::Expired),
        ..st(
            "berakhir",
            "Berakhir (masa berlaku habis)",
            "Expired",
            "Permendagri 25/2020 Pasal 32",
            Holder::Nobody,
            Phase::Closed,
        )
    },
    StateDef {
        registry_status: Some(S::Terminated),
        ..st(
            "diakhiri",
            "Diakhiri",
            "Terminated",
            "Permendagri 25/2020 Pasal 34",
            Holder::Nobody,
            Phase::Closed,
        )
    },
];

/// A foreign case the region withdrew before signing.
pub(super) const WITHDRAWN_STATE: StateDef = StateDef {
    registry_status: Some(S::Withdrawn),
    ..st(
        "dibatalkan",
        "Dibatalkan",
        "Withdrawn",
        "Permendagri 25/2020 (penarikan oleh daerah)",
        Holder::Nobody,
        Phase::Closed,
    )
};

pub(super) const IN_FORCE: &[&str] = &["ditandatangani", "berlaku", "perpanjangan_diajukan"];

pub(super) const IN_FORCE_TRANSITIONS: [TransitionDef; 10] = [
    TransitionDef {
        documents: &[D::TandaTerimaNaskahAsli],
        ..t(
            "serahkan_naskah_asli",
            &["ditandatangani"],
            "berlaku",
            "Catat penyerahan naskah asli kepada Menteri",
            "Record delivery of the original to the Minister",
            "Permendagri 25/2020 Pasal 25 ayat (2)–(3)",
            &[RegionalOfficer, RegionalApprover, KemendagriReviewer],
        )
    },
    TransitionDef {
        documents: &[D::RencanaKegiatanTahunan],
        data: &[PLAN_YEAR],
        ..t(
            "unggah_rencana_kegiatan",
            &["ditandatangani", "berlaku"],
            "berlaku",
            "Unggah rencana kegiatan tahunan",
            "Upload the annual activity plan",
            "Permendagri 25/2020 Pasal 26",
            OFFICER,
        )
    },
    TransitionDef {
        data: &[ACTIVITY_ON, ACTIVITY_TITLE],
        ..t(
            "catat_kegiatan",
            &["berlaku", "perpanjangan_diajukan"],
            "berlaku",
            "Catat kegiatan pelaksanaan",
            "Record an implementation activity",
            "Permendagri 25/2020 Pasal 26",
            OFFICER,
        )
    },
    TransitionDef {
        documents: &[D::LaporanTahunan],
        data: &[REPORT_YEAR],
        ..t(
            "kirim_laporan_tahunan",
            &["berlaku", "perpanjangan_diajukan"],
            "berlaku",
            "Kirim laporan tahunan",
            "Send the annual report",
            "Permendagri 25/2020 Pasal 35–37",
            OFFICER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPermohonanPerpanjangan],
        requires: &[R::ExtensionDeadline],
        ..t(
            "ajukan_perpanjangan",
            &["berlaku"],
            "perpanjangan_diajukan",
            "Ajukan perpanjangan kepada Menteri",
            "Request an extension from the Minister",
            "Permendagri 25/2020 Pasal 33",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::PersetujuanPerpanjangan],
        data: &[NEW_EXPIRES],
        requires: &[R::Term],
        conditions: &[Condition::Config(ConfigSwitch::SimpleExtension, true)],
        ..t(
            "setujui_perpanjangan",
            &["perpanjangan_diajukan"],
            "berlaku",
            "Setujui perpanjangan",
            "Approve the extension",
            "Permendagri 25/2020 Pasal 33 (perpanjangan sederhana: konfigurasi)",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        conditions: &[Condition::Config(ConfigSwitch::SimpleExtension, false)],
        ..t(
            "mulai_pembaruan",
            &["perpanjangan_diajukan"],
            "berlaku",
            "Buka kasus pembaruan melalui seluruh tahapan",
            "Open a renewal case through all stages",
            "Permendagri 25/2020 Pasal 33–34 huruf c (default: tahapan lengkap)",
            &[KemendagriReviewer, RegionalApprover],
        )
    },
    TransitionDef {
        documents: &[D::SuratPenolakan],
        ..t(
            "tolak_perpanjangan",
            &["perpanjangan_diajukan"],
            "berlaku",
            "Tolak perpanjangan",
            "Refuse the extension",
            "Permendagri 25/2020 Pasal 33",
            KEMENDAGRI,
        )
    },
    t(
        "berakhir",
        IN_FORCE,
        "berakhir",
        "Masa berlaku habis",
        "The term ends",
        "Permendagri 25/2020 Pasal 32",
        SYSTEM,
    ),
    TransitionDef {
        documents: &[D::DokumenPengakhiran],
        data: &[GROUND],
        ..t(
            "akhiri",
            IN_FORCE,
            "diakhiri",
            "Akhiri kerja sama",
            "Terminate the cooperation",
            "Permendagri 25/2020 Pasal 34",
            &[RegionalApprover, KemendagriReviewer],
        )
    },
];

pub(super) const GOVERNOR_5: &[TimerDef] = &[TimerDef {
    code: "gubernur_5_hari",
    label_id: "Gubernur meneruskan dalam 5 hari kerja",
    label_en: "The Governor forwards within 5 working days",
    article: "Permendagri 25/2020 Pasal 18 ayat (4)–(5)",
    amount: 5,
    unit: WorkingDays,
    configurable_unit: false,
    start: TimerStart::Entered,
    effect: TimerEffect::Unlock,
}];

pub(super) const DPRD_45: &[TimerDef] = &[TimerDef {
    code: "dprd_45_hari_kerja",
    label_id: "DPRD memutuskan dalam 45 hari kerja, atau dianggap menyetujui",
    label_en: "The DPRD decides within 45 working days, or approval is deemed given",
    article: "Permendagri 25/2020 Pasal 17 ayat (2)–(4)",
    amount: 45,
    unit: WorkingDays,
    configurable_unit: false,
    start: TimerStart::Date("dprd_received_on"),
    effect: TimerEffect::Fire("dprd_dianggap_menyetujui"),
}];

pub(super) const SIGNING_DOCS: &[(DocumentKind, Condition)] =
    &[(D::SuratKuasa, Condition::Config(ConfigSwitch::FullPowersRequired, true))];
