"""Who is registered stays private (issue 16): the public form answers an address that is
registered already exactly as it answers a new one, and only that address is told; a
registration that ended is never taken over by registering again; one registration brings at
most the event's number of companions."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from events import reports, services
from events.models import Message, Registration
from tests.events.conftest import make_event
from tests.events.test_registration_views import LINK, form_data

# What differs between two answers that say the same: per-request tokens.
_PER_REQUEST = re.compile(r'(nonce|value)="[^"]*"|csrftoken=\S+|[\w.+-]+@example\.jp')


def answer(run, event, email, **overrides):
    """What a stranger's browser sees after sending the form with `email`: the status, where
    it is sent, and the page it then shows, per-request tokens and the address typed left
    out (the address is theirs: they typed it)."""
    client = Client()
    response = run(client.post, event.url, form_data(event, email=email, **overrides))
    shown = response
    if response.status_code == 302:
        shown = client.get(response["Location"])
    return (
        response.status_code,
        response.get("Location"),
        shown.status_code,
        sorted(k for k in shown.headers if k.lower() not in ("content-length",)),
        _PER_REQUEST.sub("…", shown.content.decode()),
    )


def register(event, email="hanako@example.jp", **kw):
    return services.register(
        event, quota=event.quotas.get(), name="山田 花子", phone="0269-00-0000", email=email, **kw
    )[0]


@pytest.mark.parametrize(
    ("capacity", "waitlist_enabled"),
    [(10, True), (1, True), (1, False)],
    ids=["places-free", "full-waitlist", "full-no-waitlist"],
)
def test_a_strangers_repeat_is_answered_as_a_first_registration(
    run, db, capacity, waitlist_enabled
):
    event = make_event(capacity=capacity, waitlist_enabled=waitlist_enabled)
    register(event)
    mail.outbox.clear()
    first = answer(run, event, "newcomer@example.jp", submission_key="k-new")
    repeat = answer(run, event, "ＨＡＮＡＫＯ@example.jp", submission_key="k-again", name="誰か")
    assert repeat == first
    if waitlist_enabled:
        assert first[:3] == (302, event.url + "registered/", 200)
    else:  # the event is full for the newcomer, so for the repeat too
        assert first[0] == 200 and "満席" in first[-1]
    hanako = Registration.objects.get(person__email="hanako@example.jp")
    assert hanako.person.name == "山田 花子"  # nothing stored changed


def test_only_the_registered_address_learns_of_the_repeat_with_its_private_link(run, client, db):
    event = make_event(title="こころの相談会", discreet=True)
    hanako = register(event)
    mail.outbox.clear()
    answer(run, event, "hanako@example.jp", name="誰か")
    [message] = mail.outbox
    assert message.to == ["hanako@example.jp"]
    assert message.subject.startswith("ご予約 | ")  # a discreet event says only "booking"
    assert "相談" not in message.subject.replace("ご予約", "")
    assert "もう一度ありました" in message.body
    assert "お申込みの状況：確定" in message.body
    assert hanako.check_in_label in message.body
    link = LINK.search(message.body).group(0)
    assert f"/events/registration/{hanako.reference}/" in link
    page = client.get(link)
    assert page.status_code == 200 and "山田 花子" in page.content.decode()
    assert Message.objects.get(kind="already_registered").registration == hanako


def test_the_repeat_mail_is_in_the_registrants_language_and_names_the_event(run, db):
    event = make_event()
    register(event, language="en")
    mail.outbox.clear()
    answer(run, event, "hanako@example.jp")
    [message] = mail.outbox
    assert message.subject.startswith(f"You are registered already: {event.title}")
    assert "registered for this event again" in message.body


def test_registering_after_cancelling_makes_a_new_registration_and_keeps_the_old_one(
    run, client, db
):
    event = make_event(capacity=5)
    old = register(event, companions=1)
    old_code, old_reference = old.check_in_code, old.reference
    services.cancel_registration(old)
    mail.outbox.clear()
    response = run(
        client.post,
        event.url,
        form_data(event, email="hanako@example.jp", name="別の 人", phone="090-1111-2222"),
    )
    assert response.status_code == 302
    old.refresh_from_db()
    old.person.refresh_from_db()
    assert (old.status, old.seats, old.check_in_code) == ("cancelled", 2, old_code)
    assert (old.person.name, old.person.phone) == ("山田 花子", "0269-00-0000")
    new = Registration.objects.exclude(pk=old.pk).get()
    assert new.status == "confirmed"
    assert new.reference != old_reference
    assert new.check_in_code != old_code
    assert new.person_id != old.person_id and new.person.name == "別の 人"
    # Only the new registration's link was mailed, and it opens only the new registration.
    [message] = mail.outbox
    link = LINK.search(message.body).group(0)
    assert str(new.reference) in link
    assert client.get(link.replace(str(new.reference), str(old_reference))).status_code == 404
    figures = reports.attendance_figures(event)
    assert figures["registered"] == 1
    assert Registration.objects.filter(event=event, status="cancelled").count() == 1


def test_a_known_person_enrolled_again_after_cancelling_gets_a_new_registration(db):
    event = make_event()
    old = register(event)
    services.cancel_registration(old)
    new, created = services.register(
        event, quota=event.quotas.get(), name="山田 花子", person=old.person
    )
    assert created and new.pk != old.pk and new.person_id == old.person_id
    assert new.check_in_code != old.check_in_code
    old.refresh_from_db()
    assert old.status == "cancelled"


def test_the_database_holds_one_live_registration_per_person_and_event(db):
    event = make_event()
    live = register(event)
    twin = Registration(
        event=event, quota=live.quota, person=live.person, status="waitlisted", seats=1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    twin.status = "cancelled"
    twin.save()  # ended ones are as many as there were


def test_companions_beyond_the_events_limit_are_refused_on_the_field_keeping_the_form(
    run, client, db
):
    event = make_event(capacity=50, max_companions=2)
    response = post_form(run, client, event, companions="3")
    assert response.status_code == 200
    body = response.content.decode()
    assert "同伴できるのは2人までです" in body
    assert 'aria-describedby="id_companions_helptext id_companions_error"' in body
    assert '<option value="3" selected>' in body  # what was chosen is still chosen
    assert 'value="山田 花子"' in body
    assert not Registration.objects.exists()
    assert post_form(run, client, event, companions="2").status_code == 302


def post_form(run, client, event, **overrides):
    return run(client.post, event.url, form_data(event, **overrides))


def test_the_companions_list_offers_the_events_limit(client, db):
    event = make_event(max_companions=1)
    body = client.get(event.url).content.decode()
    options = re.search(r'<select name="companions".*?</select>', body, re.S).group(0)
    assert re.findall(r'value="(\d+)"', options) == ["0", "1"]


def test_the_limit_is_the_services_own_and_staff_go_beyond_it_with_a_reason(db, django_user_model):
    staff = django_user_model.objects.create_user("jimukyoku")
    event = make_event(capacity=50, max_companions=0)
    with pytest.raises(services.RegistrationError) as refused:
        register(event, companions=1)
    assert refused.value.code == "no_companions" and refused.value.field == "companions"
    with pytest.raises(services.RegistrationError) as refused:
        register(event, email="", companions=5, staff_user=staff)
    assert refused.value.code == "companions_need_reason"  # staff are told how to go beyond
    group = register(event, email="", companions=5, staff_user=staff, override_reason="施設の団体")
    assert (group.seats, group.override_reason) == (6, "施設の団体")
    with pytest.raises(services.RegistrationError) as refused:
        register(event, email="", companions=10, staff_user=staff, override_reason="多すぎ")
    assert refused.value.params == {"most": 9}
    # The party may shrink from the private link, never grow past the limit again.
    services.change_companions(group, 3)
    with pytest.raises(services.RegistrationError):
        services.change_companions(group, 4)
    assert Registration.objects.get(pk=group.pk).seats == 4


def test_the_limit_is_an_event_setting_in_the_admin_and_staff_add_a_group_with_a_reason(
    client, django_user_model, db
):
    event = make_event(capacity=50, max_companions=2)
    client.force_login(django_user_model.objects.create_superuser("a", "a@example.jp", "pw"))
    body = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert 'name="max_companions"' in body
    add = reverse("events_admin:add", args=[event.pk])
    data = {
        "name": "施設 団体",
        "companions": "6",
        "language": "ja",
        "quota": str(event.quotas.get().pk),
        "submission_key": "s1",
    }
    refused = client.post(add, data)
    assert refused.status_code == 200
    (error,) = refused.context["form"].errors["companions"]
    assert "2人まで" in error and "理由" in error
    assert '<option value="6" selected>' in refused.content.decode()
    assert client.post(add, {**data, "override_reason": "施設の団体"}).status_code == 302
    group = Registration.objects.get()
    assert (group.seats, group.override_reason) == (7, "施設の団体")
