//! Hand-compiled Indonesian root lexicon for [`crate::stem_id`].
//!
//! Written for Jalin from general knowledge of Indonesian (not taken from another
//! project). The stemmer strips affixes and accepts the first candidate found here, so
//! the list has two jobs:
//!
//! * **roots** that derived words should reach (`kelola` for *pengelolaan*), weighted
//!   towards government, law, regional cooperation, economy, environment and services;
//! * **protected words** that merely *look* affixed (*berita*, *kelompok*, *pertama*,
//!   *pantai*, *kediri*, *maluku*): a word found here is never stripped further.
//!
//! Rules for adding a word: it must be a root or a word that should stay whole; avoid
//! short junk that a wrong strip could produce (*pak*, *nila*, *pati*, *asa*, *tang*),
//! and do not list a root together with its own suffixed form (*lapor* but not
//! *laporan*), or the suffixed form would stop stemming.

/// Roots and protected words, whitespace-separated, grouped by theme.
pub(crate) const ROOTS: &[&str] = &[
    // Government, law and administration.
    "abdi adat adil administrasi advokasi agenda akreditasi akta akuntabilitas alokasi amanah amanat
     anggar anggota aparat aparatur arsip aspirasi atur awas badan balai banding batal batas bina
     birokrasi bupati cabang camat daerah daftar dakwa dasar daulat dekret delegasi demokrasi denda
     desa desentralisasi dewan dinas direktorat direktur dokumen dusun edar eksekutif fraksi
     gubernur hak hakim hukum ikat instansi institusi instruksi izin jabat janji jaksa jamin
     jenderal kabupaten kaji kantor kecamatan kelurahan kelola kepala ketua komisi konstitusi
     kontrak kota kuasa lapor legislasi legislatif lembaga lisensi lurah majelis mandat menteri
     musyawarah mufakat nagari gampong naskah negara negeri nota organisasi otonom otonomi pakta
     panitia parlemen partai pasal perintah pidana perdata pimpin polisi politik presiden prosedur
     protokol provinsi publik putus rakyat regulasi rekomendasi resmi sah sanksi sekretaris
     sekretariat sengketa sidang stempel surat syarat tanda tata tuntut tugas undang urus utus wajib
     wakil wali warga wenang wilayah yudikatif yurisdiksi kewarganegaraan rukun tetangga kampung
     marga banjar dekonsentrasi pemilu pilkada pemda pemkot pemkab pemprov kemendagri bappenas
     bappeda musrenbang legal ilegal mediasi arbitrase gugat vonis adendum amandemen perda perpres
     perppu kepmen permen ayat bab target indikator kriteria standar norma model skema program
     proyek manajemen kinerja transparan akuntabel inklusif",
    // Cooperation and partnership.
    "mitra sepakat setuju paham kunjung tukar bantu dukung hubung runding bilateral multilateral
     regional internasional forum jejaring asosiasi kolaborasi sinergi koordinasi konsultasi
     memorandum kesepahaman duta misi magang hibah kembar sahabat rekan kawan sekutu komitmen
     kontribusi partisipasi fasilitas fasilitator mediator jalin rintis prakarsa inisiatif",
    // Economy, trade and finance.
    "aset bank bayar bea belanja beli biaya bisnis bunga cukai dagang dana devisa distribusi
     dividen ekonomi ekspor fiskal gaji harga harta impor industri inflasi insentif investasi jasa
     jual kas komoditas konsumsi koperasi korporasi kredit kurs laba layan lelang logistik modal
     moneter niaga nilai obligasi pabrik pajak pangsa pasar pasok pinjam produk produksi pungut
     retribusi rugi saham saing salur sewa simpan stok subsidi tabung tarif tawar transaksi uang
     untung upah usaha utang ekspansi manufaktur ritel grosir gudang kemas merek ongkos omzet
     diskon lunas cicil angsur neraca kaya miskin makmur sejahtera bursa valuta tunai sumbang upeti
     pamer promosi iklan",
    // Agriculture, fisheries, forestry, environment and geography.
    "agraria air alam alir angin api asap bakau banjir bencana benih benua bibit bukit bumi buah
     cagar cemar cuaca danau darat darurat debit dermaga ekologi ekosistem emisi gambut garam gempa
     gunung hama hayati hewan hijau hilir hulu hutan iklim ikan irigasi jagung kakao kapal karang
     karbon karet kayu kebun kedelai kelapa kemarau kering kopi lada lahan laut lembah lestari
     limbah lingkung longsor mangrove mineral minyak nelayan padi pangan panen pantai perahu
     pesisir pohon polusi pulau pupuk rawa rimba rotan rumput sagu samudra sampah satwa sawah sawit
     sayur selat singkong sungai tambak tambang tanah tanam tani tebu teh teluk tembakau ternak
     timah topan tsunami tumbuh udang ubi udara waduk hujan musim tanggul bendung labuh muara delta
     tanjung lereng aneka mekar cengkeh vanili kemiri gabah beras kopra kerang kepiting mutiara
     terumbu cakalang rumpon gurita lobster erosi abrasi basah lembap dingin panas gersang subur
     tandus badai bakar debu lumpur pasir batu bara emas perak nikel tembaga bauksit besi baja
     semen geotermal surya ombak arus pasang surut hidrologi geologi tektonik vulkanik kawah",
    // Education, culture, tourism, society and health.
    "ajar asuh atlet bahasa baca beasiswa bidan budaya buku cerdas cipta dosen didik difabel
     disabilitas dokter drama etnis festival film gizi guru hamil ibu ilmu imunisasi jiwa kampus
     karya keluarga klinik kreatif kurikulum lagu lansia latih lomba mahasiswa manusia medis murid
     museum musik obat olahraga pasien rawat remaja sakit sanitasi sastra sehat sejarah sekolah seni
     siswa sosial stunting suku tari teliti tenun ukir vaksin wabah wanita wisata anak ayah bapak
     cucu kakak adik istri suami yatim piatu muda tua gender pria laki agama iman ibadah masjid
     gereja pura candi vihara umat rohani budi etika moral karakter prestasi juara kompetisi gelar
     ijazah sarjana diploma akademi akademik fakultas universitas institut politeknik madrasah
     pesantren santri kursus riset studi survei literasi galeri sanggar batik anyam kerajinan
     kuliner tradisi ritual upacara puskesmas posyandu apotek farmasi penyakit epidemi pandemi virus
     infeksi gejala diagnosis terapi bedah operasi gigi mata telinga jantung paru ginjal darah
     tulang kulit otak bugar nutrisi higiene jamban toilet kumuh huni penduduk nikah cerai lahir
     mati homestay hotel inap suvenir cendera destinasi objek atraksi pandu tamu turis",
    // Infrastructure, transport, energy and technology.
    "aplikasi bandar bandara bangun bus data digital elektronik energi gas gedung internet jalan
     jalur jaring jembatan kabel kereta komputer konstruksi lampu listrik mesin modern motor pipa
     rel ruang sarana prasarana sinyal sistem stasiun teknologi telekomunikasi terminal tol
     transportasi trotoar armada angkut bahan daring luring siber server situs portal platform
     perangkat infrastruktur drainase rumah kendara mobil truk pesawat feri tiket rute trayek
     koridor simpang lintas terowongan satelit radio televisi telepon seluler ponsel lunak keras
     basis daya watt volt gardu turbin nuklir bensin solar biogas biomassa",
    // General verbs (roots).
    "ada adu aju ajak akhir aku alih amat ambil ancam andal angkat anggap anjur antar arah atas awal
     bahas balas balik bangkit bantah bawa beda bela benah bentuk beri buang buat buka bukti bunuh
     buru butuh cabut cakup campur canang cantum capai cari catat cegah cek cermin cetak coba contoh
     dampak damping dapat datang dengar desak dorong duduk duga gabung gagal gagas galang gali
     gambar ganggu ganti garap gerak giat gilir guna hadap hadir hambat hapus harap hasil hemat
     henti himpun hitung hormat ikut imbau ingat isi jadi jaga jangkau jawab jelas juang kabar kait
     kalah kejar kembali kembang kena kenal kendali kerja kirim kumpul kurang kutip laksana laku
     lampir lancar langgar lanjut libat lihat lindung luncur lulus lupa maju makan masuk minta mohon
     muat mula naik nyata olah pakai pandang pantau pegang pelihara percaya pergi periksa pikir
     pilih pindah pisah potong pulih punya putar rancang rangkai rasa rekam rencana rumus rusak
     sadar sambung sambut sampai sapa sasar sebar sedia selamat selenggara selesai selidik serah
     serap siap tahan tahu tambah tampil tanggap tanggung tangkap tanya tarik temu tentu terap
     terbit terima terus tetap tiba tinggal timbang timbul tindak tingkat tinjau tolak tuju tulis
     tunda tunjang tunjuk turun tutup ubah uji ukur ulang ulas upaya urai usul utama wujud baur
     bayang bimbing bincang bobot bulat cair cakap celup cermat curah dalam dekat desain diskusi
     ganda gandeng garis genap gusur hantar hidup inti isolasi jelajah jemput jenguk jerat kawal
     kunci lacak langsung lantik latar layak lebur lengkap lepas lewat lingkup lipat lolos luas
     mampu manfaat mantap masak mudah murni nanti nyala pacu padu pajang pancing pantul pecah peluk
     pentas pesan picu pijak pilah pugar pukul pulang pusat rajut rakit ramal rampung rangkul rapat
     rebut redam rekat rekrut rela rentang resap rinci ringkas rintang saji saksi salin saring segel
     sekat seleksi semai sempit sentuh sesal sikat simak singgah sisih sita siram sokong suap suplai
     susul syukur tabur tagih takar tampung tanding tangguh tanggulang tangkal tatap tebang tegak
     tegas tekan tempuh tempel tenggelam terang terjemah tertib tiru titip tolong tonton topang
     tuang tular tumpu tunggu tuntas tutur ujar ungkap unggah unduh unggul usir usung ajuk akses
     awet bantai bangga beku belah belok benci bentang biar bidik bilang bingung bungkus cemas
     cerita cinta cocok cukur dakwah damai dapur dekap derita didih diam dobrak edit ejek elak
     enggan eram gagap gairah gantung gelisah gembira geser gigih goda goreng guling guyur hadang
     hafal hampar hancur hanyut harus hasut hayat heran hibur hina hindar hisap ikhlas incar indah
     ingkar injak intai intip iring isyarat jahit jajah jamu jangkit jarah jatuh jejak jemur julang
     kagum kalkulasi kandung kasih keluh kenang kepung kerah kerak keruk kikis kobar kontrol kosong
     kuliah kupas kurung labrak lalai lamar lambat lampau lawan lawat lekat lempar lengah lerai
     letak letus lilit lindas lingkar lontar lukis lulur luruh lurus maaf main malas mandi mangkir
     marah meriah mewah milik minum mirip mogok mulia muntah murka musnah nafkah nasihat nikmat
     nobat nyanyi obrol ojek olok omong orbit pacar padam pahat paksa panggil pangkas pantang papar
     parkir patuh pecat pedih peduli peras pesona petik pijat pinang pindai pompa puja pukau
     puas puji pulas punah pungkas pusing rabat ragu rakus rampas rangsang rantau rawan rayu rebus
     reda remuk rendam renung retak ribut rindu ringan robek rombak rongrong rujuk runtuh rusuh
     sabar sadap sahut salah salut sandang sangka sangkal sangkut sanjung sarung sayang sebut sedot
     sejuk selam sembunyi sembuh semprot sengsara senyum serang serbu sesat siar sibuk siksa simpul
     sindir singkir sinkron sisir sobek sodor sorot sumpah sungguh suruh susah susuh susup tabrak
     tagar tahun takut talang tambal tampar tampik tanak tangis tantang tatar tawan tebar tebus
     tegur telan tembak tempa tempur tendang tepis terjang terka tetas tidur tikam timba timbun
     timpa tinju tipu tiup tonjol tuduh tukang tumbang tumpas tumpuk tuntun tusuk ucap ulur umpan
     umum undur ungsi untai urut usap usik waris warna waspada wawancara wawas raja imbang erat
     nyaman ranah warta santun derma tawa gaul ampun rumpun titah istilah lelah luang",
    // General nouns, adjectives and numbers.
    "abad acara agung ahli akal akar akibat aktif akurat alamat alat aman angka aneh arti asal
     asing asli aspek baik baku baru bawah benar besar betul biasa bidang bijak bulan bunyi buruk
     cahaya cara cepat cita cukup depan diri dunia efektif efisien fakta faktor fokus fungsi global
     hal hari hati isu jam jarak jauh jenis jumlah kali kaum kawasan kecil kelas khas khusus
     kondisi kuat lain lama langkah lebar lemah lokal luar makna malam masa masalah materi minat
     nama nasional pagi pasti peran perlu pihak pokok pola posisi potensi prinsip proses putih
     ragam rendah rupa sama sebab segar sektor siang sifat sikap singkat situasi skala status
     strategi sulit sumber tahap tajam tanggal teknis tema tempat tenang tengah tepat tinggi tipe
     titik tokoh total tunggal unik unit unsur usia visi waktu wajar zona satu dua tiga empat lima
     enam tujuh delapan sembilan puluh belas ratus ribu juta miliar triliun minggu pekan menit
     detik dekade periode jangka timur barat utara selatan tenggara muka belakang samping sisi tepi
     ujung pangkal panjang pendek banyak sedikit penuh ramai sepi mahal murah berat pintar bodoh
     jelek bersih kotor bahaya utuh sementara rutin penting genting strategis praktis dinamis
     ekonomis sistematis otomatis demokratis geografis historis politis positif negatif produktif
     kompetitif intensif inovatif partisipatif kolaboratif administratif normatif objektif
     subjektif kualitatif kuantitatif komprehensif optimal maksimal minimal formal informal
     nonformal vertikal horizontal sektoral struktural fungsional operasional institusional
     konvensional tradisional profesional proporsional rasional emosional spiritual material
     finansial komersial industrial potensial esensial substansial universal individual kultural
     natural sentral mutu harkat martabat hakikat rahasia aib adab akhlak hikmah berkah rezeki
     nasib takdir mimpi tim pos era ide cat tes bom sapi kambing ayam itik kuda babi domba lalu
     tangga bagi orang suka bakti gotong royong daur risiko napas karier antre konkret jadwal
     subjek praktik ekstrem masyarakat sipil pintu mikro makro kaca kartu selisih timpang senjang
     sinambung selaras beban kahar seberang layar terbang barang maksud huruf seluruh pasca bicara
     hitam ingin kaki kamar kata keluar kira langit lari merah mulut nomor pandai rambut sedih umur
     andil bekal susun renang lompat daki mukim rata serasi kokoh kukuh sigap tekun rajin ulet
     piutang honor bonus peta kavling girik pers massa majalah tawur kriminal jahat narkoba pungli
     calon kandidat suara kampanye oposisi jurnal skripsi tesis disertasi makalah artikel modul
     angkot becak apoteker ambulans embung cabai bawang tomat bebek lebih mutakhir pustaka
     wirausaha suluh sidik bangsa saudara bijaksana mundur mandiri humas tenteram",
    // Loanwords in -si, -tas, -isme and similar (listed whole so -i/-an are not stripped).
    "adaptasi adopsi agresi aksi aktivitas akomodasi akumulasi akuisisi analisis animasi antisipasi
     apresiasi asimilasi audit audiensi dedikasi deklarasi demonstrasi deregulasi determinasi
     diferensiasi digitalisasi dimensi diskriminasi disposisi diversifikasi dokumentasi dominasi
     donasi edukasi efisiensi ekspedisi eksplorasi eksploitasi ekspresi eksistensi elektrifikasi
     eliminasi entitas estimasi evakuasi evaluasi evolusi fabrikasi fleksibilitas formulasi
     frekuensi harmonisasi hilirisasi identifikasi identitas ilustrasi imigrasi implementasi impresi
     indikasi industrialisasi informasi inisiasi inklusi inovasi inspeksi inspirasi instalasi
     integrasi integritas intensitas interaksi interpretasi intervensi investigasi kapasitas
     klarifikasi klasifikasi koalisi kombinasi komersialisasi kompensasi kompetensi komunikasi
     komunitas konektivitas konfirmasi konferensi konflik konsentrasi konservasi konsolidasi
     kontinuitas kontroversi konvensi korelasi korupsi kreativitas kualifikasi kualitas kuantitas
     kurasi legalisasi lokasi manipulasi migrasi mitigasi mobilisasi mobilitas modernisasi
     modifikasi motivasi mutasi navigasi negosiasi normalisasi notifikasi observasi optimalisasi
     orientasi pensiun persepsi polarisasi populasi presentasi prioritas privatisasi produktivitas
     profesi proklamasi proporsi proteksi provokasi publikasi radiasi rasionalisasi realisasi
     realitas reboisasi redistribusi reformasi registrasi rehabilitasi reklamasi rekonsiliasi
     rekonstruksi relasi relevansi relokasi renovasi reorganisasi representasi reputasi resepsi
     reservasi resolusi restorasi restrukturisasi revisi revitalisasi revolusi segmentasi sensasi
     sertifikasi simulasi sinkronisasi sirkulasi solusi sosialisasi spesialisasi spesifikasi
     stabilitas stagnasi standardisasi stimulasi stratifikasi subordinasi substitusi transformasi
     transisi transparansi urbanisasi utilisasi vaksinasi validasi variasi verifikasi visualisasi
     agresivitas akselerasi aglomerasi asuransi akuntansi ambisi artikulasi aviasi ekskavasi
     ekstensi emansipasi ideologi metodologi psikologi sosiologi biologi kronologi terminologi
     demografi geografi topografi kartografi fotografi biografi infografis liberalisasi kapitalisme
     nasionalisme radikalisme terorisme ekstremisme pluralisme feminisme mekanisme organisme turisme
     jurnalisme",
];

