"""Usage ingestion: thousands of operator records per request, each reported on its own.

Rows are checked in Python (types, bounds, the award, the quarter), then written in one
set-based statement. On PostgreSQL the good rows stream as COPY text into a temporary staging
table and one `INSERT … SELECT` keeps those whose key (operator, external id) is not stored; if
a racing import stores one of them meanwhile, the unique key refuses the insert and it runs
again with `ON CONFLICT DO NOTHING`, so a re-import counts once even then. SQLite keeps a plain
path (look up the keys, bulk-create the rest).

Speed (issue 9: at least a quarter of raw COPY's rows per second): the common row (plain strings
and an int, a period in Korea's time) goes through `_Checker.quick`, a few C-level operations;
anything else falls back to `_Checker.check`, the full check with per-field messages, and both
accept and refuse the same rows with the same values (tests/allocations/test_ingest_paths.py).
The usage table's references are checked once per statement, not per row (migration 0002).
`allocations.ingest_bench.measure_ingestion` gives the figures.
"""

import datetime
from contextlib import suppress
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.enums import UsageOutcome, UsageSource
from allocations.models import LedgerEntry, QuarterClosure, UsageRecord
from applications.enums import GpuType

MAX_ROWS = 100_000  # per request; the benchmark command sends more in one call
MAX_RECORD_SECONDS = 10**12
FIELDS = ("external_id", "award", "gpu_type", "period_start", "period_end", "gpu_seconds")
GPU_TYPES = frozenset(GpuType.values)
ACCEPTED, DUPLICATE, REJECTED = (str(o) for o in UsageOutcome)
UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE
COPY_CHUNK = 5_000  # rows per COPY write: the server parses one chunk while Python checks the next
SEOUL_OFFSET, STEADY_SINCE = "+09:00", "1989"
# What a staged row holds, in order; every value is already COPY text (see `_Checker.check`).
STAGING_COLUMNS = (
    "external_id", "award_id", "gpu_type", "period_start", "period_end", "year", "quarter",
    "gpu_seconds", "corrects",
)  # fmt: skip


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


