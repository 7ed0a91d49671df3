"""Reading an event's sponsors in the visitor's language, in a constant number of queries."""

from wagtail.models import Locale

from sponsors.models import Sponsor, Sponsorship


def event_sponsors(event):
    """[(label, [sponsor, …])] for an event page in any language: grouped by role (or the
    sponsor's kind), each sponsor in the active language when translated."""
    sponsorships = list(
        Sponsorship.objects.filter(event=event.source)
        .select_related("sponsor", "sponsor__logo")
        .order_by("sort_order", "pk")
    )
    if not sponsorships:
        return []
    locale = Locale.get_active()
    translated = {}
    if any(s.sponsor.locale_id != locale.pk for s in sponsorships):
        translated = {
            sponsor.translation_key: sponsor
            for sponsor in Sponsor.objects.filter(
                locale=locale,
                translation_key__in=[s.sponsor.translation_key for s in sponsorships],
            ).select_related("logo")
        }
    groups = {}
    for sponsorship in sponsorships:
        sponsor = translated.get(sponsorship.sponsor.translation_key, sponsorship.sponsor)
        label = sponsorship.role or sponsor.get_kind_display()
        groups.setdefault(label, []).append(sponsor)
    return list(groups.items())
