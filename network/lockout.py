"""Tiered cool-off for login lock-outs (django-axes ``AXES_COOLOFF_TIME``)."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings

# (failures reached, cool-off): the longer someone keeps guessing, the longer they wait.
COOL_OFF_TIERS = (
    (0, timedelta(minutes=5)),
    (2, timedelta(minutes=30)),
    (3, timedelta(hours=2)),
)


def cool_off_for_failures(failures: int) -> timedelta:
    """Cool-off after ``failures`` failed logins for one e-mail from one address."""
    limit = settings.AXES_FAILURE_LIMIT
    chosen = COOL_OFF_TIERS[0][1]
    for multiple, cool_off in COOL_OFF_TIERS:
        if failures >= multiple * limit:
            chosen = cool_off
    return chosen


def cool_off(request=None) -> timedelta:
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None and request is not None:
        username = (request.POST.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip().lower()
        ip_address = getattr(request, "axes_ip_address", None)
        failures = (
            AccessAttempt.objects.filter(username=username, ip_address=ip_address)
            .values_list("failures_since_start", flat=True)
            .first()
        )
    return cool_off_for_failures(failures or 0)
