"""Security headers: a strict Content-Security-Policy and a Permissions-Policy on public pages,
one that lets the Wagtail admin work (inline scripts, the check-in desk's camera) under /admin/.
Every public page's headers are checked by the crawl in tests/production/test_public_pages.py."""

import pytest
from django.contrib.auth import get_user_model

from cms.core.headers import _media_origins, _tiles_origin

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_public_pages_allow_no_inline_script_or_style_and_no_camera(client, settings):
    settings.TSUNAGU_MAP_TILES = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
    policy = directives(client.get("/healthz"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "https://cyberjapandata.gsi.go.jp" in policy["img-src"]
    assert client.get("/healthz")["Permissions-Policy"].startswith("camera=()")


def test_the_admin_gets_a_policy_it_works_with(client):
    staff = get_user_model().objects.create_superuser("staff", "staff@example.jp", "pw")
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in directives(response)["script-src"]
    assert "camera=(self)" in response["Permissions-Policy"]
    # on the public site too, where the userbar brings the admin's scripts
    assert "'unsafe-inline'" in directives(client.get("/healthz"))["script-src"]


def test_images_from_object_storage_and_subdomain_tiles_are_allowed(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "public": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "endpoint_url": "https://s3.example.jp",
                "custom_domain": "media.example.jp",
            },
        },
    }
    assert _media_origins() == ["https://media.example.jp", "https://s3.example.jp"]
    assert (
        _tiles_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png")
        == "https://*.tile.example.org"
    )
    assert _tiles_origin("") is None
