//! KSDLL continuation of a central-government cooperation (Permendagri 25/2020 Pasal 27–30).

use super::common::*;
use super::foreign_common::*;
use crate::agreement::{Form, SubType};
use crate::procedure::*;

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
    WITHDRAWN_STATE,
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
    TransitionDef {
        conditions: &[Condition::Config(ConfigSwitch::DprdSilenceIsApproval, true)],
        ..t(
            "dprd_dianggap_menyetujui",
            &["diajukan_dprd"],
            "disetujui_dprd",
            "DPRD dianggap menyetujui (45 hari kerja)",
            "DPRD approval deemed given (45 working days)",
            "Permendagri 25/2020 Pasal 17 ayat (3)–(4)",
            SYSTEM,
        )
    },
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
