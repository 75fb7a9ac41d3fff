import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chat import events, permissions, ratelimit, selectors, services
from chat.errors import BadRequest, ChatError, NotFound, RateLimited
from chat.forms import MessageForm, SearchForm
from chat.models import Attachment, Room
from chat.text import search_terms
from network.models import Network


def _room_or_404(user, key: str) -> Room:
    try:
        return permissions.access_room(user, key)
    except NotFound:
        raise Http404 from None


@login_required
def rooms(request):
    return render(request, "chat/rooms.html", {"rooms": selectors.rooms_for(request.user)})


# --- A room's page, the same for every kind of room -----------------------------------------
# The network's view and the event's view (visits/views_after.py) find the room (404
# for those who may not enter) and say its title, breadcrumbs and URLs; the rest is here.


@dataclass(frozen=True)
class RoomPage:
    room: Room
    title: str
    # (label, URL) pairs above the room's own "Discussion" crumb.
    breadcrumbs: list[tuple[str, str]]
    url: str
    send_url: str
    read_url: str
    resolve_url: str


def room_page(request, page: RoomPage, form: MessageForm | None = None, status: int = 200):
    """The room, readable without JavaScript; ``chat/discussion.js`` makes it live.

    ``?przed=ID``: the older messages before ``ID`` (a search result links to its message
    this way, with ``#wiadomosc-ID``)."""
    room = page.room
    before = request.GET.get("przed")
    window, has_more = selectors.room_messages(
        room, before=int(before) if before and before.isdecimal() else None
    )
    count, mentions = selectors.unread_counts(request.user, room)
    return render(
        request,
        "chat/discussion.html",
        {
            "page": page,
            "room": room,
            "chat_messages": window,
            "has_more": has_more,
            "topics": selectors.topics_with_unread(request.user, room),
            "unread": count,
            "mentions": mentions,
            # A fresh client_id per form: reloading after a POST cannot send it twice.
            "form": form
            or MessageForm(
                initial={"topic": request.GET.get("temat", ""), "client_id": uuid.uuid4().hex}
            ),
            "can_moderate": permissions.can_moderate_room(request.user, room),
            "search_form": SearchForm(),
            "search_url": reverse("chat:search"),
        },
        status=status,
    )


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def room_send(request, page: RoomPage):
    """Sending without JavaScript, and with an attachment (``discussion.js`` posts the form
    here and reads JSON): the same send limit and the same service as the socket, so the same
    budget and the same live events. A refused message comes back in the form, so nothing
    typed is lost."""
    form = MessageForm(request.POST, request.FILES)
    try:
        # Before anything else, as on the socket: one bucket per member, however they send.
        ratelimit.send_check_blocking(request.user.pk)
        if not form.is_valid():
            raise BadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
        message, _created = services.message_send(
            user=request.user, room=page.room, **form.cleaned_data
        )
    except ChatError as refusal:
        return _send_refused(request, page, form, refusal)
    if _wants_json(request):
        return JsonResponse({"message": selectors.message_payload(message)})
    messages.success(request, _("Your message has been sent."))
    return redirect(page.url)


def _send_refused(request, page: RoomPage, form: MessageForm, refusal: ChatError):
    limited = isinstance(refusal, RateLimited)
    status = 429 if limited else 400
    error = str(refusal.message)
    if _wants_json(request):
        code = refusal.code if limited else events.BAD_REQUEST
        return JsonResponse({"error": code, "message": error}, status=status)
    # A new client_id: the refused one stored nothing.
    data = form.data.copy()
    data["client_id"] = uuid.uuid4().hex
    form = MessageForm(data)
    form.is_valid()
    form.add_error(None, error)
    return room_page(request, page, form=form, status=status)


def room_read(request, page: RoomPage):
    room = page.room
    services.read_mark(user=request.user, room=room, up_to=selectors.latest_message_id(room))
    return redirect(page.url)


def room_resolve(request, page: RoomPage):
    """Mark a topic resolved (or open it again); anyone who may enter the room may."""
    try:
        topic = services.topic_set_resolved(
            user=request.user,
            room=page.room,
            topic=request.POST.get("topic", ""),
            resolved=request.POST.get("resolved") == "1",
        )
    except ChatError as error:
        messages.error(request, str(error.message))
    else:
        if topic.resolved:
            messages.success(request, _("The topic “%(topic)s” is resolved.") % {"topic": topic})
        else:
            messages.success(request, _("The topic “%(topic)s” is open again.") % {"topic": topic})
    return redirect(page.url)


