from django.utils.translation import gettext_lazy as _

from chat import events


class ChatError(Exception):
    """A refusal the user caused; the consumer turns it into an ``error`` frame."""

    code = events.BAD_REQUEST
    default_message = _("The request is not valid.")

    def __init__(self, message=None, *, ref=None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message
        self.ref = ref


class BadRequest(ChatError):
    code = events.BAD_REQUEST


class NotFound(ChatError):
    code = events.NOT_FOUND
    default_message = _("There is no such room or message, or you cannot see it.")


class TooLarge(ChatError):
    code = events.TOO_LARGE
    default_message = _("The message is too long: at most 4,000 characters.")


class FrameTooLarge(TooLarge):
    """A frame over the consumer's byte limit: no client of ours sends one, so it counts
    towards the bad-frame limit like a malformed one."""

    default_message = _("The frame is too large: at most 64 KiB.")


class RateLimited(ChatError):
    code = events.RATE_LIMITED
    default_message = _("You are sending too fast. Wait a moment and try again.")


class Unavailable(ChatError):
    code = events.UNAVAILABLE
    default_message = _(
        "Discussions are briefly unavailable. Your message was not lost: it will be sent again."
    )
