from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    label = "monitoring"
    verbose_name = _("Coordination and monitoring")

    def ready(self):
        # Monitoring's panel on a region's page (after visits'), its notice kind, and national
        # staff's rights on the catalogue in the admin (after network's groups exist).
        from monitoring import (
            dashboard,
            notifications,  # noqa: F401 (registers ReportNotice)
            panels,
        )
        from monitoring.services.catalogue import catalogue_permissions_ensure
        from network import dashboard as network_dashboard
        from network import panels as network_panels
        from network.apps import after_last_migrated_app

        network_panels.register(network_panels.REGION_PAGE, panels.region_page, order=30)
        network_panels.register(network_panels.REGION_LINKS, panels.region_links, order=20)
        network_dashboard.register(dashboard.BLOCK)
        post_migrate.connect(
            after_last_migrated_app(catalogue_permissions_ensure),
            dispatch_uid="monitoring_catalogue_permissions",
            weak=False,
        )
