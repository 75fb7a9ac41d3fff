from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    OPINION = "opinion", _("Opinion")
    RECOMMENDATION = "recommendation", _("Recommendation")
    POSITION = "position", _("Position")


class DocumentStatus(models.TextChoices):
    """Where a document is on its way from draft to resolution."""

    DRAFT = "draft", pgettext_lazy("opinions", "Draft")
    CONSULTATION = "consultation", _("In consultation")
    VOTING = "voting", _("Put to the vote")
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Implementation(models.TextChoices):
    """What became of an adopted document, as its addressee acted on it."""

    NOT_STARTED = "not_started", pgettext_lazy("opinions", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("opinions", "In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    REJECTED = "rejected", _("Rejected by the addressee")


class Ordering(models.TextChoices):
    NEWEST = "newest", _("Newest first")
    TITLE = "title", _("By title")


class Assessment(models.TextChoices):
    """A review's verdict on an initiative (przegląd inicjatyw)."""

    CONTINUE = "continue", pgettext_lazy("opinions", "Continue")
    MODIFY = "modify", _("Modify")
    STOP = "stop", _("Stop")
    SCALE_UP = "scale_up", _("Scale up to other regions")
