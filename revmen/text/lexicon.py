"""The affect lexicon and the value keywords (data, kept apart from the rules in affect.py).

``WORDS`` maps a Sastrawi stem (or, for words Sastrawi leaves alone or mangles, the folded
surface form) to a polarity weight: 1 mild, 2 clear, 3 strong; negative weights for bad
feelings. ``PHRASES`` does the same for two-word expressions read on the folded tokens.

``VALUE_STEMS`` lists, per value code of ``revmen/core/values.py``, the stems (or two-stem
phrases joined by a space) that show a text speaks of the value.
"""

from __future__ import annotations

WORDS: dict[str, float] = {
    # --- positive feelings, praise, hope ---
    "senang": 2, "bahagia": 2.5, "gembira": 2.5, "suka": 1.5, "puas": 2, "syukur": 2,
    "haru": 2, "motivasi": 1.5, "inspirasi": 1.5, "inspiratif": 2, "semangat": 1.5,
    "manfaat": 1.5, "berguna": 1.5, "bantu": 1, "baik": 1.5, "bagus": 2, "hebat": 2.5,
    "mantap": 2.5, "keren": 2, "ramah": 2, "sopan": 1.5, "cepat": 1,
    "mudah": 1, "gampang": 1, "lancar": 1.5, "nyaman": 2, "jelas": 1, "menarik": 1.5,
    "asyik": 2, "seru": 2, "bangga": 2, "percaya": 1, "yakin": 1.5, "optimis": 2,
    "harap": 1, "apresiasi": 1.5, "sukses": 2, "berhasil": 1.5,
    "tenang": 1, "lega": 1.5, "sadar": 1, "berharga": 2, "tulus": 1.5,
    "peduli": 1.5, "responsif": 1.5, "sigap": 2, "tanggap": 1.5, "rapi": 1, "efektif": 1.5,
    "efisien": 1.5, "profesional": 1.5, "terbaik": 2.5, "memuaskan": 2,
    "sentuh": 1.5, "cinta": 2, "sayang": 1.5, "damai": 1.5, "adil": 1.5, "tertib": 1.5,
    "kagum": 2, "menghargai": 1.5, "dihargai": 1.5, "hangat": 1.5, "akrab": 1.5,
    "betah": 2, "cocok": 1, "sabar": 1.5, "terkesan": 2, "mengesankan": 2, "dukung": 1,
    "solutif": 2, "beres": 1.5, "top": 2, "kepake": 1.5, "dekat": 1, "kembang": 1.5,
    "kompeten": 1.5, "senyum": 1.5, "cerah": 1.5, "bermakna": 2, "tolong": 1, "jujur": 1.5,
    "ringan": 1.5, "selesai": 1, "relevan": 1, "paham": 1, "transparan": 1, "salut": 2,
    "kompak": 1.5, "interaktif": 1, "gerak": 0.5, "teladan": 1, "ikhlas": 1.5,
    # --- negative feelings, complaints ---
    "kecewa": -2.5, "sedih": -2, "marah": -2.5, "kesal": -2, "jengkel": -2, "sebal": -2,
    "benci": -3, "takut": -1.5, "khawatir": -1.5, "cemas": -1.5, "ragu": -1.5,
    "bingung": -1.5, "bosan": -2, "jenuh": -2, "malas": -1.5, "lelah": -1.5, "lambat": -2,
    "lama": -1, "buruk": -2.5, "jelek": -2, "parah": -2.5, "kacau": -2.5, "rumit": -1.5,
    "sulit": -1.5, "susah": -1.5, "berat": -1, "percuma": -2, "sia": -2, "sia-sia": -2,
    "berbelit-belit": -2, "belit": -2, "berbelit": -2, "pungli": -2.5, "pungut": -1,
    "korupsi": -2, "suap": -2, "gagal": -2, "masalah": -1, "mengeluh": -1.5, "keluh": -1.5,
    "ribet": -2, "rugi": -2, "kasar": -2.5, "cuek": -2, "acuh": -1.5, "sinis": -1.5,
    "frustrasi": -2.5, "stres": -2, "tekan": -1, "beban": -1.5, "terlantar": -2, "abai": -2,
    "mahal": -1, "kotor": -2, "bau": -1.5, "rusak": -2, "mati": -1, "error": -2,
    "gangguan": -1.5, "ganggu": -1.5, "tunggu": -0.3, "telat": -1.5,
    "formalitas": -1.5, "monoton": -1.5, "kaku": -1, "tertekan": -2, "sakit": -1.5,
    "mengecewakan": -2.5, "menyebalkan": -2, "molor": -1.5, "kosong": -1, "pingpong": -2,
    "keterlaluan": -2.5, "sempit": -1, "gelap": -1, "berdesakan": -1.5, "berantakan": -2,
    "malu": -2, "curiga": -1.5, "ketus": -2, "bentrok": -1.5, "kewalahan": -2,
    "singgung": -2, "merendahkan": -2, "lupa": -1, "paksa": -1.5, "sesal": -2,
    "ditolak": -1.5, "jorok": -2, "bocor": -1.5, "lemah": -1, "tunda": -1, "tertunda": -1,
    "panas": -1, "salah": -1, "dipermalukan": -2.5, "pilih-kasih": -2, "curang": -2.5,
    "gosip": -1.5, "menyalahkan": -1.5, "salahguna": -2, "menyalahgunakan": -2,
    "berat-berat": -1, "terlambat": -1.5, "sinisme": -1.5, "bohong": -2, "tipu": -2,
    # --- general vocabulary (not from the development set) ---
    "terbantu": 1.5, "cekat": 2, "gugah": 2, "tercerahkan": 2, "berkesan": 2, "tingkat": 0.5,
    "membaik": 1.5, "istimewa": 2, "sempurna": 2.5, "unggul": 1.5, "cemerlang": 2,
    "takjub": 2, "indah": 1.5, "praktis": 1.5, "andal": 1.5, "handal": 1.5, "inovatif": 1.5,
    "bijak": 1.5, "teliti": 1, "rajin": 1.5, "amanah": 1.5, "layak": 1, "memadai": 1,
    "prestasi": 1.5, "sejahtera": 1.5, "solid": 1, "antusias": 2, "untung": 1.5,
    "beruntung": 2, "ceria": 2, "riang": 2, "gigih": 1.5, "rukun": 1.5, "harmonis": 1,
    "aman": 1, "bersih": 1, "segar": 1, "sehat": 0.5, "tawa": 1.5, "gercep": 2, "sip": 1.5,
    "kece": 2, "ajib": 2, "lumayan": 0.5, "alhamdulillah": 1.5, "syukurlah": 2,
    "semoga": 0.5, "disiplin": 0.5, "maju": 1, "mantep": 2.5, "recommended": 1.5,
    "rekomendasi": 1, "tergerak": 1.5, "terpanggil": 1.5, "kreatif": 1,
    "terampil": 1, "gotong-royong": 0.5, "sukarela": 1, "tepat": 0.5,
    "menyedihkan": -2.5, "bentak": -2.5, "omel": -1.5, "hambat": -1.5, "repot": -1.5,
    "keliru": -1, "komplain": -1.5, "lalai": -2, "teledor": -2, "ceroboh": -2,
    "arogan": -2.5, "sombong": -2, "galak": -2, "jutek": -2, "judes": -2,
    "amburadul": -2.5, "semrawut": -2, "hancur": -2.5, "payah": -2, "letih": -1.5,
    "penat": -1.5, "resah": -1.5, "gelisah": -1.5, "galau": -1.5, "panik": -2,
    "minder": -1.5, "pesimis": -2, "apatis": -1.5, "skeptis": -1.5, "prihatin": -1.5,
    "miris": -2, "geram": -2.5, "muak": -3, "jijik": -2.5, "dongkol": -2, "ngaret": -1.5,
    "macet": -1, "mogok": -1.5, "boros": -1.5, "mubazir": -1.5, "kendala": -1,
    "diskriminasi": -2, "diskriminatif": -2, "intimidasi": -2.5, "ancam": -2,
    "bertele-tele": -2, "bahaya": -1.5, "tergesa-gesa": -1, "antuk": -1, "nepotisme": -2,
    "kolusi": -2, "sogok": -2, "manipulasi": -2, "lamban": -2,
    "emosi": -1, "ngeri": -1.5, "was-was": -1.5, "gugup": -1, "trauma": -2,
    "depresi": -2.5, "terbebani": -1.5, "mangkir": -1.5, "bolos": -1.5, "protes": -1,
    "eror": -2, "hang": -1.5, "lemot": -2, "sepele": -1, "remeh": -1.5,
    "menyepelekan": -2, "meremehkan": -2, "tersiksa": -2.5, "siksa": -2.5, "kejam": -2.5,
    "sia-siakan": -1.5, "tumpul": -1, "pusing": -1.5, "mumet": -1.5, "mengantuk": -1,
    "kepanasan": -1.5, "kedinginan": -1, "berisik": -1.5, "bising": -1.5, "sesak": -1.5,
    "pengap": -1.5, "kumuh": -2, "sampah": -0.5, "buntu": -1.5, "mandek": -1.5,
    "stagnan": -1.5, "slogan": -1.5, "pencitraan": -2, "basa-basi": -1.5, "bodoh": -2,
    "konyol": -1.5, "aneh": -1, "ngawur": -2,
}  # fmt: skip

