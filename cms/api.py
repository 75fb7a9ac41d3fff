"""Read-only JSON API of published good practices (Wagtail API v2) for other systems.

Wagtail's own checks leave some input to the database (numbers past 64 bits, dates that are
not dates, search syntax) and answer in English. Here every query parameter is checked first,
and every refusal is a 400 ``{"message": ...}`` in the user's language (Polish by default);
Wagtail's technical reason, when it is Wagtail that refuses, follows in ``detail``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, models
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from cms.models import GoodPracticePage
from network.ids import MAX_ID

# An offset past this finds nothing anyway.
MAX_OFFSET = 1_000_000_000
ID_PARAMETERS = ("id", "child_of", "ancestor_of", "descendant_of", "translation_of")
SEARCH_OPERATORS = ("and", "or")
SEARCH_MAX_LENGTH = 200


class QueryError(Exception):
    """A query parameter the API refuses, with the reason in the user's language."""


def _whole_number(name: str, value: str, *, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise QueryError(
            _("“%(name)s” must be a whole number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high}
        )
    return number


def _check_field_filter(model, name: str, value: str) -> None:
    """``?start_date=…``, ``?participants_reached=…``: a value of the field's type and range."""
    field = model._meta.get_field(name)
    if isinstance(field, models.BooleanField):
        if value.lower() not in ("true", "false", "1", "0"):
            raise QueryError(_("“%(name)s” must be true or false.") % {"name": name})
        return
    if not isinstance(field, models.Field) or field.is_relation:
        return
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, ValueError, TypeError, OverflowError):
        raise QueryError(
            _("“%(value)s” is not a valid value of “%(name)s”.") % {"value": value, "name": name}
        ) from None


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

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_parameters(request, kwargs)

    def check_parameters(self, request, kwargs) -> None:
        """Refuse what Wagtail would pass on to the database (OverflowError, DataError, a
        search syntax error, ValidationError of a date): each a 500 before."""
        if "pk" in kwargs:
            _whole_number("id", str(kwargs["pk"]), low=1, high=MAX_ID)
        query = request.GET
        for name, values in query.lists():
            if any("\x00" in value for value in values):
                raise QueryError(
                    _("“%(name)s” must not contain a null character.") % {"name": name}
                )
        if "offset" in query:
            _whole_number("offset", query["offset"], low=0, high=MAX_OFFSET)
        if "limit" in query:
            limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
            _whole_number("limit", query["limit"], low=0, high=limit_max)
        for name in ID_PARAMETERS:
            if name in query:
                _whole_number(name, query[name], low=1, high=MAX_ID)
        if "search_operator" in query and query["search_operator"] not in SEARCH_OPERATORS:
            raise QueryError(
                _("“search_operator” must be one of: %(values)s.")
                % {"values": ", ".join(SEARCH_OPERATORS)}
            )
        if len(query.get("search", "")) > SEARCH_MAX_LENGTH:
            raise QueryError(
                _("The search is too long: at most %(limit)s characters.")
                % {"limit": SEARCH_MAX_LENGTH}
            )
        if query.get("search", "").count('"') % 2:
            # An unclosed phrase: SQLite's full-text search fails on it ("unterminated string").
            raise QueryError(_('The search has a quotation mark (") that is not closed.'))
        filterable = set(self.get_available_fields(self.model, db_fields_only=True))
        for name in query:
            if name in filterable:
                _check_field_filter(self.model, name, query[name])

    def handle_exception(self, exc):
        if isinstance(exc, QueryError):
            return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, BadRequestError):
            return Response(
                {"message": _("The query is not valid."), "detail": str(exc)},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if isinstance(exc, Http404):
            return Response({"message": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, DataError | OverflowError | ValidationError):
            # A value the checks above did not foresee, refused by the database.
            return Response({"message": _("The query is not valid.")}, status=400)
        return super().handle_exception(exc)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("practices", PracticesAPIViewSet)
