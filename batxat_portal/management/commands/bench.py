from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from batxat_portal.app_modules import app_modules
from batxat_portal.bench import Job, measure, measure_job


class Command(BaseCommand):
    help = "Generate province-size data (seed_demo --scale N) and time each app's pages."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=30000, help="staff members to generate")
        parser.add_argument("--repeat", type=int, default=30, help="requests per page")
        parser.add_argument("--no-seed", action="store_true", help="measure the data already there")

    def handle(self, *args, scale, repeat, no_seed, **options):
        measurements = [m for module in app_modules("bench") for m in getattr(module, "MEASUREMENTS", [])]
        if not measurements:
            self.stdout.write("nothing to measure yet")
            return
        if not no_seed:
            # The demo accounts first: the pages are measured as them, and the generators record who made a row.
            call_command("seed_demo", stdout=self.stdout)
            call_command("seed_demo", scale=scale, stdout=self.stdout)
        self.stdout.write(f"database: {connection.vendor}; scale: {scale} staff; {repeat} requests per page")
        self.stdout.write(f"{'page or job':<45} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        failed = []
        for measurement in measurements:
            result = measure_job(measurement) if isinstance(measurement, Job) else measure(measurement, repeat=repeat)
            self.stdout.write(f"{result.label:<45} {result.median_ms:>10.1f} {result.p95_ms:>8.1f} {result.queries:>8}")
            if result.status != 200:
                failed.append(f"{result.label}: HTTP {result.status}")
        if failed:
            raise CommandError("; ".join(failed))
