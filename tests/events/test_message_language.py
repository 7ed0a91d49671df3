"""The language for messages (issue 20): the public form offers the platform's languages and
starts at the page's, so a registration made on an English page is written to in English,
and the mail is rendered in the person's language whatever language the sender's is."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import translation

from cms.core import outbox
from cms.core.models import PlatformSettings
from events.models import Registration
from tests.events.conftest import make_event
from tests.events.test_registration_views import form_data


@pytest.fixture
def korean_too(db):
    """The default platform offers Japanese, English and Korean."""
    event = make_event(discreet=True)  # its mails' subject is one string: "Your booking"
    PlatformSettings.objects.update_or_create(
        site=event.get_site(), defaults={"languages": ["ja", "en", "ko"]}
    )
    return event


def language_options(response):
    select = BeautifulSoup(response.content, "html.parser").find("select", id="id_language")
    options = select.find_all("option")
    return [o["value"] for o in options], [o["value"] for o in options if o.has_attr("selected")]


@pytest.mark.parametrize("code", ["ja", "en", "ko"])
def test_the_form_offers_the_platforms_languages_and_starts_at_the_pages(client, korean_too, code):
    # The event is in Japanese only: on /en/ and /ko/ it is shown in Japanese with a notice,
    # and the interface, the form's first choice included, stays in the visitor's language.
    response = client.get(f"/{code}/" + korean_too.url.split("/", 2)[2])
    assert response.status_code == 200
    assert language_options(response) == (["ja", "en", "ko"], [code])


def register_on(run, client, event, code):
    path = f"/{code}/" + event.url.split("/", 2)[2]
    _, [chosen] = language_options(client.get(path))
    response = run(client.post, path, form_data(event, language=chosen))
    assert response.status_code == 302
    return Registration.objects.get()


def test_a_registration_on_an_english_page_gets_an_english_mail(run, client, korean_too):
    registration = register_on(run, client, korean_too, "en")
    assert registration.person.language == "en"
    [message] = mail.outbox
    assert message.subject.startswith("Your booking | ")
    assert "/en/" in message.body and "/ja/" not in message.body  # its private link too


def test_a_registration_on_a_korean_page_gets_a_mail_rendered_in_korean(
    run, client, korean_too, monkeypatch
):
    rendered_in = []
    render = outbox.render_to_string

    def spy(*args, **kwargs):
        rendered_in.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(outbox, "render_to_string", spy)
    with translation.override("ja"):  # whatever language the task runs in
        registration = register_on(run, client, korean_too, "ko")
    assert registration.person.language == "ko"
    [message] = mail.outbox
    assert rendered_in and set(rendered_in) == {"ko"}
    with translation.override("ko"):
        assert message.subject.startswith(translation.gettext("Your booking") + " | ")
    assert "/ko/" in message.body
