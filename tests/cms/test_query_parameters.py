"""No query parameter of any page answers 500 (issue 16): every URL pattern of the project and
every route of every page type, on the demo site, anonymous and as a superuser, with values
generated for every parameter its view reads (text of any script, digits of any script, huge
and negative numbers, dates out of range, control and format characters, long strings,
repeated keys).

Which parameters a view reads is listed below, by URL name or by page type and route. A first
crawl records every name a view reads from `request.GET`, and the source is searched for every
name read from a query string or a raw POST: a name found by either and not listed fails the
test, so a new parameter is fuzzed from the day it is written."""

import re
import unicodedata
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site, get_page_models

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
APPS = ("cms", "events", "volunteers", "sponsors")

# The parameters each view reads from its query string, by URL name (namespace:name) or by
# page type and route ("EventIndexPage:" is the page itself).
LISTING_FILTERS = {"category", "topic", "organiser", "area", "attendance"}
SHIFT_FILTERS = {"role", "date", "day", "area", "opportunity", "needs", "place", "page"}
# Wagtail's listings in the admin: search, order, pages, exports, filters.
ADMIN_LISTING = {"_w_filter_fragment", "export", "ordering", "p", "q"}
PARAMETERS = {
    # municipality: on a prefecture's platform, its municipalities' events
    "EventIndexPage:": {"month", "view", "when", "page", "municipality", *LISTING_FILTERS},
    "EventIndexPage:calendar/": {"municipality", *LISTING_FILTERS},
    "NewsIndexPage:": {"category", "tag", "year", "page"},
    "MemberOrganisationIndexPage:": {"type", "field", "group", "area"},
    "MemberOrganisationIndexPage:apply/sent/": {"again"},
    "IbashoIndexPage:": {"q", "area", "group", "worry", "day", "page", "free", "soon", "kind"}
    | {"municipality"},
    "IbashoIndexPage:geojson/": {"q", "area", "group", "worry", "day", "free", "soon"},
    "FoodDriveIndexPage:": {"page"},
    "navigator:navigator": {
        "worry",
        "area",
        "q",
        "age",
        "channel",
        "who",
        "gender",
        "foreign",
        "carer",
    },
    "navigator:young": {"worry", "channel"},
    "navigator:windows": {
        "q",
        "worry",
        "who",
        "channel",
        "open_now",
        "open_24h",
        "free",
        "anonymous",
        "language",
    }
    | {"municipality", "page"},
    "site_search:search": {"q", "page"},
    "people:verify_certificate": {"number"},
    "volunteers:shifts": SHIFT_FILTERS,
    "volunteers:shifts_calendar": SHIFT_FILTERS,
    "volunteers:my_shifts": SHIFT_FILTERS,
    "volunteers:kiosk": SHIFT_FILTERS,
    "volunteers:join": {"opportunity"},
    "volunteers:confirm": {"opportunity"},
    "volunteers:kiosk_link": {"date"},
    "volunteers:kiosk_forget": {"date"},
    "volunteers_admin:roster": {"date"},
    "volunteers_admin:poster": {"date"},
    "events_admin:registrations": {"q"},
    "events_admin:check_in": {"q"},
    "events_admin:yearly_report": {"year"},
    "courses_registry": {"q", "qualification", "status", "page"},
    "yearly_report": {"year", "platform"},
    "yearly_report_xlsx": {"year", "platform"},
    "yearly_report_pdf": {"year", "platform"},
    "fooddrives_admin:drive": {"status", "point", "day", "q", "p"},
    "fooddrives_admin:yearly_report": {"year"},
    **{
        f"fooddrives_admin:{name}": {"next"}
        for name in (
            "add",
            "intake",
            "hand_over",
            "receive",
            "cancel",
            "correct_stock",
            "pledge_receipt",
            "intake_receipt",
        )
    },
    "unverified_windows": ADMIN_LISTING,
    "unverified_windows_results": ADMIN_LISTING,
    "memberships:index": {*ADMIN_LISTING, "status", "tier"}
    | {"last_confirmed_on_from", "last_confirmed_on_to"},
    "memberships:index_results": {*ADMIN_LISTING, "status", "tier"}
    | {"last_confirmed_on_from", "last_confirmed_on_to"},
    "calendar_sources:index": {*ADMIN_LISTING, "active"},
    "calendar_sources:index_results": {*ADMIN_LISTING, "active"},
    "calendar_sources:edit": {"_w_hydrate_create_view"},
    "platform_settings": {"_w_hydrate_create_view"},
    # the display preferences' POST forms: the choice and the page to go back to
    "text_size": {"size", "next"},
    "set_preference": {"value", "next"},
    "calendar_sources:delete": {"next"},
    # the supporter registry and the volunteers, whose listings log who viewed them
    **{
        f"wagtailsnippets_people_qualificationgrant:{name}": {*ADMIN_LISTING, "qualification"}
        | {"contact_for_volunteering", "granted_on__gte", "granted_on__lte"}
        | {"valid_until__gte", "valid_until__lte"}
        for name in ("list", "list_results")
    },
    **{
        f"wagtailsnippets_volunteers_volunteer:{name}": ADMIN_LISTING
        for name in ("list", "list_results")
    },
    # their choosers, which the people's viewsets close to those without rights on them
    **{
        f"wagtailsnippetchoosers_{model}:{name}": parameters
        for model in ("people_qualificationgrant", "volunteers_volunteer")
        for name, parameters in {
            "choose": {"multiple", "p"},
            "choose_results": {"multiple", "p"},
            "chosen": {"multiple"},
            "chosen_multiple": {"id"},
            "create": {"multiple"},
        }.items()
    },
    # the choosers of a platform's snippets, which offer only the staff's platforms' rows
    **{
        f"wagtailsnippetchoosers_{model}:{name}": parameters
        for model, parameters in {
            "news_newscategory": {"locale", "multiple", "p"},
            "sponsors_sponsor": {"locale", "multiple", "p", "q"},
        }.items()
        for name in ("choose", "choose_results")
    },
}
# Fields a view reads from a POST by hand (not through a form), by URL name: posted as staff.
POSTED = {
    "events_admin:registrations": {"registration"},
    "events_admin:check_in": {"action", "registration", "code", "name", "name_kana", "quota"},
    "volunteers_admin:roster": {"action", "signup"},
    "people:volunteer_contact": {"grant"},
    "people:request_contact_link": {"number"},
    "fooddrives_admin:receive": {"next"},
    "fooddrives_admin:cancel": {"next"},
    "undelivered_mail": {"outbox", "pk"},
    "people_data_requests": {"action", "confirm"},
    "people_open_data_requests": {"action", "request"},
}
# The crawl's own parameter: a form bound to the query string (`request.GET or None`) reads
# its fields only when the query string is not empty.
NOT_PARAMETERS = {"_probe"}

