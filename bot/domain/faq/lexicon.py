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
    # Paid by the day is a casual labourer's pay, not a contribution paid ("buruh tani, dibayar
    # per hari, boleh ikut?" is the day labourers' entry, not the farmers' contribution).
    "hari lepas": (
        "dibayar per hari",
        "bayar per hari",
        "dibayar harian",
        "digaji harian",
        "digaji per hari",
        "bayaran harian",
        "bayarane saben dina",
        "dibayar saben dina",
        "paid per day",
        "paid daily",
        "paid by the day",
    ),
    "jkp phk": (
        "jkp",
        "jaminan kehilangan pekerjaan",
        "kehilangan pekerjaan",
        "kehilangan kerja",
        "kehilangan kerjaan",
    ),
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
    # The Ministry of Agriculture's card, not ours (OTHER_TOPICS); one term so "tani" stays ours.
    "kartutani": ("kartu tani", "kartu petani", "farmer card", "farmers card"),
    # A migrant worker's placement fee is the agency's and BP2MI's matter, not ours.
    "biayapenempatan": (
        "biaya penempatan",
        "placement fee",
        "placement fees",
        "agency fee",
        "agency fees",
    ),
    # The RT's cleaning or security dues, not ours (OTHER_TOPICS; "sampah" and "ronda" are).
    "iuranrt": (
        "iuran kebersihan",
        "uang kebersihan",
        "iuran rt",
        "iuran warga",
        "cleaning fee",
        "rt fee",
    ),
    # Land at the BPN, not ours (OTHER_TOPICS).
    "sertifikattanah": (
        "sertifikat tanah",
        "sertipikat tanah",
        "sertifikat rumah",
        "akta tanah",
        "surat tanah",
        "balik nama",
        "land certificate",
    ),
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
    # "rek" alone is Suroboyoan for "guys" ("oleh opo ae teko bpjs tk rek?", a stop word); a bank
    # account is "no rek".
    "rekening": ("rekening", "no rek", "nomor rek", "norek", "buku tabungan"),
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
    "tani": ("petani", "tani", "bertani", "nyawah", "tandur", "nandur"),
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
    "rawat": (
        "rawat",
        "dirawat",
        "opname",
        "mondok",
        "rawat inap",
        "perawatan",
        "perawatannya",
    ),  # Sastrawi: perawatan → "awat"
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
        "tu apa",
        "ki opo",
        "ki apa",
        "iki opo",
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
    "untuk": ("untuk", "utk", "buat", "bwt", "kanggo", "kangge", "gawe kanggo", "nggo"),
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
    "ambil": (
        "ambil",
        "jupuk",
        "njupuk",
        "dijupuk",
        "pendhet",
        "mendhet",
        "dipunpendhet",
        "dipundhut",
    ),
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
        "wadul",
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

