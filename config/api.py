"""The JSON API under ``/api/v1/``: each app's router in one API and one OpenAPI document
(``/api/v1/openapi.json``, docs at ``/api/v1/docs``)."""

from monitoring.api import router as monitoring_router
from network.api import create_api
from visits.api import router as visits_router

api = create_api(
    title="WZK – platform API",
    version="1",
    description=(
        "The WZK cooperation platform: cross-region visits (events, invitations and answers) "
        "and monitoring (actions, indicators, reporting periods, report values). "
        "Session authentication; writes need the CSRF token in the X-CSRFToken header. Times "
        "are ISO 8601; a time without an offset is Polish time (Europe/Warsaw). "
        'Errors: {"detail": message} in the user\'s language.'
    ),
    urls_namespace="api",
)
api.add_router("", visits_router)
api.add_router("", monitoring_router)