/// Words kept whole: they look affixed but are not (or are proper names). Never stemmed,
/// and not used to generate derived forms in tests.
pub(crate) const PROTECTED: &[&str] = &[
    // Words that look affixed but are not (or should stay whole for search).
    "berita berkas bengkel bekas bendera benang berangkat beranda beringin berang betina dialog
     disiplin distrik divisi dinamika diagram diaspora kelompok kertas kemah kenari kerabat keju
     kelinci kemeja kencana kendi kening kepang keramik keris kerikil keringat kerupuk kesatria
     ketam ketupat kecap kedai kelambu kelereng kemangi kemenyan kenduri kentang keranjang kerbau
     keriting ketat ketombe menara mental mentah merdeka melayu meja metode media medali meter
     menantu merpati mega melati merica mimbar pegawai pelosok penjara peringkat peristiwa perkara
     pertama perempuan perilaku persen pedoman perdana peserta pengaruh pelangi pelita pendapa
     pendopo pedang pedas pelana pelaminan peluru peniti pensil pepaya perangko perisai perkasa
     pertiwi petai petak petir petisi peti pecel pelatuk pemali perwira peluh pelupuk setara sesuai
     sepeda sedekah semangat sempurna senang seragam serikat sertifikat sesi setia sentra selera
     senjata seri servis selaput selasa selimut seluk sembako senapan senat sendok senin sepatu
     serabut serambi serbuk seruling setan setengah siaga terampil tenaga tentara teras teknik
     telur teman teori tebing tegal telaga tembok tempe tenda tengkorak tepung terasi terigu
     teripang termin terompet terong tertawa teropong wartawan karyawan relawan pahlawan dermawan
     bangsawan sastrawan ilmuwan negarawan budayawan usahawan awan kemudian tersangka beliau bukan
     tangan taman zaman akan tuhan ladang lapangan halaman santan kanan haluan keraton pelopor
     pendeta pengantin penyu perseroan persero pekarangan persentase",
    // Places and proper names that collide with affix rules (folded to lower case).
    "aceh sumatera riau jambi bengkulu lampung bangka belitung jakarta banten jawa yogyakarta bali
     nusa kalimantan sulawesi gorontalo maluku papua indonesia nusantara medan padang pekanbaru
     palembang bandung semarang surabaya makassar manado denpasar mataram kupang ambon jayapura
     pontianak banjarmasin samarinda balikpapan palu kendari mamuju ternate sorong merauke manokwari
     bekasi depok bogor tangerang cirebon pekalongan kediri madiun jember banyuwangi sidoarjo gresik
     bantul sleman magelang surakarta klaten banyumas cilacap kebumen sukabumi tasikmalaya garut
     cianjur karawang purwakarta subang indramayu kuningan majalengka batam bukittinggi dumai binjai
     singkawang tarakan bontang bitung tomohon palopo parepare bima sumbawa lombok flores timor
     halmahera tidore nabire biak mimika pamekasan bangkalan lamongan pasuruan pacitan magetan
     pemalang temanggung karanganyar wonogiri wonosobo sukoharjo kendal demak kudus jepara rembang
     blora grobogan boyolali purworejo kulonprogo gunungkidul malang blitar probolinggo mojokerto
     ponorogo ngawi nganjuk tulungagung trenggalek lumajang situbondo bondowoso jombang sumenep
     sampang tuban bojonegoro ende sikka belu alor rote kepri jabodetabek mandalika labuan toba
     asean asia eropa afrika amerika australia belanda jepang tiongkok malaysia singapura filipina
     thailand vietnam brunei korea india arab",
];

