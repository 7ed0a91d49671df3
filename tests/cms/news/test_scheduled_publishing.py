import datetime

from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from cms.news.models import NewsPage
from cms.news.tasks import SCHEDULE_NAME


def test_a_schedule_runs_publish_scheduled_every_minute(db):
    schedule = Schedule.objects.get(name=SCHEDULE_NAME)
    assert schedule.func == "cms.news.tasks.publish_scheduled"
    assert schedule.schedule_type == Schedule.MINUTES
    assert schedule.minutes == 1
    assert schedule.repeats < 0


def test_a_page_whose_go_live_time_has_passed_is_published_by_the_task(add_news):
    page = add_news("予約投稿", datetime.date(2026, 5, 1), live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    assert page.has_unpublished_changes
    # an hour passes: move the go-live time back rather than wait
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])

    schedule = Schedule.objects.get(name=SCHEDULE_NAME)
    async_task(schedule.func)

    page = NewsPage.objects.get(pk=page.pk)
    assert page.live
    assert page in NewsPage.objects.live()
