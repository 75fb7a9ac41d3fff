"""Cross-region visits: events a region hosts, invitations and answers, guests, attendance,
visit reports and personal calendar feeds."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.choices import InstitutionType
from visits.choices import EventKind, InvitationStatus, ReminderKind

# Every event has a discussion room: chat's key for it (see ``visits.room``).
EVENT_ROOM_PREFIX = "event:"


def event_room_key(event_id: int) -> str:
    return f"{EVENT_ROOM_PREFIX}{event_id}"


class Event(models.Model):
    """A session or event hosted by one region, to which other regions are invited."""

    host_region = models.ForeignKey(
        "network.Region",
        verbose_name=_("host region"),
        on_delete=models.PROTECT,
        related_name="hosted_events",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue_address = models.TextField(_("venue address"), blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    guest_seats = models.PositiveIntegerField(_("seats for guests"), default=0)
    rsvp_deadline = models.DateTimeField(_("answer by"))
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public events appear in the national calendar; others only to members."),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    practices = models.ManyToManyField(
        "cms.GoodPracticePage",
        verbose_name=_("good practices shown"),
        related_name="shown_at_events",
        blank=True,
    )
    # Calendar identity: the UID never changes; SEQUENCE rises with every change guests see.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    ical_sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["starts_at"], name="visits_event_starts"),
            models.Index(fields=["host_region", "starts_at"], name="visits_event_region_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(guest_seats__gte=0), name="visits_event_seats_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="visits_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(rsvp_deadline__lte=F("starts_at")),
                name="visits_event_deadline_not_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("visits:event_detail", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue_address

    def answers_closed(self, now=None) -> bool:
        return (now or timezone.now()) > self.rsvp_deadline


class EventOrganiser(models.Model):
    """A member the coordinator allows to create and manage their region's events.

    The grant is tied to the region: it lapses if the member moves to another region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="event_organiser_grants",
    )
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="event_organisers",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("event organiser")
        verbose_name_plural = _("event organisers")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="visits_organiser_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.region}"


class Invitation(models.Model):
    """An invitation to a region (answered or passed on by its coordinator) or to one member.

    Seats: the sum of ``people_count`` over accepted invitations never exceeds the event's
    ``guest_seats``; services enforce it under a row lock on the event."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("invited region"),
        on_delete=models.CASCADE,
        related_name="event_invitations",
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited member"),
        on_delete=models.CASCADE,
        related_name="event_invitations",
        null=True,
        blank=True,
    )
    message = models.TextField(_("personal message"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sent_event_invitations",
    )
    # Set when a coordinator passes their region's invitation on to a chosen member.
    passed_on_from = models.ForeignKey(
        "self",
        verbose_name=_("passed on from"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="passed_on",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    people_count = models.PositiveSmallIntegerField(_("number of people"), default=1)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # Waiting list: a ticket number taken under the event lock (order), and when it was taken.
    waitlist_position = models.PositiveIntegerField(_("waiting-list ticket"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    agree_to_be_listed = models.BooleanField(_("show me on the guest list"), default=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [
            models.Index(fields=["event", "status"], name="visits_invitation_event_st"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(region__isnull=False, user__isnull=True)
                    | Q(region__isnull=True, user__isnull=False)
                ),
                name="visits_invitation_region_xor_user",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False),
                name="visits_invitation_unique_user",
            ),
            models.UniqueConstraint(
                fields=["event", "region"],
                condition=Q(region__isnull=False),
                name="visits_invitation_unique_region",
            ),
            models.CheckConstraint(
                condition=Q(people_count__gte=1), name="visits_invitation_people_gte_1"
            ),
            models.CheckConstraint(
                condition=~Q(status=InvitationStatus.WAITLISTED)
                | Q(waitlist_position__isnull=False),
                name="visits_invitation_waitlisted_has_position",
            ),
        ]

    def __str__(self):
        return f"{self.event} → {self.user or self.region}"

    def get_absolute_url(self):
        return reverse("visits:invitation_detail", kwargs={"pk": self.pk})


class GuestPass(models.Model):
    """Marks a user account as an e-mail guest: limited to one event's page and room,
    sponsored by the member who invited them, and expiring some days after the event."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("guest"),
        on_delete=models.CASCADE,
        related_name="guest_pass",
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="guest_passes"
    )
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guest_pass",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        related_name="sponsored_guest_passes",
    )
    expires_at = models.DateTimeField(_("expires"))
    # The sign-in link is single-use: set when the guest first uses it.
    claimed_at = models.DateTimeField(_("first signed in"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("guest pass")
        verbose_name_plural = _("guest passes")

    def __str__(self):
        return f"{self.user} – {self.event}"

    def is_valid(self, now=None) -> bool:
        return (now or timezone.now()) < self.expires_at


class Attendance(models.Model):
    """Who came, recorded by the host: a count per region and kind of institution,
    optionally naming the member."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attendance"
    )
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="event_attendance",
        null=True,
        blank=True,
    )
    institution_type = models.CharField(
        _("institution type"),
        max_length=24,
        choices=InstitutionType.choices,
        default=InstitutionType.OTHER,
    )
    count = models.PositiveIntegerField(_("number of people"), default=1)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_attendance",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["event", "region", "institution_type", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=0), name="visits_attendance_count_gte_0"),
        ]

    def __str__(self):
        return f"{self.event}: {self.count}"


class VisitReport(models.Model):
    """A guest's short report after the visit; may start a draft good practice."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="visit_reports",
    )
    what_we_saw = models.TextField(_("what we saw"))
    what_we_take_home = models.TextField(_("what we take home"))
    draft_practice = models.ForeignKey(
        "cms.GoodPracticePage",
        verbose_name=_("good practice started from this report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_reports",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("visit report")
        verbose_name_plural = _("visit reports")
        constraints = [
            models.UniqueConstraint(fields=["event", "author"], name="visits_report_unique"),
        ]

    def __str__(self):
        return f"{self.event} – {self.author}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a member's personal calendar feed URL. Revoking it kills the URL."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="visits_feed_token_one_active",
            ),
        ]

    def __str__(self):
        return f"{self.user}"


class ReminderSent(models.Model):
    """One row per reminder e-mailed, so the reminder command never sends one twice."""

    invitation = models.ForeignKey(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    # Rescheduling the event (a new sequence) makes the reminder due again.
    ical_sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "kind", "ical_sequence"], name="visits_reminder_unique"
            ),
        ]

    def __str__(self):
        return f"{self.invitation} – {self.kind}"
