from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    label = "visits"
    verbose_name = _("Cross-region visits")

    def ready(self):
        # Connect the room's revocation and the guest passes that follow their event.
        from visits import guests, room  # noqa: F401
