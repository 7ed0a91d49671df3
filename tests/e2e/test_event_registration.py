import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import with_and_without_javascript

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@with_and_without_javascript
def test_a_resident_registers_gets_the_mail_opens_the_link_and_cancels(
    page, live_server, demo_site
):
    page.goto(live_server.url + "/ja/events/")
    page.get_by_role("link", name=re.compile("シンポジウム")).first.click()
    expect(page.get_by_text("残り200席")).to_be_visible()

    page.get_by_label("お名前").fill("飯山 花子")
    page.get_by_label("ふりがな").fill("イイヤマ ハナコ")
    page.get_by_label(re.compile("メール")).fill("ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ")
    page.get_by_label("同伴者の人数").select_option("1")
    page.get_by_label("個人情報の取り扱いに同意します。").check()
    page.get_by_role("button", name="申し込む").click()

    page.wait_for_url(re.compile(r"/registered/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "お申込みありがとうございます"
    # The page says the same whether or not the address was registered (issue 16): the
    # status is in the mail and behind the private link.
    assert "hanako@example.jp にメールをお送りしました" in page.get_by_role("status").inner_text()

    message = mail.outbox[-1]
    assert message.to == ["hanako@example.jp"]
    link = re.search(r"http://\S+/events/registration/\S+/", message.body).group(0)
    page.goto(live_server.url + link.split("testserver", 1)[1])
    expect(page.get_by_role("heading", name="お申込みの内容")).to_be_visible()
    assert "参加が確定しました（2名）" in page.get_by_role("status").first.inner_text()
    # Cancelling asks first, on a page of its own (no JavaScript needed); "no" goes back.
    page.get_by_role("link", name="申込みをキャンセルする").click()
    expect(page.get_by_role("heading", name="本当にキャンセルしますか？")).to_be_visible()
    page.get_by_role("button", name="はい、申込みを取り消します").click()
    expect(page.get_by_role("heading", name="お申込みの内容")).to_be_visible()
    assert "申込みをキャンセルしました。" in page.get_by_role("status").first.inner_text()
