import unicodedata

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from network.choices import REGIONAL_ROLES, REGIONLESS_ROLES, InstitutionType, Role
from network.collation import polish
from network.text import folded_name


class Region(models.Model):
    """A voivodeship and its WZK. The 16 rows are created by a migration."""

    teryt = models.CharField(_("TERYT code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    wzk_description = models.TextField(_("about the WZK"), blank=True)
    wzk_email = models.EmailField(_("WZK contact e-mail"), blank=True)
    wzk_website = models.URLField(_("WZK website"), blank=True)

    class Meta:
        ordering = ["teryt"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:region_detail", kwargs={"slug": self.slug})


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """The one spelling of an e-mail address: login, the lock-out and new accounts use it.
        NFKC first, so a full-width or decomposed spelling is the same address."""
        return unicodedata.normalize("NFKC", email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=self.normalize_email(username))

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("role", Role.NATIONAL_MODERATOR)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A WZK member or national staff. The e-mail address is the login."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, default=Role.MEMBER)
    institution_name = models.CharField(_("institution"), max_length=200, blank=True)
    institution_type = models.CharField(
        _("institution type"),
        max_length=24,
        choices=InstitutionType.choices,
        default=InstitutionType.OTHER,
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("pl", "Polski"), ("en", "English")],
        default="pl",
    )
    invited_by = models.ForeignKey(
        "self",
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the directory's search reads: first and last name, folded (network.text).
    search_name = models.TextField(default="", blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        ordering = [polish("last_name"), polish("first_name"), "email"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            # Regional roles need a region; national staff and e-mail guests have none.
            models.CheckConstraint(
                condition=(models.Q(role__in=REGIONLESS_ROLES) | models.Q(region__isnull=False)),
                name="user_regional_role_has_region",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        # Derived from the row itself, so kept here: names are written by services, the
        # admin's forms, createsuperuser and update_or_create (demo data), all through save().
        self.search_name = folded_name(self.first_name, self.last_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_national_moderator(self) -> bool:
        return self.role == Role.NATIONAL_MODERATOR

    @property
    def is_guest(self) -> bool:
        return self.role == Role.GUEST

    @property
    def has_regional_role(self) -> bool:
        return self.role in REGIONAL_ROLES


class Network(models.Model):
    """A thematic network (sieć tematyczna): members from any region working on one theme."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        User,
        through="NetworkMembership",
        related_name="networks",
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thematic network")
        verbose_name_plural = _("thematic networks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:network_detail", kwargs={"slug": self.slug})


class NetworkMembership(models.Model):
    network = models.ForeignKey(
        Network,
        verbose_name=_("thematic network"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    is_moderator = models.BooleanField(_("network moderator"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["network", "user__last_name", "user__first_name"]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="network_membership_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.network}"
