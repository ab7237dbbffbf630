//! The legal bases under which an agreement was made. Agreements signed before the 2020
//! regulations keep their older basis (Permendagri 25/2020 Pasal 42; PP 28/2018 Pasal 48),
//! so the registry records it per agreement instead of assuming the current procedure.

use crate::agreement::Form;
use serde::Serialize;
use time::{Date, Month};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegalBasis {
    pub code: &'static str,
    pub label_id: &'static str,
    pub label_en: &'static str,
    /// Forms of cooperation this basis governs.
    pub forms: &'static [Form],
    /// First day the basis applied (promulgation), if known.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub in_force_from: Option<Date>,
    /// First day it no longer applied (revocation), if revoked.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub in_force_until: Option<Date>,
    /// Longest term an agreement under this basis may run, in years.
    pub max_term_years: Option<i32>,
    /// Whether agreements under it may be open-ended (no expiry date).
    pub allows_open_ended: bool,
}

const fn date(year: i32, month: Month, day: u8) -> Date {
    match Date::from_calendar_date(year, month, day) {
        Ok(d) => d,
        Err(_) => panic!("invalid constant date"),
    }
}

/// Promulgation of Permendagri 25/2020 (Berita Negara 2020 No. 513).
pub const PMDN_25_2020_IN_FORCE: Date = date(2020, Month::May, 22);
/// Promulgation of Permendagri 22/2020 (Berita Negara 2020 No. 371).
pub const PMDN_22_2020_IN_FORCE: Date = date(2020, Month::April, 14);

const FOREIGN: &[Form] = &[Form::Ksdpl, Form::Ksdll];
const DOMESTIC: &[Form] = &[Form::Ksdd, Form::Ksdpk];
const ALL: &[Form] = &[Form::Ksdd, Form::Ksdpk, Form::Ksdpl, Form::Ksdll];

pub static LEGAL_BASES: &[LegalBasis] = &[
    LegalBasis {
        code: "pmdn_25_2020",
        label_id: "PP 28/2018 jo. Permendagri 25/2020 (KSDPL dan KSDLL)",
        label_en: "GR 28/2018 and MoHA Regulation 25/2020 (KSDPL and KSDLL)",
        forms: FOREIGN,
        in_force_from: Some(PMDN_25_2020_IN_FORCE),
        in_force_until: None,
        max_term_years: Some(5),
        allows_open_ended: false,
    },
    LegalBasis {
        code: "pmdn_22_2020",
        label_id: "PP 28/2018 jo. Permendagri 22/2020 (KSDD dan KSDPK)",
        label_en: "GR 28/2018 and MoHA Regulation 22/2020 (KSDD and KSDPK)",
        forms: DOMESTIC,
        in_force_from: Some(PMDN_22_2020_IN_FORCE),
        in_force_until: None,
        max_term_years: None,
        allows_open_ended: false,
    },
    LegalBasis {
        code: "pp_28_2018",
        label_id: "PP 28/2018 tentang Kerja Sama Daerah (sebelum peraturan pelaksana 2020)",
        label_en: "GR 28/2018 on Regional Cooperation (before the 2020 implementing rules)",
        forms: ALL,
        in_force_from: Some(date(2018, Month::July, 13)),
        in_force_until: None,
        max_term_years: None,
        allows_open_ended: true,
    },
    LegalBasis {
        code: "pmdn_3_2008",
        label_id: "Permendagri 3/2008 (kerja sama pemerintah daerah dengan pihak luar negeri)",
        label_en: "MoHA Regulation 3/2008 (regional cooperation with foreign parties)",
        forms: FOREIGN,
        in_force_from: Some(date(2008, Month::January, 1)),
        in_force_until: Some(PMDN_25_2020_IN_FORCE),
        max_term_years: None,
        allows_open_ended: true,
    },
    LegalBasis {
        code: "pmdn_74_2012",
        label_id: "Permendagri 74/2012 (kerja sama dengan badan swasta asing)",
        label_en: "MoHA Regulation 74/2012 (cooperation with foreign private bodies)",
        forms: &[Form::Ksdll],
        in_force_from: Some(date(2012, Month::January, 1)),
        in_force_until: Some(PMDN_25_2020_IN_FORCE),
        max_term_years: None,
        allows_open_ended: true,
    },
    LegalBasis {
        code: "pp_50_2007",
        label_id: "PP 50/2007 tentang Tata Cara Pelaksanaan Kerja Sama Daerah",
        label_en: "GR 50/2007 on Procedures for Regional Cooperation",
        forms: ALL,
        in_force_from: Some(date(2007, Month::January, 1)),
        in_force_until: Some(date(2018, Month::July, 13)),
        max_term_years: None,
        allows_open_ended: true,
    },
    LegalBasis {
        code: "se_mendagri_1993",
        label_id: "SE Mendagri 193/1652/PUOD Tahun 1993 (kota/provinsi kembar)",
        label_en: "MoHA Circular 193/1652/PUOD of 1993 (sister cities and provinces)",
        forms: &[Form::Ksdpl],
        in_force_from: Some(date(1993, Month::January, 1)),
        in_force_until: Some(date(2008, Month::January, 1)),
        max_term_years: None,
        allows_open_ended: true,
    },
    LegalBasis {
        code: "other",
        label_id: "Dasar hukum lain (jelaskan pada catatan)",
        label_en: "Other legal basis (explain in the note)",
        forms: ALL,
        in_force_from: None,
        in_force_until: None,
        max_term_years: None,
        allows_open_ended: true,
    },
];

pub fn find(code: &str) -> Option<&'static LegalBasis> {
    LEGAL_BASES.iter().find(|b| b.code == code)
}

/// The basis a new agreement of `form` falls under today.
pub fn current_for(form: Form) -> &'static LegalBasis {
    let code = match form {
        Form::Ksdpl | Form::Ksdll => "pmdn_25_2020",
        Form::Ksdd | Form::Ksdpk => "pmdn_22_2020",
    };
    find(code).unwrap_or(&LEGAL_BASES[0])
}
