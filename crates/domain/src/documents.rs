//! Kinds of documents a cooperation produces (legal-domain.md §6, corrected by
//! legal-articles.md), with Indonesian and English names and the article that asks for
//! each.

use crate::code_enum::code_enum;

code_enum!(
    DocumentKind {
        SuratMinat = "surat_minat",
        Kajian = "kajian",
        SuratKonsultasiMenteri = "surat_konsultasi_menteri",
        TanggapanMenteri = "tanggapan_menteri",
        Loi = "loi",
        TembusanLoi = "tembusan_loi",
        RencanaKerjaSama = "rencana_kerja_sama",
        SuratPermohonanDprd = "surat_permohonan_dprd",
        PersetujuanDprd = "persetujuan_dprd",
        PenolakanDprd = "penolakan_dprd",
        SuratPengajuanMenteri = "surat_pengajuan_menteri",
        SuratPengantarGubernur = "surat_pengantar_gubernur",
        PertimbanganMenteri = "pertimbangan_menteri",
        RancanganNaskah = "rancangan_naskah",
        NotulenRapatInterkementerian = "notulen_rapat_interkementerian",
        SuratKonfirmasi = "surat_konfirmasi",
        PersetujuanMenteri = "persetujuan_menteri",
        SuratKuasa = "surat_kuasa",
        NaskahKerjaSama = "naskah_kerja_sama",
        TandaTerimaNaskahAsli = "tanda_terima_naskah_asli",
        RencanaKegiatanTahunan = "rencana_kegiatan_tahunan",
        LaporanTahunan = "laporan_tahunan",
        LaporanSemester = "laporan_semester",
        SuratPermohonanPerpanjangan = "surat_permohonan_perpanjangan",
        PersetujuanPerpanjangan = "persetujuan_perpanjangan",
        DokumenPengakhiran = "dokumen_pengakhiran",
        SuratPenolakan = "surat_penolakan",
        RekomendasiMenteri = "rekomendasi_menteri",
        PetaPotensi = "peta_potensi",
        KerangkaAcuan = "kerangka_acuan",
        StudiKelayakan = "studi_kelayakan",
        SuratKesediaan = "surat_kesediaan",
        IzinPrinsip = "izin_prinsip",
        IzinOperasional = "izin_operasional",
        RencanaKerjaTahunanBersama = "rencana_kerja_tahunan_bersama",
        PerjanjianPusat = "perjanjian_pusat",
        SuratPenawaran = "surat_penawaran",
        SuratPenawaranKedua = "surat_penawaran_kedua",
        TanggapanPenawaran = "tanggapan_penawaran",
        KesepakatanBersama = "kesepakatan_bersama",
        RancanganPks = "rancangan_pks",
        PerjanjianKerjaSama = "perjanjian_kerja_sama",
        Lainnya = "lainnya",
    }
);

