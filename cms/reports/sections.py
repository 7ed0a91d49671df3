"""The yearly report's sections from cms's own apps: members, the newsletter, consultation
windows and ibasho listed. Each in a fixed number of queries (cms.core.yearly)."""

from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Locale

from cms.core.platform import in_platforms
from cms.core.yearly import Figure, Section, Table, admin_link, split_years
from cms.directory.models import ConsultationWindow, IbashoPage, MemberOrganisationPage, Membership
from cms.news.models import NewsletterSubscription

#: April to March, the months of a 年度 in order.
MONTHS = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)


def month_name(month):
    """4月 in Japanese, April in English (Django's own month names)."""
    return formats.date_format(date(2000, month, 1), "F")


def _members(scope):
    """Member organisations (their page in the default language) of the scope's platforms
    that still take part."""
    return MemberOrganisationPage.objects.filter(
        in_platforms(scope.platforms()), locale=Locale.get_default()
    ).exclude(membership__status=Membership.Status.LEFT)


def _at_end(field, end):
    """Counted at the end of a year: joined (or listed) before it ended."""
    return Q(**{f"{field}__lt": end}) | Q(**{f"{field}__isnull": True})


def members_section(scope):
    members = _members(scope)
    (_start, end), (_p, previous_end) = scope.days, scope.previous_days
    at_end = {
        "this": Count("pk", filter=_at_end("member_since", end)),
        "previous": Count("pk", filter=_at_end("member_since", previous_end)),
    }
    joined = split_years(
        members, "member_since", scope, dates=True, joined=lambda q: Count("pk", filter=q)
    )
    totals = members.aggregate(**at_end)
    by_type = {
        row["organisation_type"]: row
        for row in members.order_by().values("organisation_type").annotate(**at_end)
    }
    by_tier = list(
        members.values("membership__tier__name", "membership__tier__sort_order")
        .annotate(**at_end)
        .order_by("membership__tier__sort_order", "membership__tier__name")
    )
    start = scope.days[0]
    per_month = dict(
        members.filter(member_since__gte=start, member_since__lt=end)
        .annotate(month=ExtractMonth("member_since"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    months = [(month_name(month), per_month.get(month, 0)) for month in MONTHS]
    link = admin_link("memberships:index")
    header = [_("Item"), _("This year"), _("Previous year")]
    types = MemberOrganisationPage.OrganisationType
    return Section(
        key="members",
        title=_("Members"),
        order=10,
        figures=[
            Figure(
                _("Member organisations"),
                totals["this"],
                totals["previous"],
                pgettext("unit", "organisations"),
                link,
            ),
            Figure(
                _("Joined in the year"), *joined["joined"], pgettext("unit", "organisations"), link
            ),
        ],
        tables=[
            Table(
                _("By type of organisation"),
                header,
                [
                    [
                        label,
                        by_type.get(value, {}).get("this", 0),
                        by_type.get(value, {}).get("previous", 0),
                    ]
                    for value, label in types.choices
                ],
            ),
            Table(
                _("By membership tier"),
                header,
                [
                    [row["membership__tier__name"] or _("No tier"), row["this"], row["previous"]]
                    for row in by_tier
                ],
            ),
            Table(_("Joined per month"), [_("Month"), _("Joined")], [list(m) for m in months]),
        ],
        months=months,
        months_title=_("Joined per month"),
    )


def newsletter_section(scope):
    """Confirmed subscribers at the end of each year, new and unsubscribed in it."""
    subscriptions = NewsletterSubscription.objects.filter(platform_id__in=scope.platform_ids)
    (_s, end), (_p, previous_end) = scope.bounds, scope.previous_bounds

    def subscribed_at(moment):
        return Count(
            "pk",
            filter=Q(confirmed_at__lt=moment)
            & (Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gte=moment)),
        )

    row = subscriptions.aggregate(this=subscribed_at(end), previous=subscribed_at(previous_end))
    joined = split_years(subscriptions, "confirmed_at", scope, n=lambda q: Count("pk", filter=q))
    left = split_years(subscriptions, "unsubscribed_at", scope, n=lambda q: Count("pk", filter=q))
    link = admin_link("newsletter_issues:index")
    people = pgettext("unit", "people")
    return Section(
        key="newsletter",
        title=_("Newsletter"),
        order=80,
        figures=[
            Figure(
                _("Subscribers at the end of the year"), row["this"], row["previous"], people, link
            ),
            Figure(_("New subscribers"), *joined["n"], people, link),
            Figure(_("Unsubscribed"), *left["n"], people, link),
        ],
    )


def places_section(scope):
    """Consultation windows and ibasho listed by the platforms (nationwide lines aside)."""
    default = Locale.get_default()
    windows = ConsultationWindow.objects.filter(
        platform_id__in=scope.platform_ids, nationwide=False, locale=default
    )
    verified = split_years(
        windows, "last_verified", scope, dates=True, n=lambda q: Count("pk", filter=q)
    )
    listed_windows = windows.count()
    ibasho = IbashoPage.objects.filter(in_platforms(scope.platforms()), locale=default, live=True)
    (_s, end), (_p, previous_end) = scope.bounds, scope.previous_bounds
    at_end = {
        "this": Count("pk", filter=_at_end("first_published_at", end)),
        "previous": Count("pk", filter=_at_end("first_published_at", previous_end)),
    }
    by_kind = {row["kind"]: row for row in ibasho.order_by().values("kind").annotate(**at_end)}
    listed = {key: sum(row[key] for row in by_kind.values()) for key in ("this", "previous")}
    new = split_years(ibasho, "first_published_at", scope, n=lambda q: Count("pk", filter=q))
    return Section(
        key="places",
        title=_("Consultation windows and ibasho"),
        order=90,
        figures=[
            Figure(
                _("Consultation windows listed"),
                listed_windows,
                None,
                pgettext("unit", "windows"),
                admin_link("wagtailsnippets_directory_consultationwindow:list"),
            ),
            Figure(_("Windows checked in the year"), *verified["n"], pgettext("unit", "windows")),
            Figure(
                _("Ibasho listed"), listed["this"], listed["previous"], pgettext("unit", "places")
            ),
            Figure(_("Ibasho added in the year"), *new["n"], pgettext("unit", "places")),
        ],
        tables=[
            Table(
                _("Ibasho by kind"),
                [_("Kind"), _("This year"), _("Previous year")],
                [
                    [
                        label,
                        by_kind.get(value, {}).get("this", 0),
                        by_kind.get(value, {}).get("previous", 0),
                    ]
                    for value, label in IbashoPage.Kind.choices
                ],
            )
        ],
    )
