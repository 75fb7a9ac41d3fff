"""The demo accounts everyone logs in with. Loaders, data files and tests name them from here."""

ANNA = "anna.nowak@lodzkie.example"
JAN = "jan.kowalski@opolskie.example"
EWA = "ewa.wisniewska@mazowieckie.example"
MODERATOR = "moderator@frse.example"

# Shared by every demo account and printed by seed_demo, so it is no secret.
DEMO_PASSWORD = "wzk-demo-2026"  # noqa: S105

# As the data files name them ({account: anna}), in the order seed_demo prints them.
BY_NAME = {"anna": ANNA, "jan": JAN, "ewa": EWA, "moderator": MODERATOR}

# Regions whose coordinator is one of the accounts above rather than a role address.
COORDINATORS = {"lodzkie": ANNA}


def coordinator_email(region_slug: str) -> str:
    return COORDINATORS.get(region_slug, f"koordynator@{region_slug}.example")
