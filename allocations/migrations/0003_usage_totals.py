"""Usage totals per pool × team × quarter × GPU type, kept by triggers on usage records.

PostgreSQL: one statement-level trigger reads the statement's new rows (a transition table) and
adds their sums in one upsert, locking the totals in key order so that two imports never
deadlock. SQLite: a row trigger does the same row by row. Existing records are summed in."""

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = "pool_id, award_id, year, quarter, gpu_type"

BACKFILL = f"""
INSERT INTO allocations_usagetotal ({COLUMNS}, gpu_seconds, records)
SELECT {COLUMNS}, SUM(gpu_seconds), COUNT(*) FROM allocations_usagerecord GROUP BY {COLUMNS}
"""

POSTGRESQL = f"""
CREATE FUNCTION allocations_usage_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO allocations_usagetotal ({COLUMNS}, gpu_seconds, records)
  SELECT {COLUMNS}, SUM(gpu_seconds), COUNT(*) FROM usage_new_rows
  GROUP BY {COLUMNS} ORDER BY {COLUMNS}
  ON CONFLICT ({COLUMNS}) DO UPDATE
    SET gpu_seconds = allocations_usagetotal.gpu_seconds + EXCLUDED.gpu_seconds,
        records = allocations_usagetotal.records + EXCLUDED.records;
  RETURN NULL;
END $$;
CREATE TRIGGER allocations_usage_totals AFTER INSERT ON allocations_usagerecord
  REFERENCING NEW TABLE AS usage_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION allocations_usage_totals_add();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER allocations_usage_totals ON allocations_usagerecord;
DROP FUNCTION allocations_usage_totals_add();
"""

SQLITE = f"""
CREATE TRIGGER allocations_usage_totals AFTER INSERT ON allocations_usagerecord
BEGIN
  INSERT INTO allocations_usagetotal ({COLUMNS}, gpu_seconds, records)
  VALUES (NEW.pool_id, NEW.award_id, NEW.year, NEW.quarter, NEW.gpu_type, NEW.gpu_seconds, 1)
  ON CONFLICT ({COLUMNS}) DO UPDATE
    SET gpu_seconds = gpu_seconds + excluded.gpu_seconds, records = records + 1;
END
"""
SQLITE_REVERSE = "DROP TRIGGER allocations_usage_totals"


def install(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif connection.vendor == "sqlite":
        schema_editor.execute(SQLITE)
    else:
        raise NotImplementedError("usage totals need a trigger for this database")
    schema_editor.execute(BACKFILL)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(POSTGRESQL_REVERSE if vendor == "postgresql" else SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [
        ("allocations", "0002_usage_references_per_statement"),
        ("awards", "0002_tranches_reports_settlement"),
    ]

    operations = [
        migrations.CreateModel(
            name="UsageTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("quarter", models.PositiveSmallIntegerField(verbose_name="quarter")),
                (
                    "gpu_type",
                    models.CharField(
                        choices=[
                            ("H100", "H100"),
                            ("H200", "H200"),
                            ("B200", "B200"),
                            ("npu", "Domestic NPU"),
                        ],
                        max_length=10,
                        verbose_name="GPU type",
                    ),
                ),
                ("gpu_seconds", models.BigIntegerField(verbose_name="GPU-seconds")),
                ("records", models.PositiveIntegerField(verbose_name="records")),
                (
                    "award",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="gpu_usage_totals",
                        to="awards.award",
                    ),
                ),
                (
                    "pool",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="usage_totals",
                        to="allocations.gpupool",
                    ),
                ),
            ],
            options={
                "verbose_name": "usage total",
                "verbose_name_plural": "usage totals",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("pool", "award", "year", "quarter", "gpu_type"),
                        name="usage_total_once",
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
