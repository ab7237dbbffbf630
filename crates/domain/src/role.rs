//! The roles people act in. Authorization policy (which role may do what, where) lives in
//! `authz`; procedure definitions name the roles allowed to fire each transition.

use crate::code_enum::code_enum;

code_enum!(
    /// A role of a Jalin user.
    Role {
        /// Anyone, without signing in.
        Public = "public",
        /// Staff of a region's cooperation bureau (one region).
        RegionalOfficer = "regional_officer",
        /// The region's head or secretary who signs off submissions (one region).
        RegionalApprover = "regional_approver",
        /// The province's cooperation bureau, acting for the Governor as representative of
        /// the Central Government: its province and the kabupaten/kota in it.
        ProvinceOfficer = "province_officer",
        /// Kemendagri, Pusat Fasilitasi Kerja Sama (national).
        KemendagriReviewer = "kemendagri_reviewer",
        /// Kemlu (national).
        KemluReviewer = "kemlu_reviewer",
        /// A foreign partner invited to named cases.
        PartnerGuest = "partner_guest",
        /// Runs the installation.
        Administrator = "administrator",
        /// Jalin itself (timers: deemed approval, expiry).
        System = "system",
    }
);

impl Role {
    pub fn label_id(&self) -> &'static str {
        match self {
            Self::Public => "Publik",
            Self::RegionalOfficer => "Petugas kerja sama daerah",
            Self::RegionalApprover => "Pimpinan daerah (kepala daerah/sekda)",
            Self::ProvinceOfficer => "Petugas provinsi (Gubernur sebagai wakil Pemerintah Pusat)",
            Self::KemendagriReviewer => "Peninjau Kemendagri (Pusat Fasilitasi Kerja Sama)",
            Self::KemluReviewer => "Peninjau Kemlu",
            Self::PartnerGuest => "Tamu mitra luar negeri",
            Self::Administrator => "Administrator",
            Self::System => "Sistem Jalin",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Public => "Public",
            Self::RegionalOfficer => "Regional cooperation officer",
            Self::RegionalApprover => "Regional approver (head of region/secretary)",
            Self::ProvinceOfficer => "Province officer (Governor as central-government representative)",
            Self::KemendagriReviewer => "Kemendagri reviewer (Centre for Cooperation Facilitation)",
            Self::KemluReviewer => "Kemlu reviewer",
            Self::PartnerGuest => "Foreign-partner guest",
            Self::Administrator => "Administrator",
            Self::System => "Jalin system",
        }
    }
}
