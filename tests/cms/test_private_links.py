"""Rotating a private link (revoke the old ones, issue a new one) is one transaction: a
failure leaves the old link working rather than none."""

import pytest

from cms.people import services
from cms.people.models import AccessToken, Person
from cms.people.services import issue_token, resolve_token, rotate_token
from tests.platforms import default_platform


@pytest.fixture
def person(db):
    return Person.objects.create(
        platform=default_platform(), name="山田 花子", email="h@example.jp"
    )


def test_rotating_a_link_stops_the_old_ones_and_opens_with_the_new_one(person):
    old = issue_token(person, "volunteer")
    other = issue_token(person, "volunteer-calendar")
    new = rotate_token(person, "volunteer")
    assert resolve_token(old, "volunteer") is None
    assert resolve_token(new, "volunteer").person == person
    assert resolve_token(other, "volunteer-calendar") is not None


def test_a_rotation_failing_at_its_last_step_keeps_the_old_link_and_makes_no_new_one(
    person, monkeypatch
):
    old = issue_token(person, "volunteer")
    real_issue = services.issue_token

    def issue_then_fail(*args, **kwargs):
        real_issue(*args, **kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "issue_token", issue_then_fail)
    with pytest.raises(RuntimeError):
        rotate_token(person, "volunteer")
    assert resolve_token(old, "volunteer").person == person
    assert AccessToken.objects.filter(person=person).count() == 1
