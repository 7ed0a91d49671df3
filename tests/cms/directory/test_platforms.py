"""Two platforms in one installation, both ways: the windows, worries, ibasho, members and
search entries of one are never shown on the other's pages, navigator, handbook, search or
admin, and the nationwide windows are shown on both."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from cms.directory.members.applications import MembershipApplication
from cms.directory.members.models import MembershipTier
from cms.directory.members.services import approve_application
from cms.directory.models import IbashoIndexPage, MemberOrganisationIndexPage
from cms.directory.queries import windows_in
from cms.navigator import handbook
from cms.navigator.models import Worry
from cms.search import index as search_index
from cms.search.models import SearchEntry
from tests.cms.directory.test_member_applications import valid
from tests.cms.directory.test_window_ways_in import NO_ROWS
from tests.cms.navigator.factories import ibasho, ibasho_index, ja, topic, window, worry
from tests.platforms import OTHER_HOST, default_platform, other_platform, staff_of
from tests.roles import secretariat

pytestmark = pytest.mark.django_db

HERE = "localhost"


@pytest.fixture
def two():
    """The default platform and 長野県's, each with its window, worry and ibasho (the same
    words, so only the platform tells them apart), and one nationwide window."""
    iiyama, nagano = default_platform(), other_platform()
    topic("money", "field")
    topic("older-people")
    nagano_index = IbashoIndexPage(title="居場所", slug="ibasho")
    nagano.site.root_page.add_child(instance=nagano_index)
    nagano_index.save_revision().publish()
    ibasho_index()
    records = {
        "iiyama": iiyama,
        "nagano": nagano,
        "iiyama_window": window("飯山の相談窓口", topics=["money"], is_24h=True),
        "nagano_window": window("長野の相談窓口", topics=["money"], is_24h=True, platform=nagano),
        "national": window(
            "よりそいホットライン", topics=["money"], is_24h=True, nationwide=True, platform=iiyama
        ),
        "iiyama_ibasho": ibasho("飯山のふれあいサロン", groups=["older-people"]),
    }
    other = ibasho("長野のふれあいサロン", groups=["older-people"])
    other.move(nagano_index, pos="last-child")
    records["nagano_ibasho"] = other
    worry("money", "お金のこと", topics=["money"])
    worry("money", "お金のこと", topics=["money"], platform=nagano)
    search_index.rebuild()
    return records


def default_site():
    return Site.objects.get(is_default_site=True)


def secretariat_of(platform):
    """The secretariat of a platform (the default one's role group is there already)."""
    if platform.site.is_default_site:
        return secretariat()
    return staff_of(platform, "事務局")


def sides(two):
    """(host, own platform's key, other platform's key), both ways."""
    return ((HERE, "iiyama", "nagano"), (OTHER_HOST, "nagano", "iiyama"))


def test_a_window_page_is_found_only_on_its_platform_and_a_nationwide_one_on_every(client, two):
    for host, own, other in sides(two):
        for key, expected in ((f"{own}_window", 200), (f"{other}_window", 404), ("national", 200)):
            url = f"/ja/navigator/windows/{two[key].pk}/"
            assert client.get(url, HTTP_HOST=host).status_code == expected, (host, key)


def test_the_home_page_shows_its_platforms_24_hour_windows_and_the_nationwide_ones(client, two):
    for host, own, other in sides(two):
        html = client.get("/ja/", HTTP_HOST=host).content.decode()
        assert two[f"{own}_window"].name in html
        assert two["national"].name in html
        assert two[f"{other}_window"].name not in html


def test_the_navigator_answers_with_its_platforms_worries_windows_and_ibasho(client, two):
    for host, own, other in sides(two):
        response = client.get("/ja/navigator/?worry=money&age=older", HTTP_HOST=host)
        assert response.status_code == 200
        html = response.content.decode()
        assert two[f"{own}_window"].name in html and two["national"].name in html
        assert two[f"{other}_window"].name not in html
        assert two[f"{own}_ibasho"].title in html
        assert two[f"{other}_ibasho"].title not in html
        worries = response.context["form"].fields["worry"].choices
        own_worry = Worry.objects.get(platform=two[own], locale=ja())
        assert [value for value, _label in worries] == [own_worry.slug]


def test_the_handbook_prints_its_platforms_windows_and_the_nationwide_ones(client, two):
    for host, own, other in sides(two):
        site = Site.objects.get(pk=two[own].site_id)
        names = {w.name for w in windows_in(ja(), site)}
        assert names == {two[f"{own}_window"].name, two["national"].name}
        fingerprint = handbook.fingerprint(ja(), site, "")
        printed = str(fingerprint[1]) + str(fingerprint[2])
        assert two[f"{other}_window"].name not in printed
        assert str(two[f"{other}_ibasho"].pk) not in [str(pk) for pk, _rev in fingerprint[2]]
        response = client.get("/ja/navigator/handbook.pdf", HTTP_HOST=host)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"


def test_search_finds_only_its_platforms_pages_and_windows_and_the_nationwide_ones(client, two):
    entry = SearchEntry.objects.get(
        content_type=ContentType.objects.get_for_model(type(two["nagano_window"])),
        object_id=two["nagano_window"].pk,
    )
    assert entry.platform == two["nagano"]
    assert page_entry(two["nagano_ibasho"]).platform == two["nagano"]
    assert page_entry(two["iiyama_ibasho"]).platform == two["iiyama"]
    for host, own, _other in sides(two):

        def found(query, host=host):
            response = client.get(f"/ja/search/?q={query}", HTTP_HOST=host)
            return {hit.entry.title for hit in response.context["hits"]}

        assert found("相談窓口") == {two[f"{own}_window"].name}
        assert found("ホットライン") == {two["national"].name}
        assert found("サロン") == {two[f"{own}_ibasho"].title}


def page_entry(page):
    page_type = ContentType.objects.get_for_model(Page)
    return SearchEntry.objects.get(content_type=page_type, object_id=page.pk)


def test_a_page_published_on_a_platform_is_indexed_for_it_in_every_language(two):
    page = two["nagano_ibasho"]
    page.refresh_from_db()
    page.save_revision().publish()
    assert page_entry(page).platform == two["nagano"]
    english = page.copy_for_translation(
        two["nagano"].site.root_page.get_translations().get().locale, copy_parents=True
    )
    english.save_revision().publish()
    assert page_entry(english).platform == two["nagano"]


def member_index(platform):
    page = MemberOrganisationIndexPage(title="参画団体", slug="members")
    platform.site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_an_application_belongs_to_the_platform_applied_to_and_approval_adds_the_profile_there(
    client, django_capture_on_commit_callbacks
):
    iiyama, nagano = default_platform(), other_platform()
    indexes = {"iiyama": member_index(iiyama), "nagano": member_index(nagano)}
    boss = get_user_model().objects.create_superuser("boss", "boss@example.jp", "pw")
    for host, own, _other in ((HERE, "iiyama", "nagano"), (OTHER_HOST, "nagano", "iiyama")):
        name = f"{own}の会"
        response = client.post("/ja/members/apply/", valid(organisation_name=name), HTTP_HOST=host)
        assert response.status_code == 302
        application = MembershipApplication.objects.get(organisation_name=name)
        assert application.platform == {"iiyama": iiyama, "nagano": nagano}[own]
        with django_capture_on_commit_callbacks(execute=True):
            approve_application(application, by=boss)
        application.refresh_from_db()
        assert application.profile_page.get_parent().pk == indexes[own].pk


def test_the_same_organisation_may_apply_to_two_platforms(client):
    member_index(default_platform())
    member_index(other_platform())
    client.post("/ja/members/apply/", valid(), HTTP_HOST=HERE)
    client.post("/ja/members/apply/", valid(), HTTP_HOST=OTHER_HOST)
    assert MembershipApplication.objects.filter(status="pending").count() == 2


# The admin


def status(client, url, data=None):
    """The final status of a GET (or a POST with `data`): a refused admin address is
    redirected to its language's once before it answers."""
    if data is None:
        return client.get(url, follow=True).status_code
    return client.post(url, data, follow=True).status_code


def refused(client, url, data=None):
    """Whether the admin refuses the address: 403, or Wagtail's redirect to the dashboard with
    its "no permission" message."""
    response = client.get(url) if data is None else client.post(url, data)
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] in ("/admin/", "/ja/admin/")