impl DocumentKind {
    /// Indonesian name, English name, legal reference.
    pub fn describe(&self) -> (&'static str, &'static str, &'static str) {
        use DocumentKind::*;
        match self {
            SuratMinat => (
                "Surat minat / usulan prakarsa",
                "Letter of interest / initiative proposal",
                "Permendagri 25/2020 Pasal 10",
            ),
            Kajian => ("Kajian", "Study (kajian)", "Permendagri 25/2020 Pasal 12"),
            SuratKonsultasiMenteri => (
                "Surat konsultasi kepada Menteri sebelum LoI",
                "Consultation letter to the Minister before the LoI",
                "Permendagri 25/2020 Pasal 14 ayat (2)",
            ),
            TanggapanMenteri => (
                "Tanggapan tertulis Menteri",
                "Minister's written response",
                "Permendagri 25/2020 Pasal 14 ayat (3)",
            ),
            Loi => (
                "Pernyataan Kehendak Kerja Sama (LoI) yang ditandatangani",
                "Signed Letter of Intent",
                "Permendagri 25/2020 Pasal 13",
            ),
            TembusanLoi => (
                "Tembusan LoI kepada Menteri",
                "Copy of the LoI sent to the Minister",
                "Permendagri 25/2020 Pasal 14 ayat (5)",
            ),
            RencanaKerjaSama => ("Rencana Kerja Sama", "Cooperation plan", "Permendagri 25/2020 Pasal 15"),
            SuratPermohonanDprd => (
                "Surat permohonan persetujuan DPRD (dengan tanggal diterima Sekretariat DPRD)",
                "Request for DPRD approval (with the date the DPRD Secretariat received it)",
                "Permendagri 25/2020 Pasal 16",
            ),
            PersetujuanDprd => ("Persetujuan DPRD", "DPRD approval", "Permendagri 25/2020 Pasal 17"),
            PenolakanDprd => ("Penolakan DPRD", "DPRD rejection", "Permendagri 25/2020 Pasal 17"),
            SuratPengajuanMenteri => (
                "Surat pengajuan kepada Menteri",
                "Submission to the Minister",
                "Permendagri 25/2020 Pasal 18",
            ),
            SuratPengantarGubernur => (
                "Surat pengantar Gubernur",
                "Governor's forwarding letter",
                "Permendagri 25/2020 Pasal 18 ayat (4)",
            ),
            PertimbanganMenteri => (
                "Pertimbangan tertulis Menteri hasil verifikasi",
                "Minister's written advice after verification",
                "Permendagri 25/2020 Pasal 19",
            ),
            RancanganNaskah => (
                "Rancangan Naskah Kerja Sama",
                "Draft cooperation text",
                "Permendagri 25/2020 Pasal 20",
            ),
            NotulenRapatInterkementerian => (
                "Notulen rapat interkementerian yang ditandatangani",
                "Signed minutes of the inter-ministerial meeting",
                "Permendagri 25/2020 Pasal 22 ayat (3)",
            ),
            SuratKonfirmasi => (
                "Surat Konfirmasi Kementerian Luar Negeri",
                "Confirmation letter of the Ministry of Foreign Affairs",
                "Permendagri 25/2020 Pasal 23",
            ),
            PersetujuanMenteri => (
                "Surat persetujuan Menteri",
                "Minister's approval letter",
                "Permendagri 25/2020 Pasal 24",
            ),
            SuratKuasa => (
                "Surat Kuasa (Full Powers)",
                "Full powers",
                "UU 24/2000 Pasal 1 angka 3 (configurable)",
            ),
            NaskahKerjaSama => (
                "Naskah Kerja Sama yang ditandatangani",
                "Signed cooperation text",
                "Permendagri 25/2020 Pasal 25",
            ),
            TandaTerimaNaskahAsli => (
                "Tanda terima naskah asli oleh Menteri / salinan dari Sekretaris Jenderal",
                "Receipt of the original by the Minister / copy from the Secretary-General",
                "Permendagri 25/2020 Pasal 25 ayat (2)–(3)",
            ),
            RencanaKegiatanTahunan => (
                "Rencana kegiatan tahunan",
                "Annual activity plan",
                "Permendagri 25/2020 Pasal 26",
            ),
            LaporanTahunan => (
                "Laporan tahunan pelaksanaan kerja sama",
                "Annual implementation report",
                "Permendagri 25/2020 Pasal 35–37",
            ),
            LaporanSemester => (
                "Laporan semester pelaksanaan kerja sama",
                "Semester implementation report",
                "Permendagri 22/2020 Pasal 17 dan 39",
            ),
            SuratPermohonanPerpanjangan => (
                "Surat permohonan perpanjangan",
                "Extension request",
                "Permendagri 25/2020 Pasal 33",
            ),
            PersetujuanPerpanjangan => (
                "Persetujuan perpanjangan",
                "Approval of the extension",
                "Permendagri 25/2020 Pasal 33",
            ),
            DokumenPengakhiran => (
                "Dokumen pengakhiran kerja sama",
                "Termination document",
                "Permendagri 25/2020 Pasal 34",
            ),
            SuratPenolakan => (
                "Surat penolakan",
                "Rejection letter",
                "Permendagri 25/2020 Pasal 19 dan 24",
            ),
            RekomendasiMenteri => (
                "Rekomendasi Menteri kepada kementerian/lembaga",
                "Minister's recommendation to the ministry or agency",
                "Permendagri 25/2020 Pasal 27",
            ),
            PetaPotensi => (
                "Peta potensi dan kebutuhan daerah",
                "Map of the region's potential and needs",
                "Permendagri 25/2020 Pasal 29",
            ),
            KerangkaAcuan => (
                "Kerangka acuan kerja",
                "Terms of reference",
                "Permendagri 25/2020 Pasal 29",
            ),
            StudiKelayakan => (
                "Studi kelayakan",
                "Feasibility study",
                "Permendagri 25/2020 Pasal 29; Permendagri 22/2020 (KSDPK)",
            ),
            SuratKesediaan => (
                "Surat pernyataan kesediaan",
                "Statement of willingness",
                "Permendagri 25/2020 Pasal 29",
            ),
            IzinPrinsip => (
                "Izin Prinsip (Menteri Luar Negeri)",
                "Principle permit (Foreign Minister)",
                "Permendagri 25/2020 Pasal 30 ayat (2)",
            ),
            IzinOperasional => (
                "Izin Operasional (kementerian/lembaga mitra)",
                "Operating permit (partner ministry or agency)",
                "Permendagri 25/2020 Pasal 30 ayat (2)",
            ),
            RencanaKerjaTahunanBersama => (
                "Rencana kerja tahunan bersama",
                "Joint annual work plan",
                "Permendagri 25/2020 Pasal 30 ayat (3)",
            ),
            PerjanjianPusat => (
                "Perjanjian kerja sama Pemerintah Pusat yang diteruskan",
                "The central-government agreement being continued",
                "Permendagri 25/2020 Pasal 27",
            ),
            SuratPenawaran => (
                "Surat penawaran kerja sama",
                "Offer of cooperation",
                "Permendagri 22/2020 Pasal 8",
            ),
            SuratPenawaranKedua => (
                "Surat penawaran kedua",
                "Second request",
                "Permendagri 22/2020 Pasal 8 ayat (4)",
            ),
            TanggapanPenawaran => (
                "Tanggapan atas penawaran",
                "Answer to the offer",
                "Permendagri 22/2020 Pasal 8",
            ),
            KesepakatanBersama => (
                "Kesepakatan Bersama yang ditandatangani",
                "Signed joint agreement (Kesepakatan Bersama)",
                "Permendagri 22/2020 Pasal 9 dan 32",
            ),
            RancanganPks => (
                "Rancangan Perjanjian Kerja Sama",
                "Draft cooperation agreement (PKS)",
                "Permendagri 22/2020 Pasal 10",
            ),
            PerjanjianKerjaSama => (
                "Perjanjian Kerja Sama yang ditandatangani",
                "Signed cooperation agreement (PKS)",
                "Permendagri 22/2020 Pasal 13 dan 35",
            ),
            Lainnya => ("Dokumen lain", "Other document", "—"),
        }
    }
}
