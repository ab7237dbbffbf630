//! Requirements about dates: the LoI's validity, the term and the extension deadline
//! (R-LOI, R-JANGKA, R-PERPANJANGAN).

use super::*;
use Outcome::*;

/// R-LOI: The LoI is at most one year old.
pub(super) fn loi_valid(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::LoiValid;
    if f.renewal || !f.form.is_foreign() {
        return not_applicable(code, "Tidak memerlukan LoI.", "No LoI is needed.");
    }
    match f.loi_signed_on {
        None => result(
            code,
            Pending,
            "LoI belum ditandatangani.",
            "The LoI has not been signed.",
        ),
        Some(signed) => {
            let until = crate::calendar::add_months(signed, 12);
            if f.today <= until {
                result(
                    code,
                    Pass,
                    format!("LoI ditandatangani {signed}, berlaku sampai {until}."),
                    format!("LoI signed on {signed}, valid until {until}."),
                )
            } else {
                result(
                    code,
                    Fail,
                    format!("LoI ditandatangani {signed} dan berakhir {until} (paling lama 1 tahun)."),
                    format!("The LoI signed on {signed} lapsed on {until} (at most one year)."),
                )
            }
        }
    }
}

/// R-JANGKA: The term is at most five years.
pub(super) fn term(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::Term;
    match (f.signed_on, f.expires_on) {
        (Some(start), Some(end)) => {
            let max = crate::calendar::add_months(start, 60);
            if end <= max {
                result(
                    code,
                    Pass,
                    format!("Berlaku {start} sampai {end} (paling lama 5 tahun)."),
                    format!("Runs from {start} to {end} (at most five years)."),
                )
            } else {
                result(
                    code,
                    Fail,
                    format!("Berakhir {end}, melewati batas 5 tahun ({max})."),
                    format!("Expiry {end} exceeds the five-year limit ({max})."),
                )
            }
        }
        _ => result(
            code,
            Pending,
            "Tanggal penandatanganan dan berakhirnya diisi saat penandatanganan.",
            "The signing and expiry dates are given at signing.",
        ),
    }
}

/// R-PERPANJANGAN: The extension is requested at least six months before expiry.
pub(super) fn extension_deadline(f: &Facts<'_>) -> RuleResult {
    let code = RuleCode::ExtensionDeadline;
    if !f.form.is_foreign() {
        return not_applicable(
            code,
            "Kerja sama dalam negeri diperpanjang atas kesepakatan para pihak, tanpa batas pengajuan.",
            "Domestic cooperation is extended by agreement of the parties, with no request deadline.",
        );
    }
    match f.extension {
        None => result(
            code,
            Pending,
            "Belum ada permohonan perpanjangan.",
            "No extension has been requested.",
        ),
        Some((expiry, requested)) => {
            let deadline = crate::calendar::add_months(expiry, -6);
            if requested <= deadline {
                result(
                    code,
                    Pass,
                    format!("Diajukan {requested}, sebelum batas {deadline} (6 bulan sebelum berakhir {expiry})."),
                    format!(
                        "Requested on {requested}, before the deadline {deadline} (six months before expiry on {expiry})."
                    ),
                )
            } else {
                result(
                    code,
                    Fail,
                    format!("Diajukan {requested}, setelah batas {deadline} (6 bulan sebelum berakhir {expiry})."),
                    format!(
                        "Requested on {requested}, after the deadline {deadline} (six months before expiry on {expiry})."
                    ),
                )
            }
        }
    }
}
