from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "opinions"
    label = "opinions"
    verbose_name = _("Opinions and recommendations")

    def ready(self):
        # The document's room in chat, the notices opinions sends, and the reviews' marks in
        # the monitoring dashboard's grid.
        from chat import rooms
        from monitoring import grid_marks
        from network import dashboard as network_dashboard
        from opinions import dashboard, grid, notifications, room  # noqa: F401 (notifications)

        rooms.register(room.OpinionRoom())
        grid_marks.register(grid.review_marks)
        network_dashboard.register(dashboard.BLOCK)
