"""Photos of ibasho and events (issue 20, visual identity): the admin refuses a photo nobody
described, a decorative one has alt="", pages show a responsive picture with its alternative
text (translated with the page), lists show small renditions in a fixed number of queries, and
the demo has photos, loaded twice the same."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale

from cms.directory.ibasho.models import IbashoPage
from events.models import EventPage
from tests.cms.navigator.factories import ibasho
from tests.events.conftest import make_event, make_index
from tests.events.test_editing import edit_data

NO_ALT = "この画像には代替テキストがありません"


def photo(description="", title="写真"):
    return get_image_model().objects.create(
        title=title, description=description, file=get_test_image_file()
    )


def quota_rows(event):
    quota = event.quotas.get()
    return [{"id": quota.pk, "label": quota.label, "mode": quota.mode, "capacity": "10"}]


def test_the_admin_refuses_an_event_photo_without_alternative_text(admin_client, db):
    event = make_event()
    image = photo()
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])

    response = admin_client.post(url, {**edit_data(event, quota_rows(event)), "image": image.pk})
    assert response.status_code == 200
    assert NO_ALT in response.content.decode()
    assert EventPage.objects.get(pk=event.pk).image_id is None

    decorative = {**edit_data(event, quota_rows(event)), "image": image.pk}
    decorative["image_decorative"] = "on"
    response = admin_client.post(url, decorative)
    assert response.status_code == 302, response.context["form"].errors
    saved = EventPage.objects.get(pk=event.pk)
    assert saved.image_id == image.pk and saved.photo_alt == ""

    described = {**edit_data(saved, quota_rows(saved)), "image": image.pk}
    described["image_alt"] = "会場の入口"
    response = admin_client.post(url, described)
    assert response.status_code == 302, response.context["form"].errors
    assert EventPage.objects.get(pk=event.pk).photo_alt == "会場の入口"


def test_an_ibasho_photo_needs_alternative_text_from_the_image_or_the_page(db):
    page = ibasho("秋津サロン")
    page.image = photo()
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "image" in refused.value.message_dict
    page.image_decorative = True
    page.full_clean()
    page.image_decorative = False
    page.image = photo("畳の部屋でお茶を飲む人たち")
    page.full_clean()
    assert page.photo_alt == "畳の部屋でお茶を飲む人たち"
    page.image_alt = "  "
    assert page.photo_alt == "畳の部屋でお茶を飲む人たち"


def test_the_image_library_requires_a_description(admin_client, db):
    url = reverse("wagtailimages:add")

    def upload(**fields):
        file = SimpleUploadedFile("salon.png", get_test_image_file().file.getvalue())
        data = {"title": "サロンの写真", "collection": Collection.get_first_root_node().pk}
        return admin_client.post(url, {**data, "file": file, **fields})

    response = upload()
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["description"]
    assert not get_image_model().objects.filter(title="サロンの写真").exists()
    response = upload(description="笑顔の二人")
    assert response.status_code == 302, response.context["form"].errors
    assert get_image_model().objects.get(title="サロンの写真").description == "笑顔の二人"


def test_the_ibasho_page_shows_a_responsive_photo_with_its_alt_in_each_language(client, db):
    page = ibasho("駅前だれでも食堂", image=photo("テーブルを囲む人たち"))
    english = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Cafeteria for everyone"
    english.image_alt = "People around a table"
    english.save_revision().publish()

    body = client.get(page.url).content.decode()
    figure = body.split('class="block-image page-photo"')[1].split("</figure>")[0]
    assert '<picture><source sizes="' in figure and 'type="image/webp"' in figure
    assert 'alt="テーブルを囲む人たち"' in figure and ".jpg 400w" in figure
    assert 'width="400"' in figure and 'height="300"' in figure
    # the main photo is near the top of the page: not lazy
    assert 'loading="lazy"' not in figure
    english_body = client.get(english.url).content.decode()
    assert 'alt="People around a table"' in english_body
    assert english.image_id == page.image_id  # the image is the same, its words translated


def test_a_decorative_event_photo_has_an_empty_alt(client, db):
    event = make_event(image=photo("ホールの外観"), image_decorative=True)
    body = client.get(event.url).content.decode()
    figure = body.split('class="block-image page-photo"')[1].split("</figure>")[0]
    assert 'alt=""' in figure and "ホールの外観" not in figure and "srcset=" in figure


def count_queries(client, url):
    client.get(url)  # the renditions are made on the first render
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# They count the queries of a render: from the page cache there would be none.
@override_settings(PAGE_CACHE=False)
def test_the_ibasho_list_shows_photos_in_the_same_queries_for_1_or_5(client, db):
    ibasho("サロン0", image=photo("写真0"))
    url = "/ja/ibasho/"
    one = count_queries(client, url)
    for n in range(1, 5):
        ibasho(f"サロン{n}", image=photo(f"写真{n}"))
    five = count_queries(client, url)
    assert five == one
    body = client.get(url).content.decode()
    assert body.count('class="card__photo"') == 5 and 'loading="lazy"' in body


@override_settings(PAGE_CACHE=False)
def test_the_event_list_shows_photos_in_the_same_queries_for_1_or_5(client, db):
    make_event(slug="e0", image=photo("写真0"))
    url = make_index().url
    one = count_queries(client, url)
    for n in range(1, 5):
        make_event(slug=f"e{n}", image=photo(f"写真{n}"))
    five = count_queries(client, url)
    assert five == one
    assert client.get(url).content.decode().count('class="card__photo"') == 5


def photos_of_the_demo():
    pages = [
        *IbashoPage.objects.filter(slug__in=["ekimae-daredemo", "kijima-kodomo", "akitsu-salon"]),
        *EventPage.objects.filter(slug__in=["symposium", "supporter-workshop"]),
    ]
    return sorted(
        (p.locale.language_code, p.slug, p.image.file.name, p.photo_alt)
        for p in pages
        if p.locale.language_code in ("ja", "en")
    )


def test_the_demo_has_described_photos(shared_demo):
    """(Loading it again changes nothing, the photos included: tests/test_demo.py.)"""
    first = photos_of_the_demo()
    assert len(first) == 10
    alts = {(language, slug): alt for language, slug, _file, alt in first}
    assert alts["ja", "ekimae-daredemo"].startswith("テーブルを囲む")
    assert alts["en", "ekimae-daredemo"].startswith("Drawing of three people")
    assert alts["en", "symposium"].startswith("Navy drawing")
