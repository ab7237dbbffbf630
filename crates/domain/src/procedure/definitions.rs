//! The procedures Jalin ships, as data. Article references follow legal-articles.md
//! (Permendagri 25/2020 read in full; Permendagri 22/2020; PP 28/2018).

use super::*;
use crate::agreement::AgreementStatus as S;
use crate::calendar::DayUnit::*;
use crate::documents::DocumentKind as D;
use crate::eligibility::RuleCode as R;
use crate::role::Role::*;

const OFFICER: &[Role] = &[RegionalOfficer, RegionalApprover];
const APPROVER: &[Role] = &[RegionalApprover];
const PROVINCE: &[Role] = &[ProvinceOfficer];
const KEMENDAGRI: &[Role] = &[KemendagriReviewer];
const KEMLU: &[Role] = &[KemluReviewer];
const SYSTEM: &[Role] = &[System];

const fn date(key: &'static str, label_id: &'static str, label_en: &'static str) -> DataField {
    DataField {
        key,
        label_id,
        label_en,
        kind: DataKind::Date,
        required: true,
    }
}

const DPRD_RECEIVED: DataField = date(
    "dprd_received_on",
    "Tanggal permohonan diterima Sekretariat DPRD",
    "Date the DPRD Secretariat received the request",
);
const LOI_SIGNED: DataField = date(
    "loi_signed_on",
    "Tanggal penandatanganan LoI",
    "Date the LoI was signed",
);
const SIGNED: DataField = date("signed_on", "Tanggal penandatanganan", "Signing date");
const EXPIRES: DataField = date("expires_on", "Tanggal berakhir", "Expiry date");
const NEW_EXPIRES: DataField = date("new_expires_on", "Tanggal berakhir yang baru", "New expiry date");
const MEETING: DataField = date("meeting_on", "Tanggal rapat", "Meeting date");
const REASON: DataField = DataField {
    key: "reason",
    label_id: "Alasan",
    label_en: "Reason",
    kind: DataKind::Text,
    required: true,
};
const GROUND: DataField = DataField {
    key: "termination_ground",
    label_id: "Dasar pengakhiran (Pasal 34)",
    label_en: "Ground for termination (Pasal 34)",
    kind: DataKind::Choice(&["mutual_agreement", "objectives_achieved", "replaced_by_new_agreement"]),
    required: true,
};
const REPORT_YEAR: DataField = DataField {
    key: "report_year",
    label_id: "Tahun yang dilaporkan",
    label_en: "Year reported",
    kind: DataKind::Year,
    required: true,
};
const PLAN_YEAR: DataField = DataField {
    key: "plan_year",
    label_id: "Tahun rencana",
    label_en: "Plan year",
    kind: DataKind::Year,
    required: true,
};
const ACTIVITY_ON: DataField = date("activity_on", "Tanggal kegiatan", "Activity date");
const ACTIVITY_TITLE: DataField = DataField {
    key: "activity_title",
    label_id: "Kegiatan",
    label_en: "Activity",
    kind: DataKind::Text,
    required: true,
};
const SEMESTER: DataField = DataField {
    key: "report_period",
    label_id: "Semester yang dilaporkan (mis. 2026-1)",
    label_en: "Semester reported (e.g. 2026-1)",
    kind: DataKind::Text,
    required: true,
};

const fn t(
    code: &'static str,
    from: &'static [&'static str],
    to: &'static str,
    label_id: &'static str,
    label_en: &'static str,
    article: &'static str,
    roles: &'static [Role],
) -> TransitionDef {
    TransitionDef {
        code,
        from,
        to,
        label_id,
        label_en,
        article,
        roles,
        documents: &[],
        conditional_documents: &[],
        requires: &[],
        conditions: &[],
        data: &[],
    }
}

const fn st(
    code: &'static str,
    label_id: &'static str,
    label_en: &'static str,
    article: &'static str,
    holder: Holder,
    phase: Phase,
) -> StateDef {
    StateDef {
        code,
        label_id,
        label_en,
        article,
        holder,
        phase,
        registry_status: None,
        timers: &[],
    }
}

// ---------------------------------------------------------------------------------------
// Shared: the agreement in force, extension, expiry and termination (Permendagri 25/2020
// Pasal 25–26 and 32–37).

