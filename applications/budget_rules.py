"""What a budget line may hold: an amount up to 1조 won, a fiscal year inside the project
period, one line per organisation × year × 비목 × source. Checked before anything is written,
so that bad input is a message on its field, never a database error."""

from django.utils.translation import gettext as _

from programmes.money import korean_won

MAX_LINE_AMOUNT = 10**12  # 1조 원: no single line of any programme comes near it
# The database's own bounds (budget_line_year_plausible), for drafts without a period yet.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def project_years(starts_on, duration_months):
    """The fiscal years (calendar years) the project runs in, or None while either is unset."""
    if not starts_on or not duration_months:
        return None
    last_month = starts_on.year * 12 + starts_on.month - 1 + duration_months - 1
    return range(starts_on.year, last_month // 12 + 1)


def amount_error(amount):
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        return _("Enter an amount in won, 0 or more.")
    if amount > MAX_LINE_AMOUNT:
        return _("A budget line may not exceed %(max)s.") % {"max": korean_won(MAX_LINE_AMOUNT)}
    return None


def fiscal_year_error(year, years):
    if years is None:
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            return _("Enter a fiscal year between %(first)s and %(last)s.") % {
                "first": EARLIEST_YEAR,
                "last": LATEST_YEAR,
            }
        return None
    if year not in years:
        return _(
            "The fiscal year %(year)s lies outside the project period (%(first)s–%(last)s)."
        ) % {"year": year, "first": years[0], "last": years[-1]}
    return None


def _cell(row):
    participant = row["participant"]
    return (
        getattr(participant, "pk", participant),
        row["fiscal_year"],
        row["category"],
        row["source"],
    )


def budget_line_errors(rows, *, starts_on, duration_months):
    """Messages about a whole list of lines (empty when all is well), each naming its line."""
    years = project_years(starts_on, duration_months)
    problems, seen = [], set()
    for number, row in enumerate(rows, start=1):
        for problem in (amount_error(row["amount"]), fiscal_year_error(row["fiscal_year"], years)):
            if problem:
                problems.append(_("Line %(n)s: %(problem)s") % {"n": number, "problem": problem})
        if _cell(row) in seen:
            problems.append(
                _(
                    "Line %(n)s repeats an earlier line (same organisation, fiscal year, budget "
                    "category and source): enter each only once."
                )
                % {"n": number}
            )
        seen.add(_cell(row))
    return problems
