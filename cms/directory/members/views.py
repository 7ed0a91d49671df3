from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.core.guards import may_edit, require
from cms.core.ratelimit import rate_limited
from cms.directory.members import services
from cms.directory.members.forms import MembershipApplicationForm
from cms.directory.members.models import MemberOrganisationPage, Membership
from cms.directory.members.viewsets import membership_permission_policy


@rate_limited("form")
def apply(request, index):
    form = MembershipApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("agree")
        # A second application from the same organisation and address is not stored again,
        # and the page says the same as to a first one: nobody learns who has applied.
        services.apply_for_membership(
            site=Site.find_for_request(request),
            language=translation.get_language(),
            **data,
        )
        return redirect(index.get_url(request) + index.reverse_subpage("application_sent"))
    return TemplateResponse(
        request,
        "directory/members_apply.html",
        {"page": index, "form": form, "og_title": index.title},
    )


def sent(request, index):
    return TemplateResponse(request, "directory/members_apply_sent.html", {"page": index})


def confirm_profile(request, page_id):
    """Admin: a member confirms its profile is current (the link of the yearly mail)."""
    page = get_object_or_404(MemberOrganisationPage, pk=page_id)
    require(request, allowed=may_edit(page, request))
    if request.method == "POST":
        services.confirm_profile(page)
        messages.success(request, _("Thank you: the profile is confirmed as up to date."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "directory/members_confirm_profile.html", {"page": page})


def membership_of_page(request, page_id):
    """Admin: the membership of the organisation whose page (in any language) this is. The
    page's header button links here, so that drawing it costs no query."""
    require(
        request, allowed=membership_permission_policy.user_has_permission(request.user, "change")
    )
    page = get_object_or_404(MemberOrganisationPage, pk=page_id)
    membership = get_object_or_404(Membership.objects.for_page(page))
    return redirect("memberships:edit", membership.pk)