class _Checker:
    """Validates rows against one snapshot of the pool's awards, closures and known keys."""

    def __init__(self, operator):
        self.zone = ZoneInfo(settings.TIME_ZONE)
        awards = (
            LedgerEntry.objects.filter(pool_id=operator.pool_id)
            .values_list("award__number", "award_id")
            .distinct()
        )
        # Award ids as the text COPY writes; `int()` gives them back for the plain path.
        self.awards = {number: str(award_id) for number, award_id in awards}
        self.closed = set(
            QuarterClosure.objects.filter(pool_id=operator.pool_id).values_list("year", "quarter")
        )
        # A batch touches a handful of quarters: `_quarter` and `_month` keep what they found.
        self.quarters, self.months = {}, {}
        # The text shortcut of `quick` holds for Korea's time only (see `_wall`).
        self.shortcut = settings.TIME_ZONE == "Asia/Seoul"

    def _quarter(self, local):
        key = (local.year, local.month)
        found = self.quarters.get(key)
        if found is None:
            year, quarter = local.year, (local.month - 1) // 3 + 1
            if year == datetime.MAXYEAR and quarter == 4:  # no next quarter to end at
                end = datetime.datetime.max.replace(tzinfo=self.zone)
            else:
                next_start = datetime.date(year + quarter // 4, quarter % 4 * 3 + 1, 1)
                end = datetime.datetime.combine(next_start, datetime.time(), self.zone)
            found = (str(year), str(quarter), end, (year, quarter) in self.closed, year, quarter)
            self.quarters[key] = found
        return found

    def quick(self, raw, fromisoformat=datetime.datetime.fromisoformat):
        """The staged tuple of a common, good row, or None: then `check` decides, with messages.

        Only rows `check` would accept with the very same values pass here: string or int
        fields that need no stripping, a positive time, no correction, a period written in
        Korea's time (`_wall`), compared and placed in its quarter as text."""
        if not self.shortcut or type(raw) is not dict:
            return None
        try:
            external_id = raw["external_id"]
            award_id = self.awards[raw["award"]]
            gpu_type = raw["gpu_type"]
            seconds = raw["gpu_seconds"]
            start = self._wall(raw["period_start"])
            end = self._wall(raw["period_end"])
        except (KeyError, TypeError):  # a missing field, an award that is a list…
            return None
        if (
            start is None
            or end is None
            or end <= start
            or type(external_id) is not str
            or not 0 < len(external_id) <= 100
            or external_id[0].isspace()
            or external_id[-1].isspace()
            or type(gpu_type) is not str
            or gpu_type not in GPU_TYPES
            or raw.get("corrects")
        ):
            return None
        if type(seconds) is str:  # a CSV cell
            if not (seconds.isascii() and seconds.isdigit()):
                return None
            seconds = int(seconds)
        elif type(seconds) is not int:
            return None
        if not 0 < seconds <= MAX_RECORD_SECONDS:
            return None
        try:  # the shape is right; are the numbers a date and a time?
            fromisoformat(start)
            fromisoformat(end)
        except ValueError:
            return None
        month = self.months.get(start[:7])
        if month is None:
            month = self.months[start[:7]] = self._month(int(start[:4]), int(start[5:7]))
        year, quarter, next_quarter, closed = month
        if closed or end > next_quarter:
            return None
        start, end = start + SEOUL_OFFSET, end + SEOUL_OFFSET
        return external_id, award_id, gpu_type, start, end, year, quarter, str(seconds), ""

    def _wall(self, text):
        """`YYYY-MM-DDTHH:MM:SS` of a period in Korea's time since 1989, as given, else None.

        Written without an offset or with Korea's, such times compare as text and need no
        time-zone arithmetic: Seoul has kept +09:00 since summer time ended in 1988."""
        if (
            type(text) is str
            and (len(text) == 19 or (len(text) == 25 and text[19:] == SEOUL_OFFSET))
            and text >= STEADY_SINCE
            and text[4] == text[7] == "-"
            and text[10] == "T"
            and text[13] == text[16] == ":"
        ):
            return text[:19]
        return None

    def _month(self, year, month):
        """(year text, quarter text, start of the next quarter as wall time, closed?)."""
        quarter = (month - 1) // 3 + 1
        if year == datetime.MAXYEAR and quarter == 4:
            next_start = "9999-12-31T24:00:00"  # after every wall time of the year
        else:
            next_start = datetime.datetime(year + quarter // 4, quarter % 4 * 3 + 1, 1).isoformat()
        return str(year), str(quarter), next_start, (year, quarter) in self.closed

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
            with suppress(ValueError):  # "--5": digits once the dashes are gone, no number
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
            # Korea's time of the first or last days of the calendar has no UTC date.
            local = start.astimezone(self.zone)
            end.astimezone(datetime.UTC)
        except (TypeError, ValueError, OverflowError):
            errors["period_start"] = [_("Give the period as ISO 8601 date-times.")]
            return None, errors
        if end <= start:
            errors["period_end"] = [_("The period ends after it starts.")]
            return None, errors
        year_text, quarter_text, quarter_end, closed, year, quarter = self._quarter(local)
        if end > quarter_end:
            errors["period_end"] = [_("A record's period lies within one quarter.")]
        elif closed:
            errors["period_start"] = [
                _("%(year)s Q%(quarter)s is closed: no more usage is accepted for it.")
                % {"year": year, "quarter": quarter}
            ]
        if errors:
            return None, errors
        return (
            external_id, award_id, gpu_type, start.isoformat(), end.isoformat(), year_text,
            quarter_text, str(seconds), corrects,
        ), {}  # fmt: skip


def ingest_usage(operator, rows, *, source=UsageSource.API):
    """Store new usage records of `operator`; report each row accepted, duplicate or rejected.

    Good rows are kept whatever happens to the others. Side effects: usage records only."""
    checker = _Checker(operator)
    kind = _CopyBatch if connection.vendor == "postgresql" else _PlainBatch
    with transaction.atomic(), kind(operator, source) as batch:
        results, corrections, seen = _check_and_stage(checker, rows, batch.stage)
        batch.end_stream()  # the connection takes other statements again
        if corrections:
            known = _known_keys(operator, [values[8] for _index, values in corrections])
            late = []
            for index, values in corrections:
                if values[8] in known or values[8] in seen:
                    late.append((index, values))
                else:
                    message = _("The record this one corrects is unknown.")
                    results[index] = _row(index, rows[index], REJECTED, {"corrects": [message]})
            batch.stage_more(late)
        duplicates = batch.insert()
    return _report(rows, results, duplicates)


def _check_and_stage(checker, rows, stage):
    """Check every row and stage the good ones; (results, corrections, keys seen).

    results[i] is set for refused rows only. A later good row with a key seen before is a
    duplicate. Rows naming a record they correct are held back until every key is known."""
    results = [None] * len(rows)
    seen = set()
    corrections = []
    quick, check = checker.quick, checker.check
    for index, raw in enumerate(rows):
        values = quick(raw)
        if values is None:
            values, errors = check(raw)
            if errors:
                results[index] = _row(index, raw, REJECTED, errors)
                continue
        key = values[0]
        if key in seen:
            results[index] = _row(index, raw, DUPLICATE)
            continue
        seen.add(key)
        if values[8]:
            corrections.append((index, values))
        else:
            stage(index, values)
    return results, corrections, seen


def _known_keys(operator, keys):
    return set(
        UsageRecord.objects.filter(operator=operator, external_id__in=keys).values_list(
            "external_id", flat=True
        )
    )


def _report(rows, results, duplicates):
    report = IngestReport()
    for index in duplicates:
        results[index] = _row(index, rows[index], DUPLICATE)
    for index, result in enumerate(results):
        if result is None:
            external_id = rows[index]["external_id"]
            if type(external_id) is not str:
                external_id = str(external_id or "")
            results[index] = {"row": index + 1, "external_id": external_id, "outcome": ACCEPTED}
            report.accepted += 1
        elif result["outcome"] == DUPLICATE:
            report.duplicate += 1
        else:
            report.rejected += 1
    report.rows = results
    return report


def _row(index, raw, outcome, errors=None):
    external_id = raw.get("external_id", "") if isinstance(raw, dict) else ""
    row = {"row": index + 1, "external_id": str(external_id or ""), "outcome": str(outcome)}
    if errors:
        row["errors"] = {k: [str(m) for m in v] for k, v in errors.items()}
    return row


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class _CopyBatch:
    """Good rows streamed as COPY text into a temporary table, then one INSERT … SELECT.

    While the COPY runs the connection takes no other statement: `end_stream` closes it."""

    def __init__(self, operator, source):
        self.operator, self.source = operator, source
        self.lines = []
        self.copying = None

    def __enter__(self):
        self.cursor = connection.cursor()
        self.cursor.execute(
            "CREATE TEMP TABLE usage_staging (idx integer, external_id varchar(100), "
            "award_id bigint, gpu_type varchar(10), period_start timestamptz, "
            "period_end timestamptz, year smallint, quarter smallint, gpu_seconds bigint, "
            "corrects varchar(100)) ON COMMIT DROP"
        )
        self._open()
        return self

    def __exit__(self, *problem):
        if self.copying is not None:  # an error mid-stream: abandon the COPY (CopyFail)
            copying, self.copying = self.copying, None
            copying.__exit__(*problem)
        self.cursor.close()

    def _open(self):
        columns = ", ".join(STAGING_COLUMNS)
        self.copying = self.cursor.copy(f"COPY usage_staging (idx, {columns}) FROM STDIN")
        self.copy = self.copying.__enter__()

    def stage(self, index, values):
        line = f"{index}\t" + "\t".join(values)
        # Only the operator's two keys can hold a tab, a newline or a backslash.
        if line.count("\t") != 9 or "\\" in line or "\n" in line or "\r" in line:
            line = "\t".join([str(index), *(v.translate(_COPY_ESCAPES) for v in values)])
        self.lines.append(line)
        if len(self.lines) == COPY_CHUNK:
            self._flush()

    def _flush(self):
        if self.lines:
            self.lines.append("")
            self.copy.write("\n".join(self.lines))
            self.lines = []

    def end_stream(self):
        self._flush()
        copying, self.copying = self.copying, None
        copying.__exit__(None, None, None)

    def stage_more(self, staged):
        if staged:
            self._open()
            for index, values in staged:
                self.stage(index, values)
            self.end_stream()

    def insert(self):
        """Insert the staged rows that are new; return the indexes of those already stored.

        The common case takes a plain INSERT of the rows whose key is not stored (PostgreSQL's
        ON CONFLICT costs a speculative insertion per row). Should another import store one of
        the keys meanwhile, the unique key refuses it and the same insert runs again with
        ON CONFLICT DO NOTHING, which waits for that import and keeps what is new."""
        operator = self.operator
        params = [operator.pk, operator.pool_id, str(self.source), timezone.now()]
        cursor = self.cursor
        try:
            with transaction.atomic():
                cursor.execute(self._sql(on_conflict=False), [operator.pk, *params])
                duplicates = [row[0] for row in cursor.fetchall()]
        except IntegrityError as refusal:
            if getattr(refusal.__cause__, "sqlstate", None) != UNIQUE_VIOLATION:
                raise
            cursor.execute(self._sql(on_conflict=True), params)
            duplicates = [row[0] for row in cursor.fetchall()]
        cursor.execute("DROP TABLE usage_staging")
        return duplicates

    @staticmethod
    def _sql(*, on_conflict):
        """The insert, returning the indexes of the staged rows it did not insert."""
        table = UsageRecord._meta.db_table
        columns = ", ".join(STAGING_COLUMNS)
        # Identifiers come from the model and a constant tuple, never from input.
        insert = (
            f"INSERT INTO {table} (operator_id, pool_id, source, received_at, {columns}) "  # noqa: S608
            f"SELECT %s, %s, %s, %s, {columns} FROM usage_staging"
        )
        if on_conflict:
            return (
                f"WITH new AS ({insert} ON CONFLICT (operator_id, external_id) DO NOTHING "  # noqa: S608
                "RETURNING external_id) SELECT idx FROM usage_staging s "
                "WHERE NOT EXISTS (SELECT FROM new WHERE new.external_id = s.external_id)"
            )
        # One snapshot for the whole statement: `stored` is what was there before it. (NOT
        # EXISTS, never NOT IN: a NOT IN list too big to hash is scanned again for every row.)
        return (
            "WITH stored AS MATERIALIZED (SELECT s.idx FROM usage_staging s WHERE EXISTS ("  # noqa: S608
            f"SELECT FROM {table} u WHERE u.operator_id = %s AND u.external_id = s.external_id)), "
            f"new AS ({insert} WHERE NOT EXISTS (SELECT FROM stored WHERE stored.idx = "
            "usage_staging.idx)) SELECT idx FROM stored"
        )


class _PlainBatch:
    """SQLite: look the keys up, bulk-create the new rows."""

    def __init__(self, operator, source):
        self.operator, self.source = operator, source
        self.staged = []

    def __enter__(self):
        return self

    def __exit__(self, *problem):
        pass

    def stage(self, index, values):
        self.staged.append((index, values))

    def end_stream(self):
        pass

    def stage_more(self, staged):
        self.staged.extend(staged)

    def insert(self):
        keys = [values[0] for _index, values in self.staged]
        existing = set()
        for start in range(0, len(keys), 500):
            existing.update(_known_keys(self.operator, keys[start : start + 500]))
        now = timezone.now()
        parse = datetime.datetime.fromisoformat
        new = [
            UsageRecord(
                operator=self.operator, pool_id=self.operator.pool_id, source=self.source,
                received_at=now, external_id=key, award_id=int(award_id), gpu_type=gpu_type,
                period_start=parse(start), period_end=parse(end), year=int(year),
                quarter=int(quarter), gpu_seconds=int(seconds), corrects=corrects,
            )
            for _index, (key, award_id, gpu_type, start, end, year, quarter, seconds, corrects)
            in self.staged
            if key not in existing
        ]  # fmt: skip
        UsageRecord.objects.bulk_create(new, batch_size=500)
        return [index for index, values in self.staged if values[0] in existing]