# --- Javanese: a general ngoko and krama dictionary for this domain, with the East and
# Central Java spellings villagers type (a/o: "pira"/"piro"; dh/d, th/t: "dhuwit"/"duwit").
# Each target is a term the FAQ texts themselves produce. Merged into _GROUPS below (a
# target may already have Indonesian variants there). Traps: "lara" is sick, "loro" is two;
# "mau" (Javanese "earlier") stays "want"; "kali" (river: Indonesian "times") is left out, and
# "pati" (death) only in phrases ("santunan pati"): alone it is also a regency.
_JAVANESE: dict[str, tuple[str, ...]] = {
    # family
    "suami istri": ("garwo", "sisihan", "semah"),
    "suami": ("bojo lanang", "garwa kakung", "garwo kakung"),
    "istri": ("bojo wadon", "garwa estri", "garwo estri", "estri"),
    "nikah": ("rabi", "omah omah", "ningkah", "dhaup", "palakrama"),  # "rabi" is not "rabbi" here
    "anak": ("laredipun",),
    "anak angkat": ("anak pupon", "anak pupu", "anak angkate"),
    "saudara": ("sedulur", "dulur", "sadherek", "sedherek"),
    "mertua": ("maratuwa", "maratuwo", "morotuwo", "mertuwa", "mertuwo", "marasepuh"),
    "keluarga": ("kulawarga", "kluarga", "keluwarga", "brayat"),
    "orang tua": ("wong tuo", "wongtuwa", "wongtuo", "tiang sepuh"),
    "tua": ("tuwa", "tuwek"),
    "muda": ("enom", "anom", "nom"),  # "enom" is young, "enem" is six
    "janda": ("dhudha", "dudo", "dhudho", "rondho"),
    "lahir": ("lair", "nglairake", "nglairke", "babaran", "miyos", "manak"),
    "ahli waris": ("ahliwaris", "ahli warise", "sing oleh warisan"),
    "perempuan": ("wong wadon", "tiyang estri"),
    "orang": ("uwong",),  # not "tiang": Indonesian "pole" (tiang listrik)
    # death and burial
    "meninggal": (
        "sedo",
        "tilar dunya",
        "tilar donyo",
        "pejah",
        "kapundhut",
        "kapundut",
        "tiwas",
        "ninggal donya",
        "ninggal dunya",
        "swargi",
        "suwargi",
        "lelayu",
        "sripah",
    ),
    "pemakaman": (
        "kuburan",
        "pasarean",
        "pasareyan",
        "sarean",
        "sumare",
        "disarekake",
        "kasarekaken",
        "pametakan",
        "panguburan",
        "layatan",
        "nglayat",
    ),
    "santunan meninggal": ("santunan pati", "dhuwit pati", "arta pati"),
    "jkm meninggal": ("jaminan pati",),
    "klaim meninggal": ("klaim pati",),
    "akta meninggal": ("akte pati", "akta pati"),
    "surat meninggal": ("layang pati", "surat pati"),
    "jenazah": ("layon", "mayit", "mayat", "jisim"),
    # illness and care
    "sakit": (
        "gering",
        "mriang",
        "meriang",
        "ngelu",
        "nandhang lara",
        "nandang lara",
    ),
    "sembuh": ("waras", "saras", "nganti mari", "ngantos mantun"),  # not "mari" alone: "let's"
    "belum sembuh": ("durung mari", "dereng mantun"),
    "sudah sembuh": ("wis mari", "sampun mantun"),
    "dokter": ("dhokter", "mantri"),
    "rumah sakit": ("rumahsakit", "rsud"),
    "rawat": ("mondhok", "opnam", "dirumat", "ngrumat"),
    "obat": ("tamba", "tombo", "jampi", "tetamba"),
    # injuries, accidents, body
    "luka": (
        "ketaton",
        "katatu",
        "ketatu",
        "getihen",
        "metu getih",
        "babak bundhas",
        "bundhas",
        "bonyok",
        "kebacok",
        "kegores",
        "keiris",
        "kesabet",
        "ketusuk",
        "kecocog",
        "kecocok",
    ),
    "kecelakaan": (
        "tiba",  # Javanese "fall"; Indonesian "tiba-tiba" (suddenly) is dropped below
        "tibo",
        "ceblok",
        "ceblog",
        "kecemplung",
        "kecemplong",
        "kejegur",
        "kejlungup",
        "kepleset",
        "keplorod",
        "kesandung",
        "kecilakan",
        "kacelakan",
        "katabrak",
        "ketubruk",
        "kesrempet",
        "keserempet",
        "kegiles",
        "kelindhes",
        "kelindes",
        "kegencet",
        "kejepit",
        "kesetrom",
        "kesamber",
        "kebentur",
        "ketiban",
        "kebrukan",
        "kracunan",
        "keracunen",
        "kecengklak",
        "kekilir",
        "tugel",
        "remuk",
        "balung pothol",
        "balunge pothol",
        "balung patah",
        "balunge patah",
        "patah balung",
    ),
    "cacat": (
        "cacad",
        "driji pedhot",
        "driji pedot",
        "driji tugel",
        "driji putus",
        "jempol pedhot",
        "jempol putus",
        "tangan pedhot",
        "tangan pedot",
        "sikil pedhot",
        "sikil pedot",
        "sikil putus",
        "wuta",
        "picek",
        "budheg",
        "budek",
        "dengklang",
    ),
    "putus": ("pedhot", "pedot", "pothol", "potol", "coplok", "sempal"),
    "jari": ("driji", "jempol"),
    "kaki": ("sikil",),
    "tangan": ("asta",),
    "patok": ("dicakot", "dicokot", "kecokot", "dipathok", "kepatil", "dipatil", "patuk"),
    "ular": ("ula", "ulo"),
    # work and trades
    "kerja": ("nyambutgawe", "makaryo", "nyambut karya"),
    "pekerjaan": ("pegaweyan", "pegawean", "penggawean", "padamelan", "pedamelan", "gaweyan"),
    "jkp phk": (
        "kelangan gawean",
        "kelangan pegaweyan",
        "kelangan kerja",
        "kelangan pakaryan",
        "ilang gawean",
        "kecalan padamelan",
        "ical padamelan",
    ),
    "phk": (
        "dirumahne",
        "dirumahaken",
        "dipunrumahaken",
        "dilereni",
        "dilerenke",
        "dilerenake",
        "dimandhegke",
        "dipocot",
    ),
    "henti": (
        "leren",  # "stop (working)"; resting is "ngaso"
        "leren kerja",
        "leren nyambut gawe",
        "lereni",
        "mandeg",
        "mandhek",
        "kendel",  # krama "stop"; ngoko "kendel" (brave) hardly comes up
        "kendel nyambut damel",
        "medal saking padamelan",
        "metu saka pabrik",
        "metu saka gawean",
    ),
    "istirahat": ("ngaso", "leren disik"),
    "tani": ("tetanen", "among tani", "nggarap sawah", "wong tani", "tiyang tani", "ngluku"),
    "padi": ("pari", "gabah"),  # "pari" is rice; the stingray (ikan pari) hardly comes up
    "giling": ("selep", "selepan", "nyelep", "mesin selep"),
    "sawah": ("sabin",),
    "ternak": ("ingon", "ingon ingon", "ngingu", "ngingon", "rajakaya", "angon"),
    "kelapa": ("klapa", "kambil", "krambil"),
    "pohon": ("wit", "uwit", "wit witan", "witan"),
    "golok": ("bendho", "bendo", "pecok"),
    "nelayan": ("nglaut", "golek iwak", "pados ulam"),
    "ikan": ("iwak",),
    "perahu": ("prau", "prahu", "jukung", "sampan"),
    "laut": ("segara", "segoro", "samodra", "samudra"),
    "tenggelam": ("keli", "kintir", "kentir", "keintir", "kelelepan"),
    "dagang": (
        "dodol",  # "sell" in Javanese; the sweet (dodol) is not a question here
        "sadean",
        "sade",
        "nyade",
        "kulakan",
        "mremo",
        "ider",
        "ngider",
        "mider",
    ),
    "warung": ("angkringan", "wedangan", "warung kopi"),
    "toko": ("pracangan", "mracang"),
    "pasar": ("peken", "pekenan"),
    "ojek": ("ngojol",),
    "sopir": ("nyupir",),
    "kuli": ("nguli", "kuli bangunan", "manol"),
    "tukang": ("tukang batu", "tukang kayu"),
    "serabutan": ("srabutan", "kerja srabutan"),
    "pegawai": ("pegawe",),
    "pabrik": ("paberik", "pabrikan"),
    "majikan": ("juragan", "bos"),
    "luar negeri": (
        "luar negri",
        "luwar negeri",
        "manca negara",
        "mancanegara",
        "manca",
        "jaban rangkah",
        "negara liya",
        "negara manca",
        "negari manca",
        "negari sanes",
        "manca negari",
        "mancanegari",
    ),
    "paspor": ("pasport",),
    # money and amounts
    "uang": ("duwit", "arto", "yatra", "sangu"),
    "biaya": ("ragad", "ragat", "wragad", "beya"),
    "mahal": ("awis", "larang banget"),  # not "larang" alone: Indonesian "forbid"
    "murah": ("mirah",),
    "penghasilan": (
        "opah",
        "pangasilan",
        "pametu",
    ),
    "hasil": ("asil",),
    "bayar": (
        "bayarke",
        "nyaur",
        "disaur",
        "ngangsur",
        "diangsur",
        "dipunbayari",
    ),
    "iuran": ("urunan",),
    "hitung": ("etung", "ngetung", "ngetang", "petung", "itung", "itungane"),
    "jumlah": ("gunggung", "cacah"),
    "lebih": ("luwih", "langkung"),
    "kurang": ("kirang",),
    "cukup": ("cekap", "nyukupi", "kacukupan"),
    "banyak": ("akeh", "okeh", "uakeh"),
    "satu": ("siji", "setunggal", "setunggil"),
    "2": ("rong",),  # as in rong sasi, two months
    "7": ("pitu",),
    "8": ("wolu",),
    "9": ("sanga", "songo"),
    "11": ("sewelas",),
    "12": ("rolas", "kalih welas"),
    "15": ("limalas", "limang welas", "gangsal welas"),
    "16": ("nembelas", "nem welas"),
    "17": ("pitulas", "pitu welas"),
    "20": ("rongpuluh", "rong puluh", "kalih dasa", "kalihdasa"),
    "25": ("selawe", "salawe", "selangkung"),
    "30": ("telungpuluh", "telung puluh", "tigang dasa"),
    "40": ("patangpuluh", "patang puluh", "sekawan dasa"),
    "50": ("seket", "separo"),  # "separo" is half: the 50% discount, as "separuh" above
    "60": ("sewidak", "suwidak", "swidak"),
    "70": ("pitungpuluh", "pitung puluh"),
    "80": ("wolungpuluh", "wolung puluh"),
    "90": ("sangangpuluh", "sangang puluh"),
    "100": ("satus", "setunggal atus"),
    "ratus": ("atus",),
    "juta": ("yuto", "yutan", "jutan"),
    # time
    "bulan": ("setunggal wulan",),
    "3 bulan": ("telung sasi", "telung wulan", "tigang wulan"),
    "6 bulan": ("nem sasi", "nem wulan"),
    "tahun": ("warsa",),
    "hari": ("sedinten",),
    "minggu": ("sepasar",),
    "telat": ("kasep",),
    "lambat": ("alon", "lelet"),
    "cepat": ("cepet", "enggal", "gelis", "rikat", "cepetan"),  # krama "enggal" is also "new"
    "sekarang": ("saniki", "sapunika", "samenika"),
    "sebelum": ("saderenge", "sakdereng", "sadurung", "sakdurung"),
    "setelah": ("sakbar", "sabare", "sesampunipun", "sampune"),
    "awal": ("wiwitan",),
    "mulai": ("miwiti", "wiwiti"),
    "akhir": ("pungkasan", "wekasan"),
    "selesai": ("rampung", "wis rampung", "sampun rampung"),
    "sering": ("asring", "kerep"),
    "pertama": ("kapisan", "pisanan", "kawitan"),
    "sekali": ("sepisan", "pisan"),
    "lama": ("suwi", "kesuwen"),
    # documents, phones and apps
    # Javanese "letter", not Indonesian "kite" (layang-layang) or "fibre" (serat) here.
    "surat": ("layang", "serat"),
    "kartu": ("kertu", "kartune"),
    "kartu keluarga": ("kertu kk",),
    "akta": ("akte", "akten"),
    "terang": ("katrangan", "pratelan"),
    "formulir": ("blangko", "blanko"),
    "isi": ("ngisi",),
    "fotokopi": ("potokopi", "fotocopy", "fc"),
    "nama": ("jeneng", "nami"),
    "tulis": ("nyerat", "dipunserat", "tulisane"),
    "catat": ("nyathet", "cathetan", "cathet", "dicatet", "nyatet"),
    "hp": ("henpon", "hpne", "hpku", "hpmu", "hpe"),  # too short for the clitic rule
    "aplikasi": ("apk",),
    # "ngundhuh" is also "to pick (fruit)"; beside an app it is a download.
    # Installing an app is downloading it, as in the English "install" below.
    "unduh": ("ngundhuh", "undhuh", "ndownload", "ngedownload", "nginstal", "instal"),
    "online": ("onlen", "daring", "onlin"),
    "email": ("imel", "surel"),
    "kode": ("kodhe",),
    "telepon": ("telpun", "nelpun", "ditelpun", "nilpun"),
    "lihat": ("ndelok", "delok", "deleng", "ndeleng", "mirsani", "ningali"),
    "tahu": ("ngertos", "mangertos", "sumerep"),
    "cari": ("golek", "pados", "madosi"),  # "golek" (look for), not the wooden puppet
    "tanya": (
        "takok",
        "nakokake",
        "pitakon",
        "pitakonan",
        "pitakene",
    ),
    "jawab": ("wangsulan", "mangsuli"),
    "bantu": ("pitulungan", "mbiyantu", "biyantu", "ngewangi", "ngrewangi"),
    "hapus": ("mbusak", "busak", "mbusek", "dibusek"),
    "simpan": ("simpen", "kasimpen", "nyimpen"),
    "ubah": ("ngowahi", "diowahi", "owah", "owahan", "ngewahi", "ngrubah"),
    "kirim": ("ngintun", "dipunintun", "kintun"),
    "lapor": ("nglaporake", "lapuran"),
    "tekan": ("pencet",),
    "tunjuk": ("nuduhake", "dituduhake", "tuduhake", "nedahaken"),
    "lengkap": ("jangkep", "jangkepi", "njangkepi"),
    "siap": ("cepakake", "nyepakake", "dicepakake", "siyapake", "cawisaken"),
    "pakai": ("nganggo", "dianggo", "enggo", "ngagem", "ngginakaken"),
    "jelas": ("cetha", "cetho", "gamblang", "ceto"),
    "cocok": ("cocog", "jumbuh"),
    "lindung": ("nglindhungi", "dilindhungi", "pangayoman", "kalindhungan", "lindhung", "ngayomi"),
    "mudah": ("gampang", "gampil"),
    "sulit": ("angel", "rekasa", "ewuh"),
    "lupa": ("lali", "kelalen", "supe", "kesupen", "lalen"),
    "temu": ("nemokake", "manggihaken", "pinanggih", "ditemokake"),
    "pasti": ("pesthi", "pesthekake", "mesthekake", "dipesthekaken"),
    "bukan": ("dudu",),  # not "dede": Indonesian slang for a younger sibling
    "naik": ("mundhak", "munggah", "mundak", "minggah", "numpak", "nitih", "nunggang"),
    "tinggi": ("dhuwur", "duwur", "inggil"),
    "bawah": ("ngisor", "ngandhap"),
    "luar": ("njaba", "jaba", "njobo", "jobo"),
    "khusus": ("mligi",),
    "wajar": ("lumrah",),
    "lewat": ("liwat", "lumantar"),
    "walau": ("senajan", "najan", "sanadyan", "senadyan"),
    "gantung": ("gumantung",),
    "hidup": ("urip", "gesang"),
    "ajar": ("sinau",),
    "sebut": ("diarani", "kasebut"),
    "tuju": ("ditujokake", "ancase", "goal", "goals", "purpose", "aim", "aims", "point of"),
    "sisa": ("turah", "turahan"),
    "singkat": ("cekak", "ringkes"),
    "bentuk": ("wujud", "awujud", "arupa"),
    "sedia": ("nyedhiyakake", "cumepak", "sumadya"),
    "dasar": ("adhedhasar", "dhasar"),
    "tegas": ("negesake", "ditegesake"),
    "banding": ("mbandhingake", "dibandhingake", "bandhingane"),
    "cerita": ("crita", "nyritakake", "cariyos"),
    "kumpul": ("nglumpukake", "nglumpukne", "klumpuk", "kempal"),
    "dukung": ("nyengkuyung", "disengkuyung"),
    "laksana": ("dileksanani", "nglaksanakake", "leksanakake"),
    "layan": ("ngladeni", "ngladosi", "peladen"),
    "paksa": ("kepeksa", "dipeksa", "meksa"),
    "sementara": ("sawetara", "sauntara"),
    "rumah": ("umah",),
    "tempat": ("panggonan", "panggenan", "enggon", "nggon"),
    "jalan": ("mlaku", "mlampah", "ratan"),
    "jalan raya": ("dalan gedhe", "dalan gede", "margi ageng"),
    "motor": ("montor", "pit motor", "sepedah motor"),
    "listrik": ("setrum", "strum"),
    "kota": ("kutha", "kuto", "kutho"),
    # village government
    "desa": ("desa", "deso", "dhesa"),  # "desa" too, so that "desane" loses its "-ne"
    "warga desa": ("wong desa", "wong deso", "tiyang dusun"),
    "dusun": ("dhusun",),
    "dukuh": ("padukuhan",),
    "kades": ("kuwu", "kepala desane"),
    "kadus perangkat": ("kasun", "kamituwa", "kebayan", "kepala dukuh"),
    "perangkat desa": ("modin", "jagabaya", "jogoboyo", "ulu ulu", "perangkat deso"),
    "balai desa": ("bale desa", "bale deso", "kantor deso"),
    "pemerintah": ("pamarentah", "pamrentah", "pemerentah", "paprentahan"),
    # registering, claiming, question words
    "daftar": (
        "dhaptar",
        "ndhaptar",
        "dhaftar",
        "ndhaftar",
        "kadhaftar",
        "kadaftar",
        "ndaptar",
        "daptar",
    ),
    "aju": (
        "ngajokake",
        "ngajokne",
        "diajokne",
        "ngajukne",
        "diajukne",
        "ngajokke",
        "ngajoake",
        "ajokake",
        "dipunajokaken",
    ),
    "klaim": ("nglaim",),
    "cair": (
        "nyairake",
        "nyairaken",
        "nyairne",
    ),
    "ikut": ("nderek", "dherek"),
    "punya": ("nduweni", "duweni", "darbe", "ndarbeni", "gadah"),
    "mau": ("gelem", "purun", "kepingin", "bade", "karep"),
    "beri": ("menehi", "wenehake", "wenehi"),
    "sudah": ("mpun", "empun"),
    "belum": ("drung",),
    "bisa": ("isoh", "sageda"),
    "dapat": ("antuk", "pikantuk"),  # krama "get"; Indonesian "antuk" (doze) is rare
    "tidak": ("ra", "rak", "pora"),  # "ra iso", "rak oleh": short for "ora"; "rak" (shelf) is
    # rare; "bener pora" = "apa ora", right or not
    "bagaimana": ("priben", "kepriben", "kepriwe", "pie", "pye", "yaopo"),
    "berapa": ("sepinten", "sepira", "piroan"),
    "kapan": ("kala punapa", "kala menapa"),
    "dimana": ("nengendi", "nangendi", "nandi", "nangdi", "ngendhi", "nengndi"),
    "kenapa": (
        "kenging menapa",
        "kenging punapa",
        "kenging napa",
        "geneya",
        "genea",
        "nyapo",
        "lapo",
    ),
    "saja": ("mung", "mek", "thok", "tok", "bae"),
    "saya": ("inyong", "nyong"),
    "balita": ("lair anyar", "nembe lair", "lagi lair", "bar lair", "bayi anyar"),
    "takut": ("wedi", "ajrih", "kuwatir"),
    "bingung": ("judheg", "judeg"),
    "miskin": ("mlarat", "kere"),
    "panjang": ("dawa", "dowo"),
    "jauh": ("adoh", "tebih"),
    "baru": ("anyar",),
    "angkat": ("ngusung", "diusung"),
    "tanggung": ("katanggung", "ditanggel"),
    # "Suddenly" (not a fall), and function words the stemmer would cut into other words
    # (daya, les): "all", "right".
    "": ("tiba tiba", "tibatiba", "ujug ujug", "sedaya", "leres"),
}

