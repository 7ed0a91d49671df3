"""Events imported from a member's calendar are moderated like the member's own pages unless
the secretariat trusts the source: a new event waits as a draft in the secretariat's
workflow, and a change to an approved one waits as a revision while the public keeps seeing
what was approved; on public pages an imported event names its calendar."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, WorkflowState

from events import imports
from events.models import CalendarSource, ImportedEvent
from tests.events import test_calendar_import as mirrored
from tests.events.test_calendar_import import calendar, vevent
from tests.roles import member_editor, secretariat

# The fixtures of the mirroring tests: a local feed server and a member's source on it.
feeds = mirrored.feeds
source = mirrored.source

pytestmark = pytest.mark.django_db


def member_editor_page():
    """The profile page the logged-in member's editor may edit."""
    user = get_user_model().objects.get(username="member")
    own = user.groups.exclude(name="参画団体").first()
    return GroupPagePermission.objects.filter(group=own).first().page


def listed(client, index):
    return client.get(index.url).content.decode()


def approve(event):
    state = WorkflowState.objects.get(
        base_content_type__model="importedevent",
        object_id=str(event.pk),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    reviewer = get_user_model().objects.filter(username="secretariat").first() or secretariat()
    state.current_task_state.approve(user=reviewer)


@pytest.fixture
def untrusted(source):
    source.publish_directly = False
    source.save()
    return source


def test_a_new_event_from_an_untrusted_calendar_waits_for_the_secretariat(client, feeds, untrusted):
    assert imports.import_source(untrusted) == (1, 0, 0)
    event = ImportedEvent.objects.get()
    assert not event.live
    state = WorkflowState.objects.get(object_id=str(event.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name and state.current_task_state.revision == event.latest_revision
    assert "子ども食堂" not in listed(client, untrusted.index)
    assert "子ども食堂" not in client.get("/calendar.ics").content.decode()

    approve(event)
    event.refresh_from_db()
    assert event.live
    page = listed(client, untrusted.index)
    assert "子ども食堂" in page and "NPOつなぎ手のカレンダー</a> から取り込み" in page


def test_a_change_to_an_approved_event_is_a_revision_for_review_not_published(
    client, feeds, untrusted
):
    imports.import_source(untrusted)
    approve(ImportedEvent.objects.get())
    feeds.serve(
        "/member.ics",
        calendar(*vevent("a@example.jp", "子ども食堂（会場変更）", 4, "LOCATION:別の会場")),
    )
    assert imports.import_source(untrusted) == (0, 1, 0)
    event = ImportedEvent.objects.get()
    assert event.live and event.has_unpublished_changes and event.location == ""
    assert timezone.localtime(event.starts_at).date() == timezone.localdate() + timedelta(days=3)
    page = listed(client, untrusted.index)
    assert "子ども食堂" in page and "会場変更" not in page
    # The next fetch with the same feed neither adds a revision nor a second review.
    revisions = event.revisions.count()
    assert imports.import_source(untrusted) == (0, 0, 0)
    assert event.revisions.count() == revisions
    assert WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1

    approve(event)
    event.refresh_from_db()
    assert event.location == "別の会場"
    assert timezone.localtime(event.starts_at).date() == timezone.localdate() + timedelta(days=4)
    assert "子ども食堂（会場変更）" in listed(client, untrusted.index)


def test_a_cancellation_goes_through_at_once(client, feeds, untrusted):
    imports.import_source(untrusted)
    approve(ImportedEvent.objects.get())
    feeds.serve(
        "/member.ics", calendar(*vevent("a@example.jp", "子ども食堂", 3, "STATUS:CANCELLED"))
    )
    imports.import_source(untrusted)
    event = ImportedEvent.objects.get()
    assert event.status == "CANCELLED" and not event.has_unpublished_changes


def test_a_trusted_calendar_is_published_directly(client, feeds, source):
    assert source.publish_directly
    imports.import_source(source)
    event = ImportedEvent.objects.get()
    assert event.live and not WorkflowState.objects.exists()
    feeds.serve(
        "/member.ics",
        calendar(*vevent("a@example.jp", "子ども食堂（会場変更）", 3, "LOCATION:別の会場")),
    )
    imports.import_source(source)
    event.refresh_from_db()
    assert event.location == "別の会場"
    page = listed(client, source.index)
    assert "子ども食堂（会場変更）" in page and "NPOつなぎ手のカレンダー</a> から取り込み" in page


def test_only_the_secretariat_decides_that_a_source_publishes_directly(client, untrusted):
    client.force_login(member_editor())
    own = member_editor_page()
    client.post(
        reverse("calendar_sources:add"),
        {
            "name": "自分のカレンダー",
            "url": "https://example.jp/own.ics",
            "organisation": str(own.pk),
            "index": str(untrusted.index_id),
            "active": "on",
            "publish_directly": "on",
        },
    )
    assert not CalendarSource.objects.get(name="自分のカレンダー").publish_directly
    client.force_login(secretariat("reviewer"))
    form = client.get(reverse("calendar_sources:edit", args=[untrusted.pk])).content.decode()
    assert 'name="publish_directly"' in form


def test_the_secretariat_reviews_imported_events_in_the_admin(client, feeds, untrusted):
    imports.import_source(untrusted)
    event = ImportedEvent.objects.get()
    client.force_login(secretariat("reviewer"))
    listing = client.get(reverse("wagtailsnippets_events_importedevent:list"))
    assert listing.status_code == 200 and "子ども食堂" in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_events_importedevent:edit", args=[event.pk]))
    assert edit.status_code == 200
    assert "事務局の確認" in edit.content.decode()
