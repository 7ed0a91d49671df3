"""A window reached by LINE, chat or a web form has a button that starts the conversation at
its address, on its card (the home page's, the navigator's, the directory's) and on its page
(issue 21: the chat window shown first on the home page had no address to start a chat)."""

import pytest

from tests.cms.navigator.factories import window

pytestmark = pytest.mark.django_db

CHAT = "https://chat.example.jp/start"


@pytest.mark.parametrize(
    ("ways", "words"),
    [
        ({"by_line": True}, "LINEで相談する"),
        ({"by_chat": True}, "チャットで相談する"),
        ({"by_mail": True}, "ウェブで相談する"),
        ({"by_chat": True, "by_line": True}, "LINEで相談する"),
    ],
)
def test_the_card_and_the_page_start_the_conversation_at_its_address(client, ways, words):
    window("あなたのいばしょチャット", url=CHAT, is_24h=True, **ways)
    for address in ("/ja/navigator/windows/", window_page(client)):
        page = client.get(address).content.decode()
        assert (
            page.count(f'href="{CHAT}" rel="noreferrer"><span class="call__action">{words}') == 1
        ), address


def test_the_home_page_s_chat_window_starts_the_chat(client, demo):
    """The demo's home page shows the 24-hour windows first; its chat (あなたのいばしょ) has
    the button."""
    page = client.get("/ja/").content.decode()
    assert "チャットで相談する" in page


def test_a_phone_line_with_a_web_page_has_no_such_button(client):
    window("電話の窓口", phone_numbers="0120-000-000", url="https://example.jp/", is_24h=True)
    for address in ("/ja/navigator/windows/", window_page(client)):
        page = client.get(address).content.decode()
        assert 'call__action">チャット' not in page and "で相談する" not in page


def window_page(client):
    from cms.directory.windows.models import ConsultationWindow

    return ConsultationWindow.objects.get().get_url()
