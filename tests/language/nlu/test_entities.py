"""Entities in English, Hindi and Hinglish: numbers, amounts, times, yes/no, phones, digits."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowhooks.language.nlu.entities import extract_entities
from flowhooks.language.nlu.entities.dates import date_finder
from flowhooks.language.nlu.normalize import normalize_text

NOW = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
TZ = ZoneInfo("Asia/Kolkata")


def entities(text: str) -> dict[str, str]:
    return extract_entities(text, now=NOW, tz=TZ)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("do hazaar", "2000"),
        ("पाँच सौ", "500"),
        ("ek lakh", "100000"),
        ("two thousand five hundred", "2500"),
        ("one hundred and twenty three", "123"),
        ("ढाई लाख", "250000"),
        ("dedh sau", "150"),
        ("saade paanch sau", "550"),
        ("2.5 lakh", "250000"),
        ("1,00,000", "100000"),
        ("do hazaar paanch sau", "2500"),
        ("दो हज़ार पाँच सौ", "2500"),
        ("five lakh fifty thousand", "550000"),
    ],
)
def test_numbers_in_words_and_digits(text: str, number: str) -> None:
    """Number words in English and Hindi and Indian digit grouping read as one number."""
    assert entities(text)["number"] == number


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("₹500", "500"),
        ("Rs 500", "500"),
        ("Rs. 500 pay karna hai", "500"),
        ("500 rupees", "500"),
        ("do hazaar rupaye", "2000"),
        ("पाँच सौ रुपये", "500"),
        ("INR 2,500", "2500"),
    ],
)
def test_amounts_need_a_currency(text: str, amount: str) -> None:
    """A number with ₹, Rs, INR, rupees or रुपये is an amount."""
    assert entities(text)["amount"] == amount


def test_number_without_currency_is_not_an_amount() -> None:
    """'do hazaar' alone is a number, not an amount."""
    assert "amount" not in entities("do hazaar")


@pytest.mark.parametrize(
    "text", ["haan kar do", "mujhe do chahiye", "do you have it", "so what", "no"]
)
def test_everyday_words_that_spell_numbers_are_not_numbers(text: str) -> None:
    """do (give), so and no are not read as 2, 100 or 9."""
    assert "number" not in entities(text)


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("5 baje", "17:00"),
        ("5 pm", "17:00"),
        ("shaam 6 baje", "18:00"),
        ("subah 9 baje", "09:00"),
        ("सुबह दस बजे", "10:00"),
        ("साढ़े पाँच बजे", "17:30"),
        ("5.30 pm", "17:30"),
        ("at 10 a.m.", "10:00"),
        ("raat 11 baje", "23:00"),
        ("sava das baje", "10:15"),
        ("paune chaar baje", "15:45"),
        ("17:45", "17:45"),
        ("five o'clock in the evening", "17:00"),
    ],
)
def test_times_of_day(text: str, time: str) -> None:
    """Clock times, baje/बजे with day parts and fractions come back as HH:MM."""
    assert entities(text)["time"] == time


def test_the_hour_of_a_time_is_not_also_a_number() -> None:
    """'shaam 6 baje, 2 log' has time 18:00 and number 2, not 6."""
    found = entities("shaam 6 baje, 2 log aayenge")
    assert found["time"] == "18:00"
    assert found["number"] == "2"


def test_a_number_without_a_time_word_is_not_a_time() -> None:
    """'call me at 5' has a number but no time marker: no time entity."""
    assert "time" not in entities("call me at 5")


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("haan ji", "yes"),
        ("जी हाँ", "yes"),
        ("yes please", "yes"),
        ("theek hai", "yes"),
        ("no thanks", "no"),
        ("जी नहीं", "no"),
        ("haan nahi chahiye", "no"),
        ("I don't want it", "no"),
    ],
)
def test_yes_and_no(text: str, answer: str) -> None:
    """Agreement and refusal in three varieties; a negation wins."""
    assert entities(text)["yesNo"] == answer


def test_negation_late_in_a_long_sentence_is_not_an_answer() -> None:
    """'please call me later because I am not free now' carries no yes/no."""
    assert "yesNo" not in entities("please call me later because I am not free now")


@pytest.mark.parametrize(
    "text",
    [
        "mera number 9979746666 hai",
        "+91 99797 46666",
        "nine nine seven nine seven four six six six six",
        "नौ नौ सात नौ सात चार छह छह छह छह",
    ],
)
def test_phone_numbers_written_or_spoken(text: str) -> None:
    """A mobile number written or said digit by digit is found in E.164."""
    assert entities(text)["phone"] == "+919979746666"


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("my pin is 0 0 1 2", "0012"),
        ("mera OTP 4 5 6 7 hai", "4567"),
        ("double five three", "553"),
        ("एक दो तीन चार", "1234"),
        ("OTP 0042", "0042"),
        ("০১২৩", "0123"),
    ],
)
def test_digit_strings_keep_leading_zeros(text: str, digits: str) -> None:
    """Digits said one by one come back as a digit string, zeros kept."""
    assert entities(text)["digits"] == digits


def test_nothing_found_means_no_entities() -> None:
    """An utterance with no entity gives an empty map."""
    assert entities("please help me") == {}


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words_below_thousand(n: int) -> str:
    parts = []
    if n >= 100:
        parts += [_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        parts.append(_TENS[n // 10])
        if n % 10:
            parts.append(_ONES[n % 10])
    elif n or not parts:
        parts.append(_ONES[n])
    return " ".join(parts)


def _english_words(n: int) -> str:
    thousands, rest = divmod(n, 1000)
    head = f"{_words_below_thousand(thousands)} thousand" if thousands else ""
    tail = _words_below_thousand(rest) if rest or not thousands else ""
    return " ".join(p for p in (head, tail) if p)


@given(st.integers(min_value=10, max_value=999_999))
def test_english_number_words_read_back_as_the_number(n: int) -> None:
    """Any number 10..999999 written in English words reads back as itself."""
    assert entities(_english_words(n))["number"] == str(n)


@pytest.mark.skipif(
    date_finder() is None,
    reason="flowhooks.calendar.parsing (branch calendar) is not merged yet",
)
def test_dates_come_from_the_calendar_parser() -> None:
    """'kal' and 'tomorrow' are the next day in the account's zone, as an ISO date."""
    assert entities("kal call karna")["date"] == "2026-11-29"
    assert entities("call me tomorrow")["date"] == "2026-11-29"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_string_entities_without_error(text: str) -> None:
    """Whatever the recogniser sends, extraction answers a map of known names to strings."""
    found = entities(text)
    assert set(found) <= {"date", "time", "number", "amount", "yesNo", "phone", "digits"}
    assert all(isinstance(value, str) and value for value in found.values())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_normalising_twice_changes_nothing(text: str) -> None:
    """normalize_text is idempotent."""
    once = normalize_text(text)
    assert normalize_text(once) == once
