from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

# The loops the filters replaced, verbatim from the ranking template.
LOOP_TOTALS = (
    "{% for name, total in pairs %}{{ name }} <strong>{{ total }}</strong>"
    "{% if not forloop.last %} · {% endif %}{% empty %}—{% endfor %}"
)
LOOP_CELLS = (
    '{% for total in totals %}<td class="num reviewer-cell">{{ total|default:"·" }}</td>'
    "{% endfor %}"
)


def render(source, **context):
    return engines["django"].from_string("{% load reviews_tags %}" + source).render(context)


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize(
    "pairs",
    [
        [],
        [("김 심사", Decimal("85.33"))],
        [("<b>Kim</b> & co", Decimal("90")), ("이", 70), ("Park", Decimal("0.50"))],
    ],
)
def test_reviewer_totals_match_the_loop(pairs, language):
    with translation.override(language):
        assert render("{{ pairs|reviewer_totals }}", pairs=pairs) == render(
            LOOP_TOTALS, pairs=pairs
        )
    assert "<b>" not in render("{{ pairs|reviewer_totals }}", pairs=pairs)


@pytest.mark.parametrize("totals", [[], [Decimal("85.33"), None, 0, Decimal("70.5")]])
def test_reviewer_cells_match_the_loop(totals):
    assert render("{{ totals|reviewer_cells }}", totals=totals) == render(LOOP_CELLS, totals=totals)
