"""Tsunagu's admin reads correctly in Japanese (issue 19): no English left in the column
headings of its own listings, dates in Tokyo time, wide tables scroll inside the page."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.admin.viewsets import viewsets

from cms.people.data_requests import receive_data_request
from events.models import Registration
from events.services import register
from tests.events.conftest import make_event
from tests.platforms import default_platform
from tests.project_apps import PROJECT_APPS

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")

# Words of Tsunagu's own column headings that would mean a string was left untranslated.
ENGLISH = re.compile(
    r"\b(name|title|date|status|state|registered|created|updated|platform|kind|type|events?|"
    r"received|due|note|request|action|live|source|location|user|rows|format|subject|"
    r"organisation|tier|sponsor|role|opportunity|shift|capacity|qualification|person|"
    r"phone|e-?mail|food|quantity|target|sent|language|slug|order|terms|description|"
    r"active|error|attempts|written|valid|granted|starts|place|contact|year|unit)\b",
    re.IGNORECASE,
)
# Custom admin screens of Tsunagu (URL names without arguments).
SCREENS = [
    "people_data_requests",
    "people_open_data_requests",
    "undelivered_mail",
    "yearly_report",
    "fooddrives_admin:index",
    "volunteers_admin:index",
]


def listing_urls():
    urls = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if not hasattr(model, "_meta") or model._meta.app_label not in PROJECT_APPS:
            continue
        if "Chooser" in type(viewset).__name__:
            continue
        for view in ("list", "index"):
            try:
                urls.append(reverse(viewset.get_url_name(view)))
                break
            except NoReverseMatch:
                continue
    return urls + [reverse(name) for name in SCREENS]


@pytest.fixture
def admin_client(client):
    default_platform()
    user = get_user_model().objects.create_superuser("root", "root@example.jp", "x")
    client.force_login(user)
    return client


def headings(html):
    return [
        th.get_text(" ", strip=True) for th in BeautifulSoup(html, "html.parser").find_all("th")
    ]


def test_the_listings_have_japanese_column_headings(admin_client):
    urls = listing_urls()
    assert len(urls) >= 15, urls
    english = {}
    for url in urls:
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="ja")
        assert response.status_code == 200, url
        found = [text for text in headings(response.text) if ENGLISH.search(text)]
        if found:
            english[url] = found
    assert english == {}


def test_the_registrations_count_and_the_registration_time_say_what_they_hold(admin_client):
    event = make_event()
    register(event, quota=event.quotas.first(), name="申込 花子", email="hanako@example.jp")
    # 23:30 UTC on the 7th is 08:30 on the 8th in Tokyo
    Registration.objects.update(created_at=datetime(2026, 12, 7, 23, 30, tzinfo=UTC))
    html = admin_client.get(reverse("events_admin:registrations", args=[event.pk])).text
    found = headings(html)
    assert "申込日時" in found  # the column of when each registered
    assert "2026-12-08 08:30" in html and "2026-12-07 23:30" not in html
    assert "申込者数" in found  # the count of registrations is headed as a count
    assert 'class="tsunagu-table-scroll"' in html


def test_the_open_requests_list_shows_tokyo_dates(admin_client):
    receive_data_request(
        default_platform(),
        kind="disclosure",
        channel="form",
        received_on=datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
        .astimezone(ZoneInfo("Asia/Tokyo"))
        .date(),
    )
    html = admin_client.get(reverse("people_open_data_requests")).text
    assert "2026-12-08" in html and "2026-12-22" in html
    assert "受付日" in headings(html)


def test_the_admin_loads_the_style_that_lets_wide_tables_scroll(admin_client):
    html = admin_client.get(reverse("yearly_report")).text
    assert "tsunagu/css/admin.css" in html


def column_label(model, column):
    """The heading Wagtail gives a `list_display` entry: a Column's label, a field's verbose
    name (across relations: `page__title`), or a method's `short_description`."""
    if not isinstance(column, str):
        return getattr(column, "label", "")
    if column == "__str__":
        return ""
    *path, last = column.split("__")
    for name in path:
        model = model._meta.get_field(name).related_model
    try:
        return model._meta.get_field(last).verbose_name
    except Exception:  # a method or property of the model
        return getattr(getattr(model, last, None), "short_description", "")


def test_every_listing_column_of_tsunagu_has_a_japanese_heading_even_when_empty(db):
    """The rendered listing shows no headings while it is empty: the columns' labels are read
    from every viewset of Tsunagu's apps."""
    english = {}
    with translation.override("ja"):
        for viewset in viewsets.viewsets:
            model = getattr(viewset, "model", None)
            if not hasattr(model, "_meta") or model._meta.app_label not in PROJECT_APPS:
                continue
            for column in getattr(viewset, "list_display", None) or []:
                label = str(column_label(model, column))
                if re.search(r"[A-Za-z]{3,}", label.replace("LINE", "")):
                    english.setdefault(model.__name__, []).append(label)
    assert english == {}


def test_a_shift_and_an_access_log_line_read_in_tokyo_time(admin_client):
    from cms.core.models import ExportLog
    from tests.volunteers.conftest import make_shift
    from volunteers.models import Shift

    made = make_shift()
    late = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)  # 08:30 on the 8th in Tokyo
    Shift.objects.filter(pk=made.pk).update(
        starts_at=late, ends_at=late.replace(hour=23, minute=59)
    )
    shift = Shift.objects.get(pk=made.pk)
    assert str(shift).endswith("2026-12-08 08:30")
    log = ExportLog.objects.create(
        platform=default_platform(), kind="roster", rows=1, created_at=late
    )
    log.refresh_from_db()
    assert str(log).endswith("2026-12-08 08:30")
    assert (
        "2026-12-08 08:30"
        in admin_client.get(reverse("wagtailsnippets_volunteers_shift:list")).text
    )
