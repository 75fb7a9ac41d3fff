from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Discussions")

    def ready(self):
        from chat import broadcast, dashboard, notices, panels, signals  # noqa: F401 (receivers)
        from network import dashboard as network_dashboard
        from network import notices as network_notices
        from network import panels as network_panels

        network_notices.live_sender(broadcast.to_user)

        network_dashboard.register(dashboard.BLOCK)

        network_panels.register(network_panels.NETWORK_PAGE, panels.network_discussion_link)
