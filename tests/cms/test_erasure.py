"""Erasing a person leaves nothing of them anywhere in the database: a marker is planted in
every text field of every record that points at them (found by walking the models, so that a
new field or model is covered by itself), in the outbox's errors and in django-q2's tables;
after the erasure no column of any table holds it, decoded or not. The figures of the reports
stay as they were."""

import contextlib
import json
from datetime import timedelta

import pytest
from django.db import connection, models
from django.utils import timezone
from django_q.models import OrmQ, Schedule, Task
from django_q.signing import SignedPackage
from picklefield.fields import dbsafe_decode

from cms.core.outbox import outbox_models
from cms.directory.members.applications import DecisionMail, MembershipApplication
from cms.directory.models import (
    MemberOrganisationIndexPage,
    MemberOrganisationPage,
    ProfileConfirmationRequest,
)
from cms.home.services import ensure_site
from cms.news.models import (
    NewsletterConfirmation,
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterSubscription,
)
from cms.people import retention
from cms.people.erasure import erase_on_request, purge_expired_people
from cms.people.models import (
    ErasureMail,
    MyPageMail,
    Person,
    QualificationGrant,
    QualificationMail,
)
from cms.people.services import issue_token, record_consent
from events import reports
from events import services as event_services
from events.courses.models import Attendance, CourseCompletion, ExpiryReminder
from events.fooddrives.models import Intake, Pledge, PledgeLine, PledgeMessage, Receipt
from events.fooddrives.queries import item_totals
from events.models import Feedback, FeedbackRequest, MeetingInvitation, Message, Registration
from tests.courses.conftest import make_course
from tests.fooddrives.conftest import make_drive
from tests.platforms import default_platform
from tests.volunteers.conftest import make_shift
from volunteers.models import ShiftSignup, Volunteer, VolunteerMail

pytestmark = pytest.mark.django_db

MARKER = "zq7mark"
EMAIL = f"{MARKER}@example.jp"
PHONE = "09071239876"

# Text the system writes, never a person: what a link opens, which notice was agreed to,
# random codes and the hash of a random token; and the organisation's name on a membership
# application (the organisation's, kept on record).
NOT_PERSONAL = {
    "people.AccessToken.purpose",
    "people.AccessToken.token_hash",
    "people.Consent.purpose",
    "people.Consent.notice_version",
    "people.QualificationGrant.certificate_number",
    "events.Registration.check_in_code",
    "directory.MembershipApplication.organisation_name",
    "directory.MembershipApplication.organisation_name_kana",
    # A signed package, planted whole (with the address inside) by `world`.
    "django_q.OrmQ.payload",
}


def person_models():
    """{model: lookup from it to the person} for every model whose rows point at a person, at
    any depth (a registration's attendance, a pledge's intake, a volunteer's sign-ups)."""
    found, todo = {}, [(Person, "pk")]
    while todo:
        model, lookup = todo.pop(0)
        if model in found:
            continue
        found[model] = lookup
        for relation in model._meta.related_objects:
            if not relation.related_model._meta.proxy:
                path = (
                    relation.field.name if model is Person else f"{relation.field.name}__{lookup}"
                )
                todo.append((relation.related_model, path))
    return found


def text_fields(model):
    """Every field of model that can hold what someone typed or an address: text, JSON and
    pickled fields (editable or not) that are not a choice or a key."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.get_internal_type() in ("CharField", "TextField", "JSONField")
        and not field.is_relation
        and not field.primary_key
        and not field.choices
        and f"{model._meta.label}.{field.name}" not in NOT_PERSONAL
    ]


def marker_for(field, pk):
    """The marker and the person's address, as much as the field takes (unique per row)."""
    if isinstance(field, models.JSONField):
        return [{"question": MARKER, "answer": f"{MARKER} {EMAIL}"}]
    for value in (f"{MARKER} {EMAIL} {PHONE} #{pk}", EMAIL):
        if field.max_length is None or len(value) <= field.max_length:
            return value
    raise AssertionError(f"{field} is too short for an address")


