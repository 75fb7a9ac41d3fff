"""Writes for discussions. Store first; broadcast only after the transaction commits.

Every entry point (WebSocket consumer, the no-JavaScript form, the admin, commands) goes
through these functions, so each produces the same events.
"""

import re
from functools import partial

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chat import attachments, broadcast, events, permissions, presence, selectors
from chat.errors import BadRequest, NotFound, TooLarge
from chat.models import (
    BODY_MAX_LENGTH,
    CLIENT_ID_MAX_LENGTH,
    TOPIC_MAX_LENGTH,
    Attachment,
    Mention,
    Message,
    ReadMarker,
    Room,
    Topic,
)
from chat.notices import MentionNotice
from chat.text import searchable
from network import notices
from network.models import User

MENTION = re.compile(r"(?<![\w@])@([\w][\w.\-]*[\w]|[\w])")


def _clean_text(value, *, field: str, limit: int, error=BadRequest) -> str:
    if not isinstance(value, str):
        raise BadRequest(_("The field “%(field)s” must be text.") % {"field": field})
    value = value.strip()
    if not value:
        raise BadRequest(_("The field “%(field)s” cannot be empty.") % {"field": field})
    if len(value) > limit:
        raise error(
            _("The field “%(field)s” can have at most %(limit)d characters.")
            % {"field": field, "limit": limit}
        )
    return value


def _named_in(body: str, name: str) -> bool:
    """``@Anna Nowak`` (as the composer's autocomplete writes it) names Anna Nowak."""
    pattern = r"(?<![\w@])@" + re.escape(name) + r"(?!\w)"
    return bool(name) and re.search(pattern, body, re.IGNORECASE) is not None


def _mentioned_users(room: Room, body: str, author: User) -> list[User]:
    """``@Anna Nowak`` (the full name) or ``@anna.nowak`` (the e-mail address up to the @)
    mentions that person if they may enter the room; anyone else named is ignored."""
    if "@" not in body:
        return []
    handles = {name.lower() for name in MENTION.findall(body)}
    members = User.objects.filter(pk__in=permissions.mentionable_ids(room)).exclude(pk=author.pk)
    return [
        member
        for member in members
        if member.email.split("@")[0].lower() in handles
        or _named_in(body, member.get_full_name().strip())
    ]


def message_send(
    *,
    user: User,
    room: Room,
    topic: str,
    body: str,
    client_id: str,
    attachment=None,
    alt_text: str = "",
) -> tuple[Message, bool]:
    """Store a message (once per ``client_id``) and broadcast it after commit.

    ``attachment``: an uploaded file (``chat.attachments`` says which are accepted); with
    one, the body may be empty. Returns the message and whether it was created now; a
    re-send returns the original.
    """
    topic = _clean_text(topic, field=_("topic"), limit=TOPIC_MAX_LENGTH)
    if attachment is not None and isinstance(body, str) and not body.strip():
        body = ""
    else:
        body = _clean_text(body, field=_("message"), limit=BODY_MAX_LENGTH, error=TooLarge)
    client_id = _clean_text(client_id, field="client_id", limit=CLIENT_ID_MAX_LENGTH)
    existing = _existing(user, client_id)
    if existing is not None:
        return existing, False
    checked = None
    if attachment is not None:
        checked, alt_text = attachments.check(attachment, alt_text=alt_text)
    written: list[str] = []
    try:
        with transaction.atomic():
            # One writer per room at a time: ids then ascend in commit order, so catching
            # up with ``after`` can never skip a message that commits late.
            Room.objects.select_for_update().filter(pk=room.pk).first()
            # The room's previous message (under the same lock): every broadcast names it, so
            # a client that does not have it knows exactly what it missed.
            prev_id = selectors.latest_message_id(room)
            topic_row = Topic.objects.filter(room=room, name__iexact=topic).first()
            if topic_row is None:
                topic_row = Topic.objects.create(room=room, name=topic)
            message = Message.objects.create(
                room=room,
                topic=topic_row,
                author=user,
                body=body,
                search_text=_search_text(body, [checked.name] if checked else []),
                client_id=client_id,
            )
            rows = [_attach(message, attachment, checked, alt_text, written)] if checked else []
            _know_attachments(message, rows)
            Topic.objects.filter(pk=topic_row.pk).update(last_message_id=message.pk, resolved=False)
            mentioned = _mentioned_users(room, body, user)
            Mention.objects.bulk_create(
                [
                    Mention(
                        message=message,
                        user=member,
                        was_online=presence.store().is_online(member.pk),
                    )
                    for member in mentioned
                ]
            )
            # The author has read up to their own message (the newest: the room is locked).
            ReadMarker.objects.bulk_create(
                [ReadMarker(user=user, room=room, last_read_id=message.pk)],
                update_conflicts=True,
                unique_fields=["user", "room"],
                update_fields=["last_read_id"],
            )
            transaction.on_commit(partial(_announce_new, message, prev_id), robust=True)
            notices.notify(mentioned, MentionNotice(message))
    except IntegrityError:
        _remove_files(written)
        # The same client_id raced in from another socket: that one won; answer with it.
        existing = _existing(user, client_id)
        if existing is None:
            raise
        return existing, False
    except BaseException:
        _remove_files(written)
        raise
    return message, True


def _remove_files(paths: list[str]) -> None:
    for path in paths:
        Attachment.file.field.storage.delete(path)


