"""National codes as rosters write them: ID numbers, year-months, 政治面貌, 民族, 性别."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lvzhi.core.codes import NATIONAL_SECTORS, parse_ethnicity, parse_gender, parse_political
from lvzhi.core.idnumber import (
    IdNumberError,
    id_number_birth,
    id_number_gender,
    is_valid_id_number,
    normalize_id_number,
    synthetic_id_number,
)
from lvzhi.core.yearmonth import format_year_month, parse_year_month


def test_it_accepts_the_standards_example_and_an_x():
    assert normalize_id_number("11010519491231002x") == "11010519491231002X"
    assert id_number_birth("11010519491231002X") == date(1949, 12, 31)
    assert id_number_gender("11010519491231002X") == "2"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("110105194912310021", "校验码错误"),
        ("1101051949123100", "应为18位"),
        ("11010519491331002X", "不是有效日期"),
        ("1101051949123100AX", "只能由数字组成"),
    ],
)
def test_it_says_why_an_id_number_is_wrong(text, reason):
    with pytest.raises(IdNumberError, match=reason):
        normalize_id_number(text)


def test_it_upgrades_a_fifteen_digit_number():
    assert normalize_id_number("110105491231002") == "11010519491231002X"


@given(st.dates(min_value=date(1920, 1, 1), max_value=date(2010, 12, 31)), st.integers(0, 999))
def test_it_makes_synthetic_numbers_that_pass_the_check(birth, sequence):
    number = synthetic_id_number(region="611002", birth=birth, sequence=sequence)
    assert is_valid_id_number(number)
    assert id_number_birth(number) == birth
    assert id_number_gender(number) == ("1" if sequence % 2 else "2")


@pytest.mark.parametrize(
    "value",
    ["1968-05", "1968.05", "1968.5", "1968年5月", "1968年05月", "196805", "1968/5", "1968-05-12",
     date(1968, 5, 12), datetime(1968, 5, 1, 0, 0), 196805, 1968.05, 24959],
)  # fmt: skip
def test_it_reads_year_months_as_offices_write_them(value):
    assert parse_year_month(value) == date(1968, 5, 1)


def test_it_reads_excel_dropping_the_trailing_zero_of_october():
    assert parse_year_month(1968.1) == date(1968, 10, 1)


@pytest.mark.parametrize("value", ["1968-13", "五月", "68-05", "", "1968", 1968, 1968.0])
def test_it_refuses_what_is_not_a_year_month(value):
    with pytest.raises(ValueError, match="无法识别的出生年月"):
        parse_year_month(value)


def test_it_formats_a_year_month():
    assert format_year_month(date(1968, 5, 1)) == "1968-05"


@pytest.mark.parametrize(
    ("text", "code"),
    [("中共党员", "01"), ("中共", "01"), ("1", "01"), ("中共预备党员", "02"), ("民革", "04"), ("民革会员", "04"),
     ("民盟", "05"), ("民建", "06"), ("民进", "07"), ("农工党", "08"), ("致公党", "09"), ("九三学社", "10"),
     ("台盟", "11"), ("无党派人士", "12"), ("群众", "13"), (" 群 众 ", "13"), ("中国民主同盟盟员", "05")],
)  # fmt: skip
def test_it_reads_political_status_by_name_code_or_short_form(text, code):
    assert parse_political(text) == code


def test_it_refuses_an_unknown_political_status():
    assert parse_political("共产党") is None
    assert parse_political("99") is None


def test_it_reads_ethnicity_and_gender():
    assert parse_ethnicity("汉族") == parse_ethnicity("汉") == parse_ethnicity("1") == "01"
    assert parse_ethnicity("俄罗斯族") == "44"
    assert parse_ethnicity("火星族") is None
    assert parse_gender("男") == "1"
    assert parse_gender("女性") == "2"
    assert parse_gender("未知") is None


def test_it_seeds_the_34_national_sectors():
    assert len(NATIONAL_SECTORS) == 34
    assert len({short for _c, _f, short in NATIONAL_SECTORS}) == 34
    assert ("34", "环境资源界", "环境资源界") in NATIONAL_SECTORS