for _target, _forms in _JAVANESE.items():
    _GROUPS[_target] = _GROUPS.get(_target, ()) + _forms

# --- everyday words of villagers' questions that the FAQ says otherwise: chat spellings,
# East Javanese and krama forms. Merged into _GROUPS like _JAVANESE. Each target is a word of
# the FAQ texts; "" drops a word (a function word that may carry a clitic: "kancaku").
_EVERYDAY: dict[str, tuple[str, ...]] = {
    "lewat": ("lwt", "lwat", "lewt"),
    "boleh": ("blh", "bleh", "olehkah"),
    "saja": ("aj", "ajah", "doang", "dowang", "tok wae"),
    "paling": ("plg", "pling", "palg"),
    "kerja": ("krja", "krj", "kerjaa"),
    "untuk": ("kagem", "kangge kagem"),
    "baru": ("nembe", "nembe mawon", "mentas"),
    "setelah": ("bar", "sabar", "bubar"),
    "antara": ("antawis", "antarane", "antawisipun"),
    "sini": ("mriki", "ngriki", "kene", "mrene"),
    "sana": ("mrika", "ngrika", "mrana", "mrono"),
    "kena": ("kenek",),
    "bawa": ("nggowo", "gowo", "digowo", "nggowo ne", "bekto"),
    "datang": ("teko", "tekan kantor", "dugi kantor"),
    "terima": ("ditompo", "tompo", "nompo", "ditompo kerjo"),
    "masuk": ("mlebet", "mlebu", "dipunlebetaken", "nglebetaken", "dilebokake", "dilebokke"),
    "bareng": ("bebarengan", "barengan", "sareng", "sesarengan", "bareng bareng"),
    "tetangga": ("tonggo", "tangga teparo", "tanggi", "tetanggi", "tetangge"),
    "saudara": ("sodara", "sdr", "saudari", "sedherek kula"),
    "keluarga": (
        "nenek",
        "kakek",
        "eyang",
        "eyang putri",
        "eyang kakung",
        "simbah",
        "cucu",
        "putu",
        "wayah",
        "paman",
        "bibi",
        "paklik",
        "bulik",
        "keponakan",
        "ponakan",
        "sepupu",
    ),
    "anak": ("bungsu", "anak bungsu", "ragil", "anak ragil", "sulung", "anak sulung", "mbarep"),
    "jenazah": ("jasad", "jasat", "jasadipun"),
    "salah": ("lepat", "klentu", "keliru"),
    "ubah": (
        "benerin",
        "benerinnya",
        "mbenerin",
        "dibenerin",
        "mbenerke",
        "dibenerke",
        "mbenerake",
        "ngleresaken",
        "dipunleresaken",
        "leresaken",
        "betulin",
        "dibetulin",
    ),
    "nama": ("asma kula", "asma kulo", "asmanipun"),
    "kaki": ("suku kula", "suku kulo"),
    "bahasa": ("boso", "bhs"),
    "jawa": ("jowo", "jowo ne"),
    "bilang": ("omong", "ngomong", "ngomonge", "omongan", "ngomongin"),
    "obrol": ("bicara", "berbicara", "ngobrol"),
    "paham": ("mudeng", "gak mudeng paham"),
    "perlu": ("dipunbetahaken", "betahaken", "dibetahaken", "dibutuhke", "butuhke"),
    "hitung": ("dipunetang", "dipunpetang", "dietang", "dietung", "kaetang"),
    "pakai": ("dipunagem", "diagem", "kagem ngagem"),
    "penuh": ("kebak", "kebek", "kebak ne"),
    "laptop": ("komputer",),
    "kuli": ("laden", "kenek tukang", "tukang laden"),
    "pekerja": (
        "art",
        "prt",
        "asisten rumah tangga",
        "pembantu rumah tangga",
        "pembantu",
        "rewang",
    ),
    "pabrik": ("garmen", "tekstil", "konveksi"),
    "bangun": ("gedung", "gedhong"),
    "pegawai sipil": ("pns", "asn", "pegawai negeri", "pegawai negeri sipil"),
    "aju": (
        "serahin",
        "nyerahin",
        "diserahin",
        "serahkan",
        "menyerahkan",
        "diserahkan",
        "nyerahke",
        "diserahke",
        "nyerahake",
    ),
    "apbdes": ("kas desa", "uang kas desa", "kas deso"),
    "hari": ("senin", "selasa", "rabu", "kamis", "jumat", "jum at", "sabtu", "setu", "jemuah"),
    "tetap": ("permanen",),
    "naik": ("manjat", "memanjat", "panjat", "menek", "menek wit"),
    "mesin": ("perontok", "mesin perontok", "perontok padi", "molen", "mesin molen"),
    "giling": ("penggilingan", "gilingan", "penggilingan padi"),
    "sakit": (
        "muntah",
        "mutah",
        "mual",
        "pusing",
        "pening",
        "mumet",
        "stroke",
        "struk",
        "sakit gula",
        "diabetes",
        "kencing manis",
        "darah tinggi",
        "hipertensi",
    ),
    "adu": ("kuciwa", "kecewa", "gela"),
    "4": ("patang",),
    "5": ("limang",),
    "7": ("pitung",),
    "8": ("wolung",),
    "9": ("sangang",),
    "": (
        "kanca",
        "konco",
        "kancaku",
        "kancane",
        "koncoku",
        "teman",
        "temen",
        "temenku",
        "temanku",
        "rencang",
        "nasib",
        "nasibe",
        "nasibipun",
        "maaf ganggu",
        "ganggu",
        # the stemmer would cut these into other words before the stop words ("wing")
        "wingi",
        "dek wingi",
        "keknya",
        "ketoke",
    ),
}
for _target, _forms in _EVERYDAY.items():
    _GROUPS[_target] = _GROUPS.get(_target, ()) + _forms

