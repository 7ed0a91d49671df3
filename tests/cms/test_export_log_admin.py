"""Staff read every view and export of personal data in one log under Reports, filtered by
what, who, which action and when; only the secretariat and the data-protection officer (and
superusers) read it, and nobody can change it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cms.core.exports import logged_export, logged_view
from cms.core.models import ExportLog
from tests.roles import (
    coordinator,
    data_protection_officer,
    editor,
    food_drive_desk,
    moderator,
    secretariat,
    trainer,
)

pytestmark = pytest.mark.django_db


def log(user, kind, target, rows):
    request = RequestFactory().get("/")
    request.user = user
    return logged_export(request, kind, target, rows, "csv")


def test_the_one_log_lists_every_export_and_filters_by_kind(client, admin_user):
    log(admin_user, "roster", Group.objects.create(name="仕分け班"), 3)
    log(admin_user, "pledges", Group.objects.create(name="受付班"), 7)
    client.force_login(admin_user)
    listing = client.get(reverse("export_log:index"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "仕分け班" in page and "受付班" in page
    filtered = client.get(reverse("export_log:index"), {"kind": "roster"}).content.decode()
    assert "仕分け班" in filtered and "受付班" not in filtered
    entry = ExportLog.objects.get(kind="pledges")
    assert (entry.target.name, entry.rows, entry.file_format) == ("受付班", 7, "csv")
    assert client.get(reverse("export_log:add")).status_code == 302
    assert client.get(reverse("export_log:edit", args=[entry.pk])).status_code == 302
    assert ExportLog.objects.count() == 2


def test_only_the_secretariat_and_the_data_protection_officer_read_it(client):
    for user in (editor(), moderator(), coordinator(), food_drive_desk(), trainer()):
        client.force_login(user)
        assert client.get(reverse("export_log:index")).status_code == 302
    for user in (secretariat(), data_protection_officer()):
        client.force_login(user)
        assert client.get(reverse("export_log:index")).status_code == 200


def test_views_and_exports_are_filtered_by_action_user_and_date(client):
    desk, staff = food_drive_desk(), secretariat()
    request = RequestFactory().get("/")
    request.user = desk
    seen = logged_view(request, "pledges", Group.objects.create(name="受付一覧"), 12)
    request.user = staff
    taken = logged_export(request, "pledges", Group.objects.create(name="書き出し"), 12, "xlsx")
    old = logged_view(request, "supporter registry", None, 40)
    ExportLog.objects.filter(pk=old.pk).update(
        created_at=datetime(2025, 4, 1, 9, tzinfo=ZoneInfo("Asia/Tokyo"))
    )
    client.force_login(data_protection_officer())
    url = reverse("export_log:index")

    def shown(**filters):
        response = client.get(url, filters)
        assert response.status_code == 200
        return [entry.pk for entry in response.context["object_list"]]

    assert shown() == [taken.pk, seen.pk, old.pk]
    assert shown(action="view") == [seen.pk, old.pk]
    assert shown(action="export") == [taken.pk]
    assert shown(user=desk.pk) == [seen.pk]
    assert shown(created_at_from="2025-03-31", created_at_to="2025-04-01") == [old.pk]
    assert shown(created_at_from=timezone.localdate().isoformat()) == [taken.pk, seen.pk]
    # Nonsense in a filter is refused with the form, never a server error.
    assert client.get(url, {"created_at_from": "zzz", "user": "abc"}).status_code == 200
    entry = ExportLog.objects.get(pk=old.pk)
    assert (entry.user, entry.action, entry.rows, entry.target_label) == (staff, "view", 40, "")
    page = client.get(url).content.decode()
    assert "受付一覧" in page and "desk" in page


@pytest.mark.parametrize("mine,theirs", [("default", "other"), ("other", "default")])
def test_each_platforms_log_holds_what_was_seen_of_it_and_only_its_staff_read_it(
    client, mine, theirs
):
    from cms.core import roles
    from cms.news.models import NewsIndexPage
    from tests.platform_staff import not_found, staff_for
    from tests.platforms import OTHER_HOST, default_platform, other_platform

    two = {"default": default_platform(), "other": other_platform()}
    hosts = {"default": "localhost", "other": OTHER_HOST}
    officer = staff_for(two[mine], roles.DATA_PROTECTION)
    stranger = staff_for(two[theirs], roles.DATA_PROTECTION)
    page = NewsIndexPage(title="会員のお知らせ", slug="members-news")
    two[theirs].site.root_page.add_child(instance=page)

    def log_on(host, user, kind, target):
        request = RequestFactory().get("/", HTTP_HOST=host)
        request.user = user
        return logged_view(request, kind, target, 1)

    # A registry is its reader's platform's, a page its tree's, whichever site they were
    # seen on.
    own = log_on(hosts[theirs], officer, "supporter registry", None)
    foreign = log_on(hosts[mine], stranger, "members", page)
    assert (own.platform, foreign.platform) == (two[mine], two[theirs])

    client.force_login(officer)
    listing = client.get(reverse("export_log:index"))
    assert [entry.pk for entry in listing.context["object_list"]] == [own.pk]
    assert client.get(reverse("export_log:inspect", args=[own.pk])).status_code == 200
    assert not_found(client, reverse("export_log:inspect", args=[foreign.pk]))
    client.force_login(stranger)
    listing = client.get(reverse("export_log:index"))
    assert [entry.pk for entry in listing.context["object_list"]] == [foreign.pk]
    # The filter of who names no account that only read the other platform's data.
    assert officer.username not in listing.content.decode()
    assert not_found(client, reverse("export_log:inspect", args=[own.pk]))
