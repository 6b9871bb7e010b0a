"""Usage ingestion: thousands of operator records per request, each reported on its own.

Rows are checked in Python (types, bounds, the award, the quarter), then written in one
set-based statement. On PostgreSQL the good rows go by `COPY` into a temporary staging table and
one `INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING` keeps the new ones: the unique key
(operator, external id) decides what is a duplicate, so a re-import counts once even when two
imports race. SQLite keeps a plain path (look up the keys, bulk-create the rest).
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.enums import UsageOutcome, UsageSource
from allocations.models import LedgerEntry, QuarterClosure, UsageRecord
from applications.enums import GpuType

MAX_ROWS = 100_000  # per request; the benchmark command sends more in one call
MAX_RECORD_SECONDS = 10**12
FIELDS = ("external_id", "award", "gpu_type", "period_start", "period_end", "gpu_seconds")
GPU_TYPES = frozenset(GpuType.values)


@dataclass
class IngestReport:
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    rows: list = field(default_factory=list)

    def as_dict(self):
        return {
            "accepted": self.accepted,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "rows": self.rows,
        }


def _moment(value, zone):
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        moment = datetime.datetime.fromisoformat(str(value).strip())
    # A period without an offset is the operator's local time in Korea.
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _quarter_of(moment, zone):
    local = moment.astimezone(zone)
    return local.year, (local.month - 1) // 3 + 1


class _Checker:
    """Validates rows against one snapshot of the pool's awards, closures and known keys."""

    def __init__(self, operator):
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.awards = dict(
            LedgerEntry.objects.filter(pool_id=operator.pool_id)
            .values_list("award__number", "award_id")
            .distinct()
        )
        self.ends = {}
        self.closed = set(
            QuarterClosure.objects.filter(pool_id=operator.pool_id).values_list("year", "quarter")
        )

    def _quarter_end(self, year, quarter):
        # Cached: a batch touches a handful of quarters.
        key = (year, quarter)
        if key not in self.ends:
            next_start = datetime.date(year + quarter // 4, quarter % 4 * 3 + 1, 1)
            self.ends[key] = datetime.datetime.combine(next_start, datetime.time(), self.zone)
        return self.ends[key]

    def check(self, raw):
        """(values, errors): values is the tuple to store, errors a field → messages dict."""
        errors = {}
        if not isinstance(raw, dict):
            return None, {"__all__": [_("Each record is an object.")]}
        external_id = str(raw.get("external_id") or "").strip()
        if not external_id or len(external_id) > 100:
            errors["external_id"] = [_("Give the operator's record id (at most 100 characters).")]
        award_id = self.awards.get(str(raw.get("award") or "").strip())
        if award_id is None:
            errors["award"] = [_("No award with this number holds time in this pool.")]
        gpu_type = raw.get("gpu_type")
        if gpu_type not in GPU_TYPES:
            errors["gpu_type"] = [_("Unknown GPU type.")]
        seconds = raw.get("gpu_seconds")
        if isinstance(seconds, str) and seconds.strip().lstrip("-").isdigit():
            seconds = int(seconds)
        corrects = str(raw.get("corrects") or "").strip()[:100]
        if isinstance(seconds, bool) or not isinstance(seconds, int):
            errors["gpu_seconds"] = [_("GPU time is a whole number of GPU-seconds.")]
        elif seconds == 0 or abs(seconds) > MAX_RECORD_SECONDS:
            errors["gpu_seconds"] = [_("GPU time must be non-zero and at most 10^12 seconds.")]
        elif seconds < 0 and not corrects:
            errors["gpu_seconds"] = [
                _("Negative time is a correction: name the record it corrects.")
            ]
        try:
            start = _moment(raw.get("period_start"), self.zone)
            end = _moment(raw.get("period_end"), self.zone)
        except (TypeError, ValueError):
            errors["period_start"] = [_("Give the period as ISO 8601 date-times.")]
            return None, errors
        if end <= start:
            errors["period_end"] = [_("The period ends after it starts.")]
            return None, errors
        year, quarter = _quarter_of(start, self.zone)
        if end > self._quarter_end(year, quarter):
            errors["period_end"] = [_("A record's period lies within one quarter.")]
        elif (year, quarter) in self.closed:
            errors["period_start"] = [
                _("%(year)s Q%(quarter)s is closed: no more usage is accepted for it.")
                % {"year": year, "quarter": quarter}
            ]
        if errors:
            return None, errors
        return (external_id, award_id, gpu_type, start, end, year, quarter, seconds, corrects), {}


def ingest_usage(operator, rows, *, source=UsageSource.API):
    """Store new usage records of `operator`; report each row accepted, duplicate or rejected.

    Good rows are kept whatever happens to the others. Side effects: usage records only."""
    checker = _Checker(operator)
    report = IngestReport()
    results = [None] * len(rows)
    good, seen, corrections = [], set(), []
    for index, raw in enumerate(rows):
        values, errors = checker.check(raw)
        if errors:
            results[index] = _row(index, raw, UsageOutcome.REJECTED, errors)
        elif values[0] in seen:
            results[index] = _row(index, raw, UsageOutcome.DUPLICATE)
        else:
            seen.add(values[0])
            good.append((index, values))
            if values[8]:
                corrections.append(values[8])
    if corrections:
        good = _drop_unknown_corrections(operator, good, seen, corrections, results, rows)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            inserted = _insert_by_copy(operator, good, source)
        else:
            inserted = _insert_plainly(operator, good, source)
    for index, values in good:
        outcome = UsageOutcome.ACCEPTED if values[0] in inserted else UsageOutcome.DUPLICATE
        results[index] = _row(index, rows[index], outcome)
    for result in results:
        setattr(report, result["outcome"], getattr(report, result["outcome"]) + 1)
    report.rows = results
    return report


def _row(index, raw, outcome, errors=None):
    external_id = raw.get("external_id", "") if isinstance(raw, dict) else ""
    row = {"row": index + 1, "external_id": str(external_id or ""), "outcome": str(outcome)}
    if errors:
        row["errors"] = {k: [str(m) for m in v] for k, v in errors.items()}
    return row


def _drop_unknown_corrections(operator, good, batch_keys, corrections, results, rows):
    known = set(
        UsageRecord.objects.filter(operator=operator, external_id__in=corrections).values_list(
            "external_id", flat=True
        )
    )
    kept = []
    for index, values in good:
        if values[8] and values[8] not in known and values[8] not in batch_keys:
            message = _("The record this one corrects is unknown.")
            results[index] = _row(
                index, rows[index], UsageOutcome.REJECTED, {"corrects": [message]}
            )
        else:
            kept.append((index, values))
    return kept


STAGING_COLUMNS = (
    "external_id", "award_id", "gpu_type", "period_start", "period_end", "year", "quarter",
    "gpu_seconds", "corrects",
)  # fmt: skip


def _insert_by_copy(operator, good, source):
    table = UsageRecord._meta.db_table
    columns = ", ".join(STAGING_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS usage_staging (external_id varchar(100), "
            "award_id bigint, gpu_type varchar(10), period_start timestamptz, "
            "period_end timestamptz, year smallint, quarter smallint, gpu_seconds bigint, "
            "corrects varchar(100)) ON COMMIT DROP"
        )
        with cursor.copy(f"COPY usage_staging ({columns}) FROM STDIN") as copy:
            for _index, values in good:
                copy.write_row(values)
        # Identifiers come from the model and a constant tuple, never from input.
        insert = (
            f"INSERT INTO {table} (operator_id, pool_id, source, received_at, {columns}) "  # noqa: S608
            f"SELECT %s, %s, %s, %s, {columns} FROM usage_staging "
            "ON CONFLICT (operator_id, external_id) DO NOTHING RETURNING external_id"
        )
        cursor.execute(insert, [operator.pk, operator.pool_id, str(source), timezone.now()])
        inserted = {row[0] for row in cursor.fetchall()}
        cursor.execute("DROP TABLE usage_staging")
    return inserted


def _insert_plainly(operator, good, source):
    keys = [values[0] for _index, values in good]
    existing = set()
    for start in range(0, len(keys), 500):
        existing.update(
            UsageRecord.objects.filter(
                operator=operator, external_id__in=keys[start : start + 500]
            ).values_list("external_id", flat=True)
        )
    now = timezone.now()
    new = [
        UsageRecord(operator=operator, pool_id=operator.pool_id, source=source, received_at=now,
                    **dict(zip(STAGING_COLUMNS, values, strict=True)))
        for _index, values in good
        if values[0] not in existing
    ]  # fmt: skip
    UsageRecord.objects.bulk_create(new, batch_size=500)
    return {record.external_id for record in new}
