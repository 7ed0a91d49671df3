import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command


def test_admin_login_page_renders(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.text
    assert 'name="password"' in response.text


def test_admin_requires_a_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_demo_admin_creates_a_login_that_works_and_prints_it(client, db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_admin", stdout=out)
    password = next(
        line.split(":", 1)[1].strip()
        for line in out.getvalue().splitlines()
        if line.strip().startswith("password:")
    )
    # Through the login page, as a person would: django-axes needs the request to authenticate.
    answer = client.post("/admin/login/", {"username": "admin", "password": password})
    assert answer.status_code == 302, answer.text[:2000]
    assert client.get("/admin/").status_code == 200


def test_demo_admin_resets_the_password_each_time(db, settings):
    settings.DEBUG = True
    call_command("demo_admin", stdout=io.StringIO())
    first = get_user_model().objects.get(username="admin").password
    call_command("demo_admin", stdout=io.StringIO())
    assert get_user_model().objects.get(username="admin").password != first
    assert get_user_model().objects.filter(username="admin").count() == 1


def test_demo_admin_refuses_to_run_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_admin", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()


def test_demo_admin_gives_the_demos_trainer_the_same_login_and_it_opens_their_desk(
    client, db, settings
):
    from cms.core import roles
    from tests.platforms import default_platform

    settings.DEBUG = True
    trainer = get_user_model().objects.create(username="demo-trainer")
    trainer.groups.add(roles.group_of(default_platform(), roles.TRAINERS))
    out = io.StringIO()
    call_command("demo_admin", stdout=out)
    printed = out.getvalue()
    password = next(
        line.split(":", 1)[1].strip()
        for line in printed.splitlines()
        if line.strip().startswith("password:")
    )
    assert "demo-trainer (講師)" in printed
    answer = client.post("/admin/login/", {"username": "demo-trainer", "password": password})
    assert answer.status_code == 302, answer.text[:2000]
    assert client.get("/admin/").status_code == 200