def make_member():
    index = MemberOrganisationIndexPage(title="参画団体", slug="members")
    ensure_site().add_child(instance=index)
    member = MemberOrganisationPage(title="つなぎ手", name_kana="つなぎて", organisation_type="npo")
    index.add_child(instance=member)
    member.save_revision().publish()
    return member


def first_choice(model, field="kind"):
    return model._meta.get_field(field).choices[0][0]


def world(supporter):
    """A person with a record of every kind, a stranger beside them, and the outbox's and
    django-q2's rows; returns (person, stranger, event, drive)."""
    today = timezone.localdate()
    course = make_course(supporter)
    event = course.event
    session = event.sessions.order_by("starts_at").first()
    registration, _ = event_services.register(
        event, quota=event.quotas.get(), name="鳥取 花子", email=EMAIL, phone=PHONE
    )
    person = registration.person
    stranger_registration, _ = event_services.register(
        event, quota=event.quotas.get(), name="別の人", email="other@example.jp"
    )
    for r in (registration, stranger_registration):
        Attendance.objects.create(
            registration=r, session=session, mark=first_choice(Attendance, "mark"), note="よく参加"
        )
        Feedback.objects.create(registration=r, event=event, rating=4, comment="よかった")
    CourseCompletion.objects.create(course=course, registration=registration, completed_on=today)
    Message.objects.create(registration=registration, kind=first_choice(Message))
    FeedbackRequest.objects.create(registration=registration)
    member = make_member()
    MeetingInvitation.objects.create(event=event, organisation=member)
    ProfileConfirmationRequest.objects.create(page=member, year=today.year)

    grant = QualificationGrant.objects.create(
        person=person, qualification=supporter, granted_on=today
    )
    QualificationMail.objects.create(grant=grant)
    ExpiryReminder.objects.create(grant=grant, valid_until=today)
    issue_token(person, registration.token_purpose)
    record_consent(person, "event-registration", "page-1-rev-1")
    ErasureMail.objects.create(person=person, kind=ErasureMail.Kind.LINK)
    MyPageMail.objects.create(person=person)

    drive = make_drive()
    item = drive.items.first()
    pledge = Pledge.objects.create(
        drive=drive,
        person=person,
        point=drive.points.first(),
        drop_off_on=today + timedelta(days=1),
    )
    PledgeLine.objects.create(pledge=pledge, item=item, quantity=2)
    Intake.objects.create(drive=drive, item=item, pledge=pledge, quantity=2, received_on=today)
    PledgeMessage.objects.create(pledge=pledge, kind=first_choice(PledgeMessage))
    Receipt.objects.create(
        platform=default_platform(),
        fiscal_year=2026,
        number=1,
        drive=drive,
        pledge=pledge,
        addressee=person.name,
        issued_on=today,
    )

    volunteer = Volunteer.objects.create(person=person)
    ShiftSignup.objects.create(
        shift=make_shift(), volunteer=volunteer, status=first_choice(ShiftSignup, "status")
    )
    VolunteerMail.objects.create(volunteer=volunteer, kind=first_choice(VolunteerMail))

    application = MembershipApplication.objects.create(
        platform=default_platform(),
        contact=person,
        organisation_name="つなぎ手の会",
        organisation_name_kana="つなぎてのかい",
        organisation_type=first_choice(MembershipApplication, "organisation_type"),
        representative_role="代表",
        description="見守り",
        duplicate_key="key",
    )
    DecisionMail.objects.create(application=application)
    platform = default_platform()
    subscription = NewsletterSubscription.objects.create(platform=platform, person=person)
    NewsletterConfirmation.objects.create(platform=platform, subscription=subscription)
    issue = NewsletterIssue.objects.create(platform=platform, subject="お知らせ")
    NewsletterDelivery.objects.create(issue=issue, subscription=subscription)

    now = timezone.now()
    Task.objects.create(
        id="a" * 32, name="task", func="cms.core.tasks.x", started=now, stopped=now, success=False
    )
    Schedule.objects.create(name="one-off", func="cms.core.tasks.x", schedule_type=Schedule.ONCE)
    OrmQ.objects.create(
        key="tsunagu",
        payload=SignedPackage.dumps(
            {
                "id": "b" * 32,
                "name": "queued",
                "func": "cms.core.tasks.x",
                "args": (EMAIL,),
                "kwargs": {},
            }
        ),
    )
    return person, stranger_registration.person, event, drive


