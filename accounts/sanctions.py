"""How long a participation ban may run, and how large a surcharge may be.

The law (국가연구개발혁신법) bans for six months up to ten years; the end date is the last day
of the ban (inclusive), so a six-month ban from 1 January ends on 30 June.
"""

import calendar
import datetime

from django.utils.translation import gettext as _

MIN_BAN_MONTHS = 6
MAX_BAN_YEARS = 10
# A backstop for the database, which counts days, not calendar months: the shortest six months
# (1 Sep – 28 Feb) are 181 days, the longest ten years 3,653. The exact rule is `ban_length_error`.
MIN_BAN_DAYS = 181
MAX_BAN_DAYS = 3653
# 제재부가금: a bound against typing errors and values the database cannot hold (1조 원).
MAX_SURCHARGE_WON = 10**12


def add_months(day, months):
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def shortest_ban_end(starts_on):
    return add_months(starts_on, MIN_BAN_MONTHS) - datetime.timedelta(days=1)


def longest_ban_end(starts_on):
    return add_months(starts_on, 12 * MAX_BAN_YEARS) - datetime.timedelta(days=1)


def ban_length_error(starts_on, ends_on):
    """The message for a ban outside six months – ten years, or None when it is fine."""
    if ends_on < starts_on:
        return _("A ban cannot end before it starts.")
    if ends_on < shortest_ban_end(starts_on):
        return _("A ban runs for at least six months: until %(date)s or later.") % {
            "date": shortest_ban_end(starts_on).isoformat()
        }
    if ends_on > longest_ban_end(starts_on):
        return _("A ban runs for at most ten years: until %(date)s at the latest.") % {
            "date": longest_ban_end(starts_on).isoformat()
        }
    return None
