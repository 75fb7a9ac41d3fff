from django.http import Http404

from cms.feeds import PracticeFeed
from cms.listing import practice_listing
from cms.models import PracticeIndexPage, RegionSectionPage


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
