"""National staff keep the indicator catalogue, targets and periods in the Wagtail admin."""

from django.contrib.auth.models import Group, Permission

from network.services import NATIONAL_MODERATORS_GROUP

CATALOGUE_MODELS = ("indicator", "target", "period")


def catalogue_permissions_ensure() -> None:
    """Give the national moderators' group every right on the catalogue (idempotent)."""
    group = Group.objects.filter(name=NATIONAL_MODERATORS_GROUP).first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="monitoring", content_type__model__in=CATALOGUE_MODELS
        )
    )
