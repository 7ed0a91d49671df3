"""Member organisations: the profile page each keeps under moderation, and what the secretariat
keeps about them besides (tier, status, last confirmation, the yearly confirmation mail)."""

from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core.models import Topic, platform_field
from cms.core.outbox import OutboxMessage, Skip
from cms.core.sections import collect, in_language, locales_q
from cms.directory.ibasho.models import IbashoPage
from cms.directory.members.kana import normalise_kana


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
        _("activities"), blank=True, features=["bold", "link", "ol", "ul", "h3", "ruby"]
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
    # The same in every language: the reading of the Japanese name and the number to call.
    override_translatable_fields = [
        SynchronizedField("name_kana", overridable=False),
        SynchronizedField("phone", overridable=False),
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
        pages = (
            IbashoPage.objects.live()
            .public()
            .filter(locales_q(self.locale_id), organisation__translation_key=self.translation_key)
            .select_related("locale")
            .order_by("name_kana", "pk")
        )
        return in_language(list(pages), self.locale_id)

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


class MembershipTier(models.Model):
    """幹事団体, 一般団体, アドバイザー, オブザーバー…: how a member takes part. Kept by the
    secretariat and never shown on public pages."""

    platform = platform_field()
    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = ["platform", "name", "description", "sort_order"]

    class Meta:
        verbose_name = _("membership tier")
        verbose_name_plural = _("membership tiers")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "name"], name="directory_membershiptier_unique_name"
            ),
        ]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def for_page(self, page):
        """The membership of page's organisation, whichever translation page is."""
        return self.filter(page__translation_key=page.translation_key)

    def organisations(self):
        """These memberships as a filter on profile pages in any language:
        `pages.filter(translation_key__in=Membership.objects.filter(...).organisations())`."""
        return self.values("page__translation_key")


class Membership(models.Model):
    """The secretariat's record of one member organisation: its tier, whether it still takes
    part, and when it last confirmed its profile. It is not page content: the member neither
    sees nor edits it, it is not moderated, not in the page's revisions and not translated, so
    approving a member's draft never brings back an old status or date.

    One row per organisation, on the organisation's first page (its page in the default
    language, which approval creates; translations are made from it). A one-to-one to that page
    rather than a bare translation key: the database keeps it pointing at a real profile, deletes
    it with the profile, and lists and filters join it directly. Every translation finds the same
    row through `translation_key` (`Membership.objects.for_page`)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left the platform")

    page = models.OneToOneField(
        "directory.MemberOrganisationPage",
        verbose_name=_("member organisation"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    tier = models.ForeignKey(
        MembershipTier,
        verbose_name=_("membership tier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    status = models.CharField(
        _("membership status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    last_confirmed_on = models.DateField(
        _("profile last confirmed"),
        null=True,
        blank=True,
        help_text=_("When the organisation last confirmed that its profile is up to date."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        # one permission for everything: rows come and go with the profile pages
        default_permissions = ()
        permissions = [
            ("manage_membership", _("Can manage membership tier, status and confirmation")),
        ]

    def __str__(self):
        return self.page.title


class ProfileConfirmationRequest(OutboxMessage):
    """The yearly mail that asks a member to confirm or update its profile, in the outbox: one
    per profile and year, so the task can run again without mailing twice."""

    platform_path = "page"

    page = models.ForeignKey(
        "directory.MemberOrganisationPage",
        on_delete=models.CASCADE,
        related_name="confirmation_requests",
    )
    year = models.PositiveIntegerField()

    delivery_task = "cms.directory.members.tasks.send_confirmation_request"
    undelivered_related = ("page",)
    delivery_related = undelivered_related
    subject_template = "directory/members_mail_confirm_subject.txt"
    body_template = "directory/members_mail_confirm.txt"

    class Meta:
        verbose_name = _("profile confirmation request")
        verbose_name_plural = _("profile confirmation requests")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "year"], name="directory_one_confirmation_request_a_year"
            )
        ]

    def __str__(self):
        return f"{self.page_id} {self.year}"

    def recipient(self):
        return SimpleNamespace(name=self.page.title, email=self.page.email)

    def about(self):
        return _("Profile confirmation %(year)s: %(member)s") % {
            "year": self.year,
            "member": self.page.title,
        }

    # Written to the people who edit the profile (or the member's own address), in the
    # platform's language.

    def addresses(self):
        from cms.directory.members.tasks import profile_editors

        page = self.page
        recipients = [user.email for user in profile_editors(page)] or (
            [page.email] if page.email else []
        )
        if not recipients:
            raise Skip("no address")
        return recipients

    def language(self):
        return settings.LANGUAGE_CODE

    def context(self):
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        return {
            "page": self.page,
            "confirm_url": base + reverse("member_confirm_profile", args=[self.page.pk]),
            "edit_url": base + reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        }