def _search_text(body: str, file_names: list[str]) -> str:
    """What search reads: the body and the names of the message's files, folded."""
    return searchable(" ".join([body, *file_names]))


def _attach(message: Message, upload, checked, alt_text: str, written: list[str]) -> Attachment:
    """Store the file with the media files (an unguessable name) and its row; ``written``
    gets its path, so that the caller removes it if the transaction rolls back."""
    row = Attachment(
        message=message,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        is_image=checked.is_image,
        alt_text=alt_text,
        width=checked.width,
        height=checked.height,
    )
    upload.seek(0)
    row.file.save(checked.name, File(upload), save=False)
    written.append(row.file.name)
    row.save()
    return row


def _know_attachments(message: Message, rows: list[Attachment]) -> None:
    """A new message's files are known: its payload needs no query for them (as if
    prefetched, which is how listed messages come)."""
    known = Attachment.objects.filter(message=message)
    known._result_cache = rows
    known._prefetch_done = True
    message._prefetched_objects_cache = {"attachments": known}


def _existing(user: User, client_id: str) -> Message | None:
    return (
        Message.objects.select_related("room", "topic", "author", "author__region")
        .prefetch_related("attachments")
        .filter(author=user, client_id=client_id)
        .first()
    )


def _announce_new(message: Message, prev_id: int) -> None:
    broadcast.to_room(
        message.room.key,
        events.MessageFrame(
            room=message.room.key, message=selectors.message_payload(message), prev_id=prev_id
        ),
    )


def message_edit(*, user: User, message_id, body: str) -> Message:
    message = permissions.access_message(user, message_id)
    if message.author_id != user.pk:
        raise NotFound(ref=message_id)
    message.body = _clean_text(body, field=_("message"), limit=BODY_MAX_LENGTH, error=TooLarge)
    message.search_text = _search_text(
        message.body, [file.name for file in message.attachments.all()]
    )
    message.edited_at = timezone.now()
    with transaction.atomic():
        message.save(update_fields=["body", "search_text", "edited_at"])
        broadcast.to_room_on_commit(
            message.room.key,
            events.MessageUpdatedFrame(
                room=message.room.key, message=selectors.message_payload(message)
            ),
        )
    return message


def message_delete(*, user: User, message_id) -> Message:
    """Authors delete their own messages; network moderators delete any."""
    message = permissions.access_message(user, message_id)
    if message.author_id != user.pk and not permissions.can_moderate_room(user, message.room):
        raise NotFound(ref=message_id)
    with transaction.atomic():
        message.deleted_at = timezone.now()
        message.body = message.search_text = ""
        message.save(update_fields=["deleted_at", "body", "search_text"])
        # A deleted message's files go with it (after commit: a rollback keeps them).
        paths = list(message.attachments.values_list("file", flat=True))
        message.attachments.all().delete()
        transaction.on_commit(partial(_remove_files, paths), robust=True)
        broadcast.to_room_on_commit(
            message.room.key,
            events.MessageDeletedFrame(room=message.room.key, message_id=message.pk),
        )
    return message


def read_mark(*, user: User, room: Room, up_to) -> tuple[int, int]:
    """Move the member's read marker forward (never back); every device gets the new counts."""
    if not isinstance(up_to, int) or isinstance(up_to, bool) or up_to < 0:
        raise BadRequest(_("“up_to” must be a message id."))
    up_to = min(up_to, selectors.latest_message_id(room))
    with transaction.atomic():
        marker, _created = ReadMarker.objects.select_for_update().get_or_create(
            user=user, room=room
        )
        if up_to > marker.last_read_id:
            marker.last_read_id = up_to
            marker.save(update_fields=["last_read_id"])
        count, mentions = selectors.unread_counts(user, room)
        frame = events.UnreadFrame(room=room.key, count=count, mentions=mentions)
        transaction.on_commit(partial(broadcast.to_user, user.pk, frame), robust=True)
    return count, mentions


def topic_set_resolved(*, user: User, room: Room, topic: str, resolved: bool) -> Topic:
    """Mark a topic of ``room`` resolved (or open it again); everyone in the room sees it live.

    The caller has checked that ``user`` may enter ``room``. Nothing is announced when the
    topic is already so (a page out of date sent the form again).
    """
    with transaction.atomic():
        # Locked: a message arriving meanwhile opens the topic again in a definite order.
        topic_row = (
            Topic.objects.select_for_update().filter(room=room, name__iexact=topic).first()
            # No topic is longer; and SQLite refuses a LIKE pattern of 50,000 characters.
            if isinstance(topic, str) and len(topic) <= TOPIC_MAX_LENGTH
            else None
        )
        if topic_row is None:
            raise NotFound(
                _("This discussion has no such topic."),
                ref=topic if isinstance(topic, str) and len(topic) <= TOPIC_MAX_LENGTH else None,
            )
        if topic_row.resolved == resolved:
            return topic_row
        topic_row.resolved = resolved
        topic_row.save(update_fields=["resolved"])
        broadcast.to_room_on_commit(
            room.key,
            events.TopicUpdatedFrame(
                room=room.key,
                topic=topic_row.name,
                resolved=resolved,
                user=selectors.user_payload(user),
            ),
        )
    return topic_row


def member_removed_from_network(*, user_id: int, network) -> None:
    """Called when someone leaves a network: their sockets leave its room at once."""
    broadcast.revoke_on_commit(user_id, Room.key_for_network(network))