/// Non-standard spellings and derived bases mapped to the root that search should use.
pub(crate) const ALIASES: &[(&str, &str)] = &[
    ("pariwisata", "wisata"),
    ("wisatawan", "wisata"),
    // Derived forms whose first reading hits another root (me+pohon, per+ombak).
    ("memohon", "mohon"),
    ("pemohon", "mohon"),
    ("perombakan", "rombak"),
    // Derived or variant bases that rules cannot undo.
    ("tatanan", "tata"),
    ("seniman", "seni"),
    ("pustakawan", "pustaka"),
    ("susastra", "sastra"),
    ("mulai", "mula"),
    ("ijin", "izin"),
    ("resiko", "risiko"),
    ("propinsi", "provinsi"),
    ("hutang", "utang"),
    ("nasehat", "nasihat"),
    ("kwalitas", "kualitas"),
    ("praktek", "praktik"),
    ("jaman", "zaman"),
    ("sistim", "sistem"),
    ("analisa", "analisis"),
    ("obyek", "objek"),
    ("subyek", "subjek"),
    ("tehnik", "teknik"),
    ("managemen", "manajemen"),
    ("sumatra", "sumatera"),
    ("jogja", "yogyakarta"),
    ("jogjakarta", "yogyakarta"),
    ("handal", "andal"),
    ("rubah", "ubah"),
    ("himbau", "imbau"),
    ("ekstrim", "ekstrem"),
    ("kordinasi", "koordinasi"),
    ("aktifitas", "aktivitas"),
    ("kreatifitas", "kreativitas"),
    ("produktifitas", "produktivitas"),
    ("standarisasi", "standardisasi"),
    ("trampil", "terampil"),
    ("nafas", "napas"),
    ("apotik", "apotek"),
    ("karir", "karier"),
    ("lembab", "lembap"),
    ("hakekat", "hakikat"),
    ("antri", "antre"),
    ("konkrit", "konkret"),
    ("jadual", "jadwal"),
    ("samudera", "samudra"),
];

