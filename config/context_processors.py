from django.conf import settings


def site(request):
    """What every page's layout needs: the site name and the language switch."""
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "current_path": request.get_full_path(),
    }
