"""Who may open which admin page: every admin URL of the project's own (the apps' admin views
and the viewsets and snippets they register), for every role of `cms.core.roles`, Wagtail's
Editors and Moderators, a deactivated secretariat account and nobody logged in, against one
table. Allowed is a page (200) or a redirect to anywhere but the login and the dashboard;
denied is 403, or a redirect to the login or to the dashboard (Wagtail's refusal). A new admin
URL that the table does not list fails the test of each role, which prints what it got. The same
demo shows that opening a screen of personal data is logged."""

from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Site

from cms.core.models import ExportLog
from cms.directory.members.services import apply_for_membership
from cms.directory.models import MemberOrganisationPage
from cms.news.models import NewsletterIssue
from cms.people.models import QualificationGrant
from cms.people.services import people_by_contact
from events.capacity import LIVE
from events.fooddrives import queries as food_queries
from events.fooddrives.models import Distribution, Intake, Pledge
from events.models import Registration
from tests.platforms import default_platform
from tests.roles import (
    coordinator,
    data_protection_officer,
    editor,
    food_drive_desk,
    moderator,
    secretariat,
    trainer,
)
from volunteers.models import ShiftSignup, Volunteer

pytestmark = pytest.mark.usefixtures("shared_demo")

PROJECT = ("cms.", "events.", "volunteers.", "sponsors.")

S, MEMBER, T, C, DESK, DPO, ED, MOD, GONE, ANON = (
    "secretariat",
    "member",
    "trainer",
    "coordinator",
    "desk",
    "dpo",
    "editor",
    "moderator",
    "deactivated",
    "anonymous",
)
ROLES = (S, MEMBER, T, C, DESK, DPO, ED, MOD, GONE, ANON)

STAFF = {S, MEMBER, T, C, DESK, DPO, ED, MOD}  # everyone who may use the admin
NOBODY = set()


def snippet(app, model, *, view, change, add, delete, chooser=STAFF, chosen=None):
    """The rows of a snippet's views and of its chooser, from who holds which of its model
    permissions (`cms.core.roles`). Wagtail lets everyone in the admin use a snippet's chooser,
    except where the snippet's rows are people (`PeopleChooserViewSet`); a scoped chooser
    (`cms.core.platform_admin`) answers one row (`chosen`) only to those who may see it."""
    views = {
        "list": view,
        "list_results": view,
        "edit": change,
        "history": change,
        "history_results": change,
        "usage": change,
        "add": add,
        "copy": add,
        "delete": delete,
    }
    choosers = {
        "choose": chooser,
        "choose_results": chooser,
        "chosen": chooser if chosen is None else chosen,
        "chosen_multiple": chooser,
        "create": add,
    }
    return {
        **{f"wagtailsnippets_{app}_{model}:{name}": roles for name, roles in views.items()},
        **{
            f"wagtailsnippetchoosers_{app}_{model}:{name}": roles
            for name, roles in choosers.items()
        },
    }


def secretariat_snippet(app, model):
    return snippet(app, model, view={S}, change={S}, add={S}, delete={S})


