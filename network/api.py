"""What every part of the JSON API under ``/api/v1/`` shares (django-ninja): errors as
``{"detail": "...", "errors": {field: [...]}}`` in the user's language, and bounded pagination.
``config.api`` builds the API from each app's router with ``create_api``.

Statuses: 400 bad input, 401 not logged in, 403 not allowed or no CSRF token, 404 not found or
not yours to see, 409 the state does not allow it."""

from datetime import date
from functools import partial

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser

MAX_PAGE = 100
MAX_OFFSET = 1_000_000_000
# Dates the API accepts: a wider range is a typing error, and overflows the database.
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error statuses an operation answers, for its OpenAPI document."""
    return dict.fromkeys(statuses, ErrorOut)


# --- Errors ----------------------------------------------------------------------------------


def _error(api: NinjaAPI, request, status: int, detail: str, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


def _messages(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            name: list(DjangoValidationError(errors).messages)
            for name, errors in error.error_dict.items()
        }
    return {"__all__": list(error.messages)}


def _not_found(api, request, exc):
    return _error(api, request, 404, _("Not found."))


def _forbidden(api, request, exc):
    return _error(api, request, 403, str(exc) or _("You are not allowed to do this."))


def _unauthenticated(api, request, exc):
    return _error(api, request, 401, _("Log in to use this part of the API."))


class NotAnObject(ValueError):
    pass


class ObjectBodyParser(Parser):
    """Every body of this API is a JSON object: ``null``, ``5``, ``[]`` or ``"x"`` is a 400
    (ninja would otherwise read them as an empty object)."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise NotAnObject
        return data


def _http_error(api, request, exc):
    if exc.status_code == 400 and isinstance(exc.__cause__, NotAnObject):
        detail = _("The request body must be a JSON object, e.g. {}.")
    elif exc.status_code == 403:
        detail = _(
            "The CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value."
        )
    elif exc.status_code == 400:
        detail = _("The request body is not valid JSON.")
    else:
        detail = str(exc)
    return _error(api, request, exc.status_code, detail)


# Pydantic's error types, in words a user understands.
_INPUT_MESSAGES = {
    "missing": lambda: _("This field is required."),
    "int_parsing": lambda: _("Give a whole number."),
    "int_type": lambda: _("Give a whole number."),
    "int_from_float": lambda: _("Give a whole number."),
    "bool_parsing": lambda: _("Give true or false."),
    "bool_type": lambda: _("Give true or false."),
    "datetime_parsing": lambda: _(
        "Give a date and time in ISO 8601, e.g. 2026-12-01T10:00:00+01:00."
    ),
    "datetime_from_date_parsing": lambda: _(
        "Give a date and time in ISO 8601, e.g. 2026-12-01T10:00:00+01:00."
    ),
    "datetime_type": lambda: _("Give a date and time in ISO 8601, e.g. 2026-12-01T10:00:00+01:00."),
    "date_parsing": lambda: _("Give a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda: _("Give a date as YYYY-MM-DD."),
    "string_type": lambda: _("Give a text."),
    # Only ``min_length=1`` is used: an empty text where one is required.
    "string_too_short": lambda: _("This field is required."),
    "list_type": lambda: _("Give a list."),
    "literal_error": lambda: _("This value is not one of the allowed ones."),
    "enum": lambda: _("This value is not one of the allowed ones."),
    "greater_than_equal": lambda: _("This number is too small."),
    "less_than_equal": lambda: _("This number is too large."),
}


def _invalid_input(api, request, exc):
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("body", "query")]
        name = location[-1] if location and not location[-1].isdigit() else ".".join(location)
        name = name or "__all__"
        bound = next(iter((item.get("ctx") or {}).values()), None)
        if str(bound) in (FIRST_DAY.isoformat(), LAST_DAY.isoformat()):
            text = _("Give a date between %(first)s and %(last)s.") % {
                "first": FIRST_DAY.isoformat(),
                "last": LAST_DAY.isoformat(),
            }
        else:
            message = _INPUT_MESSAGES.get(item.get("type"))
            text = message() if message else _("This value is not valid.")
        errors.setdefault(name, []).append(text)
    return _error(api, request, 400, _first_message(errors), errors=errors)


def _first_message(errors: dict[str, list[str]]) -> str:
    for name, messages in errors.items():
        if messages:
            return messages[0] if name == "__all__" else f"{name}: {messages[0]}"
    return _("The request is not valid.")


def _refused(api, request, exc):
    """A service's ValidationError: field errors are bad input (400); a plain refusal means
    the state does not allow it (409: answers closed, invitation withdrawn…)."""
    errors = _messages(exc)
    status = 400 if hasattr(exc, "error_dict") else 409
    return _error(api, request, status, " ".join(exc.messages), errors=errors)


class Pagination(LimitOffsetPagination):
    """ninja's limit and offset, bounded: a number too large for the database is a 400."""

    class Input(Schema):
        limit: int = Field(MAX_PAGE, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def create_api(**kwargs) -> NinjaAPI:
    """A ``NinjaAPI`` whose errors all take the form above, in the user's language."""
    api = NinjaAPI(parser=ObjectBodyParser(), **kwargs)
    api.add_exception_handler(Http404, partial(_not_found, api))
    api.add_exception_handler(PermissionDenied, partial(_forbidden, api))
    api.add_exception_handler(AuthenticationError, partial(_unauthenticated, api))
    api.add_exception_handler(HttpError, partial(_http_error, api))
    api.add_exception_handler(NinjaValidationError, partial(_invalid_input, api))
    api.add_exception_handler(DjangoValidationError, partial(_refused, api))
    return api
