# Sanctions last six months to ten years (add → fill → tighten) and record a surcharge.

import calendar
import datetime
import django.core.validators
import django.db.models.expressions
from django.db import migrations, models


def _add_months(day, months):
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def bring_bans_within_six_months_to_ten_years(apps, schema_editor):
    """A ban without an end runs the legal maximum (ten years); bans outside six months – ten
    years are brought to the nearest bound, so that the new rule can be enforced."""
    # The rule as it stood when this migration was written (copied: code moves on).
    last_day = datetime.timedelta(days=1)
    for name in ("Sanction", "HistoricalSanction"):
        model = apps.get_model("accounts", name)
        for sanction in model.objects.all():
            shortest = _add_months(sanction.starts_on, 6) - last_day
            longest = _add_months(sanction.starts_on, 120) - last_day
            ends_on = sanction.ends_on or longest
            ends_on = min(max(ends_on, shortest), longest)
            if ends_on != sanction.ends_on:
                model.objects.filter(pk=sanction.pk).update(ends_on=ends_on)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_letter_addressing'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='sanction',
            name='sanction_ends_after_start',
        ),
        migrations.AddField(
            model_name='historicalsanction',
            name='surcharge_won',
            field=models.BigIntegerField(default=0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1000000000000)], verbose_name='surcharge (제재부가금, KRW)'),
        ),
        migrations.AddField(
            model_name='sanction',
            name='surcharge_won',
            field=models.BigIntegerField(default=0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1000000000000)], verbose_name='surcharge (제재부가금, KRW)'),
        ),
        migrations.RunPython(bring_bans_within_six_months_to_ten_years, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalsanction',
            name='ends_on',
            field=models.DateField(help_text='The last day of the ban.', verbose_name='until'),
        ),
        migrations.AlterField(
            model_name='sanction',
            name='ends_on',
            field=models.DateField(help_text='The last day of the ban.', verbose_name='until'),
        ),
        migrations.AddConstraint(
            model_name='sanction',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='sanction_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='sanction',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', django.db.models.expressions.CombinedExpression(models.F('starts_on'), '+', models.Value(datetime.timedelta(days=180)))), ('ends_on__lte', django.db.models.expressions.CombinedExpression(models.F('starts_on'), '+', models.Value(datetime.timedelta(days=3652))))), name='sanction_six_months_to_ten_years'),
        ),
        migrations.AddConstraint(
            model_name='sanction',
            constraint=models.CheckConstraint(condition=models.Q(('surcharge_won__gte', 0), ('surcharge_won__lte', 1000000000000)), name='sanction_surcharge_in_bounds'),
        ),
    ]
