"""SKM: Survei Kepuasan Masyarakat and its index IKM (PermenPAN-RB No. 14 Tahun 2017).

Nine elements (unsur) U1-U9 are each answered on a 1-4 scale (1 tidak sesuai ... 4 sangat
sesuai). The regulation's worked form weights each element's mean (NRR, nilai rata-rata) by
1/9, written as 0.111, and multiplies by 25:

    IKM = Σ (NRR_i x 0.111) x 25

Because 9 x 0.111 = 0.999, not 1, that form gives 0.999 x (mean of NRR x 25): at most 0.1 point
below the exact value (e.g. 99.9 instead of 100 when everyone answers 4). revmen's official
figure is the exact form, IKM = mean(NRR) x 25; the difference is only the rounding of the
weight 1/9 to 0.111 (a test shows it).

Reference: Peraturan Menteri PAN-RB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei
Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik, Lampiran (unsur, nilai interval
konversi, mutu pelayanan).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import numpy.typing as npt

from revmen.stats._arrays import as_matrix
from revmen.stats.errors import InsufficientData, InvalidInput

ELEMENTS: tuple[str, ...] = (
    "U1 Persyaratan",
    "U2 Sistem, mekanisme, dan prosedur",
    "U3 Waktu penyelesaian",
    "U4 Biaya/tarif",
    "U5 Produk spesifikasi jenis pelayanan",
    "U6 Kompetensi pelaksana",
    "U7 Perilaku pelaksana",
    "U8 Penanganan pengaduan, saran dan masukan",
    "U9 Sarana dan prasarana",
)
N_ELEMENTS = len(ELEMENTS)
ANSWER_MIN, ANSWER_MAX = 1, 4
CONVERSION = 25.0
REGULATION_WEIGHT = 0.111  # 1/9 as printed in the regulation

# (lowest IKM rounded to 2 places, grade, label), best first.
GRADES: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)


@dataclass(frozen=True, slots=True)
class SkmResult:
    """An SKM index: element means (NRR), the IKM and its grade; figures unrounded.

    ``n`` counts respondents with at least one answer; ``element_n`` the answers per element.
    ``ikm_rounded`` is the IKM rounded half-up to 2 decimals, the number graded.
    """

    n: int
    element_n: tuple[int, ...]
    element_means: tuple[float, ...]
    ikm: float
    ikm_rounded: float
    grade: str
    label: str


def round_half_up(value: float, places: int = 2) -> Decimal:
    """``value`` rounded half-up (as people round by hand) to ``places`` decimals.

    The shortest decimal that reads back as the float (``repr``) is rounded, so 76.605 becomes
    76.61, not the 76.60 that binary rounding of 76.60499999... would give.

    Edge cases: NaN or ±inf raises :class:`InvalidInput`; negative values round half away
    from zero (-1.005 → -1.01).

    Reference: Python ``decimal.ROUND_HALF_UP``; the two-decimal interval table of
    PermenPAN-RB 14/2017 that the rounded value is looked up in.

    Example:
        >>> str(round_half_up(76.605)), str(round_half_up(88.3049))
        ('76.61', '88.30')
    """
    if not math.isfinite(value):
        raise InvalidInput(f"cannot round {value} to {places} decimals")
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def skm_grade(ikm: float) -> tuple[str, str]:
    """Grade (mutu pelayanan) and label (kinerja unit pelayanan) of an IKM on the 25-100 scale.

    Rule, on the IKM rounded half-up to 2 decimals: A 88.31-100 "Sangat Baik", B 76.61-88.30
    "Baik", C 65.00-76.60 "Kurang Baik", D 25.00-64.99 "Tidak Baik".

    Edge cases: an IKM outside 25-100 (after rounding) raises :class:`InvalidInput`.

    Reference: PermenPAN-RB 14/2017, Lampiran, table "Nilai Persepsi, Interval IKM, Interval
    Konversi IKM, Mutu Pelayanan dan Kinerja Unit Pelayanan".

    Example:
        >>> skm_grade(88.305), skm_grade(88.304)
        (('A', 'Sangat Baik'), ('B', 'Baik'))
    """
    rounded = round_half_up(ikm)
    if not Decimal("25.00") <= rounded <= Decimal("100.00"):
        raise InvalidInput(f"an IKM lies between 25 and 100; got {ikm}")
    for lowest, grade, label in GRADES:
        if rounded >= lowest:
            return grade, label
    raise AssertionError("unreachable: every IKM from 25 to 100 has a grade")  # pragma: no cover


def skm_index(matrix: npt.ArrayLike) -> SkmResult:
    """The SKM index (IKM) of a set of questionnaires: respondents x the 9 elements U1-U9.

    Formula:
        NRR_i = mean of the non-missing answers to element i (1-4)
        IKM   = mean(NRR_1 ... NRR_9) x 25         (unrounded, 25-100)
        grade and label from IKM rounded half-up to 2 decimals (:func:`skm_grade`).

    Assumptions: answers are the integers 1-4, NaN for an unanswered element; every element
    has at least one answer. Each element's mean uses all who answered it (available-case),
    so elements can rest on different numbers of respondents (``element_n``).

    Edge cases:
        - not 9 columns, or an answer that is not one of 1, 2, 3, 4 (e.g. 0, 5, 2.5): raises
          :class:`InvalidInput` naming the row, element and value.
        - n = 0 (no rows, or every row empty, all missing): raises :class:`InsufficientData`.
        - an element nobody answered: raises :class:`InsufficientData` naming the element.
        - n = 1 and zero variance are fine: the IKM is then that person's (or everyone's) mean
          x 25.

    Reference: PermenPAN-RB 14/2017 (see the module docstring, including the 0.111 note).

    Example:
        >>> r = skm_index([[4, 3, 3, 4, 3, 3, 4, 3, 3], [3, 3, 4, 4, 3, 4, 4, 3, 3]])
        >>> round(r.ikm, 4), r.grade, r.label
        (84.7222, 'B', 'Baik')
    """
    answers = as_matrix(matrix)
    if answers.shape[1] != N_ELEMENTS:
        raise InvalidInput(
            f"an SKM has {N_ELEMENTS} elements (U1-U9); got {answers.shape[1]} columns"
        )
    missing = np.isnan(answers)
    with np.errstate(invalid="ignore"):
        valid = (answers >= ANSWER_MIN) & (answers <= ANSWER_MAX) & (answers == np.round(answers))
    bad = ~(valid | missing)
    if bad.any():
        row, col = (int(i) for i in np.argwhere(bad)[0])
        raise InvalidInput(
            f"row {row}, {ELEMENTS[col]}: answer {answers[row, col]} is not one of 1, 2, 3, 4"
        )
    n = int(np.count_nonzero(~missing.all(axis=1)))
    if n == 0:
        raise InsufficientData("the SKM index needs at least one respondent with an answer")
    element_n = (~missing).sum(axis=0)
    if (element_n == 0).any():
        empty = ELEMENTS[int(np.argmin(element_n))]
        raise InsufficientData(f"the SKM index needs every element answered; {empty} has none")
    means = np.where(missing, 0.0, answers).sum(axis=0) / element_n
    ikm = float(means.mean()) * CONVERSION
    grade, label = skm_grade(ikm)
    return SkmResult(
        n=n,
        element_n=tuple(int(v) for v in element_n),
        element_means=tuple(float(v) for v in means),
        ikm=ikm,
        ikm_rounded=float(round_half_up(ikm)),
        grade=grade,
        label=label,
    )


# Krejcie & Morgan (1970) as printed in PermenPAN-RB 14/2017, Lampiran ("Tabel Sampel
# Krejcie dan Morgan"): population N -> minimum sample S.
KREJCIE_MORGAN: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148),
    (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175),
    (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254),
    (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291),
    (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317), (1900, 320),
    (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346),
    (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (100000, 384),
)  # fmt: skip


def krejcie_morgan(population: int) -> float:
    """The Krejcie-Morgan sample size for a population, unrounded.

    Formula (chi-square 3.841 for 1 df at 95 %, P = 0.5, margin d = 0.05):
        s = X² N P (1 - P) / (d² (N - 1) + X² P (1 - P))

    Reference: R. V. Krejcie and D. W. Morgan, "Determining sample size for research
    activities", Educational and Psychological Measurement 30 (1970) 607-610.

    Edge cases: a population below 1 raises ``InvalidInput``; N = 1 gives exactly 1.0; the
    result tends to X² P (1 - P) / d² = 384.1 as N grows.

    Example:
        >>> round(krejcie_morgan(100), 2)
        79.51
    """
    if population < 1:
        raise InvalidInput(f"a population has at least 1 person; got {population}")
    chi2, p, d = 3.841, 0.5, 0.05
    return chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))


def skm_min_sample(population: int) -> int:
    """The minimum SKM sample for ``population`` service users, from the regulation's table.

    Rule: the table's row for N, or for the next larger N printed (the table is read upwards,
    so the sample is never below what the regulation asks); under 10 users, everyone (N);
    above 100,000, 384.

    Edge cases: a population below 1 raises :class:`InvalidInput`.

    Reference: PermenPAN-RB 14/2017, Lampiran, Krejcie-Morgan table (see
    :data:`KREJCIE_MORGAN`, :func:`krejcie_morgan`).

    Example:
        >>> skm_min_sample(100), skm_min_sample(101), skm_min_sample(7), skm_min_sample(10**6)
        (80, 86, 7, 384)
    """
    if population < 1:
        raise InvalidInput(f"a population has at least 1 person; got {population}")
    if population < KREJCIE_MORGAN[0][0]:
        return population
    for size, sample in KREJCIE_MORGAN:
        if population <= size:
            return sample
    return KREJCIE_MORGAN[-1][1]
