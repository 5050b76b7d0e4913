"""Complaints count from their acceptance (thụ lý). The complaints already here were given deadlines counted from
the day they arrived, and handled so: they are taken as accepted that day (by nobody recorded), so their deadlines
and the ratios already counted stay as they were. One set-based UPDATE, whatever the number of complaints."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def accepted_when_received(apps, schema_editor):
    from django.db.models.functions import TruncDate

    Feedback = apps.get_model("feedback", "Feedback")
    Feedback.objects.filter(kind="complaint", accepted_on__isnull=True).update(accepted_on=TruncDate("received_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0002_search_key'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='feedback',
            name='accepted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='accepted by'),
        ),
        migrations.AddField(
            model_name='feedback',
            name='accepted_on',
            field=models.DateField(blank=True, null=True, verbose_name='accepted for handling on'),
        ),
        migrations.AddField(
            model_name='feedback',
            name='overdue_complained_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='the citizen complained it is overdue on'),
        ),
        migrations.AlterField(
            model_name='feedbackevent',
            name='action',
            field=models.CharField(choices=[('received', 'Received'), ('classified', 'Classified'), ('spam', 'Marked as spam'), ('duplicate', 'Marked as a duplicate'), ('merged', 'Merged'), ('accepted', 'Complaint accepted for handling'), ('assigned', 'Assigned'), ('forwarded', 'Forwarded'), ('info_requested', 'More information asked'), ('info_added', 'More information given'), ('answered', 'Answered'), ('closed', 'Closed'), ('reopened', 'Reopened'), ('escalated', 'Escalated to the unit head'), ('rated', 'Answer judged by the citizen'), ('overdue_complaint', 'The citizen complained that it is overdue'), ('note', 'Note')], max_length=20, verbose_name='step'),
        ),
        migrations.RunPython(accepted_when_received, migrations.RunPython.noop, elidable=True),
    ]
