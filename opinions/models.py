"""A WZK's advisory documents (opinions, recommendations, positions): versions of their text,
consultation comments, votes and ballots, the resolution that adopts them, and what became of
them afterwards."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opinions.choices import Assessment, DocumentKind, DocumentStatus, Implementation, VoteChoice

# Every document has a discussion room: chat's key for it (see ``opinions.room``).
OPINION_ROOM_PREFIX = "opinion:"
TITLE_MAX_LENGTH = 200
COMMENT_MAX_LENGTH = 5000
TEXT_MAX_LENGTH = 100_000


def region_genitive(name: str) -> str:
    """ "łódzkie" → "Łódzkiego", "kujawsko-pomorskie" → "Kujawsko-Pomorskiego"."""
    genitive = name[:-2] + "iego" if name.endswith("ie") else name
    return "-".join(part[:1].upper() + part[1:] for part in genitive.split("-"))


def opinion_room_key(document_id: int) -> str:
    return f"{OPINION_ROOM_PREFIX}{document_id}"


class TeamRules(models.Model):
    """A WZK's own rules for its votes. One row per region, created when first needed."""

    region = models.OneToOneField(
        "network.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="opinion_rules",
    )
    quorum_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("quorum (% of members with a vote)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("WZK voting rules")
        verbose_name_plural = _("WZK voting rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=1, quorum_percent__lte=100),
                name="opinions_quorum_percent_1_100",
            )
        ]

    def __str__(self):
        return str(self.region)


