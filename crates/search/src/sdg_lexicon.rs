//! Jalin's own bilingual SDG keyword lexicon: Indonesian and English terms per target, as
//! they occur in regional-cooperation texts (agreement titles, objects, *urusan*, work
//! programmes). Written for Jalin from the target wording and the vocabulary of regional
//! government; it is our data and is compiled in.
//!
//! One line per target and language: `TARGET LANG: term; term; …`. Terms are phrases
//! (analysed like the text: stemmed, stop words dropped); a leading `~` marks a broad term
//! that only hints at the target (half weight). `#` starts a comment line.

pub(crate) const LEXICON: &str = r"
# Goal 1: no poverty
1.1 id: kemiskinan ekstrem; miskin ekstrem; penduduk sangat miskin; rumah tangga sangat miskin; keluarga sangat miskin
1.1 en: extreme poverty; extremely poor; destitution; absolute poverty
1.2 id: kemiskinan; penduduk miskin; keluarga miskin; masyarakat miskin; rumah tangga miskin; penanggulangan kemiskinan; pengentasan kemiskinan; angka kemiskinan; warga miskin; ~kurang mampu; desa tertinggal
1.2 en: poverty; poor households; poverty reduction; poverty alleviation; living in poverty; poor families
1.3 id: perlindungan sosial; jaminan sosial; bantuan sosial; bansos; program keluarga harapan; data terpadu kesejahteraan sosial; dtks; kesejahteraan sosial; rehabilitasi sosial; penyandang masalah kesejahteraan sosial; lansia terlantar; ~sosial
1.3 en: social protection; social security; social assistance; cash transfers; social welfare; social safety net; pensions
1.4 id: akses layanan dasar; sertifikasi tanah; sertifikat tanah; hak atas tanah; reforma agraria; keuangan mikro; kredit mikro; pertanahan
1.4 en: access to basic services; land rights; land titling; land certificates; microfinance; property rights
1.5 id: ketahanan masyarakat miskin; masyarakat rentan bencana; kerentanan terhadap bencana; ~kelompok rentan
1.5 en: resilience of the poor; vulnerable communities; exposure to disasters; vulnerability to shocks
1.a id: mobilisasi sumber daya penanggulangan kemiskinan; dana penanggulangan kemiskinan
1.a en: resource mobilization for poverty eradication
1.b id: strategi penanggulangan kemiskinan; rencana penanggulangan kemiskinan; tim koordinasi penanggulangan kemiskinan; tkpk
1.b en: pro-poor policies; poverty reduction strategy; pro-poor development

# Goal 2: zero hunger
2.1 id: kelaparan; ketahanan pangan; kerawanan pangan; rawan pangan; cadangan pangan; akses pangan; keamanan pangan; ketersediaan pangan; lumbung pangan; distribusi pangan; pangan bergizi; ~pangan
2.1 en: hunger; food security; food insecurity; food reserves; access to food; food safety; food availability; food banks
2.2 id: stunting; tengkes; gizi buruk; gizi kurang; kekurangan gizi; malnutrisi; balita pendek; pemberian makanan tambahan; makanan tambahan; status gizi; gizi seimbang; edukasi gizi; anemia; asi eksklusif; wasting; posyandu; ~gizi
2.2 en: stunting; malnutrition; undernutrition; wasting; child nutrition; anaemia; anemia; breastfeeding; supplementary feeding; ~nutrition
2.3 id: produktivitas pertanian; produktivitas petani; pendapatan petani; pendapatan peternak; petani kecil; kelompok tani; petani; peternak; peternakan; pekebun; usaha tani; penyuluhan pertanian; alat mesin pertanian; alsintan; tanaman pangan; hortikultura; perkebunan; ternak; sapi; kopi; kakao; kesehatan hewan; inseminasi buatan; ~pertanian
2.3 en: agricultural productivity; smallholders; smallholder farmers; farmers; farmer incomes; family farmers; livestock; cattle; coffee farmers; crop yields; animal health; ~agriculture
2.4 id: pertanian berkelanjutan; pertanian organik; pertanian ramah lingkungan; sistem pangan berkelanjutan; pertanian tahan iklim; praktik pertanian yang baik; kesuburan tanah; pupuk organik; pertanian terpadu; lahan kering; tahan kekeringan; pertanian hemat air
2.4 en: sustainable agriculture; organic farming; resilient agricultural practices; climate-smart agriculture; good agricultural practices; soil fertility; sustainable food production; drought-tolerant
2.5 id: keanekaragaman genetik; plasma nutfah; bank benih; bank gen; benih lokal; varietas lokal; sumber daya genetik tanaman; ternak lokal; rumpun ternak lokal
2.5 en: genetic diversity; seed banks; gene banks; germplasm; local varieties; plant genetic resources; native breeds
2.a id: investasi pertanian; infrastruktur pertanian; infrastruktur perdesaan; riset pertanian; penelitian pertanian; teknologi pertanian; alih teknologi pertanian; benih unggul; bibit unggul; mekanisasi pertanian; balai penyuluhan; jaringan irigasi
2.a en: agricultural research; rural infrastructure; agricultural technology; agricultural extension services; investment in agriculture; improved seeds; farm mechanization
2.b id: ekspor pertanian; subsidi ekspor pertanian; hambatan perdagangan pertanian
2.b en: agricultural trade; agricultural export subsidies; trade restrictions in agricultural markets
2.c id: stabilisasi harga; stabilisasi harga pangan; harga pangan; harga bahan pokok; harga beras; pasar komoditas pangan; informasi pasar; operasi pasar; inflasi pangan; pasar tani; rantai pasok pangan; distribusi beras; pengendalian inflasi daerah; tpid
2.c en: food prices; price stabilization; food price volatility; food commodity markets; market information; food supply chains

