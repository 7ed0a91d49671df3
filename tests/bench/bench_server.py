"""`make bench`: one table of figures through gunicorn (2 sync workers on 127.0.0.1) on the
scale data set — server time, queries and requests per second for the public pages and the
admin's registration list of a 1,000-person event, against the floor (a minimal Django view
behind the same gunicorn and middleware), `/calendar.ics` against icalendar's bare
serialisation, a 304 on the feed, and on PostgreSQL the registration burst. Prints the table
and writes it to tests/bench/results/ beside the previous run's, with the change. Figures,
never a failure on time; it fails only on wrong answers (errors, seats not filled exactly).

BENCH_DATABASE_URL: the database to build the scale data set in and measure (default: a
SQLite file in tests/bench/results/; PostgreSQL: postgres://…/tsunagu_bench). BENCH_SCALE:
the scale data set's size (default 1, the full set; 0.1 builds a tenth). BENCH_SECONDS: how
long each load run lasts (default 5); BENCH_CLIENTS: concurrent clients (default 8)."""

import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from tests.bench.load import (
    ROOT,
    Figures,
    bench_env,
    get,
    gunicorn,
    hammer,
    manage,
    percentile,
    serial,
    static_server,
)

RESULTS = Path(__file__).parent / "results"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{RESULTS / 'bench.sqlite3'}")
SCALE = os.environ.get("BENCH_SCALE", "1")
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
ON_POSTGRES = DATABASE_URL.startswith("postgres")
BURST_ATTEMPTS, BURST_SEATS, BURST_CLIENTS = 500, 100, 50


