"""NIP (Nomor Induk Pegawai) validation.

An 18-digit NIP is ``YYYYMMDD`` (birth date) + ``YYYYMM`` (appointment year-month) + one sex digit
(``1`` male, ``2`` female) + a 3-digit sequence, e.g. ``198503142010121003``: born 14 March 1985,
appointed December 2010, male, sequence 003 (BKN, Peraturan Kepala BKN 22/2007 on NIP).

PPPK (government employees on contract) carry ``21`` in the appointment-month place: the month is
then unknown, and the number marks the person as PPPK.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

NIP_LENGTH = 18
MIN_AGE_AT_APPOINTMENT = 18
PPPK_MONTH = 21


class InvalidNip(ValueError):
    """A NIP that breaks a rule; ``part`` names the part that is wrong.

    ``part`` is one of ``format`` (not 18 digits), ``birth_date``, ``appointment`` or ``sex``;
    ``code`` is a stable machine-readable reason, ``params`` the values for a message.
    """

    def __init__(self, part: str, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.part = part
        self.code = code
        self.message = message
        self.params = params


@dataclass(frozen=True)
class NipInfo:
    """What a valid NIP says about its holder."""

    nip: str
    birth_date: date
    appointment_year: int
    appointment_month: int | None  # None for PPPK
    sex: Literal["L", "P"]  # laki-laki / perempuan
    sequence: int

    @property
    def is_pppk(self) -> bool:
        return self.appointment_month is None


def normalize_nip(raw: str) -> str:
    """Strip the spaces and dots people type into NIPs (``1985 0314 2010 12 1 003``)."""
    return "".join(ch for ch in raw.strip() if ch not in " .-\u00a0")


def parse_nip(raw: str, *, today: date | None = None) -> NipInfo:
    """Validate a NIP and return what it encodes, or raise :class:`InvalidNip`.

    Rules: exactly 18 digits; the first eight a real calendar date; the appointment year-month
    (digits 9-14) a real month (or ``21`` for PPPK), at least 18 years after the birth year-month
    and not after ``today``; digit 15 is 1 or 2.

    >>> parse_nip("198503142010121003").sex
    'L'
    """
    today = today or date.today()
    nip = normalize_nip(raw)
    if not nip.isdigit() or len(nip) != NIP_LENGTH:
        raise InvalidNip(
            "format",
            "format",
            f"NIP must be exactly {NIP_LENGTH} digits (got {len(nip)} characters)",
            length=len(nip),
        )
    birth = _birth_date(nip)
    year, month = int(nip[8:12]), int(nip[12:14])
    _check_appointment(birth, year, month, today)
    sex_digit = nip[14]
    if sex_digit not in "12":
        raise InvalidNip(
            "sex",
            "sex",
            f"digit 15 (sex) must be 1 (male) or 2 (female), not {sex_digit}",
            digit=sex_digit,
        )
    return NipInfo(
        nip=nip,
        birth_date=birth,
        appointment_year=year,
        appointment_month=None if month == PPPK_MONTH else month,
        sex="L" if sex_digit == "1" else "P",
        sequence=int(nip[15:]),
    )


def _birth_date(nip: str) -> date:
    try:
        return date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise InvalidNip(
            "birth_date",
            "birth_date",
            f"digits 1-8 ({nip[:8]}) are not a real birth date YYYYMMDD",
            value=nip[:8],
        ) from None


def _check_appointment(birth: date, year: int, month: int, today: date) -> None:
    value = f"{year:04d}{month:02d}"
    if month != PPPK_MONTH and not 1 <= month <= 12:
        raise InvalidNip(
            "appointment",
            "appointment_month",
            f"digits 9-14 ({value}) are not an appointment year-month YYYYMM "
            f"(month 01-12, or 21 for PPPK)",
            value=value,
        )
    if month == PPPK_MONTH:
        # The month is unknown: compare by year, giving the benefit of the doubt.
        too_early = year - birth.year < MIN_AGE_AT_APPOINTMENT
        in_future = year > today.year
    else:
        months = (year - birth.year) * 12 + (month - birth.month)
        too_early = months < MIN_AGE_AT_APPOINTMENT * 12
        in_future = (year, month) > (today.year, today.month)
    if in_future:
        raise InvalidNip(
            "appointment",
            "appointment_future",
            f"appointment {value} (digits 9-14) lies in the future",
            value=value,
        )
    if too_early:
        raise InvalidNip(
            "appointment",
            "appointment_too_early",
            f"appointment {value} (digits 9-14) is less than {MIN_AGE_AT_APPOINTMENT} years "
            f"after the birth date",
            value=value,
        )
