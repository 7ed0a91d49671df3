"""Search latency and the ibasho list's render time with 10,000 ibasho and 10,000 other search
entries (news-sized texts). Prints figures; never fails on time. `BENCH_ITEMS` changes the size."""

import datetime as dt
import os
import random
import statistics
import time
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.directory.ibasho.models import IbashoPage, IbashoScheduleRule
from cms.search.models import SearchEntry
from cms.search.text import normalise_for_search
from tests.cms.navigator.factories import ibasho_index
from tests.conftest import on_postgres

ITEMS = int(os.environ.get("BENCH_ITEMS", "10000"))
AREAS = [
    "飯山地区",
    "秋津地区",
    "木島地区",
    "常盤地区",
    "外様地区",
    "瑞穂地区",
    "太田地区",
    "柳原地区",
]
WORDS = [
    "子ども食堂",
    "サロン",
    "通いの場",
    "学習支援",
    "オレンジカフェ",
    "だれでも食堂",
    "見守り",
    "相談会",
]
SENTENCES = [
    "地域の{w}を毎月開催しています。",
    "{a}の公民館で{w}の参加者を募集します。",
    "ボランティアの皆さんと{w}の準備をしました。",
    "高齢の方も子育て中の方も、{w}にお気軽にどうぞ。",
]


def _bulk_ibasho(index, count, rng):
    """Pages inserted directly (treebeard paths computed here): adding 10,000 pages one by
    one through Wagtail would take the benchmark's whole time."""
    content_type = ContentType.objects.get_for_model(IbashoPage)
    start = index.numchild
    pages = []
    for number in range(count):
        slug = f"bench-{number}"
        pages.append(
            Page(
                title=f"{rng.choice(AREAS)}{rng.choice(WORDS)}{number}",
                draft_title=slug,
                slug=slug,
                content_type=content_type,
                path=Page._get_path(index.path, index.depth + 1, start + number + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
            )
        )
    Page.objects.bulk_create(pages, batch_size=500)
    Page.objects.filter(pk=index.pk).update(numchild=start + count)
    created = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
    created = created.filter(slug__startswith="bench-")
    for page in created:
        IbashoPage(
            page_ptr_id=page.pk,
            title=page.title,
            slug=page.slug,
            path=page.path,
            depth=page.depth,
            content_type=content_type,
            locale_id=page.locale_id,
            translation_key=page.translation_key,
            name_kana="べんち",
            kind=rng.choice(IbashoPage.Kind.values),
            area=rng.choice(AREAS),
            is_free=rng.random() < 0.7,
            fee=None,
            fee_note="材料費",
        ).save_base(raw=True)
    IbashoScheduleRule.objects.bulk_create(
        [
            IbashoScheduleRule(
                page_id=page.pk,
                weekday=rng.randrange(7),
                weeks=rng.choice(["", "2,4", "L", "1"]),
                start_time=dt.time(10),
                end_time=dt.time(12),
            )
            for page in created
        ],
        batch_size=1000,
    )


def _bulk_entries(count, rng, locale_id):
    content_type = ContentType.objects.get_for_model(Page)
    entries = []
    for number in range(count):
        title = f"お知らせ{number} {rng.choice(WORDS)}"
        body = "".join(
            rng.choice(SENTENCES).format(w=rng.choice(WORDS), a=rng.choice(AREAS)) for _ in range(8)
        )
        entries.append(
            SearchEntry(
                content_type=content_type,
                object_id=10_000_000 + number,
                locale_id=locale_id,
                kind="news",
                title=title,
                body=body,
                url=f"/ja/news/{number}/",
                title_norm=normalise_for_search(title),
                body_norm=normalise_for_search(body),
            )
        )
    SearchEntry.objects.bulk_create(entries, batch_size=1000)


def _time(client, url, params, runs=20):
    client.get(url, params)
    timings = []
    for _ in range(runs):
        begin = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    return statistics.median(timings), sorted(timings)[int(runs * 0.95) - 1], len(queries)


@pytest.fixture
def big_site(db):
    rng = random.Random(4)
    index = ibasho_index()
    with transaction.atomic():
        _bulk_ibasho(index, ITEMS, rng)
        _bulk_entries(ITEMS, rng, index.locale_id)
    if on_postgres():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE site_search_searchentry")
    return index


def test_search_and_ibasho_list_with_many_items(client, big_site):
    database = "PostgreSQL" if on_postgres() else "SQLite"
    print(f"\n{database}: {ITEMS} ibasho pages, {ITEMS} other search entries")
    for params in [{}, {"soon": "on"}, {"area": "木島地区", "free": "on"}, {"day": "5"}]:
        median, p95, queries = _time(client, "/ja/ibasho/", params, runs=5)
        label = "&".join(f"{k}={v}" for k, v in params.items()) or "(no filter)"
        print(
            f"  ibasho list {label:<26} median {median:7.1f} ms  p95 {p95:7.1f} ms  queries {queries}"
        )
    for query in ["子ども食堂", "コドモ", "オレンジカフェ 木島", "見つからない言葉"]:
        median, p95, queries = _time(client, "/ja/search/", {"q": query})
        print(f"  search {query:<20} median {median:7.1f} ms  p95 {p95:7.1f} ms  queries {queries}")
    if on_postgres():
        # A word in most rows is read by a sequential scan (the planner is right to); a rare
        # one goes through the trigram index.
        for word in ["おれんじかふぇ", "みつからないことば"]:
            with connection.cursor() as cursor:
                cursor.execute(
                    "EXPLAIN SELECT id FROM site_search_searchentry WHERE body_norm LIKE %s",
                    [f"%{word}%"],
                )
                plan = " / ".join(row[0].strip() for row in cursor.fetchall()[:3])
            print(f"  plan for LIKE '%{word}%': {plan}")