QUERY_READ = re.compile(
    r"""(?<![\w.])(?:request\.GET|params)(?:\.(?:get|getlist|pop)\(\s*|\[)["'](\w+)["']"""
)
POST_READ = re.compile(r"""request\.POST(?:\.(?:get|getlist)\(\s*|\[)["'](\w+)["']""")

# Values people or programs could put in a URL. Numbers weigh most: most parameters are one.
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
# Every character Python reads as a digit: ٣ and ３ (which int() takes), ² and ① (which not).
DIGITS = [chr(code) for code in range(0x110000) if unicodedata.digit(chr(code), None) is not None]
numbers = st.one_of(
    st.text(alphabet=st.sampled_from(DIGITS), min_size=1, max_size=6),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.integers(min_value=0, max_value=10**6).map(lambda n: str(n).translate(FULL_WIDTH)),
    st.integers(min_value=300, max_value=5000).map(lambda n: "9" * n),
)
dates = st.one_of(
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    st.tuples(st.integers(-1, 99999), st.integers(-1, 13)).map(lambda ym: f"{ym[0]}-{ym[1]:02d}"),
)
texts = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs"]), min_size=1, max_size=8),
    st.integers(min_value=300, max_value=5000).map(lambda n: "あ" * n),
    st.just(""),
)
values = st.one_of(numbers, numbers, dates, texts)


