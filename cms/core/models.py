from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator, validate_email
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class Platform(models.Model):
    """One local platform against loneliness and isolation (a municipality's, or a prefecture's
    that hosts its municipalities): one Wagtail site with its own address and page tree. Every
    record that is not a page carries its platform (`platform_field()`); pages belong to the
    platform whose home they sit under. Its name is the home page's title (cms.core.platform);
    how residents reach its secretariat is its site's PlatformSettings."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        PREFECTURE = "prefecture", _("prefecture")

    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="platform",
    )
    slug = models.SlugField(
        _("short name"),
        max_length=40,
        unique=True,
        help_text=_(
            "Letters, digits and hyphens, e.g. iiyama; used in calendar entries and "
            "group names, and never changed."
        ),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    prefecture = models.ForeignKey(
        "self",
        verbose_name=_("prefecture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="municipalities",
        limit_choices_to={"kind": "prefecture"},
        help_text=_("The prefecture's platform that hosts this one and may read its records."),
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="platform",
        help_text=_("Where the platform's images and documents are kept (its staff's rights)."),
    )
    shares_registry = models.BooleanField(
        _("shares its supporter registry"),
        default=False,
        help_text=_(
            "Qualifications granted by this platform's courses are recognised by the "
            "platforms of its municipalities."
        ),
    )

    class Meta:
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        ordering = ["pk"]

    def __str__(self):
        return self.slug


class PlatformRole(models.Model):
    """Which platform a group's role is held for: the secretariat, editors, trainers and desk
    of one platform are each a group of that platform, and their rights reach only its
    records (cms.core.platform.staff_platforms)."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="platform_role")
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=50)

    class Meta:
        verbose_name = _("platform role")
        constraints = [
            models.UniqueConstraint(fields=["platform", "role"], name="core_platformrole_once"),
        ]

    def __str__(self):
        return f"{self.platform}: {self.role}"


def platform_field(**kwargs):
    """The `platform` field of every record that is not a page: required, kept while the
    platform has records. `related_name` is "+" unless given."""
    kwargs.setdefault("related_name", "+")
    kwargs.setdefault("verbose_name", _("platform"))
    return models.ForeignKey(Platform, on_delete=models.PROTECT, **kwargs)


def validate_mail_sender(value):
    """A From address, alone or with a name: `飯山市プラットフォーム <platform@example.jp>`."""
    _name, address = parseaddr(value)
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            _("Enter an e-mail address, optionally with a name: Name <address@example.jp>.")
        ) from None


def offered_by_default():
    """The languages of a platform nobody has chosen them for: Japanese and English."""
    return ["ja", "en"]


class LanguagesField(models.JSONField):
    """Which of settings.LANGUAGES a platform offers, as a list of their codes in the order of
    settings.LANGUAGES, Japanese always among them; ticked in the admin as check boxes."""

    def formfield(self, **kwargs):
        from django import forms

        return forms.MultipleChoiceField(
            label=self.verbose_name,
            help_text=self.help_text,
            choices=settings.LANGUAGES,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    def pre_save(self, model_instance, add):
        codes = set(getattr(model_instance, self.attname) or ())
        value = [code for code, _name in settings.LANGUAGES if code in codes or code == "ja"]
        setattr(model_instance, self.attname, value)
        return value


@register_setting(icon="site")
class PlatformSettings(BaseSiteSetting):
    """The platform's identity (logo, colour, the sender of its mails) and how residents reach
    the secretariat: shown in every page header and footer, and in its mails."""

    secretariat_name = models.CharField(_("secretariat"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    people_retention_days = models.PositiveIntegerField(
        _("keep personal data for (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(30)],
        help_text=_(
            "How long the contact details of someone with nothing going on are kept after "
            "their last activity. Empty: the installation's period (PEOPLE_RETENTION_DAYS)."
        ),
    )

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme_colour = models.CharField(
        _("theme colour"),
        max_length=7,
        blank=True,
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb, e.g. #1d5b79."))
        ],
        help_text=_(
            "The header's background, as #rrggbb. Used only when white text on it is easy to "
            "read (WCAG AA contrast); otherwise the header keeps its usual colour."
        ),
    )
    mail_sender = models.CharField(
        _("mail sender"),
        max_length=200,
        blank=True,
        validators=[validate_mail_sender],
        help_text=_(
            "The From of the platform's mails, e.g. 飯山市プラットフォーム <platform@example.jp>; "
            "the installation's sender when empty."
        ),
    )

    # Here rather than on Platform: the platform's administrators set it where they set its
    # logo and contact, and every page reads it with them from the cached frame (cms.core.frame).
    languages = LanguagesField(
        _("languages"),
        default=offered_by_default,
        help_text=_(
            "The languages residents can read this platform in. Japanese is always offered; "
            "a page not yet translated into a language is shown in Japanese with a notice."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("theme_colour"), FieldPanel("mail_sender")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("secretariat_name"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("office_hours"),
            ],
            heading=_("Secretariat contact"),
        ),
        FieldPanel("languages"),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
        FieldPanel("people_retention_days"),
    ]

    class Meta:
        verbose_name = _("platform settings")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Every language offered has its Wagtail locale, for its pages and snippets.
        for code in self.languages:
            Locale.objects.get_or_create(language_code=code)


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """One entry of the shared taxonomy: a support field (食支援, 見守り, …) or a target group
    (子ども・若者, 高齢者, …). Member organisations, ibasho, consultation windows and events are
    tagged with topics; filters and the worry navigator work on them."""

    class Kind(models.TextChoices):
        FIELD = "field", _("support field")
        GROUP = "group", _("target group")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        allow_unicode=False,
        help_text=_("Used in addresses and filters; the same in every language."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = ["name", "slug", "kind", "description", "sort_order"]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    # Lists filter and compare topics by slug in every language.
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["kind", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="core_topic_unique_slug"),
        ]

    def __str__(self):
        return self.name


class ExportLog(models.Model):
    """Who saw personal data or took it out of the system, of what, when and how many rows:
    one log for every app, read by the secretariat and the data-protection officer under
    Reports. `action` says which: a list or page opened in the admin ("view"), or an export,
    a certificate ("export"). It belongs to the platform whose data was seen: its staff read
    it, no other platform's."""

    class Action(models.TextChoices):
        EXPORT = "export", _("export")
        VIEW = "view", _("view")

    platform = platform_field()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Not auto_now_add: the logs kept before this one keep their own times.
    created_at = models.DateTimeField(
        _("logged at"), default=timezone.now, editable=False, db_index=True
    )
    action = models.CharField(
        _("action"), max_length=10, choices=Action.choices, default=Action.EXPORT, db_index=True
    )
    kind = models.CharField(_("what"), max_length=50)
    # What was exported stays named after it is deleted: an audit trail outlives its subject.
    content_type = models.ForeignKey(
        ContentType, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    target_label = models.CharField(_("concerning"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    file_format = models.CharField(_("format"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("access log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        when = timezone.localtime(self.created_at)
        return f"{self.kind} {self.target_label} {when:%Y-%m-%d %H:%M}"
