use super::*;
use crate::lexicon_id::{ALIASES, COMPOUNDS, PROTECTED, ROOTS};
use crate::stopwords_id::STOP_WORDS;

/// (word, expected stem). Compounds give their first root (see the compound table).
const TABLE: &[(&str, &str)] = &[
    // kerja (+ sama for the compound)
    ("kerja", "kerja"),
    ("bekerja", "kerja"),
    ("pekerja", "kerja"),
    ("pekerjaan", "kerja"),
    ("dikerjakan", "kerja"),
    ("mengerjakan", "kerja"),
    ("kerjasama", "kerja"),
    ("bekerjasama", "kerja"),
    ("kerjasamanya", "kerja"),
    ("kerjakanlah", "kerja"),
    // bangun: mem+b, di-, -an, peN-…-an
    ("bangun", "bangun"),
    ("membangun", "bangun"),
    ("dibangun", "bangun"),
    ("bangunan", "bangun"),
    ("pembangunan", "bangun"),
    // didik: men+d, ter-, peN-…-an where the root ends in k
    ("didik", "didik"),
    ("mendidik", "didik"),
    ("terdidik", "didik"),
    ("pendidik", "didik"),
    ("pendidikan", "didik"),
    ("berpendidikan", "didik"),
    // kelola: meng+e → k
    ("mengelola", "kelola"),
    ("dikelola", "kelola"),
    ("pengelola", "kelola"),
    ("pengelolaan", "kelola"),
    // tani: pe+C, ber-, per-…-an; be-…-i is not a pair
    ("tani", "tani"),
    ("petani", "tani"),
    ("bertani", "tani"),
    ("pertanian", "tani"),
    // atur: meng+V, per+V, ter+V
    ("aturan", "atur"),
    ("mengatur", "atur"),
    ("diatur", "atur"),
    ("peraturan", "atur"),
    ("teratur", "atur"),
    ("pengaturan", "atur"),
    // dagang
    ("berdagang", "dagang"),
    ("pedagang", "dagang"),
    ("perdagangan", "dagang"),
    // budaya
    ("budaya", "budaya"),
    ("kebudayaan", "budaya"),
    ("berbudaya", "budaya"),
    // latih: pe+l, me+l
    ("melatih", "latih"),
    ("dilatih", "latih"),
    ("pelatih", "latih"),
    ("pelatihan", "latih"),
    // sehat: ke-…-an, meny+e → s
    ("sehat", "sehat"),
    ("kesehatan", "sehat"),
    ("menyehatkan", "sehat"),
    // setuju (a root: tujuan → tuju stays apart)
    ("setuju", "setuju"),
    ("persetujuan", "setuju"),
    ("menyetujui", "setuju"),
    ("disetujui", "setuju"),
    ("tujuan", "tuju"),
    ("bertujuan", "tuju"),
    ("menuju", "tuju"),
    // sepakat
    ("kesepakatan", "sepakat"),
    ("menyepakati", "sepakat"),
    ("disepakati", "sepakat"),
    // wisata (alias pariwisata → wisata)
    ("wisata", "wisata"),
    ("pariwisata", "wisata"),
    ("kepariwisataan", "wisata"),
    ("wisatawan", "wisata"),
    ("berwisata", "wisata"),
    // rencana: per+e → r, me+r
    ("rencana", "rencana"),
    ("perencanaan", "rencana"),
    ("merencanakan", "rencana"),
    ("direncanakan", "rencana"),
    ("berencana", "rencana"),
    // awas
    ("pengawasan", "awas"),
    ("mengawasi", "awas"),
    ("diawasi", "awas"),
    // lapor
    ("laporan", "lapor"),
    ("melaporkan", "lapor"),
    ("dilaporkan", "lapor"),
    ("pelaporan", "lapor"),
    // terap: men+e → t
    ("penerapan", "terap"),
    ("menerapkan", "terap"),
    ("diterapkan", "terap"),
    // perintah: mem+e → p; -tah only looks like a particle
    ("pemerintah", "perintah"),
    ("pemerintahan", "perintah"),
    ("memerintah", "perintah"),
    ("pemerintahnya", "perintah"),
    // daya: mem+ber, two prefix layers
    ("pemberdayaan", "daya"),
    ("memberdayakan", "daya"),
    ("diberdayakan", "daya"),
    // mitra, ikan, laut, hutan
    ("kemitraan", "mitra"),
    ("bermitra", "mitra"),
    ("ikan", "ikan"),
    ("perikanan", "ikan"),
    ("laut", "laut"),
    ("lautan", "laut"),
    ("kelautan", "laut"),
    ("pelaut", "laut"),
    ("hutan", "hutan"),
    ("kehutanan", "hutan"),
    // laksana, laku
    ("melaksanakan", "laksana"),
    ("dilaksanakan", "laksana"),
    ("pelaksanaan", "laksana"),
    ("terlaksana", "laksana"),
    ("berlaku", "laku"),
    ("pelaku", "laku"),
    ("diberlakukan", "laku"),
    ("memberlakukan", "laku"),
    // kembang: meng+e → k, per-, ber-
    ("pengembangan", "kembang"),
    ("mengembangkan", "kembang"),
    ("perkembangan", "kembang"),
    ("berkembang", "kembang"),
    // usaha: peng+u, per+u
    ("usaha", "usaha"),
    ("pengusaha", "usaha"),
    ("perusahaan", "usaha"),
    ("berusaha", "usaha"),
    // ajar: bel-, pel-, mem+per
    ("belajar", "ajar"),
    ("pelajar", "ajar"),
    ("pelajaran", "ajar"),
    ("mengajar", "ajar"),
    ("pengajaran", "ajar"),
    ("mempelajari", "ajar"),
    // obat, rawat, jalan, air, tanam, pasar, kota, desa
    ("pengobatan", "obat"),
    ("mengobati", "obat"),
    ("perawatan", "rawat"),
    ("perawat", "rawat"),
    ("merawat", "rawat"),
    ("jalan", "jalan"),
    ("jalanan", "jalan"),
    ("perjalanan", "jalan"),
    ("menjalankan", "jalan"),
    ("perairan", "air"),
    ("pengairan", "air"),
    ("penanaman", "tanam"),
    ("menanam", "tanam"),
    ("tanaman", "tanam"),
    ("pemasaran", "pasar"),
    ("memasarkan", "pasar"),
    ("perkotaan", "kota"),
    ("pedesaan", "desa"),
    ("perdesaan", "desa"),
    // pimpin: mem+i → p, ke-peN-…-an
    ("memimpin", "pimpin"),
    ("pemimpin", "pimpin"),
    ("pimpinan", "pimpin"),
    ("kepemimpinan", "pimpin"),
    // putus, kaji (meng+k kept), nilai (root ends in -ai)
    ("keputusan", "putus"),
    ("memutuskan", "putus"),
    ("mengkaji", "kaji"),
    ("pengkajian", "kaji"),
    ("kajian", "kaji"),
    ("nilai", "nilai"),
    ("menilai", "nilai"),
    ("penilaian", "nilai"),
    // ikat, janji, hubung, bantu, dukung, pakai, kuasa, wakil, urus, tugas
    ("mengikat", "ikat"),
    ("terikat", "ikat"),
    ("perjanjian", "janji"),
    ("berjanji", "janji"),
    ("hubungan", "hubung"),
    ("berhubungan", "hubung"),
    ("perhubungan", "hubung"),
    ("bantuan", "bantu"),
    ("membantu", "bantu"),
    ("dukungan", "dukung"),
    ("mendukung", "dukung"),
    ("pendukung", "dukung"),
    ("memakai", "pakai"),
    ("pemakaian", "pakai"),
    ("dipakai", "pakai"),
    ("kekuasaan", "kuasa"),
    ("menguasai", "kuasa"),
    ("perwakilan", "wakil"),
    ("mewakili", "wakil"),
    ("pengurus", "urus"),
    ("kepengurusan", "urus"),
    ("mengurus", "urus"),
    ("petugas", "tugas"),
    ("bertugas", "tugas"),
    ("penugasan", "tugas"),
    // menge- + monosyllable
    ("pengesahan", "sah"),
    ("mengesahkan", "sah"),
    ("disahkan", "sah"),
    // meng+V and k-recoding
    ("pengiriman", "kirim"),
    ("mengirim", "kirim"),
    ("mengetahui", "tahu"),
    ("pengetahuan", "tahu"),
    ("diketahui", "tahu"),
    // meny+V → s or ny
    ("menyatakan", "nyata"),
    ("pernyataan", "nyata"),
    ("penyusunan", "susun"),
    ("menyusun", "susun"),
    ("penyediaan", "sedia"),
    ("tersedia", "sedia"),
    ("penyelenggaraan", "selenggara"),
    ("menyelenggarakan", "selenggara"),
    ("menyanyi", "nyanyi"),
    // men+V → t or n
    ("penetapan", "tetap"),
    ("ditetapkan", "tetap"),
    ("ketentuan", "tentu"),
    ("menentukan", "tentu"),
    ("menulis", "tulis"),
    ("menikah", "nikah"),
    // mem+V → p or m
    ("memakan", "makan"),
    ("makanan", "makan"),
    ("pemilik", "milik"),
    ("kepemilikan", "milik"),
    // three layers, ke-ber-…-an
    ("berkelanjutan", "lanjut"),
    ("keberlanjutan", "lanjut"),
    ("melanjutkan", "lanjut"),
    ("peningkatan", "tingkat"),
    ("meningkatkan", "tingkat"),
    ("penggunaan", "guna"),
    ("menggunakan", "guna"),
    ("menghasilkan", "hasil"),
    ("pertemuan", "temu"),
    ("bertemu", "temu"),
    ("menemukan", "temu"),
    ("keuangan", "uang"),
    ("kesejahteraan", "sejahtera"),
    // -kan before ber+ikan; -an with a root in k
    ("memberikan", "beri"),
    ("diberikan", "beri"),
    ("pemberian", "beri"),
    ("berikan", "beri"),
    ("kepercayaan", "percaya"),
    ("tepercaya", "percaya"),
    ("memperkenalkan", "kenal"),
    ("memperkuat", "kuat"),
    ("diperkuat", "kuat"),
    ("penguatan", "kuat"),
    ("perbaikan", "baik"),
    ("memperbaiki", "baik"),
    ("perubahan", "ubah"),
    ("mengubah", "ubah"),
    ("persatuan", "satu"),
    ("kesatuan", "satu"),
    ("penelitian", "teliti"),
    ("peneliti", "teliti"),
    ("ketahanan", "tahan"),
    ("pertahanan", "tahan"),
    ("pencapaian", "capai"),
    ("mencapai", "capai"),
    ("menyelesaikan", "selesai"),
    ("mengenai", "kena"),
    ("dimulai", "mula"),
    ("memulai", "mula"),
    // inflection: possessives and particles
    ("rumahnya", "rumah"),
    ("rumahku", "rumah"),
    ("bukunya", "buku"),
    ("bukumu", "buku"),
    ("miliknya", "milik"),
    ("tujuannya", "tuju"),
    ("bacalah", "baca"),
    ("bukankah", "bukan"),
    ("apakah", "apa"),
    ("siapapun", "siapa"),
    ("apalagi", "apalagi"),
    // roots that look affixed stay whole
    ("makan", "makan"),
    ("pantai", "pantai"),
    ("sungai", "sungai"),
    ("data", "data"),
    ("dunia", "dunia"),
    ("kota", "kota"),
    ("daerah", "daerah"),
    ("negara", "negara"),
    ("berita", "berita"),
    ("pertama", "pertama"),
    ("kelompok", "kelompok"),
    ("masalah", "masalah"),
    ("sekolah", "sekolah"),
    ("pegawai", "pegawai"),
    ("penduduk", "penduduk"),
    ("kecamatan", "kecamatan"),
    ("maluku", "maluku"),
    ("kediri", "kediri"),
    // guesses for words outside the lexicon (rule-based fallback)
    ("mengkoordinasikan", "koordinasi"),
    ("penyelidikan", "selidik"),
    ("menggemborkan", "gembor"),
    ("pengkristalan", "kristal"),
];

