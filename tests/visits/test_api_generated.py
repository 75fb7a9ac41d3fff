"""The JSON API against its own OpenAPI document (schemathesis, every check), as an anonymous
visitor and as a logged-in member sending the CSRF token: data the document allows and data
it does not; no 5xx; every status code and every response body as the document declares.

Deterministic (the same cases every run) and bounded: ``MAX_EXAMPLES`` per operation, mode
and visitor. The document cannot say everything the API checks (an end after the start, who
may answer an invitation, seats left), so data the document allows may still be refused with
a status the document declares for that operation: that is what ``positive_data_acceptance``
is told below.
"""

import collections

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from schemathesis.config import SchemathesisConfig

from tests.factories import CoordinatorFactory, region
from tests.visits.factories import EventFactory, InvitationFactory

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 15
COUNTS: collections.Counter = collections.Counter()

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 2026,
        "generation": {"max-examples": MAX_EXAMPLES, "mode": "all", "deterministic": True},
        "checks": {
            # Refusals the document declares and the schema cannot express (see above).
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409"]
            },
        },
    }
)


# Loaded when the tests are collected (the document needs no database); schemathesis's lazy
# loader (from_fixture) does not work with pytest 9.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture(autouse=True)
def _one_connection_per_test():
    """As Django's test client does: a request must not close the test's database connection
    (and with it the test's transaction) when it finishes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db):
    """A coordinator of łódzkie with an event of their region, invited to another's."""
    coordinator = CoordinatorFactory(region=region("lodzkie"), email="anna@lodzkie.example")
    EventFactory(organiser=coordinator, host_region=coordinator.region)
    invitation = InvitationFactory(user=coordinator)
    return {"coordinator": coordinator, "invitation": invitation}


def _as_member(case, user) -> dict:
    """The member's session where the case carries the session cookie the document asks for
    (cases made without it test that the API refuses them), and the CSRF token, as a
    browser's script sends it."""
    if settings.SESSION_COOKIE_NAME in (case.cookies or {}):
        client = Client()
        client.force_login(user)
        case.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
            settings.SESSION_COOKIE_NAME
        ].value
    request = RequestFactory().get("/")
    token = get_token(request)  # masked, for the header; the cookie holds the secret
    return {
        "cookies": {settings.CSRF_COOKIE_NAME: request.META["CSRF_COOKIE"]},
        "headers": {"X-CSRFToken": token},
    }


@pytest.fixture(scope="module", autouse=True)
def _print_counts():
    yield
    print(f"\ngenerated API requests: {dict(COUNTS)}")


@schema.parametrize()
def test_the_api_keeps_its_document_for_anonymous_visitors(case, world):
    response = case.call_and_validate()
    COUNTS[f"anonymous {response.status_code}"] += 1


@schema.parametrize()
def test_the_api_keeps_its_document_for_a_member_with_csrf(case, world):
    response = case.call_and_validate(**_as_member(case, world["coordinator"]))
    COUNTS[f"member {response.status_code}"] += 1