def snippet_url(model, action, pk=None):
    meta = model._meta
    base = f"/admin/snippets/{meta.app_label}/{meta.model_name}/"
    if pk is None:
        return base + (f"{action}/" if action else "")
    return base + f"{action}/{pk}/"


def test_staff_list_and_open_only_their_platforms_windows_and_read_the_nationwide_ones(client, two):
    Window = type(two["national"])
    for _host, own, other in sides(two):
        client.force_login(secretariat_of(two[own]))
        html = client.get(snippet_url(Window, "")).content.decode()
        assert two[f"{own}_window"].name in html and two["national"].name in html
        assert two[f"{other}_window"].name not in html

        mine, theirs = two[f"{own}_window"].pk, two[f"{other}_window"].pk
        assert status(client, snippet_url(Window, "edit", mine)) == 200
        for action in ("edit", "delete", "inspect", "history", "usage"):
            assert status(client, snippet_url(Window, action, theirs)) == 404, action
        assert status(client, snippet_url(Window, "delete", theirs), {}) == 404
        national = two["national"].pk
        assert status(client, snippet_url(Window, "inspect", national)) == 200
        assert refused(client, snippet_url(Window, "edit", national))
        assert refused(client, snippet_url(Window, "delete", national), {})
        bulk = f"/admin/bulk/directory/consultationwindow/delete/?id={theirs}"
        assert refused(client, bulk, {}) or status(client, bulk, {}) == 404
    assert (
        Window.objects.filter(pk__in=[w.pk for k, w in two.items() if "window" in k]).count() == 2
    )
    assert Window.objects.filter(pk=two["national"].pk).exists()


