import re

import pytest
from django.core import mail

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_volunteer_registers_confirms_signs_up_and_cancels(page, live_server, demo_site):
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
    assert page.get_by_role("heading", name=re.compile("仕分け")).is_visible()

    page.get_by_role("button", name="このシフトをキャンセルする").click()
    assert "申込みをキャンセルしました" in page.get_by_role("status").inner_text()
    assert page.get_by_text("これからのシフトはありません。").is_visible()
