"""Personal calendar feed tokens: issue a new secret address, or revoke it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from network.models import User
from visits import permissions
from visits.models import CalendarFeedToken


def feed_token_issue(*, user: User) -> CalendarFeedToken:
    """A new feed address for the member; the previous one, if any, stops working."""
    if not permissions.may_have_feed(user):
        raise PermissionDenied
    with transaction.atomic():
        # The member's row lock makes concurrent requests take turns: one active token.
        User.objects.select_for_update().filter(pk=user.pk).exists()
        CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        return CalendarFeedToken.objects.create(user=user)


def feed_token_revoke(*, user: User) -> bool:
    """Stop the member's feed address. False when there was none."""
    revoked = CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return revoked > 0