# The bot also speaks English and question.en is indexed: English words map onto the same
# Indonesian terms, so an English question meets the Indonesian phrasings too. Every target
# is a term the FAQ itself produces. Apostrophes split words ("don't" is "don t"), so the
# contracted forms are written that way.
_ENGLISH: dict[str, tuple[str, ...]] = {
    # --- the agency, its programmes and the other BPJS
    "bpjs ketenagakerjaan": (
        "bpjs employment",
        "bpjs labor",
        "bpjs labour",
        "bpjs manpower",
        "bpjs workers",
        "bpjs work",
        "employment bpjs",
        "manpower bpjs",
        "workers social security",
        "worker social security",
        "employment social security",
        "employment insurance",
    ),
    "jaminan sosial": ("social security", "social insurance"),
    # BPJS Kesehatan is another agency: these must reach the OTHER_SERVICE check, as the
    # Indonesian "kesehatan" does.
    "bpjs kesehatan": (
        "health insurance",
        "health bpjs",
        "national health insurance",
        "health card",
        "kis card",
    ),
    "kesehatan": ("health",),
    "jaminan": ("insurance", "insured", "guarantee", "guaranteed", "security"),
    "jkk kecelakaan": (
        "work accident",
        "work accidents",
        "accident at work",
        "workplace accident",
        "occupational accident",
        "injured at work",
        "hurt at work",
        "work injury",
        "injured on the job",
        "hurt on the job",
        "accident on the job",
    ),
    # Killed, not died: a death at work may be an illness (JKM); a killing is an accident.
    "meninggal jkk kecelakaan": ("killed on the job", "killed at work", "killed while working"),
    "sakit akibat kerja": (
        "occupational disease",
        "occupational illness",
        "work related illness",
        "work related disease",
    ),
    "jht": (
        "old age savings",
        "old age saving",
        "old age benefit",
        "old age",
        # "savings" alone is nearly always the JHT balance (JHT = old-age savings).
        "savings",
        "saving",
    ),
    "jkp phk": (
        "job loss benefit",
        "job loss",
        "unemployment benefit",
        "unemployment benefits",
        "unemployment insurance",
    ),
    "jp pensiun": ("pension benefit", "pension plan", "pension programme", "pension program"),
    # Not "jkm": naming JKM would score down the JKK entries on death at work (KEY_TERMS).
    "santunan meninggal": ("death benefit", "death benefits", "death compensation"),
    "pmi": (
        "migrant",
        "migrants",
        "migrant worker",
        "migrant workers",
        "overseas worker",
        "overseas workers",
        "work abroad",
        "working abroad",
        "works abroad",
        "worked abroad",
    ),
    "pu": ("wage earner", "wage earners", "salaried", "salaried worker", "formal worker"),
    "bpu": (
        "self employed",
        "informal worker",
        "informal workers",
        "non wage earner",
        "non wage earners",
        "own business",
        "freelance",
        "freelancer",
        "freelancers",
        "informal sector",
    ),
    "program": ("programs", "scheme", "schemes"),
    # --- money
    # "fee" alone is the agents' commission (insentif); a monthly or membership fee is iuran.
    "iuran": (
        "contribution",
        "contributions",
        "contribute",
        "premium",
        "premiums",
        "monthly fee",
        "monthly fees",
        "membership fee",
        "membership fees",
        "dues",
        "subscription",
    ),
    "insentif": ("commission", "commissions", "incentive", "incentives", "reward", "rewards"),
    "bayar": (
        "pay",
        "paid",
        "pays",
        "payment",
        "payments",
        "paying",
        "installment",
        "installments",
        "instalment",
        "instalments",
    ),
    "biaya": (
        "cost",
        "costs",
        "bill",
        "bills",
        "fees",
        "charge",
        "charges",
        "expense",
        "expenses",
    ),
    "murah": (
        "cheap",
        "cheaper",
        "cheapest",
        "lowest",
        "minimum",
        "affordable",
        "least",
        "smallest",
    ),
    "mahal": ("expensive", "costly"),
    "gratis": ("free", "free of charge", "for free", "no charge"),
    "batas": ("maximum", "limit", "limits", "ceiling", "at most", "up to", "cap", "capped"),
    "paling tinggi": ("highest",),
    "diskon": ("discounts", "reduction", "reduced", "relief", "half price", "cut price"),
    "denda": ("fine", "fines", "penalty", "penalties", "late fee"),
    "uang kembali": ("refund", "refunds", "refunded", "money back"),
    "saldo": ("balance", "balances"),
    "cair": (
        "withdraw",
        "withdrawn",
        "withdrawal",
        "withdrawals",
        "withdrawing",
        "withdrew",
        "cash out",
        "take out",
        "disburse",
        "disbursed",
        "disbursement",
        "payout",
        "paid out",
        "pay out",
    ),
    "tunai": ("cash",),
    "uang": ("money", "funds money"),
    "dana": ("fund", "funds", "funding", "funded"),
    "anggaran": ("budget", "budgets"),
    "penghasilan": (
        "salary",
        "salaries",
        "wage",
        "wages",
        "earnings",
        "earn",
        "earning",
        "earns",
        "pay slip",
        "payslip",
    ),
    "sangon": ("severance", "severance pay"),
    "santunan": (
        "compensation",
        "benefit payment",
        "condolence money",
        "allowance",
        "allowances",
    ),
    "manfaat": ("benefit", "benefits"),
    # Paid at once, as the FAQ says of JHT and of a short JP ("is jht paid as lump sum or
    # monthly"), not a benefit in general.
    "sekaligus": ("lump sum", "lumpsum", "all at once", "in one go", "one time payment"),
    # A computer is where the web registration is done ("sign up on the computer instead of
    # the jmo app"); "computer" stemmed to "compute" was the calculator.
    "laptop": ("computer", "pc", "desktop"),
    "penuh": ("fulfil", "fulfill", "fulfils", "fulfills", "fulfilled", "meet the requirements"),
    "belum nikah": ("unmarried", "never married", "not married"),
    "persen": ("percent", "percentage", "per cent"),
    "hitung": (
        "counted",
        "calculate",
        "calculated",
        "calculation",
        "calculating",
        "compute",
        "count",
    ),
    "tarif": ("rate", "rates", "tariff"),
    "potong": ("deducted", "deduct", "deduction", "deductions", "cut from"),
    "tambah": ("adding", "added", "additional", "extra"),
    # Amounts said in English words ("i earn 2 million a month"): the FAQ writes "Rp2 juta".
    "juta": ("million", "millions", "mn"),
    "ribu": ("thousand", "thousands"),
    "nilai": ("value",),
    # English words of the FAQ's own English texts that the search did not know (listed by a
    # script over answer.en / question.en against the dictionary), each with its Indonesian term.
    "risiko": ("risk", "risks"),
    "porsi": ("share", "shares"),
    "rumah": ("housing",),
    "korban": ("victim", "victims"),
    "tempat kerja": ("workplace", "work place"),
    "sebagian": ("partial", "partially", "partly"),
    "rumus": ("formula",),
    "verifikasi": ("verify", "verified", "verification"),
    "isi": ("fill", "fill in", "fill out", "filling"),
    "hubung": ("contact", "contacts"),
    "tahap": ("stage", "stages"),
    "catat": ("record", "records", "recorded"),
    "balas": ("reply", "replies"),
    "tombol": ("button", "buttons"),
    "bahan": ("material", "materials"),
    "sejahtera": ("welfare",),
    "koperasi": ("cooperative", "co op"),
    "yayasan": ("foundation",),
    "provinsi": ("province", "provincial"),
    "daerah": ("region", "regional"),
    "perempuan": ("woman", "women"),
    "simpan": ("save",),
    "banjir": ("flood", "floods", "flooded"),
    "atap": ("roof",),
    "kimia": ("chemical", "chemicals"),
    "mandor": ("supervisor", "foreman"),
    "banding": ("appeal",),
    "satpam": ("security guard", "guard"),
    "hamil": ("pregnant", "pregnancy"),
    "harga": ("price", "prices"),
    "pinjam": ("borrow", "borrowed"),
    "dasar": ("based on",),
    "fitur": ("feature", "features"),
    "naik": ("riding", "ride", "rode", "increase", "increased", "raise", "raised", "rise"),
    "besar": ("amount", "amounts", "big", "large", "how big", "how large"),
    "kecil": ("small", "little"),
    "banyak": ("much", "many", "a lot", "lots"),
    "lebih": ("more", "more than", "over"),
    "kurang": ("less", "less than", "fewer"),
    "rekening": ("bank account", "account number", "savings account", "passbook", "bank book"),
    "akun": ("account", "accounts", "login", "log in", "sign in"),
    "bantu": (
        "help",
        "helps",
        "assist",
        "assistance",
        "aid",
        "subsidy",
        "subsidies",
        "subsidised",
        "subsidized",
        "support",
    ),
    "pemerintah": ("government", "govt", "gov"),
    "miskin": ("poor", "poverty", "low income"),
    "rentan": ("vulnerable",),
    # --- joining and leaving
    "daftar": (
        "register",
        "registration",
        "registering",
        "registers",
        "sign up",
        "signed up",
        "signing up",
        "enrol",
        "enroll",
        "enrolled",
        "enrolling",
        "enrolment",
        "enrollment",
        "become a member",
        "signed me up",
        "signed him up",
        "signed her up",
        "signed us up",
    ),
    "ikut": ("joined", "joining", "participate", "take part"),
    "peserta": ("member", "members", "participant", "participants", "membership"),
    "aktif": ("active", "activate", "activated", "reactivate"),
    "nonaktif": ("inactive", "lapsed", "lapse", "deactivated", "suspended", "frozen", "dormant"),
    "henti": (
        "quit",
        "quitting",
        "resigned",
        "resigning",
        "resignation",
        "stop",
        "stopped",
        "stopping",
        "stop working",
        "stopped working",
        "left my job",
        "leave my job",
        "cancel",
        "cancelled",
        "unsubscribe",
    ),
    "phk": (
        "dismissed",
        "dismissal",
        "laid off",
        "layoff",
        "layoffs",
        "fired",
        "laid me off",
        "let me go",
        "let go",
        "sacked",
        "terminated",
        "retrenched",
        "redundant",
        "lost my job",
        "lost his job",
        "lost her job",
        "lost their job",
        "lost the job",
        "lose my job",
        "losing my job",
        "unemployment",
    ),
    "tidak kerja": ("unemployed", "jobless", "out of work", "no job", "no longer working"),
    "kontrak habis": ("contract ended", "contract ends", "end of contract", "contract expired"),
    "kontrak": ("contract", "contracts"),
    "bangkrut": ("bankrupt", "went bankrupt", "closed down"),
    "pensiun": ("pension", "pensions", "retirement", "retire", "retired", "retiree", "retiring"),
    "tunggak": (
        "missed",
        "arrears",
        "overdue",
        "unpaid",
        "behind on",
        "fell behind",
        "owing",
        "owe",
        "owed",
    ),
    "telat": ("late", "delay", "delayed"),
    "kedaluwarsa": ("expire", "expires", "expiry"),
    "batas waktu": ("deadline", "deadlines", "due date", "time limit"),
    "gabung": ("combine", "combined", "merge", "merged", "merging"),
    "dobel": ("double", "duplicate", "two cards"),
    "pindah": ("move", "moved", "moving", "relocate", "relocated", "switch"),
    "lanjut": ("continue", "continued", "continuing", "resume"),
    # --- claims and paperwork
    "klaim": ("claims", "claiming", "claimed"),
    "aju": ("apply", "applied", "applying", "submit", "submitted", "submission"),
    "syarat": ("requirement", "requirements", "condition", "conditions", "criteria"),
    "dokumen": ("document", "documents", "papers", "paperwork", "files"),
    "ktp": ("id card", "identity card", "national id card", "national id", "e ktp card"),
    "nik": ("id number", "identity number", "national identity number", "population number"),
    "kartu keluarga": ("family card", "family register", "household card"),
    "akta lahir": ("birth certificate",),
    "akta meninggal": ("death certificate",),
    "surat ahli waris": ("heir certificate", "certificate of heirs", "inheritance letter"),
    "surat": ("letter", "letters", "certificate", "statement"),
    "formulir": ("form", "forms", "application form"),
    "fotokopi": ("copy", "copies", "photocopy", "photocopies"),
    "bukti": ("proof", "evidence", "receipt", "receipts"),
    "kuitansi": ("invoice",),
    "paspor": ("passport",),
    "lapor": ("report", "reports", "reported", "reporting"),
    "polisi": ("police",),
    "saksi": ("witness", "witnesses"),
    "tolak": ("rejected", "refused", "denied", "declined", "reject"),
    "proses": ("process", "processing", "processed"),
    "cara": (
        "how to",
        "how do i",
        "how can i",
        "procedure",
        "procedures",
        "steps",
        "step by step",
    ),
    "lacak": ("track", "tracking", "trace"),
    "status": ("progress",),
    "ubah": ("update", "updated", "change", "changed", "changing", "edit", "correct"),
    "ganti": ("replace", "replaced", "replacement", "renew", "new card"),
    "salah": ("wrong", "mistake", "typo", "incorrect", "error"),
    "gagal": ("failed", "fail", "failure", "not working"),
    "masalah": ("problem", "problems", "issue", "issues", "trouble"),
    "nama": ("name", "names"),
    "alamat": ("address",),
    "tanggal lahir": ("date of birth", "birth date", "birthday"),
    "hapus": ("delete", "deleted", "erase", "remove", "removed"),
    "data pribadi": ("personal data", "personal information"),
    "pribadi": ("personal", "private"),
    "privasi": ("privacy",),
    "aman": ("safe", "secure", "safely"),
    "hoaks": ("hoax", "fake", "scam", "fraud"),
    "resmi": ("official", "officially", "legit", "legitimate", "genuine"),
    "pasti": ("sure", "certain", "confirm", "confirmed", "definite"),
    "hak": ("eligible", "eligibility", "entitled", "rights", "qualify", "qualifies", "qualified"),
    "wajib": (
        "required",
        "require",
        "requires",
        "compulsory",
        "mandatory",
        "obligatory",
        "obliged",
    ),
    "tanggung": ("covered", "covers", "covering", "pays for", "paid for"),
    "lindung": ("protection", "protect", "protected", "protects", "protecting"),
    "kategori": ("category", "categories"),
    "jenis": ("type", "types", "kind", "kinds"),
    "pilih": ("choose", "chose", "choice", "select", "pick", "option", "options", "optional"),
    "contoh": ("example", "examples", "for example", "instance"),
    "beda": ("difference", "differences", "different", "differ", "compare", "compared"),
    "lain": ("other", "others", "another"),
    # --- channels
    "kantor cabang": ("branch office", "branch offices", "branch"),
    "kantor pusat": ("head office", "headquarters"),
    "kantor": ("office", "offices"),
    "tugas": ("officers", "staff member", "clerk", "human", "real person"),
    "telepon": (
        "phone",
        "call",
        "calls",
        "hotline",
        "call centre",
        "contact centre",
        "contact center",
        "telephone",
    ),
    "hp": (
        "mobile",
        "mobile phone",
        "cell phone",
        "cellphone",
        "smartphone",
        "mobile number",
        "on my phone",
        "from my phone",
        "with my phone",
        "using my phone",
        "via my phone",
        "on the phone app",
        "phone app",
    ),
    "nomor": ("number", "numbers"),
    "kpj": ("membership number", "member number", "participant number", "membership card"),
    "kartu": ("card", "cards"),
    "aplikasi": ("app", "apps", "application", "applications"),
    "situs": ("site", "websites", "webpage"),
    "email": ("email address", "e mail", "e mail address", "emails"),
    "kode": ("code", "codes", "pin"),
    "otp": ("verification code", "one time password"),
    "unduh": ("download", "downloaded", "downloading", "install", "installed", "installing"),
    "minimarket": ("convenience store", "mini market", "supermarket"),
    "loket": ("counter", "counters"),
    "antri": ("queue", "queueing", "line up"),
    "lewat": ("via", "through", "by way of"),
    "langsung": ("in person", "directly", "direct", "face to face"),
    "online": ("internet",),
    "buka": ("open", "opened", "opening"),
    "jam buka": ("opening hours", "office hours", "open hours", "business hours"),
    "tutup": ("closed", "close"),
    "dekat": ("nearest", "near", "nearby", "closest", "close to"),
    "jauh": ("far", "far away", "remote"),
    "lokasi": ("location", "locations"),
    "adu": ("complaint", "complaints", "complained"),
    "tanya": ("ask", "asking", "asked", "question", "questions", "inquire", "enquire", "enquiry"),
    "jawab": ("answer", "answers", "answered"),
    "informasi": ("information", "inform", "details"),
    "bot": ("robot", "chatbot", "chat bot"),
    # --- the village
    "desa": ("village", "villages", "rural"),
    "warga desa": ("villager", "villagers"),
    "warga": ("resident", "residents", "citizen", "citizens", "community", "public"),
    "kades": ("village head", "head of the village", "village chief", "headman", "village leader"),
    "sekdes perangkat": ("village secretary", "secretary"),
    "kaur perangkat": ("treasurer", "village treasurer"),
    "kadus perangkat": ("hamlet head", "head of the hamlet"),
    "dusun": ("hamlet", "hamlets"),
    "perangkat desa": (
        "village official",
        "village officials",
        "village apparatus",
        "village staff",
        "village officer",
        "village officers",
        "officials",
    ),
    "pemdes": ("village government", "village administration"),
    "dana desa": ("village fund", "village funds", "village money"),
    "apbdes": ("village budget", "village budgets"),
    "perdes": ("village regulation", "village regulations", "village law"),
    "perkades": ("village head regulation", "village head decree", "village head regulations"),
    "perbup": ("regent regulation", "regent regulations", "regent s regulation"),
    "bpd": ("village council", "village consultative body"),
    "bupati": ("regent",),
    "kabupaten": ("regency", "regencies"),
    "camat": ("district", "subdistrict", "sub district", "district head"),
    "rt": ("neighbourhood", "neighborhood", "neighbourhood head", "neighborhood head"),
    "tetangga": ("neighbour", "neighbor", "neighbours", "neighbors"),
    "atur": ("regulation", "regulations", "rule", "rules", "decree", "policy"),
    "uu": ("law", "laws"),
    "instruksi": ("instruction", "instructions"),
    "menteri": ("minister", "ministry"),
    # Telling villagers about the programme: the FAQ's word is "sosialisasi".
    "sosialisasi": (
        "socialisation",
        "socialization",
        "info session",
        "info sessions",
        "information session",
        "information sessions",
        "outreach",
        "awareness",
        "campaign",
        "announcement",
        "announce",
        "promote",
        "promotion",
        "dissemination",
    ),
    "sadar": ("aware",),
    # News of an accident or a death is not a question about one's own cover ("news says there
    # was a big accident at the fishing port, how many died?"): OTHER_TOPICS.
    "berita": ("news", "headline", "headlines"),
    "kerjasama": ("cooperation", "partnership", "agreement"),
    "mitra": ("partner", "partners"),
    "agen": ("agent", "agents", "recruiter"),
    "ajak": ("recruit", "recruiting", "invite", "invited", "persuade"),
    "kader": ("cadre", "cadres", "volunteer", "volunteers"),
    "penghargaan": ("awards", "awarded", "prize", "winner", "champion"),
    "bumdes": ("village owned enterprise", "village enterprise"),
    # --- people and family
    "anak": ("child", "children", "kid", "kids", "son", "sons", "daughter", "daughters", "orphan"),
    "balita": ("baby", "babies", "toddler", "toddlers", "infant", "newborn"),
    "suami istri": ("husband", "wife", "spouse", "husbands", "wives", "spouses"),
    "suami": ("my husband", "her husband"),
    "istri": ("my wife", "his wife"),
    # Father and mother are "bapak"/"ibu", stop words here (they are also "Sir"/"Madam"); the
    # heirs' entries say "orang tua".
    "orang tua": (
        "parent",
        "parents",
        "father",
        "mother",
        "dad",
        "mum",
        "mom",
        "elderly parents",
    ),
    "mertua": ("father in law", "mother in law", "parents in law", "in laws"),
    "saudara": ("brother", "brothers", "sister", "sisters", "sibling", "siblings"),
    "keluarga": (
        "family",
        "families",
        "relatives",
        "relative",
        "grandchild",
        "grandchildren",
        "grandson",
        "granddaughter",
        "grandfather",
        "grandmother",
        "grandparents",
        "uncle",
        "aunt",
        "cousin",
        "nephew",
        "niece",
        "household",
    ),
    # Not "inheritance" or "inherited": land and houses handed down are another topic.
    "ahli waris": (
        "heir",
        "heirs",
        "next of kin",
        "beneficiary",
        "beneficiaries",
        "inherit",
        "inherits",
    ),
    "janda": ("widow", "widower", "widows", "widowed", "divorced", "divorce"),
    "nikah": ("marry", "married", "marries", "marriage", "wedding", "remarry", "remarried"),
    "lahir": ("born", "birth", "give birth", "childbirth"),
    "hidup": ("alive", "living"),
    "orang": ("people", "person", "someone", "somebody", "anyone", "anybody"),
    "sendiri": (
        "myself",
        "yourself",
        "himself",
        "herself",
        "themselves",
        "by myself",
        "on my own",
        "alone",
        "own",
    ),
    "usia": ("age", "aged", "old", "how old"),
    "tua": ("elderly", "old people"),
    "muda": ("young", "youth"),
    "karang taruna": ("youth organisation", "youth organization", "youth group"),
    "sekolah": ("school", "student", "students", "pupil", "education", "study", "studying"),
    "beasiswa": (
        "scholarship",
        "scholarships",
        "education benefit",
        "school money",
        "education money",
        "school fees",
        "tuition",
        "tuition fees",
    ),
    "kuliah": (
        "university student",
        "university students",
        "college student",
        "university",
        "college",
        "bachelor",
        "degree",
        "undergraduate",
        "campus",
    ),
    "sma": ("high school", "senior high school", "senior high"),
    "smp": ("junior high school", "junior high", "middle school"),
    "sd": ("primary school", "elementary school"),
    "lulus": ("graduate", "graduated", "graduation"),
    "rapor": ("report card", "school report"),
    # --- work and workers
    "kerja": ("work", "works", "working", "worked", "employment", "employed", "labour", "labor"),
    "pekerjaan": ("job", "jobs", "occupation", "profession"),
    "karyawan": ("employee", "employees", "staff"),
    # "perusahaan" (company) stems to "usaha"; "business" is "usaha" too.
    "usaha": ("company", "companies", "employer", "employers", "firm", "business", "businesses"),
    "usaha kecil": ("small business", "micro business", "small businesses", "sme", "umkm"),
    "majikan": ("boss", "employer abroad"),
    "nelayan": ("fisherman", "fishermen", "fisher", "fishers", "fishing"),
    "ikan": ("fish",),
    "pembudidaya ikan": ("fish farmer", "fish farmers", "fish farming", "fish pond", "fishpond"),
    "perahu": ("boat", "boats", "canoe"),
    "kapal": ("ship", "ships", "vessel"),
    "abk": ("ship crew", "crew"),
    "laut": ("sea", "at sea", "ocean"),
    "tenggelam": ("drowned", "drowning", "drown", "capsized", "sank", "swept away"),
    "tani": (
        "farmer",
        "farmers",
        "farming",
        "farm worker",
        "farm workers",
        "farmhand",
        "farm labourer",
        "planting",
        "plowing",
        "ploughing",
        "weeding",
        "spraying",
        "pesticide",
        "pesticides",
        "agriculture",
    ),
    "sawah": (
        "rice field",
        "rice fields",
        "paddy",
        "paddy field",
        "field",
        "fields",
        "farm",
        "farms",
        # "kebun" (garden, plantation) is "sawah" here.
        "plantation",
        "plantations",
        "garden",
        "orchard",
    ),
    "padi": ("rice",),
    "sawit": ("palm oil", "oil palm"),
    "kelapa": ("coconut", "coconuts"),
    "pohon": ("tree", "trees"),
    "panen": ("harvest", "harvesting", "harvested", "harvests", "crop", "crops"),
    "mesin panen": ("combine harvester",),
    "ternak": (
        "livestock",
        "cattle",
        "cow",
        "cows",
        "goat",
        "goats",
        "chicken",
        "chickens",
        "breeder",
        "herder",
    ),
    "arit": ("sickle", "scythe"),
    "golok": ("machete", "knife", "cleaver"),
    "cangkul": ("hoe", "hoeing"),
    "mesin": ("machine", "machines", "tractor", "thresher"),
    "dagang": (
        "trader",
        "traders",
        "seller",
        "sellers",
        "vendor",
        "vendors",
        "sell",
        "sells",
        "selling",
        "merchant",
        "trade",
        "trading",
    ),
    "dagang keliling": ("hawker", "hawkers", "peddler", "street vendor", "street seller"),
    "dagang online": ("online shop", "online seller", "sell online", "selling online"),
    "warung": ("shop", "shops", "stall", "stalls", "kiosk", "shopkeeper", "food stall"),
    "pasar": ("market", "markets"),
    "ojek": (
        "motorcycle taxi",
        "motorbike taxi",
        "bike taxi",
        "online driver",
        "rider",
        "riders",
    ),
    "sopir": ("drivers",),
    "kurir": ("courier", "couriers", "delivery", "delivery driver"),
    "angkot": ("minibus", "public minibus"),
    "truk": ("truck", "trucks", "lorry"),
    "motor": ("motorbike", "motorcycle", "motorbikes", "motorcycles", "scooter", "bike"),
    "jalan": ("road", "roads", "street", "traffic", "highway"),
    "tukang": (
        "tailor",
        "barber",
        "mechanic",
        "carpenter",
        "builder",
        "bricklayer",
        "mason",
        "plumber",
        "electrician",
        "handyman",
        "craftsman",
        "welder",
        "painter",
    ),
    "kuli bangun": ("construction worker", "construction workers", "building worker"),
    "konstruksi": ("construction",),
    "jakon": ("construction services", "construction service"),
    "bangun": ("building", "build", "built"),
    "proyek": ("project", "projects"),
    "kontraktor": ("contractor", "contractors"),
    "kuli": ("porter", "porters", "coolie", "day labourer", "day laborer"),
    "buruh": ("labourer", "labourers", "laborer", "laborers"),
    "serabutan": ("odd jobs", "odd job", "casual work", "casual worker", "casual workers"),
    "pulung": ("waste picker", "waste pickers", "scavenger", "scavengers"),
    "pabrik": ("factory", "factories", "plant"),
    "gudang": ("warehouse",),
    "karung": ("sack", "sacks"),
    "angkat": ("lift", "lifting", "carry", "carrying"),
    "guru": ("teacher", "teachers"),
    "marbot": ("mosque caretaker", "mosque caretakers"),
    "pegawai sipil": ("civil servant", "civil servants"),
    # The FAQ has no word for domestic work; "pekerja" keeps such a question understood and
    # lets the rest of it (abroad, join, accident) decide.
    # Not "worker(s)": the English FAQ texts say "workers" where the Indonesian ones say
    # "peserta" or "tenaga kerja"; mapping it cost a held-out question.
    "pekerja": (
        "maid",
        "maids",
        "housemaid",
        "domestic worker",
        "domestic workers",
        "domestic helper",
        "nanny",
        "caregiver",
        "housekeeper",
    ),
    # --- migrant work
    "luar negeri": (
        "abroad",
        "overseas",
        "foreign country",
        "another country",
        "foreign",
        # Destinations the FAQ does not name mean abroad. Not "hong kong": as either
        # "hongkong" (a FAQ word) or "luar negeri" it pulled a wrong entry ahead.
        "taiwan",
        "korea",
        "south korea",
        "japan",
        "singapore",
        "brunei",
        "saudi",
        "saudi arabia",
        "arabia",
        "middle east",
        "qatar",
        "dubai",
        "uae",
        "kuwait",
        "oman",
        "australia",
        # and their cities, as migrant workers name where they work
        "riyadh",
        "jeddah",
        "jedah",
        "dammam",
        "doha",
        "abu dhabi",
        "taipei",
        "taichung",
        "kaohsiung",
        "seoul",
        "busan",
        "tokyo",
        "osaka",
    ),
    "usaha tempat": ("placement agency", "placement company", "recruitment agency", "sponsor"),
    "tempat": ("placement", "place", "places"),
    "kbri": ("embassy",),
    "konsulat": ("consulate",),
    "aniaya": ("abuse", "abused", "beaten", "mistreated", "assaulted", "violence"),
    "perkosa": ("rape", "raped"),
    "berangkat": (
        "on the way to",
        "going to",
        "commuting",
        "commute",
        "depart",
        "departure",
        "leaving for",
    ),
    "pulang": (
        "come home",
        "way home",
        "going home",
        "coming home",
        "go home",
        "return home",
        "back home",
        "returned home",
        "repatriated",
        "deported",
    ),
    # --- accidents, illness and death
    "kecelakaan": (
        "accident",
        "accidents",
        "injured",
        "injury",
        "injuries",
        "hurt",
        "fell",
        "fall",
        "falls",
        "fallen",
        "falling",
        "slipped",
        "broke",
        "broken",
        "fracture",
        "fractured",
        "crash",
        "crashed",
        "collision",
        "collided",
        "run over",
        "hit by",
        "crushed",
        "electrocuted",
        "electric shock",
        "poisoned",
        "poisoning",
        "stung",
        "sprained",
        "sprain",
        "mishap",
    ),
    "luka": (
        "cut",
        "cuts",
        "wound",
        "wounded",
        "wounds",
        "bleeding",
        "burn",
        "burns",
        "burned",
        "burnt",
    ),
    "ular": ("snake", "snakes"),
    "ular patok": ("snake bite", "snakebite", "bitten by a snake"),
    "patok": ("bitten", "bite"),
    "cacat": (
        "permanent disability",
        "permanently disabled",
        "disability",
        "disabled",
        "disabilities",
        "paralysed",
        "paralyzed",
        "crippled",
        "handicapped",
        "blind",
        "amputated",
        "amputation",
    ),
    "tangan": ("arm", "arms", "hand", "hands", "finger", "fingers", "thumb"),
    "kaki": ("leg", "legs", "foot", "feet", "toe", "toes"),
    "jari": ("lost a finger",),
    "paru": ("lung", "lungs"),
    "napas": ("breathing", "breath"),
    "meninggal": (
        "die",
        "dies",
        "died",
        "dying",
        "death",
        "deaths",
        "dead",
        "deceased",
        "passed away",
        "passes away",
        "pass away",
        "killed",
    ),
    "meninggal biasa": ("natural death", "died naturally", "normal death"),
    "sakit": (
        "illness",
        "illnesses",
        "sickness",
        "sick",
        "ill",
        "disease",
        "diseases",
        "natural causes",
    ),
    "biasa": ("natural", "naturally", "ordinary"),
    "serang jantung": ("heart attack", "heart failure"),
    "jantung": ("heart",),
    "pemakaman": ("funeral", "funerals", "burial", "buried", "bury", "cemetery", "grave"),
    "jenazah": ("corpse",),
    "rumah sakit": ("hospital", "hospitals", "clinic", "clinics", "health centre", "health center"),
    "rawat": ("inpatient", "hospitalised", "hospitalized", "admitted", "care for"),
    "obat": (
        "treatment",
        "treatments",
        "medical",
        "medicine",
        "medicines",
        "surgery",
        "operation",
        "treated",
        "medical care",
    ),
    "dokter": ("doctor", "doctors"),
    "sembuh": ("recover", "recovered", "recovery", "recovering", "healed"),
    # --- time
    "bulan": ("month", "months", "monthly"),
    "tahun": ("year", "years", "yearly", "annual", "annually", "yrs", "yr"),
    "minggu": ("week", "weeks", "weekly"),
    "hari": ("day", "days", "daily"),
    "jam": ("hour", "hours", "what time"),
    "tanggal": ("date", "dates"),
    "waktu": ("time",),
    "masa": ("period", "periods"),
    "tunggu": ("wait", "waiting", "waited"),
    "sekarang": ("now", "today", "currently", "nowadays", "at the moment"),
    "sejak": ("since",),
    "pertama": ("first",),
    "akhir": ("last", "final", "end of"),
    "baru": ("new", "newly", "latest", "recent", "recently"),
    "lama": ("how long", "long", "slow", "how soon"),
    "setelah": ("after", "afterwards"),
    "sebelum": ("before",),
    "pernah": ("ever",),
    # --- asking
    "berapa": ("how much", "how many", "what amount"),
    "bagaimana": ("how", "what should i do", "what do i do", "what can i do"),
    "kapan": ("when",),
    "dimana": ("where",),
    "siapa": ("who", "whom", "whose"),
    "kenapa": ("why",),
    "bisa": ("can", "could", "able", "possible", "is it possible"),
    "tidak bisa": ("cannot", "can not", "can t", "cant", "couldn t", "unable", "not able"),
    "boleh": ("may", "allowed", "permitted", "is it ok", "is it okay", "may i", "is it fine"),
    "harus": ("must", "have to", "has to", "had to"),
    "mau": ("want", "wants", "wanted", "would like", "wish", "plan to", "planning to", "intend"),
    "perlu": ("need", "needs", "needed", "necessary"),
    "punya": ("own a", "owner", "owners"),
    "sudah": ("already",),
    "belum": ("not yet", "yet"),
    "tidak": (
        "not",
        "no longer",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "don t",
        "doesn t",
        "didn t",
        "isn t",
        "aren t",
        "wasn t",
        "weren t",
        "haven t",
        "hasn t",
        "hadn t",
        "won t",
        "wouldn t",
        "shouldn t",
        "never",
    ),
    "dapat": ("get", "gets", "getting", "got", "obtain"),
    "terima": ("receive", "receives", "received", "receiving", "get paid", "accepted", "accept"),
    "beri": ("give", "gives", "given", "giving", "provide", "provides", "provided"),
    "pakai": ("use", "uses", "using", "used"),
    "cari": ("find", "search", "look for", "looking for"),
    "lihat": ("see", "view", "look", "show", "display"),
    "tahu": ("know", "knows", "find out"),
    "paham": ("understand", "understood"),
    "pajak": ("tax", "taxes", "taxed"),
    "siap": ("prepare", "prepared", "preparing", "get ready"),
    "turut": (
        "continuous",
        "continuously",
        "consecutive",
        "consecutively",
        "in a row",
        "back to back",
    ),
    "tambak": ("pond", "ponds", "fishponds"),
    # Typo correction made "banking" "ranking".
    "bank": ("banking", "m banking", "mbanking", "mobile banking", "internet banking", "ibanking"),
    "iuran persen": ("contribution rate", "contribution rates"),
    "wali": ("guardian", "guardians"),
    "latih": ("training", "trained"),
    "panjang": ("extend", "extended", "extension", "renewed"),
    "rumah tangga": ("housewife", "housewives", "homemaker"),
    "garap": ("sharecropper", "sharecroppers", "tenant farmer"),
    "negara": ("country", "countries"),
    "listrik": ("electricity", "electric", "power lines"),
    "tanah": ("land", "lands"),
    "tangga": ("ladder", "ladders"),
    "lupa": ("forgot", "forget", "forgotten"),
    "hilang": ("lost", "lose", "missing", "stolen"),
    "datang": ("visit", "visiting", "come", "came", "comes"),
    "bawa": ("bring", "brought"),
    "urus": ("handle", "arrange", "manage", "deal with", "sort out", "take care of"),
    "kirim": ("send", "sent", "upload", "uploaded"),
    "ambil": ("pick up", "collect"),
    "siltap": ("fixed income",),
    "tetap": ("keep", "permanent", "permanently", "fixed"),
    "selesai": ("done", "finished", "completed"),
    "lengkap": ("complete",),
    "kasus": ("case", "cases"),
    "sektor": ("sector", "sectors"),
    "satu": ("one",),
    "2": ("two",),
    "3": ("three",),
    "4": ("four",),
    "5": ("five",),
    "6": ("six",),
    "10": ("ten",),
    "pengertian": (
        "meaning",
        "mean",
        "means",
        "stand for",
        "stands for",
        "definition",
        "how does it work",
        "how does that work",
        "how does this work",
        "how it works",
    ),
    "tanpa": ("without",),
    "masih": ("still",),
}

