"""Korean outline numbering (1. → 가. → 1) → 가) → (1) → (가)) and the seal of a letter."""

import math

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

register = template.Library()

HANGUL = "가나다라마바사아자차카타파하"
LATIN = "abcdefghijklmnopqrstuvwxyz"
_FORMS = {1: "{}.", 2: "{}.", 3: "{})", 4: "{})", 5: "({})", 6: "({})"}


@register.filter
def outline(number, level):
    """The marker of item `number` (from 1) at outline `level`: 가. in Korean, a. in English."""
    number, level = int(number), int(level)
    if level % 2 == 0:
        letters = LATIN if get_language() == "en" else HANGUL
        label = letters[(number - 1) % len(letters)]
    else:
        label = str(number)
    return _FORMS[level].format(label)


@register.simple_tag
def seal(text, size_mm=24):
    """A square official seal (직인) in red, its characters read in columns from the right."""
    characters = [c for c in text if not c.isspace()] or ["印"]
    columns = max(1, math.ceil(math.sqrt(len(characters))))
    rows = math.ceil(len(characters) / columns)
    cell_w, cell_h = 84 / columns, 84 / rows
    glyphs = []
    for index, character in enumerate(characters):
        column, row = divmod(index, rows)
        x = 92 - (column + 0.5) * cell_w
        y = 8 + (row + 0.5) * cell_h + min(cell_w, cell_h) * 0.34
        glyphs.append((f"{x:.1f}", f"{y:.1f}", f"{min(cell_w, cell_h) * 0.92:.1f}", character))
    return format_html(
        '<svg class="seal" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" '
        'width="{0}mm" height="{0}mm" role="img" aria-label="{1}">'
        '<rect x="2" y="2" width="96" height="96" rx="3" fill="none" stroke="#c8102e" '
        'stroke-width="4"/>'
        '<rect x="6" y="6" width="88" height="88" fill="none" stroke="#c8102e" stroke-width="1.2"/>'
        "{2}</svg>",
        size_mm,
        text,
        format_html_join(
            "",
            '<text x="{0}" y="{1}" font-size="{2}" text-anchor="middle" fill="#c8102e" '
            'font-family="Pretendard" font-weight="700">{3}</text>',
            glyphs,
        ),
    )
