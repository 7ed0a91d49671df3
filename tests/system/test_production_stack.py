"""The production stack, as the README's Production section sets it up, run for real on this
machine: a PostgreSQL server, Redis, an S3 API server (moto's standalone server) and an SMTP
server of the test's own; the README's install and release steps on a clean copy of the code;
two gunicorn instances and one django-q2 worker. Nothing is mocked: the test talks HTTP to
gunicorn and reads what the SMTP server received.

It runs in the PostgreSQL run of the suite (CI's second `make test`) and `make prod-check`,
and is skipped, saying why, where PostgreSQL's server binaries or redis-server are missing.
The tests of this module share one stack and run in file order (the last stops PostgreSQL)."""

import email
import json
import os
import re
import secrets
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from email import policy
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import on_postgres
from tests.system.stack import (
    Client,
    PostgresCluster,
    Process,
    exported_names,
    find_form,
    free_port,
    production_steps,
    python,
    source_copy,
    wait_for,
    wait_for_port,
)

pytestmark = pytest.mark.system  # a module runs on one xdist worker (tests/conftest.py)

MISSING = [
    what
    for what, present in (
        ("PostgreSQL's server binaries (apt-get install postgresql)", PostgresCluster.available()),
        ("redis-server (apt-get install redis-server)", shutil.which("redis-server")),
        ("pg_dump and pg_restore", shutil.which("pg_dump") and shutil.which("pg_restore")),
    )
    if not present
]

SEATS = 60
BURST = 300
ADMIN_PASSWORD = secrets.token_urlsafe(16)

# The demo's two platforms (README): 飯山市 on any host, 長野県 on nagano.localhost.
HOSTS = ("127.0.0.1", "nagano.localhost")

