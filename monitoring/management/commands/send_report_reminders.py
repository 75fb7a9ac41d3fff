from django.core.management.base import BaseCommand

from monitoring.services import report_reminders_send


class Command(BaseCommand):
    help = (
        "Report reminders: 7 days and 1 day before a period's due date, to the coordinator "
        "and recorders of each region that has not submitted. Each is sent once; safe to run "
        "often."
    )

    def handle(self, *args, **options):
        sent = report_reminders_send()
        if options["verbosity"] > 1 or sent:
            self.stdout.write(f"Report reminders sent: {sent}")
