"""Run the same function in parallel threads, each with its own database connection, all
starting at once: the harness for the capacity tests on PostgreSQL."""

import threading

from django.db import connections


def run_concurrently(function, count, timeout=60):
    """Call function(i) for i in range(count) in parallel; return (results, errors)."""
    barrier = threading.Barrier(count)
    results = [None] * count
    errors = [None] * count

    def worker(index):
        try:
            barrier.wait(timeout=timeout)
            results[index] = function(index)
        except Exception as exc:  # reported to the test, which decides
            errors[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results, [e for e in errors if e is not None]
