from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    """Kinds of action named in the sources."""

    EDUCATION_FORUM = "forum", _("Regional education forum")
    COOPERATION_NETWORK = (
        "network",
        _("Cooperation network of schools, universities and non-formal education"),
    )
    COUNSELLOR_EXCHANGE = "counsellors", _("Career-counsellor experience exchange")
    CAMPAIGN = "campaign", _("Promotional campaign (films, podcasts, webinars)")
    FESTIVAL = "festival", _("Festival of professions")
    FAIR = "fair", _("Fair or meeting for employers and schools")
    CONTEST = "contest", _("Contest")
    OUTREACH = "outreach", _("Mobile outreach education")
    OTHER = "other", _("Other")


class TargetGroup(models.TextChoices):
    PUPILS = "pupils", _("Pupils")
    STUDENTS = "students", _("Students")
    ADULTS = "adults", _("Adults")
    TEACHERS = "teachers", _("Teachers")
    COUNSELLORS = "counsellors", _("Career counsellors")
    EMPLOYERS = "employers", _("Employers")
    PARENTS = "parents", _("Parents")
    SENIORS = "seniors", _("Seniors")
    OTHER = "other", _("Other")


class Ordering(models.TextChoices):
    NEWEST = "newest", _("Newest first")
    TITLE = "title", _("By title")
