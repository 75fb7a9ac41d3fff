from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse

from cms import selectors
from cms.feeds import PracticeFeed
from cms.forms import DEFAULT_PAGE_SIZE, PAGE_SIZES, PracticeFilterForm
from cms.models import PracticeIndexPage, RegionSectionPage


def practice_listing(request, *, index_page, section=None):
    """The good-practice listing, filtered by shareable GET parameters.

    Unknown filter values are dropped with a notice; a page past the end shows the last page.
    In a region's section the region filter is fixed to that region.
    """
    regions = selectors.regions_for_facets()
    form = PracticeFilterForm(request.GET or None, regions=regions)
    values, ignored = form.valid_filters() if request.GET else ({}, [])
    if section is not None:
        values["region"] = section.region
    filters = selectors.PracticeFilters(
        region=values.get("region"),
        kind=values.get("type"),
        audience=values.get("audience"),
        tag=values.get("tag"),
        year=values.get("year"),
        q=values.get("q", ""),
        order=values.get("order") or selectors.Ordering.NEWEST,
    )
    page_size = values.get("per_page") or DEFAULT_PAGE_SIZE
    facets = selectors.practice_facets(filters, regions=regions)
    paginator = Paginator(selectors.PracticeListing(filters, total=facets.total), page_size)
    results = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "cms/practice_index_page.html",
        {
            "page": section or index_page,
            "index_page": index_page,
            "section": section,
            "form": form,
            "filters": filters,
            "facets": facets,
            "ignored_filters": ignored,
            "results": results,
            "query": query.urlencode(),
            "page_size": page_size,
            "page_sizes": PAGE_SIZES,
        },
    )


def _index_page() -> PracticeIndexPage:
    index_page = PracticeIndexPage.objects.live().first()
    if index_page is None:
        raise Http404
    return index_page


def _section(region_slug: str) -> RegionSectionPage:
    section = (
        RegionSectionPage.objects.live().select_related("region").filter(region__slug=region_slug)
    ).first()
    if section is None:
        raise Http404
    return section


# The listing and the feeds are plain views at fixed addresses: going through Wagtail's page
# routing would cost several queries per request for pages whose place never changes.
def index(request):
    return practice_listing(request, index_page=_index_page())


def section(request, region_slug):
    return practice_listing(request, index_page=_index_page(), section=_section(region_slug))


def feed(request):
    return PracticeFeed(index_page=_index_page())(request)


def section_feed(request, region_slug):
    return PracticeFeed(index_page=_index_page(), region=_section(region_slug).region)(request)
