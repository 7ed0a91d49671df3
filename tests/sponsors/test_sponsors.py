"""Sponsors: a translatable snippet, attached to events in order with a role, shown in the
event page's sponsors slot and on the flyer; managed by the secretariat."""

import pytest
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from events.flyer import _facts, flyer_version
from sponsors.models import Sponsor, Sponsorship
from sponsors.services import event_sponsors
from tests.events.conftest import make_event
from tests.roles import member_editor, secretariat

pytestmark = pytest.mark.django_db


@pytest.fixture
def sponsored():
    event = make_event("地域共生シンポジウム", slug="symposium")
    logo = get_image_model().objects.create(title="logo", file=get_test_image_file())
    bank = Sponsor.objects.create(
        name="ながの信用金庫",
        name_kana="ナガノシンヨウキンコ",
        kind=Sponsor.Kind.SPONSORSHIP,
        logo=logo,
        logo_alt="ながの信用金庫のロゴ",
        url="https://example.jp/bank",
    )
    city = Sponsor.objects.create(name="飯山市", kind=Sponsor.Kind.ENDORSEMENT)
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
    # the default locale, the sponsorships, the active locale; no translations to look up
    with django_assert_num_queries(3):
        groups = event_sponsors(event)
    assert next(label for label, _sponsors in groups) == "特別協賛"
    assert [[s.name for s in sponsors] for _label, sponsors in groups] == [
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
        names = [s.name for _label, sponsors in event_sponsors(_event) for s in sponsors]
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