# Goal 3: good health and well-being
3.1 id: kematian ibu; angka kematian ibu; kesehatan ibu; ibu hamil; ibu melahirkan; persalinan; bidan; pemeriksaan kehamilan; ibu nifas; kesehatan ibu dan anak
3.1 en: maternal mortality; maternal health; pregnant women; childbirth; skilled birth attendance; midwives; antenatal care; safe delivery
3.2 id: kematian bayi; kematian balita; kematian neonatal; angka kematian bayi; bayi baru lahir; kesehatan bayi; kesehatan anak; imunisasi; imunisasi dasar lengkap; vaksinasi anak; balita; posyandu; kesehatan ibu dan anak
3.2 en: infant mortality; child mortality; neonatal mortality; newborns; under-five; immunization; immunisation; child health; childhood vaccination
3.3 id: tuberkulosis; tbc; hiv; aids; malaria; demam berdarah; dbd; hepatitis; penyakit menular; penyakit tropis; kusta; filariasis; pemberantasan sarang nyamuk; eliminasi malaria; epidemi; wabah
3.3 en: tuberculosis; hiv; aids; malaria; dengue; hepatitis; communicable diseases; infectious diseases; neglected tropical diseases; epidemics; leprosy
3.4 id: penyakit tidak menular; hipertensi; diabetes; kanker; penyakit jantung; kesehatan jiwa; kesehatan mental; bunuh diri; posbindu; gerakan masyarakat hidup sehat; germas; pola hidup sehat; kebugaran
3.4 en: non-communicable diseases; hypertension; diabetes; cancer; cardiovascular disease; mental health; suicide; healthy lifestyles; well-being; physical activity
3.5 id: narkoba; narkotika; penyalahgunaan narkoba; penyalahgunaan narkotika; rehabilitasi pecandu; pecandu; zat adiktif; minuman keras; miras; alkohol; napza; bnn; p4gn
3.5 en: drug abuse; substance abuse; narcotics; drug addiction; alcohol abuse; harmful use of alcohol; drug rehabilitation
3.6 id: kecelakaan lalu lintas; keselamatan lalu lintas; keselamatan jalan; keselamatan berkendara; korban kecelakaan; rawan kecelakaan
3.6 en: road safety; road traffic accidents; traffic accidents; traffic safety; road traffic injuries; road deaths
3.7 id: keluarga berencana; kontrasepsi; kesehatan reproduksi; pendewasaan usia perkawinan; kehamilan remaja; pengendalian penduduk
3.7 en: family planning; contraception; contraceptives; reproductive health; adolescent pregnancy; sexual and reproductive health
3.8 id: jaminan kesehatan; jaminan kesehatan nasional; jkn; bpjs kesehatan; cakupan kesehatan semesta; universal health coverage; pelayanan kesehatan; layanan kesehatan; fasilitas kesehatan; rumah sakit; puskesmas; rujukan pasien; sistem rujukan; obat; alat kesehatan; klinik; dokter spesialis; telemedisin; pasien; ~kesehatan
3.8 en: universal health coverage; health coverage; health insurance; health services; health care; healthcare; hospitals; primary health care; essential medicines; medical equipment; patient referral; clinics; patients; ~health
3.9 id: pencemaran udara; polusi udara; pencemaran tanah; bahan kimia berbahaya; keracunan; paparan zat berbahaya; kesehatan lingkungan
3.9 en: air pollution; soil pollution; hazardous chemicals; poisoning; environmental health; contamination
3.a id: pengendalian tembakau; kawasan tanpa rokok; rokok; merokok; tembakau; perokok
3.a en: tobacco control; tobacco; smoking; smoke-free
3.b id: pengembangan vaksin; penelitian vaksin; obat baru; penelitian kesehatan; riset kesehatan; industri farmasi
3.b en: vaccine research; vaccine development; research on medicines; health research; pharmaceutical industry
3.c id: tenaga kesehatan; tenaga medis; dokter; perawat; bidan; pelatihan tenaga kesehatan; sumber daya manusia kesehatan; pembiayaan kesehatan; anggaran kesehatan; kader kesehatan
3.c en: health workforce; health workers; nurses; midwives; doctors; medical training; health financing; community health workers
3.d id: kedaruratan kesehatan; kesiapsiagaan pandemi; pandemi; surveilans penyakit; karantina kesehatan; penanggulangan wabah; ketahanan kesehatan
3.d en: health emergencies; pandemic preparedness; pandemics; disease surveillance; health security; outbreak response; international health regulations

