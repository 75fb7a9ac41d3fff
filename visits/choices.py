from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    WZK_SESSION = "wzk_session", _("WZK session")
    EDUCATION_FORUM = "education_forum", _("Regional education forum")
    PROFESSIONS_FESTIVAL = "professions_festival", _("Festival of professions")
    FAIR = "fair", _("Fair")
    CONTEST_GALA = "contest_gala", _("Contest gala")
    WEBINAR = "webinar", _("Webinar")
    STUDY_VISIT = "study_visit", _("Study visit")
    OTHER = "other", _("Other")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class ReminderKind(models.TextChoices):
    EVENT_SOON = "event_soon", _("Event soon")
    DEADLINE_SOON = "deadline_soon", _("Answer deadline soon")
