"""Record the result of every vote whose time is up, and remind members who have not voted a
day before a vote closes. Idempotent: run it every minute (the ``opinions`` service in
docker-compose.yml)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from opinions import services


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _("Close votes whose time is up and remind members who have not voted.")

    def handle(self, *args, **options):
        closed = services.close_due_votes()
        reminded = services.vote_reminders_send()
        if options["verbosity"] > 1:
            self.stdout.write(
                _("Votes closed: %(closed)s. Reminders sent: %(reminded)s.")
                % {"closed": closed, "reminded": reminded}
            )