class Document(models.Model):
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="opinion_documents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    subject = models.TextField(_("subject"))
    strategy_document = models.CharField(
        _("strategy document of the region"), max_length=300, blank=True
    )
    addressee = models.CharField(_("addressee"), max_length=300)
    actions = models.ManyToManyField(
        "monitoring.Action",
        verbose_name=_("actions from the register"),
        related_name="opinion_documents",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    consultation_opens_at = models.DateTimeField(_("consultation opens"), null=True, blank=True)
    consultation_closes_at = models.DateTimeField(_("consultation closes"), null=True, blank=True)
    # The resolution: "Uchwała nr 3/2026 WZK Województwa Łódzkiego".
    resolution_number = models.PositiveIntegerField(_("resolution number"), null=True, blank=True)
    resolution_year = models.PositiveSmallIntegerField(_("resolution year"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_version = models.ForeignKey(
        "opinions.Version",
        verbose_name=_("adopted version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="opinions/uchwaly/", blank=True)
    # Follow-up.
    implementation = models.CharField(
        _("implementation"),
        max_length=20,
        choices=Implementation.choices,
        default=Implementation.NOT_STARTED,
    )
    addressee_response = models.TextField(_("addressee's response"), blank=True)
    response_received_on = models.DateField(_("response received on"), null=True, blank=True)
    # Lower-case text without diacritics (title, subject, addressee, adopted text): what the
    # listing searches.
    search_document = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("WZK document")
        verbose_name_plural = _("WZK documents")
        indexes = [models.Index(fields=["status", "-published_at"], name="opinions_doc_published")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "resolution_year", "resolution_number"],
                name="opinions_resolution_number_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.ADOPTED)
                | Q(resolution_number__isnull=False, adopted_on__isnull=False),
                name="opinions_adopted_has_resolution",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opinions:document_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == DocumentStatus.ADOPTED

    @property
    def resolution_label(self) -> str:
        """ "Uchwała nr 3/2026 WZK Województwa Łódzkiego" (always Polish: it is the document's
        own name)."""
        if self.resolution_number is None:
            return ""
        return (
            f"Uchwała nr {self.resolution_number}/{self.resolution_year} "
            f"WZK Województwa {region_genitive(self.region.name)}"
        )

    @property
    def resolution_filename(self) -> str:
        return f"uchwala-{self.resolution_number}-{self.resolution_year}-wzk-{self.region.slug}.pdf"

    def consultation_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == DocumentStatus.CONSULTATION
            and self.consultation_opens_at is not None
            and self.consultation_opens_at <= now < self.consultation_closes_at
        )


class Version(models.Model):
    """One version of a document's text: Markdown as written, and its sanitised HTML."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    source = models.TextField(_("text"))
    html = models.TextField(editable=False)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set when a newer version replaces it, when it is put to the vote, or adopted: a frozen
    # version's text never changes and takes no more comments.
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="opinions_version_unique")
        ]

    def __str__(self):
        return f"{self.document} – v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Comment(models.Model):
    """A consultation comment on a version: general, or on one paragraph."""

    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # None: a general comment; else the paragraph's number in its version (1, 2, …).
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class Vote(models.Model):
    """A version put to the WZK's vote. Results are counted and recorded once it closes."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="votes"
    )
    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.PROTECT, related_name="votes"
    )
    opens_at = models.DateTimeField(_("voting opens"))
    closes_at = models.DateTimeField(_("voting closes"))
    secret = models.BooleanField(
        _("secret ballot"),
        default=False,
        help_text=_(
            "In a secret ballot nobody sees how anyone voted; in an open one, members "
            "see everyone's vote once it closes."
        ),
    )
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (%)"))
    eligible_count = models.PositiveIntegerField(_("members with a vote"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("put to the vote by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The recorded result, written once when the vote closes.
    closed_at = models.DateTimeField(_("result recorded"), null=True, blank=True)
    for_count = models.PositiveIntegerField(_("for"), default=0)
    against_count = models.PositiveIntegerField(_("against"), default=0)
    abstain_count = models.PositiveIntegerField(_("abstained"), default=0)
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    passed = models.BooleanField(_("adopted"), null=True, blank=True)

    class Meta:
        ordering = ["document", "-opens_at", "-pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="opinions_vote_closes_after_opening"
            ),
        ]

    def __str__(self):
        return f"{self.document} – {self.opens_at:%Y-%m-%d}"

    @property
    def is_recorded(self) -> bool:
        return self.closed_at is not None

    @property
    def cast_count(self) -> int:
        return self.for_count + self.against_count + self.abstain_count

    @property
    def quorum_needed(self) -> int:
        """Ballots needed for the quorum: the percentage of members with a vote, rounded up."""
        return -(-self.eligible_count * self.quorum_percent // 100)


class Ballot(models.Model):
    """One member's vote in one vote: one row, changed in place until the vote closes."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="opinion_ballots"
    )
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    cast_at = models.DateTimeField(_("cast"))
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "member"], name="opinions_one_ballot_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.vote}"


class VoteReminder(models.Model):
    """A reminder sent before a vote closes: recorded first, so it is never sent twice."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="reminders")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "member"], name="opinions_one_reminder_each")
        ]

    def __str__(self):
        return f"{self.member} – {self.vote}"


class FollowUpNote(models.Model):
    """A dated note on what became of an adopted document, with the status it reported."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="notes"
    )
    noted_on = models.DateField(_("date"))
    implementation = models.CharField(
        _("implementation"), max_length=20, choices=Implementation.choices
    )
    text = models.TextField(_("note"), max_length=COMMENT_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-noted_on", "-pk"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self):
        return f"{self.noted_on}: {self.text[:40]}"


class Attachment(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="opinions/zalaczniki/%Y/")
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


# --- Systematic review of initiatives ------------------------------------------------------


class ReviewRound(models.Model):
    """A WZK's review of its region's initiatives for one reporting period."""

    region = models.ForeignKey(
        "network.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="reviews"
    )
    period = models.ForeignKey(
        "monitoring.Period",
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # The recommendation draft started from the closed review, if any.
    draft = models.ForeignKey(
        Document,
        verbose_name=_("recommendation draft"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-period__start", "region__teryt"]
        verbose_name = _("review of initiatives")
        verbose_name_plural = _("reviews of initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period"], name="opinions_one_review_per_period"
            )
        ]

    def __str__(self):
        return f"{self.region} – {self.period}"

    def get_absolute_url(self):
        return reverse("opinions:review_detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ReviewItem(models.Model):
    """One initiative in a review: an action from the register, or one typed in."""

    review = models.ForeignKey(
        ReviewRound, verbose_name=_("review"), on_delete=models.CASCADE, related_name="items"
    )
    action = models.ForeignKey(
        "monitoring.Action",
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("initiative"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    assessment = models.CharField(
        _("assessment"), max_length=12, choices=Assessment.choices, blank=True
    )
    justification = models.TextField(_("justification"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)

    class Meta:
        ordering = ["review", "pk"]
        verbose_name = _("reviewed initiative")
        verbose_name_plural = _("reviewed initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "action"],
                condition=Q(action__isnull=False),
                name="opinions_review_action_once",
            )
        ]

    def __str__(self):
        return self.title