EXPECTED = {
    # Event registrations: names, phones, check-in. Editing the event page is not enough.
    "events_admin:registrations": {S},
    "events_admin:add": {S},
    "events_admin:export": {S},
    "events_admin:export_xlsx": {S},
    "events_admin:check_in": {S},
    "events_admin:message": {S},
    "events_admin:report": {S},
    # The yearly tables of before lead to the yearly report, which says who may read it.
    "events_admin:yearly_report": STAFF,
    # Food drives: the desk receives and hands over, without editing the drive's page.
    "fooddrives_admin:index": {S, DESK},
    "fooddrives_admin:drive": {S, DESK},
    "fooddrives_admin:add": {S, DESK},
    "fooddrives_admin:receive": {S, DESK},
    "fooddrives_admin:cancel": {S, DESK},
    "fooddrives_admin:intake": {S, DESK},
    "fooddrives_admin:hand_over": {S, DESK},
    "fooddrives_admin:correct_stock": {S, DESK},
    "fooddrives_admin:pledge_receipt": {S, DESK},
    "fooddrives_admin:intake_receipt": {S, DESK},
    "fooddrives_admin:hand_over_slip": {S, DESK},
    "fooddrives_admin:export": {S, DESK},
    "fooddrives_admin:export_xlsx": {S, DESK},
    "fooddrives_admin:stock_export": {S, DESK},
    "fooddrives_admin:stock_export_xlsx": {S, DESK},
    "fooddrives_admin:yearly_report": STAFF,
    # Volunteer rosters: the coordinators and the secretariat.
    "volunteers_admin:index": {S, C},
    "volunteers_admin:roster": {S, C},
    "volunteers_admin:export": {S, C},
    "volunteers_admin:export_xlsx": {S, C},
    "volunteers_admin:hours_certificate": {S, C},
    "volunteers_admin:poster": {S, C},
    # Supporters and courses.
    "courses_registry": {S},
    # The yearly report (figures only): the secretariat (and a prefecture's staff, not here).
    "yearly_report": {S},
    "yearly_report_xlsx": {S},
    "yearly_report_pdf": {S},
    "people_extend_qualifications": {S},
    # Readings (furigana) suggested to whoever edits a page: nothing private.
    "furigana_suggestions": STAFF,
    # Requests about one's own data: the data-protection officer alone.
    "people_data_requests": {DPO},
    "people_open_data_requests": {DPO},
    # The access log: read by the secretariat and the data-protection officer, changed by
    # nobody.
    "export_log:index": {S, DPO},
    "export_log:index_results": {S, DPO},
    "export_log:inspect": {S, DPO},
    "export_log:add": NOBODY,
    "export_log:edit": NOBODY,
    "export_log:delete": NOBODY,
    "export_log:history": NOBODY,
    "export_log:history_results": NOBODY,
    "export_log:usage": NOBODY,
    "undelivered_mail": {S, C, DESK},
    # Platforms: a new one is the installation's (superusers only); each platform's settings
    # are its own secretariat's.
    "new_platform": NOBODY,
    "my_platform_settings": {S},
    "platform_settings": {S},
    # Members: their own profile (any page editor may confirm it) and calendar sources.
    "member_confirm_profile": {S, MEMBER, ED, MOD},
    "member_membership": {S, MOD},
    "calendar_sources:index": {S, MEMBER},
    "calendar_sources:index_results": {S, MEMBER},
    "calendar_sources:add": {S, MEMBER},
    "calendar_sources:edit": {S, MEMBER},
    "calendar_sources:delete": {S, MEMBER},
    "calendar_sources:history": {S, MEMBER},
    "calendar_sources:history_results": {S, MEMBER},
    "calendar_sources:usage": {S, MEMBER},
    "membership_applications:index": {S},
    "membership_applications:index_results": {S},
    "membership_applications:inspect": {S},
    "membership_applications:edit": {S},
    "membership_applications:history": {S},
    "membership_applications:history_results": {S},
    "membership_applications:usage": {S},
    "membership_applications:add": NOBODY,
    "membership_applications:delete": NOBODY,
    "memberships:index": {S, MOD},
    "memberships:index_results": {S, MOD},
    "memberships:edit": {S, MOD},
    "memberships:history": {S, MOD},
    "memberships:history_results": {S, MOD},
    "memberships:usage": {S, MOD},
    "memberships:add": NOBODY,
    "memberships:delete": NOBODY,
    "newsletter_issues:index": {S},
    "newsletter_issues:index_results": {S},
    "newsletter_issues:add": {S},
    "newsletter_issues:edit": {S},
    "newsletter_issues:delete": {S},
    "newsletter_issues:history": {S},
    "newsletter_issues:history_results": {S},
    "newsletter_issues:usage": {S},
    "unverified_windows": {S},
    "unverified_windows_results": {S},
    **secretariat_snippet("core", "topic"),
    **secretariat_snippet("directory", "consultationwindow"),
    # a nationwide window is opened read-only by every platform's secretariat
    "wagtailsnippets_directory_consultationwindow:inspect": {S},
    **secretariat_snippet("directory", "membershiptier"),
    **secretariat_snippet("navigator", "worry"),
    **secretariat_snippet("news", "newscategory"),
    **secretariat_snippet("people", "qualification"),
    **secretariat_snippet("site_search", "synonym"),
    **snippet(
        "courses", "trainingcourse", view={S}, change={S}, add={S}, delete=NOBODY, chosen={S}
    ),
    **snippet(
        "people", "qualificationgrant", view={S}, change={S}, add={S}, delete={S}, chooser={S}
    ),
    **snippet("sponsors", "sponsor", view={S, MOD}, change={S, MOD}, add={S, MOD}, delete={S, MOD}),
    **snippet(
        "sponsors", "sponsorship", view={S, MOD}, change={S, MOD}, add={S, MOD}, delete={S, MOD}
    ),
    # the tiers came after Moderators stopped being the secretariat's group
    **snippet("sponsors", "sponsortier", view={S}, change={S}, add={S}, delete={S}),
    **snippet("volunteers", "volunteeropportunity", view={S, C}, change={S}, add={S}, delete={S}),
    **snippet("volunteers", "role", view={S, C}, change={S}, add={S}, delete={S}),
    **snippet("volunteers", "shift", view={S, C}, change={S, C}, add={S, C}, delete={S, C}),
    **snippet(
        "volunteers", "volunteer", view={S, C}, change={S, C}, add={S}, delete={S}, chooser={S, C}
    ),
    # Events from calendars the secretariat does not trust wait for its review (Moderators,
    # the secretariat of earlier releases, review them too); no one adds or deletes them by
    # hand: the import does.
    **snippet("events", "importedevent", view={S, MOD}, change={S, MOD}, add=NOBODY, delete=NOBODY),
    **{
        f"wagtailsnippets_events_importedevent:{name}": {S, MOD}
        for name in ("unpublish", "workflow_history")
    },
    # Whether cancelling a workflow needs confirming: Wagtail tells anyone in the admin, and
    # says no more than that.
    "wagtailsnippets_events_importedevent:confirm_workflow_cancellation": STAFF,
    # These name a revision, a task or a workflow state that the demo's trusted calendar never
    # made (it publishes what it imports): every role gets the same 404.
    **{
        f"wagtailsnippets_events_importedevent:{name}": NOBODY
        for name in (
            "revisions_compare",
            "revisions_revert",
            "revisions_unschedule",
            "workflow_action",
            "collect_workflow_action_data",
            "workflow_history_detail",
        )
    },
}


