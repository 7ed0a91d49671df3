"""What a sponsor and a sponsorship must be: a logo has its text alternative (the admin refuses
one without), a sponsorship supports exactly one thing of the sponsor's own platform, in a tier
of that platform, for a period that runs forwards; and each platform's staff manage their own
tiers and sponsorships only."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.core import roles
from sponsors.models import Sponsor, Sponsorship, SponsorTier
from tests.events.conftest import make_event
from tests.fooddrives.conftest import make_drive
from tests.platform_staff import not_found, staff_for
from tests.platforms import default_platform, other_platform
from tests.sponsors.conftest import sponsor, sponsorship, tier

pytestmark = pytest.mark.django_db


def logo():
    return get_image_model().objects.create(title="logo", file=get_test_image_file())


def test_a_logo_needs_its_text_alternative():
    bank = Sponsor(platform=default_platform(), name="信金", kind="sponsorship", logo=logo())
    with pytest.raises(ValidationError) as refused:
        bank.full_clean()
    assert "logo_alt" in refused.value.message_dict
    bank.logo_alt = "信金のロゴ"
    bank.full_clean()
    # without a logo, no text alternative is asked for
    Sponsor(platform=default_platform(), name="商店", kind="cooperation").full_clean()


def test_the_admin_refuses_a_logo_without_text_and_keeps_what_was_typed(client):
    client.force_login(staff_for(default_platform(), roles.SECRETARIAT))
    image = logo()
    response = client.post(
        reverse("wagtailsnippets_sponsors_sponsor:add") + "?locale=ja",
        {
            "name": "ほくしん信用金庫",
            "name_kana": "",
            "kind": "sponsorship",
            "logo": image.pk,
            "logo_alt": "",
            "url": "",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "ほくしん信用金庫" in body and "代替テキストが必要" in body
    assert not Sponsor.objects.filter(name="ほくしん信用金庫").exists()


@pytest.mark.parametrize(
    "targets",
    [{}, {"whole_platform": True, "event": "event"}, {"event": "event", "food_drive": "drive"}],
)
def test_a_sponsorship_supports_exactly_one_thing(targets):
    event, drive = make_event("交流会", slug="koryu"), make_drive()
    values = {"event": event, "drive": drive, True: True}
    fields = {name: values[value] for name, value in targets.items()}
    bank = sponsor("信金")
    with pytest.raises(ValidationError, match="ちょうど1つ"):
        Sponsorship(sponsor=bank, **fields).full_clean()
    # and the database refuses it too
    with pytest.raises(IntegrityError), transaction.atomic():
        Sponsorship.objects.create(sponsor=bank, **fields)
    Sponsorship(sponsor=bank, food_drive=drive).full_clean()


def test_a_period_runs_forwards_and_may_be_open():
    bank = sponsor("信金")
    backwards = Sponsorship(
        sponsor=bank, whole_platform=True, starts_on=date(2026, 5, 2), ends_on=date(2026, 5, 1)
    )
    with pytest.raises(ValidationError) as refused:
        backwards.full_clean()
    assert "ends_on" in refused.value.message_dict
    for starts, ends in (
        (date(2026, 5, 1), date(2026, 5, 1)),
        (None, date(2026, 5, 1)),
        (None, None),
    ):
        Sponsorship(sponsor=bank, whole_platform=True, starts_on=starts, ends_on=ends).full_clean()


def test_the_target_and_the_tier_are_of_the_sponsors_own_platform():
    from tests.sponsors.test_sponsors import event_on

    nagano = other_platform()
    bank = sponsor("信金")
    their_event = event_on(nagano, "よそのつどい", "tsudoi-theirs")
    with pytest.raises(ValidationError) as refused:
        Sponsorship(sponsor=bank, event=their_event).full_clean()
    assert "event" in refused.value.message_dict
    their_tier = tier("ゴールド", 10, platform=nagano)
    with pytest.raises(ValidationError) as refused:
        Sponsorship(sponsor=bank, tier=their_tier, whole_platform=True).full_clean()
    assert "tier" in refused.value.message_dict


def test_each_platforms_staff_manage_their_own_tiers_and_sponsorships_only(client):
    nagano = other_platform()
    ours, theirs = tier("ゴールド", 10), tier("県ゴールド", 10, platform=nagano)
    foreign = sponsorship(sponsor("よその銀行", platform=nagano), theirs)
    client.force_login(staff_for(default_platform(), roles.SECRETARIAT))
    listing = client.get(reverse("wagtailsnippets_sponsors_sponsortier:list")).content.decode()
    assert "ゴールド" in listing and "県ゴールド" not in listing
    assert (
        client.get(reverse("wagtailsnippets_sponsors_sponsortier:edit", args=[ours.pk])).status_code
        == 200
    )
    assert not_found(client, reverse("wagtailsnippets_sponsors_sponsortier:edit", args=[theirs.pk]))
    assert not_found(
        client, reverse("wagtailsnippets_sponsors_sponsorship:edit", args=[foreign.pk])
    )
    listing = client.get(reverse("wagtailsnippets_sponsors_sponsorship:list")).content.decode()
    assert "よその銀行" not in listing
    # the tier chooser of the sponsorship form offers the staff's own tiers only
    chooser = client.get(reverse("wagtailsnippetchoosers_sponsors_sponsortier:choose")).json()
    assert "ゴールド" in chooser["html"] and "県ゴールド" not in chooser["html"]


def test_members_cannot_open_the_tiers(client):
    client.force_login(staff_for(default_platform(), roles.MEMBERS))
    assert client.get(reverse("wagtailsnippets_sponsors_sponsortier:list")).status_code == 302
    assert SponsorTier.objects.count() == 0