# Goal 4: quality education
4.1 id: pendidikan dasar; pendidikan menengah; sekolah dasar; sekolah menengah; sekolah menengah pertama; sekolah menengah atas; wajib belajar; mutu pendidikan; kualitas pendidikan; hasil belajar; angka partisipasi sekolah; siswa; pelajar; bahan ajar; kurikulum; ~sekolah; ~pendidikan
4.1 en: primary education; secondary education; primary schools; secondary schools; quality education; learning outcomes; school completion; pupils; students; curriculum; ~schools; ~education
4.2 id: pendidikan anak usia dini; paud; taman kanak-kanak; prasekolah; pengembangan anak usia dini; anak usia dini; tumbuh kembang anak; kelompok bermain; alat permainan edukatif
4.2 en: early childhood; early childhood education; pre-primary education; preschool; kindergarten; early childhood development; childcare
4.3 id: pendidikan tinggi; perguruan tinggi; universitas; politeknik; mahasiswa; pendidikan vokasi; sekolah menengah kejuruan; smk; pendidikan kejuruan; akademi komunitas
4.3 en: tertiary education; higher education; universities; polytechnics; vocational education; technical education; colleges; undergraduate; university students
4.4 id: keterampilan kerja; pelatihan keterampilan; pelatihan kerja; pelatihan vokasi; balai latihan kerja; blk; kursus keterampilan; sertifikasi kompetensi; kompetensi kerja; literasi digital; keterampilan digital; pelatihan teknis; ~keterampilan
4.4 en: vocational training; technical skills; job skills; skills training; digital skills; digital literacy; competency certification; ~skills
4.5 id: pendidikan inklusif; sekolah inklusif; siswa penyandang disabilitas; anak berkebutuhan khusus; kesetaraan akses pendidikan; akses pendidikan; pemerataan pendidikan; anak putus sekolah; guru pendamping khusus; sekolah luar biasa; slb; pendidikan kesetaraan; kejar paket
4.5 en: inclusive education; inclusive schools; gender parity in education; children with disabilities; special needs education; equal access to education; out-of-school children; school dropouts
4.6 id: literasi; buta aksara; keaksaraan; numerasi; minat baca; budaya baca; gemar membaca; perpustakaan; perpustakaan keliling; taman bacaan masyarakat; pustakawan
4.6 en: literacy; numeracy; illiteracy; adult literacy; reading culture; libraries; mobile library; librarians
4.7 id: pendidikan karakter; pendidikan lingkungan hidup; pendidikan pembangunan berkelanjutan; wawasan kebangsaan; pendidikan kewarganegaraan; sekolah adiwiyata; adiwiyata; pendidikan perdamaian; keragaman budaya; pertukaran pelajar; pertukaran budaya; pemahaman antarbudaya
4.7 en: education for sustainable development; global citizenship education; environmental education; cultural diversity; peace education; student exchanges; cultural exchange; intercultural understanding
4.a id: sarana pendidikan; prasarana sekolah; gedung sekolah; ruang kelas; rehabilitasi sekolah; fasilitas sekolah; sanitasi sekolah; sekolah ramah anak; sarana aksesibel; laboratorium sekolah
4.a en: school facilities; school buildings; classrooms; education facilities; school infrastructure; accessible schools; safe learning environments
4.b id: beasiswa; program beasiswa; beasiswa luar negeri; studi lanjut; tugas belajar
4.b en: scholarships; scholarship programmes; postgraduate study; study abroad; fellowships
4.c id: guru; tenaga pendidik; pelatihan guru; kompetensi guru; kualifikasi guru; pertukaran guru; sertifikasi guru; pendidik; kepala sekolah; pengembangan profesi guru
4.c en: teachers; teacher training; qualified teachers; teacher exchanges; educators; teaching staff; school principals

# Goal 5: gender equality
5.1 id: diskriminasi terhadap perempuan; kesetaraan gender; keadilan gender; hak perempuan
5.1 en: discrimination against women; gender equality; women's rights
5.2 id: kekerasan terhadap perempuan; kekerasan terhadap perempuan dan anak; kekerasan dalam rumah tangga; kdrt; kekerasan seksual; korban kekerasan; perdagangan orang; perdagangan perempuan; tppo; rumah aman; perlindungan perempuan
5.2 en: violence against women; domestic violence; gender-based violence; sexual violence; trafficking in women; survivors of violence; safe houses
5.3 id: perkawinan anak; pernikahan dini; perkawinan usia anak; pencegahan perkawinan anak; sunat perempuan
5.3 en: child marriage; early marriage; forced marriage; female genital mutilation
5.4 id: pekerjaan perawatan tidak berbayar; pekerjaan domestik; tempat penitipan anak; daycare
5.4 en: unpaid care; domestic work; care work; childcare services
5.5 id: keterwakilan perempuan; kepemimpinan perempuan; partisipasi perempuan; perempuan dalam pengambilan keputusan; perempuan pemimpin; politik perempuan
5.5 en: women's participation; women's leadership; women in leadership; women's representation; women in decision-making
5.6 id: hak reproduksi; layanan kesehatan reproduksi perempuan
5.6 en: reproductive rights
5.a id: pemberdayaan ekonomi perempuan; perempuan kepala keluarga; kepemilikan tanah perempuan; koperasi wanita; usaha perempuan; perempuan pengusaha; wirausaha perempuan; kelompok perempuan
5.a en: women's economic empowerment; economic empowerment of women; women entrepreneurs; women's access to credit; women-owned businesses; female-headed households
5.b id: literasi digital perempuan; teknologi informasi bagi perempuan; perempuan dan teknologi
5.b en: women in technology; ict for women; digital inclusion of women
5.c id: pengarusutamaan gender; anggaran responsif gender; perencanaan responsif gender; kebijakan gender; pemberdayaan perempuan; ~gender
5.c en: gender mainstreaming; gender-responsive budgeting; gender policies; women's empowerment; empowerment of women; ~gender

# Goal 6: clean water and sanitation
6.1 id: air minum; air bersih; penyediaan air minum; sistem penyediaan air minum; spam; pdam; perumda air minum; sambungan rumah; air perpipaan; sumber air baku; air baku; jaringan perpipaan; mata air
6.1 en: drinking water; safe water; clean water; water supply; piped water; water utility; potable water; water connections
6.2 id: sanitasi; jamban; jamban sehat; buang air besar sembarangan; babs; sanitasi total berbasis masyarakat; stbm; air limbah domestik; cuci tangan; mck; tangki septik; septic tank; lumpur tinja; iplt; higiene
6.2 en: sanitation; toilets; latrines; open defecation; hygiene; handwashing; sewerage; septic tanks; faecal sludge
6.3 id: kualitas air; pencemaran air; pengolahan air limbah; air limbah; ipal; limbah cair; limbah industri; limbah domestik; baku mutu air; pencemaran sungai; pemulihan kualitas air; pengolahan air
6.3 en: water quality; water pollution; wastewater; wastewater treatment; sewage treatment; effluents; industrial wastewater; water treatment
6.4 id: efisiensi penggunaan air; hemat air; kelangkaan air; kekeringan; krisis air; konservasi air; kehilangan air; air tak berekening; panen air hujan; embung; irigasi; jaringan irigasi
6.4 en: water-use efficiency; water efficiency; water scarcity; water saving; non-revenue water; rainwater harvesting; irrigation; water stress; drought
6.5 id: pengelolaan sumber daya air terpadu; sumber daya air; daerah aliran sungai; pengelolaan daerah aliran sungai; das; wilayah sungai; balai wilayah sungai; konservasi sumber daya air; lintas daerah aliran sungai
6.5 en: integrated water resources management; water resources management; river basins; watersheds; watershed management; transboundary water cooperation
6.6 id: ekosistem perairan; danau; rawa; lahan basah; revitalisasi danau; restorasi sungai; normalisasi sungai; penghijauan daerah hulu; daerah hulu; situ; waduk; ~sungai
6.6 en: water-related ecosystems; wetlands; lakes; river restoration; lake restoration; aquifers; ~rivers
6.a id: bantuan teknis air minum dan sanitasi
6.a en: international cooperation on water and sanitation; capacity-building in water and sanitation
6.b id: partisipasi masyarakat dalam pengelolaan air; pamsimas; kelompok pengelola air; hippam; badan pengelola sarana air
6.b en: community participation in water management; community-based water management; water user associations

