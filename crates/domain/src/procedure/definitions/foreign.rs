//! KSDPL (every sub-type) and KSDLL "other cooperation with central approval":
//! Permendagri 25/2020 Pasal 9 huruf a–k.

use super::common::*;
use super::foreign_common::*;
use crate::agreement::{Form, SubType};
use crate::procedure::*;

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
    WITHDRAWN_STATE,
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
