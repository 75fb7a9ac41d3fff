"""Login lock-outs (django-axes): whose failures count together (``AXES_USERNAME_CALLABLE``)
and the tiered cool-off (``AXES_COOLOFF_TIME``)."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings

from network.models import User

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


def username(request, credentials=None) -> str:
    """The e-mail the failures count against, spelt as login reads it: ``ANNA@X.PL``,
    `` anna@x.pl`` and a full-width ``ａｎｎａ@x.pl`` are one address, so one lock-out."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    else:
        raw = getattr(request, "POST", {}).get(field) if request is not None else None
    return User.objects.normalize_email(raw if isinstance(raw, str) else "")


def cool_off(request=None) -> timedelta:
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None and request is not None:
        username_ = username(request)
        ip_address = getattr(request, "axes_ip_address", None)
        failures = (
            AccessAttempt.objects.filter(username=username_, ip_address=ip_address)
            .values_list("failures_since_start", flat=True)
            .first()
        )
    return cool_off_for_failures(failures or 0)
