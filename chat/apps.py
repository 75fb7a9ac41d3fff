from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Discussions")

    def ready(self):
        from chat import dashboard, panels, signals  # noqa: F401 (signals: its receivers)
        from network import dashboard as network_dashboard
        from network import panels as network_panels

        network_dashboard.register(dashboard.BLOCK)

        network_panels.register(network_panels.NETWORK_PAGE, panels.network_discussion_link)
