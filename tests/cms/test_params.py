"""One parser per kind of value a URL carries (issue 16): full-width digits are read, other
scripts' digits, out-of-range numbers, years and months, and odd text are "not given"."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cms.core.params import (
    MAX_ID,
    parse_choice,
    parse_date,
    parse_int,
    parse_ints,
    parse_local_path,
    parse_month,
    parse_slug,
    parse_text,
    parse_year,
)


def test_ids_are_ascii_or_full_width_digits_in_range():
    assert parse_int("12") == 12
    assert parse_int("１２") == 12
    assert parse_int(str(MAX_ID)) == MAX_ID
    for junk in ("٣", "abc", "-1", "0", "1.5", "", " ", str(MAX_ID + 1), "9" * 5000, None):
        assert parse_int(junk) is None, junk
    assert parse_ints(["1", "abc", "２", "٣"]) == [1, 2]


def test_years_months_and_days_are_what_a_calendar_can_show():
    assert parse_year("２０２６") == 2026
    assert parse_year("0") is parse_year("99999") is None
    assert parse_month("2026-04") == parse_month("２０２６／４") == date(2026, 4, 1)
    for junk in ("0001-01", "1-01", "2026-13", "2026-00", "9999-12", "2026-4-1", "2026"):
        assert parse_month(junk) is None, junk
    assert parse_date("2026-02-03") == parse_date("２０２６/２/３") == date(2026, 2, 3)
    assert parse_date("2026-02-30") is parse_date("0001-01-01") is None


def test_choices_slugs_and_text():
    assert parse_choice("past", ("upcoming", "past")) == "past"
    assert parse_choice("PAST", ("upcoming", "past"), "upcoming") == "upcoming"
    assert parse_slug("ｅｖｅｎｔｓ") == "events"
    assert parse_slug("a b") is parse_slug("こども") is parse_slug("") is None
    assert parse_text("\x00飯山\u202e  市\u200b", max_length=3) == "飯山 "


def test_only_local_paths_are_gone_back_to():
    assert (
        parse_local_path("/admin/food-drives/1/?status=open") == "/admin/food-drives/1/?status=open"
    )
    for junk in (
        "0",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/a\r\nb",
        " /a",
    ):
        assert parse_local_path(junk) is None, junk


@given(st.text())
def test_no_parser_fails_whatever_it_is_given(value):
    parse_int(value), parse_year(value), parse_month(value), parse_date(value)
    parse_slug(value), parse_text(value), parse_local_path(value)
    parse_choice(value, ("a",))
