"""Sponsors: a translatable snippet, attached to events in order with a role, shown in the
event page's sponsors slot and on the flyer; managed by the secretariat."""

import pytest
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from events.flyer import _facts, flyer_version
from sponsors.models import Sponsor, Sponsorship
from sponsors.queries import event_sponsors
from tests.events.conftest import make_event
from tests.platforms import default_platform
from tests.roles import member_editor, secretariat

pytestmark = pytest.mark.django_db


@pytest.fixture
def sponsored():
    event = make_event("地域共生シンポジウム", slug="symposium")
    logo = get_image_model().objects.create(title="logo", file=get_test_image_file())
    bank = Sponsor.objects.create(
        platform=default_platform(),
        name="ながの信用金庫",
        name_kana="ナガノシンヨウキンコ",
        kind=Sponsor.Kind.SPONSORSHIP,
        logo=logo,
        logo_alt="ながの信用金庫のロゴ",
        url="https://example.jp/bank",
    )
    city = Sponsor.objects.create(
        platform=default_platform(), name="飯山市", kind=Sponsor.Kind.ENDORSEMENT
    )
    Sponsorship.objects.create(event=event, sponsor=city, sort_order=2)
    Sponsorship.objects.create(event=event, sponsor=bank, role="特別協賛", sort_order=1)
    return event, bank, city


def test_the_event_page_shows_its_sponsors_in_order_with_role_and_logo_text(client, sponsored):
    event, bank, _city = sponsored
    body = client.get(event.url).content.decode()
    assert body.index("特別協賛") < body.index("飯山市")
    assert 'alt="ながの信用金庫のロゴ"' in body
    assert "https://example.jp/bank" in body
    assert bank.name_kana == "ながのしんようきんこ"


def test_an_event_without_sponsors_has_no_slot(client):
    event = make_event("交流会", slug="koryu")
    assert 'id="sponsors-heading"' not in client.get(event.url).content.decode()


def test_sponsors_are_read_in_a_constant_number_of_queries(sponsored, django_assert_num_queries):
    event, _bank, _city = sponsored
    # the sponsorships, the logo's renditions, the active locale; no translations to look up
    with django_assert_num_queries(3):
        groups = event_sponsors(event)
    assert groups[0].label == "特別協賛"
    assert [[s.name for s in group.sponsors] for group in groups] == [
        ["ながの信用金庫"],
        ["飯山市"],
    ]


def test_a_translated_sponsor_is_shown_in_the_visitors_language(sponsored):
    from django.utils import translation

    _event, _bank, city = sponsored
    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = city.copy_for_translation(english)
    translated.name = "Iiyama City"
    translated.save()
    with translation.override("en"):
        names = [s.name for group in event_sponsors(_event) for s in group.sponsors]
    assert "Iiyama City" in names


def test_the_flyer_lists_the_sponsors_and_is_made_again_when_they_change(sponsored):
    event, _bank, city = sponsored
    rows = dict(_facts(event, event))
    assert rows["特別協賛"] == "ながの信用金庫"
    before = flyer_version(event)
    Sponsorship.objects.filter(sponsor=city).delete()
    assert flyer_version(event) != before


def test_the_secretariat_manages_sponsors_and_members_do_not(client, sponsored):
    url = reverse("wagtailsnippets_sponsors_sponsor:list")
    client.force_login(secretariat())
    assert client.get(url).status_code == 200
    client.force_login(member_editor())
    assert client.get(url).status_code == 302


def event_on(platform, title, slug):
    """An event of `platform`: made on the default site, moved under the platform's home."""
    from events.models import EventIndexPage, EventPage

    event = make_event(title, slug=slug)
    home = platform.site.root_page
    if not platform.site.is_default_site:
        index = EventIndexPage.objects.child_of(home).first()
        if index is None:
            index = home.add_child(instance=EventIndexPage(title="イベント", slug="events"))
        event.move(index, pos="last-child")
    return EventPage.objects.get(pk=event.pk)


@pytest.mark.parametrize("mine,theirs", [("default", "other"), ("other", "default")])
def test_each_platforms_secretariat_manages_its_own_sponsors_only(client, mine, theirs):
    from django.core.exceptions import ValidationError

    from cms.core import roles
    from tests.platform_staff import not_found, staff_for
    from tests.platforms import other_platform

    two = {"default": default_platform(), "other": other_platform()}
    own = Sponsor.objects.create(platform=two[mine], name="わが町の信金", kind="sponsorship")
    foreign = Sponsor.objects.create(platform=two[theirs], name="よその商店", kind="grant")
    own_event = event_on(two[mine], "わが町のつどい", "tsudoi-mine")
    foreign_event = event_on(two[theirs], "よそのつどい", "tsudoi-theirs")
    foreign_sponsorship = Sponsorship.objects.create(event=foreign_event, sponsor=foreign)

    # A sponsor supports only its own platform's events.
    with pytest.raises(ValidationError):
        Sponsorship(event=foreign_event, sponsor=own).full_clean()
    Sponsorship(event=own_event, sponsor=own).full_clean()

    client.force_login(staff_for(two[mine], roles.SECRETARIAT))
    listing = client.get(reverse("wagtailsnippets_sponsors_sponsor:list")).content.decode()
    assert "わが町の信金" in listing and "よその商店" not in listing
    edit = "wagtailsnippets_sponsors_sponsor:edit"
    assert client.get(reverse(edit, args=[own.pk])).status_code == 200
    assert not_found(client, reverse(edit, args=[foreign.pk]))
    assert not_found(client, reverse("wagtailsnippets_sponsors_sponsor:delete", args=[foreign.pk]))
    chooser = client.get(reverse("wagtailsnippetchoosers_sponsors_sponsor:choose")).json()
    assert "わが町の信金" in chooser["html"] and "よその商店" not in chooser["html"]
    sponsorships = client.get(reverse("wagtailsnippets_sponsors_sponsorship:list"))
    assert "よそのつどい" not in sponsorships.content.decode()
    assert not_found(
        client,
        reverse("wagtailsnippets_sponsors_sponsorship:edit", args=[foreign_sponsorship.pk]),
    )
    # Nor can one attach the other platform's sponsor to one's own event.
    response = client.post(
        reverse("wagtailsnippets_sponsors_sponsorship:add"),
        {"event": own_event.pk, "sponsor": foreign.pk, "role": "", "sort_order": "0"},
    )
    assert response.status_code == 200
    assert not Sponsorship.objects.filter(sponsor=foreign, event=own_event).exists()
    client.post(
        reverse("wagtailsnippets_sponsors_sponsorship:add"),
        {"event": own_event.pk, "sponsor": own.pk, "role": "", "sort_order": "0"},
    )
    assert Sponsorship.objects.filter(sponsor=own, event=own_event).exists()
    # The event page shows its own sponsor.
    host = {"default": "localhost", "other": "nagano.localhost"}[mine]
    page = client.get(own_event.url, HTTP_HOST=host).content.decode()
    assert "わが町の信金" in page and "よその商店" not in page
