"""The Draftail feature "ruby" (registered in wagtail_hooks.py): furigana in rich text, a RUBY
entity over the base text whose data is the reading, stored as <ruby>漢字<rt>かんじ</rt></ruby>;
its buttons are static/tsunagu/js/ruby.js."""

from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.html_to_contentstate import InlineEntityElementHandler

ENTITY_TYPE = "RUBY"


class RubyElementHandler(InlineEntityElementHandler):
    """<ruby>: a RUBY entity over its base text; its <rt> fills the entity's reading."""

    mutability = "MUTABLE"

    def handle_starttag(self, name, attrs, state, contentstate):
        super().handle_starttag(name, attrs, state, contentstate)
        state.ruby_entity = contentstate.entity_map[state.current_entity_ranges[-1].key]

    def get_attribute_data(self, attrs):
        return {"reading": ""}


class ReadingElementHandler:
    """<rt> (the reading) and <rp> (its brackets): not text of the block, whose characters are
    the base's only; the reading goes to the entity of the <ruby> around it."""

    def handle_starttag(self, name, attrs, state, contentstate):
        state.ruby_text_start = len(state.current_block.text) if state.current_block else 0

    def handle_endtag(self, name, state, contentstate):
        block = state.current_block
        if block is None:
            return
        text = block.text[state.ruby_text_start :]
        block.text = block.text[: state.ruby_text_start]
        entity = getattr(state, "ruby_entity", None)
        if name == "rt" and entity is not None and state.current_entity_ranges:
            entity.data["reading"] += text.strip()


def ruby_decorator(props):
    """The RUBY entity as stored HTML."""
    return DOM.create_element(
        "ruby", {}, props["children"], DOM.create_element("rt", {}, props.get("reading", ""))
    )


CONVERTER_RULE = {
    "from_database_format": {
        "ruby": RubyElementHandler(ENTITY_TYPE),
        "rt": ReadingElementHandler(),
        "rp": ReadingElementHandler(),
    },
    "to_database_format": {"entity_decorators": {ENTITY_TYPE: ruby_decorator}},
}
