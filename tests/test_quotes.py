"""The quote check: a quote states a value only if it prints that number, in any published form."""

from __future__ import annotations

import pytest

from smeintl.quotes import states_date, states_value


@pytest.mark.parametrize(
    ("quote", "value", "unit"),
    [
        ("China's foreign trade reached 45.47 trillion yuan in 2025", "45.47", "RMB trillion"),
        ("民营企业进出口243329亿元，增长8.8%", "24.3329", "RMB trillion"),
        ("民营企业进出口243329亿元，增长8.8%", "8.8", "% y/y"),
        ("a surplus of USD 992 billion", "0.992", "USD trillion"),
        ("有进出口实绩的外贸经营主体７８万家", "780000", "firms"),
        ("有进出口实绩的外贸经营主体78万家", "780000", "firms"),
        ("more than 17,600 firms", "17600", "firms"),
        ("imports fell 5.0 percent", "-5", "% y/y"),
        ("Global trade hits record high of USD 33T in 2024", "33", "USD trillion"),
        ("跨境电商进出口近7万亿元", "7", "RMB trillion"),
        ("3兆3579億美元", "3.3579", "USD trillion"),
        ("the average rate was 6.8974", "6.8974", "RMB per USD"),
        ("１２．５％ of firms", "12.5", "% of firms"),
    ],
)
def test_published_forms_are_recognised(quote: str, value: str, unit: str) -> None:
    assert states_value(quote, value, unit)


@pytest.mark.parametrize(
    ("quote", "value", "unit"),
    [
        ("2024 private-enterprise trade 24.33 trillion yuan", "24.3329", "RMB trillion"),
        ("trade with partner countries reached 22.1 trillion yuan", "22", "RMB trillion"),
        ("exports of 25.45 trillion yuan and imports of 18.39 trillion", "7.27", "RMB trillion"),
        ("", "45.47", "RMB trillion"),
        ("up 3.8 percent", "38", "% y/y"),
        ("13.8 trillion", "3.8", "RMB trillion"),
    ],
)
def test_a_quote_without_the_value_is_refused(quote: str, value: str, unit: str) -> None:
    assert not states_value(quote, value, unit)


@pytest.mark.parametrize(
    ("quote", "when"),
    [
        ("The definitive period starts on 1 January 2026.", "2026-01-01"),
        ("will apply from December 30, 2026 for large operators", "2026-12-30"),
        ("大型企业自2026年12月30日起适用", "2026-12-30"),
        ("applies from 30th June 2027", "2027-06-30"),
        ("from January 2026 importers must", "2026-01-01"),
        ("Transposition 26-07-2027; Adoption See Art 37.1", "2027-07-26"),
        ("23.12.2025", "2025-12-23"),
        ("On 9 December, the Council and the Parliament reached", "2025-12-09"),
        ("BRUSSELS, Dec 18 (Reuters) - European Union countries on Thursday", "2025-12-18"),
        ("entro il 30 aprile 2026 la Commissione", "2026-04-30"),
    ],
)
def test_dates_in_usual_forms(quote: str, when: str) -> None:
    assert states_date(quote, when)


@pytest.mark.parametrize(
    ("quote", "when", "published", "expected"),
    [
        ("came into force across the EU on Monday", "2023-06-12", "2023-06-12", True),
        ("On Thursday evening, negotiators reached", "2025-12-04", "2025-12-05", True),
        ("On Thursday evening, negotiators reached", "2025-12-05", "2025-12-05", False),
        ("With Parliament's approval today", "2024-12-17", "2024-12-17", True),
        ("With Parliament's approval today", "2024-12-17", "2024-12-19", False),
        ("With Parliament's approval today", "2024-12-17", "", False),
    ],
)
def test_dates_relative_to_the_page(quote: str, when: str, published: str, expected: bool) -> None:
    assert states_date(quote, when, published) is expected


@pytest.mark.parametrize(
    ("quote", "when"),
    [
        ("will apply from 30 December 2025", "2026-12-30"),
        ("from January 2026 importers must", "2026-01-15"),
        ("applies from 30 Dec. 2025 to large operators", "2026-12-30"),
        ("", "2026-01-01"),
    ],
)
def test_other_dates_are_refused(quote: str, when: str) -> None:
    assert not states_date(quote, when)


@pytest.mark.parametrize(
    ("quote", "value", "note", "expected"),
    [
        ("| 2015 | 622.84 |", "6.2284", "published as 622.84 per 100 USD, divided by 100", True),
        ("| 2015 | 622.84 |", "6.2284", "", False),
        ("| 2015 | 622.84 |", "6.2285", "published per 100 USD, divided by 100", False),
        (
            "The per capita GDP is 80,976 yuan, which is equivalent to 12,551 US dollars",
            "6.4518",
            "computed: 80,976 yuan / 12,551 US dollars",
            True,
        ),
        (
            "The per capita GDP is 80,976 yuan, which is equivalent to 12,551 US dollars",
            "6.4519",
            "computed: 80,976 yuan / 12,551 US dollars",
            False,
        ),
        (
            "The per capita GDP is 80,976 yuan",
            "6.4518",
            "computed: 80,976 yuan / 12,551 US dollars",
            False,
        ),
        ("全年人均GDP達9萬9665元", "99665", "", True),
    ],
)
def test_values_derived_from_the_published_form(
    quote: str, value: str, note: str, expected: bool
) -> None:
    assert states_value(quote, value, "RMB per USD", note) is expected
