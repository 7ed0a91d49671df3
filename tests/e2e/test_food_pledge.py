"""A resident pledges food on a phone, gets the mail, opens the private link and cancels."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils.translation import gettext
from playwright.sync_api import expect

from events.fooddrives.models import Pledge
from tests.e2e.conftest import with_and_without_javascript
from tests.fooddrives.conftest import make_drive

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@with_and_without_javascript
def test_a_resident_pledges_gets_the_mail_opens_the_link_and_cancels(page, live_server):
    drive = make_drive()
    day = drive.collection_starts_on + timedelta(days=2)
    page.goto(live_server.url + drive.url)
    assert page.get_by_role("heading", level=1).inner_text() == drive.title
    rice = gettext("%(item)s (%(unit)s)") % {"item": "お米", "unit": "kg"}
    page.get_by_label(rice).fill("５")
    page.get_by_label(re.compile("木島公民館")).check()
    page.get_by_label(gettext("Drop-off day")).fill(day.isoformat())
    page.get_by_label("お名前").fill("飯山 花子")
    page.get_by_label(re.compile("メール")).fill("ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ")
    page.get_by_label("個人情報の取り扱いに同意します。").check()
    page.get_by_role("button", name=gettext("Pledge this food")).click()

    page.wait_for_url(re.compile(r"/pledged/$"))
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == gettext("Thank you for your pledge")
    details = page.locator("main").inner_text()
    assert "お米 5 kg" in details and "木島公民館" in details

    message = mail.outbox[-1]
    assert message.to == ["hanako@example.jp"]
    link = re.search(r"http://\S+/food-drives/pledge/\S+/", message.body).group(0)
    page.goto(live_server.url + link.split("testserver", 1)[1])
    expect(page.get_by_role("heading", name=gettext("Your pledge"))).to_be_visible()
    page.get_by_role("button", name=gettext("Cancel my pledge")).click()
    notice = gettext("Your pledge is cancelled. Thank you for letting us know.")
    assert notice in page.get_by_role("status").first.inner_text()
    assert Pledge.objects.get().status == Pledge.Status.CANCELLED
