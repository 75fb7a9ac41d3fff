"""Demo images (``data/images.yaml``) for the good practices, drawn with Pillow.

Keyed by title, so a second run finds them and creates nothing. Nothing here is random.
"""

import re
from dataclasses import dataclass
from io import BytesIO

from anyascii import anyascii
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from demo.loaders import read


@dataclass(frozen=True)
class DemoImage:
    label: str
    top: tuple[int, int, int]
    bottom: tuple[int, int, int]
    colour: str  # "na <colour> tle", for the alternative text

    @property
    def title(self) -> str:
        return f"Demo: {self.label}"

    @property
    def alt(self) -> str:
        return f"Grafika z napisem „{self.label}” na {self.colour} tle"


IMAGES = {
    key: DemoImage(spec["label"], tuple(spec["top"]), tuple(spec["bottom"]), spec["colour"])
    for key, spec in read("images")["images"].items()
}


def _font(size: int) -> tuple[ImageFont.ImageFont, bool]:
    """A font with Polish letters if the system has one; else Pillow's, with ASCII labels."""
    for name in ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _wrap(draw: ImageDraw.ImageDraw, label: str, font, width: int) -> list[str]:
    # Polish typesetting: a one-letter word ("z", "w") never ends a line.
    label = re.sub(r"\b(\w) ", "\\1\N{NO-BREAK SPACE}", label)
    lines: list[str] = []
    for word in label.split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def render_image(spec: DemoImage, *, size=(960, 540)) -> bytes:
    """A vertical gradient with the label in large white letters."""
    width, height = size
    picture = PillowImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        share = y / (height - 1)
        colour = tuple(
            round(a + (b - a) * share) for a, b in zip(spec.top, spec.bottom, strict=True)
        )
        draw.line([(0, y), (width, y)], fill=colour)
    font, polish = _font(84)
    label = spec.label if polish else anyascii(spec.label)
    lines = _wrap(draw, label, font, width - 120)
    line_height = 100
    y = (height - line_height * len(lines)) // 2
    for line in lines:
        draw.text((width // 2, y + line_height // 2), line, font=font, fill="white", anchor="mm")
        y += line_height
    small, _polish = _font(28)
    draw.text((48, height - 48), "Dobre praktyki WZK", font=small, fill="white", anchor="ls")
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def images_ensure() -> dict:
    """The demo images by key, created on first use."""
    image_model = get_image_model()
    existing = {
        image.title: image
        for image in image_model.objects.filter(title__in=[s.title for s in IMAGES.values()])
    }
    images = {}
    for key, spec in IMAGES.items():
        image = existing.get(spec.title)
        if image is None:
            content = ImageFile(BytesIO(render_image(spec)), name=f"demo-{key}.png")
            image = image_model(title=spec.title, file=content)
            image.save()
        images[key] = image
    return images