def plant(person):
    """The marker in every text field of every row about the person, and of every outbox and
    django-q2 row."""
    targets = dict(person_models())
    for model in [*outbox_models(), Task, OrmQ, Schedule]:
        targets.setdefault(model, None)
    for model, lookup in targets.items():
        fields = text_fields(model)
        if not fields:
            continue
        rows = model._default_manager.all()
        if lookup is not None:
            rows = rows.filter(**{lookup: person.pk})
        # A new model that points at a person fails here until world() makes a row of it.
        assert rows.exists(), f"world() makes no {model._meta.label} to plant in"
        for pk in rows.values_list("pk", flat=True):
            model._default_manager.filter(pk=pk).update(
                **{field.attname: marker_for(field, pk) for field in fields}
            )


def decoded(value):
    """value, and what it holds when it is a pickled field or a signed package."""
    yield value
    for decode in (dbsafe_decode, SignedPackage.loads):
        with contextlib.suppress(Exception):  # not of that kind
            yield repr(decode(value))


def where_is(text):
    """[(table, column)] of every column of every table that holds text, decoded or not."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # Table names from the database itself, quoted.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, (bytes, memoryview)):
                        value = bytes(value).decode("utf-8", "replace")
                    elif isinstance(value, (dict, list)):  # jsonb, decoded by psycopg
                        value = json.dumps(value, ensure_ascii=False)
                    if isinstance(value, str) and any(
                        text.casefold() in part.casefold() for part in decoded(value)
                    ):
                        found.append((table, column))
    return found


def figures(event, drive):
    feedback = reports.feedback_figures(event)
    del feedback["comments"]
    return {
        "attendance": reports.attendance_figures(event),
        "feedback": feedback,
        "food": [(t.pledged, t.received, t.distributed) for t in item_totals(drive)],
        "rows": {
            model._meta.label: model.objects.count()
            for model in (
                Registration,
                Attendance,
                Feedback,
                Pledge,
                PledgeLine,
                Intake,
                ShiftSignup,
                Volunteer,
            )
        },
    }


@pytest.fixture
def supporter():
    from cms.people.models import Qualification

    return Qualification.objects.create(
        platform=default_platform(),
        name="つながりサポーター",
        slug="tsunagari-supporter",
        validity_years=3,
    )


@pytest.mark.parametrize("how", ["on request", "by retention"])
def test_erasure_leaves_no_trace_of_the_person_anywhere(supporter, how, settings, monkeypatch):
    person, stranger, event, drive = world(supporter)
    plant(person)
    # What quotes someone else stays.
    Message.objects.filter(registration__person=stranger).update(last_error="550 other@example.jp")
    Task.objects.create(
        id="c" * 32,
        func="cms.core.tasks.x",
        result="550 other@example.jp",
        success=False,
        started=timezone.now(),
        stopped=timezone.now(),
    )
    assert where_is(MARKER)  # the search finds what is there
    before = figures(event, drive)

    if how == "on request":
        assert erase_on_request([person], None, person.platform) == 1
    else:
        settings.PEOPLE_RETENTION_DAYS = 30
        Person.objects.filter(pk=person.pk).update(
            last_active_at=timezone.now() - timedelta(days=60)
        )
        # The person still has a course to come, a shift and food to bring: the holds that
        # keep them are proven elsewhere (test_retention); here, what the purge erases.
        monkeypatch.setattr(retention, "_holds", [])
        assert purge_expired_people() == 1

    assert where_is(MARKER) == []
    assert figures(event, drive) == before
    stranger.refresh_from_db()
    assert stranger.email == "other@example.jp"
    assert Attendance.objects.filter(registration__person=stranger, note="よく参加").exists()
    assert Feedback.objects.filter(registration__person=stranger, comment="よかった").exists()
    assert Message.objects.filter(last_error="550 other@example.jp").exists()
    assert Task.objects.filter(id="c" * 32).exists()
