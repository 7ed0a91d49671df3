from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class MemberOrganisationIndexPage(Page):
    """The list of the platform's member organisations (参画団体)."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    subpage_types = ["directory.MemberOrganisationPage"]
    content_panels = [*Page.content_panels, "intro"]

    class Meta:
        verbose_name = _("member organisation index")


class MemberOrganisationPage(Page):
    """A member organisation's profile, kept by the organisation under moderation."""

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

    parent_page_types = ["directory.MemberOrganisationIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        "name_kana",
        "organisation_type",
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        "area",
        "summary",
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("name_kana"),
        index.SearchField("summary"),
        index.FilterField("organisation_type"),
    ]

    class Meta:
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")


from cms.directory import ibasho, windows  # noqa: E402, F401  (ibasho and consultation windows)
