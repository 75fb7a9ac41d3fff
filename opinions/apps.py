from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "opinions"
    label = "opinions"
    verbose_name = _("Opinions and recommendations")

    def ready(self):
        # The document's room in chat, and the notices opinions sends.
        from chat import rooms
        from opinions import notifications, room  # noqa: F401 (notifications registers its notice)

        rooms.register(room.OpinionRoom())
