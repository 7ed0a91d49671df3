import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.directory.members.applications import MembershipApplication
from cms.directory.members.services import approve_application, decline_application
from cms.directory.members.tasks import notify_applicant
from cms.directory.models import MemberOrganisationPage
from cms.people.models import Consent, Person
from tests.contact import assert_clean_contact, assert_people_clean, typed

URL = "/ja/members/apply/"


def valid(**changes):
    data = {
        "organisation_name": "ＮＰＯ法人　ひだまり",
        "organisation_name_kana": "ヒダマリ",
        "organisation_type": "npo",
        "representative_role": "理事長",
        "contact_name": "連絡　花子",
        "contact_name_kana": "れんらく はなこ",
        "contact_email": "ｉｎｆｏ＠Ｈｉｄａｍａｒｉ.example.jp",
        "description": "子どもの居場所を運営しています。",
        "agree": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_application_is_stored_normalised_with_its_contact_person(
    client, member_index, food_topic
):
    response = client.post(URL, valid(topics=[food_topic.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/ja/members/apply/sent/"
    application = MembershipApplication.objects.get()
    assert application.organisation_name == "NPO法人 ひだまり"
    assert application.organisation_name_kana == "ひだまり"
    assert application.status == "pending"
    assert list(application.topics.all()) == [food_topic]
    person = application.contact
    assert (person.name, person.email, person.language) == (
        "連絡 花子",
        "info@hidamari.example.jp",
        "ja",
    )
    assert Consent.objects.get(person=person).purpose == "membership_application"
    assert "審査" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"organisation_name": ""}, "organisation_name", "必須"),
        ({"contact_email": "hanako-at-example"}, "contact_email", "メールアドレス"),
        ({"organisation_name_kana": "Hidamari"}, "organisation_name_kana", "ひらがなかカタカナ"),
        ({"agree": None}, "agree", "同意"),
        ({"organisation_type": "castle"}, "organisation_type", "選択"),
        ({"description": "あ" * 401}, "description", "400"),
    ],
)
def test_bad_input_gets_a_specific_error_and_keeps_what_was_typed(
    client, member_index, changes, field, message
):
    response = client.post(URL, valid(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field]), form.errors[field]
    html = response.content.decode()
    assert 'value="理事長"' in html
    assert f'id="id_{field}_error"' in html
    assert MembershipApplication.objects.count() == 0


def test_over_long_text_is_refused_not_cut(client, member_index):
    response = client.post(URL, valid(description="長" * 450))
    assert "description" in response.context["form"].errors
    assert "長" * 450 in response.content.decode()
    assert MembershipApplication.objects.count() == 0


def test_a_second_application_from_the_same_organisation_and_email_is_recognised(
    client, member_index
):
    first = client.post(URL, valid())
    again = client.post(
        URL,
        valid(organisation_name="NPO法人 ひだまり", contact_email="info@hidamari.example.jp"),
    )
    # Answered as a first application: nobody learns who has applied (issue 16).
    assert again["Location"] == first["Location"] == "/ja/members/apply/sent/"
    assert "二重に" not in client.get(again["Location"]).content.decode()
    assert MembershipApplication.objects.count() == 1
    assert Person.objects.count() == 1
    client.post(URL, valid(contact_email="other@hidamari.example.jp"))
    assert MembershipApplication.objects.count() == 2


text = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=450)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=typed(), kana=typed(), role=text, contact=typed(), email=text, description=text, kind=text
)
def test_the_form_never_fails_whatever_is_typed_nor_stores_junk(
    client, member_index, name, kana, role, contact, email, description, kind
):
    response = client.post(
        URL,
        valid(
            organisation_name=name,
            organisation_name_kana=kana,
            representative_role=role,
            contact_name=contact,
            contact_email=email,
            description=description,
            organisation_type=kind,
        ),
    )
    assert response.status_code in (200, 302)
    for application in MembershipApplication.objects.select_related("contact"):
        assert_clean_contact(application.organisation_name, application.organisation_name_kana)
    assert_people_clean()


@pytest.fixture
def application(client, member_index, food_topic):
    client.post(URL, valid(topics=[food_topic.pk]))
    return MembershipApplication.objects.get()


@pytest.fixture
def secretariat(db):
    return get_user_model().objects.create_superuser("staff", "staff@example.jp", "pw")


def test_approval_creates_a_draft_profile_and_invites_the_contact_person(
    client, application, secretariat, food_topic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve_application(application, by=secretariat, reason="ようこそ。")
    application.refresh_from_db()
    assert application.status == "approved"
    page = application.profile_page.specific
    assert isinstance(page, MemberOrganisationPage)
    assert not page.live
    assert (page.title, page.name_kana) == ("NPO法人 ひだまり", "ひだまり")
    assert list(page.topics.all()) == [food_topic]
    account = application.account
    assert account.email == "info@hidamari.example.jp"
    assert not account.has_usable_password()

    (message,) = mail.outbox
    assert message.to == ["info@hidamari.example.jp"]
    assert "NPO法人 ひだまり" in message.subject
    assert "ようこそ。" in message.body
    link = next(line for line in message.body.splitlines() if "/admin/password_reset/" in line)
    path = link.replace("http://testserver", "")
    response = client.get(path, follow=True)
    assert response.status_code == 200
    set_password = response.redirect_chain[-1][0]
    client.post(
        set_password, {"new_password1": "Yukiguni-2026!", "new_password2": "Yukiguni-2026!"}
    )
    account.refresh_from_db()
    assert account.check_password("Yukiguni-2026!")

    # the mail task is idempotent
    application.refresh_from_db()
    assert application.notified_at is not None
    assert notify_applicant(application.decision_mail.pk) == "already sent"
    assert len(mail.outbox) == 1


def test_a_declined_applicant_is_told_why(
    application, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decline_application(application, by=secretariat, reason="市外の団体のため。")
    application.refresh_from_db()
    assert application.status == "declined"
    assert application.profile_page is None
    (message,) = mail.outbox
    assert "市外の団体のため。" in message.body
    assert MemberOrganisationPage.objects.count() == 0


def test_the_secretariat_decides_in_the_admin(
    client, application, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    listing = client.get("/admin/membership_applications/")
    assert "NPO法人 ひだまり" in listing.content.decode()
    edit = f"/admin/membership_applications/edit/{application.pk}/"
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"decision": "decline", "decision_reason": ""})
    assert response.status_code == 200
    assert "decision_reason" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {"decision": "approve", "decision_reason": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.decided_by == secretariat
    assert len(mail.outbox) == 1
    assert client.get("/admin/membership_applications/new/").status_code in (302, 403, 404)


def test_a_failing_mail_server_keeps_the_decision_mail_and_retries_it(
    application, secretariat, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.events.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        decline_application(application, by=secretariat, reason="市外の団体のため。")
    decision = application.decision_mail
    decision.refresh_from_db()
    assert decision.sent_at is None and decision.attempts == 1
    assert decision in type(decision).undelivered_queryset()
    application.refresh_from_db()
    assert application.status == "declined" and application.notified_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notify_applicant(decision.pk) == "sent"
    application.refresh_from_db()
    assert application.notified_at is not None
    (message,) = mail.outbox
    assert "市外の団体のため。" in message.body


def test_approving_without_a_member_index_says_why_instead_of_failing(
    client, application, secretariat, member_index
):
    member_index.delete()
    client.force_login(secretariat)
    edit = f"/admin/membership_applications/edit/{application.pk}/"
    response = client.post(edit, {"decision": "approve", "decision_reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    application.refresh_from_db()
    assert application.status == "pending"
