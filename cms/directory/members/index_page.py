"""The member organisation index: the 五十音 list of members and the form to apply to join."""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.core.models import Topic
from cms.directory import queries
from cms.directory.members.kana import LABELS, OTHER, kana_row
from cms.directory.members.models import MemberOrganisationPage


class MemberOrganisationIndexPage(RoutablePageMixin, Page):
    """The list of the platform's member organisations (参画団体), in 五十音 order, and the
    form to apply to join (参画申込)."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    subpage_types = ["directory.MemberOrganisationPage"]
    content_panels = [*Page.content_panels, "intro"]

    class Meta:
        verbose_name = _("member organisation index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        members, applied = queries.filter_members(queries.member_profiles(self), request.GET)
        logos = get_image_model().objects.prefetch_renditions()
        prefetch = ["topics", Prefetch("logo", queryset=logos)]
        members = queries.localize_members(
            list(members.prefetch_related(*prefetch)), self.locale_id, prefetch
        )
        topics = list(Topic.objects.filter(locale_id=self.locale_id))
        queries.label_topics(members, topics)
        rows = {label: [] for label in [*LABELS, OTHER]}
        for member in members:
            rows[kana_row(member.name_kana)].append(member)
        context.update(
            kana_rows=[{"label": label, "members": rows[label]} for label in rows],
            member_count=len(members),
            applied=applied,
            organisation_types=MemberOrganisationPage.OrganisationType.choices,
            fields=[t for t in topics if t.kind == Topic.Kind.FIELD],
            groups=[t for t in topics if t.kind == Topic.Kind.GROUP],
            areas=queries.member_areas(self),
            apply_url=self.get_url(request) + self.reverse_subpage("apply"),
        )
        return context

    # The application form needs no account: no CSRF token, so the page stays cacheable
    # (cms/core/origin.py).
    anonymous_forms = True

    @path("")
    def listing(self, request):
        return self.render(request)

    # The application views go through the membership services, which add approved members'
    # profiles under this index and so import this module: the views are imported when called.
    @path("apply/", name="apply")
    def apply(self, request):
        from cms.directory.members.views import apply

        return apply(request, self)

    @path("apply/sent/", name="application_sent")
    def application_sent(self, request):
        from cms.directory.members.views import sent

        return sent(request, self)
