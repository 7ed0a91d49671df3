"""An event's places translated with wagtail-localize (issue 20): the English page and its form
name them in English, while the seats and the registrations stay the Japanese original's."""

from bs4 import BeautifulSoup
from wagtail.models import Locale

from events.models import EventPage, Quota
from tests.events.conftest import make_event, make_index
from tests.fooddrives.test_translation import translate


def test_the_english_page_names_the_places_in_english_and_counts_the_originals(
    client, db, django_capture_on_commit_callbacks
):
    english = Locale.objects.get(language_code="en")
    make_index().copy_for_translation(english).save_revision().publish()
    event = make_event(quotas=[("会場参加", "onsite", 30), ("オンライン参加", "online", 20)])
    words = {"会場参加": "In person", "オンライン参加": "Online"}
    translated = translate(event, english, words, django_capture_on_commit_callbacks)
    translated = EventPage.objects.get(pk=translated.pk)

    places = list(translated.quotas.order_by("sort_order"))
    assert [(q.label, q.capacity, q.locale_id) for q in places] == [
        ("In person", 30, english.pk),
        ("Online", 20, english.pk),
    ]
    soup = BeautifulSoup(client.get(translated.url).content, "html.parser")
    main = soup.select_one("main").get_text()
    assert "In person" in main and "Online" in main and "会場参加" not in main
    # The form offers the original's places (what a registration holds), named in English.
    radios = soup.select("input[name=quota]")
    options = {r["value"]: r.find_parent("label").get_text(strip=True) for r in radios}
    originals = {str(q.pk): q for q in event.quotas.all()}
    assert set(options) == set(originals)
    assert sorted(options.values()) == ["In person", "Online"]
    assert Quota.objects.get(pk=min(originals)).label in ("会場参加", "オンライン参加")
