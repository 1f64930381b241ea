from __future__ import annotations

from datetime import date

import pytest

from revmen.asn.nip import InvalidNip, normalize_nip, parse_nip

TODAY = date(2026, 11, 24)


def test_it_reads_birth_date_appointment_sex_and_sequence() -> None:
    info = parse_nip("198503142010121003", today=TODAY)
    assert info.birth_date == date(1985, 3, 14)
    assert (info.appointment_year, info.appointment_month) == (2010, 12)
    assert info.sex == "L"
    assert info.sequence == 3
    assert not info.is_pppk


def test_it_reads_a_female_nip() -> None:
    assert parse_nip("199001012015032001", today=TODAY).sex == "P"


def test_it_accepts_pppk_numbers_with_21_in_the_month_place() -> None:
    info = parse_nip("199206152023211004", today=TODAY)
    assert info.is_pppk
    assert info.appointment_month is None
    assert info.appointment_year == 2023


def test_it_ignores_spaces_and_dots_people_type() -> None:
    assert parse_nip("19850314 201012 1 003", today=TODAY).nip == "198503142010121003"
    assert normalize_nip(" 1985.0314.2010.12.1.003 ") == "198503142010121003"


@pytest.mark.parametrize(
    ("nip", "part", "code"),
    [
        ("19850314201012100", "format", "format"),  # 17 digits
        ("1985031420101210033", "format", "format"),  # 19 digits
        ("19850314201012100A", "format", "format"),
        ("", "format", "format"),
        ("198502302010121003", "birth_date", "birth_date"),  # 30 February
        ("198513012010121003", "birth_date", "birth_date"),  # month 13
        ("198503142010001003", "appointment", "appointment_month"),  # month 00
        ("198503142010131003", "appointment", "appointment_month"),  # month 13
        ("198503142010221003", "appointment", "appointment_month"),  # 22 is not PPPK
        ("198503142003021003", "appointment", "appointment_too_early"),  # 17 y 11 m
        ("198503142027011003", "appointment", "appointment_future"),
        ("198503142010123003", "sex", "sex"),
        ("198503142010120003", "sex", "sex"),
        ("200503142021211001", "appointment", "appointment_too_early"),  # PPPK at 16
        ("198503142027211001", "appointment", "appointment_future"),  # PPPK next year
    ],
)
def test_it_names_the_wrong_part(nip: str, part: str, code: str) -> None:
    with pytest.raises(InvalidNip) as caught:
        parse_nip(nip, today=TODAY)
    assert (caught.value.part, caught.value.code) == (part, code)


def test_it_accepts_appointment_exactly_eighteen_years_after_birth() -> None:
    assert parse_nip("198503142003031003", today=TODAY).appointment_month == 3


def test_it_accepts_appointment_in_the_current_month() -> None:
    assert parse_nip("198503142026111003", today=TODAY).appointment_year == 2026


def test_it_accepts_29_february_in_a_leap_year_only() -> None:
    assert parse_nip("198402292010121003", today=TODAY).birth_date == date(1984, 2, 29)
    with pytest.raises(InvalidNip):
        parse_nip("198502292010121003", today=TODAY)


def test_the_message_says_which_digits_are_wrong() -> None:
    with pytest.raises(InvalidNip, match="digit 15"):
        parse_nip("198503142010123003", today=TODAY)
    with pytest.raises(InvalidNip, match="19850230"):
        parse_nip("198502302010121003", today=TODAY)
