"""Attendance: after the event starts, the host records who came. Named rows come from accepted
invitations (one person each); count rows cover people without accounts, by region and kind of
institution."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from network.choices import InstitutionType
from network.models import Region, User
from visits import permissions, selectors
from visits.models import Attendance, Event

MAX_PEOPLE_PER_ROW = 10_000


def _check(actor: User, event: Event) -> None:
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    if event.is_cancelled:
        raise ValidationError(_("This event has been cancelled."))
    if not permissions.has_started(event):
        raise ValidationError(_("Attendance can be recorded once the event has started."))


@transaction.atomic
def attendance_mark(*, actor: User, event: Event, present: Iterable[int]) -> None:
    """Record exactly these invited people as present (others are unmarked)."""
    _check(actor, event)
    # Two hosts saving at once are decided one after the other, under the event's row lock.
    Event.objects.select_for_update().get(pk=event.pk)
    wanted = {int(pk) for pk in present}
    invited = {user.pk: user for user in selectors.expected_people(event)}
    unknown = wanted - set(invited)
    if unknown:
        raise ValidationError(_("Only people who accepted the invitation can be marked present."))
    event.attendance.filter(user__isnull=False).exclude(user_id__in=wanted).delete()
    already = selectors.present_user_ids(event)
    Attendance.objects.bulk_create(
        Attendance(
            event=event,
            user=invited[pk],
            region=invited[pk].region,
            institution_type=invited[pk].institution_type,
            count=1,
            recorded_by=actor,
        )
        for pk in sorted(wanted - already)
    )


def attendance_add(
    *, actor: User, event: Event, region: Region | None, institution_type: str, count
) -> Attendance:
    """A row for people without accounts: how many came, from which region and kind."""
    _check(actor, event)
    if institution_type not in InstitutionType.values:
        raise ValidationError(
            {"institution_type": _("Choose a kind of institution from the list.")}
        )
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ValidationError({"count": _("Give the number of people who came: at least 1.")})
    if count > MAX_PEOPLE_PER_ROW:
        raise ValidationError(
            {
                "count": _("At most %(max)s people in one row; please check the number.")
                % {"max": MAX_PEOPLE_PER_ROW}
            }
        )
    return Attendance.objects.create(
        event=event,
        region=region,
        institution_type=institution_type,
        count=count,
        recorded_by=actor,
    )


def attendance_remove(*, actor: User, event: Event, row_id: int) -> None:
    _check(actor, event)
    deleted, _rows = event.attendance.filter(pk=row_id, user__isnull=True).delete()
    if not deleted:
        raise ValidationError(_("This row no longer exists."))
