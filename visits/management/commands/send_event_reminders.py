from django.core.management.base import BaseCommand

from visits.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail reminders: to invitees who accepted, two days before the event; to those who "
        "have not answered, two days before the deadline. Each is sent once; safe to run often."
    )

    def handle(self, *args, **options):
        sent = reminders_send()
        if options["verbosity"] > 1 or sent:
            self.stdout.write(f"Event reminders sent: {sent}")
