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
    "manfaat": 1.5, "guna": 1, "bantu": 1, "baik": 1.5, "bagus": 2, "hebat": 2.5,
    "mantap": 2.5, "luar-biasa": 2.5, "keren": 2, "ramah": 2, "sopan": 1.5, "cepat": 1,
    "mudah": 1, "lancar": 1.5, "nyaman": 2, "jelas": 1, "tarik": 1, "menarik": 1.5,
    "asyik": 2, "seru": 2, "bangga": 2, "percaya": 1, "yakin": 1, "optimis": 2,
    "harap": 1, "terima-kasih": 1.5, "apresiasi": 1.5, "sukses": 2, "berhasil": 1.5,
    "tenang": 1, "lega": 1.5, "sadar": 1, "ubah": 0.5, "berharga": 2, "tulus": 1.5,
    "peduli": 1.5, "responsif": 1.5, "sigap": 2, "tanggap": 1.5, "rapi": 1, "efektif": 1.5,
    "efisien": 1.5, "profesional": 1.5, "terbaik": 2.5, "mantul": 2.5, "memuaskan": 2,
    "sentuh": 1.5, "cinta": 2, "sayang": 1.5, "damai": 1.5, "adil": 1.5,
    # --- negative feelings, complaints ---
    "kecewa": -2.5, "sedih": -2, "marah": -2.5, "kesal": -2, "jengkel": -2, "sebal": -2,
    "benci": -3, "takut": -1.5, "khawatir": -1.5, "cemas": -1.5, "ragu": -1.5,
    "bingung": -1.5, "bosan": -2, "jenuh": -2, "malas": -1.5, "lelah": -1.5, "lambat": -2,
    "lama": -1, "buruk": -2.5, "jelek": -2, "parah": -2.5, "kacau": -2.5, "rumit": -1.5,
    "sulit": -1.5, "susah": -1.5, "berat": -1, "percuma": -2, "sia": -2, "sia-sia": -2,
    "berbelit-belit": -2, "belit": -2, "pungli": -2.5, "pungut": -1, "korupsi": -2,
    "suap": -2, "gagal": -2, "masalah": -1, "keluh": -1.5, "ribet": -2, "rugi": -2,
    "kasar": -2.5, "cuek": -2, "acuh": -1.5, "sinis": -1.5, "frustrasi": -2.5,
    "stres": -2, "tekan": -1, "beban": -1.5, "terlantar": -2, "abai": -2, "mahal": -1,
    "kotor": -2, "bau": -1.5, "rusak": -2, "mati": -1, "error": -2, "gangguan": -1.5,
    "ganggu": -1.5, "antre": -1, "antri": -1, "tunggu": -0.5, "telat": -1.5,
    "tidak-jelas": -1.5, "formalitas": -1.5, "monoton": -1.5, "kaku": -1, "sepi": -0.5,
    "tertekan": -2, "capai": -1, "sakit": -1.5, "mengecewakan": -2.5, "menyebalkan": -2,
}  # fmt: skip

# Folded surface forms whose stem is in WORDS but which carry no feeling themselves
# ("penjelasan" stems to "jelas", "pelayanan" is not "layan" praise).
NEUTRAL_FORMS = frozenset(
    {"penjelasan", "menjelaskan", "dijelaskan", "menjelaskannya", "penjelasannya"}
)

# Two-token expressions on the folded tokens (before stemming), joined by a space.
PHRASES: dict[str, float] = {
    "luar biasa": 2.5,
    "terima kasih": 1.5,
    "tidak jelas": -1.5,
    "buang waktu": -2,
    "makan waktu": -1,
    "sangat membantu": 2,
}

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
    "paling": 1.5, "terlalu": 1.4, "makin": 1.2, "semakin": 1.2, "cukup": 0.8, "agak": 0.7,
    "sedikit": 0.7, "super": 1.5, "sangatlah": 1.5, "sangat-sangat": 1.7,
}  # fmt: skip
BOOSTERS_AFTER: dict[str, float] = {"sekali": 1.5, "banget": 1.5, "sekali-sekali": 1.0}

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
