"""Publishing an event is one transaction: the schedule's SEQUENCE, promotions from the
waitlist, a members' meeting's restriction and its invitations all happen, or none does."""

from datetime import timedelta

import pytest
from django.core import mail
from wagtail.models import PageViewRestriction

from cms.directory.members.models import MembershipTier
from events import services
from events.capacity import Status
from events.models import EventSession, MeetingInvitation, Message, Quota, SessionSchedule
from events.services import publishing
from tests.events.conftest import make_event
from tests.events.test_capacity import sign_up
from tests.events.test_meetings import member
from tests.platforms import default_platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited():
    """A published event, one person waiting, then edited as a members' meeting with a later
    start and a larger capacity, all not yet applied (as between saving and the signal)."""
    tier = MembershipTier.objects.create(platform=default_platform(), name="幹事団体", sort_order=1)
    member("core", tier, "core@example.jp")
    event = make_event(capacity=1)
    sign_up(event, 1)
    waiting = sign_up(event, 2)
    assert waiting.status == Status.WAITLISTED
    event.members_only = True
    event.invited_tiers = [tier]
    event.save()
    session = EventSession.objects.get(page=event)
    EventSession.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at + timedelta(hours=1),
        ends_at=session.ends_at + timedelta(hours=1),
    )
    Quota.objects.filter(page=event).update(capacity=2)
    mail.outbox.clear()
    return event, waiting, session


def test_publishing_moves_the_schedule_promotes_restricts_and_invites(run, edited):
    event, waiting, session = edited
    run(services.after_publish, event)
    assert SessionSchedule.objects.get(session=session).sequence == 1
    waiting.refresh_from_db()
    assert waiting.status != Status.WAITLISTED
    assert PageViewRestriction.objects.filter(page=event).exists()
    assert MeetingInvitation.objects.filter(event=event).count() == 1
    assert "core@example.jp" in [m.to[0] for m in mail.outbox]


def test_publishing_that_fails_at_its_last_step_leaves_nothing_half_done(run, edited, monkeypatch):
    event, waiting, session = edited
    messages = Message.objects.count()
    real_invite = publishing.invite_members

    def invite_then_fail(event):
        real_invite(event)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(publishing, "invite_members", invite_then_fail)
    with pytest.raises(RuntimeError):
        run(services.after_publish, event)
    assert SessionSchedule.objects.get(session=session).sequence == 0
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    assert not PageViewRestriction.objects.filter(page=event).exists()
    assert not MeetingInvitation.objects.exists()
    assert Message.objects.count() == messages
    assert mail.outbox == []
