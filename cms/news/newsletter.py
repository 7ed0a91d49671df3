"""The メールマガジン: subscribing with double opt-in, one-click unsubscribing, and sending a
digest of news in batches. Every function is one transaction; mail goes out in tasks."""

import datetime
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_q.tasks import async_task
from wagtail.models import Locale

from cms.core import outbox
from cms.core import platform as platforms
from cms.core.sections import collect
from cms.news.models import (
    NewsletterConfirmation,
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterSubscription,
)
from cms.news.queries import newsletter_news
from cms.people.queries import email_is
from cms.people.services import (
    issue_token,
    new_person,
    privacy_notice_version,
    record_consent,
    resolve_token,
    revoke_tokens,
    rotate_token,
)

CONFIRM = "newsletter-confirm"
UNSUBSCRIBE = "newsletter-unsubscribe"
CONFIRM_FOR = datetime.timedelta(days=7)
BATCH_SIZE = 50


def _absolute(path, platform):
    """A link in a mail of `platform`'s newsletter, to that platform's own address."""
    return platforms.base_url(platform) + path


def _active(email, platform):
    return NewsletterSubscription.objects.filter(
        email_is(platform, email, "person__email"),
        platform=platform,
        unsubscribed_at__isnull=True,
        person__erased_at__isnull=True,
    )


@transaction.atomic
def subscribe(
    *,
    platform,
    email,
    categories=(),
    upcoming_events=False,
    language=settings.LANGUAGE_CODE,
):
    """Record a subscription to `platform`'s newsletter (the platform of the request: there
    is no default, so that a subscription never lands on another platform's list unseen)
    waiting for confirmation and mail the confirmation link. An address already subscribed
    gets nothing new, and the page says the same either way, so nobody learns who subscribes.
    Nothing chosen means everything: every category of news and the upcoming events; only
    upcoming events chosen means no news. The hourly cap on confirmation mails counts the
    address's mails from this platform only: each platform mails from its own sender, and a
    flood on one platform must not lock the address out of another's newsletter (at most the
    cap per platform reaches one inbox)."""
    if platform is None:
        raise ValueError("A subscription needs the platform of the request.")
    site = platform.site
    # Locked, so that two requests at once for one address count each other's mails.
    existing = (
        _active(email, platform).select_for_update(of=("self",)).order_by("-created_at").first()
    )
    if existing is not None and existing.confirmed_at:
        return existing
    if existing is None:
        person = new_person(platform, name=email.split("@")[0], email=email, language=language)
        record_consent(person, "newsletter", privacy_notice_version(site))
        existing = NewsletterSubscription.objects.create(
            platform=platform, person=person, language=language
        )
    categories = list(categories)
    existing.categories.set(categories)
    existing.receives_news = bool(categories) or not upcoming_events
    existing.upcoming_events = upcoming_events or not categories
    existing.save(update_fields=["receives_news", "upcoming_events"])
    sent = NewsletterConfirmation.objects.filter(
        platform=platform, subscription__person__email__iexact=email
    )
    if not outbox.at_hourly_cap(sent):
        NewsletterConfirmation.write(platform=platform, subscription=existing)
    return existing


def confirmation_url(person, platform):
    """A new confirmation link (the older ones stop working) on `platform`'s site, made at
    delivery."""
    raw = rotate_token(person, CONFIRM, expires_at=timezone.now() + CONFIRM_FOR)
    return _absolute(reverse("newsletter_confirm", args=[raw]), platform)


def deliver_confirmation(confirmation_id):
    """Send one confirmation mail through the outbox (once; retried on failure)."""
    return outbox.deliver_row("news.NewsletterConfirmation", confirmation_id)


def confirmation_pending(raw_token):
    """Whether a confirmation link is live and its subscription still open (read only)."""
    token = resolve_token(raw_token, CONFIRM)
    return token is not None and (
        NewsletterSubscription.objects.filter(
            person=token.person, unsubscribed_at__isnull=True
        ).exists()
    )


@transaction.atomic
def confirm(raw_token):
    """The subscription the link confirms, or None when the link is unknown or used up."""
    token = resolve_token(raw_token, CONFIRM)
    if token is None:
        return None
    subscription = (
        NewsletterSubscription.objects.select_for_update()
        .filter(person=token.person, unsubscribed_at__isnull=True)
        .first()
    )
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    revoke_tokens(token.person, CONFIRM)
    return subscription


