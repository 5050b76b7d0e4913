"""Ship the civil-service ranks and their salary scales as editable rows (DOMAIN.md, NĐ 204/2004 tables).

Codes and scales marked [U]/[P] in DOMAIN.md are data, so HR corrects them in the admin without a release.
On PostgreSQL the accent-folded name gets a trigram index, so "contains" searches stay fast at 30,000 staff.
"""

from decimal import Decimal

from django.db import migrations

# code, name, years per step, first coefficient, increment, steps
RANKS = [
    ("01.001", "Chuyên viên cao cấp", 3, "6.20", "0.36", 6),
    ("01.002", "Chuyên viên chính", 3, "4.40", "0.34", 8),
    ("01.003", "Chuyên viên", 3, "2.34", "0.33", 9),
    ("01.004", "Cán sự", 2, "1.86", "0.20", 12),
    ("01.005", "Nhân viên", 2, "1.65", "0.18", 12),
]


def add_ranks(apps, schema_editor):
    Rank = apps.get_model("staff", "Rank")
    SalaryStep = apps.get_model("staff", "SalaryStep")
    for order, (code, name, years, first, increment, steps) in enumerate(RANKS, start=1):
        rank, created = Rank.objects.get_or_create(
            code=code, defaults={"name": name, "years_per_step": years, "sort_order": order * 10})
        if created:
            SalaryStep.objects.bulk_create(
                SalaryStep(rank=rank, step=step, coefficient=Decimal(first) + Decimal(increment) * (step - 1))
                for step in range(1, steps + 1))


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS staff_staffmember_search_trgm "
        "ON staff_staffmember USING gin (search_key gin_trgm_ops)")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS staff_staffmember_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("staff", "0002_staff_records")]

    operations = [
        migrations.RunPython(add_ranks, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
