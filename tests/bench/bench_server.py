"""`make bench`: one table of figures through gunicorn (2 sync workers on 127.0.0.1) on the
scale data set — server time, queries and requests per second for the public pages and the
admin's registration list of a 1,000-person event, against the floor (a minimal Django view
behind the same gunicorn and middleware), `/calendar.ics` against icalendar's bare
serialisation, a 304 on the feed, and on PostgreSQL the registration burst. Every row is
measured twice, through a gunicorn with the whole-page cache off (PAGE_CACHE=0) and one with
it on (PAGE_CACHE=1), each against its own floor, with how far each page is from the issue's
targets. Prints the table and writes it to tests/bench/results/ beside the previous run's,
with the change. Figures, never a failure on time; it fails only on wrong answers (errors,
seats not filled exactly). A database that holds the scale data set at BENCH_SCALE already
is reused, not built again.

BENCH_DATABASE_URL: the database to build the scale data set in and measure (default: a
SQLite file in tests/bench/results/; PostgreSQL: postgres://…/tsunagu_bench). BENCH_SCALE:
the scale data set's size (default 1, the full set; 0.1 builds a tenth). BENCH_SECONDS: how
long each load run lasts (default 5); BENCH_CLIENTS: concurrent clients (default 8)."""

import datetime
import json
import os
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
# The two runs of every row: the PAGE_CACHE environment of their gunicorn.
MODES = {"uncached": "0", "cached": "1"}


def loaded():
    """Whether the database holds the scale data set at SCALE already. load_scale writes
    it in one transaction, so its events at the full count mean the whole set (and another
    count a set of another size, which load_scale refuses to change)."""
    answer = manage(
        DATABASE_URL,
        "shell",
        "-c",
        "from events.models import EventPage; from events.scale import EVENTS; "
        "print(EventPage.objects.filter(slug__startswith='scale-event-', "
        f"locale__language_code='ja').count() == max(1, round(EVENTS * {float(SCALE)!r})))",
    )
    return answer.split()[-1] == "True"


def prepare():
    """Migrate, and build the scale data set unless the database holds it already: the full
    set takes minutes, and a second bench on the same database reuses it."""
    started = time.perf_counter()
    manage(DATABASE_URL, "migrate", "--noinput", "-v0")
    if loaded():
        print(f"\nscale data set (--scale {SCALE}) already in the database")
    else:
        manage(DATABASE_URL, "load_scale", "--scale", SCALE)
        print(f"\nscale data set (--scale {SCALE}) built in {time.perf_counter() - started:.0f} s")
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
    # The registration form carries no CSRF token (its page is cached, cms/core/origin.py):
    # a browser's POST names this site as its Origin.
    headers = {
        "Origin": f"http://127.0.0.1:{port}",
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
                    "name": f"参加者{n}",
                    "email": f"burst{n}@example.invalid",
                    "companions": "0",
                    "language": "ja",
                    "quota": str(burst["quota"]),
                    "consent": "on",
                    # Unique to this burst: a reused database holds earlier bursts' keys,
                    # and a key sent before returns the registration it made.
                    "submission_key": f"bench-burst-{burst['pk']}-{n}",
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
        f"{confirmed} confirmed; client-side times; answers {statuses}",
        statuses,
    ), int(confirmed)


# The targets for each page, against the floor of the same server.
UNCACHED_SHARE, UNCACHED_MEDIAN_MS, CACHED_SHARE = 5.0, 25.0, 50.0


def _share(figures, floor):
    return 100 * figures.rps / floor.rps if figures and figures.rps and floor.rps else None


def _to_target(uncached, cached, floors):
    """How far a row is from its targets, in figures (positive: better than the target)."""
    parts = []
    if (share := _share(uncached, floors["uncached"])) is not None:
        parts.append(f"uncached req/s {share - UNCACHED_SHARE:+.1f} pts")
    if uncached and uncached.server_median:
        parts.append(f"median {UNCACHED_MEDIAN_MS - uncached.server_median:+.1f} ms")
    if (share := _share(cached, floors["cached"])) is not None:
        parts.append(f"cached req/s {share - CACHED_SHARE:+.1f} pts")
    return "; ".join(parts)


def _cells(figures, floor, previous):
    if figures is None:
        return ["", "", "", "", "", "", ""]
    share = _share(figures, floor)
    change = (
        f"{100 * (figures.rps - previous) / previous:+.0f} %" if previous and figures.rps else ""
    )
    return [
        f"{figures.server_median:.1f}" if figures.server_median else "",
        f"{figures.server_p95:.1f}" if figures.server_p95 else "",
        "" if figures.queries is None else str(figures.queries),
        f"{figures.rps:.0f}" if figures.rps else "",
        "" if share is None else f"{share:.1f} %",
        f"{figures.latency_p95:.0f}" if figures.latency_p95 else "",
        change,
    ]


