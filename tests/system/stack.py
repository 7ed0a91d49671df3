"""The pieces of the production system test: real processes on 127.0.0.1 (a PostgreSQL cluster of
its own, Redis, an S3 API server, an SMTP server, gunicorn, the django-q2 worker), the README's
Production steps read from the README itself, and an HTTP client that talks to gunicorn the way
the TLS-terminating proxy in front of it would."""

import contextlib
import glob
import html.parser
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout, interval=0.2, what="condition"):
    """Poll `condition` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def wait_for_port(port, timeout=60, process=None):
    def listening():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{process.name} exited:\n{process.log()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    wait_for(listening, timeout, what=f"a server on port {port}")


class Process:
    """A long-running process in its own process group, its output in a log file."""

    def __init__(self, name, args, *, env=None, cwd=None, log_dir):
        self.name, self.args, self.env, self.cwd = name, args, env, cwd
        self.log_path = Path(log_dir) / f"{name}.log"
        self.popen = None

    def start(self):
        log = self.log_path.open("ab")
        self.popen = subprocess.Popen(
            self.args,
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        return self

    def poll(self):
        return self.popen.poll()

    def _signal_group(self, sig):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def kill(self):
        """SIGKILL the whole group at once, as a crash or an OOM kill would."""
        self._signal_group(signal.SIGKILL)
        self.popen.wait(10)

    def stop(self, timeout=15):
        if self.popen is None or self.popen.poll() is not None:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class PostgresCluster:
    """A PostgreSQL server of the test's own (Debian's binaries), so that the test can stop and
    start it without touching the server other tests use."""

    def __init__(self):
        initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        self.bindir = Path(initdb[-1]).parent
        self.port = free_port()
        # PostgreSQL refuses to run as root: as root, run it as the postgres user, in a folder
        # that user can reach (pytest's own temporary folders are private to root).
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.folder = Path(tempfile.mkdtemp(prefix="tsunagu-pg-"))
        self.folder.chmod(0o755)
        self.data = self.folder / "data"
        self.log_file = self.folder / "postgresql.log"
        if self.as_user:
            shutil.chown(self.folder, "postgres")

    @staticmethod
    def available():
        return bool(glob.glob("/usr/lib/postgresql/*/bin/initdb")) and (
            os.geteuid() != 0 or shutil.which("runuser") is not None
        )

    def _run(self, *args):
        done = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = self.log_file.read_text() if self.log_file.exists() else ""
            raise AssertionError(f"{args}: {done.stdout}{done.stderr}{log[-2000:]}")

    def init(self):
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "--encoding=UTF8", "--no-sync",
        )  # fmt: skip
        return self

    def start(self):
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c max_connections=200"
        )
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_file),
            "-o", options, "-w", "start",
        )  # fmt: skip

    def stop(self):
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def createdb(self, name):
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name],
            check=True,
            capture_output=True,
        )

    def destroy(self):
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def production_steps(readme=ROOT / "README.md"):
    """The commands of the README's Production section, continuation lines joined, comments
    dropped: what a city's IT department types, and what this test runs."""
    section = readme.read_text(encoding="utf-8").split("\n## Production\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("\n```", 1)[0]
    commands = []
    for line in block.replace("\\\n", " ").splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()
        if line and not line.startswith("#"):
            commands.append(line)
    return commands


def exported_names(command):
    """The variables an `export A=1 B=2` command sets."""
    return [word.split("=", 1)[0] for word in shlex.split(command)[1:]]


def source_copy(destination):
    """A clean checkout of the code under test: the files git tracks (and new ones it does not
    ignore) as they are in the working tree, without build products or local state."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def python():
    return sys.executable


class Client(requests.Session):
    """Talks to gunicorn as the proxy in front of it does: every request says it came over
    HTTPS (X-Forwarded-Proto), so production's HTTPS redirect and secure cookies stay on, and
    POSTs carry the Referer Django's CSRF check wants on HTTPS."""

    def __init__(self, port, host=None):
        super().__init__()
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.headers["X-Forwarded-Proto"] = "https"
        # Another platform's host name (nagano.localhost), as its visitors' browsers send it.
        self.host = host or "127.0.0.1"
        if host is not None:
            self.headers["Host"] = f"{host}:{port}"

    def request(self, method, url, **kwargs):
        if not url.startswith("http"):
            url = self.base + url
        path = urlsplit(url).path
        headers = kwargs.pop("headers", None) or {}
        if method.upper() == "POST":
            headers.setdefault("Referer", f"https://{self.host}:{self.port}{path}")
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 30)
        # The cookies are Secure (production settings) and this hop is plain HTTP, as behind
        # the proxy: hand them over anyway.
        for cookie in self.cookies:
            cookie.secure = False
        return super().request(method, url, headers=headers, **kwargs)

    def follow(self, response):
        """The page a redirect points to (its https:// address mapped back to this server)."""
        location = urljoin(f"https://127.0.0.1:{self.port}/", response.headers["Location"])
        return self.get(
            urlsplit(location).path
            + ("?" + urlsplit(location).query if urlsplit(location).query else "")
        )

    def submit(self, form, **values):
        data = {**form["fields"], **values}
        data = {name: value for name, value in data.items() if value is not None}
        return self.post(form["action"] or "", data=data, files=form.get("files"))

    def login(self, username, password):
        page = self.get("/admin/login/")
        form = find_form(page.text, "username")
        answer = self.submit(form, username=username, password=password)
        assert answer.status_code == 302, answer.text[:2000]


class _FormParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": attrs.get("action"), "method": attrs.get("method", "get"), "fields": {}}
            )
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs or (kind == "radio" and name not in fields):
                    fields[name] = attrs.get("value", "on")
                else:
                    fields.setdefault(name, None)
            elif kind not in ("submit", "button", "file"):
                fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, None)
        elif tag == "option" and self._select:
            if fields.get(self._select) is None or "selected" in attrs:
                fields[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def find_form(page_html, field_name):
    """The first form of the page with a field of that name."""
    parser = _FormParser()
    parser.feed(page_html)
    for form in parser.forms:
        if field_name in form["fields"]:
            return form
    raise AssertionError(f"no form with a field {field_name!r} on the page")
