//! The demonstration dataset (`jalin serve --demo`): a handful of well-known Indonesian
//! cooperation links written out by hand, plus generated agreements so that lists, maps
//! and dashboards look lived-in. Every demo agreement is flagged `is_demo` and its source
//! says it is illustrative, so nobody mistakes it for the official register.

use crate::generate::{GeneratorReference, generate};
use jalin_app::ctx::Ctx;
use jalin_app::registry::{ImportMode, ImportOptions};
use jalin_app::{App, AppError, AppResult};
use jalin_domain::agreement::{AgreementInput, PartyInput};
use jalin_domain::opportunity::{NeedInput, OfferInput};
use jalin_domain::partner::PartnerInput;
use jalin_domain::reference::RegionType;
use time::Date;
use uuid::Uuid;

/// The source note every demo agreement carries.
pub const DEMO_SOURCE: &str =
    "Data demo Jalin: contoh ilustratif, bukan catatan resmi / Jalin demo data: illustrative, not an official record";

const DEMO_NAMESPACE: Uuid = Uuid::from_u128(0x6a61_6c69_6e2d_6465_6d6f_2d64_6174_6131);
const DEMO_SEED: u64 = 20_201_122;

fn demo_id(slug: &str) -> String {
    Uuid::new_v5(&DEMO_NAMESPACE, slug.as_bytes()).to_string()
}

struct Curated {
    slug: &'static str,
    form: &'static str,
    subtype: &'static str,
    tier: &'static str,
    basis: &'static str,
    basis_note: Option<&'static str>,
    region: &'static str,
    partner: PartyInput,
    title_id: &'static str,
    title_en: &'static str,
    partner_title: Option<(&'static str, &'static str)>,
    objects: &'static [&'static str],
    fields: &'static [&'static str],
    sdgs: &'static [&'static str],
    signed: Option<&'static str>,
    expires: Option<&'static str>,
    open_ended: bool,
    status: Option<&'static str>,
    renews: Option<&'static str>,
}

fn city(geonameid: i64) -> PartyInput {
    PartyInput {
        geonameid: Some(geonameid),
        ..Default::default()
    }
}

fn subdivision(code: &str) -> PartyInput {
    PartyInput {
        subdivision_code: Some(code.to_owned()),
        ..Default::default()
    }
}

