import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from programmes import money
from programmes.quarters import Quarter, fiscal_years_covering, quarters_covering
from programmes.templatetags.korean import kdate, kdatetime, won


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (213_600_000_000, "2,136억 원"),
        (1_906_700_000_000, "1조 9,067억 원"),
        (2_000_000_000, "20억 원"),
        (16_400_000_000, "164억 원"),
        (2_800_000_000, "28억 원"),
        (1_234_567_890, "12억 3,456만 7,890 원"),
        (15_000_000, "1,500만 원"),
        (9_500, "9,500 원"),
        (0, "0원"),
        (-300_000_000, "-3억 원"),
    ],
)
def test_korean_won(amount, expected):
    assert money.korean_won(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (213_600_000_000, "KRW 213.6 billion"),
        (1_906_700_000_000, "KRW 1.9067 trillion"),
        (2_000_000_000, "KRW 2 billion"),
        (15_000_000, "KRW 15 million"),
        (9_500, "KRW 9,500"),
    ],
)
def test_english_won(amount, expected):
    assert money.english_won(amount) == expected


def test_table_units_round_half_up():
    assert money.in_unit(213_600_000_000, 1000) == "213,600,000"
    assert money.in_unit(213_600_000_000, 1_000_000) == "213,600"
    assert money.in_unit(1_500, 1000) == "2"
    assert money.in_unit(1_499, 1000) == "1"


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        money.korean_won(2.5e9)


def test_formal_amount_in_words():
    assert money.won_in_words(213_600_000_000) == "금 이천일백삼십육억원정(₩213,600,000,000)"
    assert money.won_in_words(1_906_700_000_000) == "금 일조구천육십칠억원정(₩1,906,700,000,000)"
    assert money.won_in_words(2_000_000_000) == "금 이십억원정(₩2,000,000,000)"


def test_dates_the_korean_way():
    assert money.korean_date(datetime.date(2025, 7, 21)) == "2025. 7. 21."
    # 2025-07-21 15:30 UTC is already the 22nd in Seoul.
    moment = datetime.datetime(2025, 7, 21, 15, 30, tzinfo=datetime.UTC)
    assert money.korean_date(moment) == "2025. 7. 22."
    assert money.korean_datetime(moment) == "2025. 7. 22. 00:30"


def test_filters_follow_the_language():
    moment = datetime.datetime(2025, 7, 21, 18, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    with translation.override("ko"):
        assert won(213_600_000_000) == "2,136억 원"
        assert kdate(moment) == "2025. 7. 21."
        assert kdatetime(moment) == "2025. 7. 21. 18:00 KST"
    with translation.override("en"):
        assert won(213_600_000_000) == "KRW 213.6 billion"
        assert kdate(moment) == "21 Jul 2025"
        assert kdatetime(moment) == "21 Jul 2025 18:00 KST"


def test_quarters():
    assert Quarter.of(datetime.date(2025, 7, 21)) == Quarter(2025, 3)
    assert Quarter(2025, 3).first_day == datetime.date(2025, 7, 1)
    assert Quarter(2025, 4).last_day == datetime.date(2025, 12, 31)
    assert Quarter(2025, 4).next() == Quarter(2026, 1)
    assert Quarter(2025, 3).label_ko() == "2025년 3분기"
    quarters = quarters_covering(datetime.date(2025, 8, 1), 36)
    assert quarters[0] == Quarter(2025, 3)
    assert quarters[-1] == Quarter(2028, 3)
    assert len(quarters) == 13
    assert fiscal_years_covering(datetime.date(2025, 8, 1), 36) == [2025, 2026, 2027, 2028]
    with pytest.raises(ValueError):
        Quarter(2025, 5)