# Words that carry a feeling only under negation ("tidak ada hasilnya", "tidak sesuai",
# "tidak mau menjelaskan"): the weight given is multiplied by the negator's factor, and the
# word counts for nothing without a negator.
NEGATED_ONLY: dict[str, float] = {
    "hasil": 1.5, "tindak": 1.5, "jawab": 1.5, "sesuai": 1.5, "serius": 1.5, "mau": 1.5,
    "beri": 1.5, "tahan": 2, "erti": 1.5, "ngerti": 1.5, "bisa": 1.5, "tahu": 1,
    "dengar": 1.5, "layan": 1.5, "hadir": 1, "respons": 1.5, "respon": 1.5, "jelas": 2,
    "guna": 1.5, "libat": 1.5, "akui": 1.5, "diakui": 1.5, "dukung": 2, "siap": 1.5,
    "kembang": 2, "baru": 1.5, "tanggung": 1.5, "adil": 2.5, "sempat": 0.5, "lanjut": 1.5,
}  # fmt: skip

# Folded surface forms whose stem is in WORDS but which carry no feeling themselves
# ("penjelasan" stems to "jelas", "pengguna" to "guna", "selama" to "lama").
NEUTRAL_FORMS = frozenset(
    {
        "penjelasan", "menjelaskan", "dijelaskan", "menjelaskannya", "penjelasannya",
        "selama", "keluhan", "tanggapan", "pengguna", "menggunakan", "digunakan",
        "penggunaan", "perbaikan", "memperbaiki", "diperbaiki", "perubahan", "kepuasan",
        "antrean", "pelayanan", "selesainya", "terbuka", "kebersihan", "keamanan",
        "kesehatan", "pembersihan", "keberhasilan",
    }
)  # fmt: skip

