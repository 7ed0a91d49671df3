"""What food drives add to pages of `cms` through its section hooks (see
`cms.core.sections`): the drives taking pledges on the home page, and a member organisation's
drives on its profile. Each runs a fixed number of queries."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.core.frame import child_url
from cms.core.models import Platform
from cms.core.platform import in_platforms, under_home
from cms.core.sections import in_language, locales_q
from events.fooddrives.models import FoodDriveIndexPage, FoodDrivePage
from events.fooddrives.queries import open_drives, totals_by_drive

ON_HOME = 3
ON_PROFILE = 5
IN_DIGEST = 3


def _with_totals(drives):
    totals = totals_by_drive(drives)
    return [{"drive": drive, "items": totals[drive.pk]} for drive in drives]


def home_drives(page, request=None, now=None):
    """The food drives of the home's platform that take pledges now, soonest to close first."""
    drives = (
        open_drives(now)
        .public()
        .filter(locales_q(page.locale_id), under_home(page))
        .order_by("collection_ends_on", "pk")[: 2 * ON_HOME]
    )
    drives = in_language(list(drives), page.locale_id, ON_HOME)
    if not drives:
        return None
    return {
        "template": "fooddrives/includes/home_section.html",
        "drives": _with_totals(drives),
        "index_url": child_url(request, page, FoodDriveIndexPage),
    }


def digest_drives(locale, platform, now=None):
    """The food drives of `platform` taking pledges, for its newsletter digest in the
    subscriber's language."""
    drives = (
        open_drives(now)
        .public()
        .filter(locales_q(locale.pk), in_platforms(Platform.objects.filter(pk=platform.pk)))
        .order_by("collection_ends_on", "pk")
    )
    drives = in_language(list(drives[: 2 * IN_DIGEST]), locale.pk, IN_DIGEST)
    if not drives:
        return None
    lines = [_("Food drives taking pledges")]
    for drive in drives:
        until = _("until %(date)s") % {
            "date": date_format(drive.collection_ends_on, "SHORT_DATE_FORMAT")
        }
        lines.append(f"- {drive.title} ({until})")
        lines.append(f"  {drive.full_url}")
    return {"drives": drives, "text": "\n".join(lines)}


def member_drives(member, request=None, now=None):
    """The food drives a member organisation runs: those still collecting, then the last few."""
    today = timezone.localdate(now)
    drives = (
        FoodDrivePage.objects.live()
        .public()
        .filter(locales_q(member.locale_id), organiser__translation_key=member.translation_key)
        .order_by("-collection_ends_on", "-pk")[: 2 * ON_PROFILE]
    )
    drives = in_language(list(drives), member.locale_id, ON_PROFILE)
    if not drives:
        return None
    return {
        "template": "fooddrives/includes/member_section.html",
        "current": [d for d in drives if d.collection_ends_on >= today and not d.cancelled_at],
        "past": [d for d in drives if d.collection_ends_on < today or d.cancelled_at],
    }
