from django.core.management.base import BaseCommand

from monitoring.services import files_purge


class Command(BaseCommand):
    help = (
        "Delete expired exports and imports older than MONITORING_EXPORT_DAYS, with their "
        "files. Safe to run often."
    )

    def handle(self, *args, **options):
        removed = files_purge()
        if options["verbosity"] > 1 or removed:
            self.stdout.write(f"Monitoring files removed: {removed}")