# Two-token expressions on the folded tokens (before stemming), joined by a space; a weight
# of 0 neutralises the pair ("rumah sakit" is a hospital, not pain).
PHRASES: dict[str, float] = {
    "luar biasa": 2.5,
    "terima kasih": 1.5,
    "tidak jelas": -1.5,
    "buang waktu": -2,
    "membuang waktu": -2,
    "makan waktu": -1,
    "sangat membantu": 2,
    "rumah sakit": 0,
    "paling lambat": 0,
    "prosedur lama": 0,
    "membuka mata": 2,
    "buka mata": 2,
    "putus asa": -3,
    "tidak sabar": 1.5,
    "uang rokok": -2,
    "uang pelicin": -2,
    "semangat sesaat": -1.5,
    "antrean panjang": -1.5,
    "pilih kasih": -2,
    "sakit hati": -2.5,
    "nama baik": 0,
    "hidup sekali": 1.5,
    "angkat topi": 2,
    "sayang sekali": -1.5,
    "biasa saja": -1,
    "omong kosong": -2.5,
    "cari muka": -2,
    "sayang banget": -1.5,
    "the best": 2.5,
    "gerak cepat": 2,
    "tidak apa-apa": 0,
    "apa-apa": 0,
    "baik hati": 2,
    "kurang ajar": -2.5,
    "tebang pilih": -2,
    "jalan di tempat": -1.5,
    "asal-asalan": -2,
    "asal jadi": -2,
    "jujur saya": 0,
    "main ponsel": -1.5,
    "main hp": -1.5,
    "mata duitan": -2,
}