fn described(kind: &str, name: &str, country: Option<&str>, category: &str) -> PartyInput {
    PartyInput {
        partner: Some(PartnerInput {
            kind: Some(kind.to_owned()),
            name: Some(name.to_owned()),
            country: country.map(str::to_owned),
            category: Some(category.to_owned()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn curated() -> Vec<Curated> {
    vec![
        Curated {
            slug: "bandung-braunschweig",
            form: "KSDPL",
            subtype: "sister_city",
            tier: "mou",
            basis: "other",
            basis_note: Some("Piagam persahabatan 1960, sebelum pengaturan kota kembar tahun 1993"),
            region: "32.73",
            partner: city(2_945_024),
            title_id: "Kerja Sama Kota Kembar Kota Bandung dan Kota Braunschweig",
            title_en: "Sister city cooperation between Bandung and Braunschweig",
            partner_title: Some(("de", "Städtepartnerschaft Bandung–Braunschweig")),
            objects: &["cultural_exchange", "science_technology"],
            fields: &["1.01", "2.22", "2.11"],
            sdgs: &["4.7", "11.6"],
            signed: Some("1960-06-01"),
            expires: None,
            open_ended: true,
            status: Some("in_force"),
            renews: None,
        },
        Curated {
            slug: "bandung-suwon",
            form: "KSDPL",
            subtype: "sister_city",
            tier: "mou",
            basis: "se_mendagri_1993",
            basis_note: None,
            region: "32.73",
            partner: city(1_835_553),
            title_id: "Kerja Sama Kota Kembar Kota Bandung dan Kota Suwon",
            title_en: "Sister city cooperation between Bandung and Suwon",
            partner_title: Some(("ko", "반둥시–수원시 자매도시 협력")),
            objects: &["cultural_exchange", "government_capacity"],
            fields: &["2.22", "2.16", "1.01"],
            sdgs: &["4", "16.6"],
            signed: Some("1997-08-27"),
            expires: None,
            open_ended: true,
            status: Some("in_force"),
            renews: None,
        },
        Curated {
            slug: "bandung-fort-worth",
            form: "KSDPL",
            subtype: "sister_city",
            tier: "mou",
            basis: "other",
            basis_note: Some("Nota kesepahaman 1990, sebelum SE Mendagri 1993"),
            region: "32.73",
            partner: city(4_691_930),
            title_id: "Kerja Sama Kota Kembar Kota Bandung dan Kota Fort Worth",
            title_en: "Sister city cooperation between Bandung and Fort Worth",
            partner_title: None,
            objects: &["cultural_exchange", "regional_promotion"],
            fields: &["2.22", "3.30"],
            sdgs: &["17.17"],
            signed: Some("1990-04-02"),
            expires: None,
            open_ended: true,
            status: Some("in_force"),
            renews: None,
        },
        Curated {
            slug: "surabaya-seattle",
            form: "KSDPL",
            subtype: "sister_city",
            tier: "mou",
            basis: "other",
            basis_note: Some("Kesepakatan 1992, sebelum SE Mendagri 1993"),
            region: "35.78",
            partner: city(5_809_844),
            title_id: "Kerja Sama Kota Kembar Kota Surabaya dan Kota Seattle",
            title_en: "Sister city cooperation between Surabaya and Seattle",
            partner_title: None,
            objects: &["cultural_exchange", "regional_promotion"],
            fields: &["2.22", "3.30", "3.25"],
            sdgs: &["14.7", "8.9"],
            signed: Some("1992-06-01"),
            expires: None,
            open_ended: true,
            status: Some("in_force"),
            renews: None,
        },
        Curated {
            slug: "surabaya-shah-alam-loi",
            form: "KSDPL",
            subtype: "sister_city",
            tier: "loi",
            basis: "pmdn_3_2008",
            basis_note: None,
            region: "35.78",
            partner: city(1_732_903),
            title_id: "Pernyataan Kehendak Kerja Sama Kota Surabaya dan Kota Shah Alam",
            title_en: "Letter of Intent between Surabaya and Shah Alam",
            partner_title: Some(("ms", "Surat Niat Kerjasama Surabaya dan Shah Alam")),
            objects: &["cultural_exchange", "government_capacity"],
            fields: &["1.03", "3.26", "2.19"],
            sdgs: &["11.3", "8.9"],
            signed: Some("2009-05-22"),
            expires: Some("2010-05-21"),
            open_ended: false,
            status: None,
            renews: None,
        },
        Curated {
            slug: "denpasar-mossel-bay-2019",
            form: "KSDPL",
            subtype: "sister_city",
            tier: "mou",
            basis: "pmdn_3_2008",
            basis_note: None,
            region: "51.71",
            partner: city(973_709),
            title_id: "Nota Kesepahaman Kota Kembar Kota Denpasar dan Mossel Bay",
            title_en: "Sister city MoU between Denpasar and Mossel Bay",
            partner_title: None,
            objects: &["cultural_exchange", "regional_promotion"],
            fields: &["3.26", "2.22"],
            sdgs: &["8.9", "11.4"],
            signed: Some("2019-11-23"),
            expires: Some("2022-11-22"),
            open_ended: false,
            status: None,
            renews: None,
        },
        Curated {
            slug: "denpasar-mossel-bay-2022",
            form: "KSDPL",
            subtype: "sister_city",
            tier: "mou",
            basis: "pmdn_25_2020",
            basis_note: None,
            region: "51.71",
            partner: city(973_709),
            title_id: "Pembaruan Kerja Sama Kota Kembar Kota Denpasar dan Mossel Bay",
            title_en: "Renewed sister city cooperation between Denpasar and Mossel Bay",
            partner_title: None,
            objects: &["cultural_exchange", "regional_promotion"],
            fields: &["3.26", "2.22", "1.01"],
            sdgs: &["8.9", "11.4", "4.7"],
            signed: Some("2022-11-21"),
            expires: Some("2027-11-20"),
            open_ended: false,
            status: None,
            renews: Some("denpasar-mossel-bay-2019"),
        },
        Curated {
            slug: "diy-kyoto",
            form: "KSDPL",
            subtype: "sister_province",
            tier: "mou",
            basis: "other",
            basis_note: Some("Kesepakatan provinsi kembar sebelum 1993"),
            region: "34",
            partner: subdivision("JP-26"),
            title_id: "Kerja Sama Provinsi Kembar Daerah Istimewa Yogyakarta dan Prefektur Kyoto",
            title_en: "Sister province cooperation between Yogyakarta Special Region and Kyoto Prefecture",
            partner_title: Some(("ja", "ジョグジャカルタ特別州・京都府 姉妹提携")),
            objects: &["cultural_exchange", "science_technology"],
            fields: &["2.22", "1.01", "3.26"],
            sdgs: &["11.4", "4.3"],
            signed: Some("1985-07-16"),
            expires: None,
            open_ended: true,
            status: Some("in_force"),
            renews: None,
        },
        Curated {
            slug: "ntb-zhejiang",
            form: "KSDPL",
            subtype: "sister_province",
            tier: "mou",
            basis: "pmdn_3_2008",
            basis_note: None,
            region: "52",
            partner: subdivision("CN-ZJ"),
            title_id: "Kerja Sama Provinsi Kembar Nusa Tenggara Barat dan Provinsi Zhejiang",
            title_en: "Sister province cooperation between West Nusa Tenggara and Zhejiang",
            partner_title: None,
            objects: &["regional_promotion", "science_technology"],
            fields: &["3.27", "3.30", "2.18"],
            sdgs: &["2.4", "17.11"],
            signed: Some("2015-06-10"),
            expires: Some("2020-06-09"),
            open_ended: false,
            status: None,
            renews: None,
        },
        Curated {
            slug: "semarang-brisbane",
            form: "KSDPL",
            subtype: "sister_city",
            tier: "mou",
            basis: "se_mendagri_1993",
            basis_note: None,
            region: "33.74",
            partner: city(2_174_003),
            title_id: "Kerja Sama Kota Kembar Kota Semarang dan Kota Brisbane",
            title_en: "Sister city cooperation between Semarang and Brisbane",
            partner_title: None,
            objects: &["cultural_exchange", "government_capacity"],
            fields: &["1.01", "2.11"],
            sdgs: &["4.b", "11.6"],
            signed: Some("1993-01-15"),
            expires: None,
            open_ended: true,
            status: Some("in_force"),
            renews: None,
        },
        Curated {
            slug: "medan-gwangju",
            form: "KSDPL",
            subtype: "sister_city",
            tier: "mou",
            basis: "pmdn_25_2020",
            basis_note: None,
            region: "12.71",
            partner: city(1_841_811),
            title_id: "Kerja Sama Kota Kembar Kota Medan dan Kota Gwangju",
            title_en: "Sister city cooperation between Medan and Gwangju",
            partner_title: Some(("ko", "메단시–광주광역시 자매도시 협력")),
            objects: &["science_technology", "cultural_exchange"],
            fields: &["1.01", "2.19"],
            sdgs: &["4.3", "4.b"],
            signed: Some("2021-09-15"),
            expires: Some("2026-09-14"),
            open_ended: false,
            status: None,
            renews: None,
        },
        Curated {
            slug: "ambon-vlissingen",
            form: "KSDPL",
            subtype: "sister_city",
            tier: "mou",
            basis: "pmdn_3_2008",
            basis_note: None,
            region: "81.71",
            partner: city(2_745_392),
            title_id: "Kerja Sama Kota Kembar Kota Ambon dan Kota Vlissingen",
            title_en: "Sister city cooperation between Ambon and Vlissingen",
            partner_title: Some(("nl", "Stedenband Ambon–Vlissingen")),
            objects: &["government_capacity", "cultural_exchange"],
            fields: &["1.02", "2.22"],
            sdgs: &["3.8"],
            signed: Some("2012-03-20"),
            expires: None,
            open_ended: true,
            status: Some("in_force"),
            renews: None,
        },
        Curated {
            slug: "kota-kabupaten-bandung-sampah",
            form: "KSDD",
            subtype: "mandatory",
            tier: "pks",
            basis: "pmdn_22_2020",
            basis_note: None,
            region: "32.73",
            partner: PartyInput {
                region_code: Some("32.04".to_owned()),
                ..Default::default()
            },
            title_id: "Perjanjian Kerja Sama Pengelolaan Sampah Regional Kota Bandung dan Kabupaten Bandung",
            title_en: "Agreement on regional waste management between Bandung City and Bandung Regency",
            partner_title: None,
            objects: &[],
            fields: &["2.11", "1.03"],
            sdgs: &["11.6", "12.5"],
            signed: Some("2021-03-10"),
            expires: Some("2026-03-09"),
            open_ended: false,
            status: None,
            renews: None,
        },
        Curated {
            slug: "surabaya-air-bersih",
            form: "KSDPK",
            subtype: "public_service",
            tier: "pks",
            basis: "pmdn_22_2020",
            basis_note: None,
            region: "35.78",
            partner: described("third_party", "PT Demo Tirta Surabaya", Some("ID"), "business_entity"),
            title_id: "Perjanjian Kerja Sama Penyediaan Air Bersih Kawasan Surabaya Barat",
            title_en: "Agreement on clean-water supply for West Surabaya",
            partner_title: None,
            objects: &[],
            fields: &["1.03"],
            sdgs: &["6.1"],
            signed: Some("2022-08-01"),
            expires: Some("2027-07-31"),
            open_ended: false,
            status: None,
            renews: None,
        },
        Curated {
            slug: "ntt-jica-kesehatan",
            form: "KSDLL",
            subtype: "continuation",
            tier: "mou",
            basis: "pmdn_25_2020",
            basis_note: None,
            region: "53",
            partner: described(
                "foreign_institution",
                "Japan International Cooperation Agency (JICA)",
                Some("JP"),
                "development_partner",
            ),
            title_id: "Penerusan Kerja Sama Teknik Penguatan Layanan Kesehatan Ibu dan Anak di Nusa Tenggara Timur",
            title_en: "Continuation of technical cooperation on maternal and child health services in East Nusa Tenggara",
            partner_title: None,
            objects: &["government_capacity"],
            fields: &["1.02"],
            sdgs: &["3.1", "3.8"],
            signed: Some("2023-02-01"),
            expires: Some("2028-01-31"),
            open_ended: false,
            status: None,
            renews: None,
        },
        Curated {
            slug: "nunukan-tawau",
            form: "KSDPL",
            subtype: "sister_city",
            tier: "mou",
            basis: "pmdn_25_2020",
            basis_note: None,
            region: "65.03",
            partner: city(1_734_199),
            title_id: "Rencana Kerja Sama Kota Kembar Kabupaten Nunukan dan Tawau",
            title_en: "Planned sister city cooperation between Nunukan Regency and Tawau",
            partner_title: None,
            objects: &["regional_promotion", "cultural_exchange"],
            fields: &["3.30", "2.15"],
            sdgs: &["17.11", "9.1"],
            signed: None,
            expires: None,
            open_ended: false,
            status: Some("in_process"),
            renews: None,
        },
    ]
}

fn status_on(today: Date, expires: Option<&str>) -> &'static str {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match expires.and_then(|e| Date::parse(e, format).ok()) {
        Some(e) if e < today => "expired",
        _ => "in_force",
    }
}

fn curated_inputs(today: Date) -> Vec<AgreementInput> {
    curated()
        .into_iter()
        .map(|c| {
            let status = c.status.unwrap_or_else(|| status_on(today, c.expires));
            AgreementInput {
                id: Some(demo_id(c.slug)),
                form: Some(c.form.to_owned()),
                subtype: Some(c.subtype.to_owned()),
                tier: Some(c.tier.to_owned()),
                status: Some(status.to_owned()),
                legal_basis: Some(c.basis.to_owned()),
                legal_basis_note: c.basis_note.map(str::to_owned),
                title_id: Some(c.title_id.to_owned()),
                title_en: Some(c.title_en.to_owned()),
                title_partner: c.partner_title.map(|(_, t)| t.to_owned()),
                partner_language: c.partner_title.map(|(l, _)| l.to_owned()),
                parties: Some(vec![
                    PartyInput {
                        region_code: Some(c.region.to_owned()),
                        ..Default::default()
                    },
                    c.partner,
                ]),
                objects: Some(c.objects.iter().map(|s| (*s).to_owned()).collect()),
                fields: Some(c.fields.iter().map(|s| (*s).to_owned()).collect()),
                sdgs: Some(c.sdgs.iter().map(|s| (*s).to_owned()).collect()),
                signed_on: c.signed.map(str::to_owned),
                effective_on: c.signed.map(str::to_owned),
                expires_on: c.expires.map(str::to_owned),
                open_ended: c.open_ended.then_some(true),
                renews: c.renews.map(demo_id),
                source: Some(DEMO_SOURCE.to_owned()),
                ..Default::default()
            }
        })
        .collect()
}

/// What seeding the demo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    /// False when the demo data was already there.
    pub seeded: bool,
    pub agreements: usize,
}

/// Seeds the demo dataset once: curated links plus `generated` synthetic agreements.
pub async fn seed_demo(app: &App, reference: &GeneratorReference<'_>, generated: usize) -> AppResult<DemoReport> {
    let ctx = app.system_ctx("demo");
    match app.registry.get_agreement(&ctx, &demo_id("bandung-braunschweig")).await {
        Ok(_) => {
            return Ok(DemoReport {
                seeded: false,
                agreements: 0,
            });
        }
        Err(AppError::NotFound(_)) => {}
        Err(e) => return Err(e),
    }
    let mut inputs = curated_inputs(ctx.today);
    for mut g in generate(reference, generated, DEMO_SEED, ctx.today) {
        g.source = Some(DEMO_SOURCE.to_owned());
        inputs.push(g);
    }
    let options = ImportOptions {
        mode: ImportMode::Add,
        dry_run: false,
        is_demo: true,
    };
    let report = app.registry.import_inputs(&ctx, inputs, options, &|_| {}).await?;
    seed_demo_opportunities(app, &ctx).await?;
    Ok(DemoReport {
        seeded: true,
        agreements: report.inserted,
    })
}

/// A few offers and needs so that the opportunity board of a demo installation is not
/// empty; the needs come from the first underdeveloped (3T) kabupaten in code order.
async fn seed_demo_opportunities(app: &App, ctx: &Ctx) -> AppResult<()> {
    for offer in &demo_offers(ctx.today) {
        app.board.publish_offer(ctx, offer).await?;
    }
    let reference = app.reference.snapshot();
    let remote: Vec<String> = reference
        .regions
        .values()
        .filter(|r| r.is_daerah_tertinggal && r.region_type == RegionType::Kabupaten && !r.is_administrative)
        .take(2)
        .map(|r| r.code.to_string())
        .collect();
    let needs = [
        (
            "Air bersih untuk desa-desa pesisir",
            "Pendampingan teknis sistem penyediaan air minum dan sanitasi.",
            "1.03",
            "6.1",
        ),
        (
            "Pelatihan guru dan kepala sekolah",
            "Peningkatan mutu guru sekolah dasar di daerah terpencil.",
            "1.01",
            "4.c",
        ),
    ];
    for (region, (title, description, field, sdg)) in remote.iter().zip(needs) {
        app.board
            .publish_need(
                ctx,
                &NeedInput {
                    region_code: Some(region.clone()),
                    title: Some(format!("{title} (contoh demo)")),
                    description: Some(description.to_owned()),
                    fields: owned_list(&[field]),
                    sdgs: owned_list(&[sdg]),
                },
            )
            .await?;
    }
    Ok(())
}

/// The demo's offers, open for two to seven months from `today`.
fn demo_offers(today: Date) -> Vec<OfferInput> {
    let deadline = |days: i64| (today + time::Duration::days(days)).to_string();
    vec![
        OfferInput {
            publisher_kind: Some("embassy".into()),
            publisher_name: Some("Kedutaan Besar Jepang (contoh demo)".into()),
            country: Some("JP".into()),
            title_id: Some("Kemitraan penyediaan air bersih untuk kabupaten terpencil".into()),
            title_en: Some("Clean water partnership for remote regencies".into()),
            description_id: Some(
                "Pendampingan teknis dan pertukaran tenaga ahli pengelolaan air minum dengan kota-kota di Jepang."
                    .into(),
            ),
            description_en: Some(
                "Technical assistance and exchange of drinking-water experts with Japanese cities.".into(),
            ),
            fields: owned_list(&["1.03"]),
            sdgs: owned_list(&["6.1", "6.b"]),
            region_types: owned_list(&["kabupaten"]),
            criteria: owned_list(&["3t", "no_foreign_cooperation"]),
            deadline: Some(deadline(120)),
            contact: Some("ekonomi@contoh-kedubes.example".into()),
        },
        OfferInput {
            publisher_kind: Some("programme".into()),
            publisher_name: Some("Program kota kembar pendidikan vokasi (contoh demo)".into()),
            country: Some("KR".into()),
            title_id: Some("Pertukaran guru sekolah menengah kejuruan".into()),
            title_en: Some("Vocational school teacher exchange".into()),
            description_id: Some("Magang guru SMK di sekolah mitra selama tiga bulan, dibiayai program.".into()),
            description_en: Some(
                "Three-month placements of vocational teachers at partner schools, funded by the programme.".into(),
            ),
            fields: owned_list(&["1.01"]),
            sdgs: owned_list(&["4.4", "4.c"]),
            region_types: owned_list(&["kabupaten", "kota"]),
            criteria: None,
            deadline: Some(deadline(60)),
            contact: Some("program@contoh-vokasi.example".into()),
        },
        OfferInput {
            publisher_kind: Some("foreign_partner".into()),
            publisher_name: Some("Pemerintah Negara Bagian Queensland (contoh demo)".into()),
            country: Some("AU".into()),
            title_id: Some("Kerja sama provinsi kembar: perikanan dan pengelolaan pesisir".into()),
            title_en: Some("Sister-province cooperation: fisheries and coastal management".into()),
            description_id: None,
            description_en: None,
            fields: owned_list(&["3.25"]),
            sdgs: owned_list(&["14.2", "14.7"]),
            region_types: owned_list(&["provinsi"]),
            criteria: owned_list(&["no_foreign_cooperation"]),
            deadline: Some(deadline(200)),
            contact: Some("international@contoh-qld.example".into()),
        },
    ]
}

fn owned_list(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| (*s).to_owned()).collect())
}
