# Task results are explained on the tracking page from the work it shows; the job no longer stores the steps.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0008_meeting_minutes'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalperiodscore',
            name='arithmetic',
        ),
        migrations.RemoveField(
            model_name='periodscore',
            name='arithmetic',
        ),
    ]