# English words of villagers' questions, merged into _ENGLISH like _EVERYDAY.
_ENGLISH_EVERYDAY: dict[str, tuple[str, ...]] = {
    "tidak bisa": ("couldnt", "couldn", "wouldnt be able"),
    "tidak": ("wont", "wouldnt", "shouldnt", "arent", "wasnt", "werent", "havent", "hasnt"),
    "cukup": ("enough", "sufficient"),
    "sementara": ("meanwhile", "in the meantime", "meantime", "temporary", "temporarily"),
    "beli": ("buy", "buys", "bought", "buying", "purchase"),
    "tunggak": ("miss", "misses", "skip paying", "skipped"),
    "pasien": ("patient", "patients"),
    "berangkat": ("leaving", "before leaving"),
    "kepala": ("head",),
    "kota": ("city", "cities"),
    "umum": ("general", "generally", "in general"),
    "autodebet": ("automatic", "automatically", "auto debit", "autodebit", "direct debit"),
    "akhir": ("end", "ends", "ended"),
    "kontrak habis": ("contract end", "before contract end", "contract finished"),
    "phk": ("fire me", "fire us", "fire him", "fire her", "fire them", "fires me"),
    "dadak": ("suddenly", "sudden", "all of a sudden"),
    "mesin": ("concrete mixer", "cement mixer"),
    "giling": ("mill", "rice mill", "rice mills", "huller"),
    "keluarga": (
        "grandma",
        "grandpa",
        "granny",
        "grandad",
        "granddad",
        "grandmother s",
        "aunty",
        "auntie",
        "aunts",
        "uncles",
        "cousins",
    ),
    "sakit": ("vomit", "vomiting", "dizzy", "nausea", "high blood pressure"),
    "pabrik": ("garment", "garments", "textile", "textiles"),
    "bahasa": ("language", "languages"),
    "naik": ("climb", "climbing", "climbed"),
    "": ("whats", "thing", "things", "exactly", "badly", "taken", "away", "friend", "friends"),
}
for _target, _forms in _ENGLISH_EVERYDAY.items():
    _ENGLISH[_target] = _ENGLISH.get(_target, ()) + _forms