# Value terms named as a topic right after "nilai" ("nilai harmonis", "nilai bersih, melayani dan
# responsif") are not praise: within VALUE_TOPIC_SCOPE tokens after "nilai" they count nothing.
VALUE_TOPIC_MARKERS = frozenset({"nilai", "nilai-nilai"})
VALUE_TOPIC_SCOPE = 6
VALUE_TERMS = frozenset(
    {
        "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif", "bersih",
        "melayani", "responsif", "integritas", "jujur", "disiplin", "amanah", "peduli",
        "tanggap", "transparan", "profesional", "inovatif", "kreatif",
    }
)  # fmt: skip

# Negators: flip (and damp) the polarity of the next sentiment words in the clause.
NEGATORS: dict[str, float] = {
    "tidak": -0.75,
    "bukan": -0.75,
    "belum": -0.6,
    "jangan": -0.6,
    "kurang": -0.5,
    "tanpa": -0.5,
}
# How many tokens after a negator it reaches (a clause break ends it earlier).
NEGATION_SCOPE = 3

# Intensifiers before the word ("sangat senang") and after it ("senang sekali").
BOOSTERS_BEFORE: dict[str, float] = {
    "sangat": 1.5, "amat": 1.4, "sungguh": 1.4, "benar-benar": 1.5, "begitu": 1.3,
    "paling": 1.5, "betul-betul": 1.5, "teramat": 1.6, "makin": 1.2, "semakin": 1.2,
    "cukup": 0.8, "agak": 0.7,
    "sedikit": 0.7, "super": 1.5, "sangatlah": 1.5, "sangat-sangat": 1.7,
}  # fmt: skip
BOOSTERS_AFTER: dict[str, float] = {"sekali": 1.5, "banget": 1.5, "pisan": 1.5, "nian": 1.4}

# "terlalu" (too): strengthens a bad word (x TOO_BAD), turns a good one sour ("terlalu cepat",
# x TOO_GOOD) and, with no sentiment word in reach ("terlalu banyak teori"), is a mild complaint.
TOO = "terlalu"
TOO_BAD = 1.4
TOO_GOOD = -0.5
LONE_TOO = -1.0

# Contrast: after "tapi" the clause that follows weighs more than the one before.
CONTRASTS = frozenset({"tapi", "tetapi", "namun", "sayangnya", "walaupun", "meskipun"})

VALUE_STEMS: dict[str, tuple[str, ...]] = {
    "BP": ("layan", "masyarakat", "warga", "publik", "pelanggan", "pengguna"),
    "AK": ("akuntabel", "akuntabilitas", "tanggung jawab", "transparan", "laporan", "lapor"),
    "KO": ("kompeten", "kompetensi", "ilmu", "keterampilan", "ahli", "kemampuan", "mampu",
           "belajar", "ajar", "pengetahuan", "terampil"),
    "HA": ("harmonis", "rukun", "hormat", "harga", "toleransi", "damai", "beda", "ragam"),
    "LO": ("loyal", "setia", "pancasila", "nkri", "bangsa", "negara", "dedikasi"),
    "AD": ("adaptif", "adaptasi", "ubah", "inovasi", "kreatif", "digital", "sesuai"),
    "KL": ("kolaboratif", "kolaborasi", "kerja sama", "kerjasama", "sinergi", "tim"),
    "BS": ("bersih", "pungli", "pungut", "suap", "korupsi", "gratifikasi", "sogok"),
    "ML": ("layan", "ramah", "sopan", "santun", "senyum"),
    "RS": ("responsif", "tanggap", "respons", "respon", "sigap", "keluh", "adu"),
    "IN": ("integritas", "jujur", "etika", "moral", "amanah", "konsisten"),
    "EK": ("etos", "disiplin", "rajin", "tekun", "kerja keras", "produktif", "tepat waktu"),
    "GR": ("gotong royong", "gotong", "tolong", "solidaritas", "bersama", "sama-sama"),
}  # fmt: skip