def room_views(page_for: Callable[..., RoomPage]) -> tuple[Callable, ...]:
    """The page, send, read and resolve views of a kind of room, given how to find its
    ``RoomPage`` from the request and the URL's arguments (``Http404`` for those who may not
    enter). Every kind of room then behaves the same."""

    def view(action, *, post: bool):
        def handle(request, **kwargs):
            return action(request, page_for(request, **kwargs))

        handle = login_required(require_POST(handle) if post else handle)
        handle.__name__ = handle.__qualname__ = action.__name__
        return handle

    return (
        view(room_page, post=False),
        view(room_send, post=True),
        view(room_read, post=True),
        view(room_resolve, post=True),
    )


# --- A network's room -----------------------------------------------------------------------


def _network_page(request, slug) -> RoomPage:
    network = get_object_or_404(Network, slug=slug)
    return RoomPage(
        room=_room_or_404(request.user, Room.key_for_network(network)),
        title=network.name,
        breadcrumbs=[
            (_("Thematic networks"), reverse("network:network_list")),
            (network.name, network.get_absolute_url()),
        ],
        url=reverse("chat:discussion", args=[network.slug]),
        send_url=reverse("chat:send", args=[network.slug]),
        read_url=reverse("chat:read", args=[network.slug]),
        resolve_url=reverse("chat:resolve", args=[network.slug]),
    )


discussion, discussion_send, discussion_read, discussion_resolve = room_views(_network_page)


@require_GET
def history(request, key):
    """``GET /chat/api/rooms/<key>/messages/?before=ID|after=ID&limit=N`` for scrolling back."""
    try:
        room = permissions.access_room(request.user, key)
    except NotFound:
        return JsonResponse(
            {"error": "not_found", "message": str(NotFound.default_message)}, status=404
        )
    params = {}
    for name in ("before", "after", "limit"):
        value = request.GET.get(name)
        if value is None:
            continue
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        if not value.isdecimal():
            return JsonResponse(
                {
                    "error": "bad_request",
                    "message": _("“%(name)s” must be a whole number.") % {"name": name},
                },
                status=400,
            )
        params[name] = int(value)
    if "before" in params and "after" in params:
        return JsonResponse(
            {"error": "bad_request", "message": _("Use “before” or “after”, not both.")}, status=400
        )
    window, has_more = selectors.room_messages(room, **params)
    return JsonResponse(
        {
            "messages": [selectors.message_payload(message) for message in window],
            "has_more": has_more,
        }
    )


def _json_not_found() -> JsonResponse:
    return JsonResponse(
        {"error": "not_found", "message": str(NotFound.default_message)}, status=404
    )


@require_GET
def people(request, key):
    """``GET /chat/api/rooms/<key>/people/``: who may enter the room (and so be mentioned),
    by name, for the composer's ``@`` suggestions."""
    try:
        room = permissions.access_room(request.user, key)
    except NotFound:
        return _json_not_found()
    return JsonResponse({"people": selectors.mentionable_people(room)})


@require_GET
def unread(request):
    """``GET /chat/api/unread/``: unread messages and mentions in each room the member may
    enter, with the room's newest id (the header's badge starts from here, then goes live)."""
    if not request.user.is_authenticated:
        return _json_not_found()
    return JsonResponse(
        {
            "rooms": [
                {key: row[key] for key in ("key", "unread", "mentions", "latest")}
                for row in selectors.rooms_for(request.user)
            ]
        }
    )


@login_required
@require_GET
def attachment(request, pk):
    """A message's file, for those who may enter its room (404 for anyone else, as for a
    file that does not exist). Images are shown inline; documents are downloaded."""
    row = (
        Attachment.objects.select_related("message__room")
        .filter(pk=pk, message__deleted_at__isnull=True)
        .first()
    )
    if row is None:
        raise Http404
    _room_or_404(request.user, row.message.room.key)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=not row.is_image, filename=row.name, content_type=row.content_type
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def search(request):
    """Search the messages of every room the member may enter (past events' and decided
    documents' too), or of one room (``?pokoj=<key>``; 404 for a room they may not enter)."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    key = request.GET.get("pokoj")
    room = None
    if key:
        room = _room_or_404(request.user, key)
        titles = {room.pk: (selectors.room_title(room), selectors.room_url(room))}
    else:
        titles = {
            pk: (listed.title, listed.url)
            for pk, listed in selectors.searchable_rooms(request.user).items()
        }
    results = selectors.search_messages(list(titles), query)
    return render(
        request,
        "chat/search.html",
        {
            "form": form,
            "query": query,
            "searched": bool(search_terms(query)),
            "room": room,
            "room_title": titles[room.pk][0] if room else "",
            "results": [
                {
                    "message": message,
                    "room_title": titles[message.room_id][0],
                    # The page of history ending at the message, scrolled to it.
                    "url": f"{titles[message.room_id][1]}?przed={message.pk + 1}"
                    f"#wiadomosc-{message.pk}",
                }
                for message in results
            ],
        },
    )
