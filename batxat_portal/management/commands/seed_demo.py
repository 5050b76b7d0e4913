"""Demo data: `seed_demo` loads every app's demo records; `seed_demo --scale N` generates bench data.

Each app contributes through an optional `<app>/demo/` package with `seed(stdout)` and
`seed_scale(n, stdout)`; apps run in INSTALLED_APPS order, so staff comes first. Both must be safe
to run twice.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from batxat_portal.app_modules import app_modules


class Command(BaseCommand):
    help = "Load the demo data of every app (safe to repeat); --scale N generates province-size data."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, help="generate data for N staff members")
        parser.add_argument("--apps", default="", help="only these apps, comma-separated (e.g. staff)")

    def handle(self, *args, scale, apps="", **options):
        call_command("sync_roles", stdout=self.stdout)
        chosen = {label.strip() for label in apps.split(",") if label.strip()}
        for module in app_modules("demo"):
            if chosen and module.__name__.split(".")[0] not in chosen:
                continue
            with transaction.atomic():
                if scale:
                    if hasattr(module, "seed_scale"):
                        module.seed_scale(n=scale, stdout=self.stdout)
                elif hasattr(module, "seed"):
                    module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
