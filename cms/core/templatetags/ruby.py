"""Furigana in templates: `ruby` shows the readings of a plain text field (a title) as <ruby>,
`ruby_text` drops them where the text is not HTML (<title>, meta tags, alt text), and
`furigana_toggle` lets the visitor show or hide them (cms/core/ruby.py, preferences.py)."""

from django import template

from cms.core import preferences
from cms.core import ruby as markup
from cms.core.frame import page_language

register = template.Library()

#: Languages whose text carries furigana: the toggle is offered on their pages.
JAPANESE = ("ja", "ja-x-easy")


@register.filter(name="ruby")
def ruby_html(value):
    return markup.to_html(value)


@register.filter
def ruby_text(value):
    return markup.to_text(value)


@register.inclusion_tag("core/includes/furigana_toggle.html", takes_context=True)
def furigana_toggle(context, page=None):
    """The button, on pages in Japanese or やさしい日本語 (or shown in Japanese as a fallback)."""
    request = context["request"]
    language = context.get("LANGUAGE_CODE")
    offered = language in JAPANESE or (
        page is not None and page_language(request, page) in JAPANESE
    )
    return {
        "offered": offered,
        "shown": preferences.value(request, "furigana") == "on",
        "next": request.get_full_path(),
    }
