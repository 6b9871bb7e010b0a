"""Money and dates shown the Korean way. Amounts are integer won everywhere.

korean_won(213_600_000_000)      → "2,136억 원"
korean_won(1_906_700_000_000)    → "1조 9,067억 원"
english_won(213_600_000_000)     → "KRW 213.6 billion"
in_unit(213_600_000_000, 1000)   → "213,600,000"   (a table headed "(단위: 천원)")
won_in_words(213_600_000_000)    → "금 이천일백삼십육억원정(₩213,600,000,000)"
korean_date(date(2025, 7, 21))   → "2025. 7. 21."
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

_BIG_UNITS = [(10**12, "조"), (10**8, "억"), (10**4, "만")]


def _require_int(amount):
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"money is integer won, got {amount!r}")


def korean_won(amount):
    """Prose form: groups of 조, 억 and 만, each written with thousands separators."""
    _require_int(amount)
    if amount == 0:
        return "0원"
    sign = "-" if amount < 0 else ""
    rest = abs(amount)
    parts = []
    for size, name in _BIG_UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count:,}{name}")
    if rest:
        parts.append(f"{rest:,}")
    return f"{sign}{' '.join(parts)} 원"


def english_won(amount):
    """English prose form: KRW 213.6 billion, KRW 2 billion, KRW 15 million, KRW 9,500."""
    _require_int(amount)
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    for size, name in [(10**12, "trillion"), (10**9, "billion"), (10**6, "million")]:
        if value >= size:
            figure = (Decimal(value) / size).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            text = f"{figure:,f}".rstrip("0").rstrip(".")
            return f"{sign}KRW {text} {name}"
    return f"{sign}KRW {value:,}"


def in_unit(amount, unit):
    """A table cell in 천원 (unit=1000) or 백만원 (unit=1_000_000), rounded half up."""
    _require_int(amount)
    value = (Decimal(amount) / unit).quantize(Decimal("1"), ROUND_HALF_UP)
    return f"{int(value):,}"


_DIGITS = "영일이삼사오육칠팔구"
_SMALL_UNITS = ["", "십", "백", "천"]


def _four_digits_in_words(number):
    words = []
    for position, digit in enumerate(reversed(f"{number:04d}")):
        if digit != "0":
            words.append(_DIGITS[int(digit)] + _SMALL_UNITS[position])
    return "".join(reversed(words))


def won_in_words(amount):
    """The formal form used on instruments: 금 이천일백삼십육억원정(₩213,600,000,000)."""
    _require_int(amount)
    if amount <= 0:
        raise ValueError("a formal amount is positive")
    words = []
    rest = amount
    for size, name in [*_BIG_UNITS, (1, "")]:
        count, rest = divmod(rest, size)
        if count:
            words.append(_four_digits_in_words(count) + name)
    return f"금 {''.join(words)}원정(₩{amount:,})"


def korean_date(value):
    """2025. 7. 21. — aware datetimes are shown in Seoul time."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return f"{value.year}. {value.month}. {value.day}."


def korean_datetime(value):
    """2025. 7. 21. 18:00 in Seoul time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{korean_date(local)} {local:%H:%M}"
