"""The demo has a past lecture with attendance, answers and a recording, a platform meeting for
members only, and sponsors on the symposium."""

from wagtail.models import Locale

from events import reports
from events.models import EventPage


def test_demo_past_lecture_meeting_and_sponsors(client, demo):
    lecture = EventPage.objects.get(slug="lecture-hitori", locale__language_code="ja")
    figures = reports.attendance_figures(lecture)
    assert figures["attended_onsite"] > 0 and figures["attended_online"] > 0
    assert figures["walk_ins"] == 3
    assert reports.feedback_figures(lecture)["count"] == 6
    assert lecture.recording_url in client.get(lecture.url).content.decode()

    meeting = EventPage.objects.get(slug="pf-kaigi-4", locale__language_code="ja")
    assert meeting.action_items.count() == 3
    assert meeting.invitations.exists()
    assert client.get(meeting.url).status_code == 302
    events_index = client.get(meeting.get_parent().url).content.decode()
    assert meeting.title not in events_index

    symposium = EventPage.objects.get(slug="symposium", locale__language_code="ja")
    assert "飯山みらい信用金庫" in client.get(symposium.url).content.decode()
    english = symposium.get_translation(Locale.objects.get(language_code="en"))
    assert "Iiyama Mirai Credit Union" in client.get(english.url).content.decode()