# Our acronyms as speech-to-text writes them when a villager spells them out (Indonesian and
# English letter names): "je ha te", "jay h tea", "bee pee jay yes".
_SPOKEN: dict[str, tuple[str, ...]] = {
    "jht": ("je ha te", "jay h tea", "jay h tee", "jay aitch tea", "jay aitch tee", "jay h t"),
    "jkk": ("je ka ka", "jay kay kay"),
    "jkm": ("je ka em", "jay kay em"),
    "jkp": ("je ka pe", "jay kay pee"),
    "jp": ("je pe", "jay pee"),
    "jmo": ("je em o", "jay em oh", "jay em o"),
    "kpj": ("ka pe je", "kay pee jay"),
    "bpjs": ("be pe je es", "bee pee jay ess", "bee pee jay yes", "bee pee jay es"),
    "nik": ("en i ka",),
    "paritrana": ("para trana", "pari trana"),
}

DOMAIN: dict[str, str] = _expand(_GROUPS, _ENGLISH, _SPOKEN)

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
    ya yah iya yaa sih dong nih kok deh kah lah tuh loh lho toh to tho po mbok ki lha og kan ta pa
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
    ne nipun ipun sedanten sakabehe nalika rikala mbesuk besuk benjing benjang teng
    njaluk jaluk dijaluk nyuwun tulung dening marang padha sajrone sajroning watara kirane
    biyen rumiyin dhisik disik ndisik bakal sawijining kayata kaya angger ngene ngono mekaten
    makaten ngaten temenan tenan kedadeyan kedaden dumadi ana ono onok enek
    koen sampean njenengan sliramu peno dheweke deweke piyambakipun panjenenganipun esuk
    bengi dalu wau sesuk mbenjang lajeng nuli njur
    the a an is are am do does did what i my me we you your of to for in on at if it and or
    with be will would should about please there this that from as by but
    was were been being has have had having its they them their he she his her him our us
    these those here then than so such very too also just only even really actually maybe
    perhaps some any anything something nothing everything all both either each every into
    onto out up down off again once ok okay yes yeah hello hey dear sir madam maam kindly
    regards morning afternoon evening night good like regarding around approximately roughly
    estimate estimated until till during while whether which whatever happen happens
    happened remember make makes made let tell tells telling say said says saying told
    keep keeps kept ve ll re im take takes taking took shall might instead anyway hes shes
    kemarin kmrn kemaren kmaren kemarenan wingenane kepengker kapengker yesterday
    ato atw utowo atawa dugi dumugi padahal pdhl pdahal kamangka kyknya kayaknya kayanya
    kyaknya sepertinya kayane koyone sajake tadi td tdi barusan sbnrnya
    sebenernya sbenarnya sbnernya sebnrnya sejatine satemene sakjane sakjatine blas kadang kdg
    terkadang kadhang pd
    sik sek bgt bngt banget sangat sanget sami podo timbang tinimbang ketimbang krungu
    dengar denger mireng awakdewe segala nah agak males malas jaman zaman lek lur cak nduk
    ndhuk emg yo tu sak yaitu sana sini dlm namun bila se aye ago else rek
    gone going set shows everyone follow ones expected simply think almost busy words named
    typical
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
    berangkat sebelum setelah pekerjaan perlu penghargaan perkades perdes perbup warga sebagian
    warisan
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
# contributions; "beasiswa jkk" is not "beasiswa jkm"). And "iuran": a question about what is
# paid is about an entry that speaks of paying ("bojoku tki nang taiwan, iurane pira" is not the
# entry on a migrant worker's death, however much of the story it shares). And "pensiun", the
# name villagers give JP: "aku bakul sayur, iso melu pensiun ora" asks about the
# pension, not about whether traders may join (an entry that never speaks of a pension).
# And the farmer's and the trader's trade, the two the FAQ speaks to by name: "sy petani jagung,
# boleh jd peserta bpjs tk gk" asks about farmers joining, not about BPD members joining (an
# entry that never speaks of farmers). Chosen on the development rounds (unseen: 2 more right,
# 1 fewer wrong; none lost anywhere); "ojek", "buruh", "nelayan", "ternak" gained nothing.
# The trades among KEY_TERMS: in a story around the clause that asks, they tell who asks.
TRADES: frozenset[str] = _words("tani dagang")
KEY_TERMS: frozenset[str] = TRADES | _words(
    """
    jht jkk jkm jp jkp pensiun kesehatan pmi jakon bpu pu perisai iuran
    """
)
# A message that asks what one thing is and sets it beside BPJS Kesehatan ("Rek, BPJS
# Ketenagakerjaan iku opo? Podo ta karo BPJS Kesehatan?"), or beside another programme with a
# word of difference ("jkk itu apa? bedanya sama jkm apa?"), asks for the comparison. Another
# programme named without one is the story ("jkp ki opo, aku … wis melu jkk jkm"). Development
# rounds: 1 more right, 1 fewer wrong.
COMPARED_NAMES: frozenset[str] = KEY_TERMS - TRADES - _words("iuran")
OTHER_AGENCY = "kesehatan"  # the term "BPJS Kesehatan" (KIS, JKN) normalises to
COMPARISON: frozenset[str] = _words("beda")

