"""The platforms as events need them: the address of an event on its own platform, and the
platforms whose events a staff account works on. The platform map that public lists and feeds
share (which platform a page belongs to, which platforms a prefecture's lists show, the
labels) lives in cms.core.platform_map, for the directory's lists too; its names are
available from here as well."""

from cms.core import platform as platforms
from cms.core.platform_map import (
    PlatformInfo,
    label_others,
    listed_by_index,
    municipalities,
    of_path,
    of_request,
    platform_map,
    shown_by,
    under,
)

__all__ = [
    "PlatformInfo",
    "address",
    "label_others",
    "listed_by_index",
    "municipalities",
    "of_path",
    "of_request",
    "of_staff",
    "platform_map",
    "shown_by",
    "staff_holds",
    "staff_pks",
    "under",
]


def address(page, path=None):
    """The full address, on the event's own platform (cms.core.platform.base_url), of `page`
    or of `path` (an address every platform's site answers, such as a private link): what
    mails and flyers of an event link to."""
    platform = platforms.of_page(page)
    if path is None:
        parts = page.get_url_parts()
        path = parts[2] if parts else "/"
    return platforms.base_url(platform) + path


def of_staff(user, *, readable=False):
    """The platforms whose events `user` may change (`readable`: may read) in the admin, as
    `staff_platforms` (`readable_platforms`) rule: every one for a superuser, else those of
    the account's role groups, none for an account in no platform's group."""
    infos = platform_map()
    if user.is_superuser:
        return list(infos.values())
    chosen = platforms.readable_platforms(user) if readable else platforms.staff_platforms(user)
    return [infos[pk] for pk in chosen.values_list("pk", flat=True) if pk in infos]


def staff_holds(user, page, *, readable=False):
    """Whether `page` (an event) is of a platform `user` works for (`readable`: reads)."""
    info = of_path(page.path)
    return info is not None and info in of_staff(user, readable=readable)


def staff_pks(user):
    """The primary keys of `of_staff(user)`, for querysets."""
    return [info.pk for info in of_staff(user)]