@dataclass
class Objects:
    """The demo objects that fill the URLs' arguments."""

    event: object
    drive: object
    pledge: object
    signup: object
    member_page: object
    intake: object
    distribution: object


def admin_urls():
    """(name, route, model) of every admin URL pattern of the project's own."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                joined = f"{namespace}:{inner}" if namespace and inner else namespace or inner
                walk(pattern.url_patterns, prefix + str(pattern.pattern), joined)
            elif isinstance(pattern, URLPattern) and prefix.startswith("admin/"):
                callback = pattern.callback
                model = getattr(callback, "view_initkwargs", {}).get("model") or getattr(
                    getattr(callback, "view_class", None), "model", None
                )
                if isinstance(model, str):
                    model = apps.get_model(model)
                ours = callback.__module__.startswith(PROJECT) or (
                    model is not None and model.__module__.startswith(PROJECT)
                )
                if ours:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                    found.append((name, pattern, model))

    walk(get_resolver().url_patterns, "", "")
    return found


def first_of_the_platform(model):
    """The first row of `model` that the default platform's staff own: a nationwide window
    is every platform's to read and no platform's to change."""
    rows = model._default_manager.order_by("pk")
    if any(field.name == "nationwide" for field in model._meta.fields):
        rows = rows.filter(nationwide=False)
    return rows.first()


def url_for(name, pattern, model, objects):
    values = {
        "event_id": objects.event.pk,
        "drive_id": objects.drive.pk,
        "pledge_id": objects.pledge.pk,
        "intake_id": objects.intake.pk,
        "distribution_id": objects.distribution.pk,
        "opportunity_id": objects.signup.shift.opportunity_id,
        "volunteer_id": objects.signup.volunteer_id,
        "page_id": objects.member_page.pk,
        "action_name": "approve",
        "task_state_id": 0,
        "workflow_state_id": 0,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "site_pk": Site.objects.get(is_default_site=True).pk,
    }
    kwargs = {}
    # a regular expression's named groups too (Wagtail's revision comparison has one)
    for key in pattern.pattern.regex.groupindex:
        if key == "pk":
            kwargs[key] = first_of_the_platform(model).pk
        elif key == "revision_id":
            row = model._default_manager.order_by("pk").first()
            kwargs[key] = row.latest_revision_id or 0
        else:
            kwargs[key] = values[key]
    return reverse(name, kwargs=kwargs)


def outcome(client, url):
    """ "allowed", "denied" or what went wrong. A view that takes only POST is sent an empty
    form. Each request is in a transaction rolled back after it, and its cookies are dropped:
    the next request finds the session and the database as the login left them."""
    cookies = client.cookies
    client.cookies = SimpleCookie(cookies)
    with transaction.atomic():
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        transaction.set_rollback(True)
    client.cookies = cookies
    if response.status_code in (403, 404):
        return "denied"  # 404: hidden, as another member's calendar source is
    if response.status_code in (301, 302):
        location = response["Location"].split("?")[0]
        if location in (reverse("wagtailadmin_home"), reverse("wagtailadmin_login")):
            return "denied"
        if location.endswith(url) and location != url:
            # The language middleware answers a 404 with the address under /ja/.
            return "denied"
        return "allowed"
    if response.status_code == 200:
        return "allowed"
    return f"status {response.status_code}"


def users():
    """A user per role, logged in as each would be."""
    User = get_user_model()
    gone = secretariat("former-secretariat")
    gone.is_active = False
    gone.save()
    return {
        S: secretariat(),
        MEMBER: User.objects.get(username="demo-member"),
        T: trainer(),
        C: coordinator(),
        DESK: food_drive_desk(),
        DPO: data_protection_officer(),
        ED: editor(),
        MOD: moderator(),
        GONE: gone,
        ANON: None,
    }


def demo_objects():
    pledge = Pledge.objects.select_related("drive").order_by("pk").first()
    return Objects(
        event=Registration.objects.order_by("pk").first().event,
        drive=pledge.drive,
        pledge=pledge,
        signup=ShiftSignup.objects.select_related("shift").order_by("pk").first(),
        member_page=MemberOrganisationPage.objects.get(
            slug="iiyama-shakyo", locale__language_code="ja"
        ),
        intake=Intake.objects.filter(drive=pledge.drive).order_by("pk").first(),
        distribution=Distribution.objects.filter(drive=pledge.drive).order_by("pk").first(),
    )


def objects_the_demo_lacks():
    """One row of each model with an admin viewset that the demo has none of."""
    ExportLog.objects.create(
        platform=default_platform(), kind="registrations", rows=1, target_label="demo"
    )
    NewsletterIssue.objects.create(platform=default_platform(), subject="つなぐ通信 第1号")
    apply_for_membership(
        site=Site.objects.get(is_default_site=True),
        organisation_name="NPO つながり",
        organisation_name_kana="えぬぴーおーつながり",
        organisation_type="npo",
        representative_role="代表",
        description="居場所づくり",
        contact_name="山田 太郎",
        contact_email="yamada@example.com",
    )


def logged_in(user):
    """A client with user's session (none for nobody), logged in once for all its requests."""
    client = Client()
    if user is not None:
        # The deactivated account was deactivated after it logged in.
        client.force_login(user)
    return client