# Terms that put a question under another agency (BPJS Kesehatan, its KIS/JKN cards and
# clinics), and those that bring it back to ours (our name, our programmes, a comparison).
# Also what only BPJS Kesehatan pays for, asked without its name ("bpjs nanggung operasi caesar
# gk", "upgrade to a VIP room with BPJS"); chosen on tests/data/faq_oos_near_misses3.toml. Not
# "obat", "puskesmas" or "kelas": JKK treatment and the Desa Sadar levels use them too.
OTHER_SERVICE: frozenset[str] = _words("faskes caesar sesar vip rujuk") | {OTHER_AGENCY}
# What only BPJS Kesehatan provides, its name aside: beside these, "the difference" is a price.
OTHER_SERVICE_CARE: frozenset[str] = OTHER_SERVICE - {OTHER_AGENCY}
# "bpjs" alone is BPJS Kesehatan to most villagers when the question is about care (medicine, a
# hospital or puskesmas, a ward class) and says nothing of work, an accident or an injury: "obat
# diabetes ibu sy tiap bulan ditanggung bpjs gk", "kartu bpjs ditolak di puskesmas, katanya
# nunggak". "mana" keeps "bpjs buat berobat yg mana" (which BPJS is for treatment) ours; a tool
# keeps an injury ours ("jari kena mesin, rawat di rs ditanggung bpjs?"). Not "kena": "bpjs
# nunggak, bayar terus rawat inap kena denda brp" is BPJS Kesehatan's arrears.
CARE: frozenset[str] = _words("obat rawat kelas class caesar sesar hamil usg bidan")
# A ward's class ("naik kelas rawat inap") and a class's contribution or card ("iuran kelas 3
# nunggak setaun", "kertune kelas 3 mati") are BPJS Kesehatan's, with or without "bpjs".
WARD_CLASS = "kelas"
WARD_CLASS_WITH: frozenset[str] = _words("rawat iuran tunggak kartu")
# An identity card replaced or re-printed is Dukcapil's ("e-KTP patah, ganti baru"), unless the
# question names ours.
ID_CARD = "ktp"
ID_CARD_CHANGES: frozenset[str] = _words("ganti rusak cetak alamat")
HOSPITAL: frozenset[str] = _words("rumah sakit")  # also "puskesmas", "klinik" (see _GROUPS)
CARE_AT_WORK: frozenset[str] = _words(
    "kerja pekerja kecelakaan celaka luka cacat jatuh potong tani nelayan mana mesin arit cangkul"
    " golok parang gergaji pisau"
)
OWN_SERVICE: frozenset[str] = _words(
    """
    ketenagakerjaan jht jkk jkm jp jkp kecelakaan pensiun beda
    """
)

