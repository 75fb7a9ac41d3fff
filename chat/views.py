import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chat import permissions, selectors, services
from chat.errors import ChatError, NotFound
from chat.forms import MessageForm
from chat.models import Room
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


def room_page(request, page: RoomPage):
    """The room, readable without JavaScript; ``chat/discussion.js`` makes it live."""
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
            "form": MessageForm(
                initial={"topic": request.GET.get("temat", ""), "client_id": uuid.uuid4().hex}
            ),
            "can_moderate": permissions.can_moderate_room(request.user, room),
        },
    )


def room_send(request, page: RoomPage):
    """Sending without JavaScript: the same service, so the same live events."""
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(user=request.user, room=page.room, **form.cleaned_data)
        except ChatError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your message has been sent."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(page.url)


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
