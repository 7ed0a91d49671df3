from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "core/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Button text"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": [_("Choose a page or enter an address.")]}
            )
        return value

    class Meta:
        icon = "link"
        template = "core/blocks/call_to_action_block.html"


class BodyBlock(blocks.StreamBlock):
    """The body of general pages; later page types extend it rather than define their own.

    Apps above core add blocks with the `register_body_blocks` hook: a function returning
    (name, block) pairs, which come after the blocks declared here and before those a subclass
    declares. Pages build their StreamField (an instance of this) while models load, before the
    hooks can be read, so the blocks are looked up the first time they are needed."""

    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", template="core/blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4", "ruby"],
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock(label=_("Call to action"))

    @property
    def child_blocks(self):
        if self._registered_pending:
            self._registered_pending = False
            own = {name: self._child_blocks.pop(name) for name in BodyBlock.base_blocks}
            for hook in hooks.get_hooks("register_body_blocks"):
                for name, block in hook():
                    block.set_name(name)
                    own[name] = block
            self._child_blocks = own | self._child_blocks
        return self._child_blocks

    @child_blocks.setter
    def child_blocks(self, value):
        self._child_blocks = value
        self._registered_pending = True


class ActivityFiguresBlock(blocks.StructBlock):
    """The platform's headline figures of this fiscal year and the last (cms.core.activity):
    the platform is the one whose site shows the page. Registered through
    `register_body_blocks` (cms.core.wagtail_hooks), as the figures come from the apps."""

    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=120,
        help_text=_("Leave empty for “Our activity in figures”."),
    )

    class Meta:
        icon = "table"
        label = _("Our activity in figures")
        template = "core/blocks/activity_figures_block.html"

    def get_context(self, value, parent_context=None):
        from cms.core.activity import headlines
        from cms.core.platform import default, of_request

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        platform = of_request(request) if request is not None else default()
        if platform is not None:
            this, previous, lines = headlines(platform)
            context.update(this_year=this, previous_year=previous, headlines=lines)
        return context
