"""The public "our activity" figures (活動実績): a few headline numbers of a platform for this
fiscal year (so far) and the last one, for residents, sponsors and the press: events held,
participants, supporters trained and food collected. Counts only, nothing about any person.

`cms` imports no app above it, so the numbers come from the yearly report's sections
(cms.core.yearly), which the apps register; the headline figures are picked by their key.
A page showing them is kept in the whole-page cache, which any model write empties
(cms.core.invalidation), so the next request after a new registration or intake counts it."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cms.core import freshness, yearly
from cms.core.era import fiscal_year_label
from cms.core.fiscal import fiscal_year


@dataclass(frozen=True)
class Headline:
    """One line of the figures: what it counts, and this year's and last year's value as
    text formatted for the active language (with the unit)."""

    key: str
    label: str
    this: str
    previous: str


def _number(value):
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _with_unit(value, unit):
    return f"{_number(value)} {unit}".strip()


def _labels():
    return {
        yearly.EVENTS_HELD: (_("Events held"), pgettext("unit", "events")),
        yearly.PARTICIPANTS: (
            pgettext("yearly report", "Participants"),
            pgettext("unit", "people"),
        ),
        yearly.SUPPORTERS_TRAINED: (_("Supporters trained"), pgettext("unit", "people")),
    }


def _food(figures):
    """Food received summed per unit (kg, 個, 袋 … as the drives count it), most first:
    "12 kg・30 袋"; "0" when nothing was received."""
    this, previous = defaultdict(int), defaultdict(int)
    for figure in figures:
        this[figure.unit] += figure.value or 0
        previous[figure.unit] += figure.previous or 0

    def text(totals):
        shown = [(unit, n) for unit, n in totals.items() if n]
        shown.sort(key=lambda pair: (-pair[1], pair[0]))
        return "・".join(_with_unit(n, unit) for unit, n in shown) or _number(0)

    return text(this), text(previous)


def _figures(platform, year):
    """({key: [Figure]}, whether the platform has food drives) of `year`: every yearly section
    runs (some sixty queries), so the answer is kept under the version of what the platform's
    site shows (cms.core.freshness: any write it may show moves it) until the next change by
    the clock (a session ends and counts as held): the page renders in a fixed few queries even
    with the whole-page cache off, and is never stale."""
    now = timezone.now()
    key = f"tsunagu:activity:{freshness.version(platform.site_id)}:{platform.pk}:{year}"
    kept = cache.get(key)
    if kept is not None:
        return kept
    found = defaultdict(list)
    sections = yearly.sections(yearly.Scope(year, (platform.pk,)))
    for section in sections:
        for figure in section.figures:
            if figure.key:
                found[figure.key].append(figure)
    kept = (found, any(section.key == "fooddrives" for section in sections))
    until = freshness.next_change_by_clock(now, platform.site_id)
    cache.set(key, kept, timeout=max(1, int((until - now).total_seconds())))
    return kept


def headlines(platform, today=None):
    """(this year's label, last year's label, [Headline]) for `platform`: the 年度 that
    contains `today` (Tokyo) and the one before it. The figures a platform has no app for
    (no food drives installed, say) are left out."""
    year = fiscal_year(today or timezone.localdate())
    found, has_food_drives = _figures(platform, year)
    lines = []
    for key, (label, unit) in _labels().items():
        if found[key]:
            figure = found[key][0]
            lines.append(
                Headline(
                    key,
                    label,
                    _with_unit(figure.value, unit),
                    _with_unit(figure.previous or 0, unit),
                )
            )
    # one figure per food received: none in a year without intakes, yet the drives are there
    if found[yearly.FOOD_RECEIVED] or has_food_drives:
        this, previous = _food(found[yearly.FOOD_RECEIVED])
        lines.append(Headline(yearly.FOOD_RECEIVED, _("Food collected"), this, previous))
    return fiscal_year_label(year), fiscal_year_label(year - 1), lines
