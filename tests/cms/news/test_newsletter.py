import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_q.models import Schedule
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.core import outbox
from cms.news import newsletter
from cms.news.models import (
    NewsletterConfirmation,
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterSubscription,
)
from cms.people.erasure import erase_person
from cms.people.models import AccessToken
from tests.platforms import default_platform

pytestmark = pytest.mark.django_db


def link(message, part):
    return next(
        re.sub(r"^https?://[^/]+", "", line.strip())
        for line in message.body.splitlines()
        if f"/newsletter/{part}/" in line
    )


@pytest.fixture
def subscribed(client, categories, django_capture_on_commit_callbacks):
    """Subscribe through the form and confirm through the mailed link."""

    def subscribe(email, chosen=()):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/ja/newsletter/",
                {"email": email, "categories": [c.pk for c in chosen], "agree": "on"},
            )
        assert response.status_code == 302
        confirm = link(mail.outbox[-1], "confirm")
        assert "確認" in client.post(confirm).content.decode()
        return NewsletterSubscription.objects.get(person__email=email)

    return subscribe


def test_subscribing_needs_the_confirmation_link(
    client, categories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ja/newsletter/", {"email": "ＨＡＮＡ＠Example.JP", "agree": "on"})
    assert response["Location"] == "/ja/newsletter/sent/"
    subscription = NewsletterSubscription.objects.get()
    assert subscription.person.email == "HANA@example.jp"
    assert subscription.confirmed_at is None
    (message,) = mail.outbox
    confirm = link(message, "confirm")
    client.post(confirm)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    # the link is used up
    assert "有効ではありません" in client.get(confirm).content.decode()


def test_subscribing_again_does_not_reveal_or_duplicate(
    client, subscribed, django_capture_on_commit_callbacks
):
    subscribed("hana@example.jp")
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ja/newsletter/", {"email": "hana@example.jp", "agree": "on"})
    assert response["Location"] == "/ja/newsletter/sent/"
    assert NewsletterSubscription.objects.count() == 1
    assert len(mail.outbox) == sent


def test_nobody_can_flood_an_inbox_with_confirmation_mails(
    client, categories, django_capture_on_commit_callbacks
):
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/ja/newsletter/", {"email": "hana@example.jp", "agree": "on"})
        assert response["Location"] == "/ja/newsletter/sent/"
    assert len(mail.outbox) == outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR == 3
    # Past the cap nothing is even written to the outbox.
    assert NewsletterConfirmation.objects.count() == 3
    # The last link sent still works, and an hour later a new one can be asked for.
    subscription = NewsletterSubscription.objects.get()
    NewsletterConfirmation.objects.update(
        created_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ja/newsletter/", {"email": "hana@example.jp", "agree": "on"})
    assert len(mail.outbox) == 4
    client.post(link(mail.outbox[-1], "confirm"))
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_the_cap_counts_the_address_in_any_case_and_only_the_last_hour(
    django_capture_on_commit_callbacks,
):
    for email in ["hana@example.jp", "HANA@example.jp", "Hana@Example.jp", "hana@example.jp"]:
        with django_capture_on_commit_callbacks(execute=True):
            newsletter.subscribe(platform=default_platform(), email=email)
    assert len(mail.outbox) == 3
    assert NewsletterConfirmation.objects.count() == 3
    NewsletterConfirmation.objects.filter(
        pk=NewsletterConfirmation.objects.order_by("pk").first().pk
    ).update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.subscribe(platform=default_platform(), email="hana@example.jp")
    assert len(mail.outbox) == 4
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.subscribe(platform=default_platform(), email="hana@example.jp")
    assert len(mail.outbox) == 4 and NewsletterConfirmation.objects.count() == 4


def test_opening_the_link_confirms_nothing_until_the_button_is_pressed(
    client, categories, django_capture_on_commit_callbacks
):
    """A mail scanner follows every link of a mail (GET): that must not subscribe anyone."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ja/newsletter/", {"email": "hana@example.jp", "agree": "on"})
    confirm = link(mail.outbox[-1], "confirm")
    page = Client(enforce_csrf_checks=True).get(confirm)
    assert page.status_code == 200
    assert "登録を確定する" in page.content.decode()
    assert 'method="post"' in page.content.decode()
    assert NewsletterSubscription.objects.get().confirmed_at is None
    assert Client(enforce_csrf_checks=True).post(confirm).status_code == 403  # needs the page
    assert NewsletterSubscription.objects.get().confirmed_at is None
    assert "購読を確認しました" in client.post(confirm).content.decode()
    assert NewsletterSubscription.objects.get().confirmed_at is not None


def test_a_failing_mail_server_keeps_the_confirmation_and_a_later_attempt_sends_a_working_link(
    client, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.events.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ja/newsletter/", {"email": "hana@example.jp", "agree": "on"})
    assert response["Location"] == "/ja/newsletter/sent/"
    row = NewsletterConfirmation.objects.get()
    assert row.sent_at is None and row.attempts == 1 and "SMTP" in row.last_error
    assert row in NewsletterConfirmation.undelivered_queryset()
    schedule = Schedule.objects.get(name=f"news-newsletterconfirmation-{row.pk}")
    assert schedule.func == "cms.news.newsletter.deliver_confirmation"
    assert schedule.args == repr((row.pk,))
    # The link is made at delivery: the failed attempt left no token behind.
    assert not AccessToken.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert newsletter.deliver_confirmation(row.pk) == "sent"
    assert newsletter.deliver_confirmation(row.pk) == "already sent"
    (message,) = mail.outbox
    assert message.to == ["hana@example.jp"]
    raw = link(message, "confirm").rstrip("/").rsplit("/", 1)[-1]
    stored = " ".join(str(v) for v in NewsletterConfirmation.objects.values().get().values())
    assert raw not in stored
    assert not Schedule.objects.filter(args__contains=raw).exists()
    assert "確認" in client.post(link(message, "confirm")).content.decode()
    assert NewsletterSubscription.objects.get().confirmed_at is not None


def test_a_subscription_undone_with_its_transaction_sends_nothing(
    django_capture_on_commit_callbacks,
):
    class Undo(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Undo),
        transaction.atomic(),
    ):
        newsletter.subscribe(platform=default_platform(), email="hana@example.jp")
        assert NewsletterConfirmation.objects.count() == 1
        raise Undo
    assert callbacks == []
    assert not NewsletterConfirmation.objects.exists()
    assert not NewsletterSubscription.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("confirm", "confirmed already"),
        ("unsubscribe", "unsubscribed"),
        ("erase", "no address"),
    ],
)
def test_a_confirmation_waiting_in_the_outbox_is_skipped_when_no_longer_needed(
    django_capture_on_commit_callbacks, change, reason
):
    with django_capture_on_commit_callbacks(execute=False):
        subscription = newsletter.subscribe(platform=default_platform(), email="hana@example.jp")
    if change == "confirm":
        subscription.confirmed_at = timezone.now()
        subscription.save()
    elif change == "unsubscribe":
        subscription.unsubscribed_at = timezone.now()
        subscription.save()
    else:
        erase_person(subscription.person)
    row = NewsletterConfirmation.objects.get()
    assert newsletter.deliver_confirmation(row.pk) == reason
    row.refresh_from_db()
    assert row.sent_at is not None and mail.outbox == []
    assert not AccessToken.objects.filter(revoked_at__isnull=True).exists()


def test_an_older_confirmation_retried_after_a_newer_one_went_out_sends_nothing(
    client, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.events.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.subscribe(platform=default_platform(), email="hana@example.jp")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.subscribe(platform=default_platform(), email="hana@example.jp")
    older, _newer = NewsletterConfirmation.objects.order_by("pk")
    assert newsletter.deliver_confirmation(older.pk) == "a newer confirmation replaces it"
    (message,) = mail.outbox
    assert "確認" in client.post(link(message, "confirm")).content.decode()


def test_the_form_refuses_bad_input_keeping_it(client, categories):
    response = client.post("/ja/newsletter/", {"email": "not-an-address"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "agree"}
    assert 'value="not-an-address"' in response.content.decode()
    assert NewsletterSubscription.objects.count() == 0


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(email=st.text(max_size=300), category=st.text(max_size=20))
def test_the_form_never_fails(client, categories, email, category):
    response = client.post("/ja/newsletter/", {"email": email, "categories": category})
    assert response.status_code in (200, 302)


def test_a_digest_goes_in_batches_once_to_confirmed_subscribers_by_their_categories(
    client, subscribed, add_news, categories, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(newsletter, "BATCH_SIZE", 2)
    everything = [subscribed(f"all{n}@example.jp") for n in range(3)]
    calls = subscribed("calls@example.jp", [categories["call"]])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ja/newsletter/", {"email": "pending@example.jp", "agree": "on"})
    add_news("募集のお知らせ", datetime.date(2026, 9, 1), categories["call"], summary="募集中")
    add_news("報告のお知らせ", datetime.date(2026, 9, 2), categories["event-report"])
    mail.outbox.clear()

    issue = newsletter.compose_issue("9月のメールマガジン", "今月のお知らせです。")
    assert issue.news.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.send_issue(issue)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {s.person.email for s in [*everything, calls]}
    assert "報告のお知らせ" in by_address["all0@example.jp"].body
    assert "報告のお知らせ" not in by_address["calls@example.jp"].body
    assert "募集のお知らせ" in by_address["calls@example.jp"].body
    message = by_address["all1@example.jp"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert NewsletterDelivery.objects.filter(sent_at__isnull=False).count() == 4

    # sending again, or a batch running twice, sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.send_issue(issue)
    newsletter.send_batch(list(NewsletterDelivery.objects.values_list("pk", flat=True)))
    assert len(mail.outbox) == 4

    # one click (a bare POST from the mail program, no CSRF token) unsubscribes
    unsubscribe = link(message, "unsubscribe")
    assert client.get(unsubscribe).status_code == 200
    response = Client(enforce_csrf_checks=True).post(unsubscribe)
    assert response.status_code == 200
    assert (
        NewsletterSubscription.objects.get(person__email="all1@example.jp").unsubscribed_at
        is not None
    )
    second = newsletter.compose_issue("次号")
    assert second.news.count() == 0


def test_a_failing_mail_server_keeps_each_delivery_and_retries_it(
    subscribed, add_news, categories, django_capture_on_commit_callbacks, settings
):
    subscribed("hana@example.jp")
    add_news("お知らせ", datetime.date(2026, 9, 1), categories["notice"])
    mail.outbox.clear()
    issue = newsletter.compose_issue("9月号")
    settings.EMAIL_BACKEND = "tests.events.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.send_issue(issue)
    delivery = NewsletterDelivery.objects.get()
    assert delivery.sent_at is None and delivery.attempts == 1
    assert delivery in NewsletterDelivery.undelivered_queryset()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert newsletter.deliver(delivery.pk) == "sent"
    assert newsletter.deliver(delivery.pk) == "already sent"
    assert [m.to for m in mail.outbox] == [["hana@example.jp"]]


def test_staff_compose_and_send_an_issue_in_the_admin(
    client, subscribed, add_news, django_capture_on_commit_callbacks
):
    subscribed("hana@example.jp")
    add_news("お知らせ", datetime.date(2026, 9, 1))
    mail.outbox.clear()
    staff = get_user_model().objects.create_superuser("staff", "staff@example.jp", "pw")
    client.force_login(staff)
    assert client.get("/admin/newsletter_issues/new/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/newsletter_issues/new/",
            {"platform": default_platform().pk, "subject": "創刊号", "intro": "", "send_now": "on"},
        )
    assert response.status_code == 302
    issue = NewsletterIssue.objects.get()
    assert issue.send_requested_at is not None
    (message,) = mail.outbox
    assert message.subject == "創刊号" and "お知らせ" in message.body


def test_a_delivery_whose_task_was_lost_is_queued_again_and_sent_once(
    subscribed, add_news, categories, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from cms.core.outbox import requeue_stalled

    subscribed("hana@example.jp")
    add_news("お知らせ", datetime.date(2026, 9, 1), categories["notice"])
    mail.outbox.clear()
    issue = newsletter.compose_issue("9月号")
    # The rows are written but their tasks never run: a worker killed with them in hand.
    with django_capture_on_commit_callbacks(execute=False):
        newsletter.send_issue(issue)
    delivery = NewsletterDelivery.objects.get()
    assert delivery.sent_at is None
    assert requeue_stalled() == 0  # too recent: its task may still be in the queue
    later = timezone.now() + datetime.timedelta(minutes=11)
    assert requeue_stalled(now=later) == 1
    delivery.refresh_from_db()
    assert delivery.sent_at is not None
    assert requeue_stalled(now=later) == 0
    assert [m.to for m in mail.outbox] == [["hana@example.jp"]]


def test_every_attempt_at_a_mail_carries_the_same_message_id_and_a_scheduled_retry_waits(
    subscribed, add_news, categories, django_capture_on_commit_callbacks, settings
):
    from django.utils import timezone

    from cms.core.outbox import requeue_stalled, retry_delay

    subscribed("hana@example.jp")
    add_news("お知らせ", datetime.date(2026, 9, 1), categories["notice"])
    mail.outbox.clear()
    settings.EMAIL_BACKEND = "tests.events.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.send_issue(newsletter.compose_issue("9月号"))
    delivery = NewsletterDelivery.objects.get()
    assert delivery.attempts == 1
    # Its retry is scheduled, so the sweep leaves it to that schedule.
    assert requeue_stalled(now=timezone.now() + datetime.timedelta(minutes=11)) == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert newsletter.deliver(delivery.pk) == "sent"
    (sent,) = mail.outbox
    assert sent.extra_headers["Message-ID"] == delivery.message_id
    assert delivery.message_id.startswith("<news-newsletterdelivery-")
    settings.OUTBOX_RETRY_BASE_SECONDS = 2
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [2, 8, 32]


def test_composing_and_sending_an_issue_at_once_sends_the_chosen_news(
    subscribed, add_news, categories, django_capture_on_commit_callbacks
):
    subscribed("hana@example.jp")
    chosen = add_news("募集のお知らせ", datetime.date(2026, 9, 1), categories["call"])
    add_news("報告のお知らせ", datetime.date(2026, 9, 2), categories["event-report"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        issue = newsletter.compose_issue("9月号", news=[chosen], send=True)
    assert list(issue.news.all()) == [chosen]
    assert issue.send_requested_at is not None
    (message,) = mail.outbox
    assert "募集のお知らせ" in message.body and "報告のお知らせ" not in message.body


def test_composing_and_sending_that_fails_at_its_last_step_leaves_nothing_half_done(
    subscribed, add_news, categories, django_capture_on_commit_callbacks, monkeypatch
):
    subscribed("hana@example.jp")
    add_news("お知らせ", datetime.date(2026, 9, 1), categories["notice"])
    mail.outbox.clear()
    real_send = newsletter.send_issue

    def send_then_fail(issue):
        real_send(issue)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(newsletter, "send_issue", send_then_fail)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        newsletter.compose_issue("9月号", send=True)
    assert not NewsletterIssue.objects.exists()
    assert not NewsletterDelivery.objects.exists()
    assert callbacks == [] and mail.outbox == []
