from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "network.visits"
    label = "visits"
    verbose_name = _("Cross-region visits")

    def ready(self):
        from network.visits import room  # noqa: F401  (connects the room's revocation)