# Goal 7: affordable and clean energy
7.1 id: akses listrik; elektrifikasi; listrik desa; rasio elektrifikasi; sambungan listrik; jaringan listrik; listrik; energi modern; kompor listrik; jaringan gas kota
7.1 en: access to electricity; electrification; rural electrification; electricity access; clean cooking; modern energy services; grid connections; electricity
7.2 id: energi terbarukan; energi baru terbarukan; ebt; pembangkit listrik tenaga surya; plts; tenaga surya; panel surya; surya atap; mikrohidro; pltmh; tenaga angin; tenaga bayu; biogas; biomassa; panas bumi; bioenergi; energi bersih
7.2 en: renewable energy; solar power; solar panels; solar photovoltaic; rooftop solar; wind power; hydropower; micro-hydro; biogas; biomass energy; geothermal; clean energy
7.3 id: efisiensi energi; hemat energi; konservasi energi; lampu led; penerangan jalan umum; pju; manajemen energi; audit energi
7.3 en: energy efficiency; energy saving; energy conservation; led lighting; street lighting; energy audits
7.a id: riset energi bersih; teknologi energi bersih
7.a en: clean energy research; clean energy technology; energy cooperation
7.b id: infrastruktur energi; infrastruktur kelistrikan; pembangkit listrik
7.b en: energy infrastructure; power plants; electricity infrastructure

# Goal 8: decent work and economic growth
8.1 id: pertumbuhan ekonomi; pertumbuhan ekonomi daerah; produk domestik regional bruto; pdrb
8.1 en: economic growth; gdp growth; gross regional product
8.2 id: produktivitas ekonomi; diversifikasi ekonomi; hilirisasi; nilai tambah; peningkatan nilai tambah; rantai nilai; ~daya saing
8.2 en: economic productivity; economic diversification; value added; value chains; high-value added sectors; ~competitiveness
8.3 id: usaha mikro kecil dan menengah; umkm; usaha mikro; usaha kecil; ukm; kewirausahaan; wirausaha; usaha rintisan; startup; ekonomi kreatif; industri kreatif; pelaku usaha; produk lokal; pemasaran produk; kerajinan; perajin; koperasi; izin usaha mikro; sertifikasi halal; ~usaha
8.3 en: micro, small and medium enterprises; msme; msmes; smes; small businesses; small and medium enterprises; entrepreneurship; entrepreneurs; start-ups; creative economy; creative industries; handicrafts; local products
8.4 id: efisiensi sumber daya; ekonomi sirkular; produksi bersih
8.4 en: resource efficiency; circular economy; decoupling economic growth; cleaner production
8.5 id: lapangan kerja; penciptaan lapangan kerja; kesempatan kerja; tenaga kerja; penempatan tenaga kerja; pencari kerja; pengangguran; bursa kerja; upah layak; pekerjaan layak; padat karya; penyerapan tenaga kerja; ketenagakerjaan
8.5 en: employment; job creation; decent work; unemployment; job seekers; job placement; labour market; job fairs; equal pay; full employment; ~jobs
8.6 id: pemuda menganggur; pengangguran muda; pemuda pencari kerja; pemagangan; magang; kepemudaan; ~pemuda
8.6 en: youth employment; youth unemployment; young people not in employment; apprenticeships; internships; ~youth
8.7 id: pekerja anak; kerja paksa; perbudakan modern; perdagangan manusia; eksploitasi pekerja
8.7 en: child labour; child labor; forced labour; modern slavery; human trafficking
8.8 id: perlindungan tenaga kerja; hak pekerja; keselamatan dan kesehatan kerja; pekerja migran; perlindungan pekerja migran; buruh migran; tenaga kerja indonesia; pengawasan ketenagakerjaan; jaminan sosial ketenagakerjaan
8.8 en: labour rights; labor rights; occupational safety; occupational health and safety; migrant workers; worker protection; workplace safety
8.9 id: pariwisata berkelanjutan; pariwisata; wisata; destinasi wisata; desa wisata; ekowisata; promosi wisata; promosi pariwisata; wisatawan; pemandu wisata; objek wisata; daya tarik wisata; industri pariwisata; homestay; sadar wisata; pokdarwis; wisata budaya; perhotelan; kuliner
8.9 en: sustainable tourism; tourism; tourist destinations; tourists; ecotourism; tourism promotion; tour guides; hospitality; homestays; tourism villages; cultural tourism; visitors
8.10 id: akses keuangan; inklusi keuangan; layanan keuangan; perbankan; layanan perbankan; asuransi; literasi keuangan; laku pandai; agen bank; lembaga keuangan; bank perkreditan rakyat; bank daerah
8.10 en: financial inclusion; access to finance; access to financial services; banking; bank accounts; insurance; financial literacy; branchless banking; mobile banking
8.a id: bantuan untuk perdagangan
8.a en: aid for trade
8.b id: strategi ketenagakerjaan pemuda
8.b en: youth employment strategy; global jobs pact

