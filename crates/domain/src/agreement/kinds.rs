//! How an agreement is classified: its form and sub-type (PP 28/2018), the kind of
//! document, its status, and its legal objects.

use crate::code_enum::code_enum;

code_enum!(
    /// The four forms of regional cooperation of PP 28/2018.
    Form {
        /// With another Indonesian region (*dengan Daerah lain*).
        Ksdd = "KSDD",
        /// With a third party (*dengan Pihak Ketiga*).
        Ksdpk = "KSDPK",
        /// With a foreign regional government (*dengan Pemerintah Daerah di Luar Negeri*).
        Ksdpl = "KSDPL",
        /// With a foreign institution (*dengan Lembaga di Luar Negeri*).
        Ksdll = "KSDLL",
    }
);

impl Form {
    pub fn is_foreign(&self) -> bool {
        matches!(self, Self::Ksdpl | Self::Ksdll)
    }

    /// The sub-types this form has.
    pub fn subtypes(&self) -> &'static [SubType] {
        use SubType::*;
        match self {
            Self::Ksdd => &[Mandatory, Voluntary],
            Self::Ksdpk => &[PublicService, AssetManagement, Investment, OtherThirdParty],
            Self::Ksdpl => &[SisterProvince, SisterCity, OtherForeignGovernment],
            Self::Ksdll => &[Continuation, OtherCentralApproval],
        }
    }
}

code_enum!(
    /// The sub-type within a form.
    SubType {
        /// KSDD *wajib*: bordering regions, cross-border externalities.
        Mandatory = "mandatory",
        /// KSDD *sukarela*.
        Voluntary = "voluntary",
        /// KSDPK: provision of public services.
        PublicService = "public_service",
        /// KSDPK: management of regional assets.
        AssetManagement = "asset_management",
        /// KSDPK: investment.
        Investment = "investment",
        /// KSDPK: other.
        OtherThirdParty = "other_third_party",
        /// KSDPL: *provinsi kembar/bersaudara*.
        SisterProvince = "sister_province",
        /// KSDPL: *kabupaten/kota kembar/bersaudara*.
        SisterCity = "sister_city",
        /// KSDPL: *kerja sama lainnya*.
        OtherForeignGovernment = "other_foreign_government",
        /// KSDLL: continuation of a Central Government cooperation (*penerusan*).
        Continuation = "continuation",
        /// KSDLL: other cooperation with Central Government approval.
        OtherCentralApproval = "other_central_approval",
    }
);

code_enum!(
    /// The kind of document an agreement record stands for.
    DocumentTier {
        /// Letter of Intent (*Pernyataan Kehendak Kerja Sama*), valid at most one year.
        Loi = "loi",
        /// Memorandum of Understanding (*Nota Kesepahaman*).
        Mou = "mou",
        /// Cooperation agreement (*Perjanjian Kerja Sama*).
        Pks = "pks",
        /// Joint agreement (*Kesepakatan Bersama*), domestic framework level.
        KesepakatanBersama = "kesepakatan_bersama",
        /// Amendment (*perubahan / adendum*) of another agreement.
        Amendment = "amendment",
    }
);

code_enum!(
    /// Where an agreement stands in its life.
    AgreementStatus {
        /// Being written; not yet submitted.
        Draft = "draft",
        /// Going through the legal procedure.
        InProcess = "in_process",
        /// Signed and running (*berlaku*).
        InForce = "in_force",
        /// Ran to the end of its term (*berakhir*).
        Expired = "expired",
        /// Ended early by the parties (*diakhiri*).
        Terminated = "terminated",
        /// Abandoned before signing (*dibatalkan*).
        Withdrawn = "withdrawn",
        /// Refused by the DPRD or the Central Government.
        Rejected = "rejected",
    }
);

impl AgreementStatus {
    /// The statuses that describe a signed agreement.
    pub fn is_signed(&self) -> bool {
        matches!(self, Self::InForce | Self::Expired | Self::Terminated)
    }
}

code_enum!(
    /// The legal objects of foreign cooperation (UU 23/2014 Pasal 367; PP 28/2018 Pasal 23).
    LegalObject {
        /// *Pengembangan ilmu pengetahuan dan teknologi*.
        ScienceTechnology = "science_technology",
        /// *Pertukaran budaya*.
        CulturalExchange = "cultural_exchange",
        /// *Peningkatan kemampuan teknis dan manajemen pemerintahan*.
        GovernmentCapacity = "government_capacity",
        /// *Promosi potensi daerah*.
        RegionalPromotion = "regional_promotion",
        /// *Objek lain yang tidak bertentangan dengan peraturan perundang-undangan*.
        Other = "other",
    }
);