/// Closed compounds that are also written open, with their parts (both roots).
pub(crate) const COMPOUNDS: &[(&str, &str, &str)] = &[
    ("kerjasama", "kerja", "sama"),
    ("tandatangan", "tanda", "tangan"),
    ("tanggungjawab", "tanggung", "jawab"),
    ("sumberdaya", "sumber", "daya"),
    ("tatakelola", "tata", "kelola"),
    ("tataruang", "tata", "ruang"),
    ("tatacara", "tata", "cara"),
    ("tatalaksana", "tata", "laksana"),
    ("tindaklanjut", "tindak", "lanjut"),
    ("lalulintas", "lalu", "lintas"),
    ("rumahsakit", "rumah", "sakit"),
    ("rumahtangga", "rumah", "tangga"),
    ("walikota", "wali", "kota"),
    ("dayasaing", "daya", "saing"),
    ("dayaguna", "daya", "guna"),
    ("hasilguna", "hasil", "guna"),
    ("tenagakerja", "tenaga", "kerja"),
    ("bagihasil", "bagi", "hasil"),
    ("ibukota", "ibu", "kota"),
    ("dutabesar", "duta", "besar"),
    ("bahanbakar", "bahan", "bakar"),
    ("orangtua", "orang", "tua"),
    ("tanggapdarurat", "tanggap", "darurat"),
    ("budidaya", "budi", "daya"),
    ("daurulang", "daur", "ulang"),
    ("sukarela", "suka", "rela"),
    ("kerjabakti", "kerja", "bakti"),
    ("gotongroyong", "gotong", "royong"),
    ("batubara", "batu", "bara"),
    ("anekaragam", "aneka", "ragam"),
    ("beritahu", "beri", "tahu"),
    ("tenagalistrik", "tenaga", "listrik"),
    ("siapsiaga", "siap", "siaga"),
];
