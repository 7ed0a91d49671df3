"""Who may read the yearly report of which platforms: the secretariat (事務局) its own
platforms', a prefecture's staff (都道府県担当) its own and its municipalities' (read-only, as
everything they see), a superuser every one. Other roles (trainers, desks, members…) none."""

from cms.core.models import Platform
from cms.core.platform import PREFECTURE_STAFF
from cms.core.roles import SECRETARIAT


def report_platforms(user):
    """The platforms whose yearly report `user` may read, as a queryset ordered by name."""
    if not user.is_authenticated:
        return Platform.objects.none()
    if user.is_superuser:
        return Platform.objects.order_by("pk")
    mine = Platform.objects.filter(
        roles__role__in=(SECRETARIAT, PREFECTURE_STAFF), roles__group__user=user
    )
    hosted = Platform.objects.filter(
        prefecture__roles__role=PREFECTURE_STAFF, prefecture__roles__group__user=user
    )
    return Platform.objects.filter(pk__in=mine.values("pk").union(hosted.values("pk"))).order_by(
        "pk"
    )


def sections_for(user, year=None):
    """The yearly report's sections over every platform `user` may read (`report_platforms`),
    for 年度 `year` (this one when None): what the admin dashboard shows beside the previous
    year. [] for a user who may read none."""
    from django.utils import timezone

    from cms.core.fiscal import fiscal_year
    from cms.core.yearly import Scope, sections

    ids = tuple(report_platforms(user).values_list("pk", flat=True))
    if not ids:
        return []
    return sections(Scope(year or fiscal_year(timezone.localdate()), ids))
