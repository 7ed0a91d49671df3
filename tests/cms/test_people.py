import importlib
from datetime import timedelta

from django.utils import timezone

from cms.people.erasure import erase_person
from cms.people.models import AccessToken, Person
from cms.people.services import (
    issue_token,
    record_consent,
    resolve_token,
    revoke_tokens,
)
from tests.platforms import default_platform


def make_person(**fields):
    return Person.objects.create(
        platform=default_platform(),
        **{"name": "山田 花子", "name_kana": "やまだ はなこ", "email": "h@example.jp", **fields},
    )


def test_a_token_opens_its_own_record_and_is_not_stored(db):
    person = make_person()
    raw = issue_token(person, "registration")
    assert len(raw) >= 43  # 256 bits, url-safe
    assert not AccessToken.objects.filter(token_hash=raw).exists()
    token = resolve_token(raw, "registration")
    assert token.person == person
    assert token.last_used_at is None  # the returned row is as found; the use is recorded
    assert AccessToken.objects.get(pk=token.pk).last_used_at is not None


def test_a_tampered_revoked_expired_or_other_purpose_token_opens_nothing(db):
    person = make_person()
    raw = issue_token(person, "registration")
    assert resolve_token(raw[:-1] + ("A" if raw[-1] != "A" else "B"), "registration") is None
    assert resolve_token(raw, "volunteer") is None
    assert resolve_token("", "registration") is None
    assert resolve_token("x" * 10_000, "registration") is None
    expired = issue_token(person, "feed", expires_at=timezone.now() - timedelta(seconds=1))
    assert resolve_token(expired, "feed") is None
    revoke_tokens(person, "registration")
    assert resolve_token(raw, "registration") is None


def test_each_token_belongs_to_one_person(db):
    first, second = make_person(), make_person(name="佐藤 一郎", email="i@example.jp")
    raw = issue_token(first, "registration")
    issue_token(second, "registration")
    assert resolve_token(raw, "registration").person == first


def test_erasing_a_person_blanks_what_identifies_them_and_revokes_their_links(db):
    person = make_person(phone="0269-00-0000")
    raw = issue_token(person, "registration")
    record_consent(person, "registration", "page-1-rev-1")
    erase_person(person)
    person.refresh_from_db()
    assert (person.name_kana, person.email, person.phone) == ("", "", "")
    assert person.erased_at is not None
    assert resolve_token(raw, "registration") is None
    assert person.consents.count() == 1  # the record that consent was given stays


def test_phones_stored_as_typed_are_put_in_the_one_form_and_found_by_any_writing(db):
    from django.apps import apps

    from cms.people.services import people_by_contact

    migration = importlib.import_module("cms.people.migrations.0008_phones_in_one_form")
    typed = make_person(phone="09012345678")
    abroad = make_person(phone="+14155552671")
    junk = make_person(phone="123")
    migration.phones_in_one_form(apps, None)
    phones = dict(Person.objects.values_list("pk", "phone"))
    assert phones == {typed.pk: "090-1234-5678", abroad.pk: "+1 415-555-2671", junk.pk: "123"}
    assert list(people_by_contact(default_platform(), phone="０９０ １２３４ ５６７８")) == [typed]
