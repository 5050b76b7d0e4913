"""`make bench`: generate province-size data, then time each app's pages and jobs beside their SQL floors.

The main run measures everything on `--scale` staff (default 30,000) in the bench database. Each of `--scales`
(say 90000,300000) gets a database of its own (`<name>_<n>` on PostgreSQL, `var/bench-<n>.sqlite3` on SQLite),
seeded with staff only, where the measurements marked `every_scale` are taken again; a last table puts the scales
side by side. Every database keeps its data, so a second run only measures.
"""

import json
import os
import subprocess
import sys
import tempfile

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from batxat_portal.app_modules import app_modules
from batxat_portal.bench import HEADER, Job, format_result, measure, measure_job


def _scale_database_url(n: int) -> tuple[str, bool]:
    """The database of one extra scale, created on the same server when it is missing; and whether it was."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        path = settings.BASE_DIR / "var" / f"bench-{n}.sqlite3"
        return f"sqlite:///{path}", not path.exists()
    name = f"{db['NAME']}_{n}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        created = cursor.fetchone() is None
        if created:
            cursor.execute(f'CREATE DATABASE "{name}"')
    credentials = db.get("USER") or ""
    if db.get("PASSWORD"):
        credentials += f":{db['PASSWORD']}"
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{credentials}{'@' if credentials else ''}{host}/{name}", created


class Command(BaseCommand):
    help = "Generate province-size data (seed_demo --scale N) and time each app's pages and jobs beside their floors."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=30000, help="staff members to generate")
        parser.add_argument("--scales", default="", help="more staff sizes for the every-scale measurements, "
                                                         "comma-separated (e.g. 90000,300000)")
        parser.add_argument("--repeat", type=int, default=30, help="requests per page")
        parser.add_argument("--no-seed", action="store_true", help="measure the data already there")
        parser.add_argument("--only", default="", help="measure only those whose label contains this text")
        parser.add_argument("--every-scale-only", action="store_true", help=
                            "seed staff only and take only the every-scale measurements (the extra scales' runs)")
        parser.add_argument("--json", dest="json_path", default="", help="also write the results to this file")

    def handle(self, *args, scale, scales, repeat, no_seed, only, every_scale_only, json_path, **options):
        measurements = [m for module in app_modules("demo.bench") for m in getattr(module, "MEASUREMENTS", [])]
        if every_scale_only:
            measurements = [m for m in measurements if m.every_scale]
        if only:
            measurements = [m for m in measurements if only in m.label]
        if not measurements:
            self.stdout.write("nothing to measure")
            if json_path:
                with open(json_path, "w") as out:
                    json.dump([], out)
            return
        if not no_seed:
            # The demo accounts first: the pages are measured as them, and the generators record who made a row.
            call_command("seed_demo", stdout=self.stdout)
            call_command("seed_demo", scale=scale, apps="staff" if every_scale_only else "", stdout=self.stdout)
        self.stdout.write(f"database: {connection.vendor}; scale: {scale} staff; {repeat} requests per page")
        self.stdout.write(HEADER)
        results, failed = [], []
        for measurement in measurements:
            result = measure_job(measurement) if isinstance(measurement, Job) else measure(measurement, repeat=repeat)
            self.stdout.write(format_result(result))
            results.append({"label": measurement.label, "median_ms": result.median_ms, "p95_ms": result.p95_ms,
                            "floor_ms": result.floor_ms, "queries": result.queries,
                            "every_scale": measurement.every_scale})
            if result.status != 200:
                failed.append(f"{result.label}: HTTP {result.status}")
        if json_path:
            with open(json_path, "w") as out:
                json.dump(results, out)
        extra = [int(value) for value in scales.split(",") if value.strip()]
        if extra:
            self._other_scales(scale, extra, results, repeat=repeat, no_seed=no_seed, only=only)
        if failed:
            raise CommandError("; ".join(failed))

    def _other_scales(self, scale: int, extra: list[int], results: list[dict], **options) -> None:
        by_scale = {scale: {row["label"]: row for row in results if row["every_scale"]}}
        for n in extra:
            url, created = _scale_database_url(n)
            env = {**os.environ, "DATABASE_URL": url}
            self.stdout.write(f"\n--- {n} staff in their own database ---")
            manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
            subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                command = [*manage, "bench", "--scale", str(n), "--every-scale-only", "--json", out.name,
                           "--repeat", str(options["repeat"])]
                if options["no_seed"] and not created:  # a database made just now has nothing to measure yet
                    command.append("--no-seed")
                if options["only"]:
                    command += ["--only", options["only"]]
                # Streamed line by line: generating 300,000 staff takes a while, and the reader should see it move.
                with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) as child:
                    for line in child.stdout:
                        self.stdout.write(line.rstrip("\n"))
                if child.returncode:
                    raise CommandError(f"the {n}-staff bench failed (exit code {child.returncode})")
                with open(out.name) as written:
                    by_scale[n] = {row["label"]: row for row in json.load(written)}
        sizes = [scale, *extra]
        self.stdout.write("\nthe same pages as the staff grow:")
        self.stdout.write(f"{'page or job':<44} {'staff':>9} {'median ms':>10} {'p95 ms':>9} {'queries':>7} "
                          f"{'floor ms':>9} {'ratio':>7}")
        for label in by_scale[scale]:
            for index, n in enumerate(sizes):
                row = by_scale.get(n, {}).get(label)
                name = label if index == 0 else ""
                if row is None:
                    self.stdout.write(f"{name:<44} {n:>9,} {'–':>10}")
                    continue
                floor, p95 = row["floor_ms"], row.get("p95_ms")
                self.stdout.write(
                    f"{name:<44} {n:>9,} {row['median_ms']:>10.1f} "
                    f"{p95 if p95 is not None else float('nan'):>9.1f} {row['queries']:>7} "
                    + (f"{floor:>9.1f} {row['median_ms'] / floor:>6.1f}×" if floor else f"{'–':>9} {'':>7}"))
