from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Regions, members and networks")

    def ready(self):
        from network.services import groups_ensure

        # Permissions exist only after every app has migrated, so groups are set up then.
        post_migrate.connect(_ensure_groups, sender=self, dispatch_uid="network_groups")
        self._groups_ensure = groups_ensure


def _ensure_groups(sender, **kwargs):
    sender._groups_ensure()
