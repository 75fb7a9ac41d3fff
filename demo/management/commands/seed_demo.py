"""Load demo data: every region's WZK with members, three thematic networks, stable logins,
good practices, discussions and visits, from the data files in ``demo/data/``.

Idempotent: people are keyed by e-mail, networks and regions by slug, so a second run updates
rows in place and creates nothing new. Nothing here is random.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.models import GoodPracticePage
from demo import accounts
from demo.loaders.discussions import seed_discussions
from demo.loaders.monitoring import seed_monitoring
from demo.loaders.networks import seed_networks
from demo.loaders.people import REGIONS, seed_people
from demo.loaders.practices import seed_practices
from demo.loaders.visits import seed_visits
from network import services
from network.choices import Role
from network.models import Network, NetworkMembership, Region, User


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # argparse needs a real str, so translate when the parser is built, not at import.
        return _(
            "Load demo data: the WZK of every region with members, thematic networks and "
            "demo logins."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Load demo data even when DEBUG is off."),
        )
        parser.add_argument(
            "--without-practices",
            action="store_true",
            help=_("Load members and networks only, no good practices."),
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _("Demo data is for development: DEBUG is off. Use --force to load it anyway.")
            )
        regions = {region.slug: region for region in Region.objects.filter(slug__in=REGIONS)}
        missing = sorted(set(REGIONS) - set(regions))
        if missing:
            raise CommandError(
                _("Regions missing: %(slugs)s. Run migrate first.") % {"slugs": ", ".join(missing)}
            )
        with transaction.atomic():
            password_hash = make_password(accounts.DEMO_PASSWORD)
            services.groups_ensure()
            people = seed_people(regions=regions, password_hash=password_hash)
            seed_networks(people=people)
            if not options["without_practices"]:
                # After the people: each region's coordinator owns its practices.
                seed_practices(stdout=self.stdout if options["verbosity"] > 1 else None)
            # After the networks: the demo members write in their rooms.
            seed_discussions()
            # After the members: events, invitations, a past visit with its report.
            seed_visits()
            # After visits and practices: the computed indicators count them.
            seed_monitoring()
        self.print_summary()

    def print_summary(self) -> None:
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
        counts = [
            (_("Regions"), Region.objects.count()),
            (_("Members"), User.objects.count()),
            (_("Thematic networks"), Network.objects.count()),
            (_("Network memberships"), NetworkMembership.objects.count()),
            (_("Good practices"), GoodPracticePage.objects.live().count()),
        ]
        for label, count in counts:
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write("")
        self.stdout.write(_("Demo logins:"))
        named = User.objects.filter(email__in=accounts.BY_NAME.values()).select_related("region")
        by_email = {user.email: user for user in named}
        for email in accounts.BY_NAME.values():
            user = by_email[email]
            where = f" ({user.region.name})" if user.region else ""
            self.stdout.write(f"  {user.email:<38} {Role(user.role).label}{where}")
        self.stdout.write(f"Hasło / password: {accounts.DEMO_PASSWORD}")
        self.stdout.write(
            _(
                "Every region's coordinator is koordynator@<slug>.example "
                "(except łódzkie: %(email)s)."
            )
            % {"email": accounts.ANNA}
        )
