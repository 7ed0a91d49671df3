"""What needs the secretariat's attention, made on a platform for the dashboard's tests: `n`
things of each kind, so that a test can compare a platform's counts and two data sizes."""

from datetime import timedelta
from itertools import count

from django.utils import timezone
from wagtail.models import GroupApprovalTask, Locale, Workflow, WorkflowTask

from cms.directory.members.applications import DecisionMail, MembershipApplication
from cms.directory.windows.models import ConsultationWindow
from cms.people.models import Person, Qualification, QualificationGrant
from events.capacity import Status
from events.models import Registration
from tests.events.conftest import make_event
from tests.events.conftest import make_index as make_event_index
from tests.fooddrives.admin_fixtures import make_drive, make_pledge
from tests.volunteers.conftest import make_opportunity, make_shift

_numbers = count(1)


def _person(platform, label):
    number = Person.objects.count() + 1
    return Person.objects.create(
        platform=platform, name=f"{label}{number}", email=f"p{number}@example.jp"
    )


def _moderation():
    """A one-step workflow (the secretariat approves), made once."""
    workflow, created = Workflow.objects.get_or_create(name="ダッシュボードの確認")
    if created:
        task = GroupApprovalTask.objects.create(name="事務局の確認")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def make_attention(platform, n=1, *, by=None):
    """`n` of each thing the secretariat of `platform` attends to today: applications (each
    with a decision mail that failed), shifts short of people, events with a waitlist and an
    offer that runs out soon, pledges due today, windows never re-checked, qualifications that
    expire this month, and (with `by`, an account) pages in moderation."""
    home = platform.site.root_page
    ja = Locale.objects.get(language_code="ja")
    now, today = timezone.now(), timezone.localdate()
    qualification = Qualification.objects.create(
        platform=platform,
        name="サポーター",
        slug=f"q-{platform.slug}-{Qualification.objects.count()}",
    )
    opportunity = make_opportunity(f"仕分け {platform.slug}", platform=platform)
    drive = make_drive(f"ドライブ {platform.slug}", home=home)
    index = make_event_index(home)
    for i in range(n):
        application = MembershipApplication.objects.create(
            platform=platform,
            organisation_name=f"NPO {platform.slug} {i}",
            organisation_name_kana="えぬぴーおー",
            organisation_type="npo",
            representative_role="理事長",
            description="見守り",
            duplicate_key=f"{platform.slug}-{MembershipApplication.objects.count()}",
        )
        DecisionMail.objects.create(application=application, attempts=2, last_error="refused")
        make_shift(opportunity, hours=24 * (i + 2))
        event = make_event(
            f"満席の講演会 {platform.slug} {i}",
            capacity=1,
            index=index,
            slug=f"full-{platform.slug}-{next(_numbers)}",
        )
        quota = event.quotas.first()
        for status, expires in (
            (Status.CONFIRMED, None),
            (Status.OFFERED, now + timedelta(hours=3)),
            (Status.WAITLISTED, None),
        ):
            Registration.objects.create(
                event=event,
                quota=quota,
                person=_person(platform, "参加"),
                status=status,
                offer_expires_at=expires,
            )
        make_pledge(drive, day=0, n=1000 * (platform.pk or 0) + i)
        ConsultationWindow.objects.create(
            platform=platform, name=f"相談窓口 {i}", locale=ja, last_verified=None
        )
        QualificationGrant.objects.create(
            person=_person(platform, "修了"),
            qualification=qualification,
            granted_on=today - timedelta(days=1000),
            valid_until=today,
        )
        if by is not None:
            _moderation().start(event, by)
    return {"drive": drive, "opportunity": opportunity}