/// (word, first root, second root).
const COMPOUND_TABLE: &[(&str, &str, &str)] = &[
    ("kerjasama", "kerja", "sama"),
    ("bekerjasama", "kerja", "sama"),
    ("kerjasamanya", "kerja", "sama"),
    ("dikerjasamakan", "kerja", "sama"),
    ("tandatangan", "tanda", "tangan"),
    ("penandatanganan", "tanda", "tangan"),
    ("menandatangani", "tanda", "tangan"),
    ("ditandatangani", "tanda", "tangan"),
    ("tanggungjawab", "tanggung", "jawab"),
    ("bertanggungjawab", "tanggung", "jawab"),
    ("pertanggungjawaban", "tanggung", "jawab"),
    ("mempertanggungjawabkan", "tanggung", "jawab"),
    ("sumberdaya", "sumber", "daya"),
    ("tatakelola", "tata", "kelola"),
    ("ditindaklanjuti", "tindak", "lanjut"),
    ("pendayagunaan", "daya", "guna"),
    ("antardaerah", "antar", "daerah"),
    ("antarpemerintah", "antar", "perintah"),
    ("pascabencana", "pasca", "bencana"),
];

#[test]
fn stem_table() {
    assert!(TABLE.len() >= 120, "{} pairs", TABLE.len());
    let failures: Vec<String> = TABLE
        .iter()
        .filter(|(word, want)| stem(word) != *want)
        .map(|(word, want)| format!("{word}: got {:?}, want {want:?}", stem(word)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
}

#[test]
fn compounds_split_into_roots() {
    for &(word, a, b) in COMPOUND_TABLE {
        assert_eq!(split_compound(word), Some((a.to_owned(), b.to_owned())), "{word}");
        assert_eq!(stem(word), a, "stem of a compound is its first root: {word}");
    }
    for word in [
        "kerja",
        "sama",
        "tangan",
        "antara",
        "antaranya",
        "pemerintahan",
        "mengantarkan",
    ] {
        assert_eq!(split_compound(word), None, "{word}");
    }
    // The analyser stems the parts again: they must be fixed points.
    for &(joined, a, b) in COMPOUNDS {
        assert_eq!(stem(a), a, "{joined}");
        assert_eq!(stem(b), b, "{joined}");
        assert!(is_known_root(a) && is_known_root(b), "{joined}: parts must be roots");
    }
}

#[test]
fn roots_are_never_stemmed() {
    for group in ROOTS.iter().chain(PROTECTED) {
        for word in group.split_ascii_whitespace() {
            assert_eq!(stem(word), word);
        }
    }
}

#[test]
fn lexicon_is_clean() {
    let mut seen = std::collections::HashSet::new();
    for group in ROOTS.iter().chain(PROTECTED) {
        for word in group.split_ascii_whitespace() {
            assert!(
                word.len() >= 3 && word.bytes().all(|b| b.is_ascii_lowercase()),
                "{word:?}"
            );
            assert!(seen.insert(word), "duplicate {word:?}");
        }
    }
    for &(alias, root) in ALIASES {
        assert!(!seen.contains(alias), "alias {alias:?} is also a root");
        assert!(seen.contains(root), "alias target {root:?} is not a root");
    }
    for &(joined, _, _) in COMPOUNDS {
        assert!(!seen.contains(joined), "compound {joined:?} is also a root");
    }
    assert_eq!(lexicon_len(), seen.len() + ALIASES.len() + COMPOUNDS.len());
}

#[test]
fn stop_words_are_not_table_stems() {
    for w in STOP_WORDS {
        assert_eq!(*w, w.to_lowercase(), "stop word not lower-case");
    }
    for &(word, want) in TABLE {
        if ![
            ("bukankah", "bukan"),
            ("apakah", "apa"),
            ("siapapun", "siapa"),
            ("apalagi", "apalagi"),
        ]
        .contains(&(word, want))
        {
            assert!(!is_stop_word(want), "{want} ({word}) is a stop word");
        }
    }
    for &(_, a, b) in COMPOUND_TABLE {
        assert!(!is_stop_word(a) && !is_stop_word(b), "{a}/{b}");
    }
}

#[test]
fn unusual_input_is_unchanged() {
    for word in [
        "",
        "ab",
        "covid19",
        "2024",
        "kerja-sama",
        "ñandu",
        "x".repeat(41).as_str(),
    ] {
        assert_eq!(stem(word), word);
        assert_eq!(split_compound(word), None);
    }
}

#[test]
fn pairs_that_must_meet() {
    let groups: &[&[&str]] = &[
        &["persetujuan", "disetujui", "menyetujui", "setuju"],
        &["pendidikan", "mendidik", "didik", "terdidik"],
        &["pemerintah", "pemerintahan", "memerintah"],
        &["kerjasama", "bekerja", "kerja", "pekerjaan"],
    ];
    for group in groups {
        let first = stem(group[0]);
        for word in &group[1..] {
            assert_eq!(stem(word), first, "{word} vs {}", group[0]);
        }
    }
}

/// Forward affixation of every root (meN-, di-, peN-…-an, ke-…-an, ber-, -nya) and back:
/// how often the stemmer recovers the root. Prints the misses (run with --nocapture).
#[test]
fn round_trip_generated_forms() {
    let (mut total, mut misses) = (0usize, Vec::new());
    for group in ROOTS {
        for root in group.split_ascii_whitespace() {
            for form in derived_forms(root) {
                total += 1;
                let got = stem(&form);
                if got != root {
                    misses.push(format!("{form} → {got} (root {root})"));
                }
            }
        }
    }
    let rate = 1.0 - misses.len() as f64 / total as f64;
    println!(
        "round trip: {} of {total} forms recovered ({:.2}%)",
        total - misses.len(),
        rate * 100.0
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(rate > 0.99, "round-trip rate {rate:.4}");
}

fn derived_forms(root: &str) -> Vec<String> {
    let nasal = |p: &str| -> String {
        let b = root.as_bytes();
        let first = b[0];
        let second_vowel = b.get(1).is_some_and(|&c| is_vowel(c));
        if syllables(b) == 1 {
            return format!("{p}nge{root}");
        }
        match first {
            c if is_vowel(c) => format!("{p}ng{root}"),
            b'k' if second_vowel => format!("{p}ng{}", &root[1..]),
            b'g' | b'h' | b'k' => format!("{p}ng{root}"),
            b'p' if second_vowel => format!("{p}m{}", &root[1..]),
            b'b' | b'f' | b'v' | b'p' => format!("{p}m{root}"),
            b't' if second_vowel => format!("{p}n{}", &root[1..]),
            b'd' | b'c' | b'j' | b'z' | b't' => format!("{p}n{root}"),
            b's' if second_vowel => format!("{p}ny{}", &root[1..]),
            b's' => format!("{p}n{root}"),
            _ => format!("{p}{root}"),
        }
    };
    let ber = if root.starts_with('r') {
        format!("be{root}")
    } else {
        format!("ber{root}")
    };
    vec![
        nasal("me"),
        format!("{}kan", nasal("me")),
        format!("di{root}"),
        format!("di{root}kan"),
        format!("{}an", nasal("pe")),
        format!("ke{root}an"),
        ber,
        format!("{root}nya"),
    ]
}

/// Timing (not asserted): `cargo test -p jalin-search --release --lib stem_id -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run in release with --nocapture"]
fn timing_ns_per_word() {
    let mut words: Vec<String> = TABLE.iter().map(|(w, _)| (*w).to_owned()).collect();
    for group in ROOTS.iter().take(3) {
        for root in group.split_ascii_whitespace() {
            words.extend(derived_forms(root));
            words.push(root.to_owned());
        }
    }
    let _ = stem("warm-up");
    let rounds = 50;
    let start = std::time::Instant::now();
    let mut sink = 0usize;
    for _ in 0..rounds {
        for w in &words {
            sink += stem(std::hint::black_box(w)).len();
        }
    }
    let elapsed = start.elapsed();
    let n = (rounds * words.len()) as f64;
    println!(
        "stem: {:.0} ns/word over {} words × {rounds} (sink {sink})",
        elapsed.as_nanos() as f64 / n,
        words.len()
    );
}

#[test]
#[ignore]
fn zz_dump() {
    let path = std::env::var("STEM_WORDS").unwrap();
    for w in std::fs::read_to_string(path).unwrap().split_whitespace() {
        let s = stem(w);
        let c = split_compound(w);
        let known = LEXICON.get(s.as_bytes()).is_some();
        println!(
            "{w:24} {s:16} {} {}",
            if known { "" } else { "GUESS" },
            c.map(|(a, b)| format!("[{a}+{b}]")).unwrap_or_default()
        );
    }
}
