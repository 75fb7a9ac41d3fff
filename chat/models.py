import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from chat.events import ROOM_NETWORK_PREFIX

TOPIC_MAX_LENGTH = 60
BODY_MAX_LENGTH = 4000
CLIENT_ID_MAX_LENGTH = 64
ATTACHMENT_NAME_MAX_LENGTH = 200
ALT_TEXT_MAX_LENGTH = 300


class Room(models.Model):
    """Where a discussion happens: a thematic network's room (``network:<slug>``), or a room of
    a kind another app registers (``chat.rooms``)."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    network = models.OneToOneField(
        "network.Network",
        verbose_name=_("thematic network"),
        on_delete=models.CASCADE,
        related_name="room",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("discussion room")
        verbose_name_plural = _("discussion rooms")

    def __str__(self):
        return str(self.network) if self.network_id else self.key

    @staticmethod
    def key_for_network(network) -> str:
        return f"{ROOM_NETWORK_PREFIX}{network.slug}"


class Topic(models.Model):
    """A thread inside a room (Zulip-style); every message has one."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("topic"), max_length=TOPIC_MAX_LENGTH)
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_message_id = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-last_message_id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint("room", Lower("name"), name="chat_topic_unique_per_room")
        ]

    def __str__(self):
        return self.name


class Message(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chat_messages"
    )
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    # The body lower-cased without diacritics, for search ("lodz" finds "Łódź"); on
    # PostgreSQL a trigger keeps a full-text vector of it (migration 0002).
    search_text = models.TextField(default="", blank=True, editable=False)
    client_id = models.CharField(max_length=CLIENT_ID_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            # A re-sent frame (same client_id from the same author) is the same message.
            models.UniqueConstraint(fields=["author", "client_id"], name="chat_message_client_id")
        ]
        indexes = [models.Index(fields=["room", "id"]), models.Index(fields=["topic", "id"])]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def attachment_path(instance, filename):
    """An unguessable name under ``chat/attachments/``: the file is read only through
    ``chat.views.attachment`` (nginx refuses ``/media/chat/`` from outside)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"chat/attachments/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """A document or image sent with a message; only those who may enter the room read it."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=ATTACHMENT_NAME_MAX_LENGTH)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    # Images only: shown inline, described by their alternative text (required for images).
    is_image = models.BooleanField(default=False)
    alt_text = models.CharField(_("alternative text"), max_length=ALT_TEXT_MAX_LENGTH, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class ReadMarker(models.Model):
    """The last message a member has read in a room, kept on the server for every device."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_read_markers"
    )
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="read_markers")
    last_read_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "room"], name="chat_read_marker_unique")
        ]

    def __str__(self):
        return f"{self.user_id} read {self.room_id} up to {self.last_read_id}"


class Mention(models.Model):
    """An @mention of a member; e-mailed later if they were not online."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_mentions"
    )
    was_online = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="chat_mention_unique")
        ]

    def __str__(self):
        return f"@{self.user_id} in {self.message_id}"


class MentionDigest(models.Model):
    """When a member was last e-mailed about mentions (at most one e-mail per 15 minutes)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_mention_digest"
    )
    last_sent_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user_id}: {self.last_sent_at:%Y-%m-%d %H:%M}"
