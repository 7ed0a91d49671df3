"""What the public sees of sponsors, in the visitor's language and in a constant number of
queries: the sponsorships shown today (from ≤ today ≤ to, Tokyo dates), grouped."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as dt_time

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from sponsors.models import Sponsor, Sponsorship, SponsorTier


def shown_on(day):
    """The sponsorships shown on `day`: begun (or open) and not ended (or open)."""
    return (Q(starts_on=None) | Q(starts_on__lte=day)) & (Q(ends_on=None) | Q(ends_on__gte=day))


def in_year(first, after):
    """The sponsorships whose period meets the days [first, after)."""
    return (Q(starts_on=None) | Q(starts_on__lt=after)) & (Q(ends_on=None) | Q(ends_on__gte=first))


def anonymous_label(count):
    if count == 1:
        return _("An anonymous individual")
    return ngettext("%(count)d anonymous individual", "%(count)d anonymous individuals", count) % {
        "count": count
    }


@dataclass
class Group:
    """Sponsors shown under one heading (a tier, a role or a kind); individuals who were not
    named only counted."""

    label: str
    sponsors: list = field(default_factory=list)
    anonymous: int = 0

    @property
    def anonymous_label(self):
        return anonymous_label(self.anonymous) if self.anonymous else ""

    def names(self):
        """The names, then the anonymous individuals counted (for the flyer and the report)."""
        return [s.name for s in self.sponsors] + ([self.anonymous_label] if self.anonymous else [])


def _current(queryset, day=None):
    day = day or timezone.localdate()
    return list(
        queryset.filter(shown_on(day))
        .select_related("sponsor", "sponsor__logo", "tier")
        .prefetch_related("sponsor__logo__renditions")
        .order_by("tier__sort_order", "sort_order", "sponsor__name_kana", "pk")
    )


def _translated(sponsorships):
    """{translation key: sponsor} and {translation key: tier} in the active language, for the
    ones not in it already (no query when all are, two at most)."""
    locale = Locale.get_active()
    sponsor_keys = {
        s.sponsor.translation_key for s in sponsorships if s.sponsor.locale_id != locale.pk
    }
    tier_keys = {
        s.tier.translation_key for s in sponsorships if s.tier and s.tier.locale_id != locale.pk
    }
    sponsors = tiers = {}
    if sponsor_keys:
        sponsors = {
            s.translation_key: s
            for s in Sponsor.objects.filter(locale=locale, translation_key__in=sponsor_keys)
            .select_related("logo")
            .prefetch_related("logo__renditions")
        }
    if tier_keys:
        tiers = {
            t.translation_key: t
            for t in SponsorTier.objects.filter(locale=locale, translation_key__in=tier_keys)
        }
    return sponsors, tiers


def grouped(sponsorships, label_of, translate=True):
    """[Group] in the order met, each sponsor once (in its first group)."""
    sponsors, tiers = _translated(sponsorships) if translate else ({}, {})
    groups, seen = {}, set()
    for sponsorship in sponsorships:
        original = sponsorship.sponsor
        if original.pk in seen:
            continue
        seen.add(original.pk)
        sponsor = sponsors.get(original.translation_key, original)
        tier = sponsorship.tier and tiers.get(sponsorship.tier.translation_key, sponsorship.tier)
        label = label_of(sponsorship, sponsor, tier)
        group = groups.setdefault(label, Group(label))
        if original.anonymous:
            group.anonymous += 1
        else:
            group.sponsors.append(sponsor)
    return list(groups.values())


def _event_label(sponsorship, sponsor, tier):
    return sponsorship.role or (tier.name if tier else sponsor.get_kind_display())


def tier_label(sponsorship, sponsor, tier):
    return tier.name if tier else _("Other supporters")


def event_sponsors(page):
    """[Group] for an event page in any language, and a course's (whose page is an event):
    by role, tier or kind, in order."""
    key = page.translation_key
    return grouped(
        _current(
            Sponsorship.objects.filter(
                Q(event__translation_key=key) | Q(course__event__translation_key=key)
            ).order_by()
        ),
        _event_label,
    )


def food_drive_sponsors(page):
    """[Group] for a food drive's page in any language."""
    return grouped(
        _current(Sponsorship.objects.filter(food_drive__translation_key=page.translation_key)),
        _event_label,
    )


def public_sponsors(platform, day=None):
    """The platform's sponsors page: {"groups": [Group]} by tier in tier order (sponsors with
    no tier last), every current sponsorship of the platform counted once per sponsor."""
    if platform is None:
        return {"groups": []}
    sponsorships = _current(Sponsorship.objects.filter(sponsor__platform=platform), day)
    with_tier = [s for s in sponsorships if s.tier_id]
    without = [s for s in sponsorships if not s.tier_id]
    return {"groups": grouped(with_tier + without, tier_label)}


def next_change_by_clock(now):
    """The next midnight (Tokyo) at which a sponsorship begins to be shown or stops: one query."""
    today = timezone.localdate(now)
    found = Sponsorship.objects.aggregate(
        starts=Min("starts_on", filter=Q(starts_on__gt=today)),
        ends=Min("ends_on", filter=Q(ends_on__gte=today)),
    )
    days = [found["starts"], found["ends"] and found["ends"] + timedelta(days=1)]
    days = [day for day in days if day]
    if not days:
        return None
    return timezone.make_aware(datetime.combine(min(days), dt_time.min))
