"""Editors change an event in the Wagtail admin: a larger capacity promotes the waitlist, and a
place type that people hold cannot be removed."""

from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events import services
from events.models import EventPage, Registration
from tests.events.conftest import make_event


def edit_data(event, quotas, tracks=None):
    session = event.sessions.get()
    local = timezone.localtime
    return nested_form_data(
        {
            "title": event.title,
            "slug": event.slug,
            "summary": event.summary,
            "category": event.category,
            "attendance": event.attendance,
            "sessions": inline_formset(
                [
                    {
                        "id": session.pk,
                        "title": "",
                        "starts_at": local(session.starts_at).strftime("%Y-%m-%d %H:%M"),
                        "ends_at": local(session.ends_at).strftime("%Y-%m-%d %H:%M"),
                    }
                ],
                initial=1,
            ),
            "quotas": inline_formset(quotas, initial=len(quotas)),
            "session_tracks": inline_formset(
                tracks or [], initial=sum(1 for row in tracks or [] if row.get("id"))
            ),
            "questions": inline_formset([]),
            "meeting_materials": inline_formset([]),
            "action_items": inline_formset([]),
            "questionnaire": "on",
            "body": streamfield([]),
            "programme": streamfield([]),
            "waitlist_mode": event.waitlist_mode,
            "waitlist_enabled": "on",
            "offer_hours": "48",
            "max_companions": str(event.max_companions),
            "reminder_days": "2",
            "action-publish": "publish",
        }
    )


def test_publishing_a_larger_capacity_promotes_and_a_held_quota_cannot_be_removed(admin_client, db):
    event = make_event(capacity=1)
    quota = event.quotas.get()
    for n in range(3):
        services.register(event, quota=quota, name=f"p{n}", email=f"p{n}@example.jp")
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])

    bigger = [{"id": quota.pk, "label": "", "mode": "onsite", "capacity": "2"}]
    response = admin_client.post(url, edit_data(event, bigger))
    assert response.status_code == 302, response.context["form"].errors
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waitlisted"]

    removed = [{"id": quota.pk, "label": "", "mode": "onsite", "capacity": "2", "DELETE": "1"}]
    response = admin_client.post(url, edit_data(EventPage.objects.get(pk=event.pk), removed))
    assert response.status_code == 200
    assert "申込者のいる参加枠は削除できません。" in response.content.decode()
    assert event.quotas.count() == 1
    assert Registration.objects.count() == 3


def test_deleting_an_event_takes_its_registrations_along(db):
    event = make_event()
    services.register(event, quota=event.quotas.get(), name="a", email="a@example.jp")
    event.delete()
    assert not Registration.objects.exists()


def test_an_editor_adds_action_items_to_a_members_meeting(admin_client, db):
    from cms.directory.models import MemberOrganisationPage
    from tests.roles import member_editor

    member_editor("shakyo")
    organisation = MemberOrganisationPage.objects.get(slug="npo-shakyo")
    event = make_event(members_only=True)
    data = edit_data(
        event, [{"id": event.quotas.get().pk, "label": "", "mode": "onsite", "capacity": "10"}]
    )
    data.update(
        nested_form_data(
            {
                "action_items": inline_formset(
                    [
                        {
                            "description": "説明会を開く",
                            "organisation": organisation.pk,
                            "due_on": "2027-01-31",
                        }
                    ]
                ),
                "members_only": "on",
            }
        )
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[event.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    item = EventPage.objects.get(pk=event.pk).action_items.get()
    assert (item.organisation, item.done) == (organisation, False)
