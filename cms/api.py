"""Read-only JSON API of published good practices (Wagtail API v2) for other systems."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.models import GoodPracticePage


class PracticesAPIViewSet(PagesAPIViewSet):
    """Only published good practices; contact details are never exposed."""

    name = "practices"
    model = GoodPracticePage
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "region_slug",
        "kind",
        "summary",
        "tag_names",
    ]

    def get_queryset(self):
        return (
            GoodPracticePage.objects.live()
            .select_related("region")
            .order_by("-first_published_at", "-pk")
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("practices", PracticesAPIViewSet)
