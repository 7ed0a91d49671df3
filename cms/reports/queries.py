"""Who may read the yearly report of which platforms: the secretariat (事務局) its own
platforms', a prefecture's staff (都道府県担当) its own and its municipalities' (read-only, as
everything they see), a superuser every one. Other roles (trainers, desks, members…) none."""

from django.db.models import Q

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
    return Platform.objects.filter(
        Q(pk__in=mine.values("pk")) | Q(pk__in=hosted.values("pk"))
    ).order_by("pk")
