"""The bench's tools: a gunicorn server on 127.0.0.1 with the bench settings, and a small load
generator (wrk is not installed and nothing is downloaded at run time): threads, each with
its own HTTP connection, for a fixed time. gunicorn's sync workers close the connection after
each response, so each request opens a new one, as wrk's would against them."""

import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(database_url, extra=None):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "PYTHONPATH": str(ROOT),
        **(extra or {}),
    }


def manage(database_url, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=bench_env(database_url),
        text=True,
        capture_output=True,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def get(port, path, headers=None, method="GET", body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(database_url, workers=2, env=None):
    """gunicorn with `workers` sync workers on a free port of 127.0.0.1, with `env` added to
    the environment; yields the port."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--worker-class=sync",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=bench_env(database_url, env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/healthz")[0].status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("gunicorn did not start (run it by hand to see why)")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextlib.contextmanager
def static_server():
    """The load generator's ceiling: a bare asyncio server in its own process that answers
    every request with the same few bytes and closes, as gunicorn's sync workers do."""
    port = free_port()
    code = (
        "import asyncio\n"
        "async def answer(reader, writer):\n"
        "    while (await reader.readline()) not in (b'\\r\\n', b''):\n"
        "        pass\n"
        "    writer.write(b'HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok')\n"
        "    await writer.drain()\n"
        "    writer.close()\n"
        "async def main():\n"
        f"    server = await asyncio.start_server(answer, '127.0.0.1', {port}, backlog=1024)\n"
        "    await server.serve_forever()\n"
        "asyncio.run(main())\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


@dataclass
class Figures:
    """One row of the table."""

    name: str
    server_median: float = 0.0
    server_p95: float = 0.0
    queries: int | None = None
    rps: float = 0.0
    latency_p95: float = 0.0
    errors: int = 0
    note: str = ""
    statuses: dict = field(default_factory=dict)


def serial(port, path, headers=None, runs=20):
    """Server time (the X-Bench-Ms header: the whole Django stack) and queries, one request at
    a time after one to warm up."""
    get(port, path, headers)
    timings, queries = [], None
    for _ in range(runs):
        response, _body = get(port, path, headers)
        if response.status not in (200, 304):
            raise AssertionError(f"{path}: {response.status}")
        timings.append(float(response.getheader("X-Bench-Ms", "0")))
        queries = int(response.getheader("X-Bench-Queries", "0"))
    return statistics.median(timings), percentile(timings, 0.95), queries


def hammer(port, path, headers=None, *, clients=8, seconds=5.0):
    """Requests per second, p95 latency and errors with `clients` threads for `seconds`."""
    latencies, statuses = [], {}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client():
        mine, seen = [], {}
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                response, _body = get(port, path, headers)
                status = response.status
            except OSError:
                status = "error"
            mine.append((time.perf_counter() - started) * 1000)
            seen[status] = seen.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for status, count in seen.items():
                statuses[status] = statuses.get(status, 0) + count

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    errors = sum(count for status, count in statuses.items() if status not in (200, 304))
    return len(latencies) / elapsed, percentile(latencies, 0.95), errors, statuses
