"""Ship the civil-service ranks and their salary scales as editable rows (docs/domain-rules.md, NĐ 204/2004 tables).

Codes and scales marked [U]/[P] in docs/domain-rules.md are data, so HR corrects them in the admin without a release.
On PostgreSQL the accent-folded name gets a trigram index, so "contains" searches stay fast at 30,000 staff.
"""

from django.db import migrations

from staff.reference_data import ranks_ensure


def add_ranks(apps, schema_editor):
    ranks_ensure(apps.get_model("staff", "Rank"), apps.get_model("staff", "SalaryStep"))


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