# Other programmes, documents and offices that villagers ask a bot like this about but the FAQ
# does not cover (holiday pay, social aid, loans, civil-service pensions, land tax, civil
# registration, farmers' cards…). A question naming one of them is out of scope unless it also
# names something only ours (OWN_TOPICS): "akta kematian nenek ngurusnya gmn" is Dukcapil's,
# "akta kematian buat klaim jkm" is ours. Chosen on the near misses of
# tests/data/faq_oos_near_misses.toml and checked on every other eval set.
OTHER_TOPICS: frozenset[str] = _words(
    """
    thr pbb sktm pupuk lpg ppdb umr ump kua visa
    zakat pbi akta dukcapil kartutani sertifikattanah arisan ronda garansi warranty
    lembur overtime sampah pam pdam homestay puso cuti pajak umk bibit benih tengkulak notaris
    notary imunisasi vaksin umrah haji serikat union korupsi seleweng gempa warisan iuranrt
    biayapenempatan uji berita
    """
)
# Other insurers, pension and aid schemes, severance pay, SIM cards: a question about one of them
# is not ours even when it speaks of a claim, a benefit or a NIK ("claim the widow's pension
# from ASABRI", "asuransi jiwa prudential bisa diklaim", "cek penerima bansos pake nik", "register
# my SIM card with my NIK"): only our name or one of our programmes' (OUR_NAMES) brings it back
# ("pesangon dari bpjs kalau di phk ada?"). Chosen on tests/data/faq_oos_near_misses3.toml.
OTHER_SCHEMES: frozenset[str] = _words(
    """
    taspen asabri autp prudential axa allianz manulife bansos pkh blt bpnt kip prakerja kur
    sangon sim perdana ikd lpdp polis
    """
)
OUR_NAMES: frozenset[str] = _words(
    "bpjs ketenagakerjaan jht jkk jkm jp jkp bpu pmi jmo kpj perisai jakon"
)
# The family card (KK) changed at a marriage, a birth, a move: Dukcapil's ("cara nambahin nama
# istri di KK", "aku arep mlebu KK-ne bojoku"), unless the question names ours (OWN_TOPICS:
# "anak baru lahir masuk kk, bisa dapat beasiswa?"). "Perlu kk buat daftar" stays ours.
FAMILY_CARD: frozenset[str] = _words("kartu keluarga")
FAMILY_CARD_CHANGES: frozenset[str] = _words("tambah masuk nikah cerai pisah pindah")
# Jasa Raharja's own compensation (a pupil hit on the way home from school) is not ours; with
# work or our name it is the JKK road accident ("surat jasa raharja buat klaim jkk"); a claim
# alone is not ("Jasa Raharja claim for traffic accident, which office do I go").
ROAD_INSURER = "raharja"
ROAD_INSURER_OURS: frozenset[str] = _words("kerja pekerja")
# Work denied just before it is named ("bukan waktu kerja", "sanes nyambut damel" → lain kerja,
# "not at work" → tidak kerja, a pupil who "blm kerja"); WHEN words may stand between.
NOT_AT_WORK: frozenset[str] = _words("bukan tidak lain belum")
WHEN: frozenset[str] = _words("waktu")
# Not "iuran": villagers pay iuran to the RT, the arisan, the night watch (ronda) too.
OWN_TOPICS: frozenset[str] = _words(
    """
    ketenagakerjaan jht jkk jkm jp jkp bpu pmi jmo kpj nik klaim santunan beasiswa perisai
    jakon
    """
)

# A private insurance of a vehicle, a boat, livestock or a harvest ("asuransi motor dicuri bisa
# klaim", "claim my car insurance after a crash", "asuransi ternak sapi mati", "klaim asuransi
# prau sing kobong", "klaim asuransi panen gagal") or a warranty is not ours, unless the
# question also speaks of work or of our programmes ("jaminan kecelakaan kerja, jatuh dari motor
# pas ke sawah", "nelayan kapal tenggelam dapat santunan?" stay).
INSURED_PROPERTY: frozenset[str] = _words(
    "motor mobil car kendara truk ternak sapi kambing perahu kapal panen jiwa life"
)  # "jiwa", "life": a private life insurance ("asuransi jiwa")
INSURANCE: frozenset[str] = _words("asuransi jaminan")
WARRANTY: frozenset[str] = _words("garansi warranty")
OUR_WORK: frozenset[str] = _words(
    "bpjs ketenagakerjaan jht jkk jkm jp jkp kerja pekerja peserta iuran santunan"
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
    rawat luka plkk lapak asik tugas jaminan manfaat insentif sosialisasi kadus sekdes kaur
    kasi
    """
)

# Terms of a clause that asks (after the dictionary: "piye", "gmn", "how" → bagaimana; "iso",
# "saged", "can" → bisa; "gk", "ora" → tidak), besides WHAT_IS: the clause a story ends with.
ASKING: frozenset[str] = _words(
    "berapa bagaimana kenapa dimana kapan siapa bisa boleh tidak dapat cara harus apakah which"
)

DEFINITION = "pengertian"  # the term of "apa itu", "kuwi apa", "what is"
# Question words of "what is X" as typed (before the dictionary and stop words): a clause with
# one of these and a DEFINABLE name asks what the name is, whatever the rest of the message.
WHAT_IS: frozenset[str] = _words(
    "apa apaan opo menapa punapa napa what whats arti artinya maksud maksude maksudnya"
)
# English opens a question with "what": when a question word follows ("from bpjs tk what all
# can i get"), the question goes on and the clause is not cut after it as after "apa" ("jkk tu
# apa sih mas td …", "jht what kind of money is it").
LEADING_WHAT: frozenset[str] = _words("what whats")

# "it" in "what is it", as typed: the thing named earlier in the message.
PRONOUNS: frozenset[str] = _words("it that itu iku kuwi kui niku punika tu")

# Words that may stand beside a name in "what is X" without changing the question ("jkp iku
# program apa", "desa sadar itu program apa"; "what is the jkm death benefit", "manfaat jkm itu
# apa": the benefit of a programme is what the programme is) — except beside our agency's own
# name (AGENCY): "program bpjs tk apa aja" asks for the list of programmes.
# … but the benefit stays a word of the question: "Manfaat jaminan pensiun wonten menapa
# kemawon?" asks for the pension's benefits (jp-manfaat), not what the pension is (jp-apa);
# where a programme has no benefits entry of its own, its definition gives them. Development
# rounds: 2 more right and 2 fewer wrong, none lost.
ASKED_BENEFIT: frozenset[str] = _words("manfaat")
NAME_WORDS: frozenset[str] = ASKED_BENEFIT | _words("program programme santunan")
AGENCY: frozenset[str] = _words("bpjs ketenagakerjaan")
# What a villager calls our agency when asking what it is ("BPJS Ketenagakerjaan itu badan
# apa ya?", "what agency is bpjs tk"): it stands beside any name without changing the question.
BODY_WORDS: frozenset[str] = _words("badan lembaga organisasi agency")

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
