"""A trainer on a phone: logs in, opens the roster of a session of their own course, marks
one absent and one late, everyone else present in one go, and sees who completed."""

import re

import pytest

from cms.people.models import Person, Qualification
from events.courses import services
from tests.courses.conftest import make_course
from tests.platforms import default_platform
from tests.roles import trainer
from tests.volunteers.conftest import default_locale

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_trainer_marks_a_session_in_bulk_and_sees_completion(page, live_server):
    default_locale()  # transactional tests flush the locale the migrations made
    supporter = Qualification.objects.create(
        platform=default_platform(),
        name="つながりサポーター",
        slug="tsunagari-supporter",
        validity_years=3,
    )
    course = make_course(supporter, sessions=1)
    make_course(supporter, title="他の講師の講座", sessions=1)
    user = trainer("koshi", course)
    user.set_password("Koshi-2026!")
    user.save()
    people = {
        name: Person.objects.create(
            platform=default_platform(), name=name, name_kana=kana, email=f"{n}@example.jp"
        )
        for n, (name, kana) in enumerate(
            [
                ("青木 一郎", "あおき いちろう"),
                ("井上 花子", "いのうえ はなこ"),
                ("上田 次郎", "うえだ じろう"),
            ]
        )
    }
    for person in people.values():
        services.enrol(course, person)

    page.goto(live_server.url + "/ja/courses/")
    page.locator("[name=username]").fill("koshi")
    page.locator("[name=password]").fill("Koshi-2026!")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/ja/courses/$"))
    assert page.get_by_role("link", name="他の講師の講座").count() == 0
    page.get_by_role("link", name="つながりサポーター養成講座").click()
    page.get_by_role("link", name=re.compile("^第1回")).click()

    # Each mark's words on one line (「補講済」 broke after 補講 on a phone).
    for mark in page.locator(".roster__mark").all()[:4]:
        assert mark.bounding_box()["height"] <= 48, mark.inner_text()

    # Wagtail's floating button (the userbar: trainers may open the admin) covers neither
    # save button, wherever the list is scrolled to.
    trigger = page.locator("wagtail-userbar .w-userbar-trigger")
    trigger.wait_for()
    for scrolled in (0, 10_000):
        page.evaluate(f"window.scrollTo(0, {scrolled})")
        corner = trigger.bounding_box()
        for button in page.locator(".roster__actions button").all():
            box = button.bounding_box()
            apart = (
                box["x"] + box["width"] <= corner["x"]
                or corner["x"] + corner["width"] <= box["x"]
                or box["y"] + box["height"] <= corner["y"]
                or corner["y"] + corner["height"] <= box["y"]
            )
            assert apart, (button.inner_text(), box, corner)

    page.get_by_role("group", name=re.compile("青木 一郎")).get_by_label("欠席").check()
    late = page.get_by_role("group", name=re.compile("井上 花子"))
    late.get_by_label("遅刻").check()
    late.get_by_label("メモ").fill("15分遅れ")
    page.get_by_role("button", name="保存し、未入力の人を全員「出席」にする").click()
    assert "3件の出欠を保存しました。2人が修了しました。" in page.get_by_role("status").inner_text()
    assert page.get_by_role("group", name=re.compile("上田 次郎")).get_by_label("出席").is_checked()

    page.get_by_role("link", name="つながりサポーター養成講座").click()
    completed = page.locator("ul.plain").inner_text()
    assert "井上 花子" in completed and "上田 次郎" in completed
    assert "青木 一郎" not in completed
