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

from django.apps import apps as global_apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, Revision
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


# Records a platform's field does not tell where they are shown: a window may be nationwide,
# or have been before the change (post_save sees only the new state). Every platform's pages.
SHARED = {"directory.ConsultationWindow"}


# Records with no platform of their own that belong to one through a relation: the lookup to
# the page or platform they are shown with (seats left on an event, a drive's progress). A
# step that is empty leaves the change to every site.
THROUGH = {
    "events.Registration": "event",
    "events.TrackChoice": "registration__event",
    "fooddrives.Pledge": "drive",
    "fooddrives.PledgeLine": "pledge__drive",
    "people.Consent": "person",
    # A sign-up is private; its public effect is the places left on its platform's shifts.
    "volunteers.ShiftSignup": "shift__opportunity",
    "volunteers.Shift": "opportunity",
    "volunteers.ShiftMessage": "shift__opportunity",
    "volunteers.Volunteer": "person",
}


# Records that only their own platform's pages show (not its prefecture's, nor, for a
# prefecture's, its municipalities': the volunteers' shifts are listed on their platform's
# site alone), and what reaches them through THROUGH: the change moves that site's version.
OWN_SITE = {"volunteers.VolunteerOpportunity", "volunteers.Role"}


def public_model(model):
    # Mail records (the outbox) are read by no page: they are sent, and listed for staff.
    return model._meta.label not in EXCLUDED and not issubclass(model, OutboxMessage)


def on_write(sender, action="post_", instance=None, **kwargs):
    # m2m_changed comes before (pre_) and after (post_) each change: after is enough.
    if not action.startswith("post_"):
        return
    if sender._meta.apps is not global_apps:
        # A data migration's historical model: the tables may not yet hold the columns that
        # finding the sites it shows on would read (the platform map). Every site's version
        # moves, as for any change whose sites are not known.
        freshness.changed()
    elif public_model(sender):
        changed(instance)


def changed(instance):
    """The change of `instance`, for the sites that show it (cms/core/freshness.py): a page's
    by its tree, a record's by its `platform`; every site's for the rest."""
    if isinstance(instance, Revision):
        instance = _revised(instance)
    elif instance is not None and instance._meta.label in THROUGH:
        instance = _through(instance, THROUGH[instance._meta.label])
    if instance is None or instance._meta.label in SHARED:
        freshness.changed()
    elif isinstance(instance, Page):
        freshness.changed(page=instance)
    elif hasattr(instance, "platform_id"):
        freshness.changed(record=instance, own_site=instance._meta.label in OWN_SITE)
    else:
        freshness.changed()


def _through(record, path):
    for name in path.split("__"):
        try:
            record = getattr(record, name)
        except ObjectDoesNotExist:
            return None
        if record is None:
            return None
    return record


def _revised(revision):
    """What a revision is of (a page with its path, or a record), or None when gone."""
    if revision.base_content_type_id == ContentType.objects.get_for_model(Page).pk:
        return Page.objects.filter(pk=revision.object_id).only("path", "depth").first()
    try:
        return revision.content_object
    except (AttributeError, ObjectDoesNotExist):
        return None


def on_page_change(sender, instance=None, **kwargs):
    # A move may take a page from one platform's tree to another's: every site's.
    if "url_path_before" in kwargs:
        freshness.changed()
    else:
        changed(instance)


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(on_write, dispatch_uid="freshness")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(on_page_change, dispatch_uid="freshness")