# Goal 9: industry, innovation and infrastructure
9.1 id: infrastruktur; pembangunan infrastruktur; infrastruktur jalan; jembatan; jalan penghubung; konektivitas; pelabuhan; bandar udara; bandara; jalan tol; jalan provinsi; jalan kabupaten; infrastruktur transportasi; infrastruktur wilayah; jalur kereta api; ~jalan
9.1 en: infrastructure; roads; bridges; connectivity; ports; airports; road infrastructure; transport infrastructure; regional infrastructure; railways
9.2 id: industrialisasi; industri; kawasan industri; sektor industri; industri pengolahan; perindustrian; industri manufaktur; penanaman modal; investasi; promosi investasi; kemudahan berinvestasi; perizinan berusaha; agroindustri; hilirisasi industri
9.2 en: industrialization; industrialisation; industry; industrial estates; industrial parks; manufacturing; investment; investment promotion; agro-processing; agro-industry; foreign direct investment
9.3 id: akses permodalan; permodalan usaha; kredit usaha; kredit usaha rakyat; kur; pembiayaan umkm; industri kecil menengah; ikm; akses pasar usaha kecil
9.3 en: access to credit; affordable credit; small-scale industries; small-scale enterprises; finance for small businesses; market access for small enterprises
9.4 id: industri hijau; teknologi bersih; infrastruktur berkelanjutan; efisiensi sumber daya industri
9.4 en: green industry; clean technologies; sustainable infrastructure; retrofit industries; environmentally sound technologies; low-carbon technology
9.5 id: penelitian; riset; penelitian dan pengembangan; litbang; riset terapan; inovasi; inovasi daerah; peneliti; ilmu pengetahuan dan teknologi; iptek; badan riset dan inovasi daerah; brida
9.5 en: research; research and development; scientific research; innovation; researchers; science and technology; technological capabilities; applied research
9.b id: pengembangan teknologi dalam negeri; hilirisasi hasil penelitian; inkubator bisnis; inkubator teknologi; teknologi tepat guna; komersialisasi riset; taman sains; taman teknologi; technopark
9.b en: domestic technology development; technology incubators; business incubators; commercialization of research; science parks; technology parks
9.c id: teknologi informasi dan komunikasi; tik; akses internet; internet; jaringan internet; jaringan telekomunikasi; telekomunikasi; desa digital; transformasi digital; komunikasi dan informatika; infrastruktur digital; pita lebar; wifi; ~digital; ~teknologi informasi
9.c en: information and communications technology; ict; internet access; internet; broadband; mobile networks; telecommunications; digital infrastructure; digital divide; ~digital

# Goal 10: reduced inequalities
10.1 id: ketimpangan pendapatan; kesenjangan pendapatan; pendapatan kelompok termiskin; rasio gini
10.1 en: income inequality; income growth of the bottom 40 per cent; inequality
10.2 id: inklusi sosial; penyandang disabilitas; disabilitas; difabel; kelompok marjinal; masyarakat adat; lansia; lanjut usia; ~inklusif
10.2 en: social inclusion; persons with disabilities; disability; people with disabilities; older persons; elderly; marginalized groups; indigenous peoples; ~inclusion
10.3 id: kesetaraan kesempatan; kesempatan yang sama; diskriminasi; antidiskriminasi; tindakan afirmatif
10.3 en: equal opportunity; discrimination; discriminatory laws; affirmative action
10.4 id: kebijakan fiskal; kebijakan upah; upah minimum; pemerataan pendapatan
10.4 en: fiscal policy; wage policy; minimum wage; redistribution
10.7 id: migrasi; migrasi aman; migran; transmigrasi; mobilitas penduduk; perpindahan penduduk; pengungsi; pekerja migran
10.7 en: migration; safe migration; migrants; orderly migration; mobility of people; refugees; resettlement; transmigration
10.b id: bantuan pembangunan resmi; investasi asing langsung
10.b en: official development assistance; foreign direct investment
10.c id: remitansi; biaya remitansi; pengiriman uang pekerja migran
10.c en: remittances; remittance costs

# Goal 11: sustainable cities and communities
11.1 id: pembangunan perumahan; kawasan perumahan; rumah layak huni; rumah tidak layak huni; rtlh; permukiman kumuh; kawasan kumuh; kumuh; rumah susun; rusunawa; perumahan rakyat; kawasan permukiman; bedah rumah; bantuan stimulan perumahan swadaya; bsps; masyarakat berpenghasilan rendah; mbr; jalan lingkungan; drainase lingkungan
11.1 en: housing; affordable housing; adequate housing; slums; slum upgrading; informal settlements; social housing; low-income housing
11.2 id: transportasi umum; angkutan umum; transportasi publik; angkutan massal; bus rapid transit; brt; kereta; lrt; mrt; halte; terminal; jalur pejalan kaki; trotoar; angkutan perkotaan; sistem transportasi; integrasi transportasi; transportasi berkelanjutan; angkutan antarkota; ~transportasi
11.2 en: public transport; public transportation; mass transit; bus rapid transit; buses; commuter rail; light rail; sidewalks; pedestrians; sustainable transport; transport systems; urban transport; ~transport
11.3 id: perencanaan kota; penataan ruang; tata ruang; rencana tata ruang; rtrw; rdtr; pembangunan perkotaan; kota berkelanjutan; kota cerdas; smart city; urbanisasi; kawasan perkotaan; pengelolaan perkotaan; kawasan metropolitan; aglomerasi; pembangunan kota
11.3 en: urban planning; spatial planning; sustainable urbanization; smart city; smart cities; urban development; city planning; land use planning; metropolitan areas; urban management; ~urban
11.4 id: cagar budaya; warisan budaya; pelestarian budaya; pelestarian cagar budaya; situs sejarah; bangunan bersejarah; kota lama; kota tua; museum; warisan alam; warisan dunia; pusaka; kesenian tradisional; budaya tradisional; tari tradisional; adat istiadat; kebudayaan; ~budaya; ~seni
11.4 en: cultural heritage; natural heritage; heritage; world heritage; historic buildings; heritage conservation; museums; historic sites; old town; traditional arts; ~culture
11.5 id: bencana; penanggulangan bencana; pengurangan risiko bencana; tanggap darurat; kesiapsiagaan bencana; mitigasi bencana; korban bencana; banjir; tanah longsor; longsor; gempa bumi; gempa; tsunami; erupsi; gunung api; desa tangguh bencana; rencana kontinjensi; kerugian akibat bencana; pemadam kebakaran
11.5 en: disasters; disaster risk reduction; disaster management; emergency response; disaster preparedness; floods; landslides; earthquakes; tsunami; volcanic eruptions; disaster losses; fire and rescue
11.6 id: sampah; pengelolaan sampah; persampahan; tempat pemrosesan akhir; tpa; tempat pengolahan sampah; tps; sampah regional; kualitas udara; pencemaran udara; sampah perkotaan; limbah padat; timbulan sampah; kebersihan kota; lingkungan perkotaan
11.6 en: waste management; solid waste; municipal waste; solid waste management; landfills; air quality; air pollution; urban environment; garbage collection
11.7 id: ruang terbuka hijau; rth; ruang publik; taman kota; ruang terbuka publik; alun-alun; ruang bermain ramah anak; taman ramah anak; kota ramah anak; ruang terbuka; ~taman
11.7 en: green spaces; public spaces; urban parks; playgrounds; open spaces; ~parks
11.a id: keterkaitan kota dan desa; pembangunan perdesaan; kawasan perdesaan; perencanaan pembangunan daerah; rencana pembangunan daerah; rpjmd; pembangunan wilayah; pengembangan wilayah; pembangunan regional; kawasan strategis
11.a en: urban-rural linkages; rural development; regional development planning; regional development plans; regional development; territorial development
11.b id: ketahanan kota; kota tangguh; kota berketahanan; kebijakan terpadu ketahanan bencana
11.b en: resilient cities; urban resilience; integrated policies for resilience; disaster risk management plans
11.c id: bangunan berkelanjutan; bangunan tahan gempa; bangunan hijau; material lokal
11.c en: sustainable buildings; resilient buildings; green buildings; local materials

