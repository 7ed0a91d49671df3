"""Personal-data requests received at the desk (開示・訂正・利用停止・消去の請求): recorded open
when they come in (at the counter, by phone, by post or through the website), due two weeks
later, then closed as done or declined. The officer sees the open ones on the dashboard.

Only those who handle data requests on a platform (the data-protection role, the superuser)
see or change that platform's requests: `handling_platforms`."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.errors import Refusal
from cms.core.models import Platform
from cms.people.models import DataRequest

PERMISSION = "handle_data_requests"


class DataRequestError(Refusal):
    messages = {
        "closed": _("This request was already closed."),
        "due_before_received": _("The due date cannot be before the day it was received."),
        "not_yours": _("This request belongs to a platform you do not handle requests for."),
    }
    fields = {"due_before_received": "due_on"}


def handling_platforms(user):
    """The platforms whose personal-data requests `user` handles: every one for a superuser,
    else those where a role of theirs carries the permission (not merely any role)."""
    if not user.is_authenticated:
        return Platform.objects.none()
    if user.is_superuser:
        return Platform.objects.all()
    return Platform.objects.filter(
        roles__group__user=user,
        roles__group__permissions__codename=PERMISSION,
        roles__group__permissions__content_type__app_label="people",
    ).distinct()


def open_requests(platforms):
    """The open requests of `platforms`, the oldest due first."""
    return (
        DataRequest.objects.filter(platform__in=platforms, state=DataRequest.State.OPEN)
        .select_related("platform")
        .order_by("due_on", "received_on", "pk")
    )


def open_counts(platforms, today=None):
    """(open, overdue) for `platforms` in one query: overdue when the due day (Tokyo) has
    passed; a request due today is not overdue yet."""
    today = today or timezone.localdate()
    row = DataRequest.objects.filter(
        platform__in=platforms, state=DataRequest.State.OPEN
    ).aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    return row["open"], row["overdue"]


@transaction.atomic
def receive_data_request(platform, *, kind, channel, received_on=None, due_on=None, note=""):
    """A request that came in and is to be answered: open, due DUE_DAYS after it came."""
    received_on = received_on or timezone.localdate()
    due_on = due_on or received_on + timedelta(days=DataRequest.DUE_DAYS)
    if due_on < received_on:
        raise DataRequestError("due_before_received")
    return DataRequest.objects.create(
        platform=platform,
        kind=kind,
        channel=channel,
        received_on=received_on,
        due_on=due_on,
        note=note.strip(),
        state=DataRequest.State.OPEN,
    )


@transaction.atomic
def close_data_request(request_pk, state, user, platforms):
    """Close an open request of one of `platforms` as done or declined, by `user`, now."""
    if state not in (DataRequest.State.DONE, DataRequest.State.DECLINED):
        raise ValueError(state)
    found = DataRequest.objects.select_for_update().filter(pk=request_pk).first()
    if found is None or not platforms.filter(pk=found.platform_id).exists():
        raise DataRequestError("not_yours")
    if found.state != DataRequest.State.OPEN:
        raise DataRequestError("closed")
    found.state = state
    found.handled_by = user
    found.handled_at = timezone.now()
    found.save(update_fields=["state", "handled_by", "handled_at"])
    return found
