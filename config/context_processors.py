from django.conf import settings

from cms.permissions import can_submit_practice
from network.permissions import has_admin_work


def site(request):
    """What every page's layout needs: the site name, the language switch and which of the
    account menu's links the user has (callables: evaluated only where the menu asks)."""
    user = getattr(request, "user", None)
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "current_path": request.get_full_path(),
        "has_admin_work": lambda: has_admin_work(user),
        "can_submit_practice": lambda: can_submit_practice(user),
    }
