"""The staff check-in page in a phone-sized browser: a code typed (or sent by a hand-held
scanner, which types and presses Enter) checks the person in with JavaScript off and on; with
a camera, the code is read from the picture."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from playwright.sync_api import expect

from events import services
from events.models import Registration
from tests.e2e.conftest import CHROMIUM_ARGS
from tests.events.conftest import make_event
from tests.roles import secretariat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def door(live_server):
    """An event with one registration, and a logged-in secretariat session for the browser."""
    event = make_event(capacity=5)
    registration, _ = services.register(
        event, quota=event.quotas.get(), name="飯山 花子", email="hanako@example.jp"
    )
    client = Client()
    client.force_login(secretariat())
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }
    url = f"{live_server.url}/admin/event-registrations/{event.pk}/check-in/"
    return registration, cookie, url


def open_page(browser, cookie, url, **options):
    context = browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844}, **options)
    context.add_cookies([cookie])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    return context, page


@pytest.mark.parametrize("javascript", [False, True], ids=["without JavaScript", "with JavaScript"])
def test_a_typed_code_checks_the_person_in_once(browser, door, javascript):
    registration, cookie, url = door
    context, page = open_page(browser, cookie, url, java_script_enabled=javascript)
    try:
        field = page.get_by_label("チェックインコード", exact=True)
        field.fill(registration.check_in_label.lower())
        field.press("Enter")  # what a hand-held scanner sends after the code
        page.wait_for_url(url)
        expect(page.get_by_text("飯山 花子さんを受付しました。")).to_be_visible()
        expect(page.get_by_text("受付済み1名")).to_be_visible()
        field = page.get_by_label("チェックインコード", exact=True)
        field.fill("ABCD")
        field.press("Enter")
        assert page.get_by_role("alert").inner_text().startswith("チェックインコードではありません")
        assert field.input_value() == "ABCD"
        field.fill(registration.check_in_label)
        field.press("Enter")
        page.wait_for_url(url)
        expect(page.get_by_text("すでに受付済みです")).to_be_visible()
        expect(page.get_by_text("受付済み1名")).to_be_visible()
    finally:
        context.close()
    registration.refresh_from_db()
    assert registration.status == "attended"


def fake_camera(path, code):
    """A Y4M video of a printed QR code held up to the camera, for Chromium's fake camera."""
    from PIL import Image

    from cms.core.pdf import qr_png

    width, height = 640, 480
    frame = Image.new("L", (width, height), 255)
    qr = Image.open(qr_png(code, scale=10)).convert("L")
    frame.paste(qr, ((width - qr.width) // 2, (height - qr.height) // 2))
    chroma = bytes([128]) * (width // 2 * height // 2)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            video.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)


@pytest.mark.skipif(
    finders.find("vendor/jsqr/jsQR.js") is None, reason="needs jsQR from npm: run make vendor"
)
def test_the_camera_reads_the_code_and_checks_the_person_in(browser, door, tmp_path):
    from tests.conftest import CHROMIUM

    registration, cookie, url = door
    video = tmp_path / "code.y4m"
    fake_camera(video, registration.check_in_label)
    # A second Chromium whose camera films the code.
    filming = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context, page = open_page(filming, cookie, url, permissions=["camera"])
        sent = []
        page.on("request", lambda request: sent.append(request.method))
        page.get_by_role("button", name="カメラで読み取る").click()
        page.get_by_text("飯山 花子さんを受付しました。").wait_for()
        # Scanning goes on, and the code still in front of the camera is not sent again.
        page.get_by_role("button", name="カメラを止める").wait_for()
        page.wait_for_timeout(1500)
        assert sent.count("POST") == 1
        context.close()
    finally:
        filming.close()
    registration.refresh_from_db()
    assert registration.status == "attended"
    assert Registration.objects.filter(status="attended").count() == 1
