"""A platform's identity: its name and logo in the page header, its theme colour where white text
stays readable on it (WCAG AA), and its name, sender and address in its mails and PDFs."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.core import pdf, roles
from cms.core import platform as platforms
from cms.core.models import PlatformSettings
from cms.people.models import ErasureMail, Person
from tests.platforms import default_platform, other_platform, staff_of

pytestmark = pytest.mark.django_db

IIYAMA_SENDER = "飯山市プラットフォーム <iiyama@example.jp>"
NAGANO_SENDER = "長野県プラットフォーム <nagano@example.jp>"


def identity(platform, **fields):
    PlatformSettings.objects.update_or_create(site=platform.site, defaults=fields)


def erasure_done(platform):
    """A mail to a person of `platform` the way the outbox renders it (not saved: rendering
    reads nothing else)."""
    return ErasureMail(
        person=Person(language="ja", platform=platform),
        kind=ErasureMail.Kind.DONE,
        email="a@b.jp",
    )


def test_a_mail_carries_its_platforms_name_and_sender():
    iiyama, nagano = default_platform(), other_platform()
    identity(iiyama, mail_sender=IIYAMA_SENDER)
    identity(nagano, mail_sender=NAGANO_SENDER)

    mail = erasure_done(iiyama).render()
    assert mail.from_email == IIYAMA_SENDER
    assert mail.subject.endswith(f"| {platforms.platform_name(iiyama)}")
    assert platforms.platform_name(iiyama) in mail.body

    row = erasure_done(nagano)  # its platform_path leads to the person's platform
    mail = row.render()
    assert mail.from_email == NAGANO_SENDER
    assert mail.subject.endswith("| 長野県")
    assert "長野県" in mail.body
    row.created_at = timezone.now()
    assert row.message_id.endswith("@nagano.localhost>")


def test_a_platform_without_a_sender_sends_as_the_installation():
    nagano = other_platform()
    assert platforms.mail_sender(nagano) == settings.DEFAULT_FROM_EMAIL
    row = erasure_done(nagano)
    assert row.render().from_email == settings.DEFAULT_FROM_EMAIL


def test_the_sender_and_the_colour_are_checked_when_saved():
    site = default_platform().site
    for field, value in [
        ("mail_sender", "not an address"),
        ("mail_sender", "名前 <no-at-sign>"),
        ("theme_colour", "green"),
        ("theme_colour", "#12345"),
    ]:
        with pytest.raises(ValidationError) as refused:
            PlatformSettings(site=site, **{field: value}).full_clean()
        assert field in refused.value.message_dict
    PlatformSettings(site=site, mail_sender=IIYAMA_SENDER, theme_colour="#1D5B79").full_clean()


def test_the_header_takes_the_theme_colour_only_when_white_text_is_readable_on_it():
    assert platforms.contrast_ratio("#000000") == pytest.approx(21)
    assert platforms.contrast_ratio("#ffffff") == pytest.approx(1)
    assert platforms.header_colour("#1D5B79") == "#1d5b79"  # dark blue: 7:1
    assert platforms.header_colour("#767676") == "#767676"  # 4.54:1, just enough
    assert platforms.header_colour("#777777") is None  # 4.48:1
    assert platforms.header_colour("#ffcc00") is None  # yellow
    assert platforms.header_colour("") is None
    assert platforms.header_colour("#zzzzzz") is None


def test_each_platforms_pages_show_its_name_logo_and_readable_colour(client):
    iiyama, nagano = default_platform(), other_platform()
    logo = get_image_model().objects.create(title="県章", file=get_test_image_file())
    identity(nagano, logo=logo, theme_colour="#1d5b79")
    identity(iiyama, theme_colour="#ffee00")

    page = client.get("/ja/", HTTP_HOST="nagano.localhost").content.decode()
    assert "長野県" in page
    assert 'class="site-logo"' in page
    assert "/platform.css?v=1d5b79" in page
    css = client.get("/platform.css", HTTP_HOST="nagano.localhost").content.decode()
    assert "--color-brand: #1d5b79" in css

    page = client.get("/ja/", HTTP_HOST="localhost").content.decode()
    assert "長野県" not in page and 'class="site-logo"' not in page
    assert "platform.css" not in page  # yellow under white text: the usual colour
    assert client.get("/platform.css", HTTP_HOST="localhost").content == b""


def test_pdfs_name_their_platform_and_link_to_its_address():
    iiyama, nagano = default_platform(), other_platform()
    assert pdf.absolute_url("/ja/events/", platform=nagano) == "http://nagano.localhost/ja/events/"
    assert pdf.absolute_url("/ja/", platform=iiyama) == settings.WAGTAILADMIN_BASE_URL + "/ja/"
    document = pdf.Document("案内", language="ja", platform=nagano)
    document.add_page()
    assert document.author == "長野県"
    assert pdf.Document("案内", language="ja").author == platforms.platform_name(iiyama)


def test_staff_open_their_own_platforms_settings_only(client):
    iiyama, nagano = default_platform(), other_platform()
    client.force_login(staff_of(nagano, roles.SECRETARIAT, "nagano-secretariat"))
    own = f"/admin/settings/core/platformsettings/{nagano.site_id}/"
    assert client.get(own).status_code == 200
    response = client.post(own, {"secretariat_name": "長野県事務局", "theme_colour": "#1d5b79"})
    assert response.status_code == 302
    assert platforms.settings_of(nagano).secretariat_name == "長野県事務局"
    other = f"/admin/settings/core/platformsettings/{iiyama.site_id}/"
    assert client.get(other).status_code in (302, 403)
    client.post(other, {"secretariat_name": "乗っ取り"})
    assert platforms.settings_of(iiyama).secretariat_name != "乗っ取り"
    # the menu's address opens the user's own platform's, whatever the host
    response = client.get("/admin/settings/core/platformsettings/", HTTP_HOST="localhost")
    assert response["Location"] == own


def test_every_outbox_says_how_its_rows_reach_their_platform():
    """Each outbox's `platform_path` is a lookup that ends at a platform or at a page (whose
    tree says), so that its mail is signed, sent and linked as its platform's, and only that
    platform's staff see it among undelivered mail."""
    from wagtail.models import Page

    from cms.core.models import Platform
    from cms.core.outbox import outbox_models

    for model in outbox_models():
        assert model.platform_path, model._meta.label
        target = model
        for name in model.platform_path.split("__"):
            target = target._meta.get_field(name).related_model
        assert target is Platform or issubclass(target, Page), model._meta.label
