"""Small builders for ibasho, windows and worries, shared by the directory, navigator and search
tests (the full demo takes seconds to load)."""

import datetime as dt
import itertools

from wagtail.models import Locale

from cms.core.models import Topic
from cms.directory.models import IbashoIndexPage, IbashoPage, IbashoScheduleRule
from cms.directory.windows.models import ConsultationWindow, OpeningHours
from cms.home.services import ensure_site
from cms.navigator.models import Worry
from tests.platforms import default_platform

_numbers = itertools.count(1)


def ja():
    return Locale.objects.get_or_create(language_code="ja")[0]


def topic(slug, kind="group", locale=None):
    return Topic.objects.get_or_create(
        locale=locale or ja(), slug=slug, defaults={"name": slug, "kind": kind}
    )[0]


def ibasho_index():
    home = ensure_site()
    index = IbashoIndexPage.objects.child_of(home).first()
    if index is None:
        index = IbashoIndexPage(title="居場所をさがす", slug="ibasho")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def ibasho(title="ふれあいサロン", rules=((2, "", "10:00", "12:00"),), groups=(), **fields):
    index = ibasho_index()
    page = IbashoPage(
        title=title,
        slug=f"ibasho-{next(_numbers)}",
        name_kana=fields.pop("name_kana", "ふれあいさろん"),
        kind=fields.pop("kind", IbashoPage.Kind.SALON),
        **fields,
    )
    page.target_groups = [topic(slug) for slug in groups]
    page.schedule_rules = [
        IbashoScheduleRule(
            weekday=weekday,
            weeks=weeks,
            start_time=dt.time.fromisoformat(start),
            end_time=dt.time.fromisoformat(end),
        )
        for weekday, weeks, start, end in rules
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def window(name="よりそいホットライン", topics=(), groups=(), opening=(), **fields):
    """`opening`: rows of hours, (days, "08:30", "17:15")."""
    fields.setdefault("by_phone", True)
    fields.setdefault("locale", ja())
    fields.setdefault("platform", default_platform())
    item = ConsultationWindow(name=name, **fields)
    item.topics = [topic(slug, "field") for slug in topics]
    item.target_groups = [topic(slug) for slug in groups]
    item.opening_hours = [
        OpeningHours(days=days, opens=dt.time.fromisoformat(o), closes=dt.time.fromisoformat(c))
        for days, o, c in opening
    ]
    item.save()
    return item


def worry(slug, phrase, topics=(), is_urgent=False, platform=None):
    item = Worry(
        locale=ja(),
        slug=slug,
        phrase=phrase,
        is_urgent=is_urgent,
        platform=platform or default_platform(),
    )
    item.topics = [Topic.objects.get(locale=ja(), slug=s) for s in topics]
    item.save()
    return item
