from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.models import Site

from cms.directory.members_forms import MembershipApplicationForm
from cms.directory.members_services import apply_for_membership


def apply(request, index):
    form = MembershipApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("agree")
        _application, created = apply_for_membership(
            site=Site.find_for_request(request),
            language=translation.get_language(),
            **data,
        )
        sent = index.url + index.reverse_subpage("application_sent")
        return redirect(sent if created else sent + "?again=1")
    return TemplateResponse(
        request,
        "directory/members_apply.html",
        {"page": index, "form": form, "og_title": index.title},
    )


def sent(request, index):
    return TemplateResponse(
        request,
        "directory/members_apply_sent.html",
        {"page": index, "again": request.GET.get("again") == "1"},
    )
