"""django-q2 tasks of the site-wide pieces."""

from cms.core import outbox


def requeue_stalled_mail():
    """Every few minutes (schedule `core.requeue_stalled_mail`): mail whose task was lost."""
    return outbox.requeue_stalled()
