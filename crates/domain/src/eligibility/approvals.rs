//! Requirements met by the approvals, reports and texts on file as the procedure goes on
//! (P11, P12, P17, R-NASKAH).

use super::*;
use crate::documents::DocumentKind as D;
use Outcome::*;

/// P11: Kemlu's confirmation and the Minister's approval are on file before signing.
pub(super) fn p11_ministers_approval(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P11;
    if !f.form.is_foreign() {
        return foreign_only(code);
    }
    let (approval, confirmation) = (has(f, D::PersetujuanMenteri), has(f, D::SuratKonfirmasi));
    match (approval, confirmation) {
        (true, true) => result(
            code,
            Pass,
            "Surat Konfirmasi Kemlu dan persetujuan Menteri sudah ada.",
            "Kemlu's confirmation letter and the Minister's approval are on file.",
        ),
        (false, true) => result(
            code,
            Fail,
            "Persetujuan Menteri belum ada; naskah tidak boleh ditandatangani.",
            "The Minister's approval is missing: the text may not be signed.",
        ),
        (true, false) => result(
            code,
            Fail,
            "Surat Konfirmasi Kemlu belum ada; persetujuan Menteri harus didasarkan padanya.",
            "Kemlu's confirmation letter is missing; the Minister's approval must rest on it.",
        ),
        (false, false) => result(
            code,
            Pending,
            "Diperiksa sebelum penandatanganan: perlu Surat Konfirmasi Kemlu dan persetujuan Menteri.",
            "Checked before signing: Kemlu's confirmation letter and the Minister's approval are needed.",
        ),
    }
}

/// P12: The DPRD approved, or its time ran out and approval is deemed given. A domestic
/// cooperation needs it only when its funding says so (PP 28/2018 Pasal 6 ayat (2)).
pub(super) fn p12_dprd_approval(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P12;
    let (days_id, days_en) = if f.form.is_foreign() {
        ("45 hari kerja", "45 working days")
    } else {
        ("45 hari", "45 days")
    };
    if has(f, D::PersetujuanDprd) {
        result(
            code,
            Pass,
            "Persetujuan DPRD sudah ada.",
            "The DPRD approval is on file.",
        )
    } else if f.dprd_deemed {
        result(
            code,
            Pass,
            format!("DPRD tidak memutuskan dalam {days_id}; persetujuan dianggap diberikan."),
            format!("The DPRD did not decide within {days_en}; approval is deemed given."),
        )
    } else if !f.form.is_foreign() && f.dprd_required == Some(false) {
        not_applicable(
            code,
            "Tidak memerlukan persetujuan DPRD: pendanaan yang dicatat sudah dianggarkan dalam APBD tahun berjalan dan tidak membebani masyarakat dan daerah.",
            "No DPRD approval needed: the funding recorded is budgeted in the current year's APBD and burdens neither the community nor the region.",
        )
    } else {
        result(
            code,
            Pending,
            format!("Menunggu persetujuan DPRD ({days_id} sejak diterima Sekretariat DPRD)."),
            format!("Awaiting DPRD approval ({days_en} from receipt by the DPRD Secretariat)."),
        )
    }
}

/// P17: Last year's annual report was sent, if one was due.
pub(super) fn p17_annual_report(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::P17;
    if !f.form.is_foreign() {
        return foreign_only(code);
    }
    let year = f.today.year() - 1;
    match f.annual_report_sent {
        None => result(
            code,
            Pass,
            format!("Daerah tidak mempunyai KSDPL/KSDLL yang berlaku pada {year}; tidak ada laporan terutang."),
            format!("The region had no KSDPL/KSDLL in force in {year}; no report was due."),
        ),
        Some(true) => result(
            code,
            Pass,
            format!("Laporan tahunan {year} sudah disampaikan."),
            format!("The {year} annual report was sent."),
        ),
        Some(false) => result(
            code,
            Fail,
            format!(
                "Laporan tahunan {year} belum disampaikan; Menteri tidak menyetujui Rencana Kerja Sama baru sebelum laporan diterima."
            ),
            format!(
                "The {year} annual report has not been sent; the Minister approves no new cooperation plan until it is."
            ),
        ),
    }
}

/// R-NASKAH: The draft text has every clause of Pasal 20 ayat (5).
pub(super) fn draft_clauses(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::DraftClauses;
    if !f.form.is_foreign() {
        return foreign_only(code);
    }
    let missing: Vec<(&str, &str)> = REQUIRED_CLAUSES
        .iter()
        .filter(|(k, _, _)| !f.declarations.draft_clauses.iter().any(|c| c == k))
        .map(|(_, id, en)| (*id, *en))
        .collect();
    if missing.is_empty() {
        result(
            code,
            Pass,
            "Rancangan naskah memuat semua klausul Pasal 20 ayat (5).",
            "The draft contains every clause of Pasal 20(5).",
        )
    } else {
        result(
            code,
            Fail,
            format!(
                "Klausul yang belum ada: {}.",
                missing.iter().map(|m| m.0).collect::<Vec<_>>().join(", ")
            ),
            format!(
                "Missing clauses: {}.",
                missing.iter().map(|m| m.1).collect::<Vec<_>>().join(", ")
            ),
        )
    }
}
