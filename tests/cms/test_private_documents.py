"""A document of a members-only collection reaches only those it is meant for: its file is not
in the media folder that nginx (or Django in development) serves, the serve view asks for a
login and sends it only to a permitted person, and nothing of it is kept by a cache. Public
documents still download for everyone. Files an earlier release put in the media folder move to
the private storage, and a media backup holds the documents too."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.conf.urls.static import static
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.urls import URLResolver
from django.urls.resolvers import RegexPattern
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from cms.core.storage import move_private_files

SECRET = b"%PDF-1.4 minutes of the members' meeting"


@pytest.fixture
def members(django_user_model):
    group = Group.objects.create(name="members of the test")
    member = django_user_model.objects.create_user("member", password="pw")
    member.groups.add(group)
    stranger = django_user_model.objects.create_user("stranger", password="pw")
    return group, member, stranger


def restricted_collection(group):
    collection = Collection.get_first_root_node().add_child(name="会員向け")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    return collection


def document(name, content, collection=None):
    return get_document_model().objects.create(
        title=name,
        file=ContentFile(content, name=name),
        collection=collection or Collection.get_first_root_node(),
    )


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def served_from_media(path):
    """What Django's development media serving (DEBUG's `static()`) answers for a path."""
    with override_settings(DEBUG=True):
        patterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    match = URLResolver(RegexPattern(r"^/"), patterns).resolve(path)
    return match.func(RequestFactory().get(path), *match.args, **match.kwargs)


@pytest.mark.django_db
def test_a_restricted_documents_file_is_outside_the_media_folder(members):
    group, _member, _stranger = members
    minutes = document("gijiroku.pdf", SECRET, restricted_collection(group))
    path = Path(minutes.file.path).resolve()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert path.read_bytes() == SECRET
    assert not (Path(settings.MEDIA_ROOT) / minutes.file.name).exists()


@pytest.mark.django_db
def test_the_media_address_of_a_document_finds_nothing_while_images_are_served(members):
    group, _member, _stranger = members
    minutes = document("gijiroku.pdf", SECRET, restricted_collection(group))
    with pytest.raises(Http404):
        served_from_media(f"/media/{minutes.file.name}")
    # the same serving hands out a public file of the media folder: the refusal above is real
    name = storages["public"].save("original_images/sakura.png", ContentFile(b"png"))
    assert body(served_from_media(f"/media/{name}")) == b"png"


@pytest.mark.django_db
def test_the_serve_view_sends_anonymous_visitors_to_log_in_and_keeps_nothing(client, members):
    group, _member, _stranger = members
    minutes = document("gijiroku.pdf", SECRET, restricted_collection(group))
    response = client.get(minutes.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert {"private", "no-store"} <= cache_control(response)


@pytest.mark.django_db
def test_the_serve_view_refuses_a_person_outside_the_group(client, members):
    group, _member, stranger = members
    minutes = document("gijiroku.pdf", SECRET, restricted_collection(group))
    client.force_login(stranger)
    response = client.get(minutes.url)
    assert response.status_code in (302, 403)
    assert SECRET not in body(response)


@pytest.mark.django_db
def test_the_serve_view_sends_the_file_to_a_member_without_letting_it_be_cached(client, members):
    group, member, _stranger = members
    minutes = document("gijiroku.pdf", SECRET, restricted_collection(group))
    client.force_login(member)
    response = client.get(minutes.url)
    assert response.status_code == 200
    assert body(response) == SECRET
    assert {"private", "no-store"} <= cache_control(response)
    assert "public" not in cache_control(response)


@pytest.mark.django_db
def test_a_password_restricted_document_is_not_cached_once_the_password_was_given(client):
    collection = Collection.get_first_root_node().add_child(name="パスワード")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="pw"
    )
    handout = document("handout.pdf", SECRET, collection)
    form = client.get(handout.url)
    assert form.status_code == 200 and SECRET not in body(form)
    assert {"private", "no-store"} <= cache_control(form)
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    answer = client.post(
        f"/documents/authenticate_with_password/{restriction.pk}/",
        {"password": "pw", "return_url": handout.url},
    )
    assert answer.status_code == 302
    response = client.get(handout.url)  # anonymous, the password in the session
    assert body(response) == SECRET
    assert {"private", "no-store"} <= cache_control(response)


@pytest.mark.django_db
def test_a_public_document_downloads_for_everyone_and_may_be_cached_briefly(client):
    flyer = document("flyer.pdf", b"%PDF-1.4 flyer")
    assert not (Path(settings.MEDIA_ROOT) / flyer.file.name).exists()
    response = client.get(flyer.url)
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.4 flyer"
    assert {"public", "max-age=300"} <= cache_control(response)
    with pytest.raises(Http404):
        served_from_media(f"/media/{flyer.file.name}")


@pytest.mark.django_db
def test_documents_of_an_earlier_release_move_out_of_the_media_folder(client, members):
    group, member, _stranger = members
    public, private = storages["public"], storages["private"]
    # As the previous release stored it: in MEDIA_ROOT/documents, the row naming that file.
    name = public.save("documents/old-minutes.pdf", ContentFile(SECRET))
    minutes = document("placeholder.pdf", b"", restricted_collection(group))
    private.delete(minutes.file.name)
    get_document_model().objects.filter(pk=minutes.pk).update(file=name)
    minutes.refresh_from_db()

    assert move_private_files() == 1
    assert not public.exists(name)
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    assert private.exists(name)
    client.force_login(member)
    assert body(client.get(minutes.url)) == SECRET
    assert move_private_files() == 0  # run again (a second migrate, a restored backup)


@pytest.mark.django_db
def test_a_media_backup_holds_documents_and_restores_them_to_the_private_storage(tmp_path, members):
    group, _member, _stranger = members
    minutes = document("gijiroku.pdf", SECRET, restricted_collection(group))
    image = storages["public"].save("original_images/sakura.png", ContentFile(b"png"))
    backup = tmp_path / "backup"
    call_command("backup_media", str(backup), stdout=io.StringIO())
    assert (backup / minutes.file.name).read_bytes() == SECRET
    assert (backup / image).read_bytes() == b"png"

    restored_public, restored_private = tmp_path / "media", tmp_path / "private-media"
    restored = {
        **settings.STORAGES,
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": restored_public},
        },
        "private": {
            "BACKEND": "cms.core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": restored_private},
        },
    }
    with override_settings(STORAGES=restored):
        call_command("restore_media", str(backup), stdout=io.StringIO())
    assert (restored_private / minutes.file.name).read_bytes() == SECRET
    assert not (restored_public / minutes.file.name).exists()
    assert (restored_public / image).read_bytes() == b"png"


@pytest.mark.django_db
def test_deleting_a_document_deletes_its_private_file(members, django_capture_on_commit_callbacks):
    group, _member, _stranger = members
    minutes = document("gijiroku.pdf", SECRET, restricted_collection(group))
    path = Path(minutes.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        minutes.delete()
    assert not path.exists()