def test_a_new_window_is_the_platform_of_its_secretariat_and_only_a_superuser_chooses(client, two):
    Window = type(two["national"])
    client.force_login(secretariat_of(two["nagano"]))
    response = client.get(snippet_url(Window, "add") + "?locale=ja", follow=True)
    form = response.context["form"]
    assert "platform" not in form.fields and "nationwide" not in form.fields
    response = client.post(
        snippet_url(Window, "add") + "?locale=ja",
        {
            "name": "長野の新しい窓口",
            "area_level": "city",
            "sort_order": "0",
            "nationwide": "on",
            "by_phone": "on",
            "phone_numbers": "026-000-1234",
            **NO_ROWS,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    made = Window.objects.get(name="長野の新しい窓口")
    assert made.platform == two["nagano"] and not made.nationwide

    boss = get_user_model().objects.create_superuser("boss", "boss@example.jp", "pw")
    client.force_login(boss)
    form = client.get(snippet_url(Window, "add") + "?locale=ja", follow=True).context["form"]
    assert {"platform", "nationwide"} <= set(form.fields)


def test_worries_tiers_and_applications_are_listed_and_opened_only_on_their_platform(client, two):
    tiers = {
        key: MembershipTier.objects.create(platform=two[key], name=f"幹事団体（{key}）")
        for key in ("iiyama", "nagano")
    }
    applications = {
        key: MembershipApplication.objects.create(
            platform=two[key],
            organisation_name=f"{key}の申込団体",
            organisation_name_kana="もうしこみ",
            organisation_type="npo",
            representative_role="代表",
            description="見守り",
            duplicate_key=key,
        )
        for key in ("iiyama", "nagano")
    }
    worries = {key: Worry.objects.get(platform=two[key], locale=ja()) for key in tiers}
    for _host, own, other in sides(two):
        client.force_login(secretariat_of(two[own]))
        assert tiers[own].name in client.get(snippet_url(MembershipTier, "")).content.decode()
        listing = client.get(snippet_url(MembershipTier, "")).content.decode()
        assert tiers[other].name not in listing
        assert status(client, snippet_url(MembershipTier, "edit", tiers[other].pk)) == 404
        assert status(client, snippet_url(MembershipTier, "edit", tiers[own].pk)) == 200

        worry_list = client.get(snippet_url(Worry, ""))
        assert list(worry_list.context["object_list"]) == [worries[own]]
        assert status(client, snippet_url(Worry, "edit", worries[other].pk)) == 404
        assert status(client, snippet_url(Worry, "edit", worries[own].pk)) == 200

        listing = client.get("/admin/membership_applications/").content.decode()
        assert applications[own].organisation_name in listing
        assert applications[other].organisation_name not in listing
        other_edit = f"/admin/membership_applications/edit/{applications[other].pk}/"
        assert status(client, other_edit) == 404
        assert status(client, other_edit, {"decision": "decline", "decision_reason": "x"}) == 404
        own_edit = f"/admin/membership_applications/edit/{applications[own].pk}/"
        assert status(client, own_edit) == 200


def test_the_windows_to_recheck_are_those_of_the_staffs_platform(client, two):
    for _host, own, other in sides(two):
        client.force_login(secretariat_of(two[own]))
        html = client.get("/admin/reports/unverified-windows/").content.decode()
        assert two[f"{own}_window"].name in html
        assert two[f"{other}_window"].name not in html
        assert two["national"].name not in html  # the administrator's to re-check
