from django.core.management.base import BaseCommand

from chat.emails import mention_emails_send


class Command(BaseCommand):
    help = (
        "E-mail members the @mentions they missed while offline (at most one e-mail per member "
        "every 15 minutes). Safe to run every minute."
    )

    def handle(self, *args, **options):
        sent = mention_emails_send()
        if options["verbosity"] > 1 or sent:
            self.stdout.write(f"Mention e-mails sent: {sent}")
