import re

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from cms.choices import ActionKind, Ordering, TargetGroup
from network.forms import FilterForm

# Search text is cut to this many words of this many characters: anything longer cannot
# match better, and a pasted essay must not turn into a slow query.
MAX_SEARCH_TERMS = 8
MAX_TERM_LENGTH = 40
PAGE_SIZES = (10, 20, 50)
DEFAULT_PAGE_SIZE = 20


class PracticeFilterForm(FilterForm):
    """The listing's filters, all optional, from shareable GET parameters."""

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    region = forms.ChoiceField(label=_("Region"), required=False)
    type = forms.ChoiceField(label=_("Kind of action"), choices=ActionKind.choices, required=False)
    audience = forms.ChoiceField(
        label=_("Target group"), choices=TargetGroup.choices, required=False
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"), queryset=Tag.objects.all(), to_field_name="slug", required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    order = forms.ChoiceField(label=_("Order"), choices=Ordering.choices, required=False)
    per_page = forms.TypedChoiceField(
        label=_("Per page"),
        choices=[(str(size), str(size)) for size in PAGE_SIZES],
        coerce=int,
        required=False,
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Checked against the cached region list: no query for a filter that rarely changes.
        self.regions = {region.slug: region for region in regions}
        self.fields["region"].choices = [("", "")] + [(slug, slug) for slug in self.regions]

    def clean_region(self):
        return self.regions.get(self.cleaned_data["region"])


def search_terms(text: str) -> list[str]:
    """Folded words of letters and digits: "Łódź, 2025!" → ["lodz", "2025"]."""
    from cms.text import fold

    words = re.findall(r"[a-z0-9]+", fold(text))
    return [word[:MAX_TERM_LENGTH] for word in words[:MAX_SEARCH_TERMS]]
