from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionType(models.TextChoices):
    MARSHAL_OFFICE = "marshal_office", _("Marshal office")
    TEACHER_TRAINING = "teacher_training", _("Teacher-training institution")
    EDUCATION_BOARD = "education_board", _("Education board")
    UNIVERSITY = "university", _("University")
    LABOUR_OFFICE = "labour_office", _("Regional labour office")
    SCHOOL = "school", _("School")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    NGO = "ngo", _("Non-governmental organisation")
    EMPLOYER = "employer", _("Employer")
    SKILLS_CENTRE = "skills_centre", _("Sector skills centre")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    """A member's role: in their region's WZK, or on the national staff (FRSE)."""

    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")
    SECRETARIAT = "secretariat", _("Secretariat")
    NATIONAL_MODERATOR = "national_moderator", _("National moderator (FRSE)")
    # Not a member: someone invited by e-mail to one event, with a guest pass.
    GUEST = "guest", _("Guest")


REGIONAL_ROLES = (Role.COORDINATOR, Role.MEMBER, Role.SECRETARIAT)
# Roles without a region.
REGIONLESS_ROLES = (Role.NATIONAL_MODERATOR, Role.GUEST)
