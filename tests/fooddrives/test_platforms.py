"""Two platforms in one installation, both ways: the desk and the secretariat of one platform
list, open, change and export only their own platform's drives (another's is not found by its
address), the yearly report counts only theirs, the access log of a pledge list is the drive's
platform's, and a home page and a newsletter digest show only their platform's drives."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from cms.core import roles
from cms.core.models import ExportLog
from events.fooddrives import sections
from events.fooddrives.models import Intake
from events.fooddrives.tasks import private_link
from tests.documents import pdf_text
from tests.fooddrives.admin_fixtures import item, make_drive, make_pledge
from tests.platform_staff import not_found, staff_for
from tests.platforms import OTHER_HOST, default_platform, other_platform

pytestmark = pytest.mark.django_db

BOTH_WAYS = pytest.mark.parametrize("mine,theirs", [("default", "other"), ("other", "default")])


@pytest.fixture
def two(db, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://tsunagu.city.iiyama.example"
    platforms = {"default": default_platform(), "other": other_platform()}
    drives = {
        key: make_drive(f"{key} のフードドライブ", home=platform.site.root_page)
        for key, platform in platforms.items()
    }
    return platforms, drives


@BOTH_WAYS
@pytest.mark.parametrize("role", [roles.FOOD_DRIVE_DESK, roles.SECRETARIAT])
def test_the_desk_works_on_its_own_platforms_drives_only(client, two, mine, theirs, role):
    platforms, drives = two
    own, foreign = drives[mine], drives[theirs]
    pledge = make_pledge(foreign)
    client.force_login(staff_for(platforms[mine], role))

    listing = client.get(reverse("fooddrives_admin:index")).content.decode()
    assert own.title in listing and foreign.title not in listing
    assert client.get(reverse("fooddrives_admin:drive", args=[own.pk])).status_code == 200
    for name, args in (
        ("drive", [foreign.pk]),
        ("export", [foreign.pk]),
        ("export_xlsx", [foreign.pk]),
        ("stock_export", [foreign.pk]),
        ("add", [foreign.pk]),
        ("intake", [foreign.pk]),
        ("hand_over", [foreign.pk]),
        ("receive", [foreign.pk, pledge.pk]),
    ):
        assert not_found(client, reverse(f"fooddrives_admin:{name}", args=args)), name
    cancel = reverse("fooddrives_admin:cancel", args=[foreign.pk, pledge.pk])
    assert client.post(cancel, follow=True).status_code == 404
    pledge.refresh_from_db()
    assert pledge.status == pledge.Status.PLEDGED
    # Nor can food be recorded on the other platform's drive by posting to it.
    client.post(
        reverse("fooddrives_admin:intake", args=[foreign.pk]),
        {"item": item(foreign, "米").pk, "quantity": "3", "donor_name": "匿名"},
    )
    assert not Intake.objects.filter(drive=foreign).exists()
    assert [log.object_id for log in ExportLog.objects.all()] == [str(own.pk)]


@BOTH_WAYS
def test_the_access_log_of_a_pledge_list_is_the_drives_platforms(client, two, mine, theirs):
    platforms, drives = two
    make_pledge(drives[mine])
    client.force_login(staff_for(platforms[mine], roles.FOOD_DRIVE_DESK))
    # Seen from the other platform's host: the log still goes with the drive.
    client.get(reverse("fooddrives_admin:drive", args=[drives[mine].pk]), HTTP_HOST=OTHER_HOST)
    client.get(reverse("fooddrives_admin:export", args=[drives[mine].pk]))
    assert {log.platform for log in ExportLog.objects.all()} == {platforms[mine]}
    assert ExportLog.objects.count() == 2


@BOTH_WAYS
def test_the_yearly_report_counts_its_platforms_drives_only(client, two, mine, theirs):
    platforms, drives = two
    client.force_login(staff_for(platforms[mine], roles.SECRETARIAT))
    page = client.get(reverse("yearly_report")).content.decode()
    assert drives[mine].title in page and drives[theirs].title not in page
    download = client.get(reverse("yearly_report_pdf"))
    text = pdf_text(download.content)  # without spaces
    assert drives[mine].title.replace(" ", "") in text
    assert drives[theirs].title.replace(" ", "") not in text


@BOTH_WAYS
def test_a_home_page_and_a_newsletter_digest_show_their_platforms_drives_only(
    client, two, mine, theirs
):
    platforms, drives = two
    home = platforms[mine].site.root_page
    shown = sections.home_drives(home)
    assert [entry["drive"].pk for entry in shown["drives"]] == [drives[mine].pk]
    # The English home lists the drives of its Japanese original's tree (in Japanese).
    english = home.get_translation_or_none(Locale.objects.get(language_code="en"))
    if english is not None:
        shown = sections.home_drives(english)
        assert [entry["drive"].pk for entry in shown["drives"]] == [drives[mine].pk]
    digest = sections.digest_drives(Locale.get_default(), platforms[mine])
    assert [drive.pk for drive in digest["drives"]] == [drives[mine].pk]
    host = {"default": "localhost", "other": OTHER_HOST}[mine]
    page = client.get("/ja/", HTTP_HOST=host).content.decode()
    assert drives[mine].title in page and drives[theirs].title not in page


@BOTH_WAYS
def test_the_private_link_of_a_pledge_is_on_its_drives_site(two, mine, theirs):
    _platforms, drives = two
    pledge = make_pledge(drives[mine])
    link = private_link(pledge, "ja")
    expected = {
        "default": "https://tsunagu.city.iiyama.example/",
        "other": f"http://{OTHER_HOST}/",
    }
    assert link.startswith(expected[mine])


@BOTH_WAYS
def test_one_addresss_pledges_on_one_platform_do_not_use_up_its_allowance_on_another(
    two, mine, theirs
):
    from datetime import timedelta

    from django.utils import timezone

    from cms.core import outbox
    from events.fooddrives import services

    platforms, drives = two

    def give(key):
        drive = drives[key]
        return services.pledge(
            drive,
            point=drive.points.first(),
            drop_off_on=timezone.localdate() + timedelta(days=1),
            lines=[services.Line(item(drive, "米"), 1)],
            name="寄付 花子",
            email="hanako@example.jp",
        )

    for _ in range(outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR):
        give(mine)
    with pytest.raises(services.PledgeError, match="too_many"):
        give(mine)
    pledge, created = give(theirs)
    assert created and pledge.person.platform == platforms[theirs]