def prepare():
    started = time.perf_counter()
    manage(DATABASE_URL, "migrate", "--noinput", "-v0")
    manage(DATABASE_URL, "load_scale", "--scale", SCALE)
    print(f"\nscale data set (--scale {SCALE}) ready in {time.perf_counter() - started:.0f} s")
    args = [sys.executable, "-m", "tests.bench.prepare"] + (["--burst"] if ON_POSTGRES else [])
    output = subprocess.run(
        args, cwd=ROOT, env=bench_env(DATABASE_URL), check=True, text=True, capture_output=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(port, name, path, headers=None, note=""):
    median, p95, queries = serial(port, path, headers)
    rps, latency_p95, errors, statuses = hammer(
        port, path, headers, clients=CLIENTS, seconds=SECONDS
    )
    return Figures(name, median, p95, queries, rps, latency_p95, errors, note, statuses)


def calendar_rows(port, facts):
    floor = facts["ical_floor_ms"]
    response, _body = get(port, "/calendar.ics")
    cold = float(response.getheader("X-Bench-Ms"))
    cold_queries = int(response.getheader("X-Bench-Queries"))
    etag = response.getheader("ETag")
    sessions = facts["ical_sessions"]
    warm = measure(port, "/calendar.ics warm", "/calendar.ics")
    warm.note = f"{warm.server_median / floor:.2f}× icalendar's {floor:.0f} ms"
    rows = [
        Figures(
            "/calendar.ics cold",
            cold,
            cold,
            cold_queries,
            note=f"{sessions} sessions; {cold / floor:.2f}× icalendar's {floor:.0f} ms",
        ),
        warm,
    ]
    if etag:
        rows.append(
            measure(port, "/calendar.ics 304", "/calendar.ics", {"If-None-Match": etag}, "ETag")
        )
    return rows


def burst_row(port, burst):
    """500 attempts at once (50 clients) for an event of 100 seats through gunicorn."""
    response, body = get(port, burst["url"])
    page = body.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = "; ".join(
        part.split(";")[0] for name, part in response.getheaders() if name.lower() == "set-cookie"
    )
    headers = {
        "Cookie": cookie,
        "Referer": f"http://127.0.0.1:{port}{burst['url']}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    latencies, statuses, lock = [], {}, threading.Lock()
    numbers = iter(range(BURST_ATTEMPTS))

    def client():
        while True:
            with lock:
                n = next(numbers, None)
            if n is None:
                return
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": csrf,
                    "name": f"参加者{n}",
                    "email": f"burst{n}@example.invalid",
                    "companions": "0",
                    "language": "ja",
                    "quota": str(burst["quota"]),
                    "consent": "on",
                    "submission_key": f"bench-burst-{n}",
                }
            )
            started = time.perf_counter()
            try:
                status = get(port, burst["url"], headers, "POST", body)[0].status
            except OSError:
                status = "error"
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(BURST_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    confirmed = manage(
        DATABASE_URL,
        "shell",
        "-c",
        "from events.models import Registration; print(Registration.objects.filter("
        f"event_id={burst['pk']}, status='confirmed').count())",
    ).split()[-1]
    errors = sum(c for s, c in statuses.items() if s not in (200, 302))
    return Figures(
        f"burst: {BURST_ATTEMPTS} for {BURST_SEATS} seats",
        statistics.median(latencies),
        percentile(latencies, 0.95),
        None,
        BURST_ATTEMPTS / elapsed,
        percentile(latencies, 0.95),
        errors,
        f"{confirmed} confirmed; client-side times",
        statuses,
    ), int(confirmed)


def table(rows, floor_rps, previous):
    lines = [
        "| what | server median ms | server p95 ms | queries | req/s | % of floor | "
        "p95 under load ms | errors | change in req/s | note |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        share = f"{100 * row.rps / floor_rps:.1f} %" if row.rps and floor_rps else ""
        before = previous.get(row.name)
        change = f"{100 * (row.rps - before) / before:+.0f} %" if before and row.rps else ""
        lines.append(
            f"| {row.name} | {row.server_median:.1f} | {row.server_p95:.1f} | "
            f"{'' if row.queries is None else row.queries} | "
            f"{row.rps:.0f} | {share} | {row.latency_p95:.0f} | {row.errors} | {change} | "
            f"{row.note} |"
        )
    return "\n".join(lines)


def write(text, rows):
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.md").write_text(text)
    (RESULTS / "latest.md").write_text(text)
    (RESULTS / "latest.json").write_text(
        json.dumps({row.name: row.rps for row in rows if row.rps}, ensure_ascii=False)
    )
    return RESULTS / f"{stamp}.md"


def test_bench_table():
    previous_file = RESULTS / "latest.json"
    previous = json.loads(previous_file.read_text()) if previous_file.exists() else {}
    facts = prepare()
    rows = []
    with static_server() as port:
        ceiling = hammer(port, "/", clients=CLIENTS, seconds=SECONDS)
    rows.append(
        Figures(
            "load generator ceiling",
            rps=ceiling[0],
            latency_p95=ceiling[1],
            errors=ceiling[2],
            note="bare asyncio server: what the generator can drive",
        )
    )
    with gunicorn(DATABASE_URL) as port:
        calendar = calendar_rows(port, facts)  # first, so that "cold" is a worker's first
        floor = measure(port, "floor: minimal Django view", "/bench/floor/")
        rows.append(floor)
        for name, path in facts["urls"].items():
            headers = {"Cookie": facts["admin_cookie"]} if path.startswith("/admin/") else None
            note = f"{facts['big_event_registrations']} registrations" if headers else ""
            rows.append(measure(port, name, path, headers, note))
        rows.extend(calendar)
        confirmed = None
        if ON_POSTGRES:
            burst, confirmed = burst_row(port, facts["burst"])
            rows.append(burst)
        else:
            rows.append(Figures("burst", note="needs PostgreSQL: BENCH_DATABASE_URL=postgres://…"))
    database = "PostgreSQL" if ON_POSTGRES else "SQLite"
    text = (
        f"# Bench {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC\n\n"
        f"{database}, scale data set --scale {SCALE}, gunicorn 2 sync workers, {CLIENTS} "
        f"clients × {SECONDS:g} s per row, {os.cpu_count()} CPUs. Server times from the "
        "X-Bench-Ms header (whole Django stack, one request at a time); req/s and p95 under "
        "load from the client.\n\n" + table(rows, floor.rps, previous) + "\n"
    )
    path = write(text, rows)
    print("\n" + text + f"\n(written to {path.relative_to(ROOT)} and latest.md)")
    failures = [row.name for row in rows if row.errors]
    assert not failures, f"errors in: {failures}"
    if confirmed is not None:
        assert confirmed == BURST_SEATS