@transaction.atomic
def unsubscribe(raw_token):
    """End every subscription of the person the link belongs to; True when it did."""
    token = resolve_token(raw_token, UNSUBSCRIBE)
    if token is None:
        return False
    NewsletterSubscription.objects.filter(person=token.person, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
    revoke_tokens(token.person, UNSUBSCRIBE)
    revoke_tokens(token.person, CONFIRM)
    return True


@transaction.atomic
def compose_issue(subject, intro="", *, platform=None, news=None, send=False):
    """A digest of `platform` (the default one when not given) holding the chosen news, or
    (none chosen) its public Japanese news published since its last issue; a draft, or with
    `send` on its way to every subscriber of the platform at once."""
    platform = platform or platforms.default()
    if not news:
        last = NewsletterIssue.objects.filter(platform=platform).order_by("-created_at").first()
        news = newsletter_news(platform)
        if last is not None:
            news = news.filter(first_published_at__gt=last.created_at)
    issue = NewsletterIssue.objects.create(platform=platform, subject=subject, intro=intro)
    issue.news.set(news)
    if send:
        issue = send_issue(issue)
    return issue


@transaction.atomic
def send_issue(issue):
    """Start sending: each confirmed subscription to the issue's platform gets one delivery,
    sent in batches."""
    issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.send_requested_at:
        return issue
    issue.send_requested_at = timezone.now()
    issue.save(update_fields=["send_requested_at"])
    subscriptions = NewsletterSubscription.objects.filter(
        platform_id=issue.platform_id,
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
        person__erased_at__isnull=True,
    )
    NewsletterDelivery.objects.bulk_create(
        [NewsletterDelivery(issue=issue, subscription=s) for s in subscriptions],
        ignore_conflicts=True,
    )
    ids = list(issue.deliveries.filter(sent_at__isnull=True).values_list("pk", flat=True))
    batches = [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]
    transaction.on_commit(
        lambda: [async_task("cms.news.newsletter.send_batch", batch) for batch in batches]
    )
    return issue


def _news_for(subscription, issue):
    """The issue's news this subscriber chose, in their language where translated."""
    if not subscription.receives_news:
        return []
    slugs = {c.slug for c in subscription.categories.all()}
    locale = Locale.objects.filter(language_code=subscription.language).first()
    chosen = []
    for page in issue.news.select_related("category").order_by("-date"):
        if slugs and (page.category is None or page.category.slug not in slugs):
            continue
        translated = page.get_translation_or_none(locale) if locale else None
        chosen.append(translated if translated and translated.live else page)
    return chosen


def _sections_for(subscription, cache):
    """What other apps add to this subscriber's digest (upcoming events…), through the
    `newsletter_digest_sections` hook; computed once per language and choice in a batch."""
    key = (subscription.language, subscription.upcoming_events)
    if key not in cache:
        locale = (
            Locale.objects.filter(language_code=subscription.language).first()
            or Locale.get_default()
        )
        with translation.override(subscription.language):
            cache[key] = collect("newsletter_digest_sections", locale, subscription)
    return cache[key]


def _render_delivery(delivery, cache):
    subscription = delivery.subscription
    person = subscription.person
    if subscription.unsubscribed_at is not None:
        raise outbox.Skip("unsubscribed")
    if not person.email or person.erased_at:
        raise outbox.Skip("no address")
    news = _news_for(subscription, delivery.issue)
    sections = _sections_for(subscription, cache)
    if not (news or sections):
        raise outbox.Skip("nothing this subscriber chose")
    raw = issue_token(person, UNSUBSCRIBE)
    with translation.override(subscription.language):
        unsubscribe_url = _absolute(
            reverse("newsletter_unsubscribe", args=[raw]), delivery.issue.platform
        )
        body = render_to_string(
            "news/newsletter_issue.txt",
            {
                "issue": delivery.issue,
                "news": news,
                "sections": sections,
                "unsubscribe_url": unsubscribe_url,
            },
        )
    return EmailMessage(
        delivery.issue.subject,
        body,
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_batch(delivery_ids):
    """One batch of an issue, each mail through the outbox (sent once, retried on failure);
    what other apps add to the digest is worked out once per language in the batch."""
    render = partial(_render_delivery, cache={})
    deliveries = NewsletterDelivery.objects.select_related(
        "issue__platform__site", "subscription__person"
    )
    return [outbox.deliver(deliveries, pk, render) for pk in delivery_ids]


def deliver(delivery_id):
    """Another attempt at one delivery, scheduled by the outbox after a failure."""
    return send_batch([delivery_id])[0]
