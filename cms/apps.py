from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Pages")

    def ready(self):
        from cms import dashboard, listing, notifications, panels, signals  # noqa: F401 (receivers)
        from cms.models import PracticeIndexPage
        from cms.services import practice_structure_ensure
        from network import dashboard as network_dashboard
        from network import panels as network_panels
        from network.apps import after_last_migrated_app

        network_panels.register(network_panels.REGION_LINKS, panels.region_links, order=10)
        network_panels.register(network_panels.REGION_PAGE, panels.region_page, order=10)
        network_panels.register_region_count(
            network_panels.RegionCount(
                counts=panels.practice_counts, label=panels.practice_count_label, order=10
            )
        )

        PracticeIndexPage.listing_view = staticmethod(listing.practice_listing)
        network_dashboard.register(dashboard.BLOCK)
        # After the network's groups (connected first), build the page tree and its rules.
        post_migrate.connect(
            after_last_migrated_app(practice_structure_ensure),
            dispatch_uid="cms_practice_structure",
            weak=False,
        )
