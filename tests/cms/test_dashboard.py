"""The admin home as each role's desk (issue 19): the secretariat sees what needs attention
today, each a count that links to where it is done, of its own platform only; a trainer sees
their sessions and rosters, a member editor its events; other roles see none of it; and the
dashboard costs the same number of queries however much there is."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks

from cms.core import dashboard, roles
from cms.core.yearly import Figure
from events.models import EventPage
from tests.cms.dashboard_data import make_attention
from tests.platforms import OTHER_HOST, default_platform, other_platform, staff_of
from tests.roles import member_editor, secretariat

pytestmark = pytest.mark.django_db

HOME = "/admin/"
# What the secretariat's dashboard costs today (Wagtail's own panels, menu and frame
# included), so that a new query shows here.
DASHBOARD_BUDGET = 33

# key: the address the count links to (None: an event's registrations, checked apart).
SECRETARIAT_ITEMS = {
    "applications": lambda: reverse("membership_applications:index") + "?status=pending",
    "moderation": lambda: reverse("wagtailadmin_reports:workflow") + "?status=in_progress",
    "undelivered_mail": lambda: reverse("undelivered_mail"),
    "short_shifts": lambda: reverse("volunteers_admin:index"),
    "waitlists": None,
    "expiring_offers": None,
    "pledges": None,
    "windows": lambda: reverse("unverified_windows"),
    "qualifications": lambda: reverse("courses_registry"),
}


def soup_of(client, **extra):
    response = client.get(HOME, **extra)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def attention(soup):
    """{key: (count, href)} of the attention panel."""
    found = {}
    for item in soup.select("#tsunagu-attention-section [data-attention]"):
        link = item.find("a")
        found[item["data-attention"]] = (
            int(link.select_one(".tsunagu-attention__count").text),
            link["href"],
        )
    return found


@pytest.fixture
def two():
    """飯山市 with one of each thing to attend to and 長野県 with two, and the secretariat of
    each (the pages in moderation submitted by it)."""
    iiyama, nagano = default_platform(), other_platform()
    staff = {iiyama: secretariat(), nagano: staff_of(nagano, roles.SECRETARIAT)}
    made = {
        iiyama: make_attention(iiyama, 1, by=staff[iiyama]),
        nagano: make_attention(nagano, 2, by=staff[nagano]),
    }
    return iiyama, nagano, staff, made


@pytest.mark.parametrize("side", [0, 1])
def test_the_secretariat_sees_each_thing_of_its_own_platform_with_its_count(client, two, side):
    platforms = two[:2]
    mine = platforms[side]
    client.force_login(two[2][mine])
    found = attention(soup_of(client))
    assert set(found) == set(SECRETARIAT_ITEMS)
    n = 1 + side  # 飯山市 has one of each, 長野県 two: neither counts the other's
    for key, (count, href) in found.items():
        assert count == n, key
        url = SECRETARIAT_ITEMS[key]
        if url is not None:
            assert href == url(), key
    drive = two[3][mine]["drive"]
    assert found["pledges"] == (n, reverse("fooddrives_admin:drive", args=[drive.pk]))
    assert found["waitlists"][1].startswith("/admin/event-registrations/")


def test_each_link_opens_for_the_secretariat(client, two):
    iiyama, _nagano, staff, _made = two
    client.force_login(staff[iiyama])
    for key, (_count, href) in attention(soup_of(client)).items():
        assert client.get(href).status_code == 200, (key, href)


def test_the_events_waiting_are_named_with_a_link_to_their_registrations(client, two):
    iiyama, _nagano, staff, _made = two
    client.force_login(staff[iiyama])
    item = soup_of(client).select_one('[data-attention="waitlists"]')
    rows = item.select(".tsunagu-attention__rows a")
    assert len(rows) == 1
    event = EventPage.objects.get(title=f"満席の講演会 {iiyama.slug} 0")
    assert rows[0].text == f"{event.title}：キャンセル待ち 1 人、期限間近の繰り上げ案内 1 件"
    assert rows[0]["href"] == reverse("events_admin:registrations", args=[event.pk])
    assert rows[0]["href"] == item.find("a")["href"]


def test_the_site_summary_is_gone_for_staff_and_kept_for_an_administrator(client, two):
    iiyama, _nagano, staff, _made = two
    client.force_login(staff[iiyama])
    assert not soup_of(client).select(".w-summary")
    admin = secretariat("admin-it")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert soup_of(client).select(".w-summary")


@pytest.mark.parametrize(
    "role",
    # The data-protection officer has one: the open personal-data requests
    # (tests/cms/test_open_data_requests.py).
    [roles.TRAINERS, roles.MEMBERS, roles.PREFECTURE_STAFF],
)
def test_roles_that_do_not_run_the_desk_see_no_attention_list(client, two, role):
    iiyama, nagano = two[:2]
    if role == roles.PREFECTURE_STAFF:
        nagano.kind = nagano.Kind.PREFECTURE
        nagano.save()
        iiyama.prefecture = nagano
        iiyama.save()
        user = staff_of(nagano, role, "prefecture")
    else:
        user = staff_of(iiyama, role, f"role-{len(role)}")
    client.force_login(user)
    soup = soup_of(client)
    assert not soup.select("#tsunagu-attention-section")


def test_a_coordinator_and_the_desk_see_their_own_work_only(client, two):
    iiyama = two[0]
    client.force_login(staff_of(iiyama, roles.COORDINATORS, "coordinator-x"))
    # (their outbox, volunteers' mail, has nothing undelivered: a line of nothing is not shown)
    assert set(attention(soup_of(client))) == {"short_shifts"}
    client.force_login(staff_of(iiyama, roles.FOOD_DRIVE_DESK, "desk-x"))
    assert set(attention(soup_of(client))) == {"pledges"}


def test_with_nothing_to_do_the_secretariat_reads_so(client):
    client.force_login(secretariat())
    soup = soup_of(client)
    panel = soup.select_one("#tsunagu-attention-section")
    assert panel is not None and not panel.select("[data-attention]")
    assert "今日、対応が必要なことはありません。" in panel.get_text()


def test_the_panel_has_a_heading_a_list_and_links_that_say_what_they_count(client, two):
    iiyama, _nagano, staff, _made = two
    client.force_login(staff[iiyama])
    soup = soup_of(client)
    panel = soup.select_one("#tsunagu-attention-section")
    heading = panel.find("h2")
    assert heading.get_text(strip=True) == "今日の対応事項"
    assert panel["aria-labelledby"] == heading["id"]
    items = panel.select("ul.tsunagu-attention > li")
    assert len(items) == len(SECRETARIAT_ITEMS)
    for item in items:
        text = item.find("a").get_text(" ", strip=True)
        assert len(text) > 3 and not text.isdigit(), text  # the number and what it counts
    link = panel.select_one('[data-attention="applications"] > a').get_text("", strip=True)
    assert link == "1件の入会申込（審査待ち）"


def test_the_dashboard_costs_the_same_queries_with_three_times_the_data(client):
    iiyama = default_platform()
    staff = secretariat()
    make_attention(iiyama, 1, by=staff)
    client.force_login(staff)
    client.get(HOME)  # warm: the site's paths, the menu's caches
    with CaptureQueriesContext(connection) as small:
        assert attention(soup_of(client))["applications"][0] == 1
    make_attention(iiyama, 2, by=staff)
    client.get(HOME)
    with CaptureQueriesContext(connection) as big:
        assert attention(soup_of(client))["applications"][0] == 3
    assert len(big) == len(small), [q["sql"][:120] for q in big]
    assert len(small) <= DASHBOARD_BUDGET, [q["sql"][:120] for q in small]


def test_an_app_contributes_items_through_the_hook_as_plain_data(rf, client):
    staff = secretariat()

    def extra(request, scope):
        return [dashboard.AttentionItem("extra", "<b>試し</b>", 4, "/admin/extra/")]

    with hooks.register_temporarily("register_attention_items", extra):
        client.force_login(staff)
        soup = soup_of(client)
    assert attention(soup)["extra"] == (4, "/admin/extra/")
    assert "<b>試し</b>" in soup.select_one('[data-attention="extra"]').text  # escaped


def test_another_platforms_host_shows_the_same_desk(client, two):
    _iiyama, nagano, staff, _made = two
    client.force_login(staff[nagano])
    assert attention(soup_of(client, HTTP_HOST=OTHER_HOST))["applications"][0] == 2


def test_a_member_editor_sees_its_events_and_its_pages_in_moderation(client):
    user = member_editor()
    client.force_login(user)
    soup = soup_of(client)
    panel = soup.select_one("#tsunagu-organised-events-section")
    assert panel is not None
    assert not soup.select("#tsunagu-attention-section")


def test_the_figures_an_app_gives_are_drawn_with_their_table_and_links(client):
    staff = secretariat()

    def figures(request, scope):
        return [
            dashboard.FigureSection(
                "試しの図",
                [Figure("開催したイベント", 12, 9, "件", "/admin/events-list/")],
                this_label="令和8年度",
                last_label="令和7年度",
                months=[("4月", 1), ("5月", 3)],
                months_title="月別の開催",
                unit="件",
            )
        ]

    with hooks.register_temporarily("register_dashboard_figures", figures):
        client.force_login(staff)
        soup = soup_of(client)
    panel = soup.select_one("#tsunagu-figures-section")
    assert panel.find("h2").text.strip() == "今年度の実績"
    mine = next(h3 for h3 in panel.find_all("h3") if h3.text == "試しの図").parent
    svgs = mine.select("svg[role=img]")
    assert len(svgs) == 2 and all(svg.find("title") and svg.find("desc") for svg in svgs)
    table = mine.select("details table")[0]
    assert "令和8年度" in table.text and "12件" in table.text and "9件" in table.text
    assert table.find("a")["href"] == "/admin/events-list/"
    assert soup.find("link", href=lambda h: h and h.endswith("tsunagu/css/charts.css"))


def test_the_secretariat_sees_the_yearly_reports_figures_and_other_roles_none(client, two):
    iiyama, _nagano, staff, _made = two
    client.force_login(staff[iiyama])
    panel = soup_of(client).select_one("#tsunagu-figures-section")
    titles = [h3.text for h3 in panel.find_all("h3")]
    assert "会員" in titles  # the yearly report's sections, this 年度 against the last
    assert "令和" in panel.text
    # the members who joined in each month of the 年度, April first, as bars with their table
    months = next(f for f in panel.select("figure") if "4月" in f.text and "3月" in f.text)
    assert months.select_one("svg[role=img] title")
    client.force_login(staff_of(iiyama, roles.COORDINATORS, "coordinator-figures"))
    assert soup_of(client).select_one("#tsunagu-figures-section") is None