# Goal 12: responsible consumption and production
12.1 id: konsumsi dan produksi berkelanjutan; pola konsumsi berkelanjutan
12.1 en: sustainable consumption and production
12.2 id: pengelolaan sumber daya alam; pemanfaatan sumber daya alam berkelanjutan; efisiensi sumber daya alam; ~sumber daya alam
12.2 en: natural resources management; sustainable use of natural resources; efficient use of natural resources; ~natural resources
12.3 id: sampah makanan; susut pangan; kehilangan pangan; sisa makanan; pascapanen; pasca panen; penanganan pascapanen
12.3 en: food waste; food loss; food losses; post-harvest losses; post-harvest
12.4 id: limbah b3; limbah bahan berbahaya dan beracun; bahan kimia; limbah medis; limbah elektronik; limbah berbahaya
12.4 en: hazardous waste; chemicals management; medical waste; e-waste; electronic waste; chemical waste
12.5 id: daur ulang; pengurangan sampah; bank sampah; reduce reuse recycle; kompos; pengomposan; pemilahan sampah; plastik sekali pakai; kantong plastik; sampah plastik; pengolahan sampah; tps3r; guna ulang
12.5 en: recycling; waste reduction; reuse; composting; waste separation; single-use plastics; plastic bags; plastic waste; zero waste; waste banks
12.6 id: tanggung jawab sosial perusahaan; csr; laporan keberlanjutan; praktik bisnis berkelanjutan
12.6 en: corporate social responsibility; sustainability reporting; sustainable business practices
12.7 id: pengadaan berkelanjutan; pengadaan hijau; ~pengadaan barang dan jasa
12.7 en: sustainable public procurement; green procurement; ~public procurement
12.8 id: kesadaran lingkungan; edukasi lingkungan; gaya hidup berkelanjutan; kampanye lingkungan; peduli lingkungan; sosialisasi lingkungan
12.8 en: environmental awareness; sustainable lifestyles; environmental campaigns; consumer information
12.b id: pemantauan pariwisata berkelanjutan; dampak pariwisata; indikator pariwisata berkelanjutan
12.b en: monitoring sustainable tourism; tourism impacts
12.c id: subsidi bahan bakar fosil; subsidi bbm
12.c en: fossil-fuel subsidies

# Goal 13: climate action
13.1 id: ketahanan iklim; adaptasi perubahan iklim; bencana hidrometeorologi; bencana alam; peringatan dini; sistem peringatan dini; ketangguhan bencana; kebakaran hutan dan lahan; karhutla; cuaca ekstrem; banjir rob; kenaikan muka air laut; masyarakat peduli api
13.1 en: climate resilience; climate adaptation; climate change adaptation; climate-related hazards; natural disasters; early warning; early warning systems; extreme weather; forest fires; wildfires; sea level rise
13.2 id: perubahan iklim; mitigasi perubahan iklim; emisi gas rumah kaca; gas rumah kaca; pengurangan emisi; rendah karbon; pembangunan rendah karbon; rencana aksi daerah perubahan iklim; inventarisasi gas rumah kaca; emisi karbon; nol emisi; ~iklim; ~emisi
13.2 en: climate change; climate change mitigation; greenhouse gases; greenhouse gas emissions; emission reduction; low-carbon development; carbon emissions; climate policy; climate action plans; net zero; ~climate
13.3 id: edukasi perubahan iklim; kesadaran iklim; kampung iklim; program kampung iklim; proklim; pelatihan perubahan iklim; kapasitas kelembagaan perubahan iklim
13.3 en: climate change education; climate awareness; climate change awareness; climate change capacity; climate training
13.a id: pendanaan iklim
13.a en: climate finance; green climate fund
13.b id: perencanaan perubahan iklim
13.b en: climate change planning; climate change management

