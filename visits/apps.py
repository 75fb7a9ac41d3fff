from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    label = "visits"
    verbose_name = _("Cross-region visits")

    def ready(self):
        # The event's room in chat, visits' panels on network's pages, and the signal
        # receivers (the room's revocation, guest passes that follow their event).
        from chat import rooms
        from network import dashboard
        from network import panels as network_panels
        from visits import dashboard as visits_dashboard
        from visits import notifications, panels, room  # noqa: F401 (its notice kind)
        from visits.services import guests  # noqa: F401 (its signal receivers)

        rooms.register(room.EventRoom())
        network_panels.register(network_panels.REGION_PAGE, panels.region_page, order=20)
        network_panels.register(network_panels.REGION_LINKS, panels.region_links, order=30)
        network_panels.register_region_count(
            network_panels.RegionCount(
                counts=panels.upcoming_event_counts, label=panels.upcoming_event_label, order=20
            )
        )
        network_panels.register(network_panels.MEMBER_FACTS, panels.member_facts)
        network_panels.register(network_panels.PROFILE_LINKS, panels.profile_links)
        for block in visits_dashboard.BLOCKS:
            dashboard.register(block)