# A symposium of SEATS on each platform, under its own events index (one address on both).
EVENT_SCRIPT = f"""
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Site
from events.models import EventIndexPage, EventPage, EventSession, Quota
for site in Site.objects.order_by("-is_default_site", "pk")[:2]:
    index = EventIndexPage.objects.child_of(site.root_page).filter(locale__language_code="ja").first()
    start = timezone.now() + timedelta(days=30)
    page = EventPage(
        title="つながりフォーラム（負荷試験）", slug="burst-forum", locale=index.locale,
        summary="申込みが集中したときの動作を確かめます。", venue_name=site.site_name, fee="無料",
        category=EventPage.Category.SYMPOSIUM,
    )
    page.sessions = [EventSession(title="", starts_at=start, ends_at=start + timedelta(hours=2))]
    page.quotas = [Quota(label="会場参加", mode="onsite", capacity={SEATS})]
    index.add_child(instance=page)
    page.save_revision().publish()
    print("EVENT", page.pk, page.relative_url(site))
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not on_postgres():
        pytest.skip(
            "the production stack runs in the PostgreSQL run of the suite (make prod-check)"
        )
    if MISSING:
        pytest.skip("the production stack needs " + ", ".join(MISSING))
    stack = Stack(tmp_path_factory.mktemp("production"))
    try:
        stack.up()
        yield stack
    finally:
        stack.down()


class Stack:
    def __init__(self, folder):
        self.folder = folder
        self.logs = folder / "logs"
        self.logs.mkdir()
        self.mail = folder / "mail"
        self.src = folder / "src"
        self.venv = folder / "venv"
        self.processes = []
        self.postgres = PostgresCluster()
        self.redis_port, self.s3_port, self.smtp_port = free_port(), free_port(), free_port()
        self.ports = [free_port(), free_port()]
        self.bucket = "tsunagu-media"
        self.private_bucket = "tsunagu-documents"

    # -- the services a city runs beside Tsunagu ----------------------------------------------

    def start(self, name, args, **kwargs):
        process = Process(name, args, log_dir=self.logs, **kwargs).start()
        self.processes.append(process)
        return process

    def start_smtp(self):
        self.smtp = self.start(
            "smtp",
            [python(), "-m", "tests.system.smtp_sink", "127.0.0.1", str(self.smtp_port), str(self.mail)],
            cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
        wait_for_port(self.smtp_port, process=self.smtp)

    def services(self):
        self.postgres.init().start()
        self.postgres.createdb("tsunagu")
        self.redis = self.start(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
        )  # fmt: skip
        self.s3 = self.start(
            "s3", [python(), "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)]
        )
        self.start_smtp()
        wait_for_port(self.redis_port, process=self.redis)
        wait_for_port(self.s3_port, process=self.s3)
        self.create_bucket(self.bucket)
        self.create_private_bucket(self.private_bucket)

    def create_private_bucket(self, name):
        """The documents' bucket as the README asks for it: no public access at all."""
        self.s3_client().create_bucket(Bucket=name)

    def create_bucket(self, name):
        """A media bucket as the README asks for it: anyone may read its objects, since the
        pages link images and documents there directly."""
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{name}/*",
                }
            ],
        }
        self.s3_client().create_bucket(Bucket=name)
        self.s3_client().put_bucket_policy(Bucket=name, Policy=json.dumps(policy))

    def s3_client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.s3_port}",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="us-east-1",
        )

    # -- Tsunagu, as the README says ----------------------------------------------------------

    def environment(
        self, database="tsunagu", bucket=None, private_bucket=None, redis_db=0, base_port=None
    ):
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "DATABASE_URL", "PYTEST", "MEDIA_", "EMAIL_"))
        }
        base_port = base_port or self.ports[0]
        env.update(
            PATH=f"{self.venv / 'bin'}:{os.environ['PATH']}",
            DJANGO_SETTINGS_MODULE="cms.settings.production",
            SECRET_KEY=getattr(self, "secret_key", None) or self._secret(),
            DATABASE_URL=self.postgres.url(database),
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/{redis_db}",
            ALLOWED_HOSTS="127.0.0.1,localhost,nagano.localhost",
            CSRF_TRUSTED_ORIGINS=",".join(
                f"https://{host}:{port}" for host in HOSTS for port in self.ports
            ),
            BASE_URL=f"https://127.0.0.1:{base_port}",
            EMAIL_URL=f"smtp://127.0.0.1:{self.smtp_port}",
            MEDIA_S3_BUCKET=bucket or self.bucket,
            MEDIA_S3_PRIVATE_BUCKET=private_bucket or self.private_bucket,
            MEDIA_S3_ENDPOINT_URL=f"http://127.0.0.1:{self.s3_port}",
            MEDIA_S3_REGION="us-east-1",
            MEDIA_S3_ACCESS_KEY_ID="test",
            MEDIA_S3_SECRET_ACCESS_KEY="test",
            # What this test may not wait for: a failed mail is tried again after 2 s (not a
            # minute), and a mail whose task a killed worker lost is queued again after 5 s.
            OUTBOX_RETRY_BASE_SECONDS="2",
            OUTBOX_REQUEUE_AFTER_SECONDS="5",
            # The burst of registrations comes from one address, which the form's rate limit
            # would stop after 20: this test is about seats and mail, not about abuse.
            RATELIMIT_FORM="100000/m",
            # The test talks to gunicorn itself: no proxy in front adds X-Forwarded-For.
            TRUSTED_PROXY_COUNT="0",
            Q_WORKERS="2",
        )
        return env

    def _secret(self):
        self.secret_key = secrets.token_urlsafe(50)
        return self.secret_key

    def local(self, command):
        """A README command with its placeholder paths made this test's."""
        return command.replace("/srv/tsunagu/src", str(self.src)).replace(
            "/srv/tsunagu/venv", str(self.venv)
        )

    def run(self, command, env=None, cwd=None, timeout=900):
        started = time.monotonic()
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=cwd or self.src,
            env=env or self.environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
        print(f"{time.monotonic() - started:6.1f} s  {command.splitlines()[0][:100]}")
        return done.stdout

    def manage(self, *args, env=None):
        return self.run(" ".join(["python", "manage.py", *args]), env=env)

    def up(self):
        self.services()
        source_copy(self.src)
        self.web_command = self.worker_command = None
        env = self.environment()
        for command in production_steps():
            if command.startswith("export "):
                missing = [name for name in exported_names(command) if name not in env]
                assert not missing, f"the test does not set {missing}, which the README exports"
            elif command.startswith("cd "):
                continue  # every step runs in the source folder
            elif command.startswith("gunicorn "):
                self.web_command = command
            elif command.endswith(" qcluster"):
                self.worker_command = command
            else:
                self.run(self.local(command), env=env)
        assert self.web_command and self.worker_command, "the README starts gunicorn and qcluster"
        # Content to test with: the demo platform, a symposium of 60 seats, an administrator.
        self.manage("load_demo")
        out = self.run(f"python manage.py shell -c '{EVENT_SCRIPT}'")
        # (pk, address) of each platform's event, in the order of HOSTS; the other tests use
        # the default platform's.
        self.events = [line.split()[1:3] for line in out.splitlines() if line.startswith("EVENT")]
        assert len(self.events) == len(HOSTS), out
        self.event_pk, self.event_url = self.events[0]
        admin_env = {**env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD}
        self.manage(
            "createsuperuser --noinput --username ops --email ops@example.jp", env=admin_env
        )
        self.webs = [self.start_web(port) for port in self.ports]
        self.worker = self.start_worker()

    def start_web(self, port, env=None, name=None):
        command = self.web_command.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        assert command != self.web_command, "the README binds gunicorn to 127.0.0.1:8000"
        web = self.start(
            name or f"gunicorn-{port}", ["bash", "-c", "exec " + command], env=env or self.environment(), cwd=self.src
        )  # fmt: skip
        wait_for_port(port, process=web)
        return web

    def start_worker(self):
        worker = self.start(
            "qcluster",
            ["bash", "-c", "exec " + self.worker_command],
            env=self.environment(),
            cwd=self.src,
        )
        wait_for(
            lambda: "running" in worker.log().lower() or worker.poll() is not None,
            60,
            what="qcluster",
        )
        assert worker.poll() is None, worker.log()[-3000:]
        return worker

    def down(self):
        for process in reversed(self.processes):
            process.stop()
        self.postgres.destroy()
        if os.environ.get("KEEP_SYSTEM_LOGS"):
            print(f"system test logs in {self.logs}")

    # -- reading what happened ----------------------------------------------------------------

    def sql(self, query, *params, database="tsunagu"):
        import psycopg

        with psycopg.connect(self.postgres.url(database), connect_timeout=5) as conn:
            return conn.execute(query, params).fetchall()

    def mails(self):
        found = []
        for path in sorted(self.mail.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            found.append(message)
        return found

    def client(self, index=0, host=None):
        return Client(self.ports[index], host=host)


def register(client, event_url, address):
    page = client.get(event_url)
    assert page.status_code == 200, (event_url, page.status_code)
    form = find_form(page.text, "submission_key")
    answer = client.submit(form, name="負荷 試験", email=address, consent="on", companions="0")
    return answer.status_code


def test_both_servers_are_healthy(stack):
    for index in (0, 1):
        answer = stack.client(index).get("/healthz")
        assert answer.status_code == 200
        assert answer.json() == {"status": "ok", "database": True}


def test_a_burst_on_both_servers_fills_the_seats_exactly_and_every_mail_arrives_once(stack):
    addresses = [f"burst{n}@example.jp" for n in range(BURST)]
    killed_at = {}

    def kill_worker_mid_batch():
        # Mails flow while people register: kill the worker once some have gone out and most
        # have not, then start it again, as a crash and a restart by systemd would.
        wait_for(lambda: len(list(stack.mail.glob("*.eml"))) >= 20, 240, what="the first mails")
        killed_at["mails"] = len(list(stack.mail.glob("*.eml")))
        stack.worker.kill()
        time.sleep(2)
        stack.worker = stack.start_worker()

    def one(n):
        # Each server and each platform (by its host) gets a quarter of the burst.
        platform = (n // 2) % len(HOSTS)
        client = stack.client(n % 2, host=HOSTS[platform])
        return register(client, stack.events[platform][1], addresses[n])

    with ThreadPoolExecutor(max_workers=24) as pool:
        killer = pool.submit(kill_worker_mid_batch)
        statuses = list(pool.map(one, range(BURST)))
        killer.result()

    assert [s for s in statuses if s >= 500] == []
    assert set(statuses) <= {200, 302, 303}, sorted(set(statuses))
    # Each platform's seats are filled exactly, on its own: neither takes the other's.
    each = BURST // len(HOSTS)
    for pk, _url in stack.events:
        counts = dict(
            stack.sql(
                "SELECT status, count(*) FROM events_registration WHERE event_id = %s "
                "GROUP BY status",
                int(pk),
            )
        )
        assert counts == {"confirmed": SEATS, "waitlisted": each - SEATS}, (pk, counts)
    nagano = stack.sql(
        "SELECT count(*) FROM people_person p JOIN core_platform c ON c.id = p.platform_id "
        "JOIN wagtailcore_site s ON s.id = c.site_id WHERE s.hostname = %s "
        "AND p.email LIKE %s",
        HOSTS[1],
        "burst%",
    )
    assert nagano == [(each,)], nagano
    assert killed_at["mails"] < BURST, "the worker was killed after the batch, not in it"

    def everyone_has_mail():
        received = {m["X-Envelope-To"] for m in stack.mails()}
        return received >= set(addresses)

    wait_for(everyone_has_mail, 240, interval=1, what="a mail to each of the 300")
    by_address = {}
    for message in stack.mails():
        if message["X-Envelope-To"] in addresses:
            by_address.setdefault(message["X-Envelope-To"], []).append(message["Message-ID"])
    # One message each; a worker killed between the mail server's "250 OK" and the commit that
    # records it sends that mail again, with the same Message-ID (cms/core/outbox.py).
    assert all(len(set(ids)) == 1 for ids in by_address.values())
    copies = sum(len(ids) - 1 for ids in by_address.values())
    assert copies <= 4, f"{copies} second copies for one kill"
    print(f"burst: {BURST} registrations, worker killed after {killed_at['mails']} mails, "
          f"{copies} second copies (same Message-ID)")  # fmt: skip


def test_a_mail_server_that_refuses_connections_loses_nothing(stack):
    stack.smtp.stop()
    addresses = [f"refused{n}@example.jp" for n in range(3)]
    for n, address in enumerate(addresses):
        assert register(stack.client(n % 2), stack.event_url, address) in (302, 303)

    def failed_once():
        rows = stack.sql(
            "SELECT m.attempts FROM events_message m JOIN events_registration r "
            "ON m.registration_id = r.id JOIN people_person p ON r.person_id = p.id "
            "WHERE p.email LIKE 'refused%%' AND m.sent_at IS NULL"
        )
        return len(rows) == 3 and all(attempts >= 1 for (attempts,) in rows)

    wait_for(failed_once, 60, interval=1, what="the deliveries to fail")
    stack.start_smtp()

    def delivered():
        return {m["X-Envelope-To"] for m in stack.mails()} >= set(addresses)

    wait_for(delivered, 150, interval=1, what="the mails once the server is back")


def test_an_image_uploaded_on_one_server_is_shown_by_the_other_from_object_storage(stack):
    from PIL import Image

    picture = BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 40)).save(picture, "PNG")
    first, second = stack.client(0), stack.client(1)
    first.login("ops", ADMIN_PASSWORD)
    form = find_form(first.get("/admin/images/add/").text, "title")
    form["files"] = {"file": ("sakura.png", picture.getvalue(), "image/png")}
    # Every image says what it shows (its alternative text is required: cms/core/image_form.py).
    answer = first.submit(form, title="桜の写真", description="満開の桜の木")
    assert answer.status_code == 302, answer.text[:3000]
    (image_id,) = stack.sql("SELECT id FROM wagtailimages_image WHERE title = %s", "桜の写真")[0]

    # The same session works on the other server (sessions are shared), and its page shows the
    # file at the object storage's address.
    second.cookies.update(first.cookies)
    page = second.get(f"/admin/images/{image_id}/")
    assert page.status_code == 200
    urls = re.findall(rf"http://127\.0\.0\.1:{stack.s3_port}/{stack.bucket}/[^\"'\s>]+", page.text)
    assert urls, "the image's address is not on the object storage"
    stored = Client(stack.s3_port).get(urls[0].replace("&amp;", "&"))
    assert stored.status_code == 200
    assert Image.open(BytesIO(stored.content)).size[0] > 0


def test_a_page_published_on_one_server_is_visible_on_the_other_at_once(stack):
    (page_id, url_path) = stack.sql(
        "SELECT id, url_path FROM wagtailcore_page WHERE url_path LIKE %s AND live "
        "ORDER BY id LIMIT 1",
        "/home/news/%/",
    )[0]
    public = "/ja/" + url_path.split("/", 2)[2]
    first, second = stack.client(0), stack.client(1)
    assert second.get(public).status_code == 200  # seen (and cacheable) on the second server
    first.login("ops", ADMIN_PASSWORD)

    def bulk(action):
        url = f"/admin/bulk/wagtailcore/page/{action}/?id={page_id}&next=/admin/"
        form = find_form(first.get(url).text, "csrfmiddlewaretoken")
        form["action"] = url
        return first.submit(form)

    assert bulk("unpublish").status_code == 302
    assert second.get(public).status_code == 404
    assert bulk("publish").status_code == 302
    assert second.get(public).status_code == 200


def test_a_members_only_document_is_handed_out_only_after_the_permission_check(stack):
    out = stack.run(
        "python manage.py shell -c 'from events.services.meetings import members_collection; "
        'print("COLLECTION", members_collection().pk)\''
    )
    collection = out.split("COLLECTION", 1)[1].split()[0]
    staff = stack.client(0)
    staff.login("ops", ADMIN_PASSWORD)
    form = find_form(staff.get("/admin/documents/add/").text, "title")
    secret = "議事録（会員限定）".encode() + secrets.token_bytes(16)
    form["files"] = {"file": ("gijiroku.pdf", b"%PDF-1.4 " + secret, "application/pdf")}
    answer = staff.submit(form, title="第3回 議事録", collection=collection)
    assert answer.status_code == 302, answer.text[:3000]
    (document_id, name) = stack.sql(
        "SELECT id, file FROM wagtaildocs_document WHERE title = %s", "第3回 議事録"
    )[0]
    address = f"/documents/{document_id}/{name.rsplit('/', 1)[-1]}"

    # The file is in the private bucket only, and the bucket answers nobody without a signature.
    s3 = Client(stack.s3_port)
    assert (
        secret in stack.s3_client().get_object(Bucket=stack.private_bucket, Key=name)["Body"].read()
    )
    for bucket in (stack.private_bucket, stack.bucket):
        direct = s3.get(f"/{bucket}/{name}")
        assert direct.status_code in (403, 404), bucket
        assert secret not in direct.content

    # A stranger is sent to log in, on either server; staff get a signed address that expires.
    stranger = stack.client(1)
    # (requests' get follows redirects unless told not to)
    refused = stranger.get(address, allow_redirects=False)
    assert refused.status_code == 302 and "login" in refused.headers["Location"]
    assert "no-store" in refused.headers["Cache-Control"]
    served = stack.client(1)
    served.cookies.update(staff.cookies)
    redirect = served.get(address, allow_redirects=False)
    assert redirect.status_code == 302, redirect.text[:2000]
    signed = redirect.headers["Location"]
    assert f"/{stack.private_bucket}/" in signed
    assert "no-store" in redirect.headers["Cache-Control"]
    query = parse_qs(urlsplit(signed).query)
    if "X-Amz-Expires" in query:  # signature version 4, else 2
        seconds = int(query["X-Amz-Expires"][0])
    else:
        seconds = int(query["Expires"][0]) - time.time()
    assert 0 < seconds <= 300, signed
    assert secret in s3.get(signed).content


def test_backup_and_restore_serve_the_same_site(stack):
    backup = stack.folder / "backup"
    backup.mkdir()
    dump = backup / "tsunagu.dump"
    env = stack.environment()
    stack.run(f'pg_dump --format=custom --file={dump} "$DATABASE_URL"', env=env)
    stack.manage(f"backup_media {backup / 'media'}", env=env)

    stack.postgres.createdb("restored")
    stack.create_bucket("tsunagu-restored")
    stack.create_private_bucket("tsunagu-documents-restored")
    port = free_port()
    stack.ports.append(port)
    restored = stack.environment(
        database="restored",
        bucket="tsunagu-restored",
        private_bucket="tsunagu-documents-restored",
        redis_db=1,
    )
    stack.run(f'pg_restore --no-owner --dbname="$DATABASE_URL" {dump}', env=restored)
    stack.manage(f"restore_media {backup / 'media'}", env=restored)
    stack.start_web(port, env=restored, name="gunicorn-restored")

    original, copy = stack.client(0), Client(port)
    for path in ("/ja/", "/ja/news/", "/en/", stack.event_url):
        a, b = original.get(path), copy.get(path)
        assert (a.status_code, b.status_code) == (200, 200), path
        assert _comparable(a.text) == _comparable(b.text), path
    for bucket, copy_bucket in (
        (stack.bucket, "tsunagu-restored"),
        (stack.private_bucket, "tsunagu-documents-restored"),
    ):
        originals = {o["Key"] for o in stack.s3_client().list_objects_v2(Bucket=bucket)["Contents"]}
        copies = {
            o["Key"] for o in stack.s3_client().list_objects_v2(Bucket=copy_bucket)["Contents"]
        }
        assert originals and originals == copies, bucket


def _comparable(page):
    """A page without what differs from one request to the next (CSRF tokens, form keys) or
    between the two sites (their ports, their buckets)."""
    page = re.sub(r'name="(csrfmiddlewaretoken|submission_key)" value="[^"]*"', "", page)
    page = re.sub(r"/(tsunagu-media|tsunagu-restored)/", "/BUCKET/", page)
    return re.sub(r"127\.0\.0\.1(:|%3A)\d+", "HOST", page)


def test_every_request_is_logged_as_one_line_without_personal_data(stack):
    logs = "".join(web.log() for web in stack.webs)
    entries = [json.loads(line) for line in logs.splitlines() if line.startswith('{"method"')]
    posts = [e for e in entries if e["method"] == "POST" and e["path"] == stack.event_url]
    assert len(posts) >= BURST
    assert all(e["status"] in (200, 302) and e["duration_ms"] > 0 for e in posts)
    private = [e["path"] for e in entries if "/registration/" in e["path"]]
    assert all(path.count("…") == 2 for path in private), private[:3]
    assert "burst1@example.jp" not in logs
    assert "負荷" not in logs


def test_healthz_answers_503_within_3_seconds_without_the_database_and_recovers(stack):
    stack.postgres.stop()
    try:
        for index in (0, 1):
            started = time.monotonic()
            answer = stack.client(index).get("/healthz", timeout=10)
            assert answer.status_code == 503
            assert time.monotonic() - started < 3
            assert answer.json()["database"] is False
    finally:
        stack.postgres.start()
    for index in (0, 1):
        wait_for(
            lambda index=index: stack.client(index).get("/healthz").status_code == 200,
            30,
            what="the site to recover",
        )
