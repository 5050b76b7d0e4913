"""Cases get their text folded (lower case, no diacritics) in a column, filled for the rows already there; on
PostgreSQL a trigram index keeps "contains" searches fast over a province's million cases."""

from django.db import migrations, models


def fill_search_keys(apps, schema_editor):
    from batxat_portal.search import folded_sql  # the same folding the searches use, in SQL

    Feedback = apps.get_model("feedback", "Feedback")
    Feedback.objects.filter(search_key="").update(search_key=folded_sql("text"))


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS feedback_feedback_search_trgm "
        "ON feedback_feedback USING gin (search_key gin_trgm_ops)")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS feedback_feedback_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