# Goal 14: life below water
14.1 id: pencemaran laut; sampah laut; sampah plastik laut; sampah pesisir; pembersihan pantai; bersih pantai; tumpahan minyak; penghalang sampah
14.1 en: marine pollution; marine debris; marine litter; ocean plastic; beach clean-ups; coastal pollution; oil spills
14.2 id: ekosistem pesisir; ekosistem laut; pengelolaan pesisir; wilayah pesisir; pesisir; mangrove; hutan mangrove; bakau; terumbu karang; padang lamun; rehabilitasi mangrove; penanaman mangrove; abrasi; zonasi wilayah pesisir; pulau kecil
14.2 en: coastal ecosystems; marine ecosystems; coastal management; coastal zones; mangroves; coral reefs; seagrass; coastal erosion; small islands
14.3 id: pengasaman laut
14.3 en: ocean acidification
14.4 id: penangkapan ikan ilegal; penangkapan ikan berlebih; penangkapan ikan yang merusak; penangkapan ikan destruktif; bom ikan; pengawasan perikanan; perikanan berkelanjutan; pengelolaan perikanan; stok ikan; alat tangkap ramah lingkungan; perikanan tangkap
14.4 en: overfishing; illegal fishing; illegal, unreported and unregulated fishing; destructive fishing; fisheries management; sustainable fisheries; fish stocks; fishing gear
14.5 id: kawasan konservasi; kawasan konservasi perairan; konservasi laut; kawasan konservasi laut; taman laut; daerah perlindungan laut; konservasi pesisir
14.5 en: marine protected areas; marine conservation; coastal conservation; conservation areas
14.6 id: subsidi perikanan
14.6 en: fisheries subsidies
14.7 id: pemanfaatan sumber daya laut; ekonomi biru; budidaya laut; marikultur; rumput laut; perikanan budidaya; akuakultur; kelautan dan perikanan
14.7 en: blue economy; sustainable use of marine resources; aquaculture; mariculture; seaweed
14.a id: riset kelautan; penelitian kelautan; teknologi kelautan; oseanografi; ilmu kelautan
14.a en: marine research; marine science; marine technology; ocean science
14.b id: nelayan kecil; nelayan tradisional; nelayan; kelompok nelayan; tempat pelelangan ikan; pelabuhan perikanan; kampung nelayan; perikanan skala kecil
14.b en: small-scale fishers; artisanal fishers; fishermen; fishers; fish markets; fishing communities; small-scale fisheries
14.c id: hukum laut; unclos
14.c en: law of the sea; unclos

# Goal 15: life on land
15.1 id: ekosistem darat; konservasi ekosistem; kawasan lindung; taman nasional; cagar alam; suaka margasatwa; hutan lindung; kawasan hutan; ekosistem air tawar; gambut; lahan gambut; ekosistem gambut; restorasi gambut; restorasi ekosistem
15.1 en: terrestrial ecosystems; protected areas; national parks; nature reserves; inland freshwater ecosystems; peatlands; peat; ecosystem restoration
15.2 id: hutan; kehutanan; pengelolaan hutan; pengelolaan hutan lestari; deforestasi; reboisasi; penghijauan; rehabilitasi hutan; rehabilitasi hutan dan lahan; penanaman pohon; perhutanan sosial; hutan desa; hutan kemasyarakatan; hutan rakyat; kebakaran hutan; agroforestri
15.2 en: forests; forestry; sustainable forest management; deforestation; reforestation; afforestation; tree planting; forest rehabilitation; social forestry; community forestry; forest fires; agroforestry
15.3 id: lahan kritis; degradasi lahan; rehabilitasi lahan; lahan terdegradasi; desertifikasi; erosi tanah; konservasi tanah; pemulihan lahan; pembasahan gambut; pembasahan kembali lahan gambut; lahan bekas tambang; reklamasi tambang
15.3 en: land degradation; degraded land; desertification; soil erosion; land restoration; soil conservation; land rehabilitation; peatland rewetting; mine reclamation
15.4 id: ekosistem pegunungan; kawasan pegunungan
15.4 en: mountain ecosystems; mountains
15.5 id: keanekaragaman hayati; biodiversitas; habitat; habitat alami; satwa langka; spesies terancam punah; satwa dilindungi; orangutan; harimau; gajah; badak; komodo; konservasi satwa; kepunahan; flora dan fauna
15.5 en: biodiversity; natural habitats; habitats; endangered species; threatened species; wildlife conservation; species conservation; orangutans; extinction; flora and fauna
15.6 id: sumber daya genetik; pembagian keuntungan sumber daya genetik; pengetahuan tradisional
15.6 en: genetic resources; access and benefit-sharing; traditional knowledge
15.7 id: perburuan liar; perburuan; perdagangan satwa liar; perdagangan satwa; perdagangan ilegal satwa; satwa liar; tumbuhan dan satwa liar dilindungi; penyelundupan satwa
15.7 en: poaching; wildlife trafficking; illegal wildlife trade; trafficking of protected species; wildlife crime; wildlife
15.8 id: spesies asing invasif; spesies invasif
15.8 en: invasive alien species; invasive species
15.9 id: kajian lingkungan hidup strategis; klhs; jasa ekosistem; nilai keanekaragaman hayati dalam perencanaan
15.9 en: strategic environmental assessment; ecosystem services; natural capital accounting; biodiversity values in planning
15.a id: pendanaan konservasi; dana konservasi
15.a en: biodiversity finance; conservation funding
15.b id: pendanaan kehutanan; imbal jasa lingkungan; insentif pengelolaan hutan
15.b en: forest finance; payment for ecosystem services
15.c id: masyarakat peduli satwa; mata pencaharian alternatif perburuan
15.c en: community capacity against poaching; alternative livelihoods to poaching

