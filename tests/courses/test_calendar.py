"""A trainer's private calendar of their course sessions: made on "My courses", revocable."""

import re

import icalendar
import vobject
from django.urls import reverse

from tests.courses.conftest import make_course
from tests.roles import trainer


def test_a_trainer_gets_a_private_feed_of_their_sessions_and_can_stop_it(client, supporter):
    user = trainer()
    make_course(supporter, title="養成講座A", sessions=2, trainers=[user])
    make_course(supporter, title="よその講座", sessions=1)
    client.force_login(user)
    page = client.post(reverse("courses:calendar_link"), {"action": "new"}, follow=True)
    url = re.search(r"<code>(\S+\.ics)</code>", page.content.decode()).group(1)
    assert "webcal://" in page.content.decode()
    client.logout()  # calendar apps have no session
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    summaries = [
        str(e["summary"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    ]
    assert sorted(summaries) == ["養成講座A（第1回）", "養成講座A（第2回）"]
    assert len(vobject.readOne(response.content.decode()).vevent_list) == 2
    assert client.get(url.replace(".ics", "x.ics")).status_code == 404
    client.force_login(user)
    client.post(reverse("courses:calendar_link"), {"action": "revoke"})
    client.logout()
    assert client.get(url).status_code == 404


def test_a_new_link_stops_the_old_one_and_a_deactivated_trainer_has_none(client, supporter):
    user = trainer()
    make_course(supporter, trainers=[user])
    client.force_login(user)
    first = re.search(
        r"<code>(\S+\.ics)</code>",
        client.post(
            reverse("courses:calendar_link"), {"action": "new"}, follow=True
        ).content.decode(),
    ).group(1)
    second = re.search(
        r"<code>(\S+\.ics)</code>",
        client.post(
            reverse("courses:calendar_link"), {"action": "new"}, follow=True
        ).content.decode(),
    ).group(1)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(second).status_code == 404
