"""parse_amount: the fast path for plain amounts gives what the general rules give."""

from decimal import Decimal

import pytest

from people.imports import read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("32000", Decimal("32000.00")),
        ("32000.5", Decimal("32000.50")),
        ("0032000.50", Decimal("32000.50")),
        ("9999999999.99", Decimal("9999999999.99")),
        ("32,000.50", Decimal("32000.50")),
        ("32.000,50", Decimal("32000.50")),
        ("32 000,5", Decimal("32000.50")),
        # A German file's thousands: one or more groups of three after dots.
        ("1.000", Decimal("1000.00")),
        ("32.000", Decimal("32000.00")),
        ("1.250.000", Decimal("1250000.00")),
        ("1,000", Decimal("1000.00")),
        ("1,250,000", Decimal("1250000.00")),
        ("32.5", Decimal("32.50")),
        ("1234.567", Decimal("1234.57")),
        ("10000000000", None),
        ("-5", None),
        ("abc", None),
        ("1e3", Decimal("1000.00")),
    ],
)
def test_amounts(text, expected, monkeypatch):
    assert read.parse_amount(text) == expected
    # The same without the fast path (a pattern that never matches).
    monkeypatch.setattr(read, "PLAIN_AMOUNT", read.re.compile(r"(?!)"))
    assert read.parse_amount(text) == expected
