from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from batxat_portal import calendar_services


class Command(BaseCommand):
    help = ("Load the public holidays and make-up working days of batxat_portal/data/calendar_vn.json into the "
            "calendar. Adds the missing days only: never deletes, and changes a day already there only with "
            "--overwrite.")

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=calendar_services.DATA_FILE, help="another data file")
        parser.add_argument("--overwrite", action="store_true",
                            help="bring the days the file lists back to its names and kinds")

    def handle(self, *args, file, overwrite, **options):
        try:
            result = calendar_services.calendar_load(path=file, overwrite=overwrite)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"calendar: {result.created} days added, {result.updated} updated, "
                          f"{result.kept} already there")