# Goal 16: peace, justice and strong institutions
16.1 id: konflik sosial; penanganan konflik sosial; ketertiban umum; ketenteraman dan ketertiban umum; keamanan dan ketertiban; kriminalitas; tawuran; pencegahan kekerasan; satuan polisi pamong praja; perlindungan masyarakat; ~kekerasan
16.1 en: violent crime; conflict prevention; public order; public safety; security; crime prevention; homicide; ~violence
16.2 id: kekerasan terhadap anak; kekerasan terhadap perempuan dan anak; perlindungan anak; eksploitasi anak; perdagangan anak; anak korban kekerasan; perundungan; hak anak; kota layak anak; kabupaten layak anak
16.2 en: violence against children; child protection; child abuse; child exploitation; child trafficking; bullying; children's rights; child-friendly cities
16.3 id: akses keadilan; bantuan hukum; penegakan hukum; supremasi hukum; pendampingan hukum; layanan hukum; pos bantuan hukum; peradilan; keadilan restoratif
16.3 en: access to justice; legal aid; rule of law; law enforcement; legal assistance; courts; restorative justice
16.4 id: pencucian uang; peredaran gelap; senjata ilegal; kejahatan terorganisir; kejahatan transnasional; penyelundupan; terorisme; pemulihan aset
16.4 en: illicit financial flows; money laundering; arms trafficking; organized crime; transnational crime; smuggling; terrorism; stolen assets
16.5 id: korupsi; pemberantasan korupsi; pencegahan korupsi; antikorupsi; suap; penyuapan; gratifikasi; pungutan liar; pungli; zona integritas; wilayah bebas korupsi; ~integritas
16.5 en: corruption; anti-corruption; bribery; graft; extortion; ~integrity
16.6 id: tata kelola pemerintahan; tata kelola; pemerintahan yang baik; akuntabilitas; akuntabel; transparansi; transparan; reformasi birokrasi; pelayanan publik; sistem pemerintahan berbasis elektronik; spbe; pemerintahan elektronik; pemerintahan digital; mal pelayanan publik; pelayanan terpadu satu pintu; ptsp; pengawasan internal; akuntabilitas kinerja; pengelolaan keuangan daerah; pengelolaan aset daerah; inspektorat; manajemen pemerintahan
16.6 en: accountable institutions; transparent institutions; effective institutions; good governance; governance; accountability; transparency; public services; public service delivery; e-government; digital government; bureaucratic reform; public administration; internal audit; public financial management
16.7 id: partisipasi masyarakat; musyawarah perencanaan pembangunan; musrenbang; perencanaan partisipatif; pengambilan keputusan partisipatif; keterlibatan masyarakat; aspirasi masyarakat; konsultasi publik
16.7 en: participatory decision-making; public participation; citizen participation; community participation; inclusive decision-making; public consultation
16.8 id: tata kelola global
16.8 en: global governance
16.9 id: identitas hukum; akta kelahiran; pencatatan kelahiran; administrasi kependudukan; pencatatan sipil; kartu tanda penduduk; ktp elektronik; kartu identitas anak; kartu keluarga; dukcapil; nomor induk kependudukan
16.9 en: legal identity; birth registration; birth certificates; civil registration; identity cards; population administration
16.10 id: keterbukaan informasi publik; informasi publik; keterbukaan informasi; ppid; pejabat pengelola informasi dan dokumentasi; data terbuka; portal data; satu data; pengaduan masyarakat; layanan pengaduan; kebebasan pers; akses informasi; komisi informasi
16.10 en: access to information; public information; freedom of information; open data; open government; complaints handling; press freedom; fundamental freedoms
16.a id: penguatan kelembagaan; peningkatan kapasitas aparatur; kapasitas aparatur; pelatihan aparatur; aparatur sipil negara; pendidikan dan pelatihan kepemimpinan; kapasitas pemerintah daerah; bimbingan teknis; bimtek; kemampuan teknis dan manajemen pemerintahan; pengembangan kapasitas kelembagaan; ~aparatur
16.a en: institutional capacity; strengthening institutions; institution building; civil servants training; public sector capacity; training of civil servants
16.b id: peraturan daerah nondiskriminatif; kebijakan nondiskriminatif
16.b en: non-discriminatory laws; non-discriminatory policies

# Goal 17: partnerships for the goals
17.1 id: pendapatan asli daerah; pajak daerah; retribusi daerah; optimalisasi pajak; intensifikasi pajak; penerimaan daerah; pajak
17.1 en: domestic resource mobilization; tax revenue; tax collection; local revenue; own-source revenue; taxation
17.3 id: sumber pendanaan; pembiayaan pembangunan; pendanaan alternatif; obligasi daerah; hibah luar negeri; dana hibah
17.3 en: additional financial resources; development finance; municipal bonds; grants; blended finance
17.6 id: alih teknologi; transfer teknologi; pertukaran pengetahuan; berbagi pengetahuan; kerja sama selatan-selatan; kerja sama triangular; pertukaran pengalaman; praktik baik; ~teknologi
17.6 en: technology transfer; knowledge sharing; knowledge exchange; south-south cooperation; triangular cooperation; science and technology cooperation; exchange of experience; best practices; ~technology
17.7 id: teknologi ramah lingkungan; alih teknologi ramah lingkungan; teknologi hijau; teknologi rendah karbon
17.7 en: environmentally sound technologies; green technology; low-carbon technology transfer; clean technology transfer
17.9 id: peningkatan kapasitas; pengembangan kapasitas; bantuan teknis; pendampingan teknis; ~pelatihan
17.9 en: capacity building; capacity-building; technical assistance; technical cooperation; ~training
17.11 id: ekspor; peningkatan ekspor; promosi ekspor; eksportir; pasar ekspor; produk ekspor; perdagangan internasional; pameran dagang; misi dagang; temu bisnis; business matching; pasar internasional; ~perdagangan
17.11 en: exports; exporters; export markets; export promotion; trade fairs; trade missions; business matching; international trade; ~trade
17.14 id: koherensi kebijakan; sinkronisasi kebijakan; keselarasan kebijakan
17.14 en: policy coherence
17.16 id: kemitraan global; kemitraan multipihak; kemitraan pembangunan berkelanjutan
17.16 en: global partnership; multi-stakeholder partnerships; partnerships for sustainable development
17.17 id: kerja sama pemerintah dan badan usaha; kpbu; kemitraan pemerintah swasta; kemitraan publik swasta; kemitraan dengan masyarakat sipil
17.17 en: public-private partnerships; public-private partnership; civil society partnerships
17.18 id: data statistik; statistik; statistik daerah; statistik sektoral; kapasitas statistik; data terpilah; satu data indonesia; badan pusat statistik; data sektoral
17.18 en: statistics; statistical capacity; disaggregated data; high-quality data; data availability; statistical offices
17.19 id: indikator pembangunan berkelanjutan; pengukuran kemajuan pembangunan berkelanjutan; sensus penduduk; sensus
17.19 en: measurements of progress on sustainable development; census; population census; vital registration
";
