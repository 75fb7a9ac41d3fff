from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import AbstractGroupApprovalTask, Page
from wagtail.search import index

from cms.blocks import BodyBlock, ResultsBlock
from cms.choices import ActionKind, TargetGroup
from network import selectors as network_selectors
from network.models import Region
from network.permissions import can_see_contact_details
from network.text import fold

TITLE_MAX_LENGTH = 100
MAX_PARTICIPANTS = 10_000_000
SUMMARY_MAX_LENGTH = 300


class HomePage(Page):
    """The site's front page: latest practices, the thematic networks and the regions."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown under the heading. Leave empty for the standard introduction."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.PracticeIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["practice_index"] = PracticeIndexPage.objects.live().first()
        context["regions"] = network_selectors.regions_with_member_counts()
        context["networks"] = network_selectors.networks_with_member_counts()
        return context


class PracticeIndexPage(Page):
    """ "Dobre praktyki": the listing with filters and search; holds one section per region."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.RegionSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("good-practice index")
        verbose_name_plural = _("good-practice indexes")

    # The listing view (``cms.listing.practice_listing``), set by ``CmsConfig.ready`` so that
    # the page models import no view: the view reads through selectors, which import them.
    listing_view = None

    def serve(self, request, *args, **kwargs):
        # Normally reached through ``cms.urls`` (fewer queries); this serves previews.
        return PracticeIndexPage.listing_view(request, index_page=self)


class RegionSectionPage(Page):
    """One region's section: its members write good practices only here."""

    region = models.OneToOneField(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="practice_section",
    )

    content_panels = [*Page.content_panels]
    parent_page_types = ["cms.PracticeIndexPage"]
    subpage_types = ["cms.GoodPracticePage"]
    max_count = 16

    class Meta:
        verbose_name = _("region section")
        verbose_name_plural = _("region sections")

    def serve(self, request, *args, **kwargs):
        index_page = self.get_parent().specific
        return PracticeIndexPage.listing_view(request, index_page=index_page, section=self)


class Audience(models.Model):
    """A target group; the rows mirror ``TargetGroup`` and are created by a migration."""

    key = models.CharField(_("key"), max_length=20, unique=True, choices=TargetGroup.choices)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self):
        return str(TargetGroup(self.key).label)


class GoodPracticeTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.GoodPracticePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class GoodPracticePage(Page):
    """A good practice (dobra praktyka): what a region did, how, and what came of it."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="practices",
        null=True,
        editable=False,
    )
    kind = models.CharField(_("kind of action"), max_length=20, choices=ActionKind.choices)
    audiences = ParentalManyToManyField(
        Audience, verbose_name=_("target groups"), related_name="practices"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    ongoing = models.BooleanField(_("ongoing"), default=False)
    lead_institution = models.CharField(_("lead institution"), max_length=200)
    partners = models.TextField(_("partners"), blank=True, help_text=_("One per line."))
    summary = models.CharField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("Up to 300 characters; shown in listings and search results."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    listing_image_alt = models.CharField(
        _("alternative text of the listing image"), max_length=250, blank=True
    )
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    participants_reached = models.PositiveIntegerField(
        _("participants reached"),
        null=True,
        blank=True,
        # Well inside every database's integer range: a typo of many digits is an error to
        # correct, not a failure to save.
        validators=[MaxValueValidator(MAX_PARTICIPANTS)],
    )
    results = StreamField(ResultsBlock(), verbose_name=_("other results"), blank=True)
    # The Interreg good-practice template's questions: results with their evidence, the
    # resources needed, the difficulties met, the potential for transfer.
    evidence = models.TextField(
        _("results and evidence"),
        blank=True,
        help_text=_("What changed, and how you know it: figures, evaluations, feedback, sources."),
    )
    success_factors = models.TextField(_("what made it work"), blank=True)
    resources_needed = models.TextField(
        _("resources needed"),
        blank=True,
        help_text=_("People, time, money, premises and equipment the practice needs."),
    )
    difficulties = models.TextField(_("difficulties met and how they were solved"), blank=True)
    lessons_learnt = models.TextField(_("lessons learnt"), blank=True)
    transferability = models.TextField(
        _("potential for transfer"),
        blank=True,
        help_text=_("What another region needs to adopt it, and what it should adapt."),
    )
    budget = models.DecimalField(
        _("budget (PLN)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    tags = ClusterTaggableManager(
        through=GoodPracticeTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("A comma-separated list of tags."),
    )
    inspired_by = ParentalManyToManyField(
        "self",
        verbose_name=_("inspired by"),
        symmetrical=False,
        blank=True,
        related_name="inspired",
        help_text=_("Practices from other regions that this one was adopted from."),
    )
    # Lower-case text without diacritics, rebuilt on publication: what the listing searches.
    search_document = models.TextField(editable=False, blank=True, default="")
    # Copies of Wagtail's ``live`` and ``first_published_at``, kept on publication, so the
    # listing and its facet counts read this table (and its index) alone, without a join.
    listed = models.BooleanField(default=False, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = [
        # Not a plain FieldPanel: the title panel fills the slug in as the author types.
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("ongoing"),
                FieldPanel("lead_institution"),
                FieldPanel("partners"),
                FieldPanel("tags"),
            ],
            heading=_("About the action"),
        ),
        MultiFieldPanel(
            [FieldPanel("listing_image"), FieldPanel("listing_image_alt")],
            heading=_("Listing image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("participants_reached"),
                FieldPanel("results"),
                FieldPanel("evidence"),
                FieldPanel("success_factors"),
                FieldPanel("difficulties"),
                FieldPanel("lessons_learnt"),
                FieldPanel("transferability"),
            ],
            heading=_("Results and lessons"),
        ),
        MultiFieldPanel(
            [FieldPanel("resources_needed"), FieldPanel("budget"), FieldPanel("funding_source")],
            heading=_("Resources and funding"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact (visible to logged-in members only)"),
        ),
        FieldPanel("inspired_by"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("lead_institution"),
        index.SearchField("partners"),
        index.SearchField("evidence"),
        index.SearchField("resources_needed"),
        index.SearchField("difficulties"),
        index.SearchField("transferability"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("region"),
        index.FilterField("kind"),
    ]

    api_fields = [
        APIField("region_slug"),
        APIField("region_name"),
        APIField("kind"),
        APIField("audience_keys"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("ongoing"),
        APIField("lead_institution"),
        APIField("partners"),
        APIField("summary"),
        APIField("body"),
        APIField("participants_reached"),
        APIField("results"),
        APIField("evidence"),
        APIField("success_factors"),
        APIField("resources_needed"),
        APIField("difficulties"),
        APIField("lessons_learnt"),
        APIField("transferability"),
        APIField("budget"),
        APIField("funding_source"),
        APIField("tag_names"),
        APIField("inspired_by_ids"),
    ]

    parent_page_types = ["cms.RegionSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        indexes = [
            # Covers the region, kind and year facets: an index-only scan of listed rows.
            models.Index(
                fields=["listed", "region", "kind", "start_date"],
                include=["page_ptr"],
                name="cms_practice_facets",
            ),
            models.Index(fields=["listed", "-published_at"], name="cms_practice_newest"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if len(self.title or "") > TITLE_MAX_LENGTH:
            errors["title"] = _("The title can be at most %(limit)d characters long.") % {
                "limit": TITLE_MAX_LENGTH
            }
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.listing_image_id and not self.listing_image_alt.strip():
            errors["listing_image_alt"] = _("Describe the image for people who cannot see it.")
        if self.path:
            parent = self.get_parent()
            if parent.specific_class is not RegionSectionPage:
                raise ValidationError(_("A good practice belongs in a region's section."))
            self.take_section_region(parent.pk)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The admin validates a new page before it has a place in the tree; take the region
        # from the section once it has one, so drafts are found by region too.
        if self.region_id is None and self.path:
            parent = self.get_parent()
            if parent is not None:
                self.take_section_region(parent.pk)
        return super().save(*args, **kwargs)

    def take_section_region(self, section_id: int) -> None:
        """A practice's region is its section's region: when it is drafted, validated and
        moved. (None if ``section_id`` is not a region's section.)"""
        self.region_id = (
            RegionSectionPage.objects.filter(pk=section_id)
            .values_list("region_id", flat=True)
            .first()
        )

    def get_meta_description(self):
        return self.search_description or self.summary

    @property
    def year(self) -> int:
        return self.start_date.year

    @property
    def region_slug(self) -> str:
        return self.region.slug if self.region_id else ""

    @property
    def region_name(self) -> str:
        return self.region.name if self.region_id else ""

    @property
    def audience_keys(self) -> list[str]:
        return [audience.key for audience in self.audiences.all()]

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.tags.all()]

    @property
    def inspired_by_ids(self) -> list[int]:
        return [page.pk for page in self.inspired_by.all()]

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def build_search_document(self, tag_names: list[str] | None = None) -> str:
        """Everything searchable, folded: title, summary, body, tags and institutions.

        ``tag_names`` spares the query for the tags when the caller already has them.
        """
        body = " ".join(
            strip_tags(str(part))
            for part in self.body.stream_block.get_searchable_content(self.body)
        )
        parts = [
            self.title,
            self.summary,
            body,
            " ".join(self.tag_names if tag_names is None else tag_names),
            self.lead_institution,
            self.partners,
            self.evidence,
            self.resources_needed,
            self.difficulties,
            self.transferability,
            self.region.name if self.region_id else "",
        ]
        return fold(" ".join(part for part in parts if part))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_contact"] = can_see_contact_details(request.user)
        context["inspired_by"] = self.inspired_by.live().select_related("region")
        return context


class RejectionReasonForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason for rejection"),
        required=True,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("The author receives it by e-mail. Say what to change."),
    )


class ModerationTask(AbstractGroupApprovalTask):
    """Group approval where sending a practice back needs a written reason."""

    def get_form_for_action(self, action):
        if action == "reject":
            return RejectionReasonForm
        return super().get_form_for_action(action)

    @classmethod
    def get_description(cls):
        return _("The chosen groups approve; a rejection must give the reason.")

    class Meta:
        verbose_name = _("moderation step")
        verbose_name_plural = _("moderation steps")


class PracticeQuestion(models.Model):
    """A member's question to a practice's contact person ("ask the author"): kept to limit
    how many one member sends, and to know who asked what."""

    practice = models.ForeignKey(
        GoodPracticePage,
        verbose_name=_("good practice"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    sender = models.ForeignKey(
        "network.User",
        verbose_name=_("sender"),
        on_delete=models.CASCADE,
        related_name="practice_questions",
    )
    message = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("question to a practice's author")
        verbose_name_plural = _("questions to practices' authors")

    def __str__(self):
        return f"{self.sender} → {self.practice}"
