"""Weekday lists: read in any case and form, unknown names quoted in the error."""

from __future__ import annotations

import pytest

from flowhooks.calendar.weekdays import parse_weekdays, weekday_names


def test_weekday_lists_in_any_case_and_form() -> None:
    """Full names, 3-letter forms and romanised Hindi in any case are read."""
    assert parse_weekdays("sat,Sunday,MON") == frozenset({5, 6, 0})
    assert parse_weekdays(" Thurs ; tue ") == frozenset({3, 1})
    assert parse_weekdays("ravivar") == frozenset({6})
    assert parse_weekdays("") == frozenset()
    assert weekday_names({6, 0}) == ["Monday", "Sunday"]


def test_unknown_weekday_is_named() -> None:
    """An unknown name is quoted in the error."""
    with pytest.raises(ValueError, match="'Funday'"):
        parse_weekdays("Monday,Funday")
