"""The staff name search matches the start of a word: the folded name is kept from its 2nd, 3rd, 4th and last word.

Each key (search_key included) gets an index in byte order (COLLATE "C" on PostgreSQL, SQLite's own order), with the
full name and the id after it, so "names with a word starting with what was typed, in order" is a range of an index
read in order: a page costs the same at 30,000 and 300,000 staff (docs/architecture.md, "Search").
"""

from django.db import migrations, models

KEYS = ("search_key", "search_key_2", "search_key_3", "search_key_4", "search_key_last")


def _keys(search_key: str) -> dict[str, str]:
    """Written out (staff.models.people.name_search_keys) so this migration keeps meaning what it meant."""
    words = search_key.split()
    keys = {f"search_key_{number}": " ".join(words[number - 1:]) for number in (2, 3, 4)}
    keys["search_key_last"] = words[-1] if len(words) >= 5 else ""
    return keys


def fill_keys(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Set-based: one UPDATE from the folded name already stored.
        schema_editor.execute(
            "UPDATE staff_staffmember SET "
            "search_key_2 = COALESCE(ARRAY_TO_STRING(w[2:], ' '), ''), "
            "search_key_3 = COALESCE(ARRAY_TO_STRING(w[3:], ' '), ''), "
            "search_key_4 = COALESCE(ARRAY_TO_STRING(w[4:], ' '), ''), "
            "search_key_last = CASE WHEN CARDINALITY(w) >= 5 THEN w[CARDINALITY(w)] ELSE '' END "
            "FROM (SELECT id AS word_id, STRING_TO_ARRAY(search_key, ' ') AS w FROM staff_staffmember) words "
            "WHERE staff_staffmember.id = words.word_id")
        return
    member = apps.get_model("staff", "StaffMember")
    changed = []
    for pk, search_key in member.objects.values_list("id", "search_key").iterator(chunk_size=2000):
        changed.append(member(id=pk, **_keys(search_key)))
        if len(changed) >= 2000:
            member.objects.bulk_update(changed, KEYS[1:])
            changed = []
    member.objects.bulk_update(changed, KEYS[1:])


def add_indexes(apps, schema_editor):
    # As the search compares them: `key::text COLLATE "C"` (a collated varchar column would not match the index).
    collate = '::text COLLATE "C"' if schema_editor.connection.vendor == "postgresql" else ""
    for key in KEYS:
        columns = [f"({key}{collate})"] + ([] if key == "search_key" else [f"(search_key{collate})"]) + ["id"]
        # Most names have no 4th word, few a 5th: the other keys index only the names that have them.
        where = "" if key == "search_key" else f" WHERE {key} <> ''"
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS staff_name_{key} ON staff_staffmember "
                              f"({', '.join(columns)}){where}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE staff_staffmember")  # the planner's view of the new indexes' expressions


def drop_indexes(apps, schema_editor):
    for key in KEYS:
        schema_editor.execute(f"DROP INDEX IF EXISTS staff_name_{key}")


class Migration(migrations.Migration):
    dependencies = [("staff", "0010_access_history")]

    operations = [
        migrations.AddField(
            model_name="staffmember",
            name="search_key_2",
            field=models.CharField(default="", editable=False, max_length=150),
        ),
        migrations.AddField(
            model_name="staffmember",
            name="search_key_3",
            field=models.CharField(default="", editable=False, max_length=150),
        ),
        migrations.AddField(
            model_name="staffmember",
            name="search_key_4",
            field=models.CharField(default="", editable=False, max_length=150),
        ),
        migrations.AddField(
            model_name="staffmember",
            name="search_key_last",
            field=models.CharField(default="", editable=False, max_length=150),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.RunPython(add_indexes, drop_indexes),
    ]
