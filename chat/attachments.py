"""Files sent in discussions: which are accepted, recognised by their content.

An extension says what the sender claims; the first bytes (and, for images, Pillow reading
the whole picture) say what the file is. Both must agree with one of the allowed kinds in
settings (``CHAT_ATTACHMENT_*``), or the file is refused with a message the sender reads.
"""

import os
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from PIL.Image import DecompressionBombError

from chat.errors import BadRequest
from chat.models import ALT_TEXT_MAX_LENGTH, ATTACHMENT_NAME_MAX_LENGTH

CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
PILLOW_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
TEXT_TYPES = {"txt", "csv"}
# Pillow refuses pictures with more pixels than this (decompression bombs).
MAX_PIXELS = 40_000_000


class AttachmentRefused(BadRequest):
    pass


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int
    is_image: bool
    width: int | None
    height: int | None


def allowed_extensions() -> list[str]:
    return [*settings.CHAT_ATTACHMENT_IMAGE_TYPES, *settings.CHAT_ATTACHMENT_DOCUMENT_TYPES]


def clean_name(name) -> str:
    """The sender's file name, safe to show and to send back in a header."""
    name = os.path.basename(str(name or "").replace("\\", "/"))
    name = "".join(
        c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C"
    )
    name = name.strip().strip(".") or "plik"
    if len(name) > ATTACHMENT_NAME_MAX_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep = ATTACHMENT_NAME_MAX_LENGTH - len(extension) - 1
        name = (
            f"{stem[:keep]}.{extension}" if dot and keep > 0 else name[:ATTACHMENT_NAME_MAX_LENGTH]
        )
    return name


def _refuse(name: str) -> AttachmentRefused:
    return AttachmentRefused(
        _("“%(name)s” cannot be attached: allowed are %(types)s files, recognised by content.")
        % {"name": name, "types": ", ".join(allowed_extensions())}
    )


def _is_text(upload) -> bool:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check(upload, *, alt_text: str = "") -> tuple[CheckedFile, str]:
    """The file's kind, or ``AttachmentRefused`` saying why; and the cleaned alt text."""
    name = clean_name(getattr(upload, "name", ""))
    size = upload.size or 0
    if size == 0:
        raise AttachmentRefused(_("“%(name)s” is empty.") % {"name": name})
    if size > settings.CHAT_ATTACHMENT_MAX_BYTES:
        raise AttachmentRefused(
            _("“%(name)s” is too large: at most %(limit)s.")
            % {"name": name, "limit": filesizeformat(settings.CHAT_ATTACHMENT_MAX_BYTES)}
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed_extensions():
        raise _refuse(name)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    width = height = None
    is_image = extension in settings.CHAT_ATTACHMENT_IMAGE_TYPES
    if extension in TEXT_TYPES:
        if not _is_text(upload):
            raise _refuse(name)
    elif is_image:
        try:
            with Image.open(upload) as image:
                if image.format != PILLOW_FORMATS[extension]:
                    raise _refuse(name)
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise _refuse(name)
                image.verify()
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            DecompressionBombError,
        ):
            raise _refuse(name) from None
        finally:
            upload.seek(0)
    else:
        kind = filetype.guess(head)
        if kind is None or kind.extension != extension:
            raise _refuse(name)
    alt_text = alt_text.strip() if isinstance(alt_text, str) else ""
    if is_image and not alt_text:
        raise AttachmentRefused(
            _(
                "Describe the image “%(name)s” in a few words (alternative text) "
                "for those who cannot see it."
            )
            % {"name": name}
        )
    if len(alt_text) > ALT_TEXT_MAX_LENGTH:
        raise AttachmentRefused(
            _("The alternative text can have at most %(limit)d characters.")
            % {"limit": ALT_TEXT_MAX_LENGTH}
        )
    checked = CheckedFile(
        name=name,
        extension=extension,
        content_type=CONTENT_TYPES[extension],
        size=size,
        is_image=is_image,
        width=width,
        height=height,
    )
    return checked, alt_text if is_image else ""
