//! The vocabulary every definition file shares: short aliases, role sets, the values
//! transitions record, and the `t`/`st` builders that fill in the empty parts of a step or
//! a state.

pub(super) use crate::agreement::AgreementStatus as S;
pub(super) use crate::calendar::DayUnit::*;
pub(super) use crate::documents::DocumentKind as D;
pub(super) use crate::eligibility::RuleCode as R;
use crate::procedure::{DataField, DataKind, Holder, Phase, Side, StateDef, TransitionDef};
use crate::role::Role;
pub(super) use crate::role::Role::*;

pub(super) const OFFICER: &[Role] = &[RegionalOfficer, RegionalApprover];
pub(super) const APPROVER: &[Role] = &[RegionalApprover];
pub(super) const PROVINCE: &[Role] = &[ProvinceOfficer];
pub(super) const KEMENDAGRI: &[Role] = &[KemendagriReviewer];
pub(super) const KEMLU: &[Role] = &[KemluReviewer];
pub(super) const SYSTEM: &[Role] = &[System];

pub(super) const fn date(key: &'static str, label_id: &'static str, label_en: &'static str) -> DataField {
    DataField {
        key,
        label_id,
        label_en,
        kind: DataKind::Date,
        required: true,
    }
}

pub(super) const DPRD_RECEIVED: DataField = date(
    "dprd_received_on",
    "Tanggal permohonan diterima Sekretariat DPRD",
    "Date the DPRD Secretariat received the request",
);
pub(super) const LOI_SIGNED: DataField = date(
    "loi_signed_on",
    "Tanggal penandatanganan LoI",
    "Date the LoI was signed",
);
pub(super) const SIGNED: DataField = date("signed_on", "Tanggal penandatanganan", "Signing date");
pub(super) const EXPIRES: DataField = date("expires_on", "Tanggal berakhir", "Expiry date");
pub(super) const NEW_EXPIRES: DataField = date("new_expires_on", "Tanggal berakhir yang baru", "New expiry date");
pub(super) const MEETING: DataField = date("meeting_on", "Tanggal rapat", "Meeting date");
pub(super) const REASON: DataField = DataField {
    key: "reason",
    label_id: "Alasan",
    label_en: "Reason",
    kind: DataKind::Text,
    required: true,
};
pub(super) const GROUND: DataField = DataField {
    key: "termination_ground",
    label_id: "Dasar pengakhiran (Pasal 34)",
    label_en: "Ground for termination (Pasal 34)",
    kind: DataKind::Choice(&["mutual_agreement", "objectives_achieved", "replaced_by_new_agreement"]),
    required: true,
};
pub(super) const REPORT_YEAR: DataField = DataField {
    key: "report_year",
    label_id: "Tahun yang dilaporkan",
    label_en: "Year reported",
    kind: DataKind::Year,
    required: true,
};
pub(super) const PLAN_YEAR: DataField = DataField {
    key: "plan_year",
    label_id: "Tahun rencana",
    label_en: "Plan year",
    kind: DataKind::Year,
    required: true,
};
pub(super) const ACTIVITY_ON: DataField = date("activity_on", "Tanggal kegiatan", "Activity date");
pub(super) const ACTIVITY_TITLE: DataField = DataField {
    key: "activity_title",
    label_id: "Kegiatan",
    label_en: "Activity",
    kind: DataKind::Text,
    required: true,
};
pub(super) const SEMESTER: DataField = DataField {
    key: "report_period",
    label_id: "Semester yang dilaporkan (mis. 2026-1)",
    label_en: "Semester reported (e.g. 2026-1)",
    kind: DataKind::Text,
    required: true,
};

pub(super) const fn t(
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
        side: Side::Region,
    }
}

pub(super) const fn st(
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
