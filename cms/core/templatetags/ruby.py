"""Furigana in templates: `ruby` shows the readings of a plain text field (a title) as <ruby>,
`ruby_text` drops them where the text is not HTML (<title>, meta tags, alt text), and
`furigana_offered` says where the visitor may show or hide them (cms/core/ruby.py; the form is
tsunagu's `preference_form`, cms/core/preferences.py)."""

from django import template

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


@register.simple_tag(takes_context=True)
def furigana_offered(context, page=None):
    """Whether to offer the furigana toggle: on pages in Japanese or やさしい日本語 (or shown in
    Japanese as a fallback)."""
    language = context.get("LANGUAGE_CODE")
    return language in JAPANESE or (
        page is not None and page_language(context["request"], page) in JAPANESE
    )
