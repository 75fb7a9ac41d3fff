from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Regions, members and networks")

    def ready(self):
        # Permissions are created app by app as post_migrate fires, so the group is brought
        # up to date after each app (idempotent); the last call sees all of them.
        post_migrate.connect(_ensure_groups, dispatch_uid="network_groups")


def _ensure_groups(sender, **kwargs):
    from network.services import groups_ensure

    groups_ensure()
