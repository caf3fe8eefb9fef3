"""The FAQ search's own word lists: domain dictionary, stop words, protected terms.

Written for this project and owned by it. No third-party slang list is shipped: the known
Indonesian colloquial lexicons either carry no licence (kamus-alay / indoNLP), a non-commercial
one (CC BY-NC-SA) or unclear provenance, and they map words wrongly for this domain (``tk`` →
*tak*, ``kk`` → *kakak*, ``gak`` → *enggak*); see shared/research/packages.md §2.2.

Every output of ``DOMAIN`` is a final index term: it is not stemmed again, so it is written
in the form the stemmer gives the same word in the FAQ texts (``cair`` for *mencairkan*,
``daftar`` for *pendaftaran*). A unit test checks that each output is what the pipeline
makes of that word. Keys may be several words; the longest key wins (``bpjs tk`` before
``tk``). Stems are looked up too, so ``penjual`` → ``jual`` → ``dagang``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def _expand(*groups: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """``{"bagaimana": ["gmn", "piye"]}`` → ``{"gmn": "bagaimana", "piye": "bagaimana"}``."""
    table: dict[str, str] = {}
    for target, variants in (item for group in groups for item in group.items()):
        for variant in variants:
            if variant in table:
                raise ValueError(f"{variant!r} is mapped twice in the FAQ lexicon")
            table[variant] = target
    return table


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Canonical term ← what villagers type (Indonesian slang and Javanese ngoko/krama).
_GROUPS: dict[str, tuple[str, ...]] = {
    # --- the programmes; acronym and long name meet in "acronym + key word", so a question
    # that only says "kecelakaan" still finds an entry written as "JKK" and vice versa.
    "jht": ("jht", "jaminan hari tua", "tabungan hari tua", "hari tua", "jaminan hr tua"),
    "jkk kecelakaan": (
        "jkk",
        "jaminan kecelakaan kerja",
        "jaminan kecelakaan",
        "kecelakaan kerja",
        "kecelakaan kerjo",
        "kacilakan kerja",
    ),
    "jkm meninggal": ("jkm", "jaminan kematian", "jaminan meninggal"),
    "jp pensiun": ("jp", "jaminan pensiun"),
    "jkp phk": ("jkp", "jaminan kehilangan pekerjaan", "kehilangan pekerjaan"),
    "bpu": (
        "bpu",
        "bukan penerima upah",
        "bukan penerima gaji",
        "pekerja mandiri",
        "peserta mandiri",
        "pekerja informal",
        "sektor informal",
        "kerja sendiri",
        "usaha sendiri",
        "informal",
        "mandiri",
    ),
    "pu": ("pu", "penerima upah", "penerima gaji"),
    "pmi": (
        "pmi",
        "tki",
        "tkw",
        "pekerja migran",
        "pekerja migran indonesia",
        "buruh migran",
        "tenaga kerja indonesia",
        "tenaga kerja wanita",
    ),
    "jakon": ("jakon", "jasa konstruksi"),
    # --- the agency and its channels
    "bpjs ketenagakerjaan": (
        "bpjs tk",
        "bpjstk",
        "bpjs tenaga kerja",
        "bpjs naker",
        "bpjsnaker",
        "bpjs ketenagakerjan",
        "bpjs ketenaga kerjaan",
        "bpjamsostek",
        "bp jamsostek",
        "jamsostek",
        "bpjs jamsostek",
        "bpjs kerja",
        "bpjs ketenagakerjaan",
    ),
    "bpjs kesehatan": ("bpjs kesehatan", "bpjs kes", "kis", "jkn", "bpjs sehat", "bpjs health"),
    "faskes": ("faskes", "faskes 1", "fasilitas kesehatan", "puskesmas rujukan"),
    "tenaga kerja": ("tk", "naker", "tenaga kerja"),
    "jmo": ("jmo", "jamsostek mobile", "aplikasi jmo", "apk jmo"),
    "kantor cabang": ("kantor cabang", "kacab", "kc", "kantor bpjs"),
    "telepon": ("telp", "tlp", "telpon", "tilpun", "nelpon", "telfon", "call center", "callcenter"),
    "nomor": ("no", "nmr", "nomer", "nomer e", "nomere"),
    "hp": ("hp", "handphone", "ponsel", "hape"),
    "wa": ("wa", "whatsapp", "wasap", "watsap", "whatsap", "wa nya"),
    "perisai": ("perisai", "agen perisai"),
    # --- documents and identity
    "kartu keluarga": ("kk", "kartu keluarga", "kartu kk"),
    "ktp": ("ktp", "e ktp", "ektp", "kartu tanda penduduk"),
    "kpj": ("kpj", "nomor kpj", "no kpj", "nomor peserta", "no peserta"),
    "rekening": ("rekening", "rek", "norek", "buku tabungan"),
    # --- village government
    "kades": ("kades", "kepala desa", "kepdes", "lurah", "kepala kampung", "wali nagari"),
    "perangkat desa": (
        "perades",
        "perangkat desa",
        "aparat desa",
        "aparatur desa",
        "pamong",
        "pamong desa",
        "perangkat",
    ),
    # Each office is also "perangkat": "kaur boleh jadi agen?" asks about perangkat desa.
    "sekdes perangkat": ("sekdes", "sekretaris desa", "carik"),
    "kaur perangkat": ("kaur", "kepala urusan"),
    "kasi perangkat": ("kasi", "kepala seksi"),
    "kadus perangkat": ("kadus", "kepala dusun", "kamituwo", "bayan"),
    "insentif": ("insentif", "komisi", "fee", "imbalan", "bonus"),
    "50": ("separuh", "setengah harga", "50 persen"),
    "perkades": ("perkades", "peraturan kepala desa", "perkdes"),
    "perdes": ("perdes", "peraturan desa"),
    "perbup": ("perbup", "peraturan bupati"),
    "penghargaan": ("penghargaan", "award", "anugerah", "juara"),
    "warga": ("warga", "penduduk", "masyarakat", "wargane", "rakyat"),
    "minimarket": ("minimarket", "alfamart", "alfamidi", "indomaret", "indomart", "alfa"),
    "dokumen": ("dokumen", "berkas", "kelengkapan", "dokumene", "berkase"),
    "gabung": ("gabung", "disatukan", "satukan", "nyatuin", "digabung", "gabungkan", "digabungkan"),
    "bpd": ("bpd", "badan permusyawaratan desa"),
    "apbdes": ("apbdes", "apb desa", "apbd desa", "anggaran desa", "anggaran dana desa"),
    "dana desa": ("dd", "dana desa"),
    "add": ("add", "alokasi dana desa"),
    "siltap": ("siltap", "penghasilan tetap"),
    "desa sadar": (
        "desa sadar",
        "desa sadar jaminan sosial",
        "desa sadar jamsos",
        "desa sadar jamsostek",
        "desa sadar jaminan sosial ketenagakerjaan",
        "desa sadar bpjs",
        "desa sadar bpjs ketenagakerjaan",
    ),
    "jaminan sosial": ("jamsos", "jaminan sosial"),
    "sosialisasi": ("sosialisasi", "penyuluhan", "sosialisasikan", "menyosialisasikan"),
    # --- work and workers
    "ojek": ("ojol", "ojek", "ojek online", "opang", "ojek pangkalan", "gojek", "grab", "maxim"),
    "nelayan": ("nelayan", "melaut", "miyang", "nelayan kecil"),
    "tani": ("petani", "tani", "bertani", "nyawah", "buruh tani", "tandur", "nandur"),
    "cangkul": ("nyangkul", "macul", "mencangkul", "dipacul", "pacul", "cangkul"),
    "dagang": ("pedagang", "dagang", "jualan", "bakul", "berdagang", "jual"),
    "kerja": (
        "kerja",
        "kerjo",
        "nyambut gawe",
        "nyambut damel",
        "damel",
        "gawe",
        "bekerja",
        "makarya",
    ),
    "phk": (
        "phk",
        "di phk",
        "diphk",
        "kena phk",
        "dipecat",
        "pecat",
        "diberhentikan",
        "pemutusan hubungan kerja",
        "dirumahkan",
        "dipehaka",
    ),
    "penghasilan": (
        "penghasilan",
        "pendapatan",
        "gaji",
        "gajih",
        "bayaran",
        "income",
        "pengasilan",
        "upah",
    ),
    # --- money
    "iuran": ("iuran", "iurane", "premi", "setoran", "iurannya", "iur"),
    "bayar": ("bayar", "mbayar", "bayare", "nyicil", "setor", "transfer", "tf"),
    "diskon": ("diskon", "potongan", "keringanan", "korting", "discount"),
    "tunggak": (
        "nunggak",
        "menunggak",
        "tunggakan",
        "lupa bayar",
        "telat bayar",
        "tunggak",
        "bolong",
        "bolong bolong",
        # not paying is falling behind: "ga bayar iuran lagi", "mboten mbayar", "stop paying"
        "tidak bayar",
        "tdk bayar",
        "ga bayar",
        "gak bayar",
        "nggak bayar",
        "ngga bayar",
        "ora mbayar",
        "ora bayar",
        "mboten mbayar",
        "boten mbayar",
        "berhenti bayar",
        "stop bayar",
        "mandheg mbayar",
        "not paying",
        "not paid",
        "dont pay",
        "don t pay",
        "stop paying",
        "stopped paying",
        "forgot to pay",
        "forget to pay",
        "didn t pay",
        "did not pay",
        "haven t paid",
        "have not paid",
    ),
    "uang": ("uang", "duit", "dhuwit", "doku", "arta"),
    "juta": ("jt", "jta", "juta", "yuta"),
    "ribu": ("rb", "ribu", "rebu", "ewu", "k"),
    "santunan": ("santunan", "uang duka", "tali asih", "santunane"),
    "beasiswa": (
        "beasiswa",
        "bea siswa",
        "beasiswane",
        "biaya sekolah",
        "biaya kuliah",
        "bantuan pendidikan",
        "bantuan sekolah",
        "bantuan biaya sekolah",
        "bantuan biaya kuliah",
    ),
    "sekolah": ("sekolah", "sekolahe", "sekolahan"),
    # Apart from school: the scholarship's last stage (S1, until 23) is its own entry.
    "kuliah": ("kuliah", "kampus", "kuliahe", "perguruan tinggi"),
    # --- claims
    "cair": (
        "cair",
        "ditarik",
        "penarikan",
        "dipuncairaken",
        "cairkan",
        "nyairin",
        "nyairkan",
        "dicairin",
        "dicairkan",
        "mencairkan",
        "pencairan",
        "nyairke",
        "dicairke",
        "ncairke",
        "cairin",
    ),
    "klaim": ("klaim", "claim", "ngeklaim", "klaime", "klem", "ngeklem"),
    "daftar": (
        "daftar",
        "ndaftar",
        "mendaftar",
        "daftarin",
        "didaftarin",
        "daftarkan",
        "ndaftarke",
        "didaftarke",
        "registrasi",
        "join",
    ),
    # --- life events
    "meninggal": (
        "meninggal",
        "meninggal dunia",
        "kematian",
        "mati",
        "modar",
        "wafat",
        "seda",
        "tilar donya",
        "ninggal",
        "almarhum",
        "almarhumah",
        "tewas",
        "mangkat dunia",
    ),
    # Villagers describe the accident, not the category: "ketimpa kayu", "jempol kepotong".
    "kecelakaan": (
        "kecelakaan",
        "celaka",
        "cilaka",
        "kacilakan",
        "kecelakan",
        "kcelakaan",
        "laka",
        "ketimpa",
        "tertimpa",
        "kejatuhan",
        "kesetrum",
        "tersetrum",
        "tersengat",
        "keracunan",
        "kecebur",
        "tercebur",
        "jatuh",
        "terjatuh",
        "tabrakan",
        "ketabrak",
        "ditabrak",
        "tabrak",
        "kelindas",
        "terlindas",
        "keseleo",
        "terkilir",
        "cedera",
        "cidera",
        "patah tulang",
        "patah",
    ),
    "tempo": ("jatuh tempo", "tempo"),
    "pensiun": ("pensiun", "pensiunan", "pensi"),
    "rumah sakit": ("rs", "rumah sakit", "rumah sakite", "klinik", "puskesmas"),
    "rawat": ("rawat", "dirawat", "opname", "mondok", "rawat inap"),
    "obat": ("obat", "berobat", "operasi", "dioperasi", "pengobatan", "mriksakke"),
    "cacat": (
        "cacat",
        "difabel",
        "disabilitas",
        "lumpuh",
        "kecacatan",
        "pincang",
        "amputasi",
        "diamputasi",
        "buta",
        "cacat tetap",
        "cacat permanen",
        "jari putus",
        "tangan putus",
        "kaki putus",
    ),
    "usia": ("usia", "umur", "yuswa"),
    "hilang": ("hilang", "ilang", "ical", "kelangan", "keilangan"),
    "peserta": ("peserta", "kepesertaan", "pesertanya", "peserta e", "anggota"),
    "anak": ("anak", "bocah", "putra", "putri", "lare"),
    "suami istri": ("bojo", "garwa", "pasangan", "suami istri"),
    # --- question words (kept: they carry intent, e.g. "berapa" asks for an amount)
    "berapa": (
        "berapa",
        "brp",
        "brapa",
        "brpa",
        "berapah",
        "piro",
        "pira",
        "pirang",
        "pinten",
        "sepiro",
    ),
    "bagaimana": (
        "bagaimana",
        "gmn",
        "gimana",
        "gmna",
        "gmana",
        "bgmn",
        "bgm",
        "gimna",
        "piye",
        "pripun",
        "kepriye",
        "kpriye",
        "kepripun",
        "kepiye",
        "kpiye",
        "piye ya",
        "kados pundi",  # krama "how"; "pundi" alone is "where"
        "kadospundi",
        "pripun nggih",
    ),
    "kenapa": ("kenapa", "knp", "ngapa", "ngopo", "mengapa"),
    "dimana": (
        "dimana",
        "di mana",
        "dmn",
        "dmna",
        "ndi",
        "endi",
        "ngendi",
        "nang endi",
        "pundi",
        "wonten pundi",
        "ing pundi",
        "kemana",
        "kmn",
        "ke mana",
        "menyang endi",
        "nang ngendi",
        "lewat mana",
        "lwt mana",
        "via mana",
    ),
    "kapan": ("kapan", "kpn", "kapane"),
    "siapa": ("siapa", "sapa", "sopo", "sinten"),
    "cara": (
        "cara",
        "carane",
        "caranya",
        "crnya",
        "cr",
        "caranipun",
        "prosedur",
        "prosedure",
        "alur",
        "tata cara",
    ),
    "syarat": ("syarat", "syaratnya", "sarat", "syarate", "persyaratan", "syarat2"),
    # "What is X?" asks for the definition: the entries that answer it say "Apa itu X?", so
    # this term sets them apart from X's other entries ("apa itu jkk" is not "klaim jkk").
    "pengertian": (
        "pengertian",
        "apa itu",
        "itu apa",
        "apa kuwi",
        "kuwi apa",
        "apa iku",
        "iku apa",
        "menapa menika",
        "punapa menika",
        "menika punapa",
        "menika menapa",
        "niku punapa",
        "punapa niku",
        "iku opo",
        "kuwi opo",
        "opo kuwi",
        "opo iku",
        "itu opo",
        "artinya",
        "maksudnya",
        "jelaskan",
        "jelasin",
        "tell me about",
        "explain",
        "singkatan",
        "apaan",
    ),
    # --- function words that carry meaning in questions
    "tidak": (
        "tidak",
        "gk",
        "ga",
        "gak",
        "nggak",
        "ngga",
        "enggak",
        "engga",
        "tdk",
        "tak",
        "ndak",
        "nda",
        "kagak",
        "ora",
        "mboten",
        "boten",
        "orak",
    ),
    "sudah": ("sudah", "udh", "udah", "sdh", "dah", "wis", "uwis", "wes", "sampun"),
    "belum": ("belum", "blm", "belom", "blum", "durung", "dereng", "urung"),
    "dapat": ("dapat", "dpt", "dapet", "entuk", "oleh", "olih", "angsal"),
    "bisa": ("bisa", "bs", "bsa", "isa", "iso", "saged", "bisakah"),
    "boleh": ("boleh", "oleh ga", "bolehkah", "pareng", "angsal ta"),
    "harus": ("harus", "kudu", "hrs", "mesti", "kedah"),
    "mau": ("mau", "mo", "arep", "ajeng", "pengen", "pengin", "pingin", "ingin", "badhe", "meh"),
    "punya": (
        "punya",
        "pny",
        "duwe",
        "nduwe",
        "ndue",
        "gadhah",
        "kagungan",
        "mempunyai",
        "memiliki",
    ),
    "sekarang": ("sekarang", "skrg", "skrng", "saiki", "sakniki", "sakmenika", "kini"),
    "bulan": ("bulan", "bln", "sasi", "wulan", "sebulan", "perbulan", "per bulan", "bulane"),
    "tahun": ("tahun", "thn", "th", "taun", "tahunan", "setahun", "pertahun"),
    "hari": ("hari", "hr", "dina", "dinten"),
    "tua": ("tua", "tuwo", "sepuh", "lansia"),
    "kalau": ("kalau", "klo", "kalo", "kl", "klw", "nek", "yen", "menawi", "misal", "misalnya"),
    "saya": ("saya", "sy", "aku", "aq", "ak", "gw", "gue", "gua", "ane", "kula", "kulo", "dalem"),
    "yang": ("yang", "yg", "sing", "ingkang"),
    "dari": ("dari", "dr", "seko", "saka", "soko", "saking"),
    "karena": (
        "karena",
        "krn",
        "karna",
        "krna",
        "soale",
        "amarga",
        "amargi",
        "mergo",
        "merga",
        "sebab",
        "gara gara",
        "gara",
        "garagara",
    ),
    # "buat" also means "make"; in these questions it is nearly always "for".
    "untuk": ("untuk", "utk", "buat", "bwt", "kanggo", "kangge", "gawe kanggo"),
    "dengan": ("dengan", "dgn", "dg", "karo", "kaliyan", "sama", "sm"),
    "juga": ("juga", "jg", "uga", "ugi"),
    "saja": ("saja", "aja", "wae", "ae", "mawon", "kemawon", "namung", "cuma", "hanya"),
    "apa": (
        "apa",
        "ap",
        "opo",
        "napa",
        "menapa",
        "punapa",
        "punapa kemawon",
        "apa apa",
        "apa aja",
        "apa saja",
        "opo wae",
    ),
    "itu": ("itu", "iku", "kuwi", "niku", "punika", "tuh"),
    "ini": ("ini", "iki", "niki", "menika", "meniko"),
    "masih": ("masih", "msh", "isih", "taksih", "tasih"),
    "lagi": ("lagi", "lg", "maneh", "malih"),
    "tapi": ("tapi", "tp", "tetapi", "nanging", "ning tapi"),
    # --- more everyday words, Indonesian slang and Javanese (ngoko and krama)
    "ikut": ("ikut", "ikutan", "melu", "ndherek", "dipundherek", "tumut"),
    "henti": (
        "resign",
        "risen",
        "mandheg",
        "mandek",
        "berhenti",
        "keluar kerja",
        "metu kerja",
        "mengundurkan diri",
        "undur diri",
        "out kerja",
    ),
    "lama": ("lama", "suwe", "dangu", "lawas", "lamanya", "selama", "suwene"),
    "batas": ("batas", "wates", "watesan", "batasan", "maksimal", "maks", "max"),
    "waktu": ("waktu", "wkt", "wktu", "wekdal", "wektu"),
    "terima": ("nampi", "nampa", "nerima", "terima", "ditampa", "dipuntampi"),
    "orang tua": ("ortu", "orang tua", "wong tua", "wong tuwa", "tiyang sepuh"),
    "orang": ("orang", "wong", "tiyang", "org"),
    "urus": ("urus", "ngurus", "ngurusin", "ngurus e", "ngurusi"),
    "ambil": ("ambil", "jupuk", "njupuk", "dijupuk", "pendhet", "mendhet", "dipunpendhet"),
    "tunggu": ("tunggu", "nunggu", "ngenteni", "nengga", "nenggo", "ditunggu", "nungguin"),
    "cek": ("cek", "ngecek", "dicek", "mriksa", "priksa", "check", "ngecheck", "dicheck"),
    "kena": ("kena", "kenging", "keno", "kenak"),
    "panen": ("panen", "manen", "panenan"),
    "luka": ("luka", "tatu", "lecet"),
    "ganti": ("ganti", "gantos", "ngganti", "nggantos"),
    "jalan": ("jalan", "margi", "dalan", "ndalan", "jln"),
    "pulang": ("pulang", "wangsul", "mulih", "kondur", "balik"),
    "berangkat": ("berangkat", "mangkat", "budhal", "tindak", "otw"),
    "rumah": ("rumah", "omah", "griya", "dalem griya"),
    "beda": ("beda", "bedane", "bedanya", "perbedaan", "vs", "versus", "benten", "bedo"),
    "lain": ("lain", "sanes", "liyane", "liya"),
    "sebelum": ("sebelum", "sblm", "sebelom", "saderengipun", "sadurunge", "sakdurunge"),
    "setelah": ("setelah", "sesudah", "stlh", "abis", "sasampunipun", "sakwise", "sawise"),
    "sedikit": ("sedikit", "sethithik", "sithik", "sitik", "dikit"),
    "janda": ("janda", "duda", "randha", "rondo", "randa"),
    "pekerjaan": ("pekerjaan", "gawean", "pakaryan", "kerjaan", "kerjoan"),
    "potong": ("potong", "motong", "dipotong", "dipunpotong", "potongin"),
    "besar": ("besar", "gede", "gedhe", "ageng"),
    "kecil": ("kecil", "cilik", "alit"),
    "tanya": ("tanya", "nanya", "nanyain", "bertanya", "takon", "nyuwun pirsa", "ditanya"),
    "datang": ("datang", "dtg", "teka", "rawuh"),
    "tanggal": ("tanggal", "tgl", "tangal"),
    "aju": ("aju", "ngajokaken", "ngajuin", "ngajukan", "ngajuke", "mengajukan", "pengajuan"),
    "rapor": ("rapor", "raport", "rapot"),
    "bawa": ("bawa", "nggawa", "gawa", "bekta", "mbeta", "dibawa"),
    "sopir": ("sopir", "supir", "driver", "sopire"),
    "perlu": ("perlu", "prelu", "butuh", "perlune", "mbetahaken"),
    "contoh": ("contoh", "tuladha", "conto", "misale"),
    "untung": ("untung", "untunge", "keuntungan"),
    "tanggung": (
        "tanggung",
        "ditanggung",
        "nanggung",
        "menanggung",
        "dipuntanggung",
        "cover",
        "dicover",
        "tanggungan",
    ),
    "sendiri": ("sendiri", "dhewe", "dewe", "piyambak"),
    # --- everyday words with a spelling or register the FAQ texts do not use
    "dekat": ("dekat", "deket", "cedhak", "cedak", "celak", "parek"),
    "arit": ("arit", "sabit", "clurit", "celurit"),
    "balita": ("balita", "bayi", "batita", "orok", "jabang bayi", "baru lahir", "bayine"),
    "perempuan": ("perempuan", "wanita", "cewek", "cewe", "wadon", "wedok"),
    "pemakaman": ("pemakaman", "makam", "dimakamkan", "kubur", "dikubur", "penguburan", "ngubur"),
    "adu": (
        "adu",
        "mengadu",
        "ngadu",
        "pengaduan",
        "aduan",
        "komplain",
        "complain",
        "keluhan",
        "mengeluh",
        "ngeluh",
        "sambat",
    ),
    "tenggelam": ("tenggelam", "hanyut", "kelelep", "klelep", "karam"),
    "sawah": ("sawah", "ladang", "kebun", "kebon", "tegalan", "tegal", "huma", "pategalan"),
    "situs": ("situs", "website", "situs web", "laman", "web", "link", "tautan"),
    "tugas": ("petugas", "cs", "customer service", "officer"),
    "masuk": (
        "masuk",
        "termasuk",
        "tergolong",
        "dianggap",
        "terhitung",
        "kalebu",
        "klebu",
        "kalebet",
    ),
    "kedaluwarsa": ("kedaluwarsa", "kadaluarsa", "kadaluwarsa", "kedaluarsa", "expired", "hangus"),
    "batas waktu": ("batas waktu", "tenggat", "tenggat waktu", "paling lambat", "paling telat"),
    "sakit": ("sakit", "gerah", "lara", "sakite"),
    "tahu": ("tahu", "ngerti", "ngerteni", "weruh", "mangertosi", "tau", "ngerti ne"),
    "beri": ("beri", "ngasih", "kasih", "dikasih", "diparingi", "paring", "maringi", "diwenehi"),
    # Not "guna" alone: its stem also comes from "menggunakan" (use) and "pengguna" (user).
    "manfaat": ("manfaat", "gunanya", "gunane", "kegunaan", "fungsi", "faedah"),
    "2": ("dua", "kalih", "loro"),  # "lara" is sick; the FAQ writes "loro" for two
    "3": ("tiga", "telu", "tigo"),
    "4": ("empat", "papat", "sekawan"),
    "5": ("lima", "limo", "gangsal"),
    "6": ("enam", "enem"),
    "10": ("sepuluh", "sedasa"),
    # Greetings and thanks that would otherwise leave content words behind ("terima").
    "": ("terima kasih", "terimakasih", "matur nuwun", "makasih", "suwun", "matur suwun"),
}

# The bot also speaks English and question.en is indexed: English words map onto the same
# Indonesian terms, so an English question meets the Indonesian phrasings too.
_ENGLISH: dict[str, tuple[str, ...]] = {
    "jkk kecelakaan": ("work accident", "work accidents", "accident at work"),
    "kecelakaan": (
        "accident",
        "accidents",
        "injured",
        "injury",
        "hurt",
        "fell",
        "fall",
        "fallen",
        "broke",
        "broken",
        "crash",
        "crashed",
    ),
    "meninggal": (
        "die",
        "dies",
        "died",
        "death",
        "dead",
        "passed away",
        "passes away",
        "pass away",
    ),
    # "fee" alone is the agents' commission (insentif); a monthly or membership fee is iuran.
    "iuran": (
        "contribution",
        "contributions",
        "premium",
        "premiums",
        "monthly fee",
        "monthly fees",
        "membership fee",
        "membership fees",
    ),
    "bayar": ("pay", "paid", "pays", "payment", "payments", "paying"),
    "daftar": ("register", "registration", "registering", "sign up", "enrol", "enroll"),
    "klaim": ("claims", "claiming"),
    "cair": ("withdraw", "withdrawn", "withdrawal", "cash out"),
    "manfaat": ("benefit", "benefits"),
    "beasiswa": ("scholarship", "scholarships", "education benefit", "school money"),
    "anak": ("child", "children", "kids", "son", "daughter"),
    "ahli waris": ("heir", "heirs", "next of kin"),
    "pensiun": ("pension", "pensions", "retirement", "retire"),
    "saldo": ("balance",),
    "santunan": ("compensation", "benefit payment", "lump sum"),
    "lama": ("how long",),
    "kartu": ("card", "cards"),
    "hilang": ("lost", "lose", "missing"),
    "nelayan": ("fisherman", "fishermen", "fisher", "fishers"),
    "tani": ("farmer", "farmers", "farming"),
    "dagang": ("trader", "traders", "seller", "vendor", "vendors", "sell", "sells", "selling"),
    "bpu": ("self employed", "informal worker", "informal workers"),
    "desa": ("village", "villages"),
    "bot": ("robot", "chatbot", "chat bot"),
    "bantu": ("help",),
    "kades": ("village head",),
    "sekdes perangkat": ("village secretary",),
    "kadus perangkat": ("hamlet head",),
    "perangkat desa": ("village official", "village officials", "village apparatus"),
    "phk": ("dismissed", "dismissal", "laid off", "layoff", "fired", "laid me off", "let me go"),
    "rumah sakit": ("hospital", "hospitals", "clinic"),
    "cacat": ("disability", "disabled"),
    "telat": ("late",),
    "berapa": ("how much", "how many"),
    "bagaimana": ("how",),
    "kapan": ("when",),
    "dimana": ("where",),
    "siapa": ("who",),
    "kenapa": ("why",),
    "bisa": ("can", "could"),
    "harus": ("must", "have to"),
    "tidak": ("not", "don't", "dont", "doesn't"),
    "jht": ("old age savings", "old-age savings", "old age"),
    "batas waktu": ("deadline",),
    "nomor": ("number",),
    "telepon": ("phone", "call", "hotline"),
    "kantor cabang": ("branch office", "branch"),
    "syarat": ("requirement", "requirements", "condition", "conditions"),
    "dokumen": ("document", "documents", "papers"),
    "uang": ("money",),
    "penghasilan": ("salary", "wage", "wages", "earnings", "earn", "earning"),
    "bulan": ("month", "months", "monthly"),
    "tahun": ("year", "years", "yearly"),
    "suami istri": ("husband", "wife", "spouse", "husbands", "wives"),
    "sawah": ("rice field", "rice fields", "paddy", "field", "fields", "farm"),
    "sekolah": ("school",),
    "kuliah": ("university", "college"),
    "sma": ("high school", "senior high school", "senior high"),
    "smp": ("junior high school", "junior high", "middle school"),
    "sd": ("primary school", "elementary school"),
    "berangkat": ("on the way to", "going to", "commuting", "commute"),
    "pulang": ("way home", "going home", "coming home"),
    "jalan": ("road", "street", "traffic"),
    "henti": ("quit", "resigned", "stop", "stopped", "stopping"),
    "tunggak": ("missed", "arrears", "overdue", "unpaid"),
    "sakit": ("illness", "sick", "ill", "disease"),
    "ikut": ("joined", "joining"),
    "peserta": ("member", "members", "participant", "participants", "membership"),
    "cek": ("checking",),
    "usia": ("age", "old"),
    "kerja": ("work", "working", "worked"),
    "pekerjaan": ("job", "jobs"),
    "kantor": ("office", "offices"),
    "obat": ("treatment", "medical", "medicine"),
    "biaya": ("cost", "costs", "bill", "fees"),
    "murah": ("cheap", "cheapest", "lowest", "minimum"),
    "apa": ("what",),
    "motor": ("motorbike", "motorcycle", "motorbikes", "scooter"),
    "pasar": ("market", "markets"),
    "kaki": ("leg", "legs", "foot", "feet"),
    "tangan": ("arm", "arms", "hand", "hands", "finger", "fingers"),
    "keluarga": ("family", "families", "relatives", "relative"),
    "terima": ("receive", "receives", "received", "get paid"),
    "badan": ("agency",),
    "mesin": ("machine", "machines"),
    "pabrik": ("factory", "factories", "plant"),
    "beri": ("give", "gives", "given", "provide", "provides"),
    "naik": ("riding", "ride", "rode"),
    # Not "what is": entries ask "What is the call centre number?" too.
    "tanpa": ("without",),
    "wajib": ("required", "require", "requires", "compulsory", "mandatory", "obligatory"),
    "email": ("email address", "e-mail", "e-mail address"),
    "alamat": ("address",),
    "setelah": ("after",),
    "sebelum": ("before",),
    "masih": ("still",),
    "perlu": ("need", "needs", "needed"),
    "pengertian": ("meaning", "mean", "means", "stand for", "stands for"),
}

DOMAIN: dict[str, str] = _expand(_GROUPS, _ENGLISH)

# Dropped after the dictionary, before stemming (so "peserta" never meets "serta").
# Not here on purpose: tidak, belum, sudah, meninggal, kerja, berapa, bagaimana, kapan, dimana,
# siapa, cara, bisa, boleh, dapat, punya — they change what is asked.
STOPWORDS: frozenset[str] = _words(
    """
    apa yang dan di ke dari untuk dengan pada dalam atau juga saja itu ini kalau jika maka
    adalah ialah akan agar supaya bagi tentang sebagai seperti serta para pun lalu kemudian
    ketika saat pas apakah karena masih lagi tapi nanti hanya cuma cuman semua tersebut nya
    si sang
    saya kami kita kamu anda km sampeyan panjenengan kowe awak dia beliau mereka
    ya yah iya yaa sih dong nih kok deh kah lah tuh loh lho toh to tho po mbok ki lha og kan
    ah eh oh wah hehe haha wkwk wkwkwk hihi xixi trus banjur nyang menyang
    pak bu bapak ibu min admin mimin kak kakak mas mbak mba bang abang om tante gan sis bro
    dik adik lik pakde bude mbah
    tolong mohon minta please pls plis terimakasih makasih mksh thx thanks nuwun matur sewu
    punten permisi maaf halo hallo hai hi assalamualaikum salam selamat pagi siang sore malam
    sugeng enjing rp rupiah
    ning neng nang lan kabeh nggih inggih njih enggih kang dipun dhateng kanthi
    aja ada gitu gini begitu begini emang memang sebenarnya sebetulnya sekitar
    bener benar betul terus trs udahan soalnya gimanakah sesuatu hal kira utawa utawi ing
    wonten dulu duluan supados supaya ben biar kyk kayak kados sampe sampai ngantos nganti jare
    katanya jd dadi dados jadi beneran lho kathah ku mu sbg saben setiap tiap koyo koyok
    the a an is are am do does did what i my me we you your of to for in on at if it and or
    with be will would should about please get got there this that from as by
    """
)

# Never stemmed. Sastrawi cuts these to roots that change the meaning or collide with stop
# words (peserta → serta, meninggal → tinggal, jaminan → jamin, berkala → kala), or the roots
# would merge terms that must stay apart here (pekerja/pekerjaan vs kerja).
# "pendaftaran" is *not* protected: pendaftaran → daftar is the right stem and joins it with
# daftar/mendaftar/ndaftar.
PROTECTED: frozenset[str] = _words(
    """
    peserta kepesertaan pekerja pekerjaan meninggal kecelakaan ketenagakerjaan pensiun
    jaminan perangkat penerima iuran santunan anggaran berkala pemerintah perisai keluarga
    kesehatan bpjs bpu jht jkk jkm jkp jp pmi jakon jmo kpj ktp kades sekdes bpd apbdes add
    kaur kasi kadus siltap plkk stmb dimana nelayan beasiswa pemakaman sosialisasi tenaga
    berangkat sebelum setelah pekerjaan perlu penghargaan perkades perdes perbup warga
    """
)

# Matching only these is not understanding the question ("berapa harga cabe?"): they occur in
# every domain, so a query made of them plus unknown words is out of scope.
GENERIC: frozenset[str] = _words(
    """
    berapa bagaimana kenapa dimana kapan siapa cara tidak sudah belum dapat bisa boleh harus
    mau punya sekarang bulan tahun hari juta ribu uang tua anak orang baru lama pakai
    """
)

# Names of programmes and agencies. A question that names one is about that one: an entry
# that never mentions it is scored down ("bpjs kesehatan nunggak" is not about late BPJS TK
# contributions; "beasiswa jkk" is not "beasiswa jkm").
KEY_TERMS: frozenset[str] = _words(
    """
    jht jkk jkm jp jkp kesehatan pmi jakon bpu pu perisai
    """
)

# Terms that put a question under another agency (BPJS Kesehatan, its KIS/JKN cards and
# clinics), and those that bring it back to ours (our name, our programmes, a comparison).
OTHER_SERVICE: frozenset[str] = _words("kesehatan faskes")
OWN_SERVICE: frozenset[str] = _words(
    """
    ketenagakerjaan jht jkk jkm jp jkp kecelakaan pensiun beda
    """
)

# A contact asked for ("nomor", "hp", "wa", "telepon") of a village official: the bot holds no
# such number (see ``_asks_for_a_contact`` in index.py).
CONTACT: frozenset[str] = _words("nomor hp wa telepon")
VILLAGE_PEOPLE: frozenset[str] = _words("kades sekdes kadus kaur kasi bpd")

# Words that only a question about BPJS TK (or the Desa Sadar programme) uses. A question
# without one ("ktp sy hilang gmn ngurusnya", "jam buka puskesmas") may still be ours, but it
# is answered outright only on the strict thresholds (``Thresholds.strict_*`` in index.py).
# Not here: everyday words that other services share (daftar, cair, kerja, desa, kades).
ANCHORS: frozenset[str] = _words(
    """
    bpjs ketenagakerjaan jht jkk jkm jp jkp bpu pu pmi jakon jmo kpj perisai iuran klaim
    santunan beasiswa peserta kecelakaan meninggal pensiun phk bayar tunggak diskon sadar
    perangkat apbdes siltap bpd perdes perkades perbup kartu nik bot 175 cacat ahli waris
    rawat obat plkk lapak asik tugas jaminan manfaat insentif sosialisasi kadus sekdes kaur
    kasi
    """
)

DEFINITION = "pengertian"  # the term of "apa itu", "kuwi apa", "what is"

# Words that may stand beside a programme's name in "what is X" without changing the question
# ("jkp iku program apa"), and the programmes they may stand beside.
NAME_WORDS: frozenset[str] = _words("program programme")
PROGRAMMES: frozenset[str] = _words("jht jkk jkm jp jkp")

# A question that names one of these and nothing else ("jkk?", "apa sih jkk itu", "jamsostek
# iku opo": the question words are stop words) asks what it is: the index adds "pengertian".
# Each is the set of terms the name normalises to.
DEFINABLE: frozenset[frozenset[str]] = frozenset(
    _words(name)
    for name in (
        "jht",
        "jkk kecelakaan",
        "jkm meninggal",
        "jp pensiun",
        "jkp phk",
        "bpjs ketenagakerjaan",
        "ketenagakerjaan",
        "perisai",
        "bpu",
        "pu",
        "jmo",
        "kpj",
        "desa sadar",
        "jakon",
        "pmi",
    )
)
