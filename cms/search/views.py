from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Site

from cms.core.forms import NormalisedFormMixin
from cms.search.services import highlighted, search


class SearchForm(NormalisedFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)


def search_view(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page = None
    hits = []
    if query:
        entries, variants = search(query, Locale.get_active(), Site.find_for_request(request))
        page = Paginator(entries, 20).get_page(request.GET.get("page"))
        hits = highlighted(page.object_list, variants)
    return render(
        request,
        "search/search.html",
        {"form": form, "query": query, "page_obj": page, "hits": hits},
    )