def observed_column(role):
    """What role gets at every admin URL, by URL name."""
    objects = demo_objects()
    objects_the_demo_lacks()
    client = logged_in(users()[role])
    return {
        name: outcome(client, url_for(name, pattern, model, objects))
        for name, pattern, model in admin_urls()
    }


# One test per role: each is a work unit of its own when the suite runs in parallel (see
# unit_key in tests/conftest.py), so that the two workers share the 3000 requests.
@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_allows_and_denies_the_role_as_the_table_says(role):
    problems = []
    for name, got in sorted(observed_column(role).items()):
        if name not in EXPECTED:
            problems.append(f"not in the table: {name!r}: {role} {got}")
            continue
        want = "allowed" if role in EXPECTED[name] else "denied"
        if got != want:
            problems.append(f"{name}: {role} {got}, expected {want}")
    assert problems == [], "\n".join(problems)


def test_every_url_the_table_lists_exists():
    names = {name for name, _, _ in admin_urls()}
    assert sorted(set(EXPECTED) - names) == []


def test_opening_a_screen_of_personal_data_is_logged_with_who_what_and_rows(client):
    objects = demo_objects()
    staff, officer = secretariat(), data_protection_officer()
    registrations = Registration.objects.filter(event=objects.event).count()
    pledges = min(food_queries.drive_pledges(objects.drive).count(), 100)  # one page
    opportunity = objects.signup.shift.opportunity
    signups = ShiftSignup.objects.filter(shift__opportunity=opportunity, status__in=LIVE).count()
    screens = [
        (
            staff,
            reverse("events_admin:registrations", args=[objects.event.pk]),
            "registrations",
            objects.event,
            registrations,
        ),
        (
            staff,
            reverse("fooddrives_admin:drive", args=[objects.drive.pk]),
            "pledges",
            objects.drive,
            pledges,
        ),
        (
            staff,
            reverse("volunteers_admin:roster", args=[opportunity.pk]),
            "roster",
            opportunity,
            signups,
        ),
        (
            staff,
            reverse("wagtailsnippets_volunteers_volunteer:list"),
            "volunteers",
            None,
            min(Volunteer.objects.count(), 20),
        ),
        (
            staff,
            reverse("wagtailsnippets_people_qualificationgrant:list"),
            "supporter registry",
            None,
            min(QualificationGrant.objects.count(), 20),
        ),
    ]
    for user, url, kind, target, rows in screens:
        client.force_login(user)
        assert client.get(url).status_code == 200
        entry = ExportLog.objects.order_by("-pk").first()
        assert (entry.user, entry.action, entry.kind) == (user, "view", kind), url
        assert (entry.target, entry.rows) == (target, rows), url
        assert rows > 0, url  # the demo shows someone on each screen

    client.force_login(officer)
    person = objects.pledge.person
    found = client.post(reverse("people_data_requests"), {"email": person.email, "action": "find"})
    assert found.status_code == 200
    entry = ExportLog.objects.order_by("-pk").first()
    rows = people_by_contact(person.platform, email=person.email).count()
    assert (entry.user, entry.kind, entry.rows) == (officer, "personal data search", rows)
    assert person.email not in str(vars(entry))  # the address asked about is not logged


def test_choosing_people_by_a_key_that_is_no_key_chooses_nobody(client, db):
    """Wagtail's "chosen multiple" raised a 500 on `?id=abc` (found by the query-parameter
    fuzz test): the people's choosers choose nobody instead."""
    client.force_login(secretariat())
    for name in (
        "wagtailsnippetchoosers_people_qualificationgrant:chosen_multiple",
        "wagtailsnippetchoosers_volunteers_volunteer:chosen_multiple",
    ):
        response = client.get(reverse(name), {"id": ["abc", "²", "9" * 30, "1"]})
        assert response.status_code == 200, name
