"""Template filters for money and dates, in the reader's language. Loaded as a builtin."""

from django import template
from django.utils.translation import get_language

from programmes import money

register = template.Library()


@register.filter
def won(amount):
    """2,136억 원 in Korean pages, KRW 213.6 billion in English ones."""
    if amount is None or amount == "":
        return "—"
    amount = int(amount)
    if get_language() == "en":
        return money.english_won(amount)
    return money.korean_won(amount)


@register.filter
def thousand_won(amount):
    """A table cell in 천원."""
    return "—" if amount is None else money.in_unit(int(amount), 1000)


@register.filter
def million_won(amount):
    """A table cell in 백만원."""
    return "—" if amount is None else money.in_unit(int(amount), 1_000_000)


@register.filter
def kdate(value):
    """2025. 7. 21. in Korean; 21 Jul 2025 in English."""
    if not value:
        return ""
    if get_language() == "en":
        from django.utils import timezone

        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value)
        return f"{value.day} {value:%b %Y}"
    return money.korean_date(value)


@register.filter
def kdatetime(value):
    """2025. 7. 21. 18:00 KST (English: 21 Jul 2025 18:00 KST)."""
    if not value:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value)
    if get_language() == "en":
        return f"{local.day} {local:%b %Y %H:%M} KST"
    return f"{money.korean_datetime(value)} KST"
