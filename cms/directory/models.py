from django import forms
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.search import index

from cms.core.models import Topic
from cms.core.sections import collect, in_language, locales_q
from cms.directory.members_kana import LABELS, OTHER, kana_row, normalise_kana
from cms.directory.members_models import Membership


class MemberOrganisationIndexPage(RoutablePageMixin, Page):
    """The list of the platform's member organisations (参画団体), in 五十音 order, and the
    form to apply to join (参画申込)."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    subpage_types = ["directory.MemberOrganisationPage"]
    content_panels = [*Page.content_panels, "intro"]

    class Meta:
        verbose_name = _("member organisation index")

    def members(self):
        """Public profiles of current members (not those who left), in 五十音 order. The
        Japanese index is the complete one: a translated index lists the Japanese profiles
        and shows each in its translation where there is one."""
        source = self.get_translation_or_none(Locale.get_default()) or self
        return (
            MemberOrganisationPage.objects.live()
            .public()
            .child_of(source)
            .exclude(
                translation_key__in=Membership.objects.filter(
                    status=Membership.Status.LEFT
                ).organisations()
            )
            .select_related("locale")
            .order_by("name_kana", "title")
        )

    def localize(self, members, prefetch):
        """members, each replaced by its live translation into this index's language."""
        if not members or members[0].locale_id == self.locale_id:
            return members
        translations = {
            page.translation_key: page
            for page in MemberOrganisationPage.objects.live()
            .public()
            .filter(
                locale_id=self.locale_id,
                translation_key__in=[m.translation_key for m in members],
            )
            .prefetch_related(*prefetch)
        }
        return [translations.get(m.translation_key, m) for m in members]

    def filtered_members(self, params):
        members = self.members()
        applied = {}
        kind = params.get("type", "")
        if kind in MemberOrganisationPage.OrganisationType.values:
            members = members.filter(organisation_type=kind)
            applied["type"] = kind
        for key in ("field", "group"):
            slug = params.get(key, "")
            if slug:
                members = members.filter(topics__slug=slug, topics__kind=Topic.Kind(key))
                applied[key] = slug
        area = params.get("area", "")
        if area:
            members = members.filter(area=area)
            applied["area"] = area
        return members.distinct(), applied

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        members, applied = self.filtered_members(request.GET)
        logos = get_image_model().objects.prefetch_renditions()
        prefetch = ["topics", Prefetch("logo", queryset=logos)]
        members = self.localize(list(members.prefetch_related(*prefetch)), prefetch)
        topics = list(Topic.objects.filter(locale_id=self.locale_id))
        label_topics(members, topics)
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
            areas=sorted(set(self.members().exclude(area="").values_list("area", flat=True))),
            apply_url=self.url + self.reverse_subpage("apply"),
        )
        return context

    @path("")
    def listing(self, request):
        return self.render(request)

    @path("apply/", name="apply")
    def apply(self, request):
        from cms.directory.members_views import apply

        return apply(request, self)

    @path("apply/sent/", name="application_sent")
    def application_sent(self, request):
        from cms.directory.members_views import sent

        return sent(request, self)


def label_topics(members, topics):
    """Give each member its topics in the listing's language, without a query per member:
    a translated profile may still point at the Japanese topics."""
    by_key = {topic.translation_key: topic for topic in topics}
    for member in members:
        member.topic_labels = [by_key.get(t.translation_key, t) for t in member.topics.all()]


class MemberOrganisationPage(Page):
    """A member organisation's profile, kept by the organisation under moderation. What the
    secretariat keeps about the organisation (tier, status, last confirmed) is its `Membership`,
    outside the page."""

    class OrganisationType(models.TextChoices):
        NPO = "npo", _("NPO")
        SOCIAL_WELFARE_CORPORATION = "social_welfare_corporation", _("Social welfare corporation")
        SOCIAL_WELFARE_COUNCIL = "social_welfare_council", _("Social welfare council")
        GENERAL_ASSOCIATION = (
            "general_association",
            _("General incorporated association or foundation"),
        )
        COMPANY = "company", _("Company")
        VOLUNTARY_GROUP = "voluntary_group", _("Voluntary group")
        GOVERNMENT = "government", _("Government body")
        WELFARE_COMMISSIONERS = "welfare_commissioners", _("Council of welfare commissioners")
        OTHER = "other", _("Other")

    name_kana = models.CharField(
        _("name in kana"),
        max_length=200,
        help_text=_(
            "The reading in hiragana, for 五十音 order (e.g. いいやまししゃかいふくしきょうぎかい)."
        ),
    )
    organisation_type = models.CharField(
        _("organisation type"), max_length=40, choices=OrganisationType.choices
    )
    topics = ParentalManyToManyField(
        "core.Topic", verbose_name=_("fields and target groups"), blank=True
    )
    area = models.CharField(_("area served"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    strengths = models.CharField(
        _("strengths"),
        max_length=300,
        blank=True,
        help_text=_("What you are good at, in a sentence: other members look for this."),
    )
    activities = RichTextField(
        _("activities"), blank=True, features=["bold", "link", "ol", "ul", "h3"]
    )
    logo = models.ForeignKey(
        get_image_model(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    social_url = models.URLField(_("social media"), blank=True)
    phone = models.CharField(
        _("public phone"),
        max_length=30,
        blank=True,
        help_text=_("The organisation's number, never a person's private one."),
    )
    email = models.EmailField(_("public e-mail"), blank=True)
    member_since = models.DateField(_("member since"), null=True, blank=True)

    parent_page_types = ["directory.MemberOrganisationIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        "name_kana",
        "organisation_type",
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        "area",
        "summary",
        "strengths",
        "activities",
        FieldPanel("logo"),
        MultiFieldPanel(["website", "social_url", "phone", "email"], heading=_("Public contact")),
        "member_since",
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Profile")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("name_kana"),
        index.SearchField("summary"),
        index.SearchField("strengths"),
        index.SearchField("activities"),
        index.FilterField("organisation_type"),
    ]

    class Meta:
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")

    def save(self, *args, **kwargs):
        self.name_kana = normalise_kana(self.name_kana)
        adding = self._state.adding
        super().save(*args, **kwargs)
        # Every organisation has its membership from its first page on, however the page was
        # made (approval, the admin, the demo); its translations share that one.
        if adding and not Membership.objects.for_page(self).exists():
            Membership.objects.create(page=self)

    def ibasho_list(self):
        """The member's live public ibasho, in this page's language where translated (one
        query: ibasho may point at the Japanese profile or at this translation)."""
        from cms.directory.ibasho import IbashoPage

        pages = (
            IbashoPage.objects.live()
            .public()
            .filter(locales_q(self.locale), organisation__translation_key=self.translation_key)
            .select_related("locale")
            .order_by("name_kana", "pk")
        )
        return in_language(list(pages), self.locale)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            ibasho_list=self.ibasho_list(),
            sections=collect("member_profile_sections", self, request),
        )
        return context

    @cached_property
    def topic_labels(self):
        topics = list(self.topics.all())
        translated = Topic.objects.filter(
            locale=Locale.get_active(), translation_key__in=[t.translation_key for t in topics]
        )
        by_key = {t.translation_key: t for t in translated}
        return [by_key.get(t.translation_key, t) for t in topics]


# Applications refer to the pages above; importing them last registers them with the app.
from cms.directory import ibasho, windows  # noqa: E402, F401  (ibasho and consultation windows)
from cms.directory.members_applications import MembershipApplication  # noqa: E402, F401
