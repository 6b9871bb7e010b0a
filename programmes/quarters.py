"""Fiscal years and quarters. In Korea the fiscal year is the calendar year."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise ValueError(f"a quarter is numbered 1 to 4, not {self.number}")

    def __str__(self):
        return f"{self.year} Q{self.number}"

    @classmethod
    def of(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self):
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self):
        return self.next().first_day - datetime.timedelta(days=1)

    def next(self):
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def label_ko(self):
        return f"{self.year}년 {self.number}분기"


def quarters_covering(start, months):
    """The fiscal quarters touched by a period of `months` months from `start`."""
    if months < 1:
        return []
    end_month_index = start.year * 12 + start.month - 1 + months - 1
    end = datetime.date(end_month_index // 12, end_month_index % 12 + 1, 1)
    quarters, quarter = [], Quarter.of(start)
    while quarter <= Quarter.of(end):
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def fiscal_years_covering(start, months):
    return sorted({quarter.year for quarter in quarters_covering(start, months)})
