"""Reusable StreamField blocks for good-practice pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        form_classname = "title"
        template = "cms/blocks/heading.html"
        label = _("Heading")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"
        label = _("Image")


class VideoBlock(blocks.StructBlock):
    """A film needs a transcript or a captions link: WCAG 1.2 for recorded media."""

    video = EmbedBlock(label=_("Video address (YouTube, Vimeo…)"))
    title = blocks.CharBlock(label=_("Title of the film"), max_length=200)
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)
    captions_url = blocks.URLBlock(label=_("Link to captions or a transcript"), required=False)

    class Meta:
        icon = "media"
        template = "cms/blocks/video.html"
        label = _("Video")

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("transcript") and not cleaned.get("captions_url"):
            message = _("Add a transcript or a link to captions.")
            raise StructBlockValidationError(
                block_errors={
                    "transcript": ValidationError(message),
                    "captions_url": ValidationError(message),
                }
            )
        return cleaned


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    source = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"
        label = _("Quote")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document.html"
        label = _("Document")


class FigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=40, help_text=_("e.g. 1 200 or 85%"))
    label = blocks.CharBlock(label=_("What it counts"), max_length=120)

    class Meta:
        icon = "order"
        label = _("Figure")


class KeyFiguresBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(FigureBlock(), **kwargs)

    class Meta:
        icon = "table"
        template = "cms/blocks/key_figures.html"
        label = _("Key figures")


class BodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"),
        features=["bold", "italic", "link", "ol", "ul", "h3", "h4"],
        template="cms/blocks/text.html",
    )
    heading = HeadingBlock()
    image = ImageBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    key_figures = KeyFiguresBlock()


class ResultsBlock(blocks.StreamBlock):
    figure = FigureBlock()
