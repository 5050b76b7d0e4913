"""The QĐ 766 ratios read a commune's year from the indexes alone, on PostgreSQL.

The ratios count a unit's cases and ratings of some months: the (unit, time) indexes find them, but each row then
had to be read from the table, where a unit's rows lie scattered among the province's (about one table page per
rating). The same two indexes now also carry the columns the counts read (INCLUDE), so PostgreSQL answers with an
index-only scan over a few hundred pages; a partial index holds the dossier codes that PAKN name (not spam or
duplicates), so "is this rated file named by a PAKN?" is one probe of a small index.

The indexes keep their names and key columns, so the models' Meta and the migration state do not change; other
databases keep the plain indexes. Built CONCURRENTLY (the tables stay writable), hence a non-atomic migration. An
index-only scan skips the table only for pages the visibility map marks all-visible: the migration ends with the
VACUUM (ANALYZE) autovacuum would do later (it does not lock the tables), so the ratios are fast at once, also after
migration 0003 rewrote the complaints.
"""

from django.db import migrations

COVERING = {
    # name: (table, key columns, included columns)
    "rating_unit_time": ("feedback_servicerating", "org_unit_id, created_at",
                         "staff_member_id, is_satisfied, dossier_code"),
    "feedback_unit_month": ("feedback_feedback", "org_unit_id, received_at",
                            "kind, status, within_competence, due_on, forward_due_on, answered_at, closed_at, "
                            "forwarded_at, citizen_satisfied, overdue_complained_at"),
}
# Word for word the condition of feedback.selectors.ratios.rating_counts, so the planner can use the index.
NAMED_DOSSIER = ("CREATE INDEX CONCURRENTLY IF NOT EXISTS feedback_named_dossier ON feedback_feedback (dossier_code) "
                 "WHERE NOT (dossier_code = '') AND NOT (status IN ('spam', 'duplicate'))")


def _swap(schema_editor, name: str, table: str, keys: str, include: str | None) -> None:
    """Build the new index beside the old one, then drop the old and give the new its name."""
    extra = f" INCLUDE ({include})" if include else ""
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}_new")
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY {name}_new ON {table} ({keys}){extra}")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    schema_editor.execute(f"ALTER INDEX {name}_new RENAME TO {name}")


def covering(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, keys, include) in COVERING.items():
        _swap(schema_editor, name, table, keys, include)
    schema_editor.execute(NAMED_DOSSIER)
    schema_editor.execute("VACUUM (ANALYZE) feedback_feedback, feedback_servicerating")


def plain(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS feedback_named_dossier")
    for name, (table, keys, _include) in COVERING.items():
        _swap(schema_editor, name, table, keys, None)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("feedback", "0003_complaint_acceptance")]

    operations = [migrations.RunPython(covering, plain, elidable=False)]
