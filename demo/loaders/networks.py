"""Demo thematic networks (``data/networks.yaml``) with members from every region.

Networks are keyed by slug and memberships by network and member, so a second run creates
nothing new.
"""

from demo import accounts
from demo.loaders import email_of, read
from demo.loaders.people import REGIONS, People
from network import services
from network.models import Network

NETWORKS: list[dict] = read("networks")["networks"]


def seed_networks(*, people: People) -> None:
    for network_index, data in enumerate(NETWORKS):
        network, _created = Network.objects.update_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "description": data["description"]},
        )
        for entry in data.get("accounts", ()):
            services.network_member_add(
                actor=None,
                network=network,
                member=people.accounts[email_of(entry)],
                is_moderator=entry["moderator"],
            )
        # Each region's three members go one to each network: every network spans all regions.
        for region_index, slug in enumerate(REGIONS):
            slot = (network_index - region_index) % 3 + 1
            services.network_member_add(
                actor=None,
                network=network,
                member=people.members[slug, slot],
                is_moderator=slug == data["moderator_region"],
            )
    # Ewa's scenario is a member who sees one network only, even after playing with the demo.
    ewa = people.accounts[accounts.EWA]
    hers = [
        data["slug"]
        for data in NETWORKS
        if any(email_of(entry) == accounts.EWA for entry in data.get("accounts", ()))
    ]
    for network in Network.objects.filter(memberships__user=ewa).exclude(slug__in=hers):
        services.network_member_remove(
            actor=people.accounts[accounts.MODERATOR], network=network, member=ewa
        )
