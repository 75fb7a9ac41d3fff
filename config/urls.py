from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_router
from config.api import api
from config.views import AccessibilityStatementView
from network.views import set_language

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenty/", include(wagtaildocs_urls)),
    path("jezyk/", set_language, name="set_language"),
    path(
        "deklaracja-dostepnosci/",
        AccessibilityStatementView.as_view(),
        name="accessibility_statement",
    ),
    path("", include("chat.urls")),
    path("api/v2/", api_router.urls),
    path("api/v1/", api.urls),
    path("", include("network.urls")),
    path("", include("visits.urls")),
    path("", include("visits.calendar_urls")),
    path("", include("monitoring.urls")),
    path("", include("cms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every path not taken above (the home page and the good-practice tree).
urlpatterns += [path("", include(wagtail_urls))]
