"""The yearly report's section of sponsors (cms.core.yearly), 「協賛・協力」: how many
sponsorships gave money, goods, venues and people in the 年度 and the previous one, and the
sponsors by tier (individuals who were not named, counted); two queries, whatever the count.
A sponsorship counts in every year its period meets."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cms.core.yearly import Figure, Section, Table, admin_link
from sponsors.models import Sponsorship
from sponsors.queries import grouped, in_year, tier_label


def sponsors_section(scope):
    rows = Sponsorship.objects.filter(sponsor__platform__in=scope.platform_ids)
    this, previous = in_year(*scope.days), in_year(*scope.previous_days)
    terms = {}
    for support in Sponsorship.Support:
        terms[f"{support.value}__this"] = Count("pk", filter=this & Q(support=support))
        terms[f"{support.value}__previous"] = Count("pk", filter=previous & Q(support=support))
    counts = rows.aggregate(**terms)
    link = admin_link("wagtailsnippets_sponsors_sponsorship:list")
    labels = {
        Sponsorship.Support.GOODS: _("Goods provided"),
        Sponsorship.Support.VENUE: _("Venues provided"),
        Sponsorship.Support.PEOPLE: _("People sent"),
        Sponsorship.Support.MONEY: _("Money given"),
    }
    figures = [
        Figure(
            label,
            counts[f"{support.value}__this"],
            counts[f"{support.value}__previous"],
            pgettext("unit", "sponsorships"),
            link,
        )
        for support, label in labels.items()
    ]
    current = list(
        rows.filter(this)
        .select_related("sponsor", "tier")
        .order_by("tier__sort_order", "sort_order", "sponsor__name_kana", "pk")
    )
    # In the platform's language (the originals): no translation is looked up.
    groups = grouped(
        [s for s in current if s.tier_id] + [s for s in current if not s.tier_id],
        tier_label,
        translate=False,
    )
    return Section(
        key="sponsors",
        title=_("Sponsors and cooperation"),
        order=90,
        figures=figures,
        tables=[
            Table(
                _("Sponsors by tier"),
                [_("Tier"), _("Sponsors")],
                [[group.label, "、".join(group.names())] for group in groups],
            )
        ],
    )
