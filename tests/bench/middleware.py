"""Outermost middleware of the bench server: how long the whole stack took and how many
queries it made, in response headers the load generator reads (X-Bench-Ms, X-Bench-Queries)."""

import time

from django.db import connection


def server_figures(get_response):
    def middleware(request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = get_response(request)
        response["X-Bench-Ms"] = f"{(time.perf_counter() - started) * 1000:.2f}"
        response["X-Bench-Queries"] = str(queries)
        return response

    return middleware
