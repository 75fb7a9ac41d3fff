import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
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


@login_required
def discussion(request, slug):
    """The network's room, readable without JavaScript; the script makes it live."""
    network = get_object_or_404(Network, slug=slug)
    room = _room_or_404(request.user, Room.key_for_network(network))
    before = request.GET.get("przed")
    window, has_more = selectors.room_messages(
        room, before=int(before) if before and before.isdecimal() else None
    )
    count, mentions = selectors.unread_counts(request.user, room)
    return render(
        request,
        "chat/discussion.html",
        {
            "network": network,
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


@login_required
@require_POST
def discussion_send(request, slug):
    """Sending without JavaScript: the same service, so the same live events."""
    network = get_object_or_404(Network, slug=slug)
    room = _room_or_404(request.user, Room.key_for_network(network))
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(user=request.user, room=room, **form.cleaned_data)
        except ChatError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your message has been sent."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("chat:discussion", slug=network.slug)


@login_required
@require_POST
def discussion_read(request, slug):
    network = get_object_or_404(Network, slug=slug)
    room = _room_or_404(request.user, Room.key_for_network(network))
    services.read_mark(user=request.user, room=room, up_to=selectors.latest_message_id(room))
    return redirect("chat:discussion", slug=network.slug)


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


@login_required
@require_POST
def discussion_resolve(request, slug):
    """Mark a topic resolved (or open it again); any member of the room may."""
    network = get_object_or_404(Network, slug=slug)
    room = _room_or_404(request.user, Room.key_for_network(network))
    try:
        topic = services.topic_set_resolved(
            user=request.user,
            room=room,
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
    return redirect("chat:discussion", slug=network.slug)
