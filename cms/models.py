from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from network import selectors


class HomePage(Page):
    """The site's front page: what the platform is, the regions and the thematic networks."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown under the heading. Leave empty for the standard introduction."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regions"] = selectors.regions_with_member_counts()
        context["networks"] = selectors.networks_with_member_counts()
        return context
