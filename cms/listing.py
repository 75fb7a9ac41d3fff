"""The good-practice listing: one view for the national listing, a region's section and the
pages' previews in the admin (``PracticeIndexPage.serve``, set up in ``CmsConfig.ready``)."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from cms import selectors
from cms.forms import DEFAULT_PAGE_SIZE, PAGE_SIZES, PracticeFilterForm


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
