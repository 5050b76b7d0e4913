from django.core.management.base import BaseCommand

from staff import services


class Command(BaseCommand):
    help = "Create or update the role groups declared in staff/roles.py (safe to repeat)."

    def handle(self, *args, **options):
        for name, count in services.roles_sync().items():
            self.stdout.write(f"{name}: {count} permissions")
