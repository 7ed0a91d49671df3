"""What moves the version of what the public sees (cms/core/freshness.py): every write of a
model, unless the model is one that no public page or feed shows.

A default that covers, rather than a list of what pages show: a page shows its own content,
snippets (consultation windows), site settings, and figures from rows of other models (seats
left, waitlists, food-item progress, shift places), and a forgotten model would leave a stale
page, whereas a model wrongly covered only costs one render per write. Wagtail's signals for
publishing, unpublishing and moving pages are wired too: a move rewrites the paths of a whole
subtree with one UPDATE. Writes that send no signal (`QuerySet.update`, `bulk_create`) call
`freshness.changed()` in the service that makes them.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core import freshness
from cms.core.outbox import OutboxMessage

# Models no public output shows, and whose writes are frequent or happen while a public page
# renders (which would make that page miss every time):
EXCLUDED = {
    # who is logged in, and what the admin records of its own use
    "sessions.Session",
    "admin.LogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry",
    "wagtail_localize.TranslationLog",
    "wagtailusers.UserProfile",
    "wagtailadmin.EditingSession",
    "core.ExportLog",
    "core.PlatformRole",
    # failed logins (django-axes)
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    # the task queue and its results
    "django_q.Task",
    "django_q.Success",
    "django_q.Failure",
    "django_q.Schedule",
    "django_q.OrmQ",
    # made while a page renders, from what the page already is: image sizes, embeds
    "wagtailimages.Rendition",
    "wagtailembeds.Embed",
    # private links: the pages they open are never cached (cms/core/private.py)
    "people.AccessToken",
}


def public_model(model):
    # Mail records (the outbox) are read by no page: they are sent, and listed for staff.
    return model._meta.label not in EXCLUDED and not issubclass(model, OutboxMessage)


def on_write(sender, action="post_", **kwargs):
    # m2m_changed comes before (pre_) and after (post_) each change: after is enough.
    if action.startswith("post_") and public_model(sender):
        freshness.changed()


def on_page_change(sender, **kwargs):
    freshness.changed()


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(on_write, dispatch_uid="freshness")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(on_page_change, dispatch_uid="freshness")