def table(rows, floors, previous, targets):
    """rows: (name, {"uncached": Figures, "cached": Figures}, note); a row measured once
    (the generator's ceiling, the burst) has one of them. `targets`: the names of the rows
    the issue's targets apply to (the pages)."""
    columns = "median ms | p95 ms | queries | req/s | % of floor | p95 under load ms | change"
    header = " | ".join(f"{mode}: {c}" for mode in MODES for c in columns.split(" | "))
    lines = [
        f"| what | {header} | errors | to target (+ is better) | note |",
        "|---|" + "---:|" * (2 * 7 + 1) + "---|---|",
    ]
    for name, runs, note in rows:
        before = previous.get(name) or {}
        cells = []
        for mode in MODES:
            cells += _cells(runs.get(mode), floors[mode], before.get(mode))
        errors = sum(f.errors for f in runs.values())
        target = _to_target(runs.get("uncached"), runs.get("cached"), floors)
        lines.append(
            f"| {name} | {' | '.join(cells)} | {errors} | "
            f"{target if name in targets else ''} | {note} |"
        )
    return "\n".join(lines)


def write(text, rows):
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.md").write_text(text)
    (RESULTS / "latest.md").write_text(text)
    rps = {
        name: {mode: figures.rps for mode, figures in runs.items() if figures.rps}
        for name, runs, _note in rows
    }
    (RESULTS / "latest.json").write_text(json.dumps(rps, ensure_ascii=False))
    return RESULTS / f"{stamp}.md"


def read_previous():
    """The previous run's req/s by row and mode; a run from before the cached column (one
    figure a row, no page cache then) counts as uncached."""
    path = RESULTS / "latest.json"
    previous = json.loads(path.read_text()) if path.exists() else {}
    return {
        name: value if isinstance(value, dict) else {"uncached": value}
        for name, value in previous.items()
    }


def server_run(mode, facts):
    """Every row through one gunicorn, with the page cache off or on (PAGE_CACHE)."""
    figures = {}
    with gunicorn(DATABASE_URL, env={"PAGE_CACHE": MODES[mode]}) as port:
        for row in calendar_rows(port, facts):  # first, so that "cold" is a worker's first
            figures[row.name] = row
        figures["floor: minimal Django view"] = measure(port, "floor", "/bench/floor/")
        for name, path in facts["urls"].items():
            headers = {"Cookie": facts["admin_cookie"]} if path.startswith("/admin/") else None
            figures[name] = measure(port, name, path, headers)
        if mode == "cached" and ON_POSTGRES:
            figures["burst"] = burst_row(port, facts["burst"])
    return figures


def test_bench_table():
    previous = read_previous()
    facts = prepare()
    with static_server() as port:
        ceiling = hammer(port, "/", clients=CLIENTS, seconds=SECONDS)
    runs = {mode: server_run(mode, facts) for mode in MODES}
    floors = {mode: runs[mode]["floor: minimal Django view"] for mode in MODES}
    generator = Figures("ceiling", rps=ceiling[0], latency_p95=ceiling[1], errors=ceiling[2])
    names = [
        "floor: minimal Django view",
        *facts["urls"],
        *(n for n in runs["cached"] if "calendar" in n),
    ]
    rows = [
        (
            "load generator ceiling",
            {"uncached": generator},
            "bare asyncio server: what the generator can drive",
        )
    ]
    for name in names:
        note = ""
        if name.startswith("admin:"):
            note = f"{facts['big_event_registrations']} registrations"
        elif "calendar" in name:
            note = runs["cached"][name].note
        rows.append((name, {mode: runs[mode][name] for mode in MODES if name in runs[mode]}, note))
    confirmed = None
    if ON_POSTGRES:
        burst, confirmed = runs["cached"]["burst"]
        rows.append((burst.name, {"cached": burst}, burst.note))
    else:
        rows.append(("burst", {}, "needs PostgreSQL: BENCH_DATABASE_URL=postgres://…"))
    targets = set(facts["urls"])
    database = "PostgreSQL" if ON_POSTGRES else "SQLite"
    text = (
        f"# Bench {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC\n\n"
        f"{database}, scale data set --scale {SCALE}, gunicorn 2 sync workers, {CLIENTS} "
        f"clients × {SECONDS:g} s per row, {os.cpu_count()} CPUs. Each row twice, through a "
        "gunicorn with the page cache off (PAGE_CACHE=0, uncached) and one with it on "
        "(PAGE_CACHE=1, cached), each against its own floor; the burst with the cache on. "
        "Server times from the X-Bench-Ms header (whole Django stack, one request at a time); "
        "req/s and p95 under load from the client; change: req/s against the previous run. "
        f"Targets for the pages: uncached ≥ {UNCACHED_SHARE:g} % of the floor's req/s and a "
        f"median under {UNCACHED_MEDIAN_MS:g} ms, cached ≥ {CACHED_SHARE:g} % of the floor.\n\n"
        + table(rows, floors, previous, targets)
        + "\n"
    )
    path = write(text, rows)
    print("\n" + text + f"\n(written to {path.relative_to(ROOT)} and latest.md)")
    failures = [
        name for name, runs_of_row, _note in rows if any(f.errors for f in runs_of_row.values())
    ]
    assert not failures, f"errors in: {failures}"
    if confirmed is not None:
        assert confirmed == BURST_SEATS
