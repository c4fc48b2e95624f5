"""Contact numbers normalised to E.164."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowhooks.outbound.phone import normalize_alternates, normalize_number


@pytest.mark.parametrize(
    "raw", ["91997974 6666", "09979746666", "919979746666", "+91 99797 46666", "9979746666"]
)
def test_indian_forms_are_one_number(raw: str) -> None:
    """Every usual way of writing an Indian mobile number gives the same E.164 number."""
    assert normalize_number(raw) == "+919979746666"


@pytest.mark.parametrize("raw", ["", "   ", "12345", "abc", "+999 1"])
def test_not_a_number_is_refused(raw: str) -> None:
    """Blank, short or non-numeric input is a ValueError."""
    with pytest.raises(ValueError, match="number"):
        normalize_number(raw)


@given(st.integers(min_value=6_000_000_000, max_value=9_999_999_999), st.data())
def test_spaces_never_matter(national: int, data: st.DataObject) -> None:
    """Spaces anywhere inside a number do not change its normal form."""
    digits = str(national)
    cut = data.draw(st.integers(min_value=1, max_value=len(digits) - 1))
    spaced = digits[:cut] + " " + digits[cut:]
    try:
        plain = normalize_number(digits)
    except ValueError:
        return
    assert normalize_number(spaced) == plain


def test_alternates_keep_order_and_drop_repeats() -> None:
    """Alternates keep their order; the same number written twice is dialled once."""
    assert normalize_alternates(["09979746666,9876543210", "+919979746666"]) == (
        "+919979746666",
        "+919876543210",
    )
