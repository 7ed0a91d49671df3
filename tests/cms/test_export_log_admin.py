"""Staff read every export of personal data in one log under Reports, filtered by what was
exported; only those allowed to read it (superusers, or a group given `view_exportlog`) see
it, and nobody can change it."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from cms.core.exports import logged_export
from cms.core.models import ExportLog
from tests.roles import secretariat

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


def test_staff_without_the_permission_do_not_read_it(client):
    client.force_login(secretariat())
    assert client.get(reverse("export_log:index")).status_code == 302
