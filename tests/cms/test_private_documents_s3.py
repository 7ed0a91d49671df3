"""On object storage, a document goes to the private bucket, which answers nobody without a
signature; the serve view checks the collection's restriction and only then redirects to a
signed address that expires within minutes. Images stay in the public bucket. moto stands in
for S3, in this process."""

import time
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings
from moto import mock_aws
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from cms.core.storage import move_private_files

SECRET = b"%PDF-1.4 minutes of the members' meeting"
PUBLIC, PRIVATE = "tsunagu-media", "tsunagu-documents"
CONNECTION = {
    "region_name": "us-east-1",
    "access_key": "test",
    "secret_key": "test",
    "default_acl": None,
    "file_overwrite": False,
}


@pytest.fixture
def buckets(settings):
    """The storages production configures for MEDIA_S3_BUCKET and MEDIA_S3_PRIVATE_BUCKET."""
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        for bucket in (PUBLIC, PRIVATE):
            client.create_bucket(Bucket=bucket)
        s3 = "storages.backends.s3.S3Storage"
        storages_setting = {
            **settings.STORAGES,
            "public": {"BACKEND": s3, "OPTIONS": {**CONNECTION, "bucket_name": PUBLIC}},
            "private": {
                "BACKEND": s3,
                "OPTIONS": {
                    **CONNECTION,
                    "bucket_name": PRIVATE,
                    "querystring_auth": True,
                    "querystring_expire": settings.PRIVATE_URL_SECONDS,
                },
            },
        }
        with override_settings(STORAGES=storages_setting, WAGTAILDOCS_SERVE_METHOD="redirect"):
            yield client


@pytest.fixture
def minutes(db, django_user_model, buckets):
    group = Group.objects.create(name="members of the test")
    member = django_user_model.objects.create_user("member", password="pw")
    member.groups.add(group)
    collection = Collection.get_first_root_node().add_child(name="会員向け")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    document = get_document_model().objects.create(
        title="議事録", file=ContentFile(SECRET, name="gijiroku.pdf"), collection=collection
    )
    return document, member


def keys(client, bucket):
    return {o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def expires_in(url):
    """Seconds until a signed address stops working (signature version 2 or 4)."""
    query = parse_qs(urlsplit(url).query)
    if "X-Amz-Expires" in query:
        return int(query["X-Amz-Expires"][0])
    return int(query["Expires"][0]) - time.time()


def test_a_document_goes_to_the_private_bucket_which_refuses_unsigned_reads(buckets, minutes):
    document, _member = minutes
    assert keys(buckets, PRIVATE) == {document.file.name}
    assert document.file.name not in keys(buckets, PUBLIC)
    assert buckets.get_object(Bucket=PRIVATE, Key=document.file.name)["Body"].read() == SECRET
    # Nobody reads it without a signature: no public grant on the object, no bucket policy.
    grants = buckets.get_object_acl(Bucket=PRIVATE, Key=document.file.name)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    for address in (
        f"https://{PRIVATE}.s3.amazonaws.com/{document.file.name}",
        f"https://s3.amazonaws.com/{PRIVATE}/{document.file.name}",
    ):
        answer = requests.get(address, timeout=10)
        assert answer.status_code == 403
        assert SECRET not in answer.content


def test_the_public_bucket_does_answer_unsigned_reads(buckets):
    # The check above is real: an object anyone may read is read without a signature.
    buckets.put_object(Bucket=PUBLIC, Key="original_images/a.png", Body=b"png", ACL="public-read")
    answer = requests.get(f"https://s3.amazonaws.com/{PUBLIC}/original_images/a.png", timeout=10)
    assert answer.content == b"png"


def test_anonymous_visitors_are_sent_to_log_in_not_to_the_bucket(client, minutes):
    document, _member = minutes
    response = client.get(document.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert PRIVATE not in response["Location"]


def test_a_member_is_redirected_to_a_signed_address_that_expires_within_minutes(client, minutes):
    document, member = minutes
    client.force_login(member)
    response = client.get(document.url)
    assert response.status_code == 302
    address = response["Location"]
    assert PRIVATE in address and document.file.name in address
    assert 0 < expires_in(address) <= 300
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert requests.get(address, timeout=10).content == SECRET


def test_documents_of_an_earlier_release_move_from_the_public_bucket(buckets, minutes):
    document, _member = minutes
    buckets.put_object(Bucket=PUBLIC, Key="documents/old.pdf", Body=SECRET)
    buckets.put_object(Bucket=PUBLIC, Key="original_images/a.png", Body=b"png")
    assert move_private_files() == 1
    assert keys(buckets, PUBLIC) == {"original_images/a.png"}
    assert keys(buckets, PRIVATE) == {document.file.name, "documents/old.pdf"}
    assert storages["default"].open("documents/old.pdf").read() == SECRET
