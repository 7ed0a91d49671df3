from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Site

from cms.core.forms import NormalisedFormMixin
from cms.navigator.queries import worries_for_words
from cms.search.services import highlighted, other_languages, search, variants_of

# Fewer results than this in the visitor's language: the other languages' are shown too.
FEW_RESULTS = 5
# Each language by its own name (“English”), as the language menu names them.
LANGUAGE_NAMES = dict(settings.LANGUAGES)


class SearchForm(NormalisedFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)


def search_view(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page = None
    hits, elsewhere, answers = [], [], None
    locale = Locale.get_active()
    if query:
        site = Site.find_for_request(request)
        # Worry words first (issue 21): the navigator's answers and, for an urgent worry, the
        # crisis lines, above the pages, even when no page matches.
        answers = worries_for_words(query, locale, site)
        entries, terms = search(query, locale, site)
        variants = variants_of(terms)
        page = Paginator(entries, 20).get_page(request.GET.get("page"))
        hits = highlighted(page.object_list, variants)
        if page.paginator.count < FEW_RESULTS and page.number == 1:
            # Words of another language (“lonely” on the Japanese site) find the pages of
            # the translations written in it.
            elsewhere = highlighted(other_languages(terms, locale, site, FEW_RESULTS), variants)
            for hit in elsewhere:
                hit.language = LANGUAGE_NAMES.get(hit.entry.locale.language_code, "")
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "page_obj": page,
            "hits": hits,
            "elsewhere": elsewhere,
            "answers": answers,
            "locale": locale,
            "default_language": settings.LANGUAGE_CODE,
        },
    )
