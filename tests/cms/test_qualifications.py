"""Qualifications: granted by courses, valid for some years, renewable in a grace period."""

from datetime import date

import pytest
from django.utils import timezone
from wagtail.models import Locale

from cms.people.models import Person, Qualification
from cms.people.services import (
    QualificationError,
    QualificationStatus,
    extend_qualifications,
    grant_qualification,
    holds,
    qualification_figures,
    qualification_status,
    verify_certificate,
)
from tests.platforms import default_platform


@pytest.fixture
def supporter(db):
    return Qualification.objects.create(
        platform=default_platform(),
        name="つながりサポーター",
        slug="tsunagari-supporter",
        validity_years=3,
        grace_days=180,
    )


@pytest.fixture
def leader(supporter):
    return Qualification.objects.create(
        platform=default_platform(), name="リーダー", slug="leader", requires=supporter
    )


@pytest.fixture
def hanako(db):
    return Person.objects.create(
        platform=default_platform(), name="飯山 花子", name_kana="いいやま はなこ"
    )


def test_a_course_grants_a_qualification_valid_for_its_years(supporter, hanako):
    grant = grant_qualification(hanako, supporter, on=date(2026, 6, 1), source="第1期養成講座")
    assert grant.valid_until == date(2029, 6, 1)
    assert grant.certificate_number.startswith("TS-2026-")
    assert holds(hanako, supporter, on=date(2029, 6, 1))
    assert not holds(hanako, supporter, on=date(2029, 6, 2))


def test_a_lapsed_qualification_is_renewable_in_its_grace_period_only(supporter, hanako):
    grant = grant_qualification(hanako, supporter, on=date(2023, 6, 1))
    assert qualification_status(grant, date(2026, 7, 1)) == QualificationStatus.IN_GRACE
    renewed = grant_qualification(hanako, supporter, on=date(2026, 7, 1), renewal_only=True)
    assert renewed.valid_until == date(2029, 7, 1)
    assert renewed.renewed_on == date(2026, 7, 1)
    assert renewed.certificate_number == grant.certificate_number


def test_a_follow_up_course_cannot_renew_past_the_grace_period(supporter, hanako):
    grant_qualification(hanako, supporter, on=date(2020, 6, 1))
    with pytest.raises(QualificationError) as refused:
        grant_qualification(hanako, supporter, on=date(2026, 6, 1), renewal_only=True)
    assert refused.value.code == "lapsed"
    fresh = grant_qualification(hanako, supporter, on=date(2026, 6, 1))
    assert fresh.granted_on == date(2026, 6, 1) and fresh.valid_until == date(2029, 6, 1)


def test_a_follow_up_course_does_not_grant_what_one_never_held(supporter, hanako):
    with pytest.raises(QualificationError) as refused:
        grant_qualification(hanako, supporter, on=date(2026, 6, 1), renewal_only=True)
    assert refused.value.code == "not_held"


def test_renewing_early_never_shortens_validity(supporter, hanako):
    grant_qualification(hanako, supporter, on=date(2026, 6, 1))
    grant = grant_qualification(hanako, supporter, on=date(2026, 1, 1), renewal_only=True)
    assert grant.valid_until == date(2029, 6, 1)


def test_the_leader_course_requires_the_supporter_qualification(supporter, leader, hanako):
    with pytest.raises(QualificationError, match="つながりサポーター") as refused:
        grant_qualification(hanako, leader, on=date(2026, 6, 1))
    assert refused.value.code == "requires"
    grant_qualification(hanako, supporter, on=date(2026, 6, 1))
    assert grant_qualification(hanako, leader, on=date(2026, 9, 1)).valid_until is None


def test_a_revoked_qualification_stays_revoked(supporter, hanako):
    grant = grant_qualification(hanako, supporter, on=date(2026, 6, 1))
    grant.revoked_at = timezone.now()
    grant.save()
    assert not holds(hanako, supporter, on=date(2026, 7, 1))
    with pytest.raises(QualificationError) as refused:
        grant_qualification(hanako, supporter, on=date(2026, 7, 1))
    assert refused.value.code == "revoked"


def test_the_secretariat_extends_all_valid_and_lapsing_qualifications_at_once(supporter, db):
    people = [
        Person.objects.create(platform=default_platform(), name=f"受講者{i}") for i in range(3)
    ]
    grant_qualification(people[0], supporter, on=date(2024, 1, 10))  # valid until 2027-01-10
    grant_qualification(people[1], supporter, on=date(2023, 3, 1))  # in grace on 2026-04-01
    grant_qualification(people[2], supporter, on=date(2020, 1, 1))  # long expired
    extended = extend_qualifications(supporter, until=date(2027, 3, 31), on=date(2026, 4, 1))
    assert extended == 2
    assert holds(people[0], supporter, on=date(2027, 3, 31))
    assert holds(people[1], supporter, on=date(2027, 3, 31))
    assert not holds(people[2], supporter, on=date(2026, 4, 1))


def test_a_grant_through_a_translation_lands_on_the_original(supporter, hanako):
    english = supporter.copy_for_translation(Locale.objects.get(language_code="en"))
    english.name = "Tsunagari supporter"
    english.save()
    grant = grant_qualification(hanako, english, on=date(2026, 6, 1))
    assert grant.qualification == supporter
    assert holds(hanako, english, on=date(2026, 6, 2))


def test_certificates_are_verified_by_number(supporter, hanako):
    grant = grant_qualification(hanako, supporter, on=date(2026, 6, 1))
    assert verify_certificate(grant.certificate_number.lower(), default_platform()) == grant
    assert (
        verify_certificate("ＴＳ－" + grant.certificate_number[3:], default_platform()) == grant
    )  # full width
    assert verify_certificate("TS-2026-UNKNOWN000", default_platform()) is None
    assert verify_certificate("x" * 1000, default_platform()) is None


def test_public_figures_count_per_year_and_currently_valid(supporter, db):
    for i, day in enumerate([date(2021, 5, 1), date(2025, 5, 1), date(2025, 11, 1)]):
        grant_qualification(
            Person.objects.create(platform=default_platform(), name=f"受講者{i}"), supporter, on=day
        )
    figures = qualification_figures(supporter, on=date(2026, 1, 1))
    assert figures == {"per_year": [(2021, 1), (2025, 2)], "valid_now": 2}
