from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    label = "visits"
    verbose_name = _("Cross-region visits")

    def ready(self):
        # Register the event's room with chat, and connect the room's revocation and the
        # guest passes that follow their event.
        from chat import rooms
        from visits import room
        from visits.services import guests  # noqa: F401 (its signal receivers)

        rooms.register(room.EventRoom())