const EXPIRY_TIMERS: &[TimerDef] = &[
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

const IN_FORCE_STATES: [StateDef; 5] = [
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

const IN_FORCE: &[&str] = &["ditandatangani", "berlaku", "perpanjangan_diajukan"];

const IN_FORCE_TRANSITIONS: [TransitionDef; 10] = [
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

// ---------------------------------------------------------------------------------------
// KSDPL (every sub-type) and KSDLL "other cooperation with central approval":
// Permendagri 25/2020 Pasal 9 huruf a–k.

const GOVERNOR_5: &[TimerDef] = &[TimerDef {
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

const GOVERNOR_5_DRAFT: &[TimerDef] = &[TimerDef {
    code: "gubernur_5_hari_naskah",
    label_id: "Gubernur meneruskan rancangan naskah dalam 5 hari kerja",
    label_en: "The Governor forwards the draft text within 5 working days",
    article: "Permendagri 25/2020 Pasal 20 ayat (4)",
    amount: 5,
    unit: WorkingDays,
    configurable_unit: false,
    start: TimerStart::Entered,
    effect: TimerEffect::Unlock,
}];

const DPRD_45: &[TimerDef] = &[TimerDef {
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

const LOI_YEAR: &[TimerDef] = &[TimerDef {
    code: "masa_berlaku_loi",
    label_id: "LoI berlaku paling lama 1 tahun",
    label_en: "The LoI is valid for at most one year",
    article: "Permendagri 25/2020 Pasal 13 ayat (3)",
    amount: 12,
    unit: Months,
    configurable_unit: false,
    start: TimerStart::Date("loi_signed_on"),
    effect: TimerEffect::Alert,
}];

const FOREIGN_STATES: &[StateDef] = &[
    st(
        "prakarsa",
        "Prakarsa",
        "Initiative",
        "Permendagri 25/2020 Pasal 9 huruf a, Pasal 10",
        Holder::Region,
        Phase::Preparation,
    ),
    st(
        "penjajakan",
        "Penjajakan dan kajian",
        "Exploration and study",
        "Permendagri 25/2020 Pasal 9 huruf b, Pasal 11–12",
        Holder::Region,
        Phase::Preparation,
    ),
    st(
        "konsultasi_menteri",
        "Konsultasi kepada Menteri sebelum LoI",
        "Consultation of the Minister before the LoI",
        "Permendagri 25/2020 Pasal 14 ayat (2)–(3)",
        Holder::Kemendagri,
        Phase::Preparation,
    ),
    st(
        "persiapan_loi",
        "Persiapan penandatanganan LoI",
        "Preparing to sign the LoI",
        "Permendagri 25/2020 Pasal 13–14",
        Holder::Region,
        Phase::Preparation,
    ),
    StateDef {
        timers: LOI_YEAR,
        ..st(
            "loi_ditandatangani",
            "LoI ditandatangani",
            "LoI signed",
            "Permendagri 25/2020 Pasal 9 huruf c, Pasal 13–14",
            Holder::Region,
            Phase::Preparation,
        )
    },
    StateDef {
        timers: LOI_YEAR,
        ..st(
            "rencana_disusun",
            "Rencana Kerja Sama disusun",
            "Cooperation plan drafted",
            "Permendagri 25/2020 Pasal 9 huruf d, Pasal 15",
            Holder::Region,
            Phase::Preparation,
        )
    },
    StateDef {
        timers: DPRD_45,
        ..st(
            "diajukan_dprd",
            "Menunggu persetujuan DPRD",
            "Awaiting DPRD approval",
            "Permendagri 25/2020 Pasal 9 huruf e, Pasal 16–17",
            Holder::Dprd,
            Phase::Approval,
        )
    },
    st(
        "disetujui_dprd",
        "Disetujui DPRD",
        "Approved by the DPRD",
        "Permendagri 25/2020 Pasal 17",
        Holder::Region,
        Phase::Approval,
    ),
    st(
        "ditolak_dprd",
        "Ditolak DPRD",
        "Rejected by the DPRD",
        "Permendagri 25/2020 Pasal 17 ayat (2)",
        Holder::Region,
        Phase::Approval,
    ),
    StateDef {
        timers: GOVERNOR_5,
        ..st(
            "diajukan_gubernur",
            "Diajukan melalui Gubernur",
            "Submitted through the Governor",
            "Permendagri 25/2020 Pasal 18 ayat (3)–(5)",
            Holder::Governor,
            Phase::Approval,
        )
    },
    st(
        "verifikasi",
        "Verifikasi oleh Menteri",
        "Verification by the Minister",
        "Permendagri 25/2020 Pasal 9 huruf f, Pasal 18–19",
        Holder::Kemendagri,
        Phase::Approval,
    ),
    st(
        "perbaikan_rencana",
        "Perbaikan Rencana Kerja Sama sesuai pertimbangan",
        "Revising the plan as advised",
        "Permendagri 25/2020 Pasal 19 ayat (4)",
        Holder::Region,
        Phase::Approval,
    ),
    st(
        "penyusunan_naskah",
        "Penyusunan rancangan naskah",
        "Drafting the cooperation text",
        "Permendagri 25/2020 Pasal 9 huruf g, Pasal 20",
        Holder::Region,
        Phase::Drafting,
    ),
    StateDef {
        timers: GOVERNOR_5_DRAFT,
        ..st(
            "naskah_diajukan_gubernur",
            "Rancangan naskah diajukan melalui Gubernur",
            "Draft text submitted through the Governor",
            "Permendagri 25/2020 Pasal 20 ayat (3)–(4)",
            Holder::Governor,
            Phase::Drafting,
        )
    },
    st(
        "naskah_diajukan",
        "Rancangan naskah diajukan kepada Menteri",
        "Draft text submitted to the Minister",
        "Permendagri 25/2020 Pasal 20 ayat (2)",
        Holder::Kemendagri,
        Phase::Drafting,
    ),
    st(
        "rapat_interkementerian",
        "Pembahasan dalam rapat interkementerian",
        "Inter-ministerial meeting",
        "Permendagri 25/2020 Pasal 9 huruf h, Pasal 21–22",
        Holder::Kemendagri,
        Phase::Drafting,
    ),
    st(
        "negosiasi_kemlu",
        "Perundingan dengan mitra oleh Kemlu",
        "Negotiation with the partner by Kemlu",
        "Permendagri 25/2020 Pasal 22 ayat (4), Pasal 23",
        Holder::Kemlu,
        Phase::Drafting,
    ),
    st(
        "menunggu_persetujuan_menteri",
        "Menunggu persetujuan Menteri",
        "Awaiting the Minister's approval",
        "Permendagri 25/2020 Pasal 9 huruf i, Pasal 24",
        Holder::Kemendagri,
        Phase::Signing,
    ),
    st(
        "disetujui_menteri",
        "Disetujui Menteri; persiapan penandatanganan",
        "Approved by the Minister; preparing the signing",
        "Permendagri 25/2020 Pasal 24",
        Holder::Region,
        Phase::Signing,
    ),
    IN_FORCE_STATES[0],
    IN_FORCE_STATES[1],
    IN_FORCE_STATES[2],
    IN_FORCE_STATES[3],
    IN_FORCE_STATES[4],
    StateDef {
        registry_status: Some(S::Withdrawn),
        ..st(
            "dibatalkan",
            "Dibatalkan",
            "Withdrawn",
            "Permendagri 25/2020 (penarikan oleh daerah)",
            Holder::Nobody,
            Phase::Closed,
        )
    },
    StateDef {
        registry_status: Some(S::Rejected),
        ..st(
            "ditolak",
            "Ditolak Pemerintah Pusat",
            "Rejected by the Central Government",
            "Permendagri 25/2020 Pasal 19 dan 24",
            Holder::Nobody,
            Phase::Closed,
        )
    },
];

const BEFORE_SIGNING: &[&str] = &[
    "prakarsa",
    "penjajakan",
    "konsultasi_menteri",
    "persiapan_loi",
    "loi_ditandatangani",
    "rencana_disusun",
    "diajukan_dprd",
    "disetujui_dprd",
    "ditolak_dprd",
    "diajukan_gubernur",
    "verifikasi",
    "perbaikan_rencana",
    "penyusunan_naskah",
    "naskah_diajukan_gubernur",
    "naskah_diajukan",
    "rapat_interkementerian",
    "negosiasi_kemlu",
    "menunggu_persetujuan_menteri",
    "disetujui_menteri",
];

/// Requirements the Minister's verification confirms (Pasal 19; Pasal 38 for P17).
const VERIFICATION: &[RuleCode] = &[
    R::P1,
    R::P2,
    R::P3,
    R::P4,
    R::P5,
    R::P6,
    R::P7,
    R::P8,
    R::P9,
    R::P10,
    R::P12,
    R::P13,
    R::P16,
    R::P17,
];

const SIGNING_DOCS: &[(DocumentKind, Condition)] =
    &[(D::SuratKuasa, Condition::Config(ConfigSwitch::FullPowersRequired, true))];

const FOREIGN_TRANSITIONS: &[TransitionDef] = &[
    TransitionDef {
        documents: &[D::SuratMinat],
        requires: &[R::P16],
        ..t(
            "mulai_penjajakan",
            &["prakarsa"],
            "penjajakan",
            "Mulai penjajakan",
            "Start exploration",
            "Permendagri 25/2020 Pasal 10–11",
            OFFICER,
        )
    },
    TransitionDef {
        documents: &[D::Kajian, D::SuratKonsultasiMenteri],
        requires: &[R::P1, R::P7, R::P10, R::P16],
        ..t(
            "ajukan_konsultasi",
            &["penjajakan"],
            "konsultasi_menteri",
            "Ajukan konsultasi kepada Menteri sebelum LoI",
            "Consult the Minister before the LoI",
            "Permendagri 25/2020 Pasal 12, Pasal 14 ayat (2)",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::TanggapanMenteri],
        ..t(
            "tanggapi_konsultasi",
            &["konsultasi_menteri"],
            "persiapan_loi",
            "Sampaikan tanggapan tertulis Menteri",
            "Give the Minister's written response",
            "Permendagri 25/2020 Pasal 14 ayat (3)",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        documents: &[D::Loi, D::TembusanLoi],
        requires: &[R::P1],
        data: &[LOI_SIGNED],
        ..t(
            "tandatangani_loi",
            &["persiapan_loi"],
            "loi_ditandatangani",
            "Catat LoI yang ditandatangani dan tembusannya kepada Menteri",
            "Record the signed LoI and its copy to the Minister",
            "Permendagri 25/2020 Pasal 13, Pasal 14 ayat (4)–(5)",
            OFFICER,
        )
    },
    TransitionDef {
        documents: &[D::RencanaKerjaSama],
        requires: &[R::LoiValid, R::P3, R::P6, R::P10],
        ..t(
            "susun_rencana",
            &["loi_ditandatangani"],
            "rencana_disusun",
            "Susun Rencana Kerja Sama",
            "Draft the cooperation plan",
            "Permendagri 25/2020 Pasal 15",
            OFFICER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPermohonanDprd],
        requires: &[R::LoiValid],
        data: &[DPRD_RECEIVED],
        ..t(
            "ajukan_dprd",
            &["rencana_disusun"],
            "diajukan_dprd",
            "Ajukan persetujuan DPRD",
            "Request DPRD approval",
            "Permendagri 25/2020 Pasal 16",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::PersetujuanDprd],
        ..t(
            "catat_persetujuan_dprd",
            &["diajukan_dprd"],
            "disetujui_dprd",
            "Catat persetujuan DPRD",
            "Record the DPRD approval",
            "Permendagri 25/2020 Pasal 17 ayat (1)–(2)",
            OFFICER,
        )
    },
    t(
        "dprd_dianggap_menyetujui",
        &["diajukan_dprd"],
        "disetujui_dprd",
        "DPRD dianggap menyetujui (45 hari kerja)",
        "DPRD approval deemed given (45 working days)",
        "Permendagri 25/2020 Pasal 17 ayat (3)–(4)",
        SYSTEM,
    ),
    TransitionDef {
        documents: &[D::PenolakanDprd],
        ..t(
            "catat_penolakan_dprd",
            &["diajukan_dprd"],
            "ditolak_dprd",
            "Catat penolakan DPRD",
            "Record the DPRD rejection",
            "Permendagri 25/2020 Pasal 17 ayat (2)",
            OFFICER,
        )
    },
    t(
        "revisi_rencana",
        &["ditolak_dprd"],
        "rencana_disusun",
        "Perbaiki Rencana Kerja Sama",
        "Revise the cooperation plan",
        "Permendagri 25/2020 Pasal 15–16",
        OFFICER,
    ),
    TransitionDef {
        documents: &[D::SuratPengajuanMenteri],
        requires: &[R::P12, R::P17],
        conditions: &[Condition::RegionIsProvince],
        ..t(
            "ajukan_ke_menteri",
            &["disetujui_dprd"],
            "verifikasi",
            "Ajukan kepada Menteri",
            "Submit to the Minister",
            "Permendagri 25/2020 Pasal 18 ayat (1)–(2)",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPengajuanMenteri],
        requires: &[R::P12, R::P17],
        conditions: &[Condition::RegionIsKabKota],
        ..t(
            "ajukan_ke_gubernur",
            &["disetujui_dprd"],
            "diajukan_gubernur",
            "Ajukan kepada Menteri melalui Gubernur",
            "Submit to the Minister through the Governor",
            "Permendagri 25/2020 Pasal 18 ayat (3)",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPengantarGubernur],
        ..t(
            "teruskan_ke_menteri",
            &["diajukan_gubernur"],
            "verifikasi",
            "Teruskan kepada Menteri",
            "Forward to the Minister",
            "Permendagri 25/2020 Pasal 18 ayat (4)",
            PROVINCE,
        )
    },
    TransitionDef {
        conditions: &[Condition::TimerExpired("gubernur_5_hari")],
        ..t(
            "ajukan_langsung",
            &["diajukan_gubernur"],
            "verifikasi",
            "Ajukan langsung kepada Menteri (Gubernur tidak meneruskan dalam 5 hari kerja)",
            "Submit directly to the Minister (the Governor did not forward within 5 working days)",
            "Permendagri 25/2020 Pasal 18 ayat (5)",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::PertimbanganMenteri],
        ..t(
            "minta_perbaikan",
            &["verifikasi"],
            "perbaikan_rencana",
            "Minta perbaikan Rencana Kerja Sama",
            "Ask for a revised plan",
            "Permendagri 25/2020 Pasal 19 ayat (3)–(4)",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        documents: &[D::RencanaKerjaSama],
        conditions: &[Condition::RegionIsProvince],
        ..t(
            "ajukan_ulang",
            &["perbaikan_rencana"],
            "verifikasi",
            "Ajukan ulang rencana yang diperbaiki",
            "Resubmit the revised plan",
            "Permendagri 25/2020 Pasal 18–19",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::RencanaKerjaSama],
        conditions: &[Condition::RegionIsKabKota],
        ..t(
            "ajukan_ulang_melalui_gubernur",
            &["perbaikan_rencana"],
            "diajukan_gubernur",
            "Ajukan ulang melalui Gubernur",
            "Resubmit through the Governor",
            "Permendagri 25/2020 Pasal 18–19",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPermohonanDprd],
        data: &[DPRD_RECEIVED],
        ..t(
            "ajukan_ulang_dprd",
            &["perbaikan_rencana"],
            "diajukan_dprd",
            "Ajukan ulang kepada DPRD (substansi berubah)",
            "Resubmit to the DPRD (substance changed)",
            "Permendagri 25/2020 Pasal 16 (I: bila substansi berubah)",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::PertimbanganMenteri, D::Kajian, D::Loi, D::RencanaKerjaSama],
        requires: VERIFICATION,
        ..t(
            "setujui_verifikasi",
            &["verifikasi"],
            "penyusunan_naskah",
            "Verifikasi lengkap: minta penyusunan rancangan naskah",
            "Verification complete: ask for the draft text",
            "Permendagri 25/2020 Pasal 19",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        documents: &[D::SuratPenolakan],
        data: &[REASON],
        ..t(
            "tolak",
            &["verifikasi", "naskah_diajukan", "menunggu_persetujuan_menteri"],
            "ditolak",
            "Tolak",
            "Reject",
            "Permendagri 25/2020 Pasal 19 dan 24",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        documents: &[D::RancanganNaskah],
        requires: &[R::DraftClauses],
        conditions: &[Condition::RegionIsProvince],
        ..t(
            "ajukan_naskah",
            &["penyusunan_naskah"],
            "naskah_diajukan",
            "Ajukan rancangan naskah kepada Menteri",
            "Submit the draft text to the Minister",
            "Permendagri 25/2020 Pasal 20 ayat (2), (5)",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::RancanganNaskah],
        requires: &[R::DraftClauses],
        conditions: &[Condition::RegionIsKabKota],
        ..t(
            "ajukan_naskah_ke_gubernur",
            &["penyusunan_naskah"],
            "naskah_diajukan_gubernur",
            "Ajukan rancangan naskah melalui Gubernur",
            "Submit the draft text through the Governor",
            "Permendagri 25/2020 Pasal 20 ayat (3), (5)",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPengantarGubernur],
        ..t(
            "teruskan_naskah",
            &["naskah_diajukan_gubernur"],
            "naskah_diajukan",
            "Teruskan rancangan naskah kepada Menteri",
            "Forward the draft text to the Minister",
            "Permendagri 25/2020 Pasal 20 ayat (4)",
            PROVINCE,
        )
    },
    TransitionDef {
        conditions: &[Condition::TimerExpired("gubernur_5_hari_naskah")],
        ..t(
            "ajukan_naskah_langsung",
            &["naskah_diajukan_gubernur"],
            "naskah_diajukan",
            "Ajukan rancangan naskah langsung kepada Menteri",
            "Submit the draft text directly to the Minister",
            "Permendagri 25/2020 Pasal 20 ayat (4)",
            APPROVER,
        )
    },
    TransitionDef {
        data: &[MEETING],
        ..t(
            "jadwalkan_rapat",
            &["naskah_diajukan"],
            "rapat_interkementerian",
            "Jadwalkan rapat interkementerian",
            "Schedule the inter-ministerial meeting",
            "Permendagri 25/2020 Pasal 21",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        documents: &[D::NotulenRapatInterkementerian],
        ..t(
            "catat_notulen",
            &["rapat_interkementerian"],
            "negosiasi_kemlu",
            "Catat notulen yang ditandatangani; kirim rancangan kepada Kemlu",
            "Record the signed minutes; send the draft to Kemlu",
            "Permendagri 25/2020 Pasal 22",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        data: &[REASON],
        ..t(
            "kembalikan_naskah",
            &["rapat_interkementerian", "negosiasi_kemlu"],
            "penyusunan_naskah",
            "Kembalikan rancangan untuk diperbaiki",
            "Return the draft for revision",
            "Permendagri 25/2020 Pasal 22–23",
            &[KemendagriReviewer, KemluReviewer],
        )
    },
    TransitionDef {
        documents: &[D::SuratKonfirmasi],
        ..t(
            "terbitkan_surat_konfirmasi",
            &["negosiasi_kemlu"],
            "menunggu_persetujuan_menteri",
            "Terbitkan Surat Konfirmasi",
            "Issue the confirmation letter",
            "Permendagri 25/2020 Pasal 23",
            KEMLU,
        )
    },
    TransitionDef {
        documents: &[D::PersetujuanMenteri, D::SuratKonfirmasi],
        ..t(
            "setujui_naskah",
            &["menunggu_persetujuan_menteri"],
            "disetujui_menteri",
            "Setujui naskah (surat persetujuan Menteri)",
            "Approve the text (Minister's approval letter)",
            "Permendagri 25/2020 Pasal 24",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        documents: &[D::NaskahKerjaSama],
        conditional_documents: SIGNING_DOCS,
        requires: &[R::P11, R::Term],
        data: &[SIGNED, EXPIRES],
        ..t(
            "tandatangani",
            &["disetujui_menteri"],
            "ditandatangani",
            "Catat penandatanganan naskah",
            "Record the signing",
            "Permendagri 25/2020 Pasal 25 ayat (1), Pasal 32",
            OFFICER,
        )
    },
    TransitionDef {
        data: &[REASON],
        ..t(
            "batalkan",
            BEFORE_SIGNING,
            "dibatalkan",
            "Batalkan (tarik kembali)",
            "Withdraw",
            "Permendagri 25/2020 (penarikan)",
            APPROVER,
        )
    },
    IN_FORCE_TRANSITIONS[0],
    IN_FORCE_TRANSITIONS[1],
    IN_FORCE_TRANSITIONS[2],
    IN_FORCE_TRANSITIONS[3],
    IN_FORCE_TRANSITIONS[4],
    IN_FORCE_TRANSITIONS[5],
    IN_FORCE_TRANSITIONS[6],
    IN_FORCE_TRANSITIONS[7],
    IN_FORCE_TRANSITIONS[8],
    IN_FORCE_TRANSITIONS[9],
];

pub static FOREIGN: ProcedureDef = ProcedureDef {
    code: "luar_negeri_pmdn25",
    version: 1,
    title_id: "KSDPL dan KSDLL dengan persetujuan Pemerintah Pusat (Permendagri 25/2020 Pasal 9 huruf a–k)",
    title_en: "KSDPL and KSDLL with central approval (Permendagri 25/2020 Pasal 9 a–k)",
    legal_basis: "pmdn_25_2020",
    applies_to: &[
        (
            Form::Ksdpl,
            &[
                SubType::SisterProvince,
                SubType::SisterCity,
                SubType::OtherForeignGovernment,
            ],
        ),
        (Form::Ksdll, &[SubType::OtherCentralApproval]),
    ],
    initial: "prakarsa",
    states: FOREIGN_STATES,
    transitions: FOREIGN_TRANSITIONS,
};

// ---------------------------------------------------------------------------------------
// KSDLL continuation of a central-government cooperation (Permendagri 25/2020 Pasal 27–30).

const CONTINUATION_STATES: &[StateDef] = &[
    st(
        "prakarsa",
        "Prakarsa (program kerja sama Pemerintah Pusat)",
        "Initiative (a central-government cooperation programme)",
        "Permendagri 25/2020 Pasal 27",
        Holder::Region,
        Phase::Preparation,
    ),
    st(
        "rencana_disusun",
        "Rencana Kerja Sama dan lampirannya disusun",
        "Cooperation plan and its attachments drafted",
        "Permendagri 25/2020 Pasal 29",
        Holder::Region,
        Phase::Preparation,
    ),
    StateDef {
        timers: DPRD_45,
        ..st(
            "diajukan_dprd",
            "Menunggu persetujuan DPRD",
            "Awaiting DPRD approval",
            "PP 28/2018 Pasal 30 dan 38 (konfigurasi)",
            Holder::Dprd,
            Phase::Approval,
        )
    },
    st(
        "disetujui_dprd",
        "Disetujui DPRD",
        "Approved by the DPRD",
        "PP 28/2018 Pasal 30 dan 38",
        Holder::Region,
        Phase::Approval,
    ),
    st(
        "ditolak_dprd",
        "Ditolak DPRD",
        "Rejected by the DPRD",
        "PP 28/2018 Pasal 30",
        Holder::Region,
        Phase::Approval,
    ),
    StateDef {
        timers: GOVERNOR_5,
        ..st(
            "diajukan_gubernur",
            "Diajukan melalui Gubernur",
            "Submitted through the Governor",
            "Permendagri 25/2020 Pasal 18 (I: jalur yang sama)",
            Holder::Governor,
            Phase::Approval,
        )
    },
    st(
        "verifikasi",
        "Verifikasi oleh Menteri",
        "Verification by the Minister",
        "Permendagri 25/2020 Pasal 29",
        Holder::Kemendagri,
        Phase::Approval,
    ),
    st(
        "rapat_interkementerian",
        "Rapat interkementerian; penetapan kementerian teknis mitra",
        "Inter-ministerial meeting naming the technical partner ministry",
        "Permendagri 25/2020 Pasal 29",
        Holder::Kemendagri,
        Phase::Drafting,
    ),
    st(
        "perizinan",
        "Izin Prinsip dan Izin Operasional lembaga nirlaba asing",
        "Principle and operating permits of the foreign non-profit",
        "Permendagri 25/2020 Pasal 30 ayat (2)",
        Holder::Partner,
        Phase::Drafting,
    ),
    st(
        "persiapan_penandatanganan",
        "Persiapan penandatanganan",
        "Preparing the signing",
        "Permendagri 25/2020 Pasal 29–30",
        Holder::Region,
        Phase::Signing,
    ),
    IN_FORCE_STATES[0],
    IN_FORCE_STATES[1],
    IN_FORCE_STATES[2],
    IN_FORCE_STATES[3],
    IN_FORCE_STATES[4],
    StateDef {
        registry_status: Some(S::Withdrawn),
        ..st(
            "dibatalkan",
            "Dibatalkan",
            "Withdrawn",
            "Permendagri 25/2020 (penarikan oleh daerah)",
            Holder::Nobody,
            Phase::Closed,
        )
    },
    StateDef {
        registry_status: Some(S::Rejected),
        ..st(
            "ditolak",
            "Ditolak Pemerintah Pusat",
            "Rejected by the Central Government",
            "Permendagri 25/2020 Pasal 29",
            Holder::Nobody,
            Phase::Closed,
        )
    },
];

const CONTINUATION_TRANSITIONS: &[TransitionDef] = &[
    TransitionDef {
        documents: &[D::RencanaKerjaSama, D::PetaPotensi, D::KerangkaAcuan, D::SuratKesediaan],
        conditional_documents: &[(D::StudiKelayakan, Condition::Flag(CaseFlag::UsesRegionalAssets, true))],
        requires: &[R::P1, R::P13, R::P16],
        ..t(
            "susun_rencana",
            &["prakarsa"],
            "rencana_disusun",
            "Susun Rencana Kerja Sama dengan lampirannya",
            "Draft the plan with its attachments",
            "Permendagri 25/2020 Pasal 29 ayat (1)",
            OFFICER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPermohonanDprd],
        data: &[DPRD_RECEIVED],
        conditions: &[Condition::Config(ConfigSwitch::ContinuationRequiresDprd, true)],
        ..t(
            "ajukan_dprd",
            &["rencana_disusun"],
            "diajukan_dprd",
            "Ajukan persetujuan DPRD",
            "Request DPRD approval",
            "PP 28/2018 Pasal 30 dan 38 (konfigurasi, default: wajib)",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::PersetujuanDprd],
        ..t(
            "catat_persetujuan_dprd",
            &["diajukan_dprd"],
            "disetujui_dprd",
            "Catat persetujuan DPRD",
            "Record the DPRD approval",
            "PP 28/2018 Pasal 30",
            OFFICER,
        )
    },
    t(
        "dprd_dianggap_menyetujui",
        &["diajukan_dprd"],
        "disetujui_dprd",
        "DPRD dianggap menyetujui (45 hari kerja)",
        "DPRD approval deemed given (45 working days)",
        "Permendagri 25/2020 Pasal 17 ayat (3)–(4)",
        SYSTEM,
    ),
    TransitionDef {
        documents: &[D::PenolakanDprd],
        ..t(
            "catat_penolakan_dprd",
            &["diajukan_dprd"],
            "ditolak_dprd",
            "Catat penolakan DPRD",
            "Record the DPRD rejection",
            "PP 28/2018 Pasal 30",
            OFFICER,
        )
    },
    t(
        "revisi_rencana",
        &["ditolak_dprd"],
        "rencana_disusun",
        "Perbaiki Rencana Kerja Sama",
        "Revise the plan",
        "Permendagri 25/2020 Pasal 29",
        OFFICER,
    ),
    TransitionDef {
        documents: &[D::SuratPengajuanMenteri],
        requires: &[R::P12, R::P17],
        conditions: &[
            Condition::RegionIsProvince,
            Condition::Config(ConfigSwitch::ContinuationRequiresDprd, true),
        ],
        ..t(
            "ajukan_ke_menteri",
            &["disetujui_dprd"],
            "verifikasi",
            "Ajukan kepada Menteri",
            "Submit to the Minister",
            "Permendagri 25/2020 Pasal 29",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPengajuanMenteri],
        requires: &[R::P17],
        conditions: &[
            Condition::RegionIsProvince,
            Condition::Config(ConfigSwitch::ContinuationRequiresDprd, false),
        ],
        ..t(
            "ajukan_ke_menteri_tanpa_dprd",
            &["rencana_disusun"],
            "verifikasi",
            "Ajukan kepada Menteri",
            "Submit to the Minister",
            "Permendagri 25/2020 Pasal 29",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPengajuanMenteri],
        requires: &[R::P12, R::P17],
        conditions: &[
            Condition::RegionIsKabKota,
            Condition::Config(ConfigSwitch::ContinuationRequiresDprd, true),
        ],
        ..t(
            "ajukan_ke_gubernur",
            &["disetujui_dprd"],
            "diajukan_gubernur",
            "Ajukan melalui Gubernur",
            "Submit through the Governor",
            "Permendagri 25/2020 Pasal 18 (I)",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPengajuanMenteri],
        requires: &[R::P17],
        conditions: &[
            Condition::RegionIsKabKota,
            Condition::Config(ConfigSwitch::ContinuationRequiresDprd, false),
        ],
        ..t(
            "ajukan_ke_gubernur_tanpa_dprd",
            &["rencana_disusun"],
            "diajukan_gubernur",
            "Ajukan melalui Gubernur",
            "Submit through the Governor",
            "Permendagri 25/2020 Pasal 18 (I)",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::SuratPengantarGubernur],
        ..t(
            "teruskan_ke_menteri",
            &["diajukan_gubernur"],
            "verifikasi",
            "Teruskan kepada Menteri",
            "Forward to the Minister",
            "Permendagri 25/2020 Pasal 18 ayat (4)",
            PROVINCE,
        )
    },
    TransitionDef {
        conditions: &[Condition::TimerExpired("gubernur_5_hari")],
        ..t(
            "ajukan_langsung",
            &["diajukan_gubernur"],
            "verifikasi",
            "Ajukan langsung kepada Menteri",
            "Submit directly to the Minister",
            "Permendagri 25/2020 Pasal 18 ayat (5)",
            APPROVER,
        )
    },
    TransitionDef {
        documents: &[D::PertimbanganMenteri],
        requires: &[R::P1, R::P2, R::P3, R::P4, R::P5, R::P6, R::P10, R::P13, R::P16, R::P17],
        data: &[MEETING],
        ..t(
            "setujui_verifikasi",
            &["verifikasi"],
            "rapat_interkementerian",
            "Verifikasi lengkap; jadwalkan rapat interkementerian",
            "Verification complete; schedule the inter-ministerial meeting",
            "Permendagri 25/2020 Pasal 29 ayat (2)–(3)",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        documents: &[D::SuratPenolakan],
        data: &[REASON],
        ..t(
            "tolak",
            &["verifikasi", "rapat_interkementerian"],
            "ditolak",
            "Tolak",
            "Reject",
            "Permendagri 25/2020 Pasal 29",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        documents: &[D::NotulenRapatInterkementerian],
        conditions: &[Condition::Flag(CaseFlag::ForeignNonProfit, true)],
        ..t(
            "catat_notulen_nirlaba",
            &["rapat_interkementerian"],
            "perizinan",
            "Catat notulen; mitra nirlaba mengurus izin",
            "Record the minutes; the non-profit obtains its permits",
            "Permendagri 25/2020 Pasal 29–30",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        documents: &[D::NotulenRapatInterkementerian],
        conditions: &[Condition::Flag(CaseFlag::ForeignNonProfit, false)],
        ..t(
            "catat_notulen",
            &["rapat_interkementerian"],
            "persiapan_penandatanganan",
            "Catat notulen yang ditandatangani",
            "Record the signed minutes",
            "Permendagri 25/2020 Pasal 29",
            KEMENDAGRI,
        )
    },
    TransitionDef {
        documents: &[D::IzinPrinsip, D::IzinOperasional],
        requires: &[R::P15],
        ..t(
            "catat_izin",
            &["perizinan"],
            "persiapan_penandatanganan",
            "Catat Izin Prinsip dan Izin Operasional",
            "Record the principle and operating permits",
            "Permendagri 25/2020 Pasal 30 ayat (2)",
            &[RegionalOfficer, KemendagriReviewer],
        )
    },
    TransitionDef {
        documents: &[D::NaskahKerjaSama, D::RencanaKerjaTahunanBersama],
        conditional_documents: SIGNING_DOCS,
        requires: &[R::P13, R::P15, R::Term],
        data: &[SIGNED, EXPIRES],
        ..t(
            "tandatangani",
            &["persiapan_penandatanganan"],
            "ditandatangani",
            "Catat penandatanganan dan rencana kerja tahunan bersama",
            "Record the signing and the joint annual work plan",
            "Permendagri 25/2020 Pasal 30 ayat (3), Pasal 32",
            OFFICER,
        )
    },
    TransitionDef {
        data: &[REASON],
        ..t(
            "batalkan",
            &[
                "prakarsa",
                "rencana_disusun",
                "diajukan_dprd",
                "disetujui_dprd",
                "ditolak_dprd",
                "diajukan_gubernur",
                "verifikasi",
                "rapat_interkementerian",
                "perizinan",
                "persiapan_penandatanganan",
            ],
            "dibatalkan",
            "Batalkan",
            "Withdraw",
            "Permendagri 25/2020 (penarikan)",
            APPROVER,
        )
    },
    IN_FORCE_TRANSITIONS[0],
    IN_FORCE_TRANSITIONS[1],
    IN_FORCE_TRANSITIONS[2],
    IN_FORCE_TRANSITIONS[3],
    IN_FORCE_TRANSITIONS[4],
    IN_FORCE_TRANSITIONS[5],
    IN_FORCE_TRANSITIONS[6],
    IN_FORCE_TRANSITIONS[7],
    IN_FORCE_TRANSITIONS[8],
    IN_FORCE_TRANSITIONS[9],
];

pub static CONTINUATION: ProcedureDef = ProcedureDef {
    code: "ksdll_penerusan_pmdn25",
    version: 1,
    title_id: "KSDLL penerusan kerja sama Pemerintah Pusat (Permendagri 25/2020 Pasal 27–30)",
    title_en: "KSDLL continuation of a central-government cooperation (Permendagri 25/2020 Pasal 27–30)",
    legal_basis: "pmdn_25_2020",
    applies_to: &[(Form::Ksdll, &[SubType::Continuation])],
    initial: "prakarsa",
    states: CONTINUATION_STATES,
    transitions: CONTINUATION_TRANSITIONS,
};

// ---------------------------------------------------------------------------------------
// KSDD and KSDPK (Permendagri 22/2020). "Days" are calendar days unless configured.

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

const DOMESTIC_STATES: &[StateDef] = &[
    st(
        "persiapan",
        "Persiapan (identifikasi dan pemetaan urusan; studi kelayakan untuk KSDPK)",
        "Preparation (mapping of affairs; feasibility study for KSDPK)",
        "Permendagri 22/2020 Bab II–III",
        Holder::Region,
        Phase::Preparation,
    ),
    StateDef {
        timers: OFFER_30,
        ..st(
            "penawaran",
            "Penawaran dikirim kepada mitra",
            "Offer sent to the partner",
            "Permendagri 22/2020 Pasal 8",
            Holder::Partner,
            Phase::Preparation,
        )
    },
    StateDef {
        timers: OFFER_15,
        ..st(
            "penawaran_kedua",
            "Permintaan kedua",
            "Second request",
            "Permendagri 22/2020 Pasal 8 ayat (4)–(5)",
            Holder::Partner,
            Phase::Preparation,
        )
    },
    st(
        "eskalasi",
        "Dilaporkan kepada Gubernur/Menteri untuk memerintahkan tanggapan",
        "Reported to the Governor/Minister to order an answer",
        "Permendagri 22/2020 Pasal 8 ayat (6)–(7)",
        Holder::Governor,
        Phase::Preparation,
    ),
    st(
        "penyusunan_kesepakatan",
        "Penyusunan Kesepakatan Bersama",
        "Drafting the joint agreement",
        "Permendagri 22/2020 Pasal 9",
        Holder::Region,
        Phase::Drafting,
    ),
    st(
        "kesepakatan_ditandatangani",
        "Kesepakatan Bersama ditandatangani; penyusunan PKS",
        "Joint agreement signed; drafting the PKS",
        "Permendagri 22/2020 Pasal 9–11",
        Holder::Region,
        Phase::Drafting,
    ),
    StateDef {
        timers: DPRD_45_DOMESTIC,
        ..st(
            "diajukan_dprd",
            "Menunggu persetujuan DPRD",
            "Awaiting DPRD approval",
            "Permendagri 22/2020 Pasal 12",
            Holder::Dprd,
            Phase::Approval,
        )
    },
    st(
        "siap_ditandatangani",
        "PKS siap ditandatangani",
        "PKS ready to sign",
        "Permendagri 22/2020 Pasal 13",
        Holder::Region,
        Phase::Signing,
    ),
    StateDef {
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
    },
    StateDef {
        registry_status: Some(S::Expired),
        ..st(
            "berakhir",
            "Berakhir",
            "Expired",
            "Permendagri 22/2020 Pasal 9 ayat (3)",
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
            "PP 28/2018 Pasal 9",
            Holder::Nobody,
            Phase::Closed,
        )
    },
    StateDef {
        registry_status: Some(S::Withdrawn),
        ..st(
            "dibatalkan",
            "Dibatalkan",
            "Withdrawn",
            "—",
            Holder::Nobody,
            Phase::Closed,
        )
    },
];

const KSDPK_STATES: &[StateDef] = &[
    st(
        "persiapan",
        "Persiapan (identifikasi dan pemetaan urusan; studi kelayakan untuk KSDPK)",
        "Preparation (mapping of affairs; feasibility study for KSDPK)",
        "Permendagri 22/2020 Bab II–III",
        Holder::Region,
        Phase::Preparation,
    ),
    st(
        "penyusunan_kesepakatan",
        "Penyusunan Kesepakatan Bersama",
        "Drafting the joint agreement",
        "Permendagri 22/2020 Pasal 9",
        Holder::Region,
        Phase::Drafting,
    ),
    st(
        "kesepakatan_ditandatangani",
        "Kesepakatan Bersama ditandatangani; penyusunan PKS",
        "Joint agreement signed; drafting the PKS",
        "Permendagri 22/2020 Pasal 9–11",
        Holder::Region,
        Phase::Drafting,
    ),
    StateDef {
        timers: DPRD_45_DOMESTIC,
        ..st(
            "diajukan_dprd",
            "Menunggu persetujuan DPRD",
            "Awaiting DPRD approval",
            "Permendagri 22/2020 Pasal 12",
            Holder::Dprd,
            Phase::Approval,
        )
    },
    st(
        "siap_ditandatangani",
        "PKS siap ditandatangani",
        "PKS ready to sign",
        "Permendagri 22/2020 Pasal 13",
        Holder::Region,
        Phase::Signing,
    ),
    StateDef {
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
    },
    StateDef {
        registry_status: Some(S::Expired),
        ..st(
            "berakhir",
            "Berakhir",
            "Expired",
            "Permendagri 22/2020 Pasal 9 ayat (3)",
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
            "PP 28/2018 Pasal 9",
            Holder::Nobody,
            Phase::Closed,
        )
    },
    StateDef {
        registry_status: Some(S::Withdrawn),
        ..st(
            "dibatalkan",
            "Dibatalkan",
            "Withdrawn",
            "—",
            Holder::Nobody,
            Phase::Closed,
        )
    },
];

const KSDPK_BEFORE_SIGNING: &[&str] = &[
    "persiapan",
    "penyusunan_kesepakatan",
    "kesepakatan_ditandatangani",
    "diajukan_dprd",
    "siap_ditandatangani",
];

const DOMESTIC_BEFORE_SIGNING: &[&str] = &[
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
    TransitionDef {
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
    },
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
            "Permendagri 22/2020 Pasal 12",
            APPROVER,
        )
    },
    TransitionDef {
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
    },
    t(
        "dprd_dianggap_menyetujui",
        &["diajukan_dprd"],
        "siap_ditandatangani",
        "DPRD dianggap menyetujui (45 hari)",
        "DPRD approval deemed given (45 days)",
        "Permendagri 22/2020 Pasal 12 ayat (4)",
        SYSTEM,
    ),
    TransitionDef {
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
    },
    TransitionDef {
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
    },
    TransitionDef {
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
    },
    TransitionDef {
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
    },
    t(
        "berakhir",
        &["berlaku"],
        "berakhir",
        "Masa berlaku habis",
        "The term ends",
        "Permendagri 22/2020 Pasal 9",
        SYSTEM,
    ),
    TransitionDef {
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
    },
    TransitionDef {
        data: &[REASON],
        ..t(
            "batalkan",
            DOMESTIC_BEFORE_SIGNING,
            "dibatalkan",
            "Batalkan",
            "Withdraw",
            "—",
            APPROVER,
        )
    },
];

pub static KSDD: ProcedureDef = ProcedureDef {
    code: "ksdd_pmdn22",
    version: 1,
    title_id: "KSDD (Permendagri 22/2020)",
    title_en: "KSDD: cooperation between regions (Permendagri 22/2020)",
    legal_basis: "pmdn_22_2020",
    applies_to: &[(Form::Ksdd, &[SubType::Mandatory, SubType::Voluntary])],
    initial: "persiapan",
    states: DOMESTIC_STATES,
    transitions: KSDD_TRANSITIONS,
};

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
    KSDD_TRANSITIONS[4],
    KSDD_TRANSITIONS[5],
    KSDD_TRANSITIONS[6],
    TransitionDef {
        article: "Permendagri 22/2020 Pasal 34 ayat (6)",
        label_id: "DPRD dianggap menyetujui (45 hari)",
        ..KSDD_TRANSITIONS[7]
    },
    KSDD_TRANSITIONS[8],
    KSDD_TRANSITIONS[9],
    KSDD_TRANSITIONS[10],
    KSDD_TRANSITIONS[11],
    KSDD_TRANSITIONS[12],
    KSDD_TRANSITIONS[13],
    TransitionDef {
        from: KSDPK_BEFORE_SIGNING,
        ..KSDD_TRANSITIONS[14]
    },
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

/// Every procedure Jalin knows, all versions.
pub static PROCEDURES: &[&ProcedureDef] = &[&FOREIGN, &CONTINUATION, &KSDD, &KSDPK];

/// The current procedure for a form and sub-type.
pub fn for_case(form: Form, subtype: SubType) -> Option<&'static ProcedureDef> {
    PROCEDURES.iter().copied().find(|p| p.applies(form, subtype))
}

/// A procedure by code and version.
pub fn find(code: &str, version: u32) -> Option<&'static ProcedureDef> {
    PROCEDURES
        .iter()
        .copied()
        .find(|p| p.code == code && p.version == version)
}
