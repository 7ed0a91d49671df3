import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index

from cms.core import platform as platforms
from cms.core.blocks import BodyBlock
from cms.core.models import platform_field
from cms.core.outbox import OutboxMessage, Skip
from cms.core.params import parse_slug, parse_text, parse_year
from cms.core.platform import ancestor_keys
from cms.news.feeds import NewsAtomFeed, NewsRssFeed


class NewsCategory(TranslatableMixin, models.Model):
    """お知らせ, イベント報告, 募集, メディア掲載…: kept by each platform's secretariat,
    translated like pages."""

    platform = platform_field()
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Used in addresses and feeds; the same in every language."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = ["platform", "name", "slug", "sort_order"]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "slug", "locale"], name="news_category_unique_slug"
            ),
        ]

    def __str__(self):
        return self.name


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        template = "news/blocks/document_link_block.html"


class NewsBodyBlock(BodyBlock):
    embed = EmbedBlock(label=_("Video or post from another site"))
    document = DocumentLinkBlock(label=_("Document link"))


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(RoutablePageMixin, Page):
    """The news listing, with feeds for all news and for each category."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    subpage_types = ["news.NewsPage"]
    content_panels = [*Page.content_panels, "intro"]

    per_page = 10

    class Meta:
        verbose_name = _("news index")

    def source_index(self):
        """The index in the default language: the complete one. A translated index lists its
        news, each in this index's language where translated and in Japanese otherwise."""
        if self.locale_id == Locale.get_default().pk:
            return self
        return self.get_translation_or_none(Locale.get_default()) or self

    def news(self):
        """Live news under this index (or the Japanese index it translates), newest first.
        Under a public index, only public news; under an index restricted to a group
        (members-only notices), whoever may see the index may see its news, and Wagtail keeps
        everyone else out of the index and its feeds. A translation lists the restricted news
        of its source only when it is restricted itself."""
        source = self.source_index()
        news = NewsPage.objects.live().descendant_of(source)
        restricted = self.get_view_restrictions().exists() and (
            source is self or source.get_view_restrictions().exists()
        )
        if not restricted:
            news = news.public()
        return news.order_by("-date", "-first_published_at", "-pk")

    def localize(self, pages, prefetch=()):
        """pages (of the source index), each replaced by its live translation into this
        index's language where there is one; one query."""
        if not pages or pages[0].locale_id == self.locale_id:
            return pages
        translations = {
            page.translation_key: page
            for page in NewsPage.objects.live()
            .filter(
                locale_id=self.locale_id, translation_key__in=[p.translation_key for p in pages]
            )
            .select_related("category", "locale")
            .prefetch_related(*prefetch)
        }
        return [translations.get(p.translation_key, p) for p in pages]

    @cached_property
    def platform(self):
        return platforms.of_page(self)

    def categories(self):
        """The categories of this index's platform in its language, in their order."""
        return NewsCategory.objects.filter(
            locale_id=self.locale_id,
            platform__site__root_page__translation_key__in=ancestor_keys(self),
        )

    def label_news(self, pages, categories=None):
        """Give each page the name of its category in this index's language, without a query
        per page: pages translated by copy may still point at the Japanese category."""
        if categories is None:
            categories = self.categories()
        by_key = {category.translation_key: category for category in categories}
        for page in pages:
            category = page.category
            page.category_label = (
                by_key.get(category.translation_key, category) if category else None
            )

    def filtered_news(self, params):
        """News narrowed by the category, tag and year in params; and the filters applied."""
        news = self.news()
        applied = {}
        category = parse_slug(params.get("category"))
        if category:
            news = news.filter(category__slug=category)
            applied["category"] = category
        tag = parse_text(params.get("tag"), max_length=100)
        if tag:
            news = news.filter(tags__name=tag)
            applied["tag"] = tag
        year = parse_year(params.get("year"))
        if year:
            news = news.filter(date__year=year)
            applied["year"] = year
        return news.distinct(), applied

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news, applied = self.filtered_news(request.GET)
        images = get_image_model().objects.prefetch_renditions()
        prefetch = ["tags", Prefetch("hero_image", queryset=images)]
        news = news.select_related("category", "locale").prefetch_related(*prefetch)
        page_obj = Paginator(news, self.per_page).get_page(request.GET.get("page"))
        page_obj.object_list = self.localize(list(page_obj.object_list), prefetch)
        categories = list(self.categories())
        self.label_news(page_obj.object_list, categories)
        context.update(
            news_page=page_obj,
            categories=categories,
            years=[d.year for d in self.news().dates("date", "year", order="DESC")],
            applied=applied,
            untranslated=any(p.locale_id != self.locale_id for p in page_obj.object_list),
            feeds=self.feed_links(applied.get("category")),
        )
        return context

    def feed_links(self, category_slug=None):
        base = self.get_url_parts()[2]  # within the site: with several, .url names a host
        if category_slug:
            return {
                "rss": base + self.reverse_subpage("category_rss", args=[category_slug]),
                "atom": base + self.reverse_subpage("category_atom", args=[category_slug]),
            }
        return {
            "rss": base + self.reverse_subpage("rss"),
            "atom": base + self.reverse_subpage("atom"),
        }

    @path("")
    def listing(self, request):
        return self.render(request)

    @path("feed/rss/", name="rss")
    def rss(self, request):
        return NewsRssFeed()(request, index=self)

    @path("feed/atom/", name="atom")
    def atom(self, request):
        return NewsAtomFeed()(request, index=self)

    @path("category/<slug:slug>/feed/rss/", name="category_rss")
    def category_rss(self, request, slug):
        return NewsRssFeed()(request, index=self, category=slug)

    @path("category/<slug:slug>/feed/atom/", name="category_atom")
    def category_atom(self, request, slug):
        return NewsAtomFeed()(request, index=self, category=slug)


class NewsPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        place = self.parent_page or self.instance
        if category is not None and place is not None and place.path:
            platform = platforms.of_page(place)
            if platform is not None and category.platform_id != platform.pk:
                self.add_error("category", _("Choose a category of this site's platform."))
        return cleaned


class NewsPage(Page):
    """One news item: a notice, an event report, a call for volunteers, a media mention. Its
    category is one of its platform's."""

    base_form_class = NewsPageForm

    date = models.DateField(_("publication date"), default=datetime.date.today)
    category = models.ForeignKey(
        NewsCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for the listing, feeds and link previews."),
    )
    hero_image = models.ForeignKey(
        get_image_model(),
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt = models.CharField(
        _("alternative text of the main image"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(["date", "category", "tags"], heading=_("Listing")),
        "summary",
        MultiFieldPanel([FieldPanel("hero_image"), "hero_alt"], heading=_("Main image")),
        "body",
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("news")
        verbose_name_plural = _("news")

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_alt.strip():
            raise ValidationError(
                {"hero_alt": _("Describe the main image for people who cannot see it.")}
            )

    @cached_property
    def category_label(self):
        if self.category is None:
            return None
        return self.category.get_translation_or_none(Locale.get_active()) or self.category

    @property
    def published_at(self):
        """The publication date as the start of that day in Tokyo, for feeds."""
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time()))


class NewsletterSubscription(models.Model):
    """A resident's or member's subscription to the メールマガジン. It counts only once the
    address is confirmed (double opt-in); unsubscribing keeps the row, for the record. It is
    to one platform's newsletter: the one whose site the resident subscribed on."""

    platform = platform_field()
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="newsletter_subscriptions",
    )
    categories = models.ManyToManyField(
        NewsCategory,
        verbose_name=_("categories"),
        blank=True,
        help_text=_("None chosen: every category."),
    )
    receives_news = models.BooleanField(
        _("news"), default=True, help_text=_("Off when only upcoming events were chosen.")
    )
    upcoming_events = models.BooleanField(_("upcoming events"), default=False)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"#{self.pk}"


class NewsletterIssue(models.Model):
    """One digest, composed by staff from recent news, sent to every confirmed subscriber of
    its platform."""

    platform = platform_field()
    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, max_length=2000)
    news = models.ManyToManyField(NewsPage, verbose_name=_("news"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    send_requested_at = models.DateTimeField(_("sending started"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class NewsletterDelivery(OutboxMessage):
    """An issue's mail to one subscription, in the outbox: one row each, so a batch that runs
    twice sends nothing twice, and a failed mail is retried and listed for staff."""

    platform_path = "issue__platform"

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        NewsletterSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )

    delivery_task = "cms.news.newsletter.deliver"
    undelivered_related = ("issue", "subscription__person")

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscription"], name="news_one_delivery_per_subscription"
            )
        ]

    def __str__(self):
        return f"{self.issue_id} → {self.subscription_id}"

    def recipient(self):
        return self.subscription.person

    def about(self):
        return _("Newsletter: %(subject)s") % {"subject": self.issue.subject}


class NewsletterConfirmation(OutboxMessage):
    """The mail with the link that confirms a subscription's address (double opt-in), in the
    outbox: a failing mail server delays it, never loses it. The link is made at delivery.
    The rows also count how often an address was mailed, for the hourly cap."""

    platform_path = "platform"

    platform = platform_field()
    subscription = models.ForeignKey(
        NewsletterSubscription, on_delete=models.CASCADE, related_name="confirmations"
    )

    delivery_task = "cms.news.newsletter.deliver_confirmation"
    undelivered_related = ("subscription__person",)
    delivery_related = undelivered_related
    subject_template = "news/newsletter_confirm_subject.txt"
    body_template = "news/newsletter_confirm.txt"

    class Meta:
        verbose_name = _("newsletter confirmation mail")
        verbose_name_plural = _("newsletter confirmation mails")

    def __str__(self):
        return f"confirmation → {self.subscription_id}"

    def recipient(self):
        return self.subscription.person

    def about(self):
        return _("Newsletter: confirm the address")

    def addresses(self):
        subscription = self.subscription
        if subscription.confirmed_at:
            raise Skip("confirmed already")
        if subscription.unsubscribed_at:
            raise Skip("unsubscribed")
        return super().addresses()

    def still_due(self):
        if self.subscription.confirmations.filter(pk__gt=self.pk).exists():
            # Its link would revoke the one in the newer mail, which goes out anyway.
            return "a newer confirmation replaces it"
        return None

    def language(self):
        return self.subscription.language

    def context(self):
        # The newsletter's services write these rows (they import this module).
        from cms.news.newsletter import confirmation_url

        return {"url": confirmation_url(self.subscription.person, self.platform)}