class RecordingQueryDict(QueryDict):
    """A query string that notes the names read from it (and from its copies)."""

    read = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


def recording_get(request):
    raw = request.environ.get("QUERY_STRING", "")
    return RecordingQueryDict(raw.encode("iso-8859-1"), encoding=request._encoding)


def url_patterns(patterns=None, namespace=()):
    """(namespaced name, argument names) of the project's own URL patterns."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from url_patterns(pattern.url_patterns, inner)
            continue
        view = getattr(pattern.callback, "view_class", pattern.callback)
        if view.__module__.split(".")[0] in APPS:
            # a regular expression's named groups too (Wagtail's revision comparison has one)
            yield ":".join((*namespace, pattern.name)), list(pattern.pattern.regex.groupindex)


VOLUNTEER_LINK_PAGES = ("my_page", "my_shifts", "hours_certificate", "sign_up", "cancel", "swap")
VOLUNTEER_LINK_PAGES += ("remember", "new_link", "calendar_link")


def demo_arguments():
    """URL arguments that open real records of the demo, by argument name and, where one name
    means different records, by URL name. Private links get a fresh token."""
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction

    from cms.directory.members.applications import MembershipApplication
    from cms.directory.models import MemberOrganisationPage
    from cms.directory.windows.models import ConsultationWindow
    from cms.news.models import NewsletterIssue
    from cms.people.models import QualificationGrant
    from cms.people.services import VOLUNTEER_CONTACT, issue_token
    from events.courses.models import CourseCompletion, TrainingCourse
    from events.fooddrives.models import Distribution, Intake, Pledge
    from events.models import CalendarSource, Registration
    from volunteers import links
    from volunteers.models import ShiftSignup, Volunteer

    def pk(model):
        row = model.objects.order_by("pk").first()
        return row.pk if row else 1

    registration = Registration.objects.select_related("person").order_by("pk").first()
    document = get_document_model().objects.order_by("pk").first()
    pledge = Pledge.objects.select_related("person").order_by("pk").first()
    signup = ShiftSignup.objects.select_related("shift", "volunteer__person").first()
    course = TrainingCourse.objects.select_related("event").order_by("pk").first()
    completion = CourseCompletion.objects.filter(course=course).first()
    session = course.event.sessions.first() if course else None
    person = signup.volunteer.person
    volunteer_token = issue_token(person, links.MY_PAGE)
    by_name = {
        "page_id": pk(MemberOrganisationPage),
        "organisation_id": pk(MemberOrganisationPage),
        "event_id": registration.event_id,
        "drive_id": pledge.drive_id,
        "pledge_id": pledge.pk,
        "intake_id": pk(Intake),
        "distribution_id": pk(Distribution),
        "opportunity_id": signup.shift.opportunity_id,
        "opportunity": signup.shift.opportunity_id,
        "volunteer_id": signup.volunteer_id,
        "shift": signup.shift_id,
        "signup": signup.pk,
        "course_id": course.pk if course else 1,
        "session_id": session.pk if session else 1,
        "completion_id": completion.pk if completion else 1,
        "token": "no-such-token",
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "reference": uuid.uuid4(),
        "site_pk": Site.objects.get(is_default_site=True).pk,
    }
    volunteer_links = {"token": volunteer_token}
    registration_link = {
        "reference": registration.reference,
        "token": issue_token(registration.person, registration.token_purpose),
    }
    by_url = {
        "newsletter_issues:edit": {"pk": pk(NewsletterIssue)},
        "membership_applications:edit": {"pk": pk(MembershipApplication)},
        "calendar_sources:edit": {"pk": pk(CalendarSource)},
        "calendar_sources:delete": {"pk": pk(CalendarSource)},
        "navigator:window": {"pk": pk(ConsultationWindow)},
        "set_preference": {"name": "furigana"},
        "wagtailsnippetchoosers_people_qualificationgrant:chosen": {"pk": pk(QualificationGrant)},
        "wagtailsnippetchoosers_volunteers_volunteer:chosen": {"pk": pk(Volunteer)},
        "wagtaildocs_serve": {
            "document_id": document.pk if document else 1,
            "document_filename": document.filename if document else "x.pdf",
        },
        "wagtaildocs_authenticate_with_password": {"restriction_id": pk(CollectionViewRestriction)},
        "events:registration": registration_link,
        "events:cancel": registration_link,
        "fooddrives:pledge": {
            "reference": pledge.reference,
            "token": issue_token(pledge.person, pledge.token_purpose),
        },
        "people:volunteer_contact": {"token": issue_token(person, VOLUNTEER_CONTACT)},
        "volunteers:confirm": {"token": issue_token(person, links.CONFIRM)},
        "volunteers:calendar": {"token": issue_token(person, links.CALENDAR)},
        **{f"volunteers:{name}": volunteer_links for name in VOLUNTEER_LINK_PAGES},
    }
    return by_name, by_url


def page_targets():
    """(key, path, host) for one live page of every page type and each of its routes."""
    from cms.news.models import NewsCategory

    slug = NewsCategory.objects.order_by("pk").values_list("slug", flat=True).first() or "x"
    for model in get_page_models():
        page = model.objects.live().public().exact_type(model).order_by("pk").first()
        if page is None or model is Page:
            continue
        _site, root, path = page.specific.get_url_parts()
        host = urlsplit(root).netloc
        if not issubclass(model, RoutablePageMixin):
            yield f"{model.__name__}:", path, host
            continue
        for route in page.specific.get_resolver().url_patterns:
            arguments = {name: slug for name in route.pattern.converters}
            subpath = str(route.pattern)
            if route.name:
                subpath = page.specific.reverse_subpage(route.name, kwargs=arguments)
            yield f"{model.__name__}:{route.pattern}", path + subpath, host


@pytest.fixture(scope="module")
def targets(module_demo, django_db_blocker):
    """Every page to fuzz: (key, path, host) for the URL patterns and the page routes."""
    with django_db_blocker.unblock():
        by_name, by_url = demo_arguments()
        found = list(page_targets())
        unknown = {
            name: missing
            for name, arguments in url_patterns()
            if (
                missing := [
                    a for a in arguments if a not in by_url.get(name, {}) and a not in by_name
                ]
            )
        }
        assert not unknown, f"say in demo_arguments() what these take: {unknown}"
        for name, arguments in url_patterns():
            fill = by_url.get(name, {})
            kwargs = {a: fill.get(a, by_name.get(a)) for a in arguments}
            found.append((name, reverse(name, kwargs=kwargs), ""))
        return found


@pytest.fixture(scope="module", autouse=True)
def quick_pdfs():
    """PDFs are laid out but not written: subsetting the fonts takes seconds a document, and
    the parameters are read before."""
    from cms.core.pdf import Document

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Document, "output", lambda self, *args, **kwargs: b"%PDF-1.7")
        yield


@pytest.fixture(scope="module")
def staff(module_demo, django_db_blocker):
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        return get_user_model().objects.create_superuser("fuzz", "fuzz@example.jp", "x")


def client_for(user):
    client = Client(raise_request_exception=True)
    if user is not None:
        client.force_login(user)
    return client


def get(client, path, host, data):
    extra = {"headers": {"host": host}} if host else {}
    return client.get(path, data, **extra)


@pytest.fixture(scope="module")
def recorded(targets, staff, django_db_blocker):
    """The names each target reads from its query string, as a superuser (who is shown
    everything an anonymous visitor is, and the admin)."""
    read = {}
    original = WSGIRequest.__dict__["GET"]
    WSGIRequest.GET = property(recording_get)
    try:
        with django_db_blocker.unblock():
            client = client_for(staff)
            for key, path, host in targets:
                RecordingQueryDict.read = set()
                response = get(client, path, host, {"_probe": "1"})
                assert response.status_code < 500, (key, path)
                read[key] = RecordingQueryDict.read - NOT_PARAMETERS
    finally:
        WSGIRequest.GET = original
    return read


def source_reads(pattern):
    names = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                names |= set(pattern.findall(path.read_text()))
    return names


def test_every_page_and_route_is_crawled(targets):
    keys = {key for key, _path, _host in targets}
    assert {"EventIndexPage:", "NewsIndexPage:category/<slug:slug>/feed/rss/"} <= keys
    assert "events_admin:check_in" in keys and "volunteers:kiosk" in keys


def test_every_parameter_a_view_reads_is_listed(recorded):
    unlisted = {
        key: sorted(names - PARAMETERS.get(key, set()))
        for key, names in recorded.items()
        if names - PARAMETERS.get(key, set())
    }
    assert not unlisted, f"add these to PARAMETERS: {unlisted}"


def test_every_parameter_read_in_the_source_is_listed():
    listed = set().union(*PARAMETERS.values(), *POSTED.values())
    assert source_reads(QUERY_READ) - listed - NOT_PARAMETERS == set()
    assert source_reads(POST_READ) - listed == set()


def fuzz(client, path, host, names, method="get", examples=None):
    # More examples for a page with more parameters, few enough for the suite to stay fast.
    examples = examples or min(10, 2 + len(names))

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    # Every parameter in every request, none, once or repeated.
    @given(st.fixed_dictionaries({name: st.lists(values, max_size=3) for name in sorted(names)}))
    def request(data):
        post = method == "post"
        response = client.post(path, data) if post else get(client, path, host, data)
        assert response.status_code < 500, (path, data)

    request()


def with_parameters(targets, recorded):
    for key, path, host in targets:
        names = PARAMETERS.get(key, set()) | recorded.get(key, set())
        if names:
            yield key, path, host, names


def test_no_query_parameter_makes_a_500_for_a_visitor(targets, recorded):
    client = client_for(None)
    for _key, path, host, names in with_parameters(targets, recorded):
        fuzz(client, path, host, names)


def test_no_query_parameter_makes_a_500_for_staff(targets, recorded, staff):
    """In full where only staff get in (the admin, trainers' pages); a few examples on the
    public pages, which read their parameters alike for everyone."""
    visitor, client = client_for(None), client_for(staff)
    for _key, path, host, names in with_parameters(targets, recorded):
        public = get(visitor, path, host, {}).status_code == 200
        fuzz(client, path, host, names, examples=2 if public else None)


def test_no_posted_field_makes_a_500(targets, staff):
    client = client_for(staff)
    for key, path, host in targets:
        if key in POSTED:
            fuzz(client, path, host, POSTED[key], method="post")


def test_the_values_that_made_500s_answer_normally(targets, staff):
    """The ones found by hand before this test existed (issue 16)."""
    where = {key: (path, host) for key, path, host in targets}
    anonymous = client_for(None)
    for key in ("EventIndexPage:", "EventIndexPage:calendar/"):
        for query in (
            {"organiser": "٣"},
            {"organiser": "²"},
            {"organiser": "9" * 30},
            {"month": "0001-01"},
            {"view": "calendar", "month": "1-01"},
        ):
            assert get(anonymous, *where[key], query).status_code == 200, (key, query)
    for query in ({"category": "a b"}, {"year": "0"}, {"year": "99999"}):
        assert get(anonymous, *where["NewsIndexPage:"], query).status_code == 200, query
    client = client_for(staff)
    for key, data in (
        ("events_admin:check_in", {"registration": "abc"}),
        ("volunteers_admin:roster", {"signup": "abc"}),
    ):
        # Not found (which Django's LocaleMiddleware answers for an address outside the
        # language prefixes with a redirect to the prefixed one).
        assert client.post(where[key][0], data).status_code in (302, 404), key
    response = client.post(where["people:volunteer_contact"][0], {"grant": ["²", "٣", "1"]})
    assert response.status_code == 302
