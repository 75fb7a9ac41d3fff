import codecs
import json

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _


class PolishFirstLocaleMiddleware(LocaleMiddleware):
    """Polish unless the visitor chose English with the switch (the language cookie).

    The browser's Accept-Language is ignored on purpose: a public body's site opens in
    Polish, whatever language the computer is set to.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def _is_text(value: str) -> bool:
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def _unreadable_input(request) -> str | None:
    """Why the request's input cannot be read as text, or None if it can.

    Lone UTF-16 surrogates arrive through JSON's ``\\ud800`` escapes, or through a charset such
    as UTF-7 named in the Content-Type; no database, template or log accepts them. JSON nested
    thousands deep overflows the parser's recursion.
    """
    if request.encoding and not codecs.lookup(request.encoding)._is_text_encoding:
        return _("The request names a character set that is not one for text.")
    try:
        fields = [*request.GET.lists()]
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            fields += [*request.POST.lists()]
            fields += [
                (name, [upload.name for upload in uploads])
                for name, uploads in request.FILES.lists()
            ]
    except LookupError:  # a charset Python does not know
        return _("The request names a character set that is not one for text.")
    except BadRequest:  # Django reads forms only in UTF-8 (and logs a traceback otherwise)
        return _("Forms must be sent in UTF-8.")
    except MultiPartParserError:  # no boundary, a broken part (a traceback otherwise)
        return _("The form could not be read: it is not valid multipart/form-data.")
    for name, values in fields:
        if not _is_text(name) or not all(_is_text(value or "") for value in values):
            return _("The request contains characters that are not valid text.")
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            data = json.loads(request.body)
        except RecursionError:
            return _("The JSON in the request is nested too deeply.")
        except ValueError:
            return None  # not JSON: the view says so in its own words
        try:
            json.dumps(data, ensure_ascii=False).encode()
        except (UnicodeEncodeError, RecursionError):
            return _("The request contains characters that are not valid text.")
    return None


class UnreadableInputMiddleware:
    """Input that cannot be read as text is a 400 with a clear message, before any view sees
    it: one rule for every form, query string and JSON body (HTML, or JSON under /api/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = _unreadable_input(request)
        if problem is None:
            return self.get_response(request)
        if request.path.startswith("/api/v2/"):
            return JsonResponse({"message": problem}, status=400)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": problem}, status=400)
        return render(request, "400.html", {"message": problem}, status=400)
