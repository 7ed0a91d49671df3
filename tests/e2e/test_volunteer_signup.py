import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from cms.people.services import issue_token
from tests.e2e.conftest import with_and_without_javascript
from tests.volunteers.conftest import make_volunteer
from volunteers.models import VolunteerOpportunity

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@with_and_without_javascript
def test_a_volunteer_registers_signs_up_cancels_and_swaps_out(
    page, browser, live_server, demo_site, javascript
):
    page.goto(live_server.url + "/ja/volunteers/")
    page.get_by_role("link", name="ボランティア登録").click()
    page.get_by_label("お名前").fill("飯山 花子")
    page.get_by_label("ふりがな").fill("イイヤマ ハナコ")
    page.get_by_label(re.compile("メール")).fill("ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ")
    page.get_by_label(re.compile("電話")).fill("0269-22-1234")
    page.get_by_label("調理").check()
    page.get_by_label("個人情報の取り扱いに同意します。").check()
    page.get_by_role("button", name="ボランティアとして登録する").click()
    assert page.get_by_role("heading", level=1).inner_text() == "メールをご確認ください"

    message = mail.outbox[-1]
    assert message.to == ["hanako@example.jp"]
    link = re.search(r"http://\S+(/ja/volunteers/confirm/\S+/)", message.body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="確認してマイページを開く").click()
    assert "メールアドレスを確認しました" in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="シフトを探して申し込む").click()
    page.get_by_role("button", name=re.compile("^申し込む")).first.click()
    assert "申込みが完了しました" in page.get_by_role("status").inner_text()
    expect(page.get_by_role("heading", name=re.compile("仕分け"))).to_be_visible()

    page.get_by_role("button", name="このシフトをキャンセルする").click()
    assert "申込みをキャンセルしました" in page.get_by_role("status").inner_text()
    expect(page.get_by_text("これからのシフトはありません。")).to_be_visible()

    # Signed up again, she cannot come after all: she offers her place, and stays on the
    # shift until someone takes it.
    page.get_by_role("link", name="シフトを探して申し込む").click()
    page.get_by_role("button", name=re.compile("^申し込む 仕分け")).first.click()
    page.get_by_role("button", name="行けなくなったので、この枠を他の人に譲る").click()
    assert "交代をお願いしました" in page.get_by_role("status").inner_text()
    expect(page.get_by_role("heading", name=re.compile("仕分け"))).to_be_visible()
    my_page = page.url

    # Another volunteer scans the food drive's QR code on a phone that remembers them and
    # takes the place over with one tap.
    taker = make_volunteer(name="米子 次郎", email="jiro@example.jp")
    phone = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, java_script_enabled=javascript
    )
    other = phone.new_page()
    other.set_default_timeout(15_000)
    token = issue_token(taker.person, "volunteer")
    other.goto(live_server.url + reverse("volunteers:my_page", kwargs={"token": token}))
    other.get_by_role("button", name="この端末に記憶させる").click()
    food_drive = VolunteerOpportunity.objects.get(
        title__startswith="フードドライブ", locale__language_code="ja"
    )
    other.goto(live_server.url + f"/ja/volunteers/at/{food_drive.pk}/")
    assert "米子 次郎 さん" in other.get_by_text(re.compile("こんにちは")).inner_text()
    other.get_by_role("button", name=re.compile("^代わりに入る 仕分け")).click()
    assert "交代を引き受けました" in other.get_by_role("status").inner_text()
    phone.close()

    page.goto(my_page)
    expect(page.get_by_text("これからのシフトはありません。")).to_be_visible()
    to_her = [m for m in mail.outbox if m.to == ["hanako@example.jp"]]
    assert "交代が決まりました" in to_her[-1].subject
    assert "交代を引き受けました" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == ["jiro@example.jp"]
