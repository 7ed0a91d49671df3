"""Queue each reminder once. A row that is due a reminder (a registration, a shift sign-up, a
pledge) is claimed by a conditional update of its "reminder queued" time: of two runs of the
schedule at once, or a run retried after a failure, exactly one claims the row and writes its
message to the outbox."""

from django.db import transaction


def queue_once(due, write, *, now, mark="reminder_queued_at", **still):
    """Claim each row of `due` (rows of one model) by setting its `mark` to `now` where it is
    still empty and `still` (further conditions, e.g. the status) still holds, and call
    `write(row)` for each row claimed; each row in its own transaction, so that the rows
    claimed stay claimed with their message. Returns how many messages were written (`write`
    returns None for nobody to write to)."""
    written = 0
    for row in due:
        with transaction.atomic():
            claimed = (
                type(row)
                ._default_manager.filter(pk=row.pk, **{f"{mark}__isnull": True}, **still)
                .update(**{mark: now})
            )
            if claimed and write(row) is not None:
                written += 1
    return written
